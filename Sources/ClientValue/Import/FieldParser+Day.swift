/// The order of day and month in a numeric date such as `05/03/2024`.
public enum DateOrder: String, Sendable, Hashable, Codable, CaseIterable {
    /// Day first: `05/03/2024` is 5 March 2024.
    case dmy
    /// Month first: `05/03/2024` is 3 May 2024.
    case mdy
}

extension FieldParser {
    /// Options for reading days.
    public struct DayOptions: Sendable, Hashable {
        /// The order of day and month in numeric dates such as `05/03/2024`, or `nil` to work it
        /// out from the values (see ``FieldParser/day(_:options:)``).
        public var order: DateOrder?
        /// Whether a bare number such as `45356` is an Excel serial day (days since 1899-12-30).
        public var excelSerial: Bool

        /// Options for reading days; by default the order is inferred and bare numbers are
        /// not dates.
        ///
        /// - Parameters:
        ///   - order: The order of day and month in numeric dates, or `nil` to infer it.
        ///   - excelSerial: Whether bare numbers are Excel serial days; `false` by default.
        public init(order: DateOrder? = nil, excelSerial: Bool = false) {
            self.order = order
            self.excelSerial = excelSerial
        }
    }

    /// Reads a calendar day.
    ///
    /// Accepted forms (leading and trailing spaces and tabs are ignored):
    /// - ISO 8601 `2024-03-05`, also `2024/03/05` and `2024.03.05`; compact `20240305`.
    /// - ISO date-times `2024-03-05T14:30`, `2024-03-05 14:30:00`, `2024-03-05T14:30:00.123Z`,
    ///   `2024-03-05T14:30:00+01:00`, `...-0500`, `... UTC`. The calendar day **as written** is
    ///   returned: the time and any zone offset are checked for form but not applied, so
    ///   `2024-03-05T23:30:00-05:00` is 5 March even though it is 6 March in UTC.
    /// - Numeric day and month with a four-digit year: `05/03/2024`, `5/3/2024`, `05.03.2024`,
    ///   `05-03-2024` (a time may follow, as above, also `2:30 PM`). A two-digit year is a failure.
    /// - English month names, abbreviated (`Sept` too) or in full, any case: `5 Mar 2024`,
    ///   `05-Mar-2024`, `5 March 2024`, `Mar 5, 2024`, `March 5 2024`.
    /// - Excel serial day numbers, `45356` or `45356.5` (the fraction, a time of day, is dropped),
    ///   only when `options.excelSerial` is set. Serial 0 is 1899-12-30, so serial 1 is
    ///   1899-12-31 and serial 60 is 1900-02-28: Excel's own display differs for serials below 61,
    ///   where it counts a 29 February 1900 that never was.
    ///
    /// Day and month order in numeric dates: `options.order` when given. Otherwise, when only one
    /// reading is a real date (`13/03/2024` can only be 13 March), that reading is used and, if
    /// `inferredOrder` is `nil`, it is set to the order found, so later values in the column are
    /// read the same way. When `inferredOrder` is already set it is used. When both readings are
    /// real and differ (`05/03/2024`) and no order is known, the field fails as ambiguous; equal
    /// day and month (`05/05/2024`) is not ambiguous.
    ///
    /// - Parameters:
    ///   - bytes: The field's bytes.
    ///   - options: The order of day and month, and whether to read Excel serial numbers.
    ///   - inferredOrder: The order inferred from earlier values in the same column; keep one
    ///     variable per column, starting at `nil`.
    /// The result is a ``Day``, a count of days since 1970-01-01, computed with Howard Hinnant's
    /// `days_from_civil` algorithm ("chrono-Compatible Low-Level Date Algorithms"). An Excel
    /// serial `s` becomes day `s − 25569` (25,569 days separate 1899-12-30 from 1970-01-01).
    ///
    /// ```swift
    /// var order: DateOrder? = nil
    /// var text = "13/03/2024"
    /// let day = text.withUTF8 { FieldParser.day($0, options: .init(), inferredOrder: &order) }
    /// print(day, order?.rawValue ?? "none")   // success(2024-03-13) dmy
    /// ```
    ///
    /// - Returns: The day, in years 1...9999, or why the field is not one.
    /// - Complexity: O(field length), with no allocation on success.
    package static func day(_ bytes: UnsafeBufferPointer<UInt8>, options: DayOptions,
                           inferredOrder: inout DateOrder?) -> Result<Day, FieldParseFailure> {
        if let iso = isoDateParts(bytes) { return validated(year: iso.year, month: iso.month, day: iso.day) }
        return generalDay(bytes, options: options, inferredOrder: &inferredOrder)
    }

