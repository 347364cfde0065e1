/// One numeric column per client feature, joined from whatever files were given, for
/// correlation. A missing value is NaN; correlations leave such pairs out and report the n of
/// each pair.
///
/// Features (all as of the as-of date):
/// - `contacts_per_year`: contacts in the twelve months to the as-of date (0 for a client with
///   billing but no contacts); `days_since_contact`; `partners_in_contact` (distinct partners
///   in those twelve months).
/// - `mean_score`: the mean of the client's survey scores up to the as-of date.
/// - `revenue_t12m`: net billing in the twelve months to the as-of date; `revenue_annual`:
///   revenue per year of tenure; `profit` and `margin` over the costed lines; `tenure_years`;
///   `practice_areas` billed.
/// - `share_of_wallet`: the share in the latest wallet year.
/// - `clv`: the lifetime-value forecast, when one is given.
///
/// ```swift
/// let contacts = try ContactFrequencyBuilder.read(.file(path: "contacts.csv")).builder
/// let surveys = try SurveyTable.read(.file(path: "surveys.csv"))
/// let table = ClientFeatureTable(asOf: contacts.latestContact!, contacts: contacts, surveys: surveys)
/// if let x = table.column("contacts_per_year"), let y = table.column("mean_score") {
///     print(CorrelationWording.describe(Correlation.pearson(x, y)))
/// }
/// ```
public struct ClientFeatureTable: Sendable, Hashable, Codable {
    /// The date the features are measured at.
    public var asOf: Day
    /// The clients, sorted by id: the rows of every column.
    public var clientIDs: [String]
    /// The features present, in a fixed order.
    public var features: [String]
    /// Values per feature, aligned with ``clientIDs``.
    public var values: [String: [Double]]

    enum CodingKeys: String, CodingKey {
        case features, values
        case asOf = "as_of", clientIDs = "client_ids"
    }

    /// Every feature name, in the order they are listed.
    public static let featureOrder = ["contacts_per_year", "days_since_contact", "partners_in_contact", "mean_score", "revenue_t12m",
                                      "revenue_annual", "profit", "margin", "tenure_years", "practice_areas", "share_of_wallet", "clv"]

    /// The values of one feature, aligned with ``clientIDs``, NaN where missing.
    ///
    /// - Parameter name: a feature name from ``featureOrder``, or a column of a table made
    ///   with ``init(columns:order:)``.
    /// - Returns: the column, or `nil` when the feature is not present.
    public func column(_ name: String) -> [Double]? { values[name] }

