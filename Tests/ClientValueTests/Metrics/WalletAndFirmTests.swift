import Foundation
import Testing
@testable import ClientValue

@Suite("WalletAllocationRule")
struct WalletAllocationRuleTests {
    /// The rule's table, worked by hand from (1 − r/(n+1)) × 2/n; n = 3 and n = 4 are the
    /// issue's published rows.
    static let publishedTable: [(providers: Int, shares: [Double])] = [
        (1, [1.0]),
        (2, [2.0 / 3, 1.0 / 3]),
        (3, [0.5, 1.0 / 3, 1.0 / 6]),
        (4, [0.4, 0.3, 0.2, 0.1]),
        (5, [1.0 / 3, 4.0 / 15, 0.2, 2.0 / 15, 1.0 / 15]),
    ]

    @Test("expected shares for n = 1…5, each row summing to 1", arguments: publishedTable)
    func table(_ providers: Int, _ expected: [Double]) throws {
        let shares = try (1...providers).map { rank throws(WalletRuleError) in try WalletAllocationRule.expectedShare(rank: rank, providers: providers) }
        for (share, value) in zip(shares, expected) { #expect(share.isApproximatelyEqual(to: value, absoluteTolerance: 1e-15)) }
        #expect(shares.reduce(0, +).isApproximatelyEqual(to: 1, absoluteTolerance: 1e-15))
    }

    @Test("tied providers share the mean of their ranks' shares")
    func ties() throws {
        // n = 4, tied for 2nd and 3rd: (0.3 + 0.2) / 2.
        #expect(try WalletAllocationRule.expectedShare(tiedRanks: 2...3, providers: 4).isApproximatelyEqual(to: 0.25, absoluteTolerance: 1e-15))
    }

    @Test("a rank above the number of providers, below 1, or no providers is an error", arguments: [(5, 4), (0, 3), (1, 0)])
    func outOfRange(_ rank: Int, _ providers: Int) {
        #expect(throws: WalletRuleError.self) { try WalletAllocationRule.expectedShare(rank: rank, providers: providers) }
    }
}

@Suite("RevenueConcentration")
struct RevenueConcentrationTests {
    static func revenues(_ amounts: [Int64]) -> [String: Money] {
        Dictionary(uniqueKeysWithValues: amounts.enumerated().map { ("C\($0.offset)", Money(minorUnits: $0.element)) })
    }

    @Test("HHI of shares 40/25/15/10/4/3/3% is 2,584 (the issue's figure)")
    func hhi() {
        let c = RevenueConcentration(Self.revenues([4000, 2500, 1500, 1000, 400, 300, 300]))
        #expect(c.hhi.isApproximatelyEqual(to: 2584, absoluteTolerance: 1e-9))
        #expect(c.topShares.map(\.share)[0].isApproximatelyEqual(to: 0.4, absoluteTolerance: 1e-15))
    }

    /// numpy: x = [120000, 50000, 30000, 30000, 12000, 5000, 2500, 500];
    /// |x_i − x_j| summed / (2 n² mean) = 0.5835; HHI 3020.08; top-1 0.48, top-5 0.968.
    @Test("Gini, HHI and top shares agree with an independent numpy computation")
    func gini() {
        let c = RevenueConcentration(Self.revenues([120000, 50000, 30000, 30000, 12000, 5000, 2500, 500].map { $0 * 100 }))
        #expect(c.gini.isApproximatelyEqual(to: 0.5835, absoluteTolerance: 1e-12))
        #expect(c.hhi.isApproximatelyEqual(to: 3020.08, absoluteTolerance: 1e-9))
        #expect(c.topShares[1].share.isApproximatelyEqual(to: 0.968, absoluteTolerance: 1e-12))
        #expect(c.revenue == Money(minorUnits: 25_000_000))
    }

    @Test("ABC: A makes the first 80% of revenue, B the next 15%, C the rest")
    func abc() {
        // Shares 50, 20, 10, 8, 5, 4, 3 (%): cumulative before each: 0, 50, 70, 80, 88, 93, 97.
        let c = RevenueConcentration(Self.revenues([50, 20, 10, 8, 5, 4, 3]))
        #expect(c.abc.map(\.clients) == [3, 3, 1])
        #expect(c.classOfClient["C0"] == "A" && c.classOfClient["C3"] == "B" && c.classOfClient["C6"] == "C")
        #expect(c.abc.map(\.share).reduce(0, +).isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
        #expect(c.pareto.last?.revenueShare.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12) == true)
    }

