/// The length of a reporting period: the step in which scores, billing and contacts are
/// grouped over time, as in `clientvalue nps --period quarter`.
///
/// The raw values (`month`, `quarter`, `year`) are the words the command line and JSON use.
public enum PeriodLength: String, Sendable, Hashable, Codable, CaseIterable {
    /// A calendar month, labelled `2024-03`; never shifted by the fiscal year.
    case month
    /// Three months, labelled `2024-Q1`, or `FY2025-Q1` when the fiscal year does not start
    /// in January (the first quarter then starts in the fiscal year's first month).
    case quarter
    /// Twelve months, labelled `2024`, or `FY2025` for a fiscal year named after the calendar
    /// year in which it ends.
    case year
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
    /// How long each period is: a month, a quarter or a year.
    public var length: PeriodLength
    /// The month (1 = January ... 12 = December) the fiscal year starts in.
    public var fiscalYearStartMonth: Int

    /// A calendar of periods of one length, with the firm's fiscal year.
    ///
    /// ```swift
    /// let calendarYears = PeriodCalendar(length: .year)                        // 2024, 2025, ...
    /// let fiscalYears = PeriodCalendar(length: .year, fiscalYearStartMonth: 4)  // FY2025 = Apr 2024 – Mar 2025
    /// ```
    ///
    /// - Parameters:
    ///   - length: the length of every period: month, quarter or year.
    ///   - fiscalYearStartMonth: the month the fiscal year starts in, 1 (January, the default:
    ///     calendar years) ... 12. It moves quarters and years, not months.
    /// - Precondition: none; a start month outside 1...12 is treated as January.
    public init(length: PeriodLength, fiscalYearStartMonth: Int = 1) {
        self.length = length
        self.fiscalYearStartMonth = (1...12).contains(fiscalYearStartMonth) ? fiscalYearStartMonth : 1
    }

    var isFiscal: Bool { fiscalYearStartMonth != 1 }

    /// The period a day falls in: the month, quarter or (fiscal) year that a billing line,
    /// a survey response or a contact is counted in.
    ///
    /// ```swift
    /// let quarters = PeriodCalendar(length: .quarter)
    /// let period = quarters.period(containing: Day(year: 2024, month: 5, day: 2)!)
    /// print(period.label, period.start, period.end)   // 2024-Q2 2024-04-01 2024-06-30
    /// ```
    ///
    /// - Parameter day: any day; days before year 1 and after year 9999 work too.
    /// - Returns: the period whose ``Period/start`` ... ``Period/end`` holds `day`.
    /// - Complexity: O(1).
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
    ///
    /// This is the inverse of ``Period/label``, for periods named on the command line or read
    /// back from a report. Letters may be in either case (`fy2025-q1`); the year must have four
    /// digits, and the `FY` prefix must be there exactly when this calendar's quarters and
    /// years are fiscal.
    ///
    /// ```swift
    /// let calendar = PeriodCalendar(length: .quarter, fiscalYearStartMonth: 7)
    /// calendar.period(labelled: "FY2025-Q1")?.start   // 2024-07-01
    /// calendar.period(labelled: "2024-Q3")            // nil: this calendar writes FY labels
    /// ```
    ///
    /// - Parameter label: a period label such as `2024`, `FY2025`, `2024-Q3`, `FY2025-Q1` or
    ///   `2024-03`, of this calendar's ``length``.
    /// - Returns: the period, or `nil` for a label of another length or form.
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

/// ``PeriodCalendar/ordinal(of:)`` for days that come in runs within one period (an
/// export's lines, grouped by client and dated in order): the last period's first and last
/// day are kept, so a day inside it costs two comparisons instead of a calendar conversion.
/// Days outside years 1 to 9999 are converted each time.
struct PeriodOrdinalCache {
    let calendar: PeriodCalendar
    private var first = Int32.max, last = Int32.min, ordinal = 0

    init(_ calendar: PeriodCalendar) {
        self.calendar = calendar
    }

    /// The same number as `calendar.ordinal(of: day)`.
    @inline(__always)
    mutating func ordinal(of day: Day) -> Int {
        let d = day.daysSince1970
        if d >= first && d <= last { return ordinal }
        let value = calendar.ordinal(of: day)
        // 0001-01-01 ... 9999-12-31, where a period's bounds are ordinary days.
        guard d >= -719_162 && d <= 2_932_896 else { return value }
        let period = Period(ordinal: value, calendar: calendar)
        first = period.start.daysSince1970
        last = period.end.daysSince1970
        ordinal = value
        return value
    }
}

/// One reporting period: a month, a quarter or a (fiscal) year.
///
/// A period is an ordinal counted in its ``calendar``'s lengths, so consecutive periods
/// differ by one and periods sort in time order. NPS trends, the billing ledger and contact
/// counts use periods as their group keys, and print them with ``label``.
///
/// ```swift
/// let calendar = PeriodCalendar(length: .year, fiscalYearStartMonth: 7)
/// let fy = calendar.period(containing: Day(year: 2024, month: 8, day: 15)!)
/// print(fy.label, fy.start, fy.end)   // FY2025 2024-07-01 2025-06-30
/// print(fy.previous.label)            // FY2024
/// ```
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Orders periods; consecutive periods differ by one.
    public var ordinal: Int
    /// The calendar the period belongs to: its length and the fiscal year's start month.
    public var calendar: PeriodCalendar

    /// The period with a given ordinal in `calendar`, for stepping through a range of periods.
    ///
    /// Ordinals count periods of the calendar's length from fiscal year 0: months are
    /// `year × 12 + month − 1`, quarters `fiscalYear × 4 + quarter − 1` and years the
    /// (fiscal) year itself. Use ``PeriodCalendar/period(containing:)`` to get the period of
    /// a day rather than computing ordinals by hand.
    ///
    /// - Parameters:
    ///   - ordinal: the period's position in `calendar`; consecutive periods differ by one.
    ///   - calendar: the calendar the ordinal counts in.
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

    /// The period's ``label``, such as `2024-Q1`.
    public var description: String { label }

    /// The first day of the period.
    public var start: Day { Self.firstDay(monthIndex: firstMonthIndex) }

    /// The last day of the period.
    public var end: Day { Self.firstDay(monthIndex: firstMonthIndex + monthCount).adding(days: -1) }

    /// The period just before this one.
    public var previous: Period { Period(ordinal: ordinal - 1, calendar: calendar) }

    /// Whether `lhs` comes before `rhs`, by ordinal; meant for periods of the same calendar.
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
    ///
    /// Horizons and windows given in months (a 12-month CLV horizon, trailing-12-month
    /// revenue) start or end on the day this returns.
    ///
    /// ```swift
    /// let asOf = Day(year: 2024, month: 12, day: 31)!
    /// print(asOf.adding(months: -12))   // 2023-12-31
    /// print(Day(year: 2024, month: 1, day: 31)!.adding(months: 1))   // 2024-02-29
    /// ```
    ///
    /// - Parameter months: the number of calendar months to move; negative moves back.
    /// - Returns: the new day; the receiver is unchanged.
    public func adding(months: Int) -> Day {
        let civil = Day.civilFromDays(Int(daysSince1970))
        let index = civil.year * 12 + civil.month - 1 + months
        let year = PeriodCalendar.floorDivide(index, 12)
        let month = index - year * 12 + 1
        let day = min(civil.day, Day.daysInMonth(year: year, month: month))
        return Day(daysSince1970: Int32(truncatingIfNeeded: Day.daysFromCivil(year: year, month: month, day: day)))
    }
}
