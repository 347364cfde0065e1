/// Realisation and collection of one group of billing lines (a client, partner, practice area
/// or year), exactly.
public struct RateGroup: Sendable, Hashable, Codable {
    /// The client id, partner, practice area (`(none)` for lines without one) or year label.
    public var key: String
    /// Net revenue of every line in the group.
    public var revenue: Money
    /// Σ amount / Σ standard_value over the lines that give a standard value; `nil` without any.
    public var realisation: Double?
    /// Σ collected / Σ amount over the lines that give a collected amount; `nil` without any.
    public var collection: Double?
    /// The sums behind the two rates.
    public var standardValue: Money?
    /// Σ amount over the lines that give a standard value: realisation's numerator.
    public var amountAtStandard: Money?
    /// Σ collected over the lines that give a collected amount: collection's numerator.
    public var collected: Money?
    /// Σ amount over the lines that give a collected amount: collection's denominator.
    public var amountCollectable: Money?

    enum CodingKeys: String, CodingKey {
        case key, revenue, realisation, collection, collected
        case standardValue = "standard_value", amountAtStandard = "amount_at_standard", amountCollectable = "amount_collectable"
    }
}

/// The share of revenue held by the largest clients.
public struct TopShare: Sendable, Hashable, Codable {
    /// How many of the largest clients: 1, 5 or 10.
    public var clients: Int
    /// Their share of the revenue of all clients with positive revenue, a fraction 0…1.
    public var share: Double
}

/// One point of the Pareto curve: the top `clientShare` of clients (by revenue) make
/// `revenueShare` of revenue.
public struct ParetoPoint: Sendable, Hashable, Codable {
    /// The fraction of clients, largest first (0.2 for the top 20%).
    public var clientShare: Double
    /// The fraction of revenue those clients make, 0…1.
    public var revenueShare: Double

    enum CodingKeys: String, CodingKey {
        case clientShare = "client_share", revenueShare = "revenue_share"
    }
}

/// One ABC class: its clients and their revenue.
public struct ABCClass: Sendable, Hashable, Codable {
    /// `A`, `B` or `C`.
    public var name: String
    /// How many clients are in the class.
    public var clients: Int
    /// Their net revenue, in currency units.
    public var revenue: Money
    /// Their share of the revenue of all clients with positive revenue, a fraction 0…1.
    public var share: Double
}

/// Thresholds of the ABC classification, as cumulative revenue shares: A is the clients that
/// make the first `a` of revenue, B the next up to `b`, C the rest.
public struct ABCThresholds: Sendable, Hashable, Codable {
    /// The cumulative revenue share that A clients make, 0…1; 0.8 by default.
    public var a: Double
    /// The cumulative revenue share that A and B clients make together, `a`…1; 0.95 by default.
    public var b: Double

    /// Thresholds for the ABC classes (`clientvalue firm --abc 0.7,0.9`).
    ///
    /// - Parameters:
    ///   - a: the cumulative share of revenue A clients make, such as 0.8 for 80%.
    ///   - b: the cumulative share A and B clients make together, such as 0.95.
    public init(a: Double = 0.8, b: Double = 0.95) {
        self.a = a
        self.b = b
    }
}

/// How concentrated revenue is among clients.
///
/// Computed over clients with positive net revenue (those at zero or below are counted in
/// ``clientsWithoutRevenue``):
/// - top shares: the share of revenue of the largest 1, 5 and 10 clients;
/// - the Herfindahl–Hirschman index, Σ (100 · sᵢ)², from 0 to 10,000 (one client);
/// - the Gini coefficient, Σᵢ (2i − n − 1) xᵢ / (n Σ x) over revenues sorted ascending: 0 when
///   every client bills the same, approaching 1 when one client bills everything;
/// - the Pareto curve at 1%, 5%, 10%, 20% ... 100% of clients (the top ⌈p·n⌉ clients);
/// - ABC classes: a client is in A while the revenue of the larger clients before it is below
///   the A threshold (so A makes the first 80% with the default), in B below the B threshold,
///   else in C.
///
/// Degenerate input: with no client of positive revenue every share, the HHI and the Gini
/// are 0 and the curve and classes are empty; one client has HHI 10,000 and Gini 0; clients
/// that all bill the same have HHI 10,000/n and Gini 0. Revenues whose sum passes what
/// ``Money`` holds (about 92 quadrillion hundredths; ``FirmMetricsBuilder`` reports such a
/// file as an error at the line, so only revenues given directly can) have ``revenue`` and
/// the classes' revenue held at Money's largest value, not wrapped; the shares, from `Double`
/// sums, stay right.
///
/// ```swift
/// let shares = RevenueConcentration(["A": Money(minorUnits: 80_000_00), "B": Money(minorUnits: 20_000_00)])
/// shares.hhi    // 80² + 20² = 6800.0
/// shares.gini   // 0.3
/// ```
public struct RevenueConcentration: Sendable, Hashable, Codable {
    /// Clients with positive net revenue: the ones measured.
    public var clients: Int
    /// Clients at zero or negative net revenue, left out.
    public var clientsWithoutRevenue: Int
    /// The revenue of the clients measured, in currency units.
    public var revenue: Money
    /// The share of revenue of the largest 1, 5 and 10 clients.
    public var topShares: [TopShare]
    /// The Herfindahl–Hirschman index, Σ (100 · sᵢ)², from 10,000/n (all equal) to 10,000
    /// (one client); 0 without revenue.
    public var hhi: Double
    /// The Gini coefficient, 0 (all bill the same) to nearly 1 (one client bills everything).
    public var gini: Double
    /// The Pareto curve: the revenue share of the top 1%, 5%, 10%, 20% … 100% of clients.
    public var pareto: [ParetoPoint]
    /// The thresholds the ABC classes were cut at.
    public var thresholds: ABCThresholds
    /// The A, B and C classes, in that order.
    public var abc: [ABCClass]
    /// Each client's class, by client id.
    public var classOfClient: [String: String]

