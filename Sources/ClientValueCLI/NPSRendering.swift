import ClientValue

/// The `nps` command's output: the library's rendering of an ``NPSAnalysis`` with the files
/// read, and the JSON document.
struct NPSRendering {
    var analysis: NPSAnalysis
    var surveys: ImportSummary?
    var billing: ImportSummary?
    /// How many incidents and follow-ups to list; 0 lists all.
    var limit: Int

    private func limited<T>(_ items: [T]) -> ArraySlice<T> {
        limit == 0 ? items[...] : items.prefix(limit)
    }

    /// The table, Markdown or HTML form: the library's sections, with the survey and billing
    /// files after the as-of date.
    func text(_ format: OutputFormat) -> String {
        var sections = analysis.renderedSections(options: RenderOptions(limit: limit))
        if let surveys { sections[0].insert([ResultFact(label: "Surveys", value: surveys.rowsDescription)], after: "As of") }
        if let billing { sections[0].amendFact("Billing", prefix: billing.rowsDescription + "; ") }
        return ResultSection.render(sections, as: format)
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
