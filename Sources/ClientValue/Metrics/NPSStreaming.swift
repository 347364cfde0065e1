/// An ``NPSAnalysis`` computed while a survey export streams past, in memory that grows with
/// the clients and respondents, not with the responses: standard input, or a file too large
/// to hold.
///
/// The result is the one ``NPSAnalysis/init(_:billing:options:)`` gives on the same file,
/// value for value. What it holds instead of the responses:
/// - per client: its id once, and at the client and revenue-weighted levels its running
///   score total, count and last date in each group and each period it answered in;
/// - per named respondent (client and respondent): its latest response, with the partner,
///   survey and comment when that response is a follow-up candidate; at the respondent level
///   also its responses inside the recent window (``NPSAnalysisOptions/recentMonths``) and
///   the last one before it, to find falls between consecutive scores;
/// - per group, period and compared group: three counts;
/// - the unnamed detractors (and passives, when asked) inside the recent window.
///
/// Without an as-of date the window ends at the latest response seen so far, so it only moves
/// forward and what falls out of it is let go as the file is read (every respondent's list
/// is swept whenever the responses held have doubled, so those of respondents who answer no
/// more go too). With ``NPSAnalysisOptions/recentMonths`` 0 (list everything) the
/// respondent-level histories are kept whole.
///
/// ```swift
/// var stream = try StreamingNPSAnalysis(options: NPSAnalysisOptions(period: .year))
/// try stream.read(.standardInput, file: "<stdin>")
/// let analysis = try stream.analysis()
/// print(analysis.overall.score, stream.summary?.rowsRead ?? 0)
/// ```
public struct StreamingNPSAnalysis: Sendable {
    /// The analysis options, checked when the stream was made.
    public let options: NPSAnalysisOptions
    /// What the import read, accepted and rejected; `nil` before ``read(_:file:options:)``.
    public private(set) var summary: ImportSummary?
    private var accumulator: NPSAccumulator?
    /// The survey file's text values by code, read back from the import's string tables.
    private var values = NPSAccumulator.Values()

    /// A stream for `options`, which are checked here.
    ///
    /// - Parameters:
    ///   - options: level, grouping, period, comparison, as-of date, incident and follow-up settings.
    ///   - billingGiven: whether ``analysis(billing:)`` will be given billing; revenue weighting needs it.
    /// - Throws: ``NPSAnalysisError/invalidOption(_:)`` for an option out of range, and
    ///   ``NPSAnalysisError/billingRequired`` for revenue weighting without billing.
    public init(options: NPSAnalysisOptions = NPSAnalysisOptions(), billingGiven: Bool = false) throws(NPSAnalysisError) {
        try options.validate(billingGiven: billingGiven)
        self.options = options
    }

    /// The latest response date read, whether or not it is after the as-of date; `nil` before
    /// any response. Without an as-of date it is "today" for the analysis and for billing.
    public var latestResponseDate: Day? {
        accumulator?.latestDay.map(Day.init(daysSince1970:))
    }

