/// Who counts once in an NPS.
public enum NPSLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every response counts.
    case respondent
    /// Each client counts once, classified by the mean of its responses' scores in the period
    /// (mean ≥ 9 promoter, 7 ≤ mean < 9 passive, below 7 detractor).
    case client
    /// As ``client``, each client weighted by its net billing in the twelve months up to the
    /// as-of date; clients whose billing there is zero or negative are left out.
    case revenueWeighted = "revenue-weighted"
}

/// Two groups to compare: the responses whose `column` is `first` against those where it is `second`.
///
/// `column` is any groupable survey column (see ``SurveyTable/column(named:)``) or, when no
/// survey column has that name, `year`, `quarter` or `month`, with values written as period
/// labels (`2024`, `2024-Q3`, `2024-03`; `FY2025` and `FY2025-Q1` with a fiscal year).
public struct NPSComparisonSpec: Sendable, Hashable, Codable {
    /// The survey column (or `year`, `quarter`, `month`) the two groups are taken from.
    public var column: String
    /// The value of the first group, such as a partner's name or `2025`.
    public var first: String
    /// The value of the group it is compared against, such as `2024`.
    public var second: String

    /// Two groups to compare, as `clientvalue nps --compare year=2024,2025` gives them.
    ///
    /// ```swift
    /// let spec = NPSComparisonSpec(column: "partner", first: "Alice Morgan", second: "Raj Patel")
    /// ```
    ///
    /// - Parameters:
    ///   - column: a groupable survey column, or `year`, `quarter` or `month`.
    ///   - first: the first group's value in that column (a period label for a period).
    ///   - second: the second group's value.
    public init(column: String, first: String, second: String) {
        self.column = column
        self.first = first
        self.second = second
    }
}

/// Options for ``NPSAnalysis``. The defaults give the respondent-level NPS of every response.
public struct NPSAnalysisOptions: Sendable, Hashable {
    /// Who counts once: each response, each client, or each client weighted by its billing.
    public var level: NPSLevel
    /// Group by this survey column (see ``SurveyTable/column(named:)``).
    public var groupBy: String?
    /// Group by period too (a trend): months, quarters or (fiscal) years.
    public var period: PeriodLength?
    /// The month (1...12) the firm's fiscal year starts in, for quarters and years: in grouping,
    /// in `year`/`quarter` comparisons and in client incidents.
    public var fiscalYearStartMonth: Int
    /// Two groups to compare with a z-test; `nil` for none.
    public var comparison: NPSComparisonSpec?
    /// "Today": later responses are left out, and billing is summed over the twelve months up
    /// to it. `nil` means the latest response date.
    public var asOf: Day?
    /// A fall of at least this many points between consecutive scores is a critical incident.
    public var incidentDrop: Double
    /// Incidents and follow-ups are listed for responses in this many months up to the as-of
    /// date, 0 to 120,000; 0 lists them all.
    public var recentMonths: Int
    /// List passives for follow-up too, not only detractors.
    public var followUpPassives: Bool
    /// The confidence level and the optional bootstrap.
    public var scoreOptions: NPSOptions

    /// Options for an NPS analysis; every one has a default.
    ///
    /// ```swift
    /// let options = NPSAnalysisOptions(level: .client, groupBy: "partner", period: .year,
    ///                                  scoreOptions: NPSOptions(confidence: 0.9))
    /// ```
    ///
    /// - Parameters:
    ///   - level: who counts once; every response by default.
    ///   - groupBy: a survey column to group by, such as `partner` or `Office`; `nil` for none.
    ///   - period: group by month, quarter or year too, with the change from period to period.
    ///   - fiscalYearStartMonth: the month (1…12) the fiscal year starts in; 1 for calendar years.
    ///   - comparison: two groups to compare; `nil` for none.
    ///   - asOf: "today"; `nil` for the latest response date.
    ///   - incidentDrop: the fall in points between consecutive scores that makes a critical
    ///     incident, above 0; 3 by default.
    ///   - recentMonths: the months up to the as-of date whose incidents and follow-ups are
    ///     listed; 12 by default, 0 for all, at most 120,000.
    ///   - followUpPassives: list passives for follow-up as well as detractors.
    ///   - scoreOptions: the confidence level (95% by default) and the optional bootstrap.
    public init(level: NPSLevel = .respondent, groupBy: String? = nil, period: PeriodLength? = nil, fiscalYearStartMonth: Int = 1,
                comparison: NPSComparisonSpec? = nil, asOf: Day? = nil, incidentDrop: Double = 3, recentMonths: Int = 12,
                followUpPassives: Bool = false, scoreOptions: NPSOptions = NPSOptions()) {
        self.level = level
        self.groupBy = groupBy
        self.period = period
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.comparison = comparison
        self.asOf = asOf
        self.incidentDrop = incidentDrop
        self.recentMonths = recentMonths
        self.followUpPassives = followUpPassives
        self.scoreOptions = scoreOptions
    }
}

