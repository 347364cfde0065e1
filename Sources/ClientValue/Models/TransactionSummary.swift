/// One client's purchases summarised for the buy-till-you-die models.
public struct ClientPurchases: Sendable, Hashable, Codable {
    /// The client's identifier, as in the billing export.
    public var clientID: String
    /// Frequency, recency and age (T) in the summary's unit.
    public var history: PurchaseHistory
    /// The mean value of the repeat purchase occasions, net of credit notes dated after the
    /// first purchase, in currency units; 0 without repeat purchases.
    public var meanRepeatSpend: Double
    /// The day of the client's first purchase occasion.
    public var firstPurchase: Day
    /// The day of the client's last purchase occasion up to the observation end.
    public var lastPurchase: Day
    /// Net spend on every occasion up to the observation end, credit notes included.
    ///
    /// Degenerate input: a client whose spend passes Money's range (about ±92 quadrillion
    /// hundredths) has it held at Money's limit; ``meanRepeatSpend`` is summed in `Double`
    /// and stays right.
    public var totalSpend: Money
}

/// Options for ``TransactionSummary``.
public struct TransactionSummaryOptions: Sendable, Hashable {
    /// The time unit of recency and age, and so of every model fitted on the summary;
    /// weeks by default.
    public var unit: TimeUnit
    /// The end of observation (calibration); `nil` means the latest purchase date. Later lines
    /// are left out (and counted).
    public var observationEnd: Day?

    /// Options for a summary in `unit` up to `observationEnd`.
    ///
    /// - Parameters:
    ///   - unit: The time unit of recency and age; weeks by default.
    ///   - observationEnd: The last day of observation (the calibration end of a holdout
    ///     check); `nil`, the default, for the latest purchase date.
    public init(unit: TimeUnit = .week, observationEnd: Day? = nil) {
        self.unit = unit
        self.observationEnd = observationEnd
    }
}

/// The RFM summary of a transaction log, as the buy-till-you-die literature defines it.
///
/// Conventions (those of Fader, Hardie & Lee's CDNOW analysis, and of `lifetimes`'
/// `summary_data_from_transaction_data` with `freq='D'` and `freq_multiplier` = the unit's
/// length in days):
/// - A purchase occasion is a client's day with at least one line of zero or more: lines on the
///   same day are one occasion, and zero-value lines count (the published CDNOW results depend
///   on them).
/// - frequency x = occasions − 1; recency t_x = days from the first to the last occasion; age
///   T = days from the first occasion to the observation end; both divided by the unit's length
///   (7 for weeks, 365.2425/12 for months), so they are fractional.
/// - Credit notes (negative lines) are not purchases. Those dated after the first occasion are
///   netted out of the repeat spend; those on or before it reduce only the first occasion,
///   which does not enter the mean.
/// - A client with credit notes only has no history and is counted in
///   ``clientsWithoutPurchases``.
///
/// ```swift
/// var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .week))
/// for line in lines { builder.add(line) }
/// let summary = builder.summary()
/// ```
public struct TransactionSummary: Sendable, Hashable, Codable {
    /// The time unit of every history's recency and age.
    public var unit: TimeUnit
    /// The last day of observation: the as-of date that every age T runs to.
    public var observationEnd: Day
    /// Clients with at least one purchase occasion up to the end, in order of first appearance.
    public var clients: [ClientPurchases]
    /// The billing lines added to the builder, whatever their date or sign.
    public var linesRead: Int
    /// Lines dated after the observation end, left out.
    public var linesAfterEnd: Int
    /// The credit notes (negative lines) up to the observation end; not purchases.
    public var creditNotes: Int
    /// Clients with credit notes only up to the observation end, so no purchase history.
    public var clientsWithoutPurchases: Int
    /// Clients whose first purchase is after the observation end (not yet clients then).
    public var clientsStartingAfterEnd: Int
}

/// Builds a ``TransactionSummary`` from billing lines in any order, in one pass.
///
/// - Complexity: O(lines) time; memory holds 16 bytes per line until ``summary()``.
public struct TransactionSummaryBuilder: Sendable {
    /// The unit and observation end that ``summary()`` uses.
    public private(set) var options: TransactionSummaryOptions
    private var index: [String: Int32] = [:]
    /// Whether `index` is yet to be built from `ids` (named by ``setClientIDs(_:)``): only
    /// lines added by id look clients up, so a read's builder need not hash every id.
    private var indexIsStale = false
    private var ids: [String] = []
    // One entry per line, flat: the client's slot, the day and the amount in hundredths.
    private var slots: [Int32] = []
    private var days: [Int32] = []
    private var cents: [Int64] = []
    private var creditNotes = 0
    private var latest = Int32.min

