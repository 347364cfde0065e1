/// One client's purchases summarised for the buy-till-you-die models.
public struct ClientPurchases: Sendable, Hashable, Codable {
    public var clientID: String
    /// Frequency, recency and age (T) in the summary's unit.
    public var history: PurchaseHistory
    /// The mean value of the repeat purchase occasions, net of credit notes dated after the
    /// first purchase, in currency units; 0 without repeat purchases.
    public var meanRepeatSpend: Double
    public var firstPurchase: Day
    public var lastPurchase: Day
    /// Net spend on every occasion up to the observation end, credit notes included.
    public var totalSpend: Money
}

/// Options for ``TransactionSummary``.
public struct TransactionSummaryOptions: Sendable, Hashable {
    public var unit: TimeUnit
    /// The end of observation (calibration); `nil` means the latest purchase date. Later lines
    /// are left out (and counted).
    public var observationEnd: Day?

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
    public var unit: TimeUnit
    public var observationEnd: Day
    /// Clients with at least one purchase occasion up to the end, in order of first appearance.
    public var clients: [ClientPurchases]
    public var linesRead: Int
    /// Lines dated after the observation end, left out.
    public var linesAfterEnd: Int
    public var creditNotes: Int
    public var clientsWithoutPurchases: Int
    /// Clients whose first purchase is after the observation end (not yet clients then).
    public var clientsStartingAfterEnd: Int
}

/// Builds a ``TransactionSummary`` from billing lines in any order, in one pass.
///
/// - Complexity: O(lines) time; memory holds one (day, amount) pair per line until
///   ``summary()``.
public struct TransactionSummaryBuilder: Sendable {
    public let options: TransactionSummaryOptions
    private var index: [String: Int] = [:]
    private var ids: [String] = []
    private var purchases: [[DayAmount]] = []
    private var credits: [[DayAmount]] = []
    private var linesRead = 0
    private var creditNotes = 0
    private var latest = Int32.min

    struct DayAmount: Sendable {
        var day: Int32
        var cents: Int64
    }

    public init(options: TransactionSummaryOptions = TransactionSummaryOptions()) {
        self.options = options
    }

    public mutating func add(_ line: BillingLine) {
        add(clientID: line.clientID, date: line.invoiceDate, amount: line.amount)
    }

    public mutating func add(clientID: String, date: Day, amount: Money) {
        linesRead += 1
        let slot: Int
        if let existing = index[clientID] {
            slot = existing
        } else {
            slot = ids.count
            index[clientID] = slot
            ids.append(clientID)
            purchases.append([])
            credits.append([])
        }
        let entry = DayAmount(day: date.daysSince1970, cents: amount.minorUnits)
        if amount.minorUnits < 0 {
            creditNotes += 1
            credits[slot].append(entry)
        } else {
            purchases[slot].append(entry)
            latest = max(latest, date.daysSince1970)
        }
    }

    /// The summary at the observation end.
    public func summary() -> TransactionSummary {
        summary(options: options)
    }

    /// The summary of the same lines with other options: another observation end or unit.
    public func summary(options: TransactionSummaryOptions) -> TransactionSummary {
        let end = options.observationEnd?.daysSince1970 ?? (latest == .min ? 0 : latest)
        let unitDays = options.unit.days
        var clients: [ClientPurchases] = []
        var linesAfterEnd = 0
        var withoutPurchases = 0, startingAfterEnd = 0
        for slot in ids.indices {
            var days = purchases[slot].filter { $0.day <= end }
            linesAfterEnd += purchases[slot].count - days.count
            let clientCredits = credits[slot].filter { $0.day <= end }
            linesAfterEnd += credits[slot].count - clientCredits.count
            guard !days.isEmpty else {
                if purchases[slot].isEmpty { withoutPurchases += 1 } else { startingAfterEnd += 1 }
                continue
            }
            days.sort { $0.day < $1.day }
            // Merge each day's lines into one occasion.
            var occasions: [DayAmount] = []
            for entry in days {
                if let last = occasions.last, last.day == entry.day {
                    occasions[occasions.count - 1].cents &+= entry.cents
                } else {
                    occasions.append(entry)
                }
            }
            let first = occasions[0].day, last = occasions[occasions.count - 1].day
            var repeatCents: Int64 = 0
            for occasion in occasions.dropFirst() { repeatCents &+= occasion.cents }
            var total = occasions.reduce(Int64(0)) { $0 &+ $1.cents }
            for credit in clientCredits {
                total &+= credit.cents
                if credit.day > first { repeatCents &+= credit.cents }
            }
            let frequency = occasions.count - 1
            let history = PurchaseHistory(frequency: frequency, recency: Double(last - first) / unitDays,
                                          age: Double(end - first) / unitDays)
            clients.append(ClientPurchases(clientID: ids[slot], history: history,
                                           meanRepeatSpend: frequency > 0 ? Double(repeatCents) / 100 / Double(frequency) : 0,
                                           firstPurchase: Day(daysSince1970: first), lastPurchase: Day(daysSince1970: last),
                                           totalSpend: Money(minorUnits: total)))
        }
        return TransactionSummary(unit: options.unit, observationEnd: Day(daysSince1970: end), clients: clients,
                                  linesRead: linesRead, linesAfterEnd: linesAfterEnd, creditNotes: creditNotes,
                                  clientsWithoutPurchases: withoutPurchases, clientsStartingAfterEnd: startingAfterEnd)
    }

    /// Purchase occasions (distinct days with a line of zero or more) of each client after
    /// `start` and up to `end` inclusive, keyed by client id: the actual repeat purchases of a holdout period.
    public func occasions(after start: Day, through end: Day) -> [String: Int] {
        var counts: [String: Int] = [:]
        for slot in ids.indices {
            let days = Set(purchases[slot].lazy.map(\.day).filter { $0 > start.daysSince1970 && $0 <= end.daysSince1970 })
            if !days.isEmpty { counts[ids[slot]] = days.count }
        }
        return counts
    }
}