/// Why an NPS analysis could not be done. ``message`` says it in plain words.
public enum NPSAnalysisError: Error, Hashable, Sendable {
    /// No response on or before the as-of date.
    case noResponses(asOf: Day?)
    /// `--by` or `--compare` names no column of the survey file.
    case unknownColumn(String, available: [String])
    /// A compared group has no responses (or, revenue-weighted, no billed client).
    case emptyComparisonGroup(column: String, value: String)
    /// Revenue-weighted NPS needs billing.
    case billingRequired
    /// Revenue-weighted NPS, but no surveyed client has positive billing in the window.
    case noBilledClients(window: ClosedRange<Day>)
    /// An option is out of range (the confidence level, the number of resamples, the
    /// incident threshold, the fiscal year's first month or the recent window); the text says
    /// which and what was found.
    case invalidOption(String)

    /// The problem in plain words, for an error message.
    public var message: String {
        switch self {
        case .noResponses(let asOf):
            return asOf.map { "no survey responses on or before the as-of date \($0)" } ?? "no survey responses"
        case .unknownColumn(let name, let available):
            return "no column '\(name)' in the survey file; expected one of "
                + available.map { "'\($0)'" }.joined(separator: ", ")
        case .emptyComparisonGroup(let column, let value):
            return "no responses where \(column) is '\(value)' to compare"
        case .billingRequired:
            return "revenue-weighted NPS needs the billing file"
        case .noBilledClients(let window):
            return "no surveyed client has positive billing between \(window.lowerBound) and \(window.upperBound)"
        case .invalidOption(let text):
            return text
        }
    }
}

/// One group of an analysis: the responses sharing a column value, a period, or both.
public struct NPSGroup: Sendable, Hashable, Codable {
    /// The group's label: the column value, the period label, or both joined by " / ".
    public var key: String
    /// The value of the grouping column (`(blank)` for an empty field); `nil` without one.
    public var value: String?
    /// The period label; `nil` without period grouping.
    public var period: String?
    /// The group's NPS at the analysis level, with its margin of error.
    public var nps: NetPromoterScore
    /// The change from the previous period of the same value (this − previous), when that
    /// period has a score: the trend.
    public var change: NPSComparison?
}

/// The NPS of two compared groups and their difference (first − second).
public struct NPSGroupComparison: Sendable, Hashable, Codable {
    /// The column the groups were taken from.
    public var column: String
    /// The first group's value.
    public var first: String
    /// The second group's value.
    public var second: String
    /// The first group's NPS.
    public var firstNPS: NetPromoterScore
    /// The second group's NPS.
    public var secondNPS: NetPromoterScore
    /// first − second in points, with its standard error, z-test p-value and interval.
    public var difference: NPSComparison
}

/// A respondent or client whose score fell by at least ``NPSAnalysisOptions/incidentDrop``.
public struct CriticalIncident: Sendable, Hashable, Codable {
    /// Whose score fell: one respondent's, or a client's mean.
    public enum Subject: String, Sendable, Hashable, Codable {
        /// Consecutive responses of the same respondent at the same client.
        case respondent
        /// The client's mean score in consecutive periods in which it was surveyed.
        case client
    }

    /// Whether a respondent's score or a client's mean score fell.
    public var subject: Subject
    /// The client the responses are about.
    public var clientID: String
    /// The respondent's name, for a respondent incident; `nil` for a client incident.
    public var respondent: String?
    /// The earlier score, 0–10 (a mean for a client).
    public var previousScore: Double
    /// The date of the previous response; for a client, the last response of its period.
    public var previousDate: Day
    /// The later, lower score, 0–10 (a mean for a client).
    public var score: Double
    /// The date of the later response; for a client, the last response of its period.
    public var date: Day
    /// For a client: the periods compared.
    public var previousPeriod: String?
    /// For a client: the later period, in which the mean score fell.
    public var period: String?
    /// previousScore − score, at least the threshold.
    public var drop: Double
    /// The client's billing in the twelve months to the as-of date, when billing was given.
    public var trailingBilling: Money?
}

/// A response to follow up: the latest answer of a detractor (or passive) respondent.
public struct FollowUp: Sendable, Hashable, Codable {
    /// The client the response is about.
    public var clientID: String
    /// Who answered; `nil` for an unnamed response.
    public var respondent: String?
    /// The response date.
    public var date: Day
    /// The answer, 0–10.
    public var score: Int
    /// Detractor, or passive when passives are listed.
    public var category: NPSCategory
    /// The partner the survey names, the natural person to follow up.
    public var partner: String?
    /// The survey the response belongs to.
    public var survey: String?
    /// The respondent's comment, which often says what went wrong.
    public var comment: String?
    /// The client's billing in the twelve months to the as-of date, when billing was given.
    public var trailingBilling: Money?
    /// The line of the response in the survey file.
    public var line: Int
}