    /// An empty builder.
    ///
    /// - Parameter options: The unit and observation end of ``summary()``; weeks up to the
    ///   latest purchase by default.
    public init(options: TransactionSummaryOptions = TransactionSummaryOptions()) {
        self.options = options
    }

    /// Adds one billing line: its client, invoice date and amount (other columns are not
    /// used).
    ///
    /// - Parameter line: A billing line; negative amounts are credit notes.
    public mutating func add(_ line: BillingLine) {
        add(clientID: line.clientID, date: line.invoiceDate, amount: line.amount)
    }

    /// Adds one line from its parts, for data that does not come from a billing export.
    ///
    /// - Parameters:
    ///   - clientID: The client's identifier.
    ///   - date: The invoice date.
    ///   - amount: The amount in currency units; zero counts as a purchase, a negative amount
    ///     is a credit note.
    public mutating func add(clientID: String, date: Day, amount: Money) {
        if indexIsStale {
            index = Self.index(of: ids)
            indexIsStale = false
        }
        let slot: Int32
        if let existing = index[clientID] {
            slot = existing
        } else {
            slot = Int32(ids.count)
            index[clientID] = slot
            ids.append(clientID)
        }
        add(slot: slot, day: date.daysSince1970, cents: amount.minorUnits)
    }

    /// Adds a line of the client numbered `slot` (0, 1, 2, ... in order of first sight, as
    /// an importer's string table numbers them); ``setClientIDs(_:)`` names them at the end.
    @inline(__always)
    mutating func add(slot: Int32, day: Int32, cents amount: Int64) {
        slots.append(slot)
        days.append(day)
        cents.append(amount)
        if amount < 0 { creditNotes += 1 } else if day > latest { latest = day }
    }

    /// Names the slots given to ``add(slot:day:cents:)``.
    mutating func setClientIDs(_ names: [String]) {
        ids = names
        // Rebuilt before a line is added by id, so that it finds its client (found by fuzzing:
        // such lines became new clients).
        index = [:]
        indexIsStale = true
    }

    /// The slot of each id; ids equal as Strings but not as bytes keep the first slot.
    private static func index(of ids: [String]) -> [String: Int32] {
        var index = [String: Int32](minimumCapacity: ids.count)
        for (slot, id) in ids.enumerated() where index[id] == nil { index[id] = Int32(slot) }
        return index
    }

    /// The number of lines added.
    var lineCount: Int { slots.count }

    /// Makes room for `count` lines in all, before appending parts.
    mutating func reserveCapacity(lines count: Int) {
        slots.reserveCapacity(count)
        days.reserveCapacity(count)
        cents.reserveCapacity(count)
    }

    /// Appends lines `range` of `other`, a builder of lines that follow in the file, added
    /// with ``add(slot:day:cents:)`` and not yet named: its slot `k` becomes `map[k]` here.
    /// The result is what adding those lines here one by one, renumbered, would give.
    mutating func append(_ other: TransactionSummaryBuilder, lines range: Range<Int>, renumbering map: [Int32]) {
        // Column by column, as add(slot:day:cents:) would add them line by line.
        ParallelImport.CodeMerger.append(other.slots[range], mappedThrough: map, to: &slots)
        days.append(contentsOf: other.days[range])
        cents.append(contentsOf: other.cents[range])
        var credits = 0, latest = self.latest
        for (day, amount) in zip(other.days[range], other.cents[range]) {
            if amount < 0 { credits += 1 } else { latest = max(latest, day) }
        }
        creditNotes += credits
        self.latest = latest
    }

    /// Everything the builder holds, for tests to compare builders; ids as UTF-8, since
    /// `String` equality would let "é" and "e\u{301}" pass as the same id.
    struct Contents: Equatable {
        var options: TransactionSummaryOptions
        var ids: [[UInt8]]
        var index: [[UInt8]: Int32]
        var slots: [Int32]
        var days: [Int32]
        var cents: [Int64]
        var creditNotes: Int
        var latest: Int32
    }