    /// The year, month and day of a field that is exactly `YYYY-MM-DD`, the common form, read
    /// without the general parser; `nil` for anything else. The general parser reads such a
    /// field the same way (year first, then month and day, then ``validated(year:month:day:)``).
    @inline(__always)
    package static func isoDateParts(_ bytes: UnsafeBufferPointer<UInt8>) -> ISODateParts? {
        guard bytes.count == 10, let p = bytes.baseAddress, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let d = p[i] &- 0x30
            return d < 10 ? Int(d) : nil
        }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9) else { return nil }
        return ISODateParts(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    /// The numbers of a `YYYY-MM-DD` field, not yet checked as a date.
    package struct ISODateParts: Equatable {
        var year: Int, month: Int, day: Int
    }

    /// ``day(_:options:inferredOrder:)`` for every form it accepts.
    package static func generalDay(_ bytes: UnsafeBufferPointer<UInt8>, options: DayOptions,
                                   inferredOrder: inout DateOrder?) -> Result<Day, FieldParseFailure> {
        let (start, end) = trimmedBounds(bytes)
        guard start < end else { return .failure(.empty) }
        var c = ByteCursor(bytes: bytes, index: start, end: end)
        if isASCIILetter(c.peek) { return monthNameFirst(&c) }
        guard isASCIIDigit(c.peek) else { return .failure(notADate) }

        let first = c.digits()
        let separator = c.peek
        if c.atEnd {
            if first.count == 8 {
                return validated(year: first.value / 10_000, month: first.value / 100 % 100, day: first.value % 100)
            }
            return bareNumber(integer: first, options: options)
        }
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") else {
            if isSpaceOrTab(separator), (1...2).contains(first.count) { return dayThenMonthName(day: first.value, &c) }
            return .failure(notADate)
        }
        c.index += 1
        if separator == UInt8(ascii: "."), isASCIIDigit(c.peek) {
            // 45356.5: an Excel serial number with a time of day.
            let save = c.index
            _ = c.digits()
            if c.atEnd { return bareNumber(integer: first, options: options) }
            c.index = save
        }
        if first.count == 4 {
            // Year first: 2024-03-05, 2024/3/5, 2024.03.05, then perhaps a time.
            let month = c.digits()
            guard (1...2).contains(month.count), c.take(separator) else { return .failure(notADate) }
            let day = c.digits()
            guard (1...2).contains(day.count), c.timeOfDay() else { return .failure(notADate) }
            return validated(year: first.value, month: month.value, day: day.value)
        }
        guard (1...2).contains(first.count) else { return .failure(notADate) }

        if isASCIILetter(c.peek) {
            // 05-Mar-2024
            guard let month = c.monthName(), c.take(separator) else { return .failure(notADate) }
            return year(day: first.value, month: month, &c)
        }
        // 05/03/2024: day and month in either order.
        let second = c.digits()
        guard (1...2).contains(second.count), c.take(separator) else { return .failure(notADate) }
        let year = c.digits()
        guard year.count == 4 else {
            return .failure(year.count == 2 && c.timeOfDay() ? twoDigitYear : notADate)
        }
        guard c.timeOfDay() else { return .failure(notADate) }
        return resolveOrder(first: first.value, second: second.value, year: year.value,
                            options: options, inferredOrder: &inferredOrder)
    }

    // MARK: - Forms

    /// `5 Mar 2024`, `5 March, 2024`: the cursor is just after the day.
    private static func dayThenMonthName(day: Int, _ c: inout ByteCursor) -> Result<Day, FieldParseFailure> {
        c.skipBlanks()
        guard let month = c.monthName() else { return .failure(notADate) }
        _ = c.take(UInt8(ascii: "."))
        _ = c.take(UInt8(ascii: ","))
        guard c.skipBlanks() > 0 else { return .failure(notADate) }
        return year(day: day, month: month, &c)
    }

    /// `Mar 5, 2024`, `March 5 2024`: the cursor is at the month name.
    private static func monthNameFirst(_ c: inout ByteCursor) -> Result<Day, FieldParseFailure> {
        guard let month = c.monthName() else { return .failure(notADate) }
        _ = c.take(UInt8(ascii: "."))
        guard c.skipBlanks() > 0 else { return .failure(notADate) }
        let day = c.digits()
        guard (1...2).contains(day.count) else { return .failure(notADate) }
        let comma = c.take(UInt8(ascii: ","))
        guard c.skipBlanks() > 0 || comma else { return .failure(notADate) }
        return year(day: day.value, month: month, &c)
    }

    /// The four-digit year (and perhaps a time) that ends a date with a month name.
    private static func year(day: Int, month: Int, _ c: inout ByteCursor) -> Result<Day, FieldParseFailure> {
        let year = c.digits()
        guard year.count == 4 else {
            return .failure(year.count == 2 && c.timeOfDay() ? twoDigitYear : notADate)
        }
        guard c.timeOfDay() else { return .failure(notADate) }
        return validated(year: year.value, month: month, day: day)
    }

    /// A bare number: an Excel serial day when asked for, otherwise a failure that says how.
    /// The field has been read to its end.
    private static func bareNumber(integer: (value: Int, count: Int), options: DayOptions) -> Result<Day, FieldParseFailure> {
        guard options.excelSerial else {
            return .failure(FieldParseFailure(
                problem: "is not a date",
                hint: "expected a date such as 2024-03-05; to read numbers such as 45356 as Excel serial days (days since 1899-12-30), give --excel-dates"))
        }
        // Serial 0 is 1899-12-30, day -25569 counted from 1970-01-01.
        let days = integer.value - 25_569
        guard integer.count <= 7, days <= Int(Day.lastReadable) else {
            return .failure(FieldParseFailure(
                problem: "is not a date",
                hint: "Excel serial days run from 0 (1899-12-30) to 2958465 (9999-12-31)"))
        }
        return .success(Day(daysSince1970: Int32(truncatingIfNeeded: days)))
    }

    /// Day and month of `05/03/2024`, by the given order, the inferred one, or the values.
    private static func resolveOrder(first: Int, second: Int, year: Int, options: DayOptions,
                                     inferredOrder: inout DateOrder?) -> Result<Day, FieldParseFailure> {
        if let order = options.order ?? inferredOrder {
            let (month, day) = order == .dmy ? (second, first) : (first, second)
            if let result = Day(year: year, month: month, day: day) { return .success(result) }
            let how = order == .dmy ? "day/month/year" : "month/day/year"
            let source = options.order != nil
                ? "read as \(how) (--date-order \(order.rawValue))"
                : "read as \(how), the order inferred from earlier dates in this column (give --date-order to choose)"
            return .failure(FieldParseFailure(
                problem: "is not a valid date",
                hint: "\(source): \(whyInvalid(year: year, month: month, day: day))"))
        }
        let dayFirst = Day(year: year, month: second, day: first)
        let monthFirst = Day(year: year, month: first, day: second)
        switch (dayFirst, monthFirst) {
        case let (dayFirst?, monthFirst?):
            if first == second { return .success(dayFirst) }
            return .failure(FieldParseFailure(
                problem: "is ambiguous: \(spelledOut(dayFirst)) (day first) or \(spelledOut(monthFirst)) (month first)",
                hint: "give --date-order dmy or mdy"))
        case let (dayFirst?, nil):
            inferredOrder = .dmy
            return .success(dayFirst)
        case let (nil, monthFirst?):
            inferredOrder = .mdy
            return .success(monthFirst)
        case (nil, nil):
            let why = (1...9999).contains(year)
                ? "neither day/month/year nor month/day/year is a real date"
                : whyInvalid(year: year, month: 1, day: 1)
            return .failure(FieldParseFailure(problem: "is not a valid date", hint: why))
        }
    }

    // MARK: - Failures

    private static func validated(year: Int, month: Int, day: Int) -> Result<Day, FieldParseFailure> {
        if let result = Day(year: year, month: month, day: day) { return .success(result) }
        return .failure(FieldParseFailure(problem: "is not a valid date", hint: whyInvalid(year: year, month: month, day: day)))
    }

    private static func whyInvalid(year: Int, month: Int, day: Int) -> String {
        if !(1...9999).contains(year) { return "expected a year from 1 to 9999" }
        if !(1...12).contains(month) { return "there is no month \(month)" }
        let length = Day.daysInMonth(year: year, month: month)
        if day == 0 { return "there is no day 0" }
        return "\(monthNames[month - 1]) \(year) has \(length) days, not \(day)"
    }

    private static var notADate: FieldParseFailure {
        FieldParseFailure(
            problem: "is not a date",
            hint: "expected a date such as 2024-03-05, 2024-03-05T14:30:00Z, 20240305, 05/03/2024, 5 Mar 2024 or Mar 5, 2024")
    }

    private static var twoDigitYear: FieldParseFailure {
        FieldParseFailure(
            problem: "is not a date: the year has two digits",
            hint: "expected a four-digit year, such as 05/03/2024 or 5 Mar 2024")
    }

    /// `5 March 2024`.
    private static func spelledOut(_ day: Day) -> String {
        "\(day.day) \(monthNames[day.month - 1]) \(day.year)"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// Lower-case month names, for matching.
    fileprivate static let monthNameBytes: [[UInt8]] = monthNames.map { Array($0.lowercased().utf8) }
}