/// Net Promoter analytics over a survey table: the overall NPS at the chosen level, groups by
/// column and period with the trend, a two-group comparison, critical incidents and the
/// follow-up list.
///
/// - Levels: see ``NPSLevel``. Grouping applies the level within each group: at client level a
///   client counts once per group, from its mean score in that group.
/// - Incidents: at respondent level, a fall between consecutive responses of the same named
///   respondent (responses without a respondent cannot be followed); at client and
///   revenue-weighted level, a fall in the client's mean score between consecutive periods in
///   which it answered (the period grouping, or calendar years). Only falls whose later
///   response lies in the ``NPSAnalysisOptions/recentMonths`` are listed. Ranked by the
///   client's trailing billing (when given), then by date, latest first, then by drop.
/// - Follow-up: each respondent's latest response in the recent months (each unnamed response
///   on its own) that is a detractor (or passive, when asked), ranked by the client's trailing
///   billing, then by score, lowest first, then by date, latest first.
///
/// ```swift
/// let table = try SurveyTable.read(.file(path: "surveys.csv"))
/// let analysis = try NPSAnalysis(table, options: NPSAnalysisOptions(period: .year))
/// for group in analysis.groups { print(group.key, group.nps.score) }
/// ```
public struct NPSAnalysis: Sendable, Hashable, Codable {
    /// Who counted once.
    public var level: NPSLevel
    /// "Today": the given as-of date, or the latest response date.
    public var asOf: Day
    /// The days over which trailing billing is summed, when billing was given.
    public var billingWindow: ClosedRange<Day>?
    /// The NPS of every response up to the as-of date, at the analysis level.
    public var overall: NetPromoterScore
    /// One score per group value, period, or value and period; empty without grouping.
    public var groups: [NPSGroup]
    /// Revenue-weighted: the keys of groups left out because none of their clients has billing.
    public var groupsWithoutBilledClients: [String]
    /// The two compared groups, when a comparison was asked for.
    public var comparison: NPSGroupComparison?
    /// Scores that fell by at least ``incidentDrop`` points in the recent window, most
    /// valuable client first.
    public var incidents: [CriticalIncident]
    /// The latest detractor (and, when asked, passive) answers in the recent window, most
    /// valuable client first.
    public var followUp: [FollowUp]
    /// The incident threshold in points, and the first day of the window incidents and
    /// follow-ups are listed from (`nil`: all dates).
    public var incidentDrop: Double
    /// The first day of the window incidents and follow-ups are listed from; `nil` for all dates.
    public var recentStart: Day?
    /// Whether passives are listed for follow-up as well as detractors.
    public var followUpPassives: Bool
    /// Responses dated after the as-of date, left out.
    public var responsesAfterAsOf: Int
    /// Revenue-weighted: surveyed clients left out for zero or negative trailing billing.
    public var clientsWithoutBilling: Int

    /// Runs the analysis on a survey table.
    ///
    /// ```swift
    /// let table = try SurveyTable.read(.file(path: "SampleData/surveys.csv"))
    /// var billing = ClientBillingWindow(trailingTwelveMonthsTo: table.latestResponseDate!)
    /// let lines = try RecordReader<BillingLine>(.file(path: "SampleData/billing.csv"))
    /// while let line = try lines.next() { try billing.add(line) }
    /// let analysis = try NPSAnalysis(table, billing: billing,
    ///                                options: NPSAnalysisOptions(level: .revenueWeighted, period: .year))
    /// print(analysis.overall.score, analysis.overall.adjustedWald)
    /// ```
    ///
    /// - Parameters:
    ///   - table: the survey responses.
    ///   - billing: each client's billing in the twelve months to the as-of date
    ///     (needed for the revenue-weighted level; ranks incidents and follow-ups when given).
    ///   - options: level, grouping, period, comparison, as-of date and the incident and
    ///     follow-up settings.
    /// - Throws: ``NPSAnalysisError``: ``NPSAnalysisError/noResponses(asOf:)`` when nothing is
    ///   dated on or before the as-of date, ``NPSAnalysisError/unknownColumn(_:available:)``
    ///   for a grouping or comparison column the file lacks,
    ///   ``NPSAnalysisError/emptyComparisonGroup(column:value:)``,
    ///   ``NPSAnalysisError/billingRequired`` or ``NPSAnalysisError/noBilledClients(window:)``
    ///   for revenue weighting, and ``NPSAnalysisError/invalidOption(_:)`` for an option out of range.
    /// - Complexity: O(n) in the responses for the scores, plus a sort of each respondent's
    ///   responses for the incidents; a bootstrap adds resamples × n draws per score.
    public init(_ table: SurveyTable, billing: ClientBillingWindow? = nil, options: NPSAnalysisOptions = NPSAnalysisOptions()) throws(NPSAnalysisError) {
        try self.init(NPSWork(table: table, billing: billing, options: options))
    }