    enum CodingKeys: String, CodingKey {
        case clients, revenue, hhi, gini, pareto, thresholds, abc
        case clientsWithoutRevenue = "clients_without_revenue", topShares = "top_shares", classOfClient = "class_of_client"
    }

    /// Measures the concentration of a revenue table.
    ///
    /// - Parameters:
    ///   - revenues: net revenue per client id.
    ///   - thresholds: where the ABC classes are cut; A 80%, B 95% by default.
    /// - Complexity: O(n log n) in the clients (one sort).
    public init(_ revenues: [String: Money], thresholds: ABCThresholds = ABCThresholds()) {
        var keys: [String] = [], cents: [Int64] = []
        for (key, value) in revenues where value.minorUnits > 0 {
            keys.append(key)
            cents.append(value.minorUnits)
        }
        // Positions sorted, not the entries: the keys are distinct, so the order is total.
        let order = keys.indices.sorted { cents[$0] != cents[$1] ? cents[$0] > cents[$1] : keys[$0].precedesInCodePointOrder(keys[$1]) }
        self.init(largestFirst: order.map { keys[$0] }, revenues: order.map { cents[$0] },
                  withoutRevenue: revenues.count - keys.count, thresholds: thresholds)
    }

    /// Measures the concentration of `revenues`, in hundredths, of the clients `keys` (distinct
    /// as `String`s): every one above zero, largest first, ties in code point order of the
    /// keys.
    init(largestFirst keys: [String], revenues cents: [Int64], withoutRevenue: Int, thresholds: ABCThresholds) {
        clients = cents.count
        clientsWithoutRevenue = withoutRevenue
        self.thresholds = thresholds
        let total = cents.reduce(0.0) { $0 + Double($1) }
        var exact: Int64 = 0, overflow = false
        for value in cents {
            let (sum, over) = exact.addingReportingOverflow(value)
            exact = sum
            overflow = overflow || over
        }
        revenue = Money(minorUnits: overflow ? .max : exact)
        guard total > 0 else {
            topShares = [1, 5, 10].map { TopShare(clients: $0, share: 0) }
            hhi = 0
            gini = 0
            pareto = []
            abc = []
            classOfClient = [:]
            return
        }
        let shares = cents.map { Double($0) / total }
        topShares = [1, 5, 10].map { n in TopShare(clients: n, share: shares.prefix(n).reduce(0, +)) }
        hhi = shares.reduce(0) { $0 + ($1 * 100) * ($1 * 100) }
        // Gini over revenues ascending (the list is descending, so index from the end).
        let n = Double(shares.count)
        var weighted = 0.0
        for (k, share) in shares.enumerated() {
            let ascendingRank = Double(shares.count - k)
            weighted += (2 * ascendingRank - n - 1) * share
        }
        gini = weighted / n
        var cumulative = [Double](repeating: 0, count: shares.count + 1)
        for (k, share) in shares.enumerated() { cumulative[k + 1] = cumulative[k] + share }
        pareto = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0].map { p in
            let top = min(shares.count, Int((p * n).rounded(.up)))
            return ParetoPoint(clientShare: p, revenueShare: cumulative[top])
        }
        var classes = [String: String](minimumCapacity: keys.count)
        var counts = [0, 0, 0], sums: [Int64] = [0, 0, 0]
        let slots = Self.abcSlots(cents, total: total, thresholds: thresholds)
        for ((client, value), slot) in zip(zip(keys, cents), slots) {
            classes[client] = ["A", "B", "C"][slot]
            counts[slot] += 1
            let (sum, over) = sums[slot].addingReportingOverflow(value)
            sums[slot] = over ? .max : sum
        }
        abc = (0..<3).map { ABCClass(name: ["A", "B", "C"][$0], clients: counts[$0], revenue: Money(minorUnits: sums[$0]),
                                     share: Double(sums[$0]) / total) }
        classOfClient = classes
    }

    /// The ABC class (0 for A, 1 for B, 2 for C) of each revenue of `cents`: the positive
    /// revenues in hundredths, largest first (ties in code point order of the client ids),
    /// whose sum, added as `Double`s in that order, is `total` (above zero).
    ///
    /// Classes are cut on exact cumulative revenue against the thresholds in hundredths, so
    /// that a client starting exactly at 80% is in B whatever the rounding of the shares.
    static func abcSlots(_ cents: [Int64], total: Double, thresholds: ABCThresholds) -> [Int] {
        let limitA = (thresholds.a * total).rounded(), limitB = (thresholds.b * total).rounded()
        var before = 0.0
        return cents.map { value in
            let slot = before < limitA ? 0 : (before < limitB ? 1 : 2)
            before += Double(value)
            return slot
        }
    }
}

