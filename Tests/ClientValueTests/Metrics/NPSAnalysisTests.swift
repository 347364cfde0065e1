import Foundation
import Testing
@testable import ClientValue

/// The hand-worked fixture `Fixtures/nps-surveys.csv` (with `nps-billing.csv`), as of 2024-12-31:
///
/// | client | responses (date: score)                         | client mean | billing 2024 |
/// |--------|--------------------------------------------------|-------------|--------------|
/// | A      | five respondents, 2024-03: 10, 9, 9, 10, 9       | 9.4 P       | 900 (1000 − 100 credit) |
/// | B      | Ann 2023-05-01: 9, Ann 2024-05-01: 3             | 6.0 D       | 50 |
/// | C      | Cy 8, Cel 6                                      | 7.0 Pa      | 30 |
/// | D      | unnamed 5                                        | 5.0 D       | 20 |
/// | E      | Eve 2024-08-01: 7, Eve 2024-12-01: 4             | 5.5 D       | 0 (500 in 2023) |
/// | F      | Fay 2025-02-01: 10, after the as-of date         | —           | — |
///
/// Respondent level: 6 promoters, 2 passives, 4 detractors → NPS 100 × (6 − 4)/12 = 16.67.
/// Client level: A promoter, C passive, B D E detractors → NPS 100 × (1 − 3)/5 = −40.
/// Revenue-weighted: weights 900/50/30/20 → shares 0.90/0.03/0.07 → NPS 83; E is left out.
/// Intervals below were computed from the definitions in Python with z = scipy.stats.norm.ppf(0.975)
/// (weighted: Kish n_eff = (Σw)²/Σw² = 1.228803145736053).
@Suite("NPSAnalysis")
struct NPSAnalysisTests {
    /// Responses, promoters, passives, detractors.
    func counts(_ nps: NetPromoterScore) -> [Int] { [nps.responses, nps.promoters, nps.passives, nps.detractors] }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let asOf = Day(year: 2024, month: 12, day: 31)!

    static func table() throws -> SurveyTable {
        let path = fixtures.appendingPathComponent("nps-surveys.csv").path
        return try SurveyTable.read(.file(path: path), file: path)
    }

    static func billing() throws -> ClientBillingWindow {
        var window = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        for line in try ImportedTable<BillingLine>.read(.file(path: fixtures.appendingPathComponent("nps-billing.csv").path)).records {
            try window.add(line)
        }
        return window
    }

    static func analysis(_ options: NPSAnalysisOptions, billing: Bool = false) throws -> NPSAnalysis {
        var options = options
        options.asOf = options.asOf ?? asOf
        return try NPSAnalysis(table(), billing: billing ? Self.billing() : nil, options: options)
    }

    @Test("respondent level counts every response up to the as-of date")
    func respondentLevel() throws {
        let result = try Self.analysis(NPSAnalysisOptions())
        let nps = result.overall
        #expect(result.level == .respondent)
        #expect(result.responsesAfterAsOf == 1)
        #expect(counts(nps) == [12, 6, 2, 4])
        #expect(nps.score.isApproximatelyEqual(to: 16.666666666666668, absoluteTolerance: 1e-9))
        #expect(nps.standardError.isApproximatelyEqual(to: 25.909386258580042, absoluteTolerance: 1e-9))
        #expect(nps.wald.lower.isApproximatelyEqual(to: -34.1147972616872, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.upper.isApproximatelyEqual(to: 57.126984531819815, absoluteTolerance: 1e-9))
    }

    @Test("client level counts a client with five respondents once, from its mean score")
    func clientLevel() throws {
        let result = try Self.analysis(NPSAnalysisOptions(level: .client))
        let nps = result.overall
        #expect(counts(nps) == [5, 1, 1, 3])
        #expect(nps.score == -40)
        #expect(nps.standardError.isApproximatelyEqual(to: 35.777087639996644, absoluteTolerance: 1e-9))
        #expect(nps.wald.lower == -100)
        #expect(nps.adjustedWald.lower.isApproximatelyEqual(to: -79.78265878603634, absoluteTolerance: 1e-9))
        // By office: London is client A alone, with five respondents.
        let byOffice = try Self.analysis(NPSAnalysisOptions(level: .client, groupBy: "office"))
        let london = try #require(byOffice.groups.first { $0.value == "London" })
        #expect(london.nps.responses == 1 && london.nps.promoters == 1)
    }

