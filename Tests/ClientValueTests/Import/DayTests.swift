import Foundation
import Testing
import ClientValue

// Reference day numbers were computed independently with Python's datetime, e.g.
//   python3 -c "import datetime as d; print((d.date(2024,3,5) - d.date(1970,1,1)).days)"   # 19787
// Days outside Python's range (years ≤ 0, ≥ 10000) were worked out by hand from 0001-01-01
// (-719162) and the 366 days of the leap year 0.

@Suite("Day")
struct DayTests {
    struct Known: CustomTestStringConvertible, Sendable {
        var year: Int, month: Int, day: Int
        var days: Int32
        var text: String
        var testDescription: String { text }
    }

    static let known: [Known] = [
        Known(year: 1970, month: 1, day: 1, days: 0, text: "1970-01-01"),
        Known(year: 1969, month: 12, day: 31, days: -1, text: "1969-12-31"),
        Known(year: 2024, month: 3, day: 5, days: 19787, text: "2024-03-05"),
        Known(year: 2024, month: 2, day: 29, days: 19782, text: "2024-02-29"),
        Known(year: 2000, month: 2, day: 29, days: 11016, text: "2000-02-29"),
        Known(year: 1900, month: 3, day: 1, days: -25508, text: "1900-03-01"),
        Known(year: 1600, month: 2, day: 29, days: -135_081, text: "1600-02-29"),
        Known(year: 2023, month: 3, day: 1, days: 19417, text: "2023-03-01"),
        Known(year: 2100, month: 2, day: 28, days: 47540, text: "2100-02-28"),
        Known(year: 1, month: 1, day: 1, days: -719_162, text: "0001-01-01"),
        Known(year: 9999, month: 12, day: 31, days: 2_932_896, text: "9999-12-31"),
    ]

    @Test("calendar fields, day numbers and ISO text agree", arguments: known)
    func knownDays(_ k: Known) throws {
        let day = try #require(Day(year: k.year, month: k.month, day: k.day))
        #expect(day.daysSince1970 == k.days)
        #expect(day.description == k.text)
        let back = Day(daysSince1970: k.days)
        #expect(back.year == k.year)
        #expect(back.month == k.month)
        #expect(back.day == k.day)
    }

    @Test("invalid calendar fields give nil", arguments: [
        (2023, 2, 29), (2024, 2, 30), (2100, 2, 29), (1900, 2, 29), (2024, 4, 31), (2024, 13, 1),
        (2024, 0, 1), (2024, 1, 0), (2024, 1, 32), (0, 1, 1), (10000, 1, 1), (-1, 6, 1),
    ])
    func invalid(_ fields: (Int, Int, Int)) {
        #expect(Day(year: fields.0, month: fields.1, day: fields.2) == nil)
    }

    @Test("leap years follow the Gregorian rule", arguments: [
        (1600, true), (1700, false), (1900, false), (2000, true), (2023, false), (2024, true), (2100, false), (4, true),
    ])
    func leapYears(_ year: Int, _ leap: Bool) {
        #expect((Day(year: year, month: 2, day: 29) != nil) == leap)
        #expect(Day(year: year, month: 2, day: 28) != nil)
    }

    @Test("adding days, differences and order")
    func arithmetic() throws {
        let start = try #require(Day(year: 2024, month: 2, day: 28))
        #expect(start.adding(days: 1).description == "2024-02-29")
        #expect(start.adding(days: 2).description == "2024-03-01")
        #expect(start.adding(days: 366).description == "2025-02-28")
        #expect(start.adding(days: -59).description == "2023-12-31")
        #expect(start.adding(days: 2) - start == 2)
        #expect(start - start.adding(days: 2) == -2)
        #expect(start < start.adding(days: 1))
        #expect([start.adding(days: 3), start, start.adding(days: -3)].sorted() == [start.adding(days: -3), start, start.adding(days: 3)])
    }

    @Test("days outside years 1...9999 print with an expanded year")
    func expandedYears() {
        #expect(Day(daysSince1970: -719_529).description == "-0001-12-31")
        #expect(Day(daysSince1970: -719_163).description == "0000-12-31")
        #expect(Day(daysSince1970: 2_932_897).description == "10000-01-01")
    }

    @Test("every 7th day of years 1 to 9999 prints as its year, month and day, padded, and parses back")
    func textOfEveryYear() throws {
        var days = -719_162
        while days <= 2_932_896 {
            let day = Day(daysSince1970: Int32(days))
            let text = day.description
            let expected = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
            #expect(text == expected)
            #expect(try FieldParser.day(text).get() == day)
            if text != expected { break }
            days += 7
        }
    }

    @Test("encodes as an ISO string and decodes it back")
    func codable() throws {
        let day = try #require(Day(year: 2024, month: 3, day: 5))
        let data = try JSONEncoder().encode([day])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-03-05"]"#)
        #expect(try JSONDecoder().decode([Day].self, from: data) == [day])
        for extreme in [Int32.min, -719_529, 2_932_897, Int32.max] {
            let value = Day(daysSince1970: extreme)
            #expect(try JSONDecoder().decode([Day].self, from: JSONEncoder().encode([value])) == [value])
        }
    }

    @Test("decoding rejects anything but a real YYYY-MM-DD", arguments: [
        "2024-3-5", "2024-02-30", "05/03/2024", "2024-03-05T00:00", "", "2024-13-01", "24-03-05",
    ])
    func decodingRejects(_ text: String) {
        let json = Data("[\"\(text)\"]".utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Day].self, from: json) }
    }

    @Test("calendar fields round-trip through the day number for random days (seeded)")
    func randomRoundTrip() throws {
        var random = SplitMix64(seed: 0x5EED_DA75)
        for _ in 0..<20_000 {
            let year = Int.random(in: 1...9999, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...31, using: &random)
            guard let value = Day(year: year, month: month, day: day) else {
                // Only days past the end of their month are rejected.
                #expect(day > 28)
                continue
            }
            let back = Day(daysSince1970: value.daysSince1970)
            #expect(back.year == year && back.month == month && back.day == day)
            #expect(Day(year: back.year, month: back.month, day: back.day) == value)
        }
    }

    @Test("every day from 0001-01-01 to 9999-12-31 follows the one before")
    func consecutiveDays() throws {
        // An independent calendar walk: step (year, month, day) by hand and compare.
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var (year, month, day) = (1, 1, 1)
        var count: Int32 = -719_162
        var checked = 0
        while year <= 9999 {
            if count % 97 == 0 {   // a sample keeps the debug-build test fast
                let value = Day(daysSince1970: count)
                #expect(value.year == year && value.month == month && value.day == day, "day \(count)")
                #expect(Day(year: year, month: month, day: day)?.daysSince1970 == count)
                checked += 1
            }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = month == 2 && leap ? 29 : lengths[month - 1]
            day += 1
            if day > length { day = 1; month += 1 }
            if month > 12 { month = 1; year += 1 }
            count += 1
        }
        #expect(count == 2_932_897)
        #expect(checked > 30_000)
    }
}
