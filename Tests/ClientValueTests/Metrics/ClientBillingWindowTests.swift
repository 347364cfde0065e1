import Testing
@testable import ClientValue

/// The day with these fields; the tests only name real days.
private func day(_ year: Int, _ month: Int, _ day: Int) -> Day {
    guard let value = Day(year: year, month: month, day: day) else { fatalError("\(year)-\(month)-\(day) is not a day") }
    return value
}

private func money(_ minorUnits: Int64) -> Money { Money(minorUnits: minorUnits) }

@Suite("ClientBillingWindow")
struct ClientBillingWindowTests {
    // Worked by hand from the definition: the window runs from the day after the same date a
    // year earlier (clamped to the month's end) up to and including the as-of day.
    @Test("the trailing twelve months end on the as-of day and start the day after a year earlier", arguments: [
        (day(2024, 6, 30), day(2023, 7, 1), 366),    // includes 2024-02-29
        (day(2023, 6, 30), day(2022, 7, 1), 365),
        (day(2024, 2, 29), day(2023, 3, 1), 366),    // a year earlier is 2023-02-28 (clamped)
        (day(2025, 2, 28), day(2024, 2, 29), 366),   // a year earlier is 2024-02-28
        (day(2024, 3, 31), day(2023, 4, 1), 366),
        (day(2024, 1, 1), day(2023, 1, 2), 365),
        (day(2024, 12, 31), day(2024, 1, 1), 366),
    ])
    func trailingTwelveMonths(_ asOf: Day, _ first: Day, _ days: Int) {
        let billing = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        #expect(billing.window.lowerBound == first)
        #expect(billing.window.upperBound == asOf)
        #expect(billing.window.upperBound - billing.window.lowerBound + 1 == days)
        #expect(billing.totals.isEmpty && billing.linesRead == 0 && billing.linesInWindow == 0)
    }

    @Test("lines on both boundary days count, lines a day outside do not, credit notes are netted")
    func totals() throws {
        var billing = ClientBillingWindow(trailingTwelveMonthsTo: day(2024, 6, 30))
        // Client A: both boundary days in, the day before and the day after out.
        try billing.add(BillingLine(clientID: "A", invoiceDate: day(2023, 7, 1), amount: money(10_000), line: 2))
        try billing.add(BillingLine(clientID: "A", invoiceDate: day(2024, 6, 30), amount: money(5_050), line: 3))
        try billing.add(BillingLine(clientID: "A", invoiceDate: day(2023, 6, 30), amount: money(99_999), line: 4))
        try billing.add(BillingLine(clientID: "A", invoiceDate: day(2024, 7, 1), amount: money(99_999), line: 5))
        // Client B: a credit note larger than the invoice leaves a negative total.
        try billing.add(BillingLine(clientID: "B", invoiceDate: day(2024, 1, 15), amount: money(20_000), line: 6))
        try billing.add(clientID: "B", date: day(2024, 2, 29), amount: money(-25_000), line: 7)
        // Client C: a credit that cancels the invoice exactly.
        try billing.add(clientID: "C", date: day(2023, 12, 1), amount: money(12_345))
        try billing.add(clientID: "C", date: day(2023, 12, 2), amount: money(-12_345))
        // Client D: only outside the window.
        try billing.add(clientID: "D", date: day(2020, 1, 1), amount: money(1))

        #expect(billing.total(for: "A") == money(15_050))       // 100.00 + 50.50
        #expect(billing.total(for: "A").description == "150.50")
        #expect(billing.total(for: "B") == money(-5_000))       // 200.00 − 250.00
        #expect(billing.total(for: "C") == .zero)
        #expect(billing.total(for: "D") == .zero)
        #expect(billing.total(for: "nobody") == .zero)
        #expect(billing.totals == ["A": money(15_050), "B": money(-5_000), "C": .zero])
        #expect(billing.linesRead == 9)
        #expect(billing.linesInWindow == 6)
    }