    /// Reads a survey export from start to end. Bad rows follow `options.onError` as
    /// ``RecordReader`` does. A grouping or comparison column the file does not have is
    /// reported by ``analysis(billing:)``, after the errors ``NPSAnalysis`` reports first.
    /// Reading another export starts the analysis afresh.
    ///
    /// - Parameters:
    ///   - source: a file path, standard input, or bytes in memory.
    ///   - file: the name to use in messages and in the summary; the path by default.
    ///   - options: dialect, date order, error policy, column map and rejects file.
    /// - Throws: ``ImportError`` for a malformed file, a missing column, or (with
    ///   ``ErrorPolicy/fail``) the first bad row.
    /// - Complexity: O(n) in the file's bytes; memory as the type's overview says.
    public mutating func read(_ source: ByteSourceKind, file: String? = nil, options: ImportOptions = ImportOptions()) throws(ImportError) {
        let reader = try RecordReader<SurveyResponse>(source, file: file, options: options)
        let columns = NPSAccumulator.Columns(self.options, table: SurveyTable(header: reader.summary))
        let group = columns.group, compared = columns.comparison
        var accumulator = NPSAccumulator(options: self.options, columns: columns)
        var comment: [UInt8] = []
        let extraBase = SurveyResponse.columns.count
        func code(_ column: SurveyColumn?, _ row: ImportRow, _ known: NPSAccumulator.Response) -> Int32 {
            switch column {
            case nil: -1
            case .clientID: known.client
            case .respondent: known.respondent
            case .survey: known.group
            case .partner: known.compared
            case .extra(let k): row.extraCode(k)
            }
        }
        let comparedColumn: SurveyColumn? = if case .column(let column) = compared { column } else { nil }
        while try reader.nextRow({ row throws(ImportError) -> Bool in
            // The checked fields first, so that a rejected row leaves nothing behind.
            let client = try row.code(0)
            let day = try row.day(1).daysSince1970
            let score = UInt8(truncatingIfNeeded: try row.score(2))
            let respondent = row.optionalCode(3)
            let survey = row.optionalCode(5), partner = row.optionalCode(6)
            // The survey and partner codes ride in `group` and `compared` until those are known.
            var response = NPSAccumulator.Response(client: client, day: day, score: score, respondent: respondent,
                                                   group: survey, compared: partner)
            let known = response
            response.group = code(group, row, known)
            response.compared = code(comparedColumn, row, known)
            accumulator.add(response) {
                comment.removeAll(keepingCapacity: true)
                row.appendVerbatim(4, to: &comment)
                return NPSAccumulator.Details(partner: partner, survey: survey,
                                              comment: comment.isEmpty ? nil : String(decoding: comment, as: UTF8.self), line: row.line)
            }
            return true
        }) != nil {}
        let cursor = reader.cursor
        self.values = NPSAccumulator.Values(clients: cursor.values(table: 0), respondents: cursor.values(table: 3),
                                       surveys: cursor.values(table: 5), partners: cursor.values(table: 6))
        func columnValues(_ column: SurveyColumn?) -> [String]? {
            switch column {
            case nil: nil
            case .clientID: cursor.values(table: 0)
            case .respondent: cursor.values(table: 3)
            case .survey: cursor.values(table: 5)
            case .partner: cursor.values(table: 6)
            case .extra(let k): cursor.values(table: extraBase + k)
            }
        }
        self.values.group = columnValues(group)
        self.values.compared = columnValues(comparedColumn)
        self.values.grouped = group != nil
        self.accumulator = accumulator
        summary = reader.summary
    }

    /// The analysis of what ``read(_:file:options:)`` read.
    ///
    /// - Parameter billing: each client's billing in the twelve months to the as-of date
    ///   (``NPSAnalysisOptions/asOf``, or ``latestResponseDate``); needed for the
    ///   revenue-weighted level, and ranks incidents and follow-ups when given.
    /// - Returns: the same analysis ``NPSAnalysis/init(_:billing:options:)`` gives for the file.
    /// - Throws: ``NPSAnalysisError`` as ``NPSAnalysis/init(_:billing:options:)`` does.
    public func analysis(billing: ClientBillingWindow? = nil) throws(NPSAnalysisError) -> NPSAnalysis {
        try options.validate(billingGiven: billing != nil)
        guard let accumulator else { throw .noResponses(asOf: options.asOf) }
        return try accumulator.analysis(values: values, billing: billing)
    }
}

extension StreamingNPSAnalysis {
    /// The stream fed with a table's rows in order, as ``read(_:file:options:)`` feeds it a
    /// file's: tests compare its analysis with ``NPSAnalysis/init(_:billing:options:)``.
    init(table: SurveyTable, options: NPSAnalysisOptions, billingGiven: Bool) throws(NPSAnalysisError) {
        try self.init(options: options, billingGiven: billingGiven)
        summary = table.summary
        let columns = NPSAccumulator.Columns(options, table: table)
        let group = columns.group, compared = columns.comparison
        let comparedColumn: SurveyColumn? = if case .column(let column) = compared { column } else { nil }
        var accumulator = NPSAccumulator(options: options, columns: columns)
        for row in 0..<table.count {
            let response = NPSAccumulator.Response(client: table.clients.codes[row], day: table.days[row], score: table.scores[row],
                                                   respondent: table.respondents.codes[row],
                                                   group: group.map { table.coded($0).codes[row] } ?? -1,
                                                   compared: comparedColumn.map { table.coded($0).codes[row] } ?? -1)
            accumulator.add(response) {
                NPSAccumulator.Details(partner: table.partners.codes[row], survey: table.surveys.codes[row],
                                       comment: table.comment(row), line: table.lines[row])
            }
        }
        values = NPSAccumulator.Values(clients: table.clients.values, respondents: table.respondents.values,
                                       surveys: table.surveys.values, partners: table.partners.values,
                                       group: group.map { table.coded($0).values }, compared: comparedColumn.map { table.coded($0).values },
                                       grouped: group != nil)
        self.accumulator = accumulator
    }