    @Test("equal clients have Gini 0; one client has HHI 10,000; no revenue gives zeros; negative clients are left out")
    func degenerate() {
        #expect(RevenueConcentration(Self.revenues([5, 5, 5, 5])).gini.isApproximatelyEqual(to: 0, absoluteTolerance: 1e-15))
        #expect(RevenueConcentration(Self.revenues([7])).hhi == 10_000)
        let empty = RevenueConcentration([:])
        #expect(empty.clients == 0 && empty.hhi == 0 && empty.abc.isEmpty)
        let mixed = RevenueConcentration(Self.revenues([100, -20, 0]))
        #expect(mixed.clients == 1 && mixed.clientsWithoutRevenue == 2)
    }

    @Test("seeded property: 0 ≤ Gini < 1, 10,000/n ≤ HHI ≤ 10,000, top shares grow with n")
    func properties() {
        var random = SplitMix64(seed: 77)
        for _ in 0..<200 {
            let n = 1 + Int(random.uniform(below: 50))
            let c = RevenueConcentration(Self.revenues((0..<n).map { _ in Int64(1 + random.uniform(below: 1_000_000)) }))
            #expect(c.gini >= -1e-12 && c.gini < 1)
            #expect(c.hhi >= 10_000 / Double(n) - 1e-6 && c.hhi <= 10_000 + 1e-6)
            #expect(c.topShares[0].share <= c.topShares[1].share && c.topShares[1].share <= c.topShares[2].share + 1e-15)
        }
    }
}

@Suite("FirmMetrics")
struct FirmMetricsTests {
    /// Worked by hand: Pat billed 1,000 at a standard value of 1,250 (realisation 80%) with 900
    /// collected (90%), and 500 with no standard or collection data; Quinn billed 2,000 at
    /// 2,000 standard, all collected, in 2025.
    @Test("realisation and collection per client, partner, practice area and year, exactly")
    func rates() throws {
        var builder = FirmMetricsBuilder()
        let day = { (y: Int) in Day(year: y, month: 6, day: 1)! }
        for line in [
            BillingLine(clientID: "A", invoiceDate: day(2024), amount: Money(minorUnits: 100_000), practiceArea: "Tax", partner: "Pat",
                        collected: Money(minorUnits: 90_000), standardValue: Money(minorUnits: 125_000)),
            BillingLine(clientID: "A", invoiceDate: day(2024), amount: Money(minorUnits: 50_000), practiceArea: "Tax", partner: "Pat"),
            BillingLine(clientID: "B", invoiceDate: day(2025), amount: Money(minorUnits: 200_000), practiceArea: "Audit", partner: "Quinn",
                        collected: Money(minorUnits: 200_000), standardValue: Money(minorUnits: 200_000)),
        ] { try builder.add(line) }
        let metrics = builder.metrics()
        let pat = try #require(metrics.byPartner.first { $0.key == "Pat" })
        #expect(pat.revenue == Money(minorUnits: 150_000))
        #expect(pat.realisation == 0.8 && pat.collection == 0.9)
        #expect(metrics.byPartner.first?.key == "Quinn")
        #expect(metrics.byYear.map(\.key) == ["2024", "2025"])
        #expect(metrics.byClient.count == 2 && metrics.byPracticeArea.count == 2)
        // Overall 2024: 80% realised; by year 2025: 100%.
        #expect(metrics.byYear[1].realisation == 1 && metrics.byYear[1].collection == 1)
        var only2025 = FirmMetricsBuilder(year: 2025)
        try only2025.add(BillingLine(clientID: "A", invoiceDate: day(2024), amount: Money(minorUnits: 1)))
        #expect(only2025.metrics().linesInYear == 0 && only2025.metrics().linesRead == 1)
    }
}

@Suite("FirmMetricsBuilder.read")
struct FirmMetricsReadTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleData/billing.csv").path

