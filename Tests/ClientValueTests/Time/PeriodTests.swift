import Foundation
import Testing
@testable import ClientValue

// Every expected label and boundary day below was worked out by hand from the definitions in
// Period.swift's documentation: months are calendar months; a fiscal year starting in month
// s ≠ 1 is named after the calendar year it ends in (start 7: FY2025 = 2024-07-01 ... 2025-06-30);
// quarters are the fiscal year's months 1-3, 4-6, 7-9, 10-12. Month lengths are the Gregorian ones
// (February 2024 has 29 days, February 2023 and 1900 have 28, February 2000 has 29).

/// The day with these fields; the tests only name real days.
private func day(_ year: Int, _ month: Int, _ day: Int) -> Day {
    guard let value = Day(year: year, month: month, day: day) else { fatalError("\(year)-\(month)-\(day) is not a day") }
    return value
}

@Suite("PeriodCalendar and Period")
struct PeriodTests {
    struct Known: Sendable, CustomTestStringConvertible {
        var length: PeriodLength
        var fiscalStart: Int
        var day: Day
        var label: String
        var start: Day, end: Day
        var previous: String
        var testDescription: String { "\(day) in \(length) (FY from month \(fiscalStart)) is \(label)" }
    }

    static let known: [Known] = [
        // Calendar months.
        Known(length: .month, fiscalStart: 1, day: day(2024, 3, 15), label: "2024-03", start: day(2024, 3, 1), end: day(2024, 3, 31), previous: "2024-02"),
        Known(length: .month, fiscalStart: 1, day: day(2024, 2, 10), label: "2024-02", start: day(2024, 2, 1), end: day(2024, 2, 29), previous: "2024-01"),
        Known(length: .month, fiscalStart: 1, day: day(2023, 2, 28), label: "2023-02", start: day(2023, 2, 1), end: day(2023, 2, 28), previous: "2023-01"),
        Known(length: .month, fiscalStart: 1, day: day(2024, 1, 1), label: "2024-01", start: day(2024, 1, 1), end: day(2024, 1, 31), previous: "2023-12"),
        Known(length: .month, fiscalStart: 1, day: day(2024, 12, 31), label: "2024-12", start: day(2024, 12, 1), end: day(2024, 12, 31), previous: "2024-11"),
        Known(length: .month, fiscalStart: 1, day: day(1900, 2, 14), label: "1900-02", start: day(1900, 2, 1), end: day(1900, 2, 28), previous: "1900-01"),
        // Months stay calendar months (and carry no FY prefix) under a fiscal calendar.
        Known(length: .month, fiscalStart: 7, day: day(2024, 8, 15), label: "2024-08", start: day(2024, 8, 1), end: day(2024, 8, 31), previous: "2024-07"),
        // Calendar quarters and years.
        Known(length: .quarter, fiscalStart: 1, day: day(2024, 2, 29), label: "2024-Q1", start: day(2024, 1, 1), end: day(2024, 3, 31), previous: "2023-Q4"),
        Known(length: .quarter, fiscalStart: 1, day: day(2024, 4, 1), label: "2024-Q2", start: day(2024, 4, 1), end: day(2024, 6, 30), previous: "2024-Q1"),
        Known(length: .quarter, fiscalStart: 1, day: day(2024, 9, 30), label: "2024-Q3", start: day(2024, 7, 1), end: day(2024, 9, 30), previous: "2024-Q2"),
        Known(length: .quarter, fiscalStart: 1, day: day(2024, 12, 31), label: "2024-Q4", start: day(2024, 10, 1), end: day(2024, 12, 31), previous: "2024-Q3"),
        Known(length: .year, fiscalStart: 1, day: day(2024, 7, 4), label: "2024", start: day(2024, 1, 1), end: day(2024, 12, 31), previous: "2023"),
        Known(length: .year, fiscalStart: 1, day: day(2000, 1, 1), label: "2000", start: day(2000, 1, 1), end: day(2000, 12, 31), previous: "1999"),
        // Fiscal year from July: FY2025 = 2024-07-01 ... 2025-06-30.
        Known(length: .quarter, fiscalStart: 7, day: day(2024, 8, 15), label: "FY2025-Q1", start: day(2024, 7, 1), end: day(2024, 9, 30), previous: "FY2024-Q4"),
        Known(length: .quarter, fiscalStart: 7, day: day(2024, 7, 1), label: "FY2025-Q1", start: day(2024, 7, 1), end: day(2024, 9, 30), previous: "FY2024-Q4"),
        Known(length: .quarter, fiscalStart: 7, day: day(2024, 6, 30), label: "FY2024-Q4", start: day(2024, 4, 1), end: day(2024, 6, 30), previous: "FY2024-Q3"),
        Known(length: .quarter, fiscalStart: 7, day: day(2024, 12, 31), label: "FY2025-Q2", start: day(2024, 10, 1), end: day(2024, 12, 31), previous: "FY2025-Q1"),
        Known(length: .quarter, fiscalStart: 7, day: day(2025, 1, 15), label: "FY2025-Q3", start: day(2025, 1, 1), end: day(2025, 3, 31), previous: "FY2025-Q2"),
        Known(length: .year, fiscalStart: 7, day: day(2024, 7, 1), label: "FY2025", start: day(2024, 7, 1), end: day(2025, 6, 30), previous: "FY2024"),
        Known(length: .year, fiscalStart: 7, day: day(2024, 6, 30), label: "FY2024", start: day(2023, 7, 1), end: day(2024, 6, 30), previous: "FY2023"),
        // Fiscal year from April: FY2025 = 2024-04-01 ... 2025-03-31.
        Known(length: .year, fiscalStart: 4, day: day(2024, 4, 1), label: "FY2025", start: day(2024, 4, 1), end: day(2025, 3, 31), previous: "FY2024"),
        Known(length: .quarter, fiscalStart: 4, day: day(2024, 3, 31), label: "FY2024-Q4", start: day(2024, 1, 1), end: day(2024, 3, 31), previous: "FY2024-Q3"),
        // Fiscal year from October: FY2024 = 2023-10-01 ... 2024-09-30.
        Known(length: .year, fiscalStart: 10, day: day(2023, 10, 1), label: "FY2024", start: day(2023, 10, 1), end: day(2024, 9, 30), previous: "FY2023"),
        Known(length: .quarter, fiscalStart: 10, day: day(2023, 12, 31), label: "FY2024-Q1", start: day(2023, 10, 1), end: day(2023, 12, 31), previous: "FY2023-Q4"),
        // Fiscal year from February: FY2024 = 2023-02-01 ... 2024-01-31; its Q4 spans a year end.
        Known(length: .year, fiscalStart: 2, day: day(2024, 1, 31), label: "FY2024", start: day(2023, 2, 1), end: day(2024, 1, 31), previous: "FY2023"),
        Known(length: .quarter, fiscalStart: 2, day: day(2024, 1, 31), label: "FY2024-Q4", start: day(2023, 11, 1), end: day(2024, 1, 31), previous: "FY2024-Q3"),
        Known(length: .quarter, fiscalStart: 2, day: day(2024, 2, 1), label: "FY2025-Q1", start: day(2024, 2, 1), end: day(2024, 4, 30), previous: "FY2024-Q4"),
        // Fiscal year from December: FY2024 = 2023-12-01 ... 2024-11-30; Q1 ends on 29 February.
        Known(length: .year, fiscalStart: 12, day: day(2023, 12, 1), label: "FY2024", start: day(2023, 12, 1), end: day(2024, 11, 30), previous: "FY2023"),
        Known(length: .quarter, fiscalStart: 12, day: day(2024, 2, 29), label: "FY2024-Q1", start: day(2023, 12, 1), end: day(2024, 2, 29), previous: "FY2023-Q4"),
        Known(length: .quarter, fiscalStart: 12, day: day(2023, 11, 30), label: "FY2023-Q4", start: day(2023, 9, 1), end: day(2023, 11, 30), previous: "FY2023-Q3"),
    ]

