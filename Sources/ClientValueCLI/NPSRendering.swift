import ClientValue

/// Text, CSV and JSON renderings of an ``NPSAnalysis``.
struct NPSRendering {
    var analysis: NPSAnalysis
    var surveys: ImportSummary?
    var billing: ImportSummary?
    /// How many incidents and follow-ups to list; 0 lists all.
    var limit: Int

    private func limited<T>(_ items: [T]) -> ArraySlice<T> {
        limit == 0 ? items[...] : items.prefix(limit)
    }

    static func levelDescription(_ level: NPSLevel) -> String {
        switch level {
        case .respondent: "respondent level: every response counts"
        case .client: "client level: each client counts once, from its mean score"
        case .revenueWeighted: "revenue-weighted: each client once, weighted by trailing-12-month billing"
        }
    }

    private var percent: String {
        let level = analysis.overall.confidence * 100
        return NumberText.fixed(level, places: level.rounded() == level ? 0 : 1) + "%"
    }

    // MARK: Tables

    /// The overall score and every group, one row each.
    /// - Parameter places: decimals for scores and intervals (the standard error gets one more).
    func scoreTable(places: Int = 4) -> TextTable {
        let hasBootstrap = analysis.overall.bootstrap != nil
        let hasTrend = analysis.groups.contains { $0.change != nil }
        var columns = ["group", "responses", "promoters", "passives", "detractors", "nps", "standard_error",
                       "ci_low", "ci_high", "adjusted_low", "adjusted_high"]
        if hasBootstrap { columns += ["bootstrap_low", "bootstrap_high"] }
        if hasTrend { columns += ["change", "change_p_value"] }
        var table = TextTable(columns: columns, alignments: [.left] + Array(repeating: .right, count: columns.count - 1))
        func number(_ value: Double, _ extra: Int = 0) -> String { NumberText.fixed(value, places: places + extra) }
        func row(_ key: String, _ nps: NetPromoterScore, _ change: NPSComparison?) -> [String] {
            var cells = [key, String(nps.responses), String(nps.promoters), String(nps.passives), String(nps.detractors),
                         number(nps.score), number(nps.standardError, 1), number(nps.wald.lower), number(nps.wald.upper),
                         number(nps.adjustedWald.lower), number(nps.adjustedWald.upper)]
            if hasBootstrap { cells += [nps.bootstrap.map { number($0.lower) } ?? "", nps.bootstrap.map { number($0.upper) } ?? ""] }
            if hasTrend {
                cells += [change.map { (($0.difference > 0) ? "+" : "") + number($0.difference) } ?? "",
                          change.map { NumberText.fixed($0.pValue, places: 4) } ?? ""]
            }
            return cells
        }
        table.append(row("overall", analysis.overall, nil))
        for group in analysis.groups { table.append(row(group.key, group.nps, group.change)) }
        return table
    }

    func incidentTable() -> TextTable {
        var table = TextTable(columns: ["client_id", "respondent", "previous_date", "previous_score", "date", "score", "drop", "trailing_billing"],
                              alignments: [.left, .left, .left, .right, .left, .right, .right, .right])
        for incident in limited(analysis.incidents) {
            let places = incident.subject == .client ? 1 : 0
            table.append([incident.clientID, incident.respondent ?? (incident.period.map { "(client, \(incident.previousPeriod ?? "") → \($0))" } ?? ""),
                          incident.previousDate.description, NumberText.fixed(incident.previousScore, places: places),
                          incident.date.description, NumberText.fixed(incident.score, places: places),
                          NumberText.fixed(incident.drop, places: places), incident.trailingBilling?.description ?? ""])
        }
        return table
    }

    func followUpTable() -> TextTable {
        var table = TextTable(columns: ["client_id", "respondent", "date", "score", "partner", "trailing_billing", "comment"],
                              alignments: [.left, .left, .left, .right, .left, .right, .left])
        for item in limited(analysis.followUp) {
            table.append([item.clientID, item.respondent ?? "", item.date.description, String(item.score), item.partner ?? "",
                          item.trailingBilling?.description ?? "", String((item.comment ?? "").prefix(60))])
        }
        return table
    }

