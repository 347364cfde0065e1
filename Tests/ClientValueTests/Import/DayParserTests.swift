import Foundation
import Testing
import ClientValue

// Expected days are written as ISO text worked out by hand from the input; Excel serials were
// checked with Python: python3 -c "import datetime as d; print(d.date(1899,12,30) + d.timedelta(45356))"

@Suite("FieldParser.day")
struct DayParserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var expected: String
        var options = FieldParser.DayOptions()
        var testDescription: String { "\"\(input)\" → \(expected)" }
    }

    static let accepted: [Case] = [
        // ISO and its relatives
        Case(input: "2024-03-05", expected: "2024-03-05"),
        Case(input: "2024/03/05", expected: "2024-03-05"),
        Case(input: "2024.03.05", expected: "2024-03-05"),
        Case(input: "2024-3-5", expected: "2024-03-05"),
        Case(input: "20240305", expected: "2024-03-05"),
        Case(input: "19970101", expected: "1997-01-01"),
        Case(input: "  2024-03-05\t", expected: "2024-03-05"),
        Case(input: "0001-01-01", expected: "0001-01-01"),
        Case(input: "9999-12-31", expected: "9999-12-31"),
        // ISO date-times: the day as written, zone not applied
        Case(input: "2024-03-05T14:30", expected: "2024-03-05"),
        Case(input: "2024-03-05T14:30:00", expected: "2024-03-05"),
        Case(input: "2024-03-05T14:30:00.123", expected: "2024-03-05"),
        Case(input: "2024-03-05T14:30:00Z", expected: "2024-03-05"),
        Case(input: "2024-03-05T14:30:00.123456Z", expected: "2024-03-05"),
        Case(input: "2024-03-05T14:30:00+01:00", expected: "2024-03-05"),
        Case(input: "2024-03-05T23:30:00-0500", expected: "2024-03-05"),
        Case(input: "2024-03-05T00:15:00+14", expected: "2024-03-05"),
        Case(input: "2024-03-05 14:30", expected: "2024-03-05"),
        Case(input: "2024-03-05 14:30:00", expected: "2024-03-05"),
        Case(input: "2024-03-05 14:30:00 +0100", expected: "2024-03-05"),
        Case(input: "2024-03-05 14:30:00 UTC", expected: "2024-03-05"),
        Case(input: "2024-03-05t09:05z", expected: "2024-03-05"),
        // Numeric day and month, unambiguous or equal
        Case(input: "13/03/2024", expected: "2024-03-13"),
        Case(input: "03/13/2024", expected: "2024-03-13"),
        Case(input: "05/05/2024", expected: "2024-05-05"),
        Case(input: "31.12.2023", expected: "2023-12-31"),
        Case(input: "31-12-2023", expected: "2023-12-31"),
        Case(input: "12/31/2023 23:59", expected: "2023-12-31"),
        Case(input: "12/31/2023 11:59 PM", expected: "2023-12-31"),
        Case(input: "12/31/2023 11:59:59am", expected: "2023-12-31"),
        // Numeric with an order given
        Case(input: "05/03/2024", expected: "2024-03-05", options: .init(order: .dmy)),
        Case(input: "05/03/2024", expected: "2024-05-03", options: .init(order: .mdy)),
        Case(input: "5/3/2024", expected: "2024-03-05", options: .init(order: .dmy)),
        Case(input: "5/3/2024", expected: "2024-05-03", options: .init(order: .mdy)),
        Case(input: "05.03.2024", expected: "2024-03-05", options: .init(order: .dmy)),
        Case(input: "05-03-2024", expected: "2024-03-05", options: .init(order: .dmy)),
        Case(input: "05/03/2024 14:30", expected: "2024-03-05", options: .init(order: .dmy)),
        // Month names
        Case(input: "5 Mar 2024", expected: "2024-03-05"),
        Case(input: "05-Mar-2024", expected: "2024-03-05"),
        Case(input: "05-MAR-2024", expected: "2024-03-05"),
        Case(input: "5 March 2024", expected: "2024-03-05"),
        Case(input: "5 march, 2024", expected: "2024-03-05"),
        Case(input: "Mar 5, 2024", expected: "2024-03-05"),
        Case(input: "March 5 2024", expected: "2024-03-05"),
        Case(input: "Mar. 5, 2024", expected: "2024-03-05"),
        Case(input: "Sept 30, 2024", expected: "2024-09-30"),
        Case(input: "30 Sep 2024", expected: "2024-09-30"),
        Case(input: "1 September 2024", expected: "2024-09-01"),
        Case(input: "1 jan 2024", expected: "2024-01-01"),
        Case(input: "February 29, 2024", expected: "2024-02-29"),
        Case(input: "1-Jun-2024", expected: "2024-06-01"),
        Case(input: "July 4 1776", expected: "1776-07-04"),
        Case(input: "May 31, 2024 10:00", expected: "2024-05-31"),
        Case(input: "Dec 25, 2024", expected: "2024-12-25"),
        Case(input: "1 Aug 2024", expected: "2024-08-01"),
        Case(input: "1 Oct 2024", expected: "2024-10-01"),
        Case(input: "1 Nov 2024", expected: "2024-11-01"),
        Case(input: "1 Apr 2024", expected: "2024-04-01"),
        Case(input: "1 Feb 2024", expected: "2024-02-01"),
        Case(input: "1 Jul 2024", expected: "2024-07-01"),
        // Excel serial days (days since 1899-12-30), only when asked for
        Case(input: "45356", expected: "2024-03-05", options: .init(excelSerial: true)),
        Case(input: "45356.5", expected: "2024-03-05", options: .init(excelSerial: true)),
        Case(input: "45356.999", expected: "2024-03-05", options: .init(excelSerial: true)),
        Case(input: "1", expected: "1899-12-31", options: .init(excelSerial: true)),
        Case(input: "0", expected: "1899-12-30", options: .init(excelSerial: true)),
        Case(input: "61", expected: "1900-03-01", options: .init(excelSerial: true)),
        Case(input: "2958465", expected: "9999-12-31", options: .init(excelSerial: true)),
        Case(input: "20240305", expected: "2024-03-05", options: .init(excelSerial: true)),
        Case(input: "2024-03-05", expected: "2024-03-05", options: .init(excelSerial: true)),
    ]

    @Test("reads", arguments: accepted)
    func reads(_ c: Case) throws {
        let day = try FieldParser.day(c.input, options: c.options).get()
        #expect(day.description == c.expected)
    }

    @Test("the byte-level reader agrees with the String one", arguments: accepted)
    func bytes(_ c: Case) throws {
        var inferred: DateOrder?
        let day = try Array(c.input.utf8).withUnsafeBufferPointer {
            try FieldParser.day($0, options: c.options, inferredOrder: &inferred).get()
        }
        #expect(day.description == c.expected)
    }

    struct Rejected: CustomTestStringConvertible, Sendable {
        var input: String
        var problem: String
        var hint: String?
        var options = FieldParser.DayOptions()
        var testDescription: String { "\"\(input)\"" }
    }

    static let rejected: [Rejected] = [
        Rejected(input: "", problem: "is empty"),
        Rejected(input: "   ", problem: "is empty"),
        Rejected(input: "2023-02-29", problem: "is not a valid date", hint: "February 2023 has 28 days"),
        Rejected(input: "2024-02-30", problem: "is not a valid date", hint: "February 2024 has 29 days"),
        Rejected(input: "2024-13-01", problem: "is not a valid date", hint: "no month 13"),
        Rejected(input: "0000-01-01", problem: "is not a valid date", hint: "year from 1 to 9999"),
        Rejected(input: "20231301", problem: "is not a valid date", hint: "no month 13"),
        Rejected(input: "29 Feb 2023", problem: "is not a valid date"),
        Rejected(input: "13/13/2024", problem: "is not a valid date", hint: "neither"),
        Rejected(input: "2024-03-05T25:00", problem: "is not a date"),
        Rejected(input: "2024-03-05T14:60", problem: "is not a date"),
        Rejected(input: "2024-03-05T14", problem: "is not a date"),
        Rejected(input: "2024-03-05 x", problem: "is not a date"),
        Rejected(input: "2024-03-05T14:30+25:00", problem: "is not a date"),
        Rejected(input: "2024-03-05Z", problem: "is not a date"),
        Rejected(input: "12/31/2023 13:00 PM", problem: "is not a date"),
        Rejected(input: "2024-03/05", problem: "is not a date"),
        Rejected(input: "2024--03-05", problem: "is not a date"),
        Rejected(input: "05/03/24", problem: "two digits", hint: "four-digit year"),
        Rejected(input: "5 Mar 24", problem: "two digits", hint: "four-digit year"),
        Rejected(input: "05/03/024", problem: "is not a date"),
        Rejected(input: "05/03/2024/1", problem: "is not a date"),
        Rejected(input: "5 Mrz 2024", problem: "is not a date"),
        Rejected(input: "5 Ma 2024", problem: "is not a date"),
        Rejected(input: "Marc 5, 2024", problem: "is not a date"),
        Rejected(input: "Mar 5,", problem: "is not a date"),
        Rejected(input: "5Mar2024", problem: "is not a date"),
        Rejected(input: "yesterday", problem: "is not a date", hint: "2024-03-05"),
        Rejected(input: "N/A", problem: "is not a date"),
        Rejected(input: "-", problem: "is not a date"),
        Rejected(input: "2024", problem: "is not a date"),
        Rejected(input: "202403051", problem: "is not a date"),
        Rejected(input: "45356", problem: "is not a date", hint: "--excel-dates"),
        Rejected(input: "45356.5", problem: "is not a date", hint: "--excel-dates"),
        Rejected(input: "2958466", problem: "is not a date", hint: "9999-12-31", options: .init(excelSerial: true)),
        Rejected(input: "99999999999999999999", problem: "is not a date", options: .init(excelSerial: true)),
        Rejected(input: "-1", problem: "is not a date", options: .init(excelSerial: true)),
        Rejected(input: "45356.", problem: "is not a date", options: .init(excelSerial: true)),
        Rejected(input: "03/13/2024", problem: "is not a valid date", hint: "--date-order dmy", options: .init(order: .dmy)),
        Rejected(input: "13/03/2024", problem: "is not a valid date", hint: "--date-order mdy", options: .init(order: .mdy)),
        Rejected(input: "31/04/2024", problem: "is not a valid date", hint: "April 2024 has 30 days", options: .init(order: .dmy)),
    ]

    @Test("rejects with a reason", arguments: rejected)
    func rejects(_ r: Rejected) throws {
        let result = FieldParser.day(r.input, options: r.options)
        expectFailure(result, problem: r.problem, hint: r.hint)
    }

    @Test("without an order, different readings are ambiguous")
    func ambiguous() throws {
        let result = FieldParser.day("05/03/2024")
        guard let failure = expectFailure(result) else { return }
        #expect(failure.problem == "is ambiguous: 5 March 2024 (day first) or 3 May 2024 (month first)")
        #expect(failure.hint == "give --date-order dmy or mdy")
    }

    @Test("an unambiguous value sets the column's order for later values", arguments: [
        ("13/03/2024", DateOrder.dmy, "2024-03-05"),
        ("03/13/2024", DateOrder.mdy, "2024-05-03"),
    ])
    func inference(_ first: String, _ order: DateOrder, _ later: String) throws {
        var inferred: DateOrder?
        let options = FieldParser.DayOptions()
        #expect(throws: FieldParseFailure.self) { try parse("05/03/2024", options, &inferred).get() }
        #expect(inferred == nil)
        #expect(try parse("05/05/2024", options, &inferred).get().description == "2024-05-05")
        #expect(inferred == nil)
        _ = try parse(first, options, &inferred).get()
        #expect(inferred == order)
        #expect(try parse("05/03/2024", options, &inferred).get().description == later)
        #expect(try parse("2024-12-31", options, &inferred).get().description == "2024-12-31")
        #expect(inferred == order)
    }

    @Test("the YYYY-MM-DD fast path reads what the general parser reads (seeded)", arguments: [UInt64(1), 2])
    func isoFastPath(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("0123456789-/. T".utf8)
        var iso = 0
        for _ in 0..<30_000 {
            var bytes: [UInt8]
            if random.nextDouble() < 0.6 {
                // YYYY-MM-DD with any digits (so impossible days and months too), sometimes one byte changed.
                bytes = Array(String(format: "%04d-%02d-%02d", Int.random(in: 0...9999, using: &random),
                                     Int.random(in: 0...99, using: &random), Int.random(in: 0...99, using: &random)).utf8)
                if random.nextDouble() < 0.2 { bytes[Int.random(in: 0..<10, using: &random)] = alphabet.randomElement(using: &random) ?? 0 }
            } else {
                bytes = (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            }
            for options in [FieldParser.DayOptions(), FieldParser.DayOptions(order: .dmy, excelSerial: true)] {
                bytes.withUnsafeBufferPointer { field in
                    var inferredFast: DateOrder?, inferredGeneral: DateOrder?
                    let general = FieldParser.generalDay(field, options: options, inferredOrder: &inferredGeneral)
                    if FieldParser.isoDateParts(field) != nil { iso += 1 }
                    #expect(FieldParser.day(field, options: options, inferredOrder: &inferredFast) == general,
                            "\(String(decoding: field, as: UTF8.self))")
                    #expect(inferredFast == inferredGeneral)
                }
            }
        }
        #expect(iso > 20_000)
    }

    @Test("a value that contradicts the inferred order fails and names that order")
    func contradictsInference() throws {
        var inferred: DateOrder? = .dmy
        let result = parse("03/13/2024", .init(), &inferred)
        guard let failure = expectFailure(result) else { return }
        #expect(failure.problem == "is not a valid date")
        #expect(failure.hint?.contains("day/month/year") == true)
        #expect(failure.hint?.contains("inferred") == true)
        #expect(inferred == .dmy)
    }

    @Test("a given order wins over the inferred one and is not changed")
    func givenOrderWins() throws {
        var inferred: DateOrder? = .dmy
        let day = try parse("05/03/2024", .init(order: .mdy), &inferred).get()
        #expect(day.description == "2024-05-03")
        #expect(inferred == .dmy)
        var none: DateOrder?
        _ = try parse("13/03/2024", .init(order: .dmy), &none).get()
        #expect(none == nil)
    }

    @Test("never traps on arbitrary bytes (seeded)")
    func arbitraryBytes() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("0123456789/-.:+ TZtzapmMarchSeptUTC,".utf8) + [0x00, 0x80, 0xC2, 0xA0, 0xFF]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &random)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            var inferred: DateOrder?
            for excel in [false, true] {
                let result = bytes.withUnsafeBufferPointer {
                    FieldParser.day($0, options: .init(excelSerial: excel), inferredOrder: &inferred)
                }
                if case .success(let day) = result {
                    #expect((1...9999).contains(day.year))
                }
            }
        }
    }

    private func parse(_ text: String, _ options: FieldParser.DayOptions, _ inferred: inout DateOrder?) -> Result<Day, FieldParseFailure> {
        Array(text.utf8).withUnsafeBufferPointer { FieldParser.day($0, options: options, inferredOrder: &inferred) }
    }
}