/// Firm metrics from billing: realisation and collection per client, partner, practice area
/// and year, and revenue concentration.
public struct FirmMetrics: Sendable, Hashable, Codable {
    /// The year selected, or `nil` for all years.
    public var year: Int?
    /// Billing lines read.
    public var linesRead: Int
    /// Lines in the selected year (every line without one): the lines measured.
    public var linesInYear: Int
    /// Realisation and collection per client, largest revenue first.
    public var byClient: [RateGroup]
    /// Per partner (`(none)` for lines without one), largest revenue first.
    public var byPartner: [RateGroup]
    /// Per practice area (`(none)` for lines without one), largest revenue first.
    public var byPracticeArea: [RateGroup]
    /// Per (calendar or fiscal) year, oldest first.
    public var byYear: [RateGroup]
    /// How concentrated revenue is among the clients.
    public var concentration: RevenueConcentration

    enum CodingKeys: String, CodingKey {
        case year, concentration
        case linesRead = "lines_read", linesInYear = "lines_in_year", byClient = "by_client", byPartner = "by_partner"
        case byPracticeArea = "by_practice_area", byYear = "by_year"
    }
}

/// Builds ``FirmMetrics`` from billing lines in one pass, exactly.
///
/// ```swift
/// let lines = try RecordReader<BillingLine>(.file(path: "SampleData/billing.csv"))
/// var builder = FirmMetricsBuilder(year: 2025)
/// while let line = try lines.next() { try builder.add(line) }
/// let metrics = builder.metrics()
/// print(metrics.concentration.hhi, metrics.byPartner.first?.realisation as Any)
/// ```
///
/// - Complexity: O(1) per line; memory per client, partner, practice area and year.
public struct FirmMetricsBuilder: Sendable {
    /// The (calendar or fiscal) year measured, or `nil` for all years.
    public let year: Int?
    /// How invoice dates map to years: calendar or fiscal years.
    public let calendar: PeriodCalendar
    /// Where the ABC classes of the concentration are cut.
    public let thresholds: ABCThresholds
    private var clients = [String: Totals]()
    private var partners = [String: Totals]()
    private var practiceAreas = [String: Totals]()
    private var years = [Int: Totals]()
    private var linesRead = 0
    private var linesInYear = 0
    /// Σ max(0, client revenue): the revenue the concentration adds up, checked line by line.
    private var positiveRevenue: Int64 = 0

    /// The running sum of positive client revenues after a client's revenue goes from `old`
    /// to `new`; nil when it would pass what ``Money`` holds.
    static func positiveRevenue(_ sum: Int64, from old: Int64, to new: Int64) -> Int64? {
        let (next, overflow) = sum.addingReportingOverflow(max(0, new) - max(0, old))
        return overflow ? nil : next
    }

    struct Totals: Sendable {
        // The flags last, so that the totals take 50 bytes (a stride of 56), not 64.
        var lines = 0
        var revenue: Int64 = 0
        var standard: Int64 = 0, amountAtStandard: Int64 = 0
        var collected: Int64 = 0, amountCollectable: Int64 = 0
        var hasStandard = false, hasCollected = false

        mutating func add(_ line: BillingLine) throws(BillingTotalOverflow) {
            guard add(amount: line.amount.minorUnits, standard: line.standardValue?.minorUnits, collected: line.collected?.minorUnits) else {
                throw BillingTotalOverflow(clientID: line.clientID, line: line.line)
            }
        }

