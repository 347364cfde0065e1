/// A calendar day in the proleptic Gregorian calendar, with no time of day and no time zone.
///
/// A `Day` is a count of days from 1970-01-01 (day 0), so comparing, subtracting and adding
/// days are integer operations. The calendar fields are worked out on demand with Howard
/// Hinnant's `days_from_civil` / `civil_from_days` algorithms
/// (<https://howardhinnant.github.io/date_algorithms.html>), which are exact for every
/// `Int32` day count.
///
/// ```swift
/// let day = Day(year: 2024, month: 3, day: 5)!
/// print(day.daysSince1970)            // 19787
/// print(day.adding(days: 30))         // 2024-04-04
/// print(Day(year: 2023, month: 2, day: 29) as Any)   // nil
/// ```
///
/// Days read from files are always in years 1...9999 (``init(year:month:day:)`` and
/// ``FieldParser`` enforce it); ``init(daysSince1970:)`` accepts any `Int32` and such days
/// print with an expanded ISO 8601 year (`-0001-01-01`, `10000-01-01`).
public struct Day: Hashable, Sendable {
    /// Days since 1970-01-01; negative before it.
    public var daysSince1970: Int32

    /// The day a given number of days after 1970-01-01, such as a day count stored by a
    /// previous run or read from a binary column.
    ///
    /// Every `Int32` is accepted, including days before year 1 or after year 9999, which
    /// ``FieldParser`` never produces from a file.
    ///
    /// ```swift
    /// let day = Day(daysSince1970: 19_787)
    /// print(day)   // 2024-03-05
    /// ```
    ///
    /// - Parameter daysSince1970: days since 1970-01-01 (day 0); negative before it.
    public init(daysSince1970: Int32) {
        self.daysSince1970 = daysSince1970
    }

    /// The day with the given calendar fields, or `nil` when they name no real day: a month
    /// outside 1...12, a day past the end of its month (30 February, 29 February 2023), or a
    /// year outside 1...9999.
    ///
    /// - Parameters:
    ///   - year: the calendar year, 1...9999.
    ///   - month: the month, 1 (January) ... 12 (December).
    ///   - day: the day of the month, 1 up to the length of that month (28...31).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }
        self.daysSince1970 = Int32(truncatingIfNeeded: Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// The year, 1...9999 for every day read from a file.
    public var year: Int { Day.civilFromDays(Int(daysSince1970)).year }
    /// The month, 1 (January) ... 12 (December).
    public var month: Int { Day.civilFromDays(Int(daysSince1970)).month }
    /// The day of the month, 1...31.
    public var day: Int { Day.civilFromDays(Int(daysSince1970)).day }

    /// The day `days` later (earlier when negative), for due dates, holdout windows and
    /// look-back periods counted in days.
    ///
    /// ```swift
    /// let invoiced = Day(year: 2024, month: 1, day: 15)!
    /// print(invoiced.adding(days: 30))   // 2024-02-14, a 30-day payment term
    /// ```
    ///
    /// - Parameter days: the number of days to move; negative moves back.
    /// - Returns: the new day; the receiver is unchanged.
    /// - Precondition: the result fits in `Int32` (about ±5.8 million years); like integer
    ///   arithmetic, it traps otherwise.
    public func adding(days: Int) -> Day {
        Day(daysSince1970: Int32(Int(daysSince1970) + days))
    }

    /// The number of days from `rhs` to `lhs`: `Day(2024, 3, 5) - Day(2024, 3, 1) == 4`.
    ///
    /// The result is negative when `lhs` is before `rhs`; a client's recency on an as-of date
    /// is `asOf - lastPurchase`.
    public static func - (lhs: Day, rhs: Day) -> Int {
        Int(lhs.daysSince1970) - Int(rhs.daysSince1970)
    }
}

// MARK: - Calendar arithmetic

extension Day {
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1...12) of `year`.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `days_from_civil`: days since 1970-01-01 for a proleptic Gregorian
    /// date. `month` must be 1...12 and `day` 1...31; exact for any year whose result fits `Int`.
    /// <https://howardhinnant.github.io/date_algorithms.html#days_from_civil>
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400                                        // [0, 399]
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1   // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy                 // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count since
    /// 1970-01-01. <https://howardhinnant.github.io/date_algorithms.html#civil_from_days>
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097                                     // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365 // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)               // [0, 365]
        let mp = (5 * doy + 2) / 153                                    // [0, 11]
        let day = doy - (153 * mp + 2) / 5 + 1                          // [1, 31]
        let month = mp < 10 ? mp + 3 : mp - 9                           // [1, 12]
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// 0001-01-01, the first day a file can name.
    static let firstReadable = Int32(-719_162)
    /// 9999-12-31, the last day a file can name.
    static let lastReadable = Int32(2_932_896)
}