    /// Responses held for the recent window (see ``NPSAccumulator/heldResponses``).
    var heldResponses: Int { accumulator?.heldResponses ?? 0 }
}

extension SurveyTable {
    /// An empty table with a file's header, to resolve column names.
    init(header summary: ImportSummary) {
        self.init([], extraColumns: summary.extraColumns)
        self.summary = summary
    }
}

// MARK: - The accumulator

/// The running state of a streaming NPS analysis, fed one response at a time with the codes
/// of its text values (as an import's string tables number them).
struct NPSAccumulator: Sendable {
    /// One response, its text as codes (-1 for empty).
    struct Response {
        var client: Int32
        var day: Int32
        var score: UInt8
        var respondent: Int32
        /// The code of the grouping column's value (-1 for blank or no column).
        var group: Int32
        /// The code of the compared column's value (-1 for blank or no column comparison).
        var compared: Int32
    }

    /// What a follow-up needs beyond the codes: read only for candidates.
    struct Details: Sendable {
        var partner: Int32
        var survey: Int32
        var comment: String?
        var line: Int
    }

    /// The text values by code, given at the end.
    struct Values: Sendable {
        var clients: [String] = []
        var respondents: [String] = []
        var surveys: [String] = []
        var partners: [String] = []
        /// The grouping column's values; `nil` without one.
        var group: [String]?
        /// The compared column's values; `nil` without a column comparison.
        var compared: [String]?
        /// Whether groups are by a column (its values may still be empty).
        var grouped = false
    }

    /// Two groups compared by a column's value or by period.
    enum Comparison: Sendable {
        case none
        case column(SurveyColumn)
        case period(PeriodCalendar)
    }

    /// The grouping and comparison columns of `options` in a file with `table`'s header, and
    /// the errors for those it does not have, which the analysis throws where ``NPSAnalysis``
    /// would (after the overall score, before the groups or the comparison).
    struct Columns: Sendable {
        var group: SurveyColumn?
        var comparison: Comparison = .none
        var groupError: NPSAnalysisError?
        var comparisonError: NPSAnalysisError?

        init(_ options: NPSAnalysisOptions, table: SurveyTable) {
            if let name = options.groupBy {
                group = table.column(named: name)
                if group == nil { groupError = .unknownColumn(name, available: table.groupableColumnNames) }
            }
            guard let spec = options.comparison else { return }
            if let found = table.column(named: spec.column) {
                comparison = .column(found)
            } else if let length = PeriodLength(rawValue: spec.column.lowercased()) {
                comparison = .period(PeriodCalendar(length: length, fiscalYearStartMonth: options.fiscalYearStartMonth))
            } else {
                comparisonError = .unknownColumn(spec.column, available: table.groupableColumnNames + ["year", "quarter", "month"])
            }
        }
    }

    /// One response of a respondent: its day, its place in the file and its score.
    struct Visit: Sendable {
        // In this order the three fit in 16 bytes.
        var sequence: Int
        var day: Int32
        var score: UInt8

        func isBefore(_ other: Visit) -> Bool { (day, sequence) < (other.day, other.sequence) }
    }

    /// A follow-up candidate not yet ranked.
    struct Candidate: Sendable {
        var client: Int32
        var respondent: Int32
        var day: Int32
        var score: UInt8
        var details: Details
    }

    /// A respondent's state: 56 bytes, plus 24 to 48 in the numbering table, and a list of its
    /// responses in the window (16 bytes each, in a block of its own).
    struct Person: Sendable {
        var client: Int32
        var respondent: Int32
        /// Where the latest response's details are in `candidateDetails` when it is a follow-up
        /// candidate; -1 when it is not.
        var candidate: Int32
        var latest: Visit
        /// Respondent level: the latest response before the window start; `day` is `Int32.min`
        /// for none.
        var before = Visit(sequence: -1, day: .min, score: 0)
        /// Respondent level: responses on or after the window start when last pruned, in arrival order.
        var recent: [Visit] = []
    }

