import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ClientValue

/// One small result of every renderable kind, built in code. Client ids, partners, comments
/// and feature names hold the characters HTML escapes (`<`, `>`, `&`, `"`) and cells a
/// spreadsheet would run as formulas (`=`, `@`, `+`, `-`, tab, CR).
enum RenderingFixtures {
    /// A client id with every character HTML escapes.
    static let markupID = "A <&> \"Co\""
    /// `markupID` as HTML writes it.
    static let markupEscaped = "A &lt;&amp;&gt; &quot;Co&quot;"
    /// Client ids a spreadsheet would run as formulas, with how CSV writes them.
    static let formulaIDs = ["=1+2", "@SUM(1)", "+C1", "-C1", "\tD", "\rE"]
    static let partner = "Pat <&>"

    static func day(_ year: Int, _ month: Int, _ day: Int) -> Day {
        Day(year: year, month: month, day: day) ?? Day(daysSince1970: 0)
    }

    static let asOf = day(2024, 12, 31)

    /// Billing for five clients over four years, as in the CLI's report fixture; cents.
    static let billing: [BillingLine] = {
        let ids = [markupID] + formulaIDs
        let lines: [(Int, Day, Int64, Int64?, String)] = [
            (0, day(2021, 1, 10), 200_00, 120_00, "Audit"), (0, day(2023, 6, 1), 400_00, 250_00, "Tax"),
            (0, day(2024, 2, 1), 1000_00, 600_00, "Tax"), (0, day(2024, 9, 1), -100_00, nil, "Tax"), (0, day(2024, 11, 15), 300_00, 180_00, "Tax"),
            (1, day(2023, 5, 1), 80_00, 50_00, "Tax"), (1, day(2024, 1, 1), 50_00, 30_00, "Tax"), (1, day(2024, 6, 1), 40_00, 20_00, "Tax"),
            (2, day(2024, 3, 1), 20_00, 10_00, "Audit"), (2, day(2024, 12, 31), 30_00, 20_00, "Audit"),
            (3, day(2022, 6, 30), 20_00, 15_00, "Tax"), (3, day(2024, 6, 30), 20_00, 15_00, "Tax"),
            (4, day(2022, 12, 31), 500_00, 300_00, "Advisory"), (4, day(2023, 8, 1), 60_00, 30_00, "Advisory"),
            (5, day(2024, 4, 1), 70_00, 40_00, "Tax"), (6, day(2024, 5, 1), 90_00, 60_00, "Tax"),
        ]
        return lines.map { client, date, cents, cost, area in
            BillingLine(clientID: ids[client], invoiceDate: date, amount: Money(minorUnits: cents), practiceArea: area,
                        partner: client % 2 == 0 ? partner : "Quinn", cost: cost.map { Money(minorUnits: $0) })
        }
    }()

    static func window() throws -> ClientBillingWindow {
        var window = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        for line in billing { try window.add(line) }
        return window
    }