// MARK: - Comparable

extension Day: Comparable {
    /// Whether `lhs` comes before `rhs` in the calendar.
    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.daysSince1970 < rhs.daysSince1970
    }
}

// MARK: - CustomStringConvertible

extension Day: CustomStringConvertible {
    /// The ISO 8601 date, `2024-03-05`.
    public var description: String {
        let (year, month, day) = Day.civilFromDays(Int(daysSince1970))
        guard (0...9999).contains(year) else {
            // Days far outside the years a file can hold (made by arithmetic, not read).
            var text = year < 0 ? "-" : ""
            let digits = String(year.magnitude)
            if digits.utf8.count < 4 { text += String(repeating: "0", count: 4 - digits.utf8.count) }
            text += digits
            text += month < 10 ? "-0\(month)" : "-\(month)"
            text += day < 10 ? "-0\(day)" : "-\(day)"
            return text
        }
        // The usual case written as ten ASCII digits and dashes, without building pieces.
        return String(unsafeUninitializedCapacity: 10) { bytes in
            func put(_ value: Int, at index: Int) {
                bytes[index] = UInt8(truncatingIfNeeded: 0x30 + value / 10)
                bytes[index + 1] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
            }
            put(year / 100, at: 0)
            put(year % 100, at: 2)
            bytes[4] = UInt8(ascii: "-")
            put(month, at: 5)
            bytes[7] = UInt8(ascii: "-")
            put(day, at: 8)
            return 10
        }
    }
}

// MARK: - Codable

extension Day: Codable {
    /// Decodes the ISO 8601 date string that ``encode(to:)`` writes, `"2024-03-05"`.
    ///
    /// - Parameter decoder: the decoder to read a single string value from.
    /// - Throws: `DecodingError.typeMismatch` or `.valueNotFound` when the value is not a
    ///   string, and
    ///   `DecodingError.dataCorrupted` for anything that is not a real `YYYY-MM-DD`
    ///   date (an expanded year such as `-0001` or `10000` is accepted, so every `Day` round-trips).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(isoString: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date such as \"2024-03-05\", found \"\(text)\"")
        }
        self = day
    }

    /// Encodes the day as its ISO 8601 string, `"2024-03-05"`.
    ///
    /// - Parameter encoder: the encoder to write a single string value to.
    /// - Throws: whatever `encoder` throws for a single string value (`EncodingError`); the
    ///   day itself always has a string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses exactly `[-]YYYY-MM-DD` (four or more year digits), the form `description` writes.
    init?(isoString text: String) {
        var year = 0, month = 0, day = 0
        var negative = false
        var part = 0, digits = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0:
                negative = true
            case UInt8(ascii: "-"):
                let enough = part == 0 ? digits >= 4 : digits == 2
                guard enough, part < 2 else { return nil }
                part += 1
                digits = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let value = Int(byte &- UInt8(ascii: "0"))
                digits += 1
                guard digits <= 7 else { return nil }
                switch part {
                case 0: year = year * 10 + value
                case 1: month = month * 10 + value
                default: day = day * 10 + value
                }
            default:
                return nil
            }
        }
        guard part == 2, digits == 2, (1...12).contains(month) else { return nil }
        if negative { year = -year }
        guard day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }
        let count = Day.daysFromCivil(year: year, month: month, day: day)
        guard let days = Int32(exactly: count) else { return nil }
        self.init(daysSince1970: days)
    }
}
