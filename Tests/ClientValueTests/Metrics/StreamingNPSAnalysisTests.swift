import Foundation
import Testing
@testable import ClientValue

/// The streaming analysis against the table analysis: two computations of the same
/// definitions (the table one sorts and partitions rows; the streaming one keeps running
/// tallies and a moving window), which must agree value for value.
@Suite("StreamingNPSAnalysis")
struct StreamingNPSAnalysisTests {
    /// Either computation's answer: the analysis, or the error it threw.
    enum Outcome: Equatable {
        case analysis(NPSAnalysis)
        case failure(NPSAnalysisError)
    }

    static func outcome(_ body: () throws(NPSAnalysisError) -> NPSAnalysis) -> Outcome {
        do {
            return .analysis(try body())
        } catch {
            return .failure(error)
        }
    }

    /// A random survey table: up to 40 clients (two of them spelled the same as text but in
    /// different bytes, NFC and NFD), named and unnamed respondents, scattered dates over up
    /// to four years in no particular order, optional partners, waves, comments and an office.
    static func randomTable(_ random: inout SplitMix64) -> SurveyTable {
        let clients = ["C1", "C2", "C3", "\u{C5}x", "A\u{30A}x"] + (4..<random.uniform(5...40)).map { "C\($0)" }
        let names = ["Ann", "Bo", "Cy", "Di", "Ed"]
        let partners = ["Alice Morgan", "Raj Patel", "Zoë Hart"]
        let waves = ["2023 Annual", "Matter close"]
        let offices = ["London", "Paris", ""]
        let start = Day(year: 2022, month: 1, day: 1)!.daysSince1970
        let span = random.uniform(1...1460)
        let count = random.uniform(0...5) == 0 ? random.uniform(0...3) : random.uniform(1...400)
        let numbered = random.uniform(0...1) == 0
        var responses: [SurveyResponse] = []
        for index in 0..<count {
            func pick<T>(_ values: [T], blank: Int) -> T? {
                random.uniform(0...99) < blank ? nil : values[random.uniform(0...(values.count - 1))]
            }
            let score = random.uniform(0...3) == 0 ? random.uniform(0...6) : random.uniform(0...10)
            responses.append(SurveyResponse(clientID: clients[random.uniform(0...(clients.count - 1))],
                                            responseDate: Day(daysSince1970: start + Int32(random.uniform(0...span))),
                                            score: score, respondent: pick(names, blank: 20),
                                            comment: random.uniform(0...2) == 0 ? "comment \(index), \"quoted\"" : nil,
                                            survey: pick(waves, blank: 30), partner: pick(partners, blank: 15),
                                            extraValues: [pick(offices, blank: 0) ?? ""], line: numbered ? index + 2 : 0))
        }
        return SurveyTable(responses, extraColumns: ["Office"])
    }

    /// Random options over every setting, valid for `table`.
    static func randomOptions(_ random: inout SplitMix64, table: SurveyTable) -> NPSAnalysisOptions {
        var options = NPSAnalysisOptions()
        options.level = [.respondent, .client, .revenueWeighted][random.uniform(0...2)]
        options.groupBy = [nil, nil, "partner", "survey", "Office", "respondent", "client_id", "Region"][random.uniform(0...7)]
        options.period = [nil, .month, .quarter, .year][random.uniform(0...3)]
        options.fiscalYearStartMonth = [1, 1, 4, 7][random.uniform(0...3)]
        let days = table.days
        if let latest = days.max(), random.uniform(0...1) == 0 {
            options.asOf = Day(daysSince1970: latest - Int32(random.uniform(0...400)))
        }
        switch random.uniform(0...3) {
        case 0:
            options.comparison = NPSComparisonSpec(column: "partner", first: "Alice Morgan", second: " Raj Patel ")
        case 1:
            let years = (days.min().map { Day(daysSince1970: $0).year } ?? 2022)
            options.comparison = NPSComparisonSpec(column: "Year", first: "\(years)", second: "\(years + 1)")
        case 2 where random.uniform(0...3) == 0:
            options.comparison = NPSComparisonSpec(column: "Region", first: "North", second: "South")
        default:
            break
        }
        options.incidentDrop = [1, 2, 3, 4.5][random.uniform(0...3)]
        options.recentMonths = [0, 3, 12, 12][random.uniform(0...3)]
        options.followUpPassives = random.uniform(0...1) == 0
        if random.uniform(0...4) == 0 {
            options.scoreOptions.bootstrap = NPSBootstrapOptions(resamples: 60, seed: random.next())
        }
        return options
    }

    /// Trailing billing for some of the table's clients, some zero or negative.
    static func randomBilling(_ random: inout SplitMix64, table: SurveyTable, asOf: Day?) -> ClientBillingWindow? {
        guard let asOf = asOf ?? table.latestResponseDate else { return nil }
        var window = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        for client in table.clients.values where random.uniform(0...3) != 0 {
            let amount = Money(minorUnits: Int64(random.uniform(-5_000...900_000)))
            try? window.add(clientID: client, date: asOf.adding(days: -random.uniform(0...300)), amount: amount)
        }
        return window
    }