    @Test("label, first and last day and previous period", arguments: known)
    func knownPeriods(_ k: Known) throws {
        let calendar = PeriodCalendar(length: k.length, fiscalYearStartMonth: k.fiscalStart)
        let period = calendar.period(containing: k.day)
        #expect(period.label == k.label)
        #expect(period.description == k.label)
        #expect(period.start == k.start)
        #expect(period.end == k.end)
        #expect(period.previous.label == k.previous)
        #expect(period.previous.end.adding(days: 1) == period.start)
        #expect(calendar.period(labelled: k.label) == period)
    }

    @Test("the documentation's example: 2024-08-15 is in FY2025-Q1 for a July fiscal year")
    func documentedExample() {
        let calendar = PeriodCalendar(length: .quarter, fiscalYearStartMonth: 7)
        #expect(calendar.period(containing: day(2024, 8, 15)).label == "FY2025-Q1")
    }

    @Test("a start month outside 1...12 is taken as January", arguments: [0, 13, -3, 100])
    func invalidStartMonth(_ month: Int) {
        let calendar = PeriodCalendar(length: .year, fiscalYearStartMonth: month)
        #expect(calendar.fiscalYearStartMonth == 1)
        #expect(calendar == PeriodCalendar(length: .year))
        #expect(calendar.period(containing: day(2024, 7, 1)).label == "2024")
    }