// MARK: - Cursor

/// A read position in a field's bytes. `peek` is 0 at the end, a byte no field form expects.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int

    var atEnd: Bool { index >= end }
    var peek: UInt8 { index < end ? bytes[index] : 0 }

    /// Steps over `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Steps over spaces and tabs, returning how many.
    @discardableResult
    mutating func skipBlanks() -> Int {
        let start = index
        while index < end, FieldParser.isSpaceOrTab(bytes[index]) { index += 1 }
        return index - start
    }

    /// Reads a run of ASCII digits. The value stops growing after 9 digits (no overflow);
    /// the count is the run's full length.
    mutating func digits() -> (value: Int, count: Int) {
        var value = 0, count = 0
        while index < end, FieldParser.isASCIIDigit(bytes[index]) {
            if count < 9 { value = value * 10 + Int(bytes[index] &- 0x30) }
            count += 1
            index += 1
        }
        return (value, count)
    }

    /// Reads an English month name, abbreviated to three letters (or `Sept`) or in full, in
    /// any case. Returns the month 1...12.
    mutating func monthName() -> Int? {
        let start = index
        while index < end, FieldParser.isASCIILetter(bytes[index]) { index += 1 }
        let length = index - start
        guard length >= 3 else { return nil }
        // The first three letters, lower-cased, pick the month; longer names must match in full.
        let key = UInt32(bytes[start] | 0x20) << 16 | UInt32(bytes[start + 1] | 0x20) << 8 | UInt32(bytes[start + 2] | 0x20)
        let month: Int
        switch key {
        case 0x6A_616E: month = 1    // jan
        case 0x66_6562: month = 2    // feb
        case 0x6D_6172: month = 3    // mar
        case 0x61_7072: month = 4    // apr
        case 0x6D_6179: month = 5    // may
        case 0x6A_756E: month = 6    // jun
        case 0x6A_756C: month = 7    // jul
        case 0x61_7567: month = 8    // aug
        case 0x73_6570: month = 9    // sep
        case 0x6F_6374: month = 10   // oct
        case 0x6E_6F76: month = 11   // nov
        case 0x64_6563: month = 12   // dec
        default: return nil
        }
        if length == 3 { return month }
        if month == 9, length == 4, bytes[start + 3] | 0x20 == UInt8(ascii: "t") { return month }   // sept
        let name = FieldParser.monthNameBytes[month - 1]
        guard length == name.count else { return nil }
        for k in 3..<length where bytes[start + k] | 0x20 != name[k] { return nil }
        return month
    }

    /// Reads an optional time of day after a date, which must then end the field:
    /// `T14:30`, ` 14:30:00.123`, `T14:30:00Z`, `T14:30:00+01:00`, ` 2:30 PM`, ` 14:30 UTC`.
    /// Returns whether the rest is empty or such a time; the time is not kept.
    mutating func timeOfDay() -> Bool {
        if atEnd { return true }
        if peek | 0x20 == UInt8(ascii: "t") {
            index += 1
        } else if skipBlanks() == 0 {
            return false
        }
        let hour = digits()
        guard (1...2).contains(hour.count), hour.value <= 23, take(UInt8(ascii: ":")) else { return false }
        let minute = digits()
        guard minute.count == 2, minute.value <= 59 else { return false }
        if take(UInt8(ascii: ":")) {
            let second = digits()
            guard second.count == 2, second.value <= 60 else { return false }
            if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                guard digits().count > 0 else { return false }
            }
        }
        skipBlanks()
        if peek | 0x20 == UInt8(ascii: "a") || peek | 0x20 == UInt8(ascii: "p") {
            guard index + 1 < end, bytes[index + 1] | 0x20 == UInt8(ascii: "m"),
                  (1...12).contains(hour.value) else { return false }
            index += 2
            skipBlanks()
        }
        return zone()
    }

    /// An optional zone at the end: `Z`, `UTC`, `GMT`, `+01:00`, `-0500`, `+01`, `UTC+1`.
    private mutating func zone() -> Bool {
        if atEnd { return true }
        if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) { return atEnd }
        if index + 3 <= end {
            let a = bytes[index] | 0x20, b = bytes[index + 1] | 0x20, c = bytes[index + 2] | 0x20
            if (a, b, c) == (0x75, 0x74, 0x63) || (a, b, c) == (0x67, 0x6D, 0x74) {   // utc, gmt
                index += 3
                if atEnd { return true }
            }
        }
        guard take(UInt8(ascii: "+")) || take(UInt8(ascii: "-")) else { return false }
        let hours = digits()
        guard (1...2).contains(hours.count) || hours.count == 4, hours.value <= 2359 else { return false }
        if hours.count == 4 { return hours.value % 100 <= 59 && atEnd }
        guard hours.value <= 23 else { return false }
        if take(UInt8(ascii: ":")) {
            let minutes = digits()
            guard minutes.count == 2, minutes.value <= 59 else { return false }
        }
        return atEnd
    }
}
