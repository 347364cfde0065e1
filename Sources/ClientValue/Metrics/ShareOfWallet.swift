/// One client's share of wallet in one year.
public struct WalletShare: Sendable, Hashable, Codable {
    /// Where a share of wallet comes from: the firm's own billing against the wallet
    /// estimate, or the share the client reported in a survey.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Billing in the year / the wallet estimate.
        case billing
        /// The share the client reported (no usable wallet estimate).
        case reported
    }

    /// The client, as in the wallet file.
    public var clientID: String
    /// The (calendar or fiscal) year of the wallet estimate.
    public var year: Int
    /// Net billing of the client in the year.
    public var revenue: Money
    /// The client's estimated total spend in the category that year (its wallet), in currency
    /// units; `nil` when the wallet file gives only a reported share.
    public var wallet: Money?
    /// The share of wallet, as a fraction; above 1 when billing exceeds the estimate (flagged).
    public var share: Double?
    /// Whether ``share`` comes from billing or from the reported share; `nil` without a share.
    public var source: Source?
    /// The share the client reported, as a fraction 0…1 (`35`, `35%` and `0.35` all read as
    /// 0.35); `nil` when not given.
    public var reportedShare: Double?
    /// The firm's rank among the client's providers, 1 for the preferred one.
    public var rank: Int?
    /// How many providers the client uses in the category.
    public var providers: Int?
    /// The Wallet Allocation Rule's expected share for the rank, and share − expected.
    public var expectedShare: Double?
    /// share − expected share, as a fraction: negative when the firm wins less than its rank
    /// is worth; `nil` without a share or a rank.
    public var gap: Double?
    /// wallet − revenue; negative when the estimate is below billing.
    public var headroom: Money?
    /// Why the row needs a look, such as a share above 100%.
    public var flag: String?
    /// The partner and practice area with the most billing for the client in the year, which
    /// the headroom is credited to.
    public var partner: String?
    /// The practice area with the most billing for the client in the year.
    public var practiceArea: String?
    /// The wallet file's line.
    public var line: Int

    enum CodingKeys: String, CodingKey {
        case year, revenue, wallet, share, source, rank, providers, gap, headroom, flag, partner, line
        case clientID = "client_id", reportedShare = "reported_share", expectedShare = "expected_share", practiceArea = "practice_area"
    }
}

/// Headroom summed over a partner's or practice area's clients.
public struct HeadroomGroup: Sendable, Hashable, Codable {
    /// The partner's or practice area's name; `(none)` for billing without one, and
    /// `(no billing)` for client-years the firm did not bill.
    public var key: String
    /// Client-years credited to the group that have a wallet estimate.
    public var clients: Int
    /// Net billing of those client-years, in currency units.
    public var revenue: Money
    /// The sum of their wallet estimates, in currency units.
    public var wallet: Money
    /// Σ max(0, wallet − revenue): clients billed above their estimate add nothing.
    public var headroom: Money
    /// revenue / wallet over the group's clients with an estimate.
    public var share: Double?
}