    // MARK: Text

    func text(_ format: OutputFormat) -> String {
        var report = TextReport(title: "Net Promoter Score", format: format)
        var facts: [(label: String, value: String)] = [("Level", Self.levelDescription(analysis.level))]
        var asOf = analysis.asOf.description
        if analysis.responsesAfterAsOf > 0 {
            let count = analysis.responsesAfterAsOf
            asOf += " (\(NumberText.grouped(count)) later \(count == 1 ? "response" : "responses") left out)"
        }
        facts.append(("As of", asOf))
        if let surveys { facts.append(("Surveys", Self.rows(surveys))) }
        if let billing, let window = analysis.billingWindow {
            facts.append(("Billing", "\(Self.rows(billing)); trailing 12 months \(window.lowerBound) to \(window.upperBound)"))
        }
        if analysis.level == .revenueWeighted {
            facts.append(("Left out", "\(NumberText.grouped(analysis.clientsWithoutBilling)) surveyed clients with no positive billing in the window"))
        }
        var intervals = "\(percent) Wald, and adjusted Wald (Rocks 2016: +3 pseudo-responses), which behaves for small groups"
        if analysis.level == .revenueWeighted { intervals += "; n is the effective sample size" }
        if analysis.overall.bootstrap != nil { intervals += "; bootstrap percentile" }
        facts.append(("Intervals", intervals))
        report.facts(facts)
        report.heading("Scores (NPS in points, -100 to 100)")
        report.table(scoreTable(places: 1))
        if !analysis.groupsWithoutBilledClients.isEmpty {
            report.raw("Left out, no billed client: " + analysis.groupsWithoutBilledClients.joined(separator: ", ") + "\n")
        }
        if let comparison = analysis.comparison {
            let difference = comparison.difference
            report.heading("Comparison")
            report.line("\(comparison.column) = \(comparison.first): NPS \(NumberText.fixed(comparison.firstNPS.score, places: 1)) (n = \(comparison.firstNPS.responses))")
            report.line("\(comparison.column) = \(comparison.second): NPS \(NumberText.fixed(comparison.secondNPS.score, places: 1)) (n = \(comparison.secondNPS.responses))")
            report.line("Difference \(NumberText.fixed(difference.difference, places: 1)) points, SE \(NumberText.fixed(difference.standardError, places: 2)), "
                        + "z = \(NumberText.fixed(difference.z, places: 3)), p = \(NumberText.fixed(difference.pValue, places: 4)), "
                        + "\(percent) CI \(NumberText.fixed(difference.interval.lower, places: 1)) to \(NumberText.fixed(difference.interval.upper, places: 1))")
        }
        let window = analysis.recentWindowDescription
        let drop = NumberText.fixed(analysis.incidentDrop, places: analysis.incidentDrop.rounded() == analysis.incidentDrop ? 0 : 1)
        report.heading("Critical incidents: score fell by \(drop) points or more, \(window) (\(Self.count(analysis.incidents.count, limit)))")
        if analysis.incidents.isEmpty { report.raw("None.\n") } else { report.table(incidentTable()) }
        let who = analysis.followUpPassives ? "detractors and passives" : "detractors"
        report.heading("Follow up: \(who), latest answer of each respondent, \(window) (\(Self.count(analysis.followUp.count, limit)))")
        if analysis.followUp.isEmpty { report.raw("None.\n") } else { report.table(followUpTable()) }
        return report.text
    }

    private static func rows(_ summary: ImportSummary) -> String {
        var text = "\(summary.file ?? "<input>"): \(NumberText.grouped(summary.rowsRead)) rows read, \(NumberText.grouped(summary.rowsAccepted)) accepted"
        if summary.rowsRejected > 0 { text += ", \(NumberText.grouped(summary.rowsRejected)) rejected" }
        return text
    }