    @Test("a client mean of 9 or more is a promoter, 7 up to 9 passive, below 7 a detractor", arguments: [
        ([10, 8], NPSCategory.promoter), ([9], .promoter), ([9, 8], .passive), ([7], .passive), ([7, 6], .detractor), ([7, 4], .detractor),
    ])
    func meanClassification(_ scores: [Int], _ expected: NPSCategory) throws {
        let responses = scores.enumerated().map { SurveyResponse(clientID: "X", responseDate: Day(year: 2024, month: 1, day: $0.offset + 1)!, score: $0.element) }
        let nps = try NPSAnalysis(SurveyTable(responses), options: NPSAnalysisOptions(level: .client)).overall
        #expect(nps.responses == 1)
        #expect([nps.promoters, nps.passives, nps.detractors] == NPSCategory.allCases.map { $0 == expected ? 1 : 0 })
    }

    @Test("revenue weighting lets the large client move the score")
    func revenueWeighted() throws {
        let result = try Self.analysis(NPSAnalysisOptions(level: .revenueWeighted), billing: true)
        let nps = result.overall
        #expect(result.billingWindow == Day(year: 2024, month: 1, day: 1)!...Self.asOf)
        #expect(result.clientsWithoutBilling == 1)
        #expect(nps.responses == 4)
        #expect(nps.score.isApproximatelyEqual(to: 83.0, absoluteTolerance: 1e-9))
        #expect(nps.promoterShare.isApproximatelyEqual(to: 0.9, absoluteTolerance: 1e-12))
        #expect(nps.effectiveResponses.isApproximatelyEqual(to: 1.228803145736053, absoluteTolerance: 1e-12))
        #expect(nps.standardError.isApproximatelyEqual(to: 47.828775857218, absoluteTolerance: 1e-9))
        #expect(nps.wald.lower.isApproximatelyEqual(to: -10.742678104786123, absoluteTolerance: 1e-9))
        #expect(nps.wald.upper == 100)
        #expect(nps.adjustedWald.lower.isApproximatelyEqual(to: -48.36805875919561, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.upper.isApproximatelyEqual(to: 96.60424170799553, absoluteTolerance: 1e-9))
    }