        /// Adds one line's amounts; false when a total would overflow (nothing is added then).
        @inline(__always)
        mutating func add(amount: Int64, standard: Int64?, collected: Int64?) -> Bool {
            var next = self
            var overflow = false
            func add(_ total: inout Int64, _ value: Int64) {
                let (sum, over) = total.addingReportingOverflow(value)
                overflow = overflow || over
                total = sum
            }
            add(&next.revenue, amount)
            if let standard {
                add(&next.standard, standard)
                add(&next.amountAtStandard, amount)
                next.hasStandard = true
            }
            if let collected {
                add(&next.collected, collected)
                add(&next.amountCollectable, amount)
                next.hasCollected = true
            }
            guard !overflow else { return false }
            next.lines += 1
            self = next
            return true
        }

        func group(_ key: String) -> RateGroup {
            RateGroup(key: key, revenue: Money(minorUnits: revenue),
                      realisation: hasStandard && standard != 0 ? Double(amountAtStandard) / Double(standard) : nil,
                      collection: hasCollected && amountCollectable != 0 ? Double(collected) / Double(amountCollectable) : nil,
                      standardValue: hasStandard ? Money(minorUnits: standard) : nil,
                      amountAtStandard: hasStandard ? Money(minorUnits: amountAtStandard) : nil,
                      collected: hasCollected ? Money(minorUnits: collected) : nil,
                      amountCollectable: hasCollected ? Money(minorUnits: amountCollectable) : nil)
        }
    }

    /// An empty builder.
    ///
    /// - Parameters:
    ///   - year: only lines of this (calendar or fiscal) year; `nil` for all.
    ///   - fiscalYearStartMonth: years start in this month; a fiscal year is named by the
    ///     calendar year it ends in.
    ///   - thresholds: where the ABC classes are cut; A 80%, B 95% by default.
    public init(year: Int? = nil, fiscalYearStartMonth: Int = 1, thresholds: ABCThresholds = ABCThresholds()) {
        self.year = year
        calendar = PeriodCalendar(length: .year, fiscalYearStartMonth: fiscalYearStartMonth)
        self.thresholds = thresholds
    }

    /// Adds a billing line, if it falls in the selected year.
    ///
    /// - Parameter line: an imported billing line; lines may come in any order.
    /// - Throws: ``BillingTotalOverflow`` when a total no longer fits in ``Money``: a client's,
    ///   partner's, practice area's or year's, or the sum of the clients' positive revenues
    ///   (the concentration's total).
    public mutating func add(_ line: BillingLine) throws(BillingTotalOverflow) {
        linesRead += 1
        let lineYear = calendar.ordinal(of: line.invoiceDate)
        if let year, year != lineYear { return }
        linesInYear += 1
        let old = clients[line.clientID]?.revenue ?? 0
        let (new, overflow) = old.addingReportingOverflow(line.amount.minorUnits)
        guard !overflow, let positive = Self.positiveRevenue(positiveRevenue, from: old, to: new) else {
            throw BillingTotalOverflow(clientID: line.clientID, line: line.line)
        }
        try clients[line.clientID, default: Totals()].add(line)
        positiveRevenue = positive
        try partners[line.partner ?? "(none)", default: Totals()].add(line)
        try practiceAreas[line.practiceArea ?? "(none)", default: Totals()].add(line)
        try years[lineYear, default: Totals()].add(line)
    }

    /// The realisation, collection and concentration of the lines added so far.
    ///
    /// - Complexity: O(k log k) in the clients, partners and practice areas (the groups are sorted).
    public func metrics() -> FirmMetrics {
        metrics(of: NamedFirmTotals(clients: NamedTotals(clients), partners: NamedTotals(partners),
                                    areas: NamedTotals(practiceAreas), years: years, linesRead: linesRead, linesInYear: linesInYear))
    }

    /// The metrics of `totals`.
    private func metrics(of totals: NamedFirmTotals) -> FirmMetrics {
        let byClient = totals.clients.groupsLargestFirst()
        // The clients with positive revenue lead the list, in the order the concentration
        // takes them: it need not sort them again.
        let measured = byClient.prefix { $0.revenue.minorUnits > 0 }
        let concentration = RevenueConcentration(largestFirst: measured.map(\.key), revenues: measured.map(\.revenue.minorUnits),
                                                 withoutRevenue: byClient.count - measured.count, thresholds: thresholds)
        let years = totals.years
        let byYear = years.keys.sorted().map { years[$0, default: Totals()].group(Period(ordinal: $0, calendar: calendar).label) }
        return FirmMetrics(year: year, linesRead: totals.linesRead, linesInYear: totals.linesInYear, byClient: byClient,
                           byPartner: totals.partners.groupsLargestFirst(), byPracticeArea: totals.areas.groupsLargestFirst(),
                           byYear: byYear, concentration: concentration)
    }