    private static func count(_ total: Int, _ limit: Int) -> String {
        limit > 0 && total > limit ? "first \(limit) of \(NumberText.grouped(total))" : NumberText.grouped(total)
    }

    // MARK: JSON

    func json() -> NPSJSON {
        NPSJSON(
            level: analysis.level.rawValue, asOf: analysis.asOf, confidence: analysis.overall.confidence,
            billingWindow: Nullable(analysis.billingWindow.map { WindowJSON(from: $0.lowerBound, to: $0.upperBound) }),
            responsesAfterAsOf: analysis.responsesAfterAsOf, clientsWithoutBilling: analysis.clientsWithoutBilling,
            inputs: [surveys, billing].compactMap { $0 }.map(InputJSON.init),
            overall: ScoreJSON(analysis.overall),
            groups: analysis.groups.map(GroupJSON.init),
            groupsWithoutBilledClients: analysis.groupsWithoutBilledClients,
            comparison: Nullable(analysis.comparison.map(ComparisonJSON.init)),
            incidentDrop: analysis.incidentDrop, recentFrom: Nullable(analysis.recentStart),
            incidents: limited(analysis.incidents).map(IncidentJSON.init), incidentsTotal: analysis.incidents.count,
            followUp: limited(analysis.followUp).map(FollowUpJSON.init), followUpTotal: analysis.followUp.count)
    }
}

extension NPSAnalysis {
    var recentWindowDescription: String {
        recentStart.map { "since \($0)" } ?? "all dates"
    }
}

// MARK: - JSON shapes

/// An optional that encodes as `null` rather than leaving its key out, so every key is always present.
struct Nullable<Wrapped: Encodable>: Encodable {
    var value: Wrapped?
    init(_ value: Wrapped?) { self.value = value }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// A finite number, or `null` (z is infinite when both groups answered unanimously).
func finite(_ value: Double) -> Nullable<Double> { Nullable(value.isFinite ? value : nil) }

struct NPSJSON: Encodable {
    var level: String
    var asOf: Day
    var confidence: Double
    var billingWindow: Nullable<WindowJSON>
    var responsesAfterAsOf: Int
    var clientsWithoutBilling: Int
    var inputs: [InputJSON]
    var overall: ScoreJSON
    var groups: [GroupJSON]
    var groupsWithoutBilledClients: [String]
    var comparison: Nullable<ComparisonJSON>
    var incidentDrop: Double
    var recentFrom: Nullable<Day>
    var incidents: [IncidentJSON]
    var incidentsTotal: Int
    var followUp: [FollowUpJSON]
    var followUpTotal: Int
}

struct WindowJSON: Encodable {
    var from: Day
    var to: Day
}

struct InputJSON: Encodable {
    var file: Nullable<String>
    var rowsRead: Int
    var rowsAccepted: Int
    var rowsRejected: Int

    init(_ summary: ImportSummary) {
        file = Nullable(summary.file)
        rowsRead = summary.rowsRead
        rowsAccepted = summary.rowsAccepted
        rowsRejected = summary.rowsRejected
    }
}

struct ScoreJSON: Encodable {
    var responses: Int
    var effectiveResponses: Double
    var promoters: Int
    var passives: Int
    var detractors: Int
    var promoterShare: Double
    var passiveShare: Double
    var detractorShare: Double
    var nps: Double
    var standardError: Double
    var ci95: [Double]
    var ci95Adjusted: [Double]
    var ci: [Double]
    var ciAdjusted: [Double]
    var ciBootstrap: Nullable<[Double]>