/// Share of wallet for every client-year of a wallet file, against billing.
///
/// - Share = the client's net billing in the year / its wallet estimate. Without a usable
///   estimate (none, or zero), the reported share is used instead, and ``WalletShare/source``
///   says which. A reported share may be written `35`, `35%` or `0.35` (a number above 1 is a
///   percentage).
/// - A share above 100% is kept and flagged: the wallet estimate is too low.
/// - With the firm's rank and the number of providers, the Wallet Allocation Rule gives the
///   expected share, and ``WalletShare/gap`` = share − expected; ``largestShortfalls`` lists
///   the clients furthest below their expected share.
/// - Headroom = wallet − revenue, summed per partner and per practice area over positive
///   headrooms; each client-year is credited to its main partner and practice area (the ones
///   with the most billing that year).
/// - Years are calendar years, or fiscal years named by the calendar year they end in.
///
/// Degenerate input: no wallet entry gives an empty analysis with zero totals. A wallet
/// estimate of zero or less gives no share from billing (the reported share is used when
/// there is one) and a flag saying so. A rank outside 1…providers is an error
/// (``ShareOfWalletError/rule(_:)``). A sum of money that would pass what ``Money`` holds
/// (about ±92 quadrillion hundredths: a headroom, a group's or the file's total) is an error
/// (``ShareOfWalletError/totalTooLarge(_:)``), never a wrapped number.
public struct ShareOfWalletAnalysis: Sendable, Hashable, Codable {
    /// The year analysed, or `nil` for every year in the wallet file.
    public var year: Int?
    /// One share per client-year of the wallet file, in the file's order.
    public var shares: [WalletShare]
    /// Headroom per partner, largest first.
    public var byPartner: [HeadroomGroup]
    /// Headroom per practice area, largest first.
    public var byPracticeArea: [HeadroomGroup]
    /// Client-years with an expected share, by gap, most negative first.
    public var largestShortfalls: [WalletShare]
    /// Client-years with a share above 100%: their wallet estimate is too low.
    public var overWallet: Int
    /// Net billing of the client-years with a wallet estimate, in currency units.
    public var revenue: Money
    /// The sum of those client-years' wallet estimates, in currency units.
    public var wallet: Money
    /// Σ max(0, wallet − revenue) over those client-years: the work still to win.
    public var headroom: Money

    enum CodingKeys: String, CodingKey {
        case year, shares, revenue, wallet, headroom
        case byPartner = "by_partner", byPracticeArea = "by_practice_area", largestShortfalls = "largest_shortfalls", overWallet = "over_wallet"
    }
}

/// Builds a ``ShareOfWalletAnalysis``: give it the wallet entries first, then stream the
/// billing lines through ``add(_:)``; only the client-years in the wallet file are tallied.
///
/// ```swift
/// let entries = try ImportedTable<WalletEntry>.read(.file(path: "wallet.csv")).records
/// var wallet = ShareOfWalletBuilder(entries: entries, year: 2024)
/// let lines = try RecordReader<BillingLine>(.file(path: "billing.csv"))
/// while let line = try lines.next() { try wallet.add(line) }
/// let analysis = try wallet.analysis()
/// print(analysis.headroom, analysis.largestShortfalls.first?.gap as Any)
/// ```
///
/// - Complexity: O(1) per billing line; ``analysis(shortfallLimit:)`` is O(n log n) in the
///   wallet entries.
public struct ShareOfWalletBuilder: Sendable {
    /// The year analysed, or `nil` for every year in the wallet file.
    public let year: Int?
    /// How invoice dates map to years: calendar years, or fiscal years named by the calendar
    /// year they end in.
    public let calendar: PeriodCalendar
    private let entries: [WalletEntry]
    private struct Key: Hashable, Sendable {
        var client: String
        var year: Int
    }
    private var revenue: [Key: Int64] = [:]
    private var partnerRevenue: [Key: [String: Int64]] = [:]
    private var areaRevenue: [Key: [String: Int64]] = [:]

    /// A builder for the client-years of a wallet file, before any billing is added.
    ///
    /// - Parameters:
    ///   - entries: the wallet file's rows; with `year`, only that year's are used.
    ///   - year: the one year to analyse; `nil` (the default) for every year in the file.
    ///   - fiscalYearStartMonth: the month (1…12) the firm's year starts in; 1 for calendar
    ///     years. A fiscal year is named by the calendar year it ends in.
    public init(entries: [WalletEntry], year: Int? = nil, fiscalYearStartMonth: Int = 1) {
        self.year = year
        calendar = PeriodCalendar(length: .year, fiscalYearStartMonth: fiscalYearStartMonth)
        self.entries = entries.filter { year == nil || $0.year == year }
        for entry in self.entries { revenue[Key(client: entry.clientID, year: entry.year)] = 0 }
    }