    @Test("an explicit window counts exactly its days")
    func explicitWindow() throws {
        var billing = ClientBillingWindow(window: day(2024, 3, 1)...day(2024, 3, 1))
        try billing.add(clientID: "A", date: day(2024, 3, 1), amount: money(700))
        try billing.add(clientID: "A", date: day(2024, 2, 29), amount: money(1))
        try billing.add(clientID: "A", date: day(2024, 3, 2), amount: money(1))
        #expect(billing.total(for: "A") == money(700))
        #expect(billing.linesRead == 3 && billing.linesInWindow == 1)
    }

    @Test("a total beyond Int64 minor units throws with the client and line", arguments: [Int64.max, Int64.min])
    func overflow(_ extreme: Int64) throws {
        var billing = ClientBillingWindow(trailingTwelveMonthsTo: day(2024, 6, 30))
        let same = extreme > 0 ? money(1) : money(-1)
        try billing.add(BillingLine(clientID: "BIG", invoiceDate: day(2024, 1, 1), amount: money(extreme), line: 11))
        try billing.add(BillingLine(clientID: "OTHER", invoiceDate: day(2024, 1, 1), amount: money(extreme), line: 12))
        do {
            try billing.add(BillingLine(clientID: "BIG", invoiceDate: day(2024, 5, 1), amount: same, line: 13))
            Issue.record("expected BillingTotalOverflow")
        } catch {
            #expect(error == BillingTotalOverflow(clientID: "BIG", line: 13))
        }
        // The failing line leaves the total as it was; other clients are unaffected.
        #expect(billing.total(for: "BIG") == money(extreme))
        #expect(billing.total(for: "OTHER") == money(extreme))
        // Netting back towards zero still works.
        try billing.add(clientID: "BIG", date: day(2024, 5, 2), amount: money(-(extreme / 2)))
        #expect(billing.total(for: "BIG") == money(extreme - extreme / 2))
    }

    @Test("Int64.max minor units added twice overflows on the second line")
    func overflowTwice() {
        var billing = ClientBillingWindow(trailingTwelveMonthsTo: day(2024, 6, 30))
        #expect(throws: BillingTotalOverflow(clientID: "C1", line: 8)) {
            try billing.add(clientID: "C1", date: day(2024, 1, 1), amount: money(.max), line: 7)
            try billing.add(clientID: "C1", date: day(2024, 1, 2), amount: money(.max), line: 8)
        }
        // A line outside the window is never added, so it cannot overflow.
        #expect(throws: Never.self) {
            try billing.add(clientID: "C1", date: day(2000, 1, 1), amount: money(.max), line: 9)
        }
    }

    @Test("totals equal a direct sum of the lines in the window (seeded)")
    func matchesDirectSum() throws {
        var random = SplitMix64(seed: 0xB111)
        for _ in 0..<50 {
            let asOf = Day(daysSince1970: Int32(random.uniform(Int(day(2000, 1, 1).daysSince1970)...Int(day(2030, 12, 31).daysSince1970))))
            var billing = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
            let first = billing.window.lowerBound
            var expected = [String: Int64](), inWindow = 0
            let count = random.uniform(0...200)
            for line in 0..<count {
                let client = "C\(random.uniform(0...9))"
                let date = asOf.adding(days: random.uniform(-800...400))
                let amount = Int64(random.uniform(-1_000_000...5_000_000))
                try billing.add(clientID: client, date: date, amount: money(amount), line: line)
                if first <= date && date <= asOf {
                    expected[client, default: 0] += amount
                    inWindow += 1
                }
            }
            #expect(billing.totals.mapValues(\.minorUnits) == expected, "as of \(asOf)")
            #expect(billing.linesRead == count)
            #expect(billing.linesInWindow == inWindow)
            for client in (0...9).map({ "C\($0)" }) {
                #expect(billing.total(for: client).minorUnits == expected[client, default: 0])
            }
        }
    }
}