    private init(_ work: NPSWork) throws(NPSAnalysisError) {
        let everyone = try work.score(work.included)
        guard let overall = everyone else {
            if let window = work.billing?.window { throw .noBilledClients(window: window) }
            throw .noResponses(asOf: work.asOf)
        }
        let grouped = try work.groups()
        let comparison = try work.comparison()
        let histories = work.respondentHistories()
        self.init(options: work.options, asOf: work.asOf, billingWindow: work.billing?.window, overall: overall,
                  grouped: grouped, comparison: comparison, incidents: work.incidents(histories), followUp: work.followUps(histories),
                  responsesAfterAsOf: work.table.count - work.included.count,
                  clientsWithoutBilling: work.clientsWithoutBilling(work.included))
    }

    /// An analysis from its computed parts; the table and the streaming computations both end here.
    init(options: NPSAnalysisOptions, asOf: Day, billingWindow: ClosedRange<Day>?, overall: NetPromoterScore,
         grouped: NPSGroupList, comparison: NPSGroupComparison?, incidents: [CriticalIncident], followUp: [FollowUp],
         responsesAfterAsOf: Int, clientsWithoutBilling: Int) {
        level = options.level
        self.asOf = asOf
        self.billingWindow = billingWindow
        self.responsesAfterAsOf = responsesAfterAsOf
        incidentDrop = options.incidentDrop
        recentStart = options.recentMonths == 0 ? nil : NPSAnalysisOptions.recentStart(asOf: asOf, months: options.recentMonths)
        followUpPassives = options.followUpPassives
        self.overall = overall
        self.clientsWithoutBilling = clientsWithoutBilling
        groups = grouped.groups
        groupsWithoutBilledClients = grouped.leftOut
        self.comparison = comparison
        self.incidents = CriticalIncident.ranked(incidents)
        self.followUp = FollowUp.ranked(followUp)
    }
}

// MARK: - The computation

/// The state of one analysis: the table, the rows in scope and per-client weights.
private struct NPSWork {
    let table: SurveyTable
    let billing: ClientBillingWindow?
    let options: NPSAnalysisOptions
    let asOf: Day
    /// Rows dated on or before the as-of date, in file order.
    let included: [Int]
    /// Revenue-weighted: each client code's trailing billing in currency units.
    let weights: [Double]
    /// The first day of the recent window for incidents and follow-ups.
    let recentStart: Day

    init(table: SurveyTable, billing: ClientBillingWindow?, options: NPSAnalysisOptions) throws(NPSAnalysisError) {
        try options.validate(billingGiven: billing != nil)
        self.table = table
        self.billing = billing
        self.options = options
        guard let asOf = options.asOf ?? table.latestResponseDate else { throw .noResponses(asOf: options.asOf) }
        self.asOf = asOf
        let limit = asOf.daysSince1970
        included = table.days.indices.filter { table.days[$0] <= limit }
        if let billing {
            weights = table.clients.values.map { billing.total(for: $0).doubleValue }
        } else {
            weights = []
        }
        recentStart = NPSAnalysisOptions.recentStart(asOf: asOf, months: options.recentMonths)
    }

    // MARK: Scoring at the chosen level

    /// The NPS of `rows` at the analysis level; `nil` when there is nothing to score (no rows,
    /// or revenue-weighted with no billed client).
    func score<Rows: Collection<Int>>(_ rows: Rows) throws(NPSAnalysisError) -> NetPromoterScore? {
        var tally = NPSTally()
        if options.level == .respondent {
            for row in rows { tally.count(score: table.scores[row]) }
        } else {
            tally.clientMeans = clientMeans(rows)
        }
        return try tally.score(level: options.level, weights: weights, options: options.scoreOptions)
    }

    /// Each client's mean score over `rows`, in order of first appearance.
    func clientMeans<Rows: Collection<Int>>(_ rows: Rows) -> [NPSClientMean] {
        // Dense per-client sums indexed by client code; only the clients seen are read back.
        var totals = [Int64](repeating: 0, count: table.clients.values.count)
        var counts = [Int32](repeating: 0, count: table.clients.values.count)
        var lastDays = [Int32](repeating: .min, count: table.clients.values.count)
        var order: [Int32] = []
        for row in rows {
            let client = Int(table.clients.codes[row])
            if counts[client] == 0 { order.append(Int32(client)) }
            totals[client] += Int64(table.scores[row])
            counts[client] += 1
            lastDays[client] = max(lastDays[client], table.days[row])
        }
        return order.map { client in
            let c = Int(client)
            return NPSClientMean(client: client, mean: Double(totals[c]) / Double(counts[c]), lastDay: lastDays[c])
        }
    }

    func clientsWithoutBilling(_ rows: [Int]) -> Int {
        guard options.level == .revenueWeighted else { return 0 }
        var seen = Set<Int32>()
        var count = 0
        for row in rows {
            let client = table.clients.codes[row]
            if seen.insert(client).inserted, !(weights[Int(client)] > 0) { count += 1 }
        }
        return count
    }

    // MARK: Groups and trend