    let options: NPSAnalysisOptions
    let comparison: Comparison
    private let columnErrors: (group: NPSAnalysisError?, comparison: NPSAnalysisError?)
    private let asOfLimit: Int32?
    private let groupCalendar: PeriodCalendar?
    private let grouped: Bool
    private let byClient: Bool
    private let incidentCalendar: PeriodCalendar
    private let lowestFollowUpScore: UInt8

    /// The latest day of any accepted response, after the as-of date or not.
    private(set) var latestDay: Int32?
    private var sequence = 0
    private var responsesAfterAsOf = 0
    /// The start of the recent window for the latest day so far (never later than the final one).
    private var windowStart = Int32.min

    /// Per tally (0: everyone, then groups, then compared values): counts, and at the client
    /// levels each client's slot in order of first appearance.
    private var tallies: [NPSTally] = [NPSTally()]
    private var tallySlots: [[Int32]] = [[]]
    private var slots = PairNumbering()
    private var slotClients: [Int32] = [], slotTotals: [Int64] = [], slotCounts: [Int] = [], slotLastDays: [Int32] = []
    private var groupIDs: [NPSGroupKey: Int32] = [:]
    private var groupKeys: [NPSGroupKey] = []
    private var groupTallies: [Int32] = []
    private var lastGroup: (key: NPSGroupKey, id: Int32)?
    private var comparedTallies: [Int: Int32] = [:]

    /// Client levels: each client's included responses, and its tally in each incident period.
    private var clientResponses: [Int] = []
    private var clientPeriods = PairNumbering()
    private var clientPeriodKeys: [(client: Int32, ordinal: Int)] = []
    private var clientPeriodTotals: [Int64] = [], clientPeriodCounts: [Int] = [], clientPeriodLastDays: [Int32] = []

    private var people = PairNumbering()
    private var persons: [Person] = []
    /// The details of respondents' latest responses that are follow-up candidates, and the free places.
    private var candidateDetails: [Details] = []
    private var freeDetails: [Int32] = []
    /// Respondent level: responses in the respondents' `recent` lists, and how many there were
    /// after the last sweep of every list.
    private var heldVisits = 0, heldAfterSweep = 0
    /// Unnamed responses inside the window that are follow-up candidates, in file order.
    private var unnamed: [Candidate] = []
    private var unnamedAfterPrune = 0

    init(options: NPSAnalysisOptions, columns: Columns) {
        self.options = options
        comparison = columns.comparison
        columnErrors = (columns.groupError, columns.comparisonError)
        asOfLimit = options.asOf?.daysSince1970
        groupCalendar = options.period.map { PeriodCalendar(length: $0, fiscalYearStartMonth: options.fiscalYearStartMonth) }
        grouped = options.groupBy != nil || options.period != nil
        byClient = options.level != .respondent
        incidentCalendar = PeriodCalendar(length: options.period ?? .year, fiscalYearStartMonth: options.fiscalYearStartMonth)
        lowestFollowUpScore = options.followUpPassives ? 8 : 6
        if let asOf = options.asOf {
            windowStart = NPSAnalysisOptions.recentStart(asOf: asOf, months: options.recentMonths).daysSince1970
        }
    }

    /// The number of responses held for the recent window (respondent histories and unnamed
    /// candidates), for tests of the memory bound.
    var heldResponses: Int {
        persons.reduce(0) { $0 + $1.recent.count } + unnamed.count
    }

    /// Adds one accepted response; `details` is called only when the response may be listed
    /// for follow-up.
    mutating func add(_ response: Response, details: () -> Details) {
        let sequence = self.sequence
        self.sequence += 1
        if latestDay.map({ response.day > $0 }) ?? true {
            latestDay = response.day
            if asOfLimit == nil {
                windowStart = NPSAnalysisOptions.recentStart(asOf: Day(daysSince1970: response.day), months: options.recentMonths).daysSince1970
            }
        }
        if let limit = asOfLimit, response.day > limit {
            responsesAfterAsOf += 1
            return
        }
        let day = Day(daysSince1970: response.day)
        count(response, in: 0)
        if grouped {
            let key = NPSGroupKey(code: response.group, ordinal: groupCalendar?.ordinal(of: day) ?? 0)
            count(response, in: groupTally(key))
        }
        switch comparison {
        case .none: break
        case .column:
            if response.compared >= 0 { count(response, in: comparedTally(Int(response.compared))) }
        case .period(let calendar):
            count(response, in: comparedTally(calendar.ordinal(of: day)))
        }
        if byClient { countClientPeriod(response, ordinal: incidentCalendar.ordinal(of: day)) }
        let visit = Visit(sequence: sequence, day: response.day, score: response.score)
        if response.respondent >= 0 {
            addVisit(visit, of: response, details: details)
        } else if response.score <= lowestFollowUpScore, response.day >= windowStart {
            unnamed.append(Candidate(client: response.client, respondent: -1, day: response.day, score: response.score, details: details()))
            if unnamed.count >= 2 * unnamedAfterPrune + 1024 {
                let start = windowStart
                unnamed.removeAll { $0.day < start }
                unnamedAfterPrune = unnamed.count
            }
        }
    }