    /// Totals under names that are distinct as `String`s.
    struct NamedTotals {
        private(set) var names: [String] = []
        private(set) var totals: [Totals] = []

        /// The entries of `dictionary`.
        init(_ dictionary: [String: Totals]) {
            names = Array(dictionary.keys)
            totals = Array(dictionary.values)
        }

        /// `totals[code]` named `names[code]`, then `extra`, leaving out totals without lines.
        ///
        /// Codes tell values apart by their bytes; values equal as `String`s ("é" and
        /// "e\u{301}") are one name here, the first of them, under which their totals are
        /// added. Values all in ASCII are equal as `String`s only when their bytes are, so then
        /// no name is looked up. No sum can overflow: the read checked that all the lines'
        /// amounts add up within Money's range.
        init(_ totals: [Totals], names: [String], extra: (name: String, totals: Totals)? = nil) {
            let ascii = names.allSatisfy(\.isAllASCII)
            var slots: [String: Int]? = ascii ? nil : [:]
            self.names.reserveCapacity(names.count + 1)
            self.totals.reserveCapacity(names.count + 1)
            for (code, t) in zip(totals.indices, totals) where code < names.count && t.lines > 0 {
                add(t, as: names[code], slots: &slots)
            }
            guard let extra, extra.totals.lines > 0 else { return }
            if ascii, let slot = self.names.firstIndex(of: extra.name) {
                _ = self.totals[slot].add(extra.totals)
            } else {
                add(extra.totals, as: extra.name, slots: &slots)
            }
        }

        /// Adds `t` under `name`: to the totals of an equal name in `slots`, when there are
        /// slots and one is equal, else as a new name.
        private mutating func add(_ t: Totals, as name: String, slots: inout [String: Int]?) {
            if slots != nil {
                if let slot = slots?[name] {
                    _ = totals[slot].add(t)
                    return
                }
                slots?[name] = names.count
            }
            names.append(name)
            totals.append(t)
        }

        /// One group per name, largest revenue first (ties in code point order of the names).
        func groupsLargestFirst() -> [RateGroup] {
            // The names are distinct, so this order is total: any sort gives the same list.
            var order = Array(names.indices)
            order.sort { a, b in
                let left = totals[a].revenue, right = totals[b].revenue
                return left != right ? left > right : names[a].precedesInCodePointOrder(names[b])
            }
            return order.map { totals[$0].group(names[$0]) }
        }
    }

    /// What the firm metrics add up, named.
    struct NamedFirmTotals {
        var clients: NamedTotals, partners: NamedTotals, areas: NamedTotals
        var years: [Int: Totals]
        var linesRead: Int, linesInYear: Int

        init(clients: NamedTotals, partners: NamedTotals, areas: NamedTotals, years: [Int: Totals], linesRead: Int, linesInYear: Int) {
            self.clients = clients
            self.partners = partners
            self.areas = areas
            self.years = years
            self.linesRead = linesRead
            self.linesInYear = linesInYear
        }

        /// `totals`, whose codes index `clients`, `partners` and `areas`, named; `totals` is
        /// emptied as it goes. Lines without a partner or practice area count under `(none)`.
        init(_ totals: inout CodedTotals, clients clientNames: [String], partners partnerNames: [String], areas areaNames: [String]) {
            clients = NamedTotals(totals.clients, names: clientNames)
            totals.clients = []
            partners = NamedTotals(totals.partners, names: partnerNames, extra: ("(none)", totals.noPartner))
            areas = NamedTotals(totals.areas, names: areaNames, extra: ("(none)", totals.noArea))
            years = totals.years
            linesRead = totals.linesRead
            linesInYear = totals.linesInYear
        }
    }
}

extension FirmMetricsBuilder {
    /// Reads the columns the firm metrics use (client_id, invoice_date, amount, partner,
    /// practice_area, standard_value, collected) from a billing export and computes the
    /// metrics, without building a ``BillingLine`` per row: text is kept as codes and totals
    /// sit in arrays indexed by them.
    ///
    /// Only those columns are checked; a bad value elsewhere (a cost, say) does not reject the
    /// row. Rejected rows follow `importOptions.onError`.
    ///
    /// A regular file of 4 MiB or more is read on all processors (up to 8), with the same
    /// metrics, errors, rejects and summary as reading it from start to end.
    ///
    /// ```swift
    /// let firm = try FirmMetricsBuilder.read(.file(path: "SampleData/billing.csv"), year: 2025)
    /// print(firm.metrics.concentration.gini, firm.importSummary.rowsRead)
    /// ```
    ///
    /// - Parameters:
    ///   - source: a file path, standard input, or bytes in memory.
    ///   - file: the name to use in messages and in the summary; the path by default.
    ///   - importOptions: dialect, date order, error policy, column map and rejects file.
    ///   - year: only lines of this (calendar or fiscal) year; `nil` for all.
    ///   - fiscalYearStartMonth: years start in this month (1 = calendar years); a fiscal year
    ///     is named by the calendar year it ends in.
    ///   - thresholds: where the ABC classes are cut; A 80%, B 95% by default.
    /// - Returns: the metrics, with what the import read, accepted and rejected.
    /// - Throws: ``ImportError`` as ``RecordReader`` does; an overflowing total is reported as
    ///   an invalid amount on its line.
    /// - Complexity: O(n) in the file's bytes; memory per client, partner, practice area and
    ///   year (per reading thread, when the file is read on several), plus a few blocks of
    ///   512 KiB per thread, whatever the file's size.
    public static func read(_ source: ByteSourceKind, file: String? = nil, importOptions: ImportOptions = ImportOptions(),
                            year: Int? = nil, fiscalYearStartMonth: Int = 1,
                            thresholds: ABCThresholds = ABCThresholds()) throws(ImportError) -> FirmMetricsRead {
        try read(source, file: file, importOptions: importOptions, year: year, fiscalYearStartMonth: fiscalYearStartMonth,
                 thresholds: thresholds, plan: .automatic)
    }