    @Test("revenue weighting without billing, or with nobody billed, is an error")
    func revenueWeightedErrors() throws {
        #expect(throws: NPSAnalysisError.billingRequired) {
            try Self.analysis(NPSAnalysisOptions(level: .revenueWeighted))
        }
        let empty = ClientBillingWindow(trailingTwelveMonthsTo: Self.asOf)
        #expect(throws: NPSAnalysisError.noBilledClients(window: empty.window)) {
            try NPSAnalysis(Self.table(), billing: empty, options: NPSAnalysisOptions(level: .revenueWeighted, asOf: Self.asOf))
        }
    }

    @Test("grouping by year gives a trend with the change from the previous year")
    func trend() throws {
        let result = try Self.analysis(NPSAnalysisOptions(period: .year))
        #expect(result.groups.map(\.key) == ["2023", "2024"])
        #expect(result.groups[0].change == nil)
        let y2024 = result.groups[1]
        #expect(counts(y2024.nps) == [11, 5, 2, 4])
        let change = try #require(y2024.change)
        // 2024 − 2023 = 9.09 − 100.
        #expect(change.difference.isApproximatelyEqual(to: -90.9090909090909, absoluteTolerance: 1e-9))
        #expect(change.standardError.isApproximatelyEqual(to: 27.13463662707769, absoluteTolerance: 1e-9))
    }

    @Test("grouping by a column and a period keys groups by both, blank values last")
    func columnAndPeriod() throws {
        let result = try Self.analysis(NPSAnalysisOptions(groupBy: "Partner", period: .year))
        #expect(result.groups.map(\.key) == ["Pat / 2023", "Pat / 2024", "Quinn / 2024"])
        #expect(result.groups.map(\.value) == ["Pat", "Pat", "Quinn"])
        #expect(result.groups[1].change != nil && result.groups[2].change == nil)
    }

    @Test("--by accepts canonical names, aliases, mapped headers and extra headers", arguments: [
        ("partner", true), ("Partner", true), ("relationship partner", true), ("Survey", true), ("wave", true),
        ("Office", true), ("office", true), ("Respondent", true), ("client", true), ("Region", false),
    ])
    func columnNames(_ name: String, _ found: Bool) throws {
        #expect((try Self.table().column(named: name) != nil) == found)
    }

    @Test("an unknown column names the columns there are")
    func unknownColumn() throws {
        #expect(throws: NPSAnalysisError.unknownColumn("Region", available: ["client_id", "respondent", "survey", "partner", "Office"])) {
            try Self.analysis(NPSAnalysisOptions(groupBy: "Region"))
        }
    }

    @Test("comparing two years gives the difference, its SE, z and p (scipy reference)")
    func compareYears() throws {
        let result = try Self.analysis(NPSAnalysisOptions(comparison: NPSComparisonSpec(column: "year", first: "2023", second: "2024")))
        let comparison = try #require(result.comparison)
        #expect(comparison.firstNPS.responses == 1 && comparison.secondNPS.responses == 11)
        let d = comparison.difference
        #expect(d.difference.isApproximatelyEqual(to: 90.9090909090909, absoluteTolerance: 1e-9))
        #expect(d.standardError.isApproximatelyEqual(to: 27.13463662707769, absoluteTolerance: 1e-9))
        #expect(d.z.isApproximatelyEqual(to: 3.3502969713024497, absoluteTolerance: 1e-9))
        #expect(d.pValue.isApproximatelyEqual(to: 0.0008072496321957879, absoluteTolerance: 1e-12))
        #expect(d.interval.lower.isApproximatelyEqual(to: 37.72618038643723, absoluteTolerance: 1e-9))
    }

    @Test("comparing by a column, and an empty comparison group")
    func compareColumn() throws {
        let result = try Self.analysis(NPSAnalysisOptions(comparison: NPSComparisonSpec(column: "office", first: "London", second: " Paris ")))
        #expect(result.comparison?.firstNPS.responses == 5)
        #expect(result.comparison?.secondNPS.responses == 7)
        #expect(throws: NPSAnalysisError.emptyComparisonGroup(column: "office", value: "Berlin")) {
            try Self.analysis(NPSAnalysisOptions(comparison: NPSComparisonSpec(column: "office", first: "London", second: "Berlin")))
        }
    }

    @Test("respondent incidents: falls of at least the threshold between a respondent's consecutive responses")
    func respondentIncidents() throws {
        let plain = try Self.analysis(NPSAnalysisOptions())
        // Without billing, latest first: Eve fell 7 → 4 (exactly 3), Ann 9 → 3.
        #expect(plain.incidents.map(\.respondent) == ["Eve", "Ann"])
        let ann = plain.incidents[1]
        #expect(ann.clientID == "B" && ann.previousScore == 9 && ann.score == 3 && ann.drop == 6)
        #expect(ann.previousDate == Day(year: 2023, month: 5, day: 1)! && ann.date == Day(year: 2024, month: 5, day: 1)!)
        // With billing, the client with more trailing billing first.
        let ranked = try Self.analysis(NPSAnalysisOptions(), billing: true)
        #expect(ranked.incidents.map(\.respondent) == ["Ann", "Eve"])
        #expect(ranked.incidents.map(\.trailingBilling) == [Money(minorUnits: 5000), .zero])
        // A higher threshold leaves Eve out.
        #expect(try Self.analysis(NPSAnalysisOptions(incidentDrop: 4)).incidents.map(\.respondent) == ["Ann"])
    }

    @Test("client incidents compare the client's mean score in consecutive years")
    func clientIncidents() throws {
        let result = try Self.analysis(NPSAnalysisOptions(level: .client))
        #expect(result.incidents.count == 1)
        let b = try #require(result.incidents.first)
        #expect(b.subject == .client && b.clientID == "B" && b.respondent == nil)
        #expect(b.previousPeriod == "2023" && b.period == "2024" && b.drop == 6)
    }

    @Test("the recent window limits incidents and follow-ups")
    func recentWindow() throws {
        let result = try Self.analysis(NPSAnalysisOptions(asOf: Day(year: 2025, month: 4, day: 30)!, recentMonths: 6))
        // Since 2024-11-01: only Eve's fall and Eve's answer.
        #expect(result.incidents.map(\.respondent) == ["Eve"])
        #expect(result.followUp.map(\.respondent) == ["Eve"])
        #expect(result.responsesAfterAsOf == 0)
    }

    @Test("follow-up lists each respondent's latest detractor answer, ranked by trailing billing")
    func followUp() throws {
        let plain = try Self.analysis(NPSAnalysisOptions())
        // Without billing: lowest score first. Ann's 2023 promoter answer is superseded.
        #expect(plain.followUp.map(\.score) == [3, 4, 5, 6])
        #expect(plain.followUp.map(\.clientID) == ["B", "E", "D", "C"])
        #expect(plain.followUp[0].comment == "Slow replies, twice")
        #expect(plain.followUp[2].respondent == nil)
        let ranked = try Self.analysis(NPSAnalysisOptions(followUpPassives: true), billing: true)
        #expect(ranked.followUp.map(\.clientID) == ["B", "C", "C", "D", "E"])
        #expect(ranked.followUp.map(\.respondent) == ["Ann", "Cel", "Cy", nil, "Eve"])
        #expect(ranked.followUp[2].category == .passive)
    }

    @Test("no responses on or before the as-of date is an error, not a crash")
    func noResponses() throws {
        let early = Day(year: 2020, month: 1, day: 1)!
        #expect(throws: NPSAnalysisError.noResponses(asOf: early)) {
            try Self.analysis(NPSAnalysisOptions(asOf: early))
        }
        #expect(throws: NPSAnalysisError.noResponses(asOf: nil)) {
            try NPSAnalysis(SurveyTable([]))
        }
    }

    @Test("invalid options are errors", arguments: [
        NPSAnalysisOptions(incidentDrop: 0), NPSAnalysisOptions(recentMonths: -1), NPSAnalysisOptions(fiscalYearStartMonth: 13),
        NPSAnalysisOptions(scoreOptions: NPSOptions(confidence: 1)), NPSAnalysisOptions(scoreOptions: NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 0))),
    ])
    func invalidOptions(_ options: NPSAnalysisOptions) throws {
        do {
            _ = try Self.analysis(options)
            Issue.record("expected an error")
        } catch {
            guard let error = error as? NPSAnalysisError, case .invalidOption(let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(!message.isEmpty)
        }
    }

    @Test("the bootstrap interval is given at every level when asked for, and is reproducible")
    func bootstrap() throws {
        let options = NPSAnalysisOptions(level: .client, period: .year, scoreOptions: NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 200, seed: 7)))
        let a = try Self.analysis(options), b = try Self.analysis(options)
        #expect(a.overall.bootstrap != nil)
        #expect(a.groups.allSatisfy { $0.nps.bootstrap != nil })
        #expect(a == b)
    }
}