    @Test("labels are read back case-insensitively", arguments: [
        (PeriodLength.quarter, 7, "fy2025-q1", "FY2025-Q1"), (.year, 7, "fy2025", "FY2025"),
        (.quarter, 1, "2024-q3", "2024-Q3"), (.month, 1, "2024-03", "2024-03"), (.year, 1, "0999", "0999"),
    ])
    func labelsRead(_ length: PeriodLength, _ fiscalStart: Int, _ text: String, _ label: String) throws {
        let calendar = PeriodCalendar(length: length, fiscalYearStartMonth: fiscalStart)
        let period = try #require(calendar.period(labelled: text))
        #expect(period.label == label)
        #expect(period.calendar == calendar)
    }

    @Test("labels the calendar does not write are rejected", arguments: [
        // Calendar quarters.
        (PeriodLength.quarter, 1, "2024-Q5"), (.quarter, 1, "2024-Q0"), (.quarter, 1, "2024-Q"), (.quarter, 1, "2024-Q01"),
        (.quarter, 1, "2024-1"), (.quarter, 1, "2024"), (.quarter, 1, "2024-03"), (.quarter, 1, "FY2025-Q1"),
        (.quarter, 1, "24-Q1"), (.quarter, 1, "2024-Q1 "), (.quarter, 1, "2024-Q1-01"),
        // Calendar years.
        (.year, 1, "FY2025"), (.year, 1, "24"), (.year, 1, "20245"), (.year, 1, ""), (.year, 1, "2024-"), (.year, 1, "-2024"),
        (.year, 1, " 2024"), (.year, 1, "2024-Q1"), (.year, 1, "year"),
        // Months.
        (.month, 1, "2024-13"), (.month, 1, "2024-00"), (.month, 1, "2024-3"), (.month, 1, "2024-003"), (.month, 1, "2024"),
        (.month, 1, "2024-03-01"), (.month, 1, "2024-Q1"), (.month, 7, "FY2025-03"), (.month, 7, "FY2025-Q1"),
        // Fiscal calendars need the FY prefix, and only on quarters and years.
        (.year, 7, "2025"), (.quarter, 7, "2025-Q1"), (.quarter, 7, "FY2025"), (.year, 7, "FY2025-Q1"), (.year, 7, "FY25"),
        (.quarter, 7, "FYFY2025-Q1"),
    ])
    func labelsRejected(_ length: PeriodLength, _ fiscalStart: Int, _ text: String) {
        let calendar = PeriodCalendar(length: length, fiscalYearStartMonth: fiscalStart)
        #expect(calendar.period(labelled: text) == nil)
    }

    @Test("a signed year or month is not a label the calendar writes")
    func signedFieldsRejected() {
        // `Int("+024")` is 24 and has four characters: the parser must check for digits itself.
        #expect(PeriodCalendar(length: .year).period(labelled: "+024") == nil)
        #expect(PeriodCalendar(length: .month).period(labelled: "2024-+3") == nil)
    }