    /// Reads a billing export in parallel when `plan` and the file allow (see ``ParallelImport``),
    /// else sequentially.
    static func read(_ source: ByteSourceKind, file: String?, importOptions: ImportOptions, year: Int?, fiscalYearStartMonth: Int,
                     thresholds: ABCThresholds, plan: ParallelImport.Plan) throws(ImportError) -> FirmMetricsRead {
        if let read = readInParallel(source, file: file, importOptions: importOptions, year: year,
                                     fiscalYearStartMonth: fiscalYearStartMonth, thresholds: thresholds, plan: plan) {
            return read
        }
        let builder = FirmMetricsBuilder(year: year, fiscalYearStartMonth: fiscalYearStartMonth, thresholds: thresholds)
        let reader = try RecordReader<BillingLine>(source, file: file, options: importOptions)
        var totals = try CodedTotals(reading: reader, year: year, calendar: builder.calendar, file: file)
        let names = reader.cursor
        let named = NamedFirmTotals(&totals, clients: names.values(table: 0), partners: names.values(table: 5), areas: names.values(table: 4))
        return FirmMetricsRead(metrics: builder.metrics(of: named), importSummary: reader.summary)
    }

    /// The metrics read in parts on several threads; `nil` when the file does not qualify or
    /// the parallel read could differ from the sequential one (a bad row, a total that could
    /// overflow), which the caller then reads from the start.
    ///
    /// The reading threads share out the file's blocks (``ParallelImport/readShared(_:file:options:plan:as:decode:)``),
    /// so memory does not grow with the file. Each thread adds up its own ``CodedTotals``,
    /// keyed by the codes of its own string tables, and notes where each of its blocks begins.
    /// The merge numbers the client ids, partners and practice areas by first appearance in
    /// the file, taking the blocks in file order (``ParallelImport/CodeMerger``), and adds each
    /// thread's totals under its codes so renumbered. So every value is told apart by its
    /// bytes and has the code the sequential read gives it; that matters where two values are
    /// the same `String` ("é" and "e\u{301}"), whose totals are added under the name that
    /// came first. Sums of integers do not depend on their order as long as
    /// none overflows, and none can when the lines' amounts add up to at most `Int64.max` in
    /// magnitude (``CodedTotals/magnitude``), in any order: then the sequential read meets no
    /// overflow either and its totals are the merged ones. Beyond that bound (never in a real
    /// file: 92 quadrillion in hundredths) the file is read sequentially, which reports an
    /// overflow, if there is one, on the line where it happens.
    static func readInParallel(_ source: ByteSourceKind, file: String?, importOptions: ImportOptions, year: Int?,
                               fiscalYearStartMonth: Int, thresholds: ABCThresholds, plan: ParallelImport.Plan) -> FirmMetricsRead? {
        let builder = FirmMetricsBuilder(year: year, fiscalYearStartMonth: fiscalYearStartMonth, thresholds: thresholds)
        // `year`, `calendar` and `file` are Sendable values the part threads only read.
        let calendar = builder.calendar
        // The threads' totals and string tables are let go once the totals are named, before
        // the metrics are computed: they need not be in memory together.
        func named(summary: inout ImportSummary?) -> NamedFirmTotals? {
            guard var result = ParallelImport.readShared(source, file: file, options: importOptions, plan: plan, as: BillingLine.self, decode: {
                reader throws(ImportError) in try CodedTotals(reading: reader, year: year, calendar: calendar, file: file, notingBlocks: true)
            }) else { return nil }
            // Moved out, so that each part's totals can be let go once merged.
            var parts = result.values
            result.values = []
            var magnitude: UInt64 = 0
            for part in parts { CodedTotals.add(part.value.magnitude, to: &magnitude) }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            // Client ids, partners and practice areas numbered by first appearance in the file,
            // as the sequential read numbers them (tables 0, 5 and 4).
            let tables = [0, 5, 4]
            let blocks = ParallelImport.blocksInFileOrder(parts.map { $0.value.blockStarts ?? ParallelImport.BlockStarts(tables: tables) },
                                                          rowCounts: parts.map(\.value.linesRead),
                                                          codeCounts: parts.map { part in tables.map { part.cursor.value.valueCount(table: $0) } })
            let values = parts.map { part in tables.map { part.values(table: $0) } }
            var names = tables.map { _ in ParallelImport.CodeMerger(readers: parts.count) }
            for block in blocks {
                for t in tables.indices {
                    names[t].number(block.newCodes[t], of: block.reader, values: values[block.reader][t])
                }
            }
            var totals = CodedTotals()
            totals.clients.reserveCapacity(names[0].values.count)
            totals.partners.reserveCapacity(names[1].values.count)
            totals.areas.reserveCapacity(names[2].values.count)
            for reader in parts.indices {
                guard totals.add(parts[reader].value, clients: names[0].maps[reader], partners: names[1].maps[reader],
                                 areas: names[2].maps[reader]) else { return nil }
                parts[reader].value = CodedTotals()   // its totals are merged: let them go
            }
            parts = []
            summary = result.summary
            return NamedFirmTotals(&totals, clients: names[0].values, partners: names[1].values, areas: names[2].values)
        }
        var summary: ImportSummary?
        guard let totals = named(summary: &summary), let summary else { return nil }
        return FirmMetricsRead(metrics: builder.metrics(of: totals), importSummary: summary)
    }