    static func transactions() -> TransactionSummaryBuilder {
        var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .week, observationEnd: asOf))
        for line in billing { builder.add(line) }
        return builder
    }

    static func surveys() -> SurveyTable {
        SurveyTable([
            SurveyResponse(clientID: markupID, responseDate: day(2024, 3, 1), score: 10, respondent: "Ada", partner: partner),
            SurveyResponse(clientID: markupID, responseDate: day(2024, 3, 2), score: 9, respondent: "Abe", partner: partner),
            SurveyResponse(clientID: markupID, responseDate: day(2024, 10, 2), score: 4, respondent: "Abe", comment: "Slow <b>replies</b>, \"twice\"", partner: partner),
            SurveyResponse(clientID: "=1+2", responseDate: day(2024, 6, 1), score: 8, respondent: "Cy", partner: "Quinn"),
            SurveyResponse(clientID: "@SUM(1)", responseDate: day(2024, 7, 1), score: 5, respondent: "@Dee", partner: "Quinn"),
        ])
    }

    static func contacts() -> ContactFrequencyBuilder {
        var builder = ContactFrequencyBuilder()
        for (client, month, channel) in [(markupID, 1, "meeting"), (markupID, 3, "call <&>"), ("=1+2", 2, "email"), ("@SUM(1)", 12, "=call")] {
            builder.add(ContactEvent(clientID: client, contactDate: day(2024, month, 15), channel: channel, partner: partner))
        }
        return builder
    }

    static func nps() throws -> NPSAnalysis {
        try NPSAnalysis(surveys(), billing: window(), options: NPSAnalysisOptions(period: .year, asOf: asOf))
    }

    static func forecast() throws -> LifetimeValueForecast {
        try LifetimeValueForecast(transactions().summary(), options: CLVOptions(aliveAt: day(2025, 6, 30)))
    }

    static func history() throws -> ValueHistory {
        var ledger = ClientLedger(asOf: asOf)
        for line in billing { try ledger.add(line) }
        return ledger.history()
    }

    static func annual() throws -> AnnualValueForecast {
        try AnnualValueForecast(transactions().annualActivity(end: asOf))
    }

    /// Retainers: cohorts first billed 2020 to 2025, each client billed every year until it
    /// leaves, with retention rising with tenure (which the sBG model needs).
    static func retention() throws -> RetentionForecast {
        let alive = [[8, 5, 4, 3, 3, 3], [6, 4, 3, 3, 3], [6, 4, 3, 3], [5, 3, 3], [5, 3], [4]]
        var builder = TransactionSummaryBuilder()
        var client = 0
        for (cohort, counts) in alive.enumerated() {
            for i in 0..<counts[0] {
                client += 1
                let id = client == 1 ? markupID : "R\(client)"
                for year in 0..<counts.filter({ $0 > i }).count {
                    builder.add(clientID: id, date: day(2020 + cohort + year, 3, 15), amount: Money(minorUnits: Int64(1000_00 + 37_00 * client + 11_00 * year)))
                }
            }
        }
        return try RetentionForecast(builder.annualActivity(end: day(2025, 12, 31)))
    }

    static func wallet() throws -> ShareOfWalletAnalysis {
        var builder = ShareOfWalletBuilder(entries: [
            WalletEntry(clientID: markupID, year: 2024, walletEstimate: Money(minorUnits: 5000_00), rank: 1, providers: 3),
            WalletEntry(clientID: "=1+2", year: 2024, walletEstimate: Money(minorUnits: 3000_00), rank: 2, providers: 3),
            WalletEntry(clientID: "@SUM(1)", year: 2024, reportedShare: 0.4),
        ])
        for line in billing { try builder.add(line) }
        return try builder.analysis()
    }

    static func contactFrequency() throws -> ContactFrequency {
        contacts().frequency(asOf: asOf, threshold: 3, billing: try window())
    }

    static func correlations() -> FeatureCorrelations {
        let visits = [2.0, 4, 5, 7, 8, 10], scores = [5.0, 6, 6, 8, 7, 9]
        let table = ClientFeatureTable(columns: ["visits <&>": visits, "=score": scores], order: ["visits <&>", "=score"])
        let all = Correlation.all(visits, scores)
        let pair = CorrelationPair(x: "visits <&>", y: "=score", n: all.pearson.n, pearson: all.pearson, spearman: all.spearman, kendall: all.kendall)
        return FeatureCorrelations(asOf: table.asOf, clients: table.clientIDs.count, features: table.features, pairs: [pair],
                                   matrix: CorrelationMatrix(table, method: .spearman))
    }

    static func segmentation() throws -> Segmentation {
        Segmentation(SegmentationInputs(asOf: asOf, trailingBilling: try window(), history: try history(), surveys: surveys(), contacts: contacts()))
    }

    static func firm() throws -> FirmMetrics {
        var builder = FirmMetricsBuilder()
        for line in billing { try builder.add(line) }
        return builder.metrics()
    }

    static func inspection() throws -> FileInspection {
        let csv = "client_id,invoice_date,amount\n\"A <&> \"\"Co\"\"\",2024-01-05,10.00\n=1+2,2024-02-05,20.00\n@SUM(1),2024-13-01,5\n"
        return try FileInspection.inspect(.memory(Array(csv.utf8)), file: "export <&>.csv", options: InspectOptions(kind: .billing))
    }
}

/// A result to render, made when a test runs.
struct RenderingCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Text from the data that the table form shows, so HTML must show it escaped.
    var marker: String
    /// A cell of the primary table a spreadsheet would run as a formula, when there is one.
    var formula: String?
    var make: @Sendable () throws -> any RenderableResult
    var testDescription: String { name }

    static let all: [RenderingCase] = [
        RenderingCase(name: "NPSAnalysis", marker: RenderingFixtures.markupID, formula: nil) { try RenderingFixtures.nps() },
        RenderingCase(name: "LifetimeValueForecast", marker: RenderingFixtures.markupID, formula: "=1+2") { try RenderingFixtures.forecast() },
        RenderingCase(name: "ValueHistory", marker: RenderingFixtures.markupID, formula: "=1+2") { try RenderingFixtures.history() },
        RenderingCase(name: "AnnualValueForecast", marker: RenderingFixtures.markupID, formula: "@SUM(1)") { try RenderingFixtures.annual() },
        RenderingCase(name: "RetentionForecast", marker: RenderingFixtures.markupID, formula: nil) { try RenderingFixtures.retention() },
        RenderingCase(name: "ShareOfWalletAnalysis", marker: RenderingFixtures.markupID, formula: "=1+2") { try RenderingFixtures.wallet() },
        RenderingCase(name: "ContactFrequency", marker: RenderingFixtures.markupID, formula: "+C1") { try RenderingFixtures.contactFrequency() },
        RenderingCase(name: "FeatureCorrelations", marker: "visits <&>", formula: "=score") { RenderingFixtures.correlations() },
        RenderingCase(name: "Segmentation", marker: RenderingFixtures.markupID, formula: "-C1") { try RenderingFixtures.segmentation() },
        RenderingCase(name: "FirmMetrics", marker: RenderingFixtures.markupID, formula: "\tD") { try RenderingFixtures.firm() },
        RenderingCase(name: "FileInspection", marker: "export <&>.csv", formula: nil) { try RenderingFixtures.inspection() },
    ]
}

/// Whether `html` parses as XML once wrapped in one root element: tags closed in order and no
/// bare `<` or `&`, checked by Foundation's own parser rather than by code of ours.
func isWellFormed(_ html: String) -> Bool {
    XMLParser(data: Data("<fragment>\(html)</fragment>".utf8)).parse()
}

/// Compares `text` with the golden file `Fixtures/name`; with CLIENTVALUE_UPDATE_GOLDEN=1 in
/// the environment, writes it instead (then read the diff before committing), as the CLI's
/// golden tests do.
func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["CLIENTVALUE_UPDATE_GOLDEN"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(text == golden, "differs from golden file \(name)", sourceLocation: sourceLocation)
}