    @Test("a stream gives the table's analysis, option for option (seeded)", arguments: 0..<60)
    func streamMatchesTable(seed: Int) {
        var random = SplitMix64(seed: 0x5EED_0000 + UInt64(seed))
        var analysed = 0, listed = 0
        for _ in 0..<12 {
            let table = Self.randomTable(&random)
            let options = Self.randomOptions(&random, table: table)
            let billing = options.level == .revenueWeighted || random.uniform(0...2) == 0
                ? Self.randomBilling(&random, table: table, asOf: options.asOf) : nil
            let expected = Self.outcome { () throws(NPSAnalysisError) in try NPSAnalysis(table, billing: billing, options: options) }
            let streamed = Self.outcome { () throws(NPSAnalysisError) in
                try StreamingNPSAnalysis(table: table, options: options, billingGiven: billing != nil).analysis(billing: billing)
            }
            #expect(streamed == expected, "seed \(seed), \(table.count) responses, options \(options)")
            if case .analysis(let analysis) = expected {
                analysed += 1
                if !analysis.incidents.isEmpty && !analysis.followUp.isEmpty { listed += 1 }
            }
        }
        // Many cases give an analysis (others an empty comparison group, say), and some list
        // both incidents and follow-ups.
        #expect(analysed >= 3 && listed >= 1, "seed \(seed): \(analysed) analyses, \(listed) with both lists")
    }

    static let sample = SampleGenerator.generate(options: SampleOptions(clients: 150, seed: 11))["surveys.csv"] ?? []

    @Test("reading an export streams it to the same analysis and summary as SurveyTable", arguments: [
        NPSAnalysisOptions(),
        NPSAnalysisOptions(period: .year),
        NPSAnalysisOptions(groupBy: "Partner", period: .quarter, fiscalYearStartMonth: 7),
        NPSAnalysisOptions(level: .client, groupBy: "survey", comparison: NPSComparisonSpec(column: "year", first: "2023", second: "2024")),
        NPSAnalysisOptions(asOf: Day(year: 2024, month: 6, day: 30), incidentDrop: 2, recentMonths: 0, followUpPassives: true),
        NPSAnalysisOptions(level: .client, period: .month, asOf: Day(year: 2025, month: 3, day: 31), recentMonths: 6),
    ])
    func readMatchesTable(options: NPSAnalysisOptions) throws {
        #expect(Self.sample.count > 10_000)
        let table = try SurveyTable.read(.memory(Self.sample), file: "surveys.csv")
        var stream = try StreamingNPSAnalysis(options: options)
        try stream.read(.memory(Self.sample), file: "surveys.csv")
        #expect(stream.summary == table.summary)
        #expect(stream.latestResponseDate == table.latestResponseDate)
        let expected = try NPSAnalysis(table, options: options)
        #expect(try stream.analysis() == expected)
        #expect(!expected.followUp.isEmpty)
    }

    @Test("bad rows are skipped, counted and written to the rejects file exactly as SurveyTable does")
    func badRowsAsTable() throws {
        let text = "client,date,score,respondent\nA,2024-01-05,9,Ann\nB,2024-13-01,7,Bo\nC,2024-02-01,11,Cy\nD,2024-03-01,4,Di\n,2024-03-02,8,Ed\n"
        let token = UInt64.random(in: 0...UInt64.max)
        let directory = FileManager.default.temporaryDirectory.path
        let streamRejects = "\(directory)/rejects-stream-\(token).csv", tableRejects = "\(directory)/rejects-table-\(token).csv"
        defer {
            try? FileManager.default.removeItem(atPath: streamRejects)
            try? FileManager.default.removeItem(atPath: tableRejects)
        }
        var stream = try StreamingNPSAnalysis()
        try stream.read(.memory(Array(text.utf8)), file: "s.csv", options: ImportOptions(onError: .skip, rejectsPath: streamRejects))
        let table = try SurveyTable.read(.memory(Array(text.utf8)), file: "s.csv", options: ImportOptions(onError: .skip, rejectsPath: tableRejects))
        let streamedRejects = try Data(contentsOf: URL(fileURLWithPath: streamRejects))
        #expect(streamedRejects == (try Data(contentsOf: URL(fileURLWithPath: tableRejects))))
        #expect(streamedRejects.count > 50)
        #expect(stream.summary == table.summary)
        #expect(stream.summary?.rowsRead == 5)
        #expect(stream.summary?.rowsAccepted == 2)
        #expect(try stream.analysis() == (try NPSAnalysis(table)))
    }