    /// What a read of billing rows adds up: totals per client, partner and practice area,
    /// indexed by the codes of the reader's string tables (client_id, partner, practice_area),
    /// and per year.
    struct CodedTotals: Sendable {
        var clients: [Totals] = [], partners: [Totals] = [], areas: [Totals] = []
        var years = [Int: Totals]()
        var noPartner = Totals(), noArea = Totals()
        var linesRead = 0, linesInYear = 0
        /// Σ (|amount| + |standard_value| + |collected|) over the lines added, saturating at
        /// `UInt64.max`. Every total is a sum of some of these values, so while this is at
        /// most `Int64.max` no total can overflow, whatever order the lines are added in.
        var magnitude: UInt64 = 0
        /// For a reader of shared blocks: where each of its blocks begins, in lines read and
        /// in values of the client, partner and practice-area tables (tables 0, 5 and 4).
        var blockStarts: ParallelImport.BlockStarts?

        /// No lines.
        init() {}

        /// Adds up every remaining row of `reader`: rows of `year` only, when given. With
        /// `notingBlocks`, also notes where each shared block begins (``blockStarts``).
        init(reading reader: RecordReader<BillingLine>, year: Int?, calendar: PeriodCalendar, file: String?,
             notingBlocks: Bool = false) throws(ImportError) {
            var clients: [Totals] = [], partners: [Totals] = [], areas: [Totals] = []
            var noPartner = Totals(), noArea = Totals()
            var linesRead = 0, linesInYear = 0
            var magnitude: UInt64 = 0
            var positiveRevenue: Int64 = 0
            var starts = notingBlocks ? ParallelImport.BlockStarts(tables: [0, 5, 4]) : nil
            @inline(__always) func grow(_ array: inout [Totals], to code: Int32) {
                while array.count <= Int(code) { array.append(Totals()) }
            }
            // Lines come in runs of one client and year: the year's totals are found by the
            // last one's place in a short list rather than by hashing, and its number through
            // the last year's first and last day.
            var ordinals = PeriodOrdinalCache(calendar)
            var yearNumbers: [Int] = [], yearTotals: [Totals] = []
            var lastYear = -1
            while try reader.nextRow({ row throws(ImportError) -> Bool in
                starts?.note(reader, rows: linesRead)
                let client = try row.code(0)
                let day = try row.day(1)
                let amount = try row.money(2).minorUnits
                let standard = try row.optionalMoney(8)?.minorUnits
                let collected = try row.optionalMoney(7)?.minorUnits
                let partner = row.optionalCode(5), area = row.optionalCode(4)
                linesRead += 1
                let lineYear = ordinals.ordinal(of: day)
                if let year, year != lineYear { return true }
                linesInYear += 1
                grow(&clients, to: client)
                let old = clients[Int(client)].revenue
                var ok = clients[Int(client)].add(amount: amount, standard: standard, collected: collected)
                if ok, let positive = FirmMetricsBuilder.positiveRevenue(positiveRevenue, from: old, to: clients[Int(client)].revenue) {
                    positiveRevenue = positive
                } else {
                    ok = false
                }
                if partner >= 0 {
                    grow(&partners, to: partner)
                    ok = partners[Int(partner)].add(amount: amount, standard: standard, collected: collected) && ok
                } else {
                    ok = noPartner.add(amount: amount, standard: standard, collected: collected) && ok
                }
                if area >= 0 {
                    grow(&areas, to: area)
                    ok = areas[Int(area)].add(amount: amount, standard: standard, collected: collected) && ok
                } else {
                    ok = noArea.add(amount: amount, standard: standard, collected: collected) && ok
                }
                if lastYear < 0 || yearNumbers[lastYear] != lineYear {
                    if let known = yearNumbers.firstIndex(of: lineYear) {
                        lastYear = known
                    } else {
                        lastYear = yearNumbers.count
                        yearNumbers.append(lineYear)
                        yearTotals.append(Totals())
                    }
                }
                ok = yearTotals[lastYear].add(amount: amount, standard: standard, collected: collected) && ok
                guard ok else {
                    // At the amount field of this row, wherever that column is.
                    let index = row.cursor.fieldIndex[2]
                    throw ImportError(.invalidField(FieldParseFailure(problem: "makes a total too large to add up", hint: nil)),
                                      position: row.cursor.reader.fieldPosition(index), file: file,
                                      columnName: row.cursor.reader.columnName(index) ?? "amount")
                }
                Self.add(amount.magnitude, to: &magnitude)
                if let standard { Self.add(standard.magnitude, to: &magnitude) }
                if let collected { Self.add(collected.magnitude, to: &magnitude) }
                return true
            }) != nil {}
            self.clients = clients
            self.partners = partners
            self.areas = areas
            self.years = Dictionary(uniqueKeysWithValues: zip(yearNumbers, yearTotals))
            self.noPartner = noPartner
            self.noArea = noArea
            self.linesRead = linesRead
            self.linesInYear = linesInYear
            self.magnitude = magnitude
            blockStarts = starts
        }