    private mutating func count(_ response: Response, in tally: Int) {
        if !byClient {
            tallies[tally].count(score: response.score)
            return
        }
        let slot = Int(slots.number(Int32(tally), response.client))
        if slot == slotTotals.count {
            tallySlots[tally].append(Int32(slot))
            slotClients.append(response.client)
            slotTotals.append(0)
            slotCounts.append(0)
            slotLastDays.append(.min)
        }
        slotTotals[slot] += Int64(response.score)
        slotCounts[slot] += 1
        slotLastDays[slot] = max(slotLastDays[slot], response.day)
    }

    private mutating func newTally() -> Int32 {
        tallies.append(NPSTally())
        tallySlots.append([])
        return Int32(tallies.count - 1)
    }

    private mutating func groupTally(_ key: NPSGroupKey) -> Int {
        if let last = lastGroup, last.key == key { return Int(last.id) }
        let tally: Int32
        if let id = groupIDs[key] {
            tally = groupTallies[Int(id)]
            lastGroup = (key, tally)
        } else {
            groupIDs[key] = Int32(groupKeys.count)
            groupKeys.append(key)
            tally = newTally()
            groupTallies.append(tally)
            lastGroup = (key, tally)
        }
        return Int(tally)
    }

    private mutating func comparedTally(_ key: Int) -> Int {
        if let tally = comparedTallies[key] { return Int(tally) }
        let tally = newTally()
        comparedTallies[key] = tally
        return Int(tally)
    }

    private mutating func countClientPeriod(_ response: Response, ordinal: Int) {
        let client = Int(response.client)
        if client >= clientResponses.count {
            clientResponses.append(contentsOf: repeatElement(0, count: client + 1 - clientResponses.count))
        }
        clientResponses[client] += 1
        let slot = Int(clientPeriods.number(response.client, Int32(truncatingIfNeeded: ordinal)))
        if slot == clientPeriodTotals.count {
            clientPeriodKeys.append((response.client, ordinal))
            clientPeriodTotals.append(0)
            clientPeriodCounts.append(0)
            clientPeriodLastDays.append(.min)
        }
        clientPeriodTotals[slot] += Int64(response.score)
        clientPeriodCounts[slot] += 1
        clientPeriodLastDays[slot] = max(clientPeriodLastDays[slot], response.day)
    }

    private mutating func addVisit(_ visit: Visit, of response: Response, details: () -> Details) {
        let number = Int(people.number(response.client, response.respondent))
        let isCandidate = response.score <= lowestFollowUpScore
        guard number < persons.count else {
            persons.append(Person(client: response.client, respondent: response.respondent,
                                  candidate: isCandidate ? store(details(), at: -1) : -1, latest: visit))
            if !byClient { remember(visit, of: number) }
            return
        }
        if persons[number].latest.isBefore(visit) {
            persons[number].latest = visit
            let place = persons[number].candidate
            if isCandidate {
                persons[number].candidate = store(details(), at: place)
            } else if place >= 0 {
                freeDetails.append(place)
                candidateDetails[Int(place)].comment = nil
                persons[number].candidate = -1
            }
        }
        if !byClient { remember(visit, of: number) }
    }