    func groups() throws(NPSAnalysisError) -> NPSGroupList {
        let column: SurveyTable.CodedColumn?
        if let name = options.groupBy {
            guard let found = table.column(named: name) else {
                throw .unknownColumn(name, available: table.groupableColumnNames)
            }
            column = table.coded(found)
        } else {
            column = nil
        }
        let calendar = options.period.map { PeriodCalendar(length: $0, fiscalYearStartMonth: options.fiscalYearStartMonth) }
        guard column != nil || calendar != nil else { return NPSGroupList() }

        // Each row's group: (value code, period ordinal), numbered densely.
        let ordinals = calendar.map { calendar in included.map { calendar.ordinal(of: table.day($0)) } } ?? []
        let firstOrdinal = ordinals.min() ?? 0
        let span = (ordinals.max() ?? 0) - firstOrdinal + 1
        let valueCount = (column?.values.count ?? 0) + 1          // slot 0 is blank
        let groupIDs: [Int32]
        var keyOfGroup: [NPSGroupKey] = []
        if valueCount * span <= 1 << 22 {
            var dense = [Int32](repeating: -1, count: valueCount * span)
            groupIDs = included.indices.map { k in
                let code = column?.codes[included[k]] ?? -1
                let ordinal = calendar == nil ? 0 : ordinals[k]
                let slot = Int(code + 1) * span + (ordinal - firstOrdinal)
                if dense[slot] < 0 {
                    dense[slot] = Int32(keyOfGroup.count)
                    keyOfGroup.append(NPSGroupKey(code: code, ordinal: ordinal))
                }
                return dense[slot]
            }
        } else {
            var ids = [NPSGroupKey: Int32]()
            groupIDs = included.indices.map { k in
                let key = NPSGroupKey(code: column?.codes[included[k]] ?? -1, ordinal: calendar == nil ? 0 : ordinals[k])
                if let id = ids[key] { return id }
                let id = Int32(keyOfGroup.count)
                ids[key] = id
                keyOfGroup.append(key)
                return id
            }
        }
        let partition = RowPartition(included, keys: groupIDs, keyCount: keyOfGroup.count)
        return try NPSGroupList(keys: keyOfGroup, values: column?.values, calendar: calendar) { id throws(NPSAnalysisError) in
            try score(partition.rows(of: id))
        }
    }

    // MARK: Comparison

    func comparison() throws(NPSAnalysisError) -> NPSGroupComparison? {
        guard let spec = options.comparison else { return nil }
        let rowsA: [Int], rowsB: [Int]
        if let found = table.column(named: spec.column) {
            let column = table.coded(found)
            func rows(_ value: String) -> [Int] {
                let wanted = value.trimmingSpaces
                guard let code = column.values.firstIndex(of: wanted) else { return [] }
                return included.filter { column.codes[$0] == Int32(code) }
            }
            rowsA = rows(spec.first)
            rowsB = rows(spec.second)
        } else if let length = PeriodLength(rawValue: spec.column.lowercased()) {
            let calendar = PeriodCalendar(length: length, fiscalYearStartMonth: options.fiscalYearStartMonth)
            func rows(_ label: String) -> [Int] {
                guard let period = calendar.period(labelled: label.trimmingSpaces) else { return [] }
                return included.filter { calendar.ordinal(of: table.day($0)) == period.ordinal }
            }
            rowsA = rows(spec.first)
            rowsB = rows(spec.second)
        } else {
            throw .unknownColumn(spec.column, available: table.groupableColumnNames + ["year", "quarter", "month"])
        }
        guard let a = try score(rowsA) else { throw .emptyComparisonGroup(column: spec.column, value: spec.first) }
        guard let b = try score(rowsB) else { throw .emptyComparisonGroup(column: spec.column, value: spec.second) }
        return NPSGroupComparison(column: spec.column, first: spec.first, second: spec.second, firstNPS: a, secondNPS: b,
                                  difference: NPSComparison(a, b))
    }

    // MARK: Incidents and follow-up

    func trailingBilling(_ client: Int32) -> Money? {
        billing.map { $0.total(for: table.clients.values[Int(client)]) }
    }

    /// The included rows of each named respondent (client and respondent), each in date order.
    func respondentHistories() -> RowPartition {
        var people = PairNumbering(capacity: included.count)
        let keys = included.map { row -> Int32 in
            let respondent = table.respondents.codes[row]
            guard respondent >= 0 else { return -1 }
            return people.number(table.clients.codes[row], respondent)
        }
        var partition = RowPartition(included, keys: keys, keyCount: people.count)
        partition.sortEachPart { a, b in (table.days[a], a) < (table.days[b], b) }
        return partition
    }

