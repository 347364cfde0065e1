import Testing
@testable import ClientValue

@Suite("ClientLedger")
struct ClientLedgerTests {
    static func line(_ client: String, _ y: Int, _ m: Int, _ d: Int, _ amount: Int64, cost: Int64? = nil, standard: Int64? = nil,
                     collected: Int64? = nil, area: String? = nil) -> BillingLine {
        BillingLine(clientID: client, invoiceDate: Day(year: y, month: m, day: d)!, amount: Money(minorUnits: amount), clientName: "Name \(client)",
                    practiceArea: area, cost: cost.map(Money.init), collected: collected.map(Money.init), standardValue: standard.map(Money.init))
    }

    /// Worked by hand: A billed 1,000 (cost 600) in 2023 and 2,000 (cost 1,500) less a 500
    /// credit note in 2024; B billed 300 with no cost in 2024; one line after the as-of date.
    static func ledger(fiscalStart: Int = 1) throws -> ValueHistory {
        var ledger = ClientLedger(asOf: Day(year: 2024, month: 12, day: 31)!, fiscalYearStartMonth: fiscalStart)
        for l in [
            line("A", 2023, 3, 1, 100_000, cost: 60_000, standard: 125_000, collected: 100_000, area: "Tax"),
            line("A", 2024, 8, 1, 200_000, cost: 150_000, standard: 200_000, collected: 150_000, area: "Audit"),
            line("A", 2024, 9, 1, -50_000, area: "Audit"),
            line("B", 2024, 5, 1, 30_000),
            line("B", 2025, 1, 5, 99_900),
        ] { try ledger.add(l) }
        return ledger.history()
    }

    @Test("revenue, cost, profit and margin per client and year, exactly")
    func perClient() throws {
        let history = try Self.ledger()
        #expect(history.linesAfterAsOf == 1)
        let a = history.clients[0]
        #expect(a.clientName == "Name A")
        #expect(a.revenue == Money(minorUnits: 250_000))
        #expect(a.cost == Money(minorUnits: 210_000))
        // Profit over the costed lines: 3,000 − 2,100 = 900 → margin 0.3.
        #expect(a.profit == Money(minorUnits: 90_000))
        #expect(a.margin == 0.3)
        #expect(a.years.map(\.year) == ["2023", "2024"])
        #expect(a.years.map(\.revenue) == [Money(minorUnits: 100_000), Money(minorUnits: 150_000)])
        #expect(a.years[0].margin == 0.4)
        #expect(a.realisation == 300_000.0 / 325_000.0)
        #expect(a.collection == 250_000.0 / 300_000.0)
        #expect(a.practiceAreas == 2)
        #expect(a.firstInvoice == Day(year: 2023, month: 3, day: 1)! && a.lastInvoice == Day(year: 2024, month: 9, day: 1)!)
        #expect(abs(a.tenureYears - 671 / 365.2425) < 1e-12)
        #expect(abs(a.annualisedRevenue - 2500 / (671 / 365.2425)) < 1e-9)
        let b = history.clients[1]
        #expect(b.cost == nil && b.margin == nil && b.realisation == nil)
        #expect(b.annualisedRevenue == 300)   // tenure under a year counts as one
        #expect(history.revenue == Money(minorUnits: 280_000))
        #expect(history.margin == 0.3)
    }

    @Test("the cohort table: revenue by first-year cohort × year")
    func cohorts() throws {
        let cohorts = try Self.ledger().cohorts
        #expect(cohorts.years == ["2023", "2024"])
        #expect(cohorts.rows.map(\.cohort) == ["2023", "2024"])
        #expect(cohorts.rows[0].clients == 1 && cohorts.rows[0].revenue == [Money(minorUnits: 100_000), Money(minorUnits: 150_000)])
        #expect(cohorts.rows[1].revenue == [.zero, Money(minorUnits: 30_000)])
    }

    @Test("fiscal years starting in July label FY2023 (Mar 2023), FY2025 (Aug/Sep 2024) and FY2024 (May 2024)")
    func fiscal() throws {
        let history = try Self.ledger(fiscalStart: 7)
        #expect(history.clients[0].years.map(\.year) == ["FY2023", "FY2025"])
        #expect(history.cohorts.years == ["FY2023", "FY2024", "FY2025"])
    }

    @Test("a total that no longer fits in Money is an error, not a wrapped number")
    func overflow() {
        var ledger = ClientLedger(asOf: Day(year: 2024, month: 12, day: 31)!)
        #expect(throws: BillingTotalOverflow.self) {
            try ledger.add(Self.line("A", 2024, 1, 1, .max))
            try ledger.add(Self.line("A", 2024, 1, 2, 1))
        }
    }
}
