import Foundation
import Testing
import ClientValue

/// The README's library example, run on the bundled sample so that it cannot go stale.
@Suite("README example")
struct ReadmeExampleTests {
    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData").path

    @Test("streams billing, reads surveys skipping bad rows, and reads contacts as plain CSV")
    func libraryExample() throws {
        let reader = try RecordReader<BillingLine>(.file(path: Self.sampleData + "/billing.csv"))
        var totals: [String: Money] = [:]
        while let line = try reader.next() {
            totals[line.clientID, default: .zero] += line.amount
        }
        #expect(reader.summary.rowsRead > 0)
        #expect(reader.summary.rowsRead == reader.summary.rowsAccepted)
        #expect(totals["C00001"] != nil)

        let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("readme-rejects-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: rejects) }
        let options = ImportOptions(onError: .skip, rejectsPath: rejects)
        let surveys = try ImportedTable<SurveyResponse>.read(.file(path: Self.sampleData + "/surveys.csv"), options: options)
        #expect(surveys.records.count == surveys.summary.rowsAccepted)
        #expect(surveys.summary.rowsRejected == 0)

        let csv = try CSVReader(.file(path: Self.sampleData + "/contacts.csv"))
        var channels = Set<String>()
        while try csv.next() {
            #expect(csv.withField(0) { $0.count } > 0)
            channels.insert(csv.field(2))
        }
        #expect(channels.count >= 4)
    }

    @Test("the NPS example: revenue-weighted NPS by year on the sample, with follow-ups")
    func npsExample() throws {
        let table = try SurveyTable.read(.file(path: Self.sampleData + "/surveys.csv"))
        let asOf = try #require(table.latestResponseDate)
        var billing = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        let lines = try RecordReader<BillingLine>(.file(path: Self.sampleData + "/billing.csv"))
        while let line = try lines.next() { try billing.add(line) }

        let options = NPSAnalysisOptions(level: .revenueWeighted, period: .year)
        let analysis = try NPSAnalysis(table, billing: billing, options: options)
        #expect(analysis.overall.adjustedWald.lower <= analysis.overall.score)
        #expect(analysis.groups.map(\.key) == ["2021", "2022", "2023", "2024", "2025"])
        #expect(!analysis.followUp.isEmpty)
    }

    @Test("the client-value example: a 12-month forecast on the sample, and a published BG/NBD check")
    func clvExample() throws {
        let log = try TransactionSummaryBuilder.read(.file(path: Self.sampleData + "/billing.csv"),
                                                     options: TransactionSummaryOptions(unit: .week))
        let value = try LifetimeValueForecast(log.builder.summary(), options: CLVOptions(horizonMonths: 12), model: .bgnbd)
        #expect(value.purchaseModel.diagnostics.converged)
        #expect(value.purchaseModel.model.parameters.map(\.name) == ["r", "alpha", "a", "b"])
        #expect(value.purchaseModel.parameterEstimates?.count == 4)
        #expect(value.clients.count > 0 && value.clients.allSatisfy { $0.clv >= 0 })

        let model = BGNBDModel(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        let history = PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86)
        let expected = model.expectedPurchases(in: 39, given: history)
        #expect((expected * 1000).rounded() / 1000 == 1.226)
        #expect(model.probabilityAlive(history, after: 52) < model.probabilityAlive(history))

        let choice = try ModelComparison(log.builder.summary())
        #expect(choice.criterion == "BIC" && !choice.reason.isEmpty)
    }

    /// The README's embedding example, run as it is written there (with the folder pointed
    /// at the bundled sample). The code between the markers is the README's text: the next
    /// test checks that the README holds it verbatim.
    @Test("the embedding example: NPS and CLV from a folder of exports")
    func embeddingExample() throws {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        let folder = Self.sampleData
        // BEGIN README embedding example
        let data = try ClientDataSet.read(try ExportFiles(folder: folder))

        if let surveys = data.surveys {
            let nps = try NPSAnalysis(surveys, billing: data.billing, options: NPSAnalysisOptions(period: .year, asOf: data.asOf))
            print("NPS", nps.overall.score, "95% interval", nps.overall.adjustedWald.lower, nps.overall.adjustedWald.upper)
            print(try nps.rendered(as: .markdown, options: RenderOptions(limit: 5)))
        }
        if let transactions = data.transactions {
            let clv = try LifetimeValueForecast(transactions.summary(), options: CLVOptions(horizonMonths: 12))
            print("12-month CLV of", clv.clients.count, "clients:", clv.totalCLV)
        }
        // END README embedding example
        // The same numbers, computed file by file.
        let surveys = try SurveyTable.read(.file(path: folder + "/surveys.csv"))
        let asOf = try #require([surveys.latestResponseDate, try ContactFrequencyBuilder.read(.file(path: folder + "/contacts.csv")).builder.latestContact]
            .compactMap { $0 }.max())
        let billing = try ClientBilling.read(.file(path: folder + "/billing.csv"), options: ClientBillingOptions(asOf: asOf, keepsTransactions: true))
        let nps = try NPSAnalysis(surveys, billing: billing.trailingBilling, options: NPSAnalysisOptions(period: .year, asOf: asOf))
        let clv = try LifetimeValueForecast(try #require(billing.transactions).summary(), options: CLVOptions(horizonMonths: 12))
        #expect(printed.count == 3)
        #expect(printed.first == "NPS \(nps.overall.score) 95% interval \(nps.overall.adjustedWald.lower) \(nps.overall.adjustedWald.upper)")
        #expect(printed.dropFirst().first?.hasPrefix("# Net Promoter Score") == true)
        #expect(printed.dropFirst().first?.contains("| group |") == true)
        #expect(printed.last == "12-month CLV of \(clv.clients.count) clients: \(clv.totalCLV)")
        #expect((-100...100).contains(nps.overall.score))
        #expect(clv.totalCLV > 0 && clv.totalCLV.isFinite && clv.clients.count > 250)
    }

    @Test("the README holds the embedding example exactly as the test above runs it")
    func embeddingExampleIsInReadme() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard let begin = lines.firstIndex(where: { $0.hasSuffix("// BEGIN README embedding example") }),
              let end = lines.firstIndex(where: { $0.hasSuffix("// END README embedding example") }) else {
            Issue.record("markers not found")
            return
        }
        let body = lines[(begin + 1)..<end].map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
        let readme = try String(contentsOfFile: Self.sampleData.replacingOccurrences(of: "/SampleData", with: "/README.md"), encoding: .utf8)
        let block = "```swift\nimport ClientValue\n\nlet folder = \"SampleData\"\n" + body.joined(separator: "\n") + "\n```"
        #expect(readme.contains(block), "README.md must contain:\n\(block)")
    }

    @Test("the correlation example")
    func correlationExample() throws {
        let r = Correlation.pearson([2, 4, 4, 6, 8, 10, 10, 12, 12, 15, 18, 20], [5, 6, 8, 7, 7, 9, 8, 9, 10, 9, 10, 10])
        #expect(NumberText.fixed(try #require(r.coefficient), places: 6) == "0.868171")
        #expect(NumberText.fixed(try #require(r.pValue), places: 6) == "0.000250")
        #expect(NumberText.fixed(try #require(r.interval).lower, places: 6) == "0.586481")
        #expect(CorrelationWording.describe(r) == "very strong positive, unlikely to be chance (p = 0.0003, n = 12)")
    }
}