    func incidents(_ histories: RowPartition) -> [CriticalIncident] {
        let threshold = options.incidentDrop
        var found: [CriticalIncident] = []
        switch options.level {
        case .respondent:
            for person in 0..<histories.partCount {
                let rows = histories.rows(of: person)
                for (before, after) in zip(rows, rows.dropFirst()) {
                    let client = table.clients.codes[after]
                    if let fall = NPSIncidents.respondentFall(from: (table.scores[before], table.days[before]), to: (table.scores[after], table.days[after]),
                                                              clientID: table.clients.values[Int(client)], respondent: table.respondents.value(after),
                                                              threshold: threshold, recentStart: recentStart, trailingBilling: trailingBilling(client)) {
                        found.append(fall)
                    }
                }
            }
        case .client, .revenueWeighted:
            let calendar = PeriodCalendar(length: options.period ?? .year, fiscalYearStartMonth: options.fiscalYearStartMonth)
            let clients = RowPartition(included, keys: included.map { table.clients.codes[$0] }, keyCount: table.clients.values.count)
            for client in 0..<clients.partCount {
                let rows = clients.rows(of: client)
                guard rows.count > 1 else { continue }
                var byPeriod = [Int: [Int]]()
                for row in rows { byPeriod[calendar.ordinal(of: table.day(row)), default: []].append(row) }
                let periods = byPeriod.keys.sorted()
                let means = periods.map { clientMeans(byPeriod[$0] ?? [])[0] }
                NPSIncidents.clientFalls(periods: periods, means: means, clientID: table.clients.values[client], calendar: calendar,
                                         threshold: threshold, recentStart: recentStart, trailingBilling: trailingBilling(Int32(client)),
                                         into: &found)
            }
        }
        return found
    }

    func followUps(_ histories: RowPartition) -> [FollowUp] {
        // Each named respondent's latest response (if in the window); unnamed responses each stand alone.
        var candidates: [Int] = []
        for person in 0..<histories.partCount {
            if let last = histories.rows(of: person).last, table.day(last) >= recentStart { candidates.append(last) }
        }
        for row in histories.unkeyedRows where table.day(row) >= recentStart { candidates.append(row) }
        let lowest = options.followUpPassives ? 8 : 6
        return candidates.compactMap { row -> FollowUp? in
            let score = Int(table.scores[row])
            guard score <= lowest else { return nil }
            let client = table.clients.codes[row]
            return FollowUp(clientID: table.clients.values[Int(client)], respondent: table.respondents.value(row),
                            date: table.day(row), score: score, category: NPSCategory(score: score), partner: table.partners.value(row),
                            survey: table.surveys.value(row), comment: table.comment(row),
                            trailingBilling: trailingBilling(client), line: table.lines[row])
        }
    }
}

// MARK: - Pieces shared by the table and the streaming computations

extension NPSAnalysisOptions {
    /// Throws for an option out of range, or revenue weighting without billing.
    func validate(billingGiven: Bool) throws(NPSAnalysisError) {
        guard scoreOptions.confidence > 0, scoreOptions.confidence < 1 else {
            throw .invalidOption("the confidence level must be between 0 and 1, exclusive; found \(scoreOptions.confidence)")
        }
        if let bootstrap = scoreOptions.bootstrap, bootstrap.resamples < 1 {
            throw .invalidOption("the bootstrap needs at least one resample; found \(bootstrap.resamples)")
        }
        guard incidentDrop > 0, incidentDrop.isFinite else {
            throw .invalidOption("the incident threshold must be a positive number of points; found \(incidentDrop)")
        }
        guard (1...12).contains(fiscalYearStartMonth) else {
            throw .invalidOption("the fiscal year must start in a month from 1 to 12; found \(fiscalYearStartMonth)")
        }
        guard (0...120_000).contains(recentMonths) else {
            throw .invalidOption("the recent window must be 0 (everything) to 120,000 months; found \(recentMonths)")
        }
        if level == .revenueWeighted && !billingGiven { throw .billingRequired }
    }

    /// The first day of the window incidents and follow-ups are listed from: the day after
    /// `months` months before `asOf`, or the earliest day when `months` is 0. It never moves
    /// back as `asOf` moves forward.
    static func recentStart(asOf: Day, months: Int) -> Day {
        months == 0 ? Day(daysSince1970: .min) : asOf.adding(months: -months).adding(days: 1)
    }
}

/// A client's mean score over some responses.
struct NPSClientMean {
    var client: Int32
    var mean: Double
    /// The client's last response date among those responses, in days since 1970.
    var lastDay: Int32
}

/// What one score needs from its responses: the category counts (respondent level) or each
/// client's mean score in order of first appearance (client and revenue-weighted levels).
struct NPSTally {
    var promoters = 0, passives = 0, detractors = 0
    var clientMeans: [NPSClientMean] = []

    /// Counts one response: 9–10 promoter, 7–8 passive, 0–6 detractor.
    @inline(__always)
    mutating func count(score: UInt8) {
        if score >= 9 { promoters += 1 } else if score >= 7 { passives += 1 } else { detractors += 1 }
    }

    /// A client's mean score: 9 or more promoter, 7 up to 9 passive, else detractor.
    static func category(mean: Double) -> NPSCategory {
        mean >= 9 ? .promoter : (mean >= 7 ? .passive : .detractor)
    }