    var contents: Contents {
        Contents(options: options, ids: ids.map { Array($0.utf8) },
                 index: Dictionary((indexIsStale ? Self.index(of: ids) : index).map { (Array($0.key.utf8), $0.value) },
                                   uniquingKeysWith: { first, _ in first }),
                 slots: slots, days: days, cents: cents, creditNotes: creditNotes, latest: latest)
    }

    /// Line indices grouped by client slot (stable): the lines of slot k are
    /// `order[starts[k] ..< starts[k + 1]]`.
    private func linesByClient() -> (order: [Int32], starts: [Int]) {
        var starts = [Int](repeating: 0, count: ids.count + 1)
        for slot in slots { starts[Int(slot) + 1] += 1 }
        for k in 0..<ids.count { starts[k + 1] += starts[k] }
        var next = starts
        var order = [Int32](repeating: 0, count: slots.count)
        for (line, slot) in slots.enumerated() {
            order[next[Int(slot)]] = Int32(line)
            next[Int(slot)] += 1
        }
        return (order, starts)
    }

    /// The summary at the observation end.
    ///
    /// - Returns: Every client's (x, t_x, T) and mean repeat spend in the options' unit,
    ///   with the counts of lines left out.
    /// - Complexity: O(lines) to group the lines by client (a counting sort), plus sorting a
    ///   client's purchase days when its lines were not added in date order.
    public func summary() -> TransactionSummary {
        summary(options: options)
    }

    /// The summary of the same lines with other options: another observation end or unit.
    ///
    /// - Parameter options: The unit and observation end to use instead of the builder's.
    /// - Returns: Every client's (x, t_x, T) and mean repeat spend, as of that end.
    /// - Complexity: O(lines).
    public func summary(options: TransactionSummaryOptions) -> TransactionSummary {
        let end = options.observationEnd?.daysSince1970 ?? (latest == .min ? 0 : latest)
        let unitDays = options.unit.days
        let (order, starts) = linesByClient()
        var clients: [ClientPurchases] = []
        var linesAfterEnd = 0
        var withoutPurchases = 0, startingAfterEnd = 0
        var occasions: [(day: Int32, cents: Int64, value: Double)] = []
        var credits: [(day: Int32, cents: Int64)] = []
        for slot in ids.indices where starts[slot] < starts[slot + 1] {
            occasions.removeAll(keepingCapacity: true)
            credits.removeAll(keepingCapacity: true)
            var hasPurchase = false
            for position in starts[slot]..<starts[slot + 1] {
                let line = Int(order[position])
                let day = days[line], amount = cents[line]
                if amount >= 0 { hasPurchase = true }
                guard day <= end else {
                    linesAfterEnd += 1
                    continue
                }
                if amount < 0 { credits.append((day, amount)) } else { occasions.append((day, amount, Double(amount))) }
            }
            guard !occasions.isEmpty else {
                if hasPurchase { startingAfterEnd += 1 } else { withoutPurchases += 1 }
                continue
            }
            // Sort by day (files are usually in date order already) and merge each day's lines.
            if zip(occasions, occasions.dropFirst()).contains(where: { $0.day > $1.day }) { occasions.sort { $0.day < $1.day } }
            var merged = 0
            for k in occasions.indices {
                if k > 0 && occasions[k].day == occasions[merged].day {
                    occasions[merged].cents = Self.saturatingSum(occasions[merged].cents, occasions[k].cents)
                    occasions[merged].value += occasions[k].value
                } else {
                    if k > 0 { merged += 1 }
                    occasions[merged] = occasions[k]
                }
            }
            let count = merged + 1
            let first = occasions[0].day, last = occasions[merged].day
            // The repeat spend is summed in Double (exact up to 2^53 hundredths, and never
            // wrapping beyond); the total in Money, held at Money's limit if it would pass it.
            var repeatCents = 0.0, total = occasions[0].cents
            for k in 1..<count {
                repeatCents += occasions[k].value
                total = Self.saturatingSum(total, occasions[k].cents)
            }
            for credit in credits {
                total = Self.saturatingSum(total, credit.cents)
                if credit.day > first { repeatCents += Double(credit.cents) }
            }
            let frequency = count - 1
            let history = PurchaseHistory(frequency: frequency, recency: Double(last - first) / unitDays,
                                          age: Double(end - first) / unitDays)
            clients.append(ClientPurchases(clientID: ids[slot], history: history,
                                           meanRepeatSpend: frequency > 0 ? repeatCents / 100 / Double(frequency) : 0,
                                           firstPurchase: Day(daysSince1970: first), lastPurchase: Day(daysSince1970: last),
                                           totalSpend: Money(minorUnits: total)))
        }
        return TransactionSummary(unit: options.unit, observationEnd: Day(daysSince1970: end), clients: clients,
                                  linesRead: slots.count, linesAfterEnd: linesAfterEnd, creditNotes: creditNotes,
                                  clientsWithoutPurchases: withoutPurchases, clientsStartingAfterEnd: startingAfterEnd)
    }