    @Test("the coded read gives the same metrics as adding every BillingLine", arguments: [nil, 2023] as [Int?])
    func sameAsLines(_ year: Int?) throws {
        var builder = FirmMetricsBuilder(year: year)
        for line in try ImportedTable<BillingLine>.read(.file(path: Self.sample)).records { try builder.add(line) }
        let read = try FirmMetricsBuilder.read(.file(path: Self.sample), year: year)
        #expect(read.metrics == builder.metrics())
        #expect(read.importSummary.rowsAccepted == 6075)
    }

    /// Found by the importers fuzz target (Tests/Fuzz/findings/firm-overflow-column.importers):
    /// the error named column 3 whatever the file's layout.
    @Test("a total too large to add up is reported at the amount field's own line and column")
    func overflowPosition() throws {
        let text = "invoice_id,client_id,client_name,invoice_date,amount\nI1,C1,A,2024-01-01,92233720368547758.07\nI2,C1,A,2024-01-02,1\n"
        #expect {
            try FirmMetricsBuilder.read(.memory(Array(text.utf8)), file: "billing.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.position.line == 3 && error.position.column == 5 && error.columnName == "amount" && error.message.contains("too large")
        }
    }

    /// Precomposed and decomposed "é" are two codes while reading but one `String` key: their
    /// totals are added, as adding the BillingLines one by one adds them, not overwritten.
    @Test("ids and partners equal as Strings but not as bytes are added up, not overwritten")
    func canonicallyEqualNames() throws {
        let text = "client_id,invoice_date,amount,partner\nCaf\u{E9},2024-01-02,100.00,Chlo\u{E9}\nCafe\u{301},2024-02-02,50.00,Chloe\u{301}\nB,2024-03-01,10.00,(none)\nB,2024-03-02,5.00,\n"
        let read = try FirmMetricsBuilder.read(.memory(Array(text.utf8)))
        var builder = FirmMetricsBuilder()
        for line in try ImportedTable<BillingLine>.read(.memory(Array(text.utf8))).records { try builder.add(line) }
        #expect(read.metrics == builder.metrics())
        #expect(read.metrics.byClient.first { $0.key == "Caf\u{E9}" }?.revenue == Money(minorUnits: 150_00))
        #expect(read.metrics.byPartner.first { $0.key == "(none)" }?.revenue == Money(minorUnits: 15_00))
    }

    /// Files whose names are all ASCII are named without looking a name up, so each case is
    /// checked against adding the BillingLines one by one, which keys every name as a `String`.
    @Test("names are grouped as Strings, whether or not every name is ASCII", arguments: [
        // All ASCII: a partner literally named "(none)" and lines without a partner are one group.
        "client_id,invoice_date,amount,partner\nB,2024-03-01,10.00,(none)\nA,2024-03-02,5.00,\nA,2024-03-03,7.00,Ann\n",
        // The Kelvin sign (U+212A) is canonically equivalent to an ASCII "K".
        "client_id,invoice_date,amount,partner\n\u{212A}1,2024-03-01,10.00,\u{212A}im\nK1,2024-03-02,5.00,Kim\nK2,2024-03-03,1.00,\n",
        // A name whose only lines fall outside the year does not claim the name: the later,
        // equal one does.
        "client_id,invoice_date,amount,partner\nCafe\u{301},2023-01-02,1.00,Chloe\u{301}\nCaf\u{E9},2024-01-02,2.00,Chlo\u{E9}\nCafe\u{301},2024-01-03,3.00,Chloe\u{301}\n",
        // Ties in revenue are listed in code point order of the names.
        "client_id,invoice_date,amount,partner\nb,2024-01-01,5.00,Y\nB,2024-01-01,5.00,X\na,2024-01-01,5.00,Z\nc,2024-01-01,-5.00,Z\nd,2024-01-01,0.00,Z\n",
    ])
    func namesGroupedAsStrings(_ text: String) throws {
        for year in [nil, 2024] as [Int?] {
            let read = try FirmMetricsBuilder.read(.memory(Array(text.utf8)), year: year)
            var builder = FirmMetricsBuilder(year: year)
            for line in try ImportedTable<BillingLine>.read(.memory(Array(text.utf8))).records { try builder.add(line) }
            #expect(read.metrics == builder.metrics())
            let revenues = Dictionary(read.metrics.byClient.map { ($0.key, $0.revenue) }, uniquingKeysWith: +)
            #expect(revenues.count == read.metrics.byClient.count)
            #expect(read.metrics.concentration == RevenueConcentration(revenues))
        }
    }