    @Test("periods are ordered by time, and consecutive periods are one apart")
    func ordering() throws {
        let quarters = PeriodCalendar(length: .quarter, fiscalYearStartMonth: 7)
        let labels = ["FY2025-Q2", "FY2024-Q4", "FY2025-Q1", "FY2023-Q1", "FY2025-Q4"]
        let periods = try labels.map { try #require(quarters.period(labelled: $0)) }
        #expect(periods.sorted().map(\.label) == ["FY2023-Q1", "FY2024-Q4", "FY2025-Q1", "FY2025-Q2", "FY2025-Q4"])
        let q1 = try #require(quarters.period(labelled: "FY2025-Q1"))
        let q4 = try #require(quarters.period(labelled: "FY2024-Q4"))
        #expect(q4 < q1)
        #expect(q1.previous == q4)
        #expect(q1.ordinal - q4.ordinal == 1)

        let months = PeriodCalendar(length: .month)
        let december = months.period(containing: day(2023, 12, 31)), january = months.period(containing: day(2024, 1, 1))
        #expect(december < january)
        #expect(january.ordinal - december.ordinal == 1)
        #expect(!(january < january))
        // Every calendar's periods come in the same order as the days they contain.
        for length in PeriodLength.allCases {
            let calendar = PeriodCalendar(length: length, fiscalYearStartMonth: 4)
            let days = [day(2023, 3, 31), day(2023, 4, 1), day(2024, 2, 29), day(2024, 12, 31), day(2025, 1, 1)]
            let ordinals = days.map { calendar.period(containing: $0).ordinal }
            #expect(ordinals == ordinals.sorted(), "\(length)")
        }
    }

    @Test("periods encode and decode")
    func codable() throws {
        let period = PeriodCalendar(length: .quarter, fiscalYearStartMonth: 7).period(containing: day(2024, 8, 15))
        let data = try JSONEncoder().encode(period)
        #expect(try JSONDecoder().decode(Period.self, from: data) == period)
    }

    @Test("every day lies in its period, which starts right after the previous one ends (seeded)")
    func properties() {
        var random = SplitMix64(seed: 2024)
        let first = day(1900, 1, 1).daysSince1970, last = day(2100, 12, 31).daysSince1970
        var calendars = [PeriodCalendar]()
        for length in PeriodLength.allCases {
            for start in 1...12 { calendars.append(PeriodCalendar(length: length, fiscalYearStartMonth: start)) }
        }
        for _ in 0..<400 {
            let d = Day(daysSince1970: Int32(random.uniform(Int(first)...Int(last))))
            for calendar in calendars {
                let period = calendar.period(containing: d)
                let context: Comment = "\(d) \(calendar.length) from month \(calendar.fiscalYearStartMonth): \(period.label)"
                #expect(period.start <= d && d <= period.end, context)
                #expect(calendar.period(containing: period.start) == period, context)
                #expect(calendar.period(containing: period.end) == period, context)
                #expect(calendar.period(containing: period.end.adding(days: 1)).ordinal == period.ordinal + 1, context)
                #expect(period.previous.end.adding(days: 1) == period.start, context)
                #expect(calendar.period(labelled: period.label) == period, context)
                #expect(period.label == Self.referenceLabel(d, calendar), context)
            }
        }
    }

    /// The label from the definition, worked out directly from the day's fields: the fiscal
    /// year is the calendar year, plus one from the start month on when the year is fiscal;
    /// the quarter counts months from the start month.
    static func referenceLabel(_ d: Day, _ calendar: PeriodCalendar) -> String {
        let start = calendar.fiscalYearStartMonth
        let fiscal = start != 1
        let fiscalYear = d.year + (fiscal && d.month >= start ? 1 : 0)
        let quarter = (d.month - start + 12) % 12 / 3 + 1
        let month = d.month < 10 ? "0\(d.month)" : "\(d.month)"
        switch calendar.length {
        case .month: return "\(d.year)-\(month)"
        case .quarter: return (fiscal ? "FY" : "") + "\(fiscalYear)-Q\(quarter)"
        case .year: return (fiscal ? "FY" : "") + "\(fiscalYear)"
        }
    }
}

@Suite("Day.adding(months:)")
struct DayAddingMonthsTests {
    // Worked by hand: the same day of the month, clamped to the last day of a shorter month.
    @Test("moves by calendar months and clamps to the end of a shorter month", arguments: [
        (day(2024, 3, 31), -1, day(2024, 2, 29)),
        (day(2023, 3, 31), -1, day(2023, 2, 28)),
        (day(2024, 1, 31), 1, day(2024, 2, 29)),
        (day(2024, 1, 31), 13, day(2025, 2, 28)),
        (day(2024, 5, 31), 1, day(2024, 6, 30)),
        (day(2024, 8, 31), -6, day(2024, 2, 29)),
        (day(2024, 10, 31), -25, day(2022, 9, 30)),
        (day(2000, 1, 31), 1, day(2000, 2, 29)),
        (day(1900, 1, 31), 1, day(1900, 2, 28)),
        (day(2024, 12, 15), 1, day(2025, 1, 15)),
        (day(2025, 1, 15), -1, day(2024, 12, 15)),
        (day(2024, 1, 1), -1, day(2023, 12, 1)),
        (day(2024, 2, 29), 12, day(2025, 2, 28)),
        (day(2024, 2, 29), -12, day(2023, 2, 28)),
        (day(2024, 2, 29), 48, day(2028, 2, 29)),
        (day(2024, 6, 30), -12, day(2023, 6, 30)),
        (day(2024, 3, 5), 0, day(2024, 3, 5)),
        (day(1999, 12, 31), 1, day(2000, 1, 31)),
        (day(2024, 7, 31), -120, day(2014, 7, 31)),
    ])
    func known(_ from: Day, _ months: Int, _ expected: Day) {
        #expect(from.adding(months: months) == expected)
    }

