/// The length of a reporting period.
public enum PeriodLength: String, Sendable, Hashable, Codable, CaseIterable {
    case month, quarter, year
}

/// How days fall into reporting periods: calendar months, and quarters and years that may
/// follow the firm's fiscal year.
///
/// A fiscal year that starts in any month but January is named after the calendar year in
/// which it ends, the common convention: with `fiscalYearStartMonth = 7`, FY2025 runs from
/// 2024-07-01 to 2025-06-30 and its first quarter is July–September 2024. Months are always
/// calendar months.
///
/// ```swift
/// let calendar = PeriodCalendar(length: .quarter, fiscalYearStartMonth: 7)
/// calendar.period(containing: Day(year: 2024, month: 8, day: 15)!).label   // "FY2025-Q1"
/// ```
public struct PeriodCalendar: Sendable, Hashable, Codable {
    public var length: PeriodLength
    /// The month (1 = January ... 12 = December) the fiscal year starts in.
    public var fiscalYearStartMonth: Int

    /// - Precondition: none; a start month outside 1...12 is treated as January.
    public init(length: PeriodLength, fiscalYearStartMonth: Int = 1) {
        self.length = length
        self.fiscalYearStartMonth = (1...12).contains(fiscalYearStartMonth) ? fiscalYearStartMonth : 1
    }

    var isFiscal: Bool { fiscalYearStartMonth != 1 }

    /// The period a day falls in.
    public func period(containing day: Day) -> Period {
        Period(ordinal: ordinal(of: day), calendar: self)
    }

    /// A number that orders periods and is one apart for consecutive periods.
    @inline(__always)
    func ordinal(of day: Day) -> Int {
        let civil = Day.civilFromDays(Int(day.daysSince1970))
        switch length {
        case .month:
            return civil.year * 12 + civil.month - 1
        case .quarter, .year:
            // Months since the start of fiscal year 0, then split into years or quarters.
            let months = civil.year * 12 + civil.month - fiscalYearStartMonth + (isFiscal ? 12 : 0)
            return length == .year ? Self.floorDivide(months, 12) : Self.floorDivide(months, 3)
        }
    }

    /// The period whose label is `label` (`2024`, `FY2025`, `2024-Q3`, `FY2025-Q1`, `2024-03`),
    /// or `nil` when `label` is not one this calendar writes.
    public func period(labelled label: String) -> Period? {
        var text = Substring(label.uppercased())
        let fiscalPrefix = text.hasPrefix("FY")
        if fiscalPrefix { text = text.dropFirst(2) }
        guard fiscalPrefix == (isFiscal && length != .month) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        func digits(_ part: Substring) -> Bool { part.allSatisfy { $0 >= "0" && $0 <= "9" } }
        guard parts[0].count == 4, digits(parts[0]), let year = Int(parts[0]) else { return nil }
        switch (length, parts.count) {
        case (.year, 1):
            return Period(ordinal: year, calendar: self)
        case (.quarter, 2):
            guard parts[1].count == 2, parts[1].first == "Q", digits(parts[1].dropFirst()),
                  let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            return Period(ordinal: year * 4 + q - 1, calendar: self)
        case (.month, 2):
            guard parts[1].count == 2, digits(parts[1]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            return Period(ordinal: year * 12 + m - 1, calendar: self)
        default:
            return nil
        }
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}

/// One reporting period: a month, a quarter or a (fiscal) year.
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Orders periods; consecutive periods differ by one.
    public var ordinal: Int
    public var calendar: PeriodCalendar

    public init(ordinal: Int, calendar: PeriodCalendar) {
        self.ordinal = ordinal
        self.calendar = calendar
    }

    /// `2024-03`, `2024-Q1` or `2024`; fiscal quarters and years are `FY2025-Q1` and `FY2025`.
    public var label: String {
        let prefix = calendar.isFiscal ? "FY" : ""
        switch calendar.length {
        case .month:
            let year = PeriodCalendar.floorDivide(ordinal, 12), month = ordinal - year * 12 + 1
            return Self.fourDigits(year) + (month < 10 ? "-0\(month)" : "-\(month)")
        case .quarter:
            let year = PeriodCalendar.floorDivide(ordinal, 4), quarter = ordinal - year * 4 + 1
            return prefix + Self.fourDigits(year) + "-Q\(quarter)"
        case .year:
            return prefix + Self.fourDigits(ordinal)
        }
    }

    public var description: String { label }

    /// The first day of the period.
    public var start: Day { Self.firstDay(monthIndex: firstMonthIndex) }

    /// The last day of the period.
    public var end: Day { Self.firstDay(monthIndex: firstMonthIndex + monthCount).adding(days: -1) }

    /// The period just before this one.
    public var previous: Period { Period(ordinal: ordinal - 1, calendar: calendar) }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.ordinal < rhs.ordinal }

    private var monthCount: Int {
        switch calendar.length {
        case .month: 1
        case .quarter: 3
        case .year: 12
        }
    }

    /// Calendar months since January of year 0 of the period's first month.
    private var firstMonthIndex: Int {
        switch calendar.length {
        case .month: return ordinal
        case .quarter, .year:
            let fiscalMonths = ordinal * monthCount
            return fiscalMonths + calendar.fiscalYearStartMonth - 1 - (calendar.isFiscal ? 12 : 0)
        }
    }

    private static func firstDay(monthIndex: Int) -> Day {
        let year = PeriodCalendar.floorDivide(monthIndex, 12)
        let month = monthIndex - year * 12 + 1
        return Day(daysSince1970: Int32(truncatingIfNeeded: Day.daysFromCivil(year: year, month: month, day: 1)))
    }

    private static func fourDigits(_ year: Int) -> String {
        let digits = String(year.magnitude)
        return (year < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Day {
    /// The same day of the month `months` months later (earlier when negative), clamped to the
    /// end of a shorter month: 2024-03-31 minus one month is 2024-02-29.
    public func adding(months: Int) -> Day {
        let civil = Day.civilFromDays(Int(daysSince1970))
        let index = civil.year * 12 + civil.month - 1 + months
        let year = PeriodCalendar.floorDivide(index, 12)
        let month = index - year * 12 + 1
        let day = min(civil.day, Day.daysInMonth(year: year, month: month))
        return Day(daysSince1970: Int32(truncatingIfNeeded: Day.daysFromCivil(year: year, month: month, day: day)))
    }
}