        /// Adds `value` to `sum`, saturating at `UInt64.max`.
        @inline(__always)
        static func add(_ value: UInt64, to sum: inout UInt64) {
            let (total, overflow) = sum.addingReportingOverflow(value)
            sum = overflow ? .max : total
        }

        /// Adds `other`, the totals of lines that follow in the file, whose client, partner
        /// and practice-area codes become `clientCodes[c]`, `partnerCodes[c]` and
        /// `areaCodes[c]` here; false when a total would overflow (`self` is then partly
        /// added, and to be dropped).
        mutating func add(_ other: CodedTotals, clients clientCodes: [Int32], partners partnerCodes: [Int32],
                          areas areaCodes: [Int32]) -> Bool {
            func add(_ totals: [Totals], to target: inout [Totals], codes: [Int32]) -> Bool {
                for (code, t) in totals.enumerated() where t.lines > 0 {
                    let slot = Int(codes[code])
                    while target.count <= slot { target.append(Totals()) }
                    guard target[slot].add(t) else { return false }
                }
                return true
            }
            guard add(other.clients, to: &clients, codes: clientCodes), add(other.partners, to: &partners, codes: partnerCodes),
                  add(other.areas, to: &areas, codes: areaCodes), noPartner.add(other.noPartner), noArea.add(other.noArea) else {
                return false
            }
            for (year, t) in other.years {
                guard years[year, default: Totals()].add(t) else { return false }
            }
            linesRead += other.linesRead
            linesInYear += other.linesInYear
            Self.add(other.magnitude, to: &magnitude)
            return true
        }
    }
}

extension FirmMetricsBuilder.Totals {
    /// Adds the totals of other lines; false when a total would overflow (nothing is added then).
    mutating func add(_ other: Self) -> Bool {
        var next = self
        var overflow = false
        func add(_ total: inout Int64, _ value: Int64) {
            let (sum, over) = total.addingReportingOverflow(value)
            overflow = overflow || over
            total = sum
        }
        add(&next.revenue, other.revenue)
        add(&next.standard, other.standard)
        add(&next.amountAtStandard, other.amountAtStandard)
        add(&next.collected, other.collected)
        add(&next.amountCollectable, other.amountCollectable)
        guard !overflow else { return false }
        next.lines += other.lines
        next.hasStandard = next.hasStandard || other.hasStandard
        next.hasCollected = next.hasCollected || other.hasCollected
        self = next
        return true
    }
}

/// Firm metrics read straight from a billing export, with what the import saw.
public struct FirmMetricsRead: Sendable {
    /// The firm metrics of the accepted rows.
    public var metrics: FirmMetrics
    /// What the import read, accepted and rejected.
    public var importSummary: ImportSummary
}