    /// The NPS at `level`; `nil` when there is nothing to score (no responses, or revenue-weighted
    /// with no billed client). `weights` holds each client code's trailing billing.
    func score(level: NPSLevel, weights: [Double], options: NPSOptions) throws(NPSAnalysisError) -> NetPromoterScore? {
        do {
            switch level {
            case .respondent:
                guard promoters + passives + detractors > 0 else { return nil }
                return try NetPromoterScore(promoters: promoters, passives: passives, detractors: detractors, options: options)
            case .client:
                guard !clientMeans.isEmpty else { return nil }
                var counts = (0, 0, 0)
                for mean in clientMeans {
                    switch Self.category(mean: mean.mean) {
                    case .promoter: counts.0 += 1
                    case .passive: counts.1 += 1
                    case .detractor: counts.2 += 1
                    }
                }
                return try NetPromoterScore(promoters: counts.0, passives: counts.1, detractors: counts.2, options: options)
            case .revenueWeighted:
                let units = clientMeans.map { WeightedCategory(Self.category(mean: $0.mean), weight: weights[Int($0.client)]) }
                guard units.contains(where: { $0.weight > 0 }) else { return nil }
                return try NetPromoterScore(weighted: units, options: options)
            }
        } catch {
            throw .invalidOption("\(error)")
        }
    }
}

/// A group: the code of its value in the grouping column (-1 for blank or no column) and its
/// period ordinal (0 without periods).
struct NPSGroupKey: Hashable {
    var code: Int32
    var ordinal: Int
}

/// The groups of an analysis, in the order they are shown, and the revenue-weighted groups left out.
struct NPSGroupList {
    var groups: [NPSGroup] = []
    var leftOut: [String] = []

    init() {}

    /// Scores each group (numbered by its index in `keys`) and orders them by value (code point
    /// order, blank last), then period, with each period's change from the one before.
    ///
    /// - Parameters:
    ///   - keys: each group's value code and period ordinal, in order of first appearance.
    ///   - values: the grouping column's values by code; `nil` without a column.
    ///   - calendar: the period calendar; `nil` without periods.
    ///   - score: the NPS of group `id`, or `nil` when there is nothing to score.
    init(keys: [NPSGroupKey], values: [String]?, calendar: PeriodCalendar?,
         score: (Int) throws(NPSAnalysisError) -> NetPromoterScore?) throws(NPSAnalysisError) {
        func valueLabel(_ code: Int32) -> String? {
            guard let values else { return nil }
            return code >= 0 ? values[Int(code)] : "(blank)"
        }
        let order = keys.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.code != b.code {
                if a.code < 0 || b.code < 0 { return b.code < 0 }   // blank last
                let x = values?[Int(a.code)] ?? "", y = values?[Int(b.code)] ?? ""
                return x.precedesInCodePointOrder(y) || (!y.precedesInCodePointOrder(x) && a.code < b.code)
            }
            return a.ordinal < b.ordinal
        }
        var previous: (key: NPSGroupKey, nps: NetPromoterScore)?
        for id in order {
            let key = keys[id]
            let value = valueLabel(key.code)
            let period = calendar.map { Period(ordinal: key.ordinal, calendar: $0).label }
            let label = [value, period].compactMap { $0 }.joined(separator: " / ")
            guard let nps = try score(id) else {
                leftOut.append(label)
                previous = nil
                continue
            }
            var change: NPSComparison?
            // Groups are sorted by value then period, so the previous period is the one before.
            if calendar != nil, let before = previous, before.key.code == key.code, before.key.ordinal == key.ordinal - 1 {
                change = NPSComparison(nps, before.nps)
            }
            previous = (key, nps)
            groups.append(NPSGroup(key: label, value: value, period: period, nps: nps, change: change))
        }
    }
}

/// Finding critical incidents, for both computations.
enum NPSIncidents {
    /// Appends a client's falls between consecutive periods' mean scores.
    ///
    /// - Parameters:
    ///   - periods: the ordinals of the periods the client answered in, ascending.
    ///   - means: the client's mean score in each of those periods.
    static func clientFalls(periods: [Int], means: [NPSClientMean], clientID: String, calendar: PeriodCalendar,
                            threshold: Double, recentStart: Day, trailingBilling: Money?, into found: inout [CriticalIncident]) {
        for index in periods.indices.dropFirst() {
            let before = means[index - 1], after = means[index]
            let drop = before.mean - after.mean
            guard drop >= threshold, Day(daysSince1970: after.lastDay) >= recentStart else { continue }
            found.append(CriticalIncident(subject: .client, clientID: clientID, respondent: nil,
                                          previousScore: before.mean, previousDate: Day(daysSince1970: before.lastDay),
                                          score: after.mean, date: Day(daysSince1970: after.lastDay),
                                          previousPeriod: Period(ordinal: periods[index - 1], calendar: calendar).label,
                                          period: Period(ordinal: periods[index], calendar: calendar).label,
                                          drop: drop, trailingBilling: trailingBilling))
        }
    }