    @Test("keeps the day of the month when it exists, else takes the month's last day (seeded)")
    func properties() {
        var random = SplitMix64(seed: 99)
        let first = day(1900, 1, 1).daysSince1970, last = day(2100, 12, 31).daysSince1970
        for _ in 0..<5000 {
            let d = Day(daysSince1970: Int32(random.uniform(Int(first)...Int(last))))
            let months = random.uniform(-300...300)
            let moved = d.adding(months: months)
            #expect((moved.year * 12 + moved.month) - (d.year * 12 + d.month) == months, "\(d) + \(months)")
            #expect(moved.day == min(d.day, Day.daysInMonth(year: moved.year, month: moved.month)), "\(d) + \(months)")
            if d.day <= 28 { #expect(moved.adding(months: -months) == d, "\(d) + \(months)") }
        }
    }
}

@Suite("PeriodOrdinalCache")
struct PeriodOrdinalCacheTests {
    static let calendars: [PeriodCalendar] = [
        PeriodCalendar(length: .month), PeriodCalendar(length: .quarter), PeriodCalendar(length: .year),
        PeriodCalendar(length: .quarter, fiscalYearStartMonth: 7), PeriodCalendar(length: .year, fiscalYearStartMonth: 4),
        PeriodCalendar(length: .year, fiscalYearStartMonth: 12),
    ]

    @Test("gives the calendar's ordinal for runs of nearby days, jumps and extreme days", arguments: calendars)
    func sameAsCalendar(calendar: PeriodCalendar) {
        var random = SplitMix64(seed: UInt64(calendar.fiscalYearStartMonth * 10) + UInt64(calendar.length == .month ? 1 : calendar.length == .quarter ? 2 : 3))
        var cache = PeriodOrdinalCache(calendar)
        var day: Int32 = 18_000
        for step in 0..<20_000 {
            switch random.uniform(below: 20) {
            case 0: day = Int32(truncatingIfNeeded: random.uniform(-800_000...3_000_000))     // anywhere, year 0 to 10,000
            case 1: day = [Int32.min, Int32.max, -719_163, -719_162, 2_932_896, 2_932_897][Int(random.uniform(below: 6))]
            default: day = day &+ Int32(random.uniform(-3...40))                               // the next line of a run
            }
            #expect(cache.ordinal(of: Day(daysSince1970: day)) == calendar.ordinal(of: Day(daysSince1970: day)), "step \(step), day \(day)")
        }
    }

    @Test("the last day of a period and the first of the next are told apart")
    func periodEdges() {
        let calendar = PeriodCalendar(length: .year, fiscalYearStartMonth: 4)
        var cache = PeriodOrdinalCache(calendar)
        let lastOfFY2025 = Day(year: 2025, month: 3, day: 31)!, firstOfFY2026 = Day(year: 2025, month: 4, day: 1)!
        #expect(cache.ordinal(of: lastOfFY2025) == calendar.ordinal(of: lastOfFY2025))
        #expect(cache.ordinal(of: firstOfFY2026) == calendar.ordinal(of: lastOfFY2025) + 1)
        #expect(cache.ordinal(of: lastOfFY2025) == calendar.ordinal(of: lastOfFY2025))
    }
}