    @Test("the concentration of the sample equals the one measured from its per-client revenues")
    func concentrationOfSample() throws {
        let metrics = try FirmMetricsBuilder.read(.file(path: Self.sample)).metrics
        let revenues = Dictionary(uniqueKeysWithValues: metrics.byClient.map { ($0.key, $0.revenue) })
        #expect(metrics.concentration == RevenueConcentration(revenues))
        #expect(metrics.byClient.map(\.revenue) == metrics.byClient.map(\.revenue).sorted(by: >))
    }
}

@Suite("ShareOfWalletAnalysis")
struct ShareOfWalletTests {
    static func day(_ y: Int, _ m: Int) -> Day { Day(year: y, month: m, day: 1)! }

    /// Worked by hand. A: billed 30,000 in 2024 (20,000 by Pat in Tax, 10,000 by Quinn in
    /// Audit) against a wallet of 100,000 → share 30%, headroom 70,000, rank 2 of 3 → expected
    /// 33.3%, gap −3.3 points. B: billed 50,000 against 40,000 → 125%, flagged, headroom −10,000
    /// (counts 0). C: no estimate, reported "35%" → share 0.35, source reported.
    static func analysis() throws -> ShareOfWalletAnalysis {
        let entries = [
            WalletEntry(clientID: "A", year: 2024, walletEstimate: Money(minorUnits: 10_000_000), rank: 2, providers: 3, line: 2),
            WalletEntry(clientID: "B", year: 2024, walletEstimate: Money(minorUnits: 4_000_000), line: 3),
            WalletEntry(clientID: "C", year: 2024, reportedShare: 0.35, rank: 1, providers: 2, line: 4),
        ]
        var builder = ShareOfWalletBuilder(entries: entries)
        for line in [
            BillingLine(clientID: "A", invoiceDate: day(2024, 2), amount: Money(minorUnits: 2_000_000), practiceArea: "Tax", partner: "Pat"),
            BillingLine(clientID: "A", invoiceDate: day(2024, 3), amount: Money(minorUnits: 1_000_000), practiceArea: "Audit", partner: "Quinn"),
            BillingLine(clientID: "A", invoiceDate: day(2023, 3), amount: Money(minorUnits: 9_999_999), partner: "Pat"),
            BillingLine(clientID: "B", invoiceDate: day(2024, 5), amount: Money(minorUnits: 5_000_000), practiceArea: "Tax", partner: "Quinn"),
        ] { try builder.add(line) }
        return try builder.analysis()
    }

    @Test("share, expected share, gap, headroom and the over-100% flag")
    func shares() throws {
        let result = try Self.analysis()
        let a = result.shares[0], b = result.shares[1], c = result.shares[2]
        #expect(a.revenue == Money(minorUnits: 3_000_000) && a.share == 0.3 && a.source == .billing)
        #expect(a.expectedShare?.isApproximatelyEqual(to: 1.0 / 3, absoluteTolerance: 1e-15) == true)
        #expect(a.gap?.isApproximatelyEqual(to: 0.3 - 1.0 / 3, absoluteTolerance: 1e-15) == true)
        #expect(a.headroom == Money(minorUnits: 7_000_000))
        #expect(a.partner == "Pat" && a.practiceArea == "Tax")
        #expect(b.share == 1.25 && b.flag?.contains("too low") == true && b.headroom == Money(minorUnits: -1_000_000))
        #expect(c.share == 0.35 && c.source == .reported && c.revenue == .zero)
        #expect(result.overWallet == 1)
        #expect(result.largestShortfalls.map(\.clientID) == ["C", "A"])   // 0.35 − 0.667 < 0.3 − 0.333
    }

    @Test("headroom is summed per partner and practice area over positive headrooms")
    func groups() throws {
        let result = try Self.analysis()
        #expect(result.byPartner.map(\.key) == ["Pat", "Quinn"])
        #expect(result.byPartner[0].headroom == Money(minorUnits: 7_000_000))
        #expect(result.byPartner[1].headroom == .zero)
        #expect(result.headroom == Money(minorUnits: 7_000_000))
        #expect(result.byPracticeArea.map(\.key) == ["Tax"])
    }
}
