import Foundation
import Testing
@testable import ClientValue

/// Issue 10, "Numeric edge cases", for the firm metrics: share of wallet, concentration,
/// segments and contact frequency on empty, single-client, constant and extreme input, and
/// money sums beyond Int64 hundredths, which must be a typed error, never a wrapped number.
@Suite("Numeric edge cases: wallet, concentration, segments, contacts")
struct MetricsEdgeCaseTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }
    static func money(_ cents: Int64) -> Money { Money(minorUnits: cents) }

    // MARK: Wallet Allocation Rule

    struct RuleCase: Sendable, CustomTestStringConvertible {
        var rank: Int, providers: Int
        /// nil: an error.
        var expected: Double?
        var error: WalletRuleError?
        var testDescription: String { "rank \(rank) of \(providers)" }
    }

    /// (1 − r/(n+1)) × 2/n: n = 1 → (1/2)·2 = 1; n = 3 → 1/2, 1/3, 1/6; for n = Int.max the
    /// shares are about 2/n and 2/n² (0 in Double: 1 − n/(n+1) rounds to 0).
    static let ruleCases: [RuleCase] = [
        RuleCase(rank: 1, providers: 1, expected: 1),
        RuleCase(rank: 1, providers: 3, expected: 0.5),
        RuleCase(rank: 2, providers: 3, expected: 1.0 / 3),
        RuleCase(rank: 3, providers: 3, expected: 1.0 / 6),
        RuleCase(rank: 4, providers: 3, expected: nil, error: .rankOutOfRange(rank: 4, providers: 3)),
        RuleCase(rank: 0, providers: 3, expected: nil, error: .rankOutOfRange(rank: 0, providers: 3)),
        RuleCase(rank: 1, providers: 0, expected: nil, error: .noProviders(0)),
        RuleCase(rank: -1, providers: -5, expected: nil, error: .noProviders(-5)),
        RuleCase(rank: 1, providers: .max, expected: 2 / Double(Int.max)),
        RuleCase(rank: .max, providers: .max, expected: 0),
    ]

    @Test("Wallet Allocation Rule: a rank beyond the providers, or no providers, is a typed error", arguments: ruleCases)
    func allocationRule(_ c: RuleCase) throws {
        if let error = c.error {
            #expect(throws: error) { try WalletAllocationRule.expectedShare(rank: c.rank, providers: c.providers) }
        } else {
            let share = try WalletAllocationRule.expectedShare(rank: c.rank, providers: c.providers)
            #expect(share.isApproximatelyEqual(to: c.expected ?? .nan, absoluteTolerance: 1e-15))
            #expect(share >= 0 && share <= 1)
        }
    }

    // MARK: Share of wallet

    static func analysis(_ entries: [WalletEntry], _ lines: [BillingLine] = []) throws -> ShareOfWalletAnalysis {
        var builder = ShareOfWalletBuilder(entries: entries)
        for line in lines { try builder.add(line) }
        return try builder.analysis()
    }

    @Test("share of wallet: no entries, a wallet of zero or less, and a reported share instead")
    func walletDegenerate() throws {
        let empty = try Self.analysis([])
        #expect(empty.shares.isEmpty && empty.byPartner.isEmpty && empty.revenue == .zero && empty.wallet == .zero && empty.headroom == .zero)
        expectEncodesFinite(empty)

        let billed = [BillingLine(clientID: "A", invoiceDate: Self.day(2024, 3, 1), amount: Self.money(50_000)),
                      BillingLine(clientID: "B", invoiceDate: Self.day(2024, 3, 1), amount: Self.money(50_000)),
                      BillingLine(clientID: "C", invoiceDate: Self.day(2024, 3, 1), amount: Self.money(50_000))]
        let result = try Self.analysis([WalletEntry(clientID: "A", year: 2024, walletEstimate: .zero),
                                        WalletEntry(clientID: "B", year: 2024, walletEstimate: Self.money(-100), reportedShare: 0.35),
                                        WalletEntry(clientID: "C", year: 2024, walletEstimate: Self.money(200_000), rank: 1, providers: 1)], billed)
        let a = try #require(result.shares.first { $0.clientID == "A" })
        #expect(a.share == nil && a.source == nil && a.flag == "the wallet estimate is zero or negative")
        let b = try #require(result.shares.first { $0.clientID == "B" })
        #expect(b.share == 0.35 && b.source == .reported && b.flag?.contains("reported share is used") == true)
        // C: 500.00 of 2,000.00 = 25%; one provider expects all of it: gap −75 points.
        let c = try #require(result.shares.first { $0.clientID == "C" })
        #expect(c.share == 0.25 && c.expectedShare == 1 && c.gap == -0.75 && c.headroom == Self.money(150_000))
        expectEncodesFinite(result)
    }

    @Test("share of wallet: a rank above the providers is a typed error")
    func walletRank() {
        #expect(throws: ShareOfWalletError.rule(.rankOutOfRange(rank: 4, providers: 3))) {
            try Self.analysis([WalletEntry(clientID: "A", year: 2024, walletEstimate: Self.money(100), rank: 4, providers: 3)])
        }
    }

    struct OverflowCase: Sendable, CustomTestStringConvertible {
        var name: String
        var entries: [WalletEntry]
        var lines: [BillingLine]
        /// What the error names.
        var what: String
        var testDescription: String { name }
    }

    static let walletOverflows: [OverflowCase] = [
        // Each estimate fits; their sum, 2 × Int64.max hundredths, does not.
        OverflowCase(name: "the wallets of two client-years", entries: [WalletEntry(clientID: "A", year: 2024, walletEstimate: money(.max)),
                                                                        WalletEntry(clientID: "B", year: 2024, walletEstimate: money(.max))],
                     lines: [], what: "wallet"),
        // wallet − billing = Int64.max − (−1): one more than Int64 holds.
        OverflowCase(name: "a headroom", entries: [WalletEntry(clientID: "A", year: 2024, walletEstimate: money(.max))],
                     lines: [BillingLine(clientID: "A", invoiceDate: day(2024, 5, 1), amount: money(-1))], what: "headroom"),
        OverflowCase(name: "the revenue of two client-years", entries: [WalletEntry(clientID: "A", year: 2024, walletEstimate: money(1)),
                                                                        WalletEntry(clientID: "B", year: 2024, walletEstimate: money(1))],
                     lines: [BillingLine(clientID: "A", invoiceDate: day(2024, 5, 1), amount: money(.max)),
                             BillingLine(clientID: "B", invoiceDate: day(2024, 5, 1), amount: money(.max))], what: "revenue"),
    ]

    @Test("share of wallet: a sum beyond Int64 hundredths is a typed error, not a wrap", arguments: walletOverflows)
    func walletOverflow(_ c: OverflowCase) {
        #expect {
            try Self.analysis(c.entries, c.lines)
        } throws: { error in
            guard case .totalTooLarge(let what) = error as? ShareOfWalletError else { return false }
            return what.contains(c.what) && (error as? ShareOfWalletError)?.message.hasSuffix("is too large to add up") == true
        }
    }

    /// A's client-year total nets to Int64.max, but its lines under Pat alone pass it.
    @Test("share of wallet: a partner's billing beyond Int64 is an error at its line")
    func walletPartnerOverflow() {
        var builder = ShareOfWalletBuilder(entries: [WalletEntry(clientID: "A", year: 2024, walletEstimate: Self.money(100))])
        #expect(throws: BillingTotalOverflow(clientID: "A", line: 3)) {
            try builder.add(BillingLine(clientID: "A", invoiceDate: Self.day(2024, 1, 1), amount: Self.money(.max), partner: "Pat", line: 1))
            try builder.add(BillingLine(clientID: "A", invoiceDate: Self.day(2024, 1, 2), amount: Self.money(-.max), partner: "Quinn", line: 2))
            try builder.add(BillingLine(clientID: "A", invoiceDate: Self.day(2024, 1, 3), amount: Self.money(.max), partner: "Pat", line: 3))
        }
    }

    // MARK: Concentration

    struct ConcentrationCase: Sendable, CustomTestStringConvertible {
        var name: String
        var revenues: [Int64]
        var clients: Int, without: Int
        var hhi: Double, gini: Double, top1: Double
        var testDescription: String { name }
    }

    /// By the definitions: HHI = Σ (100 sᵢ)²; Gini = Σ (2i − n − 1) xᵢ / (n Σ x) ascending.
    static let concentrationCases: [ConcentrationCase] = [
        ConcentrationCase(name: "no clients", revenues: [], clients: 0, without: 0, hhi: 0, gini: 0, top1: 0),
        ConcentrationCase(name: "no client with positive revenue", revenues: [0, -500, 0], clients: 0, without: 3, hhi: 0, gini: 0, top1: 0),
        // One client: s = 1, HHI 10,000; Gini (2 − 1 − 1)/1 = 0.
        ConcentrationCase(name: "one client", revenues: [12_345], clients: 1, without: 0, hhi: 10_000, gini: 0, top1: 1),
        // Four equal: s = 1/4, HHI 4 × 625 = 2,500; Gini (−3 − 1 + 1 + 3)/16 = 0.
        ConcentrationCase(name: "four clients billing the same", revenues: [100, 100, 100, 100], clients: 4, without: 0, hhi: 2_500, gini: 0, top1: 0.25),
        // Two clients of Int64.max: the sum does not fit Money, the shares (in Double) do.
        ConcentrationCase(name: "two clients of Int64.max", revenues: [.max, .max], clients: 2, without: 0, hhi: 5_000, gini: 0, top1: 0.5),
    ]

    @Test("concentration: empty, one client, all equal and extreme revenues give finite documented values", arguments: concentrationCases)
    func concentration(_ c: ConcentrationCase) {
        let result = RevenueConcentration(Dictionary(uniqueKeysWithValues: c.revenues.enumerated().map { ("C\($0.offset)", Self.money($0.element)) }))
        #expect(result.clients == c.clients && result.clientsWithoutRevenue == c.without)
        #expect(result.hhi.isApproximatelyEqual(to: c.hhi, absoluteTolerance: 1e-9))
        #expect(result.gini.isApproximatelyEqual(to: c.gini, absoluteTolerance: 1e-12))
        #expect(result.topShares.first?.share.isApproximatelyEqual(to: c.top1, absoluteTolerance: 1e-12) == true)
        #expect(result.abc.reduce(0) { $0 + $1.clients } == c.clients)
        if c.revenues.count == 2 && c.revenues[0] == .max {
            // Documented: held at Money's largest value, not wrapped.
            #expect(result.revenue == Self.money(.max) && result.abc.allSatisfy { $0.revenue.minorUnits >= 0 })
        }
        expectEncodesFinite(result)
    }

    /// A's and C's revenues are each 2^62 hundredths and B's −(2^62 − 1): every client, year,
    /// partner and practice-area total fits, but the clients' positive revenues add up to 2^63,
    /// one more than Money holds.
    static let concentrationOverflow = """
        client_id,invoice_date,amount
        A,2024-01-01,46116860184273879.04
        B,2024-02-01,-46116860184273879.03
        C,2025-01-01,46116860184273879.04

        """

    @Test("firm metrics: positive revenues beyond Int64 are an error at the line, line by line and read")
    func firmOverflow() throws {
        var builder = FirmMetricsBuilder()
        #expect(throws: BillingTotalOverflow(clientID: "C", line: 3)) {
            try builder.add(BillingLine(clientID: "A", invoiceDate: Self.day(2024, 1, 1), amount: Self.money(1 << 62), line: 1))
            try builder.add(BillingLine(clientID: "B", invoiceDate: Self.day(2024, 2, 1), amount: Self.money(-(1 << 62) + 1), line: 2))
            try builder.add(BillingLine(clientID: "C", invoiceDate: Self.day(2025, 1, 1), amount: Self.money(1 << 62), line: 3))
        }
        #expect {
            try FirmMetricsBuilder.read(.memory(Array(Self.concentrationOverflow.utf8)), file: "billing.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.position.line == 4 && error.columnName == "amount" && error.message.contains("too large")
        }
        // Without C the same file reads, and the concentration's revenue is exact.
        let withoutC = String(Self.concentrationOverflow.split(separator: "\n").prefix(3).joined(separator: "\n")) + "\n"
        let read = try FirmMetricsBuilder.read(.memory(Array(withoutC.utf8)))
        #expect(read.metrics.concentration.revenue == Self.money(1 << 62))
    }

    @Test("firm metrics: no lines, and lines of zero, give empty groups and no rates")
    func firmEmpty() throws {
        let empty = FirmMetricsBuilder().metrics()
        #expect(empty.byClient.isEmpty && empty.byYear.isEmpty && empty.concentration.clients == 0)
        expectEncodesFinite(empty)
        var zero = FirmMetricsBuilder()
        try zero.add(BillingLine(clientID: "A", invoiceDate: Self.day(2024, 1, 1), amount: .zero, collected: .zero, standardValue: .zero))
        let metrics = zero.metrics()
        // Σ standard value 0 and Σ amount 0: both rates undefined, so nil rather than 0/0.
        #expect(metrics.byClient.first?.realisation == nil && metrics.byClient.first?.collection == nil)
        #expect(metrics.concentration.clientsWithoutRevenue == 1)
        expectEncodesFinite(metrics)
    }

    // MARK: Client ledger and billing

    static func line(_ client: String, _ year: Int, _ cents: Int64, cost: Int64? = nil, line: Int) -> BillingLine {
        BillingLine(clientID: client, invoiceDate: day(year, 6, 1), amount: money(cents), cost: cost.map(money), line: line)
    }

    struct LedgerCase: Sendable, CustomTestStringConvertible {
        var name: String
        var lines: [BillingLine]
        var overflow: BillingTotalOverflow
        var testDescription: String { name }
    }

    static let ledgerOverflows: [LedgerCase] = [
        LedgerCase(name: "a client's revenue", lines: [line("A", 2024, .max, line: 1), line("A", 2024, 1, line: 2)],
                   overflow: BillingTotalOverflow(clientID: "A", line: 2)),
        // Each client fits; the firm's revenue, Int64.max + 1, does not.
        LedgerCase(name: "the firm's revenue", lines: [line("A", 2024, .max, line: 1), line("B", 2025, 1, line: 2)],
                   overflow: BillingTotalOverflow(clientID: "B", line: 2)),
        // Revenue and cost fit; profit = Int64.max − (−1) does not.
        LedgerCase(name: "a client's profit", lines: [line("A", 2024, .max, cost: -1, line: 1)], overflow: BillingTotalOverflow(clientID: "A", line: 1)),
        // Each client's and the firm's running totals stay within Int64 (0, 0, −max, 0, −max,
        // 0), but A's and C's 2024 invoices, both in the 2023 cohort, add up to 2 × max: the
        // cohort cell (2023, 2024) would wrap. Caught by 2024's invoices counted apart.
        LedgerCase(name: "a cohort cell", lines: [line("A", 2023, 0, line: 1), line("C", 2023, 0, line: 2), line("B", 2024, -.max, line: 3),
                                                  line("A", 2024, .max, line: 4), line("D", 2025, -.max, line: 5), line("C", 2024, .max, line: 6)],
                   overflow: BillingTotalOverflow(clientID: "C", line: 6)),
    ]

    @Test("client ledger: a total beyond Int64, for a client, the firm or a cohort, is an error at its line and changes nothing",
          arguments: ledgerOverflows)
    func ledgerOverflow(_ c: LedgerCase) throws {
        var ledger = ClientLedger(asOf: Self.day(2025, 12, 31))
        var before: ValueHistory?
        var thrown: BillingTotalOverflow?
        for line in c.lines {
            before = ledger.history()
            do {
                try ledger.add(line)
            } catch {
                thrown = error
                break
            }
        }
        #expect(thrown == c.overflow)
        #expect(ledger.history() == before, "the failing line left the ledger as it was")
        expectEncodesFinite(ledger.history())
    }

    @Test("client ledger: no lines, and a zero line with a cost, give no margin rather than 0/0")
    func ledgerEmpty() throws {
        let empty = ClientLedger(asOf: Self.day(2025, 12, 31)).history()
        #expect(empty.clients.isEmpty && empty.revenue == .zero && empty.cost == nil && empty.margin == nil && empty.cohorts.rows.isEmpty)
        expectEncodesFinite(empty)
        var ledger = ClientLedger(asOf: Self.day(2025, 12, 31))
        try ledger.add(Self.line("A", 2025, 0, cost: 500, line: 1))
        let history = ledger.history()
        #expect(history.margin == nil && history.profit == Self.money(-500) && history.clients.first?.margin == nil)
        expectEncodesFinite(history)
    }

    /// A's trailing total nets to Int64.max, and so do its 2024 and 2025 billings; its lines
    /// under Pat alone pass it. Read line by line, and by string codes (the parallel read).
    @Test("client billing: a partner's trailing billing beyond Int64 is an error at its line", arguments: [false, true])
    func billingPartnerOverflow(coded: Bool) throws {
        let text = """
            client_id,invoice_date,amount,partner
            A,2024-08-01,92233720368547758.07,Pat
            A,2024-09-01,-92233720368547758.07,Quinn
            A,2025-02-01,92233720368547758.07,Pat

            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cv-partner-overflow-\(UInt64.random(in: 0...UInt64.max)).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let plan = coded ? ParallelImport.Plan(minimumFileSize: 0, partCount: 2) : .sequential
        #expect {
            try ClientBilling.read(.file(path: path), file: "billing.csv", importOptions: ImportOptions(),
                                   options: ClientBillingOptions(asOf: Self.day(2025, 6, 30)), wallet: nil, plan: plan)
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.position.line == 4 && error.message.contains("too large")
        }
    }

    // MARK: Segments and contacts

    @Test("segments: no inputs, one client, all-equal and zero revenue give finite values and shares")
    func segments() throws {
        let asOf = Self.day(2025, 12, 31)
        let none = Segmentation(SegmentationInputs(asOf: asOf))
        #expect(none.clients.isEmpty && none.segments.isEmpty && none.focus.isEmpty)
        #expect(none.notAvailable == ["billing", "surveys", "contacts", "lifetime model"])
        expectEncodesFinite(none)

        func window(_ amounts: [String: Int64]) throws -> ClientBillingWindow {
            var window = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
            for (client, cents) in amounts.sorted(by: { $0.key < $1.key }) {
                try window.add(clientID: client, date: Self.day(2025, 6, 1), amount: Self.money(cents))
            }
            return window
        }
        // One client: all the value, tier A.
        let one = Segmentation(SegmentationInputs(asOf: asOf, trailingBilling: try window(["A": 10_000])))
        #expect(one.clients.map(\.valueTier) == ["A"] && one.segments.map(\.valueShare) == [1])
        // Four equal clients: each starts below 80% of the revenue (0, 25, 50, 75%), so all A.
        let equal = Segmentation(SegmentationInputs(asOf: asOf, trailingBilling: try window(["A": 500, "B": 500, "C": 500, "D": 500])))
        #expect(equal.clients.allSatisfy { $0.valueTier == "A" && $0.value == 5 })
        // No positive value: tier none, and every value share 0 rather than 0/0.
        let zero = Segmentation(SegmentationInputs(asOf: asOf, trailingBilling: try window(["A": 0, "B": -300])))
        #expect(zero.clients.allSatisfy { $0.valueTier == "none" && $0.value == 0 && $0.priority == 0 })
        #expect(zero.segments.allSatisfy { $0.valueShare == 0 })
        for result in [one, equal, zero] { expectEncodesFinite(result) }
    }

    @Test("contact frequency: no contacts gives empty counts; billed clients are listed as never contacted")
    func noContacts() throws {
        let asOf = Self.day(2025, 12, 31)
        let empty = ContactFrequencyBuilder().frequency(asOf: asOf)
        #expect(empty.clients == 0 && empty.contacts == 0 && empty.years.isEmpty && empty.belowThreshold.isEmpty)
        expectEncodesFinite(empty)
        // Documented: with nothing to date it by, "today" is 1970-01-01.
        #expect(ContactFrequencyBuilder().frequency().asOf == Day(daysSince1970: 0))
        var billing = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        try billing.add(clientID: "A", date: Self.day(2025, 6, 1), amount: Self.money(100))
        let billed = ContactFrequencyBuilder().frequency(asOf: asOf, billing: billing)
        #expect(billed.belowThreshold.map(\.clientID) == ["A"])
        #expect(billed.belowThreshold.first?.contacts == 0 && billed.belowThreshold.first?.daysSinceLastContact == nil)
        expectEncodesFinite(billed)
        // And the features built on it: no contact columns, not NaN-filled ones.
        var one = ContactFrequencyBuilder()
        one.add(ContactEvent(clientID: "A", contactDate: Self.day(2025, 12, 1)))
        #expect(one.trailingContacts(asOf: asOf) == ["A": 1] && one.daysSinceLastContact(asOf: asOf) == ["A": 30])
    }
}