    /// Counts a billing line if its client-year is in the wallet file.
    ///
    /// - Parameter line: an imported billing line; its amount, partner and practice area are
    ///   tallied for its client and year.
    /// - Throws: ``BillingTotalOverflow`` when a total no longer fits in ``Money``.
    public mutating func add(_ line: BillingLine) throws(BillingTotalOverflow) {
        try add(clientID: line.clientID, date: line.invoiceDate, amount: line.amount.minorUnits,
                partner: line.partner, practiceArea: line.practiceArea, line: line.line)
    }

    /// Counts a line given by its fields; `partner` and `practiceArea` are asked for only when
    /// the client-year is in the wallet file.
    mutating func add(clientID: String, date: Day, amount: Int64, partner: @autoclosure () -> String?,
                      practiceArea: @autoclosure () -> String?, line: Int) throws(BillingTotalOverflow) {
        let key = Key(client: clientID, year: calendar.ordinal(of: date))
        guard let current = revenue[key] else { return }
        let (sum, overflow) = current.addingReportingOverflow(amount)
        // A partner's or practice area's share of the client-year can pass Money's range even
        // when the client-year's total does not (credit notes under another name): checked too.
        let partnerName = partner() ?? "(none)", areaName = practiceArea() ?? "(none)"
        let (partnerSum, partnerOverflow) = (partnerRevenue[key]?[partnerName] ?? 0).addingReportingOverflow(amount)
        let (areaSum, areaOverflow) = (areaRevenue[key]?[areaName] ?? 0).addingReportingOverflow(amount)
        guard !overflow, !partnerOverflow, !areaOverflow else { throw BillingTotalOverflow(clientID: clientID, line: line) }
        revenue[key] = sum
        partnerRevenue[key, default: [:]][partnerName] = partnerSum
        areaRevenue[key, default: [:]][areaName] = areaSum
    }