    /// Keeps a respondent's response for its falls, and now and then lets go of every
    /// respondent's responses that have left the window (those of respondents who answer no
    /// more would otherwise stay), so the responses held stay about those in the window.
    private mutating func remember(_ visit: Visit, of number: Int) {
        let held = persons[number].recent.count
        Self.remember(visit, in: &persons[number], windowStart: windowStart)
        heldVisits += persons[number].recent.count - held
        guard heldVisits >= 2 * heldAfterSweep + 4096 else { return }
        for k in persons.indices {
            guard !persons[k].recent.isEmpty else { continue }
            let count = persons[k].recent.count
            Self.prune(&persons[k], windowStart: windowStart)
            heldVisits -= count - persons[k].recent.count
        }
        heldAfterSweep = heldVisits
    }

    /// Stores a candidate's details at `place`, or in a free or new place when `place` is -1.
    private mutating func store(_ candidate: Details, at place: Int32) -> Int32 {
        if place >= 0 {
            candidateDetails[Int(place)] = candidate
            return place
        }
        if let free = freeDetails.popLast() {
            candidateDetails[Int(free)] = candidate
            return free
        }
        candidateDetails.append(candidate)
        return Int32(candidateDetails.count - 1)
    }

    /// Keeps a respondent's response for its falls: in the window, or as the latest before it.
    private static func remember(_ visit: Visit, in person: inout Person, windowStart: Int32) {
        if let first = person.recent.first, first.day < windowStart { prune(&person, windowStart: windowStart) }
        if visit.day < windowStart {
            if person.before.isBefore(visit) { person.before = visit }
        } else {
            person.recent.append(visit)
        }
    }

    /// Moves a respondent's responses before `windowStart` out of its window, keeping the latest.
    private static func prune(_ person: inout Person, windowStart: Int32) {
        var kept: [Visit] = []
        for visit in person.recent {
            if visit.day >= windowStart {
                kept.append(visit)
            } else if person.before.isBefore(visit) {
                person.before = visit
            }
        }
        person.recent = kept
    }

    // MARK: The analysis

    func analysis(values: Values, billing: ClientBillingWindow?) throws(NPSAnalysisError) -> NPSAnalysis {
        guard let asOf = options.asOf ?? latestDay.map(Day.init(daysSince1970:)) else { throw .noResponses(asOf: options.asOf) }
        let recentStart = NPSAnalysisOptions.recentStart(asOf: asOf, months: options.recentMonths)
        let weights = billing.map { billing in values.clients.map { billing.total(for: $0).doubleValue } } ?? []
        func trailingBilling(_ client: Int32) -> Money? { billing.map { $0.total(for: values.clients[Int(client)]) } }
        func score(_ tally: Int) throws(NPSAnalysisError) -> NetPromoterScore? {
            var counted = tallies[tally]
            if byClient {
                counted.clientMeans = tallySlots[tally].map { slot in
                    let s = Int(slot)
                    return NPSClientMean(client: slotClients[s], mean: Double(slotTotals[s]) / Double(slotCounts[s]), lastDay: slotLastDays[s])
                }
            }
            return try counted.score(level: options.level, weights: weights, options: options.scoreOptions)
        }

        guard let overall = try score(0) else {
            if let window = billing?.window { throw .noBilledClients(window: window) }
            throw .noResponses(asOf: asOf)
        }
        if let error = columnErrors.group { throw error }
        var grouped = NPSGroupList()
        if self.grouped {
            grouped = try NPSGroupList(keys: groupKeys, values: values.grouped ? (values.group ?? []) : nil, calendar: groupCalendar) {
                id throws(NPSAnalysisError) in try score(Int(groupTallies[id]))
            }
        }
        if let error = columnErrors.comparison { throw error }
        let comparison = try compared(values: values, score: score)
        var clientsWithoutBilling = 0
        if options.level == .revenueWeighted {
            for (client, count) in clientResponses.enumerated() where count > 0 && !(weights[client] > 0) { clientsWithoutBilling += 1 }
        }
        return NPSAnalysis(options: options, asOf: asOf, billingWindow: billing?.window, overall: overall, grouped: grouped,
                           comparison: comparison,
                           incidents: incidents(values: values, recentStart: recentStart, trailingBilling: trailingBilling),
                           followUp: followUps(values: values, recentStart: recentStart, trailingBilling: trailingBilling),
                           responsesAfterAsOf: responsesAfterAsOf, clientsWithoutBilling: clientsWithoutBilling)
    }