    /// Joins the given sources per client id.
    ///
    /// Every client that appears in any source is a row; a feature is present only when its
    /// source is given.
    ///
    /// - Parameters:
    ///   - asOf: the date the features are measured at; later responses are ignored and the
    ///     twelve-month windows end here.
    ///   - contacts: the contact log, for `contacts_per_year`, `days_since_contact` and
    ///     `partners_in_contact`.
    ///   - surveys: the survey responses, for `mean_score`.
    ///   - billing: net billing in the twelve months to `asOf`, for `revenue_t12m`.
    ///   - history: the billing ledger, for `revenue_annual`, `profit`, `margin`,
    ///     `tenure_years` and `practice_areas`.
    ///   - wallet: the share-of-wallet analysis, for `share_of_wallet`.
    ///   - forecast: the lifetime-value forecast, for `clv`.
    /// - Complexity: O(clients × features) plus one pass over the surveys.
    public init(asOf: Day, contacts: ContactFrequencyBuilder? = nil, surveys: SurveyTable? = nil, billing: ClientBillingWindow? = nil,
                history: ValueHistory? = nil, wallet: ShareOfWalletAnalysis? = nil, forecast: LifetimeValueForecast? = nil) {
        self.asOf = asOf
        // Every client gets a number in a `ClientIndex` (ids equal as `String`s are one
        // client); each feature is first a list of (number, value) entries, a later entry for
        // a client replacing an earlier one as in a dictionary, then an array by number.
        var index = ClientIndex(capacity: history?.clients.count ?? billing?.totals.count ?? 0)
        var entries = [[(client: Int, value: Double)]?](repeating: nil, count: Self.featureOrder.count)
        func feature(_ name: String) -> Int { Self.featureOrder.firstIndex(of: name) ?? 0 }
        if let contacts {
            let ids = contacts.clientIDs, contacted = contacts.contactedMask
            let counts = contacts.trailingCounts(asOf: asOf), last = contacts.lastContactDays(asOf: asOf)
            let (partners, named) = contacts.partnerCounts(asOf: asOf)
            var trailing: [(client: Int, value: Double)] = [], days: [(client: Int, value: Double)] = []
            var inContact: [(client: Int, value: Double)] = []
            for code in ids.indices where contacted[code] {
                let client = index.insert(ids[code])
                trailing.append((client, Double(counts[code])))
                if last[code] != .min { days.append((client, Double(asOf.daysSince1970 - last[code]))) }
                if named[code] { inContact.append((client, Double(partners[code]))) }
            }
            // The contacted clients (distinct ids) are numbers 0..<contactedCount: a billed client
            // with a higher number has no contacts, and counts 0.
            let contactedCount = index.count
            for (client, total) in billing?.totals ?? [:] where total.minorUnits != 0 {
                let number = index.insert(client)
                if number >= contactedCount { trailing.append((number, 0)) }
            }
            entries[feature("contacts_per_year")] = trailing
            entries[feature("days_since_contact")] = days
            entries[feature("partners_in_contact")] = inContact
        }
        if let surveys {
            // Per survey code, then per client (codes whose ids are equal as Strings are one).
            let names = surveys.clients.values
            var total = [Int](repeating: 0, count: names.count), count = [Int](repeating: 0, count: names.count)
            for row in 0..<surveys.count where surveys.days[row] <= asOf.daysSince1970 {
                let code = Int(surveys.clients.codes[row])
                total[code] += Int(surveys.scores[row])
                count[code] += 1
            }
            var sums: [Int: (total: Int, count: Int)] = [:], order: [Int] = []
            for code in names.indices where count[code] > 0 {
                let client = index.insert(names[code])
                if let current = sums[client] {
                    sums[client] = (current.total + total[code], current.count + count[code])
                } else {
                    sums[client] = (total[code], count[code])
                    order.append(client)
                }
            }
            entries[feature("mean_score")] = order.map { client in
                let sum = sums[client] ?? (0, 1)
                return (client, Double(sum.total) / Double(sum.count))
            }
        }
        if let billing {
            entries[feature("revenue_t12m")] = billing.totals.map { (index.insert($0.key), $0.value.doubleValue) }
        }
        if let history {
            var annual: [(client: Int, value: Double)] = [], profit: [(client: Int, value: Double)] = []
            var margin: [(client: Int, value: Double)] = [], tenure: [(client: Int, value: Double)] = []
            var areas: [(client: Int, value: Double)] = []
            for client in history.clients {
                let number = index.insert(client.clientID)
                annual.append((number, client.annualisedRevenue))
                if let p = client.profit { profit.append((number, p.doubleValue)) }
                if let m = client.margin { margin.append((number, m)) }
                tenure.append((number, client.tenureYears))
                areas.append((number, Double(client.practiceAreas)))
            }
            entries[feature("revenue_annual")] = annual
            if !profit.isEmpty { entries[feature("profit")] = profit }
            if !margin.isEmpty { entries[feature("margin")] = margin }
            entries[feature("tenure_years")] = tenure
            // Present when some client's last entry is above zero.
            var last = [Double](repeating: 0, count: index.count)
            for (number, value) in areas { last[number] = value }
            if last.contains(where: { $0 > 0 }) { entries[feature("practice_areas")] = areas }
        }
        if let wallet {
            var latest: [Int: (year: Int, share: Double)] = [:], order: [Int] = []
            for share in wallet.shares {
                guard let value = share.share else { continue }
                let number = index.insert(share.clientID)
                if let current = latest[number] {
                    if current.year >= share.year { continue }
                } else {
                    order.append(number)
                }
                latest[number] = (share.year, value)
            }
            entries[feature("share_of_wallet")] = order.map { ($0, latest[$0]?.share ?? .nan) }
        }
        if let forecast {
            // The first entry of a client counts.
            var clv: [(client: Int, value: Double)] = [], seen = Set<Int>()
            for client in forecast.clients {
                let number = index.insert(client.clientID)
                if seen.insert(number).inserted { clv.append((number, client.clv)) }
            }
            entries[feature("clv")] = clv
        }
        // Every client inserted has an entry in a feature present.
        let rows = index.numbersInCodePointOrder()
        clientIDs = rows.map { index.ids[$0] }
        features = zip(Self.featureOrder, entries).compactMap { $1 == nil ? nil : $0 }
        var values: [String: [Double]] = [:]
        for (name, column) in zip(Self.featureOrder, entries) {
            guard let column else { continue }
            var byNumber = [Double](repeating: .nan, count: index.count)
            for (client, value) in column { byNumber[client] = value }
            values[name] = rows.map { byNumber[$0] }
        }
        self.values = values
    }

    /// A table of numeric columns from anywhere (such as any CSV), keyed by row number.
    ///
    /// - Parameters:
    ///   - columns: the values per column name, all of the same length; NaN for a missing value.
    ///   - order: the column names in the order to list them.
    public init(columns: [String: [Double]], order: [String]) {
        asOf = Day(daysSince1970: 0)
        clientIDs = (0..<(columns.values.first?.count ?? 0)).map { String($0 + 1) }
        features = order
        values = columns
    }
}

/// Words for a correlation: strength, direction and whether it is likely to be chance.
public enum CorrelationWording: Sendable {
    /// "moderate positive, unlikely to be chance (p = 0.003)"; strength by |r|: below 0.1
    /// negligible, 0.3 weak, 0.5 moderate, 0.7 strong, else very strong; chance at p ≥ 0.05.
    ///
    /// ```swift
    /// let r = Correlation.pearson([2, 4, 4, 6, 8, 10, 10, 12, 12, 15, 18, 20], [5, 6, 8, 7, 7, 9, 8, 9, 10, 9, 10, 10])
    /// CorrelationWording.describe(r)   // "very strong positive, unlikely to be chance (p = 0.0003, n = 12)"
    /// ```
    ///
    /// - Parameter result: a correlation from ``Correlation``.
    /// - Returns: one line in plain words, with p and n; for an undefined correlation,
    ///   `undefined: ` and the reason.
    public static func describe(_ result: CorrelationResult) -> String {
        guard let r = result.coefficient, let p = result.pValue else { return "undefined: " + (result.undefinedReason ?? "no result") }
        let size = abs(r)
        let strength = size < 0.1 ? "negligible" : size < 0.3 ? "weak" : size < 0.5 ? "moderate" : size < 0.7 ? "strong" : "very strong"
        let direction = size < 0.1 ? "" : (r > 0 ? " positive" : " negative")
        let chance = p < 0.05 ? "unlikely to be chance" : "could well be chance"
        return "\(strength)\(direction), \(chance) (p \(p < 0.0001 ? "< 0.0001" : "= " + NumberText.fixed(p, places: 4)), n = \(result.n))"
    }
}