    /// a + b, or Int64's limit in the direction of the overflow when the sum does not fit.
    static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// Purchase occasions (distinct days with a line of zero or more) of each client after
    /// `start` and up to `end` inclusive, keyed by client id: the actual repeat purchases of a
    /// holdout period.
    ///
    /// - Parameters:
    ///   - start: The last day before the period (the calibration end); not included.
    ///   - end: The last day of the period (the holdout end); included.
    /// - Returns: The number of purchase occasions per client id; clients without any are
    ///   left out.
    /// - Complexity: O(lines).
    public func occasions(after start: Day, through end: Day) -> [String: Int] {
        let (order, starts) = linesByClient()
        var counts: [String: Int] = [:]
        var seen = Set<Int32>()
        for slot in ids.indices {
            seen.removeAll(keepingCapacity: true)
            for position in starts[slot]..<starts[slot + 1] {
                let line = Int(order[position])
                if cents[line] >= 0 && days[line] > start.daysSince1970 && days[line] <= end.daysSince1970 { seen.insert(days[line]) }
            }
            if !seen.isEmpty { counts[ids[slot]] = seen.count }
        }
        return counts
    }
}

extension TransactionSummaryBuilder {
    /// Each client's activity per year, where the years are the twelve-month periods ending
    /// on `end` (year 0 is the twelve months to `end`, year −1 the twelve before, …), so no
    /// year is partly observed at the end. A year is active when the client has a purchase
    /// (a line of zero or more) in it; its spend is the year's net billing, credit notes
    /// included (held at Money's limit, about ±92 quadrillion hundredths, rather than
    /// wrapping). Lines after `end` are left out.
    ///
    /// ```swift
    /// let activity = builder.annualActivity(end: Day(year: 2025, month: 12, day: 31)!)
    /// let yearly = try AnnualValueForecast(activity, options: CLVOptions(horizonMonths: 36))
    /// ```
    ///
    /// - Parameter end: The last day of the latest year (the as-of date).
    /// - Returns: Each client's active years and their spend, the input of ``BGBBModel`` and
    ///   ``RetentionForecast``.
    /// - Complexity: O(lines).
    public func annualActivity(end: Day) -> AnnualActivity {
        let endDay = end.daysSince1970
        // Year boundaries going back, as far as the earliest line needs.
        let earliest = days.min() ?? endDay
        var boundaries = [endDay]  // boundaries[k] = end − 12k months; year −k is (boundaries[k+1], boundaries[k]]
        while boundaries[boundaries.count - 1] >= earliest {
            boundaries.append(end.adding(months: -12 * boundaries.count).daysSince1970)
        }
        func year(_ day: Int32) -> Int {
            var k = max(0, min(boundaries.count - 2, Int(Double(endDay - day) / 365.2425)))
            while k + 1 < boundaries.count - 1 && day <= boundaries[k + 1] { k += 1 }
            while k > 0 && day > boundaries[k] { k -= 1 }
            return -k
        }
        let (order, starts) = linesByClient()
        var clients: [AnnualActivity.Client] = []
        var years: [Int: (purchase: Bool, cents: Int64)] = [:]
        for slot in ids.indices where starts[slot] < starts[slot + 1] {
            years.removeAll(keepingCapacity: true)
            for position in starts[slot]..<starts[slot + 1] {
                let line = Int(order[position])
                guard days[line] <= endDay else { continue }
                let y = year(days[line])
                let current = years[y] ?? (false, 0)
                years[y] = (current.purchase || cents[line] >= 0, Self.saturatingSum(current.cents, cents[line]))
            }
            let active = years.filter { $0.value.purchase }.keys.sorted()
            guard !active.isEmpty else { continue }
            clients.append(AnnualActivity.Client(clientID: ids[slot], activeYears: active,
                                                 spend: active.map { Money(minorUnits: years[$0]?.cents ?? 0) }))
        }
        return AnnualActivity(end: end, clients: clients)
    }
}