    private func compared(values: Values, score: (Int) throws(NPSAnalysisError) -> NetPromoterScore?) throws(NPSAnalysisError) -> NPSGroupComparison? {
        guard let spec = options.comparison else { return nil }
        func tally(_ value: String) -> Int? {
            switch comparison {
            case .none:
                return nil
            case .column:
                guard let code = values.compared?.firstIndex(of: value.trimmingSpaces) else { return nil }
                return comparedTallies[code].map(Int.init)
            case .period(let calendar):
                guard let period = calendar.period(labelled: value.trimmingSpaces) else { return nil }
                return comparedTallies[period.ordinal].map(Int.init)
            }
        }
        guard let first = try tally(spec.first).flatMap({ id throws(NPSAnalysisError) in try score(id) }) else {
            throw .emptyComparisonGroup(column: spec.column, value: spec.first)
        }
        guard let second = try tally(spec.second).flatMap({ id throws(NPSAnalysisError) in try score(id) }) else {
            throw .emptyComparisonGroup(column: spec.column, value: spec.second)
        }
        return NPSGroupComparison(column: spec.column, first: spec.first, second: spec.second, firstNPS: first, secondNPS: second,
                                  difference: NPSComparison(first, second))
    }

    private func incidents(values: Values, recentStart: Day, trailingBilling: (Int32) -> Money?) -> [CriticalIncident] {
        var found: [CriticalIncident] = []
        let threshold = options.incidentDrop
        if !byClient {
            for person in persons {
                var history = person
                Self.prune(&history, windowStart: recentStart.daysSince1970)
                var visits = history.recent.sorted { $0.isBefore($1) }
                if history.before.day != .min { visits.insert(history.before, at: 0) }
                for (before, after) in zip(visits, visits.dropFirst()) {
                    if let fall = NPSIncidents.respondentFall(from: (before.score, before.day), to: (after.score, after.day),
                                                              clientID: values.clients[Int(person.client)],
                                                              respondent: values.respondents[Int(person.respondent)],
                                                              threshold: threshold, recentStart: recentStart,
                                                              trailingBilling: trailingBilling(person.client)) {
                        found.append(fall)
                    }
                }
            }
            return found
        }
        // Each client's periods, in client code order, then period order.
        let order = clientPeriodKeys.indices.sorted { a, b in
            (clientPeriodKeys[a].client, clientPeriodKeys[a].ordinal) < (clientPeriodKeys[b].client, clientPeriodKeys[b].ordinal)
        }
        var start = 0
        while start < order.count {
            let client = clientPeriodKeys[order[start]].client
            var end = start
            while end < order.count, clientPeriodKeys[order[end]].client == client { end += 1 }
            if clientResponses[Int(client)] > 1 {
                let slots = order[start..<end]
                let means = slots.map { slot in
                    NPSClientMean(client: client, mean: Double(clientPeriodTotals[slot]) / Double(clientPeriodCounts[slot]),
                                  lastDay: clientPeriodLastDays[slot])
                }
                NPSIncidents.clientFalls(periods: slots.map { clientPeriodKeys[$0].ordinal }, means: means,
                                         clientID: values.clients[Int(client)], calendar: incidentCalendar, threshold: threshold,
                                         recentStart: recentStart, trailingBilling: trailingBilling(client), into: &found)
            }
            start = end
        }
        return found
    }

    private func followUps(values: Values, recentStart: Day, trailingBilling: (Int32) -> Money?) -> [FollowUp] {
        var candidates: [Candidate] = []
        for person in persons where person.latest.day >= recentStart.daysSince1970 && person.candidate >= 0 {
            candidates.append(Candidate(client: person.client, respondent: person.respondent, day: person.latest.day,
                                        score: person.latest.score, details: candidateDetails[Int(person.candidate)]))
        }
        candidates += unnamed.lazy.filter { $0.day >= recentStart.daysSince1970 }
        func text(_ values: [String], _ code: Int32) -> String? { code >= 0 ? values[Int(code)] : nil }
        return candidates.map { candidate in
            let score = Int(candidate.score)
            return FollowUp(clientID: values.clients[Int(candidate.client)], respondent: text(values.respondents, candidate.respondent),
                            date: Day(daysSince1970: candidate.day), score: score, category: NPSCategory(score: score),
                            partner: text(values.partners, candidate.details.partner), survey: text(values.surveys, candidate.details.survey),
                            comment: candidate.details.comment, trailingBilling: trailingBilling(candidate.client), line: candidate.details.line)
        }
    }
}