@Suite("SurveyTable")
struct SurveyTableTests {
    @Test("reading a file gives the same responses as RecordReader<SurveyResponse>")
    func sameAsRecordReader() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleData/surveys.csv").path
        let table = try SurveyTable.read(.file(path: sample), file: sample)
        let records = try ImportedTable<SurveyResponse>.read(.file(path: sample), file: sample)
        #expect(table.count == records.records.count)
        #expect(table.responses == records.records)
        #expect(table.summary == records.summary)
    }

    @Test("a table built from records gives the records back, extra columns included")
    func fromRecords() {
        let day = Day(year: 2024, month: 1, day: 2)!
        let responses = [
            SurveyResponse(clientID: "A", responseDate: day, score: 9, respondent: "Ada", comment: "Good", survey: "W", partner: "P", extraValues: ["London"], line: 2),
            SurveyResponse(clientID: "B", responseDate: day, score: 0, extraValues: ["Paris"], line: 3),
            SurveyResponse(clientID: "A", responseDate: day, score: 10, respondent: "Ada", extraValues: ["London"], line: 4),
        ]
        let table = SurveyTable(responses, extraColumns: ["Office"])
        #expect(table.responses == responses)
        #expect(table.column(named: "office") == .extra(0))
        #expect(table.latestResponseDate == day)
        #expect(SurveyTable([]).latestResponseDate == nil)
    }

    @Test("bad rows are rejected and counted as RecordReader does")
    func rejects() throws {
        let csv = "client_id,response_date,score\nA,2024-01-01,9\nB,2024-01-02,11\n,2024-01-03,5\nC,2024-01-04,7\n"
        let table = try SurveyTable.read(.memory(Array(csv.utf8)), options: ImportOptions(onError: .skip))
        #expect(table.count == 2)
        #expect(table.summary?.rowsRead == 4 && table.summary?.rowsRejected == 2)
        #expect(table.summary?.issues.map(\.line) == [3, 4])
        #expect(throws: ImportError.self) {
            try SurveyTable.read(.memory(Array(csv.utf8)))
        }
    }
}