    /// A respondent's fall from one response to the next, if it is at least `threshold` points
    /// and the later response is on or after `recentStart`.
    static func respondentFall(from before: (score: UInt8, day: Int32), to after: (score: UInt8, day: Int32),
                               clientID: @autoclosure () -> String, respondent: @autoclosure () -> String?,
                               threshold: Double, recentStart: Day, trailingBilling: @autoclosure () -> Money?) -> CriticalIncident? {
        let drop = Double(before.score) - Double(after.score)
        guard drop >= threshold, Day(daysSince1970: after.day) >= recentStart else { return nil }
        return CriticalIncident(subject: .respondent, clientID: clientID(), respondent: respondent(),
                                previousScore: Double(before.score), previousDate: Day(daysSince1970: before.day),
                                score: Double(after.score), date: Day(daysSince1970: after.day),
                                previousPeriod: nil, period: nil, drop: drop, trailingBilling: trailingBilling())
    }
}

extension CriticalIncident {
    /// The incidents most valuable client first, then latest, then largest fall, then by client
    /// and respondent in code point order.
    static func ranked(_ incidents: [CriticalIncident]) -> [CriticalIncident] {
        incidents.sorted { a, b in
            let va = a.trailingBilling ?? .zero, vb = b.trailingBilling ?? .zero
            if va != vb { return va > vb }
            if a.date != b.date { return a.date > b.date }
            if a.drop != b.drop { return a.drop > b.drop }
            if a.clientID.precedesInCodePointOrder(b.clientID) { return true }
            if b.clientID.precedesInCodePointOrder(a.clientID) { return false }
            return (a.respondent ?? "").precedesInCodePointOrder(b.respondent ?? "")
        }
    }
}

extension FollowUp {
    /// The follow-ups most valuable client first, then lowest score, then latest, then by line.
    static func ranked(_ followUps: [FollowUp]) -> [FollowUp] {
        followUps.sorted { a, b in
            let va = a.trailingBilling ?? .zero, vb = b.trailingBilling ?? .zero
            if va != vb { return va > vb }
            if a.score != b.score { return a.score < b.score }
            if a.date != b.date { return a.date > b.date }
            return a.line < b.line
        }
    }
}

/// Rows grouped by a small integer key with a stable counting sort: the rows of key k are
/// `rows(of: k)`, in their original order; rows with key -1 are kept apart.
struct RowPartition {
    private(set) var ordered: [Int]
    private let starts: [Int]
    let unkeyedRows: [Int]

    init(_ rows: [Int], keys: [Int32], keyCount: Int) {
        var starts = [Int](repeating: 0, count: keyCount + 1)
        var unkeyed: [Int] = []
        for key in keys where key >= 0 { starts[Int(key) + 1] += 1 }
        for k in 0..<keyCount { starts[k + 1] += starts[k] }
        var next = starts
        var ordered = [Int](repeating: 0, count: starts[keyCount])
        for (row, key) in zip(rows, keys) {
            guard key >= 0 else {
                unkeyed.append(row)
                continue
            }
            ordered[next[Int(key)]] = row
            next[Int(key)] += 1
        }
        self.ordered = ordered
        self.starts = starts
        unkeyedRows = unkeyed
    }

    var partCount: Int { starts.count - 1 }

    func rows(of key: Int) -> ArraySlice<Int> { ordered[starts[key]..<starts[key + 1]] }

    /// Sorts the rows of every key; parts already in order (the usual case) cost one pass.
    mutating func sortEachPart(by areInIncreasingOrder: (Int, Int) -> Bool) {
        for key in 0..<partCount {
            let range = starts[key]..<starts[key + 1]
            guard range.count > 1 else { continue }
            var sorted = true
            for i in range.dropFirst() where areInIncreasingOrder(ordered[i], ordered[i - 1]) {
                sorted = false
                break
            }
            if !sorted { ordered[range].sort(by: areInIncreasingOrder) }
        }
    }
}

/// Numbers distinct pairs of 32-bit codes 0, 1, 2, ... in order of first sight, with an
/// open-addressing table (no hashing of strings) that doubles when half full.
struct PairNumbering {
    private var keys: [UInt64]
    private var numbers: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: .max, count: size)
        numbers = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of the pair (a, b): the one it was given, or the next one if it is new.
    mutating func number(_ a: Int32, _ b: Int32) -> Int32 {
        let key = UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
        var slot = Self.home(key) & mask
        while true {
            if keys[slot] == key { return numbers[slot] }
            if keys[slot] == .max {
                if (count + 1) * 2 > keys.count {
                    grow()
                    return number(a, b)
                }
                keys[slot] = key
                numbers[slot] = Int32(count)
                count += 1
                return numbers[slot]
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    private mutating func grow() {
        let oldKeys = keys, oldNumbers = numbers
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        numbers = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (key, number) in zip(oldKeys, oldNumbers) where key != .max {
            var slot = Self.home(key) & mask
            while keys[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = key
            numbers[slot] = number
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