    init(_ nps: NetPromoterScore) {
        responses = nps.responses
        effectiveResponses = nps.effectiveResponses
        promoters = nps.promoters
        passives = nps.passives
        detractors = nps.detractors
        promoterShare = nps.promoterShare
        passiveShare = nps.passiveShare
        detractorShare = nps.detractorShare
        self.nps = nps.score
        standardError = nps.standardError
        let at95 = (try? nps.intervals(confidence: 0.95)) ?? NPSIntervals(wald: nps.wald, adjustedWald: nps.adjustedWald)
        ci95 = [at95.wald.lower, at95.wald.upper]
        ci95Adjusted = [at95.adjustedWald.lower, at95.adjustedWald.upper]
        ci = [nps.wald.lower, nps.wald.upper]
        ciAdjusted = [nps.adjustedWald.lower, nps.adjustedWald.upper]
        ciBootstrap = Nullable(nps.bootstrap.map { [$0.lower, $0.upper] })
    }
}

struct GroupJSON: Encodable {
    var key: String
    var value: Nullable<String>
    var period: Nullable<String>
    var score: ScoreJSON
    var change: Nullable<ChangeJSON>

    init(_ group: NPSGroup) {
        key = group.key
        value = Nullable(group.value)
        period = Nullable(group.period)
        score = ScoreJSON(group.nps)
        change = Nullable(group.change.map(ChangeJSON.init))
    }

    private enum CodingKeys: String, CodingKey { case key, value, period, change }

    /// The score's fields sit beside the key, not under their own object.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(value, forKey: .value)
        try container.encode(period, forKey: .period)
        try container.encode(change, forKey: .change)
        try score.encode(to: encoder)
    }
}

struct ChangeJSON: Encodable {
    var difference: Double
    var standardError: Double
    var z: Nullable<Double>
    var pValue: Double
    var ci: [Double]

    init(_ comparison: NPSComparison) {
        difference = comparison.difference
        standardError = comparison.standardError
        z = finite(comparison.z)
        pValue = comparison.pValue
        ci = [comparison.interval.lower, comparison.interval.upper]
    }
}

struct ComparisonJSON: Encodable {
    var column: String
    var first: String
    var second: String
    var firstScore: ScoreJSON
    var secondScore: ScoreJSON
    var difference: Double
    var standardError: Double
    var z: Nullable<Double>
    var pValue: Double
    var ci: [Double]

    init(_ comparison: NPSGroupComparison) {
        column = comparison.column
        first = comparison.first
        second = comparison.second
        firstScore = ScoreJSON(comparison.firstNPS)
        secondScore = ScoreJSON(comparison.secondNPS)
        let change = ChangeJSON(comparison.difference)
        difference = change.difference
        standardError = change.standardError
        z = change.z
        pValue = change.pValue
        ci = change.ci
    }
}

struct IncidentJSON: Encodable {
    var subject: String
    var clientId: String
    var respondent: Nullable<String>
    var previousScore: Double
    var previousDate: Day
    var previousPeriod: Nullable<String>
    var score: Double
    var date: Day
    var period: Nullable<String>
    var drop: Double
    var trailingBilling: Nullable<Money>

    init(_ incident: CriticalIncident) {
        subject = incident.subject.rawValue
        clientId = incident.clientID
        respondent = Nullable(incident.respondent)
        previousScore = incident.previousScore
        previousDate = incident.previousDate
        previousPeriod = Nullable(incident.previousPeriod)
        score = incident.score
        date = incident.date
        period = Nullable(incident.period)
        drop = incident.drop
        trailingBilling = Nullable(incident.trailingBilling)
    }
}

struct FollowUpJSON: Encodable {
    var clientId: String
    var respondent: Nullable<String>
    var date: Day
    var score: Int
    var category: String
    var partner: Nullable<String>
    var survey: Nullable<String>
    var comment: Nullable<String>
    var trailingBilling: Nullable<Money>
    var line: Int

    init(_ item: FollowUp) {
        clientId = item.clientID
        respondent = Nullable(item.respondent)
        date = item.date
        score = item.score
        category = item.category.rawValue
        partner = Nullable(item.partner)
        survey = Nullable(item.survey)
        comment = Nullable(item.comment)
        trailingBilling = Nullable(item.trailingBilling)
        line = item.line
    }
}