    @Test("an unknown grouping or comparison column is the analysis's error, after the ones NPSAnalysis reports first", arguments: [
        (NPSAnalysisOptions(groupBy: "Office"), "client,date,score\nA,2024-05-01,9\n", "unknownColumn"),
        (NPSAnalysisOptions(comparison: NPSComparisonSpec(column: "Office", first: "A", second: "B")), "client,date,score\nA,2024-05-01,9\n", "unknownColumn"),
        (NPSAnalysisOptions(groupBy: "Office"), "client,date,score\n", "noResponses"),
        (NPSAnalysisOptions(groupBy: "Office", asOf: Day(year: 2024, month: 1, day: 1)), "client,date,score\nA,2024-05-01,9\n", "noResponses"),
    ])
    func unknownColumn(options: NPSAnalysisOptions, text: String, expected: String) throws {
        let bytes = Array(text.utf8)
        var stream = try StreamingNPSAnalysis(options: options)
        try stream.read(.memory(bytes), file: "s.csv")
        let table = try SurveyTable.read(.memory(bytes), file: "s.csv")
        #expect(stream.summary == table.summary)
        #expect(stream.latestResponseDate == table.latestResponseDate)
        let streamed = Self.outcome { () throws(NPSAnalysisError) in try stream.analysis() }
        #expect(streamed == Self.outcome { () throws(NPSAnalysisError) in try NPSAnalysis(table, options: options) })
        guard case .failure(let error) = streamed else {
            Issue.record("expected an error, got \(streamed)")
            return
        }
        switch error {
        case .unknownColumn(let name, _): #expect(expected == "unknownColumn" && name == "Office")
        case .noResponses: #expect(expected == "noResponses")
        default: Issue.record("unexpected \(error)")
        }
    }

    @Test("options are checked before anything is read", arguments: [
        NPSAnalysisOptions(incidentDrop: 0),
        NPSAnalysisOptions(recentMonths: -1),
        NPSAnalysisOptions(recentMonths: 200_000),
        NPSAnalysisOptions(level: .revenueWeighted),
    ])
    func optionsChecked(options: NPSAnalysisOptions) {
        #expect(throws: NPSAnalysisError.self) { try StreamingNPSAnalysis(options: options) }
    }

    /// Forty respondents answering every month for thirty years, each year's answers out of
    /// date order: the window holds about a year of them, whatever the length of the stream.
    static func longPanel(years: Int) -> SurveyTable {
        var random = SplitMix64(seed: 99)
        var responses: [SurveyResponse] = []
        for year in 0..<years {
            for month in (1...12).shuffled(using: &random) {
                for person in 0..<40 {
                    let day = Day(year: 1990 + year, month: month, day: 1 + person % 28)!
                    responses.append(SurveyResponse(clientID: "C\(person % 10)", responseDate: day, score: random.uniform(0...10),
                                                    respondent: person % 8 == 0 ? nil : "R\(person)", line: responses.count + 2))
                }
            }
        }
        return SurveyTable(responses)
    }

    @Test("memory: respondents who stop answering do not keep their old answers", arguments: [5, 30])
    func stoppedRespondentsLetGo(years: Int) throws {
        var random = SplitMix64(seed: 7)
        var responses: [SurveyResponse] = []
        for year in 0..<years {
            for month in 1...12 {
                for person in 0..<300 {
                    // A new set of respondents every year: last year's answer no more.
                    responses.append(SurveyResponse(clientID: "C\(person % 50)", responseDate: Day(year: 1990 + year, month: month, day: 1)!,
                                                    score: random.uniform(0...10), respondent: "R\(person)-\(year)", line: responses.count + 2))
                }
            }
        }
        let table = SurveyTable(responses)
        let options = NPSAnalysisOptions(recentMonths: 3)
        let stream = try StreamingNPSAnalysis(table: table, options: options, billingGiven: false)
        #expect(try stream.analysis() == (try NPSAnalysis(table, options: options)))
        // Three months of 300 respondents are 900 answers; the sweep runs once the held
        // answers double, plus 4,096.
        #expect(stream.heldResponses <= 2 * 900 + 4096 + 900, "\(years) years: \(stream.heldResponses) held of \(table.count)")
    }

    @Test("memory: the responses held stay within the recent window however long the stream", arguments: [1, 5, 30])
    func heldResponsesBounded(years: Int) throws {
        let table = Self.longPanel(years: years)
        for recentMonths in [3, 12] {
            let options = NPSAnalysisOptions(period: .year, recentMonths: recentMonths)
            let stream = try StreamingNPSAnalysis(table: table, options: options, billingGiven: false)
            #expect(try stream.analysis() == (try NPSAnalysis(table, options: options)))
            // A year of one panel is 480 responses; twice that bounds the window and the
            // unnamed candidates pruned as it moves.
            #expect(stream.heldResponses <= 960, "\(years) years, \(recentMonths) months: \(stream.heldResponses) held")
        }
        let everything = try StreamingNPSAnalysis(table: table, options: NPSAnalysisOptions(recentMonths: 0), billingGiven: false)
        #expect(everything.heldResponses == table.count - table.respondents.codes.filter { $0 < 0 }.count
            + table.scores.indices.filter { table.respondents.codes[$0] < 0 && table.scores[$0] <= 6 }.count)
    }
}