    /// The shares, headroom and shortfalls of the billing added so far.
    ///
    /// - Parameter shortfallLimit: how many client-years ``ShareOfWalletAnalysis/largestShortfalls``
    ///   keeps; 0 keeps them all.
    /// - Throws: ``ShareOfWalletError/rule(_:)`` when an entry's rank is outside 1…providers;
    ///   ``ShareOfWalletError/totalTooLarge(_:)`` when a headroom or a total would pass what
    ///   ``Money`` holds.
    public func analysis(shortfallLimit: Int = 20) throws(ShareOfWalletError) -> ShareOfWalletAnalysis {
        func sum(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String) throws(ShareOfWalletError) -> Int64 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw .totalTooLarge(what()) }
            return sum
        }
        func main(_ amounts: [String: Int64]?) -> String? {
            amounts?.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
        }
        var shares: [WalletShare] = []
        for entry in entries {
            let key = Key(client: entry.clientID, year: entry.year)
            let billed = Money(minorUnits: revenue[key] ?? 0)
            var share: Double?, source: WalletShare.Source?, flag: String?
            if let wallet = entry.walletEstimate, wallet.minorUnits > 0 {
                share = Double(billed.minorUnits) / Double(wallet.minorUnits)
                source = .billing
            } else if let reported = entry.reportedShare {
                share = reported
                source = .reported
                if entry.walletEstimate != nil { flag = "the wallet estimate is zero or negative; the reported share is used" }
            } else if entry.walletEstimate != nil {
                flag = "the wallet estimate is zero or negative"
            }
            if let s = share, s > 1 {
                flag = source == .billing
                    ? "billing is \(NumberText.fixed(s * 100, places: 0))% of the wallet estimate: the estimate is too low"
                    : "the reported share is above 100%"
            }
            var expected: Double?
            if let rank = entry.rank, let providers = entry.providers {
                do {
                    expected = try WalletAllocationRule.expectedShare(rank: rank, providers: providers)
                } catch {
                    throw .rule(error)
                }
            }
            var headroom: Money?
            if let wallet = entry.walletEstimate {
                let (difference, overflow) = wallet.minorUnits.subtractingReportingOverflow(billed.minorUnits)
                guard !overflow else { throw .totalTooLarge("the headroom of client '\(entry.clientID)' in \(entry.year), \(wallet) − \(billed)") }
                headroom = Money(minorUnits: difference)
            }
            shares.append(WalletShare(clientID: entry.clientID, year: entry.year, revenue: billed, wallet: entry.walletEstimate,
                                      share: share, source: source, reportedShare: entry.reportedShare, rank: entry.rank,
                                      providers: entry.providers, expectedShare: expected,
                                      gap: share.flatMap { s in expected.map { s - $0 } }, headroom: headroom, flag: flag,
                                      partner: main(partnerRevenue[key]), practiceArea: main(areaRevenue[key]), line: entry.line))
        }
        func groups(_ keyOf: (WalletShare) -> String?) throws(ShareOfWalletError) -> [HeadroomGroup] {
            var totals: [String: (clients: Int, revenue: Int64, wallet: Int64, headroom: Int64)] = [:]
            for share in shares {
                guard let wallet = share.wallet else { continue }
                let key = keyOf(share) ?? "(no billing)"
                var t = totals[key] ?? (0, 0, 0, 0)
                t.clients += 1
                t.revenue = try sum(t.revenue, share.revenue.minorUnits, "the revenue credited to '\(key)'")
                t.wallet = try sum(t.wallet, wallet.minorUnits, "the wallet credited to '\(key)'")
                t.headroom = try sum(t.headroom, max(0, share.headroom?.minorUnits ?? 0), "the headroom credited to '\(key)'")
                totals[key] = t
            }
            return totals.map { key, t in
                HeadroomGroup(key: key, clients: t.clients, revenue: Money(minorUnits: t.revenue), wallet: Money(minorUnits: t.wallet),
                              headroom: Money(minorUnits: t.headroom), share: t.wallet > 0 ? Double(t.revenue) / Double(t.wallet) : nil)
            }.sorted { $0.headroom != $1.headroom ? $0.headroom > $1.headroom : $0.key.precedesInCodePointOrder($1.key) }
        }
        let shortfalls = shares.filter { $0.gap != nil }.sorted { a, b in
            if (a.gap ?? 0) != (b.gap ?? 0) { return (a.gap ?? 0) < (b.gap ?? 0) }
            if a.clientID != b.clientID { return a.clientID.precedesInCodePointOrder(b.clientID) }
            return a.year < b.year
        }
        var totalRevenue: Int64 = 0, totalWallet: Int64 = 0, totalHeadroom: Int64 = 0
        for share in shares {
            guard let estimate = share.wallet else { continue }
            totalRevenue = try sum(totalRevenue, share.revenue.minorUnits, "the revenue of the client-years with a wallet estimate")
            totalWallet = try sum(totalWallet, estimate.minorUnits, "the wallet of the client-years with an estimate")
            totalHeadroom = try sum(totalHeadroom, max(0, share.headroom?.minorUnits ?? 0), "the headroom of the client-years with an estimate")
        }
        return ShareOfWalletAnalysis(
            year: year, shares: shares, byPartner: try groups(\.partner), byPracticeArea: try groups(\.practiceArea),
            largestShortfalls: Array(shortfallLimit == 0 ? shortfalls[...] : shortfalls.prefix(shortfallLimit)),
            overWallet: shares.filter { ($0.share ?? 0) > 1 }.count,
            revenue: Money(minorUnits: totalRevenue), wallet: Money(minorUnits: totalWallet), headroom: Money(minorUnits: totalHeadroom))
    }
}

/// Why a share-of-wallet analysis could not be made; ``message`` says it in plain words.
public enum ShareOfWalletError: Error, Hashable, Sendable {
    /// A wallet entry's rank is outside 1…providers.
    case rule(WalletRuleError)
    /// A sum of money would pass what ``Money`` holds (about ±92 quadrillion hundredths); the
    /// text says which.
    case totalTooLarge(String)

    /// The problem in plain words, for an error message.
    public var message: String {
        switch self {
        case .rule(let error): return error.message
        case .totalTooLarge(let what): return "\(what) is too large to add up"
        }
    }
}
