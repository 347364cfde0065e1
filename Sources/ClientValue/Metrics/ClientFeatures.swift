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
        var columns: [String: [String: Double]] = [:]
        if let contacts {
            var trailing = contacts.trailingContacts(asOf: asOf).mapValues(Double.init)
            for (client, total) in billing?.totals ?? [:] where total.minorUnits != 0 && trailing[client] == nil { trailing[client] = 0 }
            columns["contacts_per_year"] = trailing
            columns["days_since_contact"] = contacts.daysSinceLastContact(asOf: asOf).mapValues(Double.init)
            columns["partners_in_contact"] = contacts.partnersInContact(asOf: asOf).mapValues(Double.init)
        }
        if let surveys {
            var sums: [String: (total: Int, count: Int)] = [:]
            for row in 0..<surveys.count where surveys.days[row] <= asOf.daysSince1970 {
                let client = surveys.clients.values[Int(surveys.clients.codes[row])]
                let current = sums[client] ?? (0, 0)
                sums[client] = (current.total + Int(surveys.scores[row]), current.count + 1)
            }
            columns["mean_score"] = sums.mapValues { Double($0.total) / Double($0.count) }
        }
        if let billing { columns["revenue_t12m"] = billing.totals.mapValues(\.doubleValue) }
        if let history {
            var annual: [String: Double] = [:], profit: [String: Double] = [:], margin: [String: Double] = [:]
            var tenure: [String: Double] = [:], areas: [String: Double] = [:]
            for client in history.clients {
                annual[client.clientID] = client.annualisedRevenue
                if let p = client.profit { profit[client.clientID] = p.doubleValue }
                if let m = client.margin { margin[client.clientID] = m }
                tenure[client.clientID] = client.tenureYears
                areas[client.clientID] = Double(client.practiceAreas)
            }
            columns["revenue_annual"] = annual
            if !profit.isEmpty { columns["profit"] = profit }
            if !margin.isEmpty { columns["margin"] = margin }
            columns["tenure_years"] = tenure
            if areas.values.contains(where: { $0 > 0 }) { columns["practice_areas"] = areas }
        }
        if let wallet {
            var latest: [String: (year: Int, share: Double)] = [:]
            for share in wallet.shares {
                guard let value = share.share else { continue }
                if let current = latest[share.clientID], current.year >= share.year { continue }
                latest[share.clientID] = (share.year, value)
            }
            columns["share_of_wallet"] = latest.mapValues(\.share)
        }
        if let forecast { columns["clv"] = Dictionary(forecast.clients.map { ($0.clientID, $0.clv) }, uniquingKeysWith: { a, _ in a }) }
        let ids = Set(columns.values.flatMap(\.keys)).sorted { $0.precedesInCodePointOrder($1) }
        clientIDs = ids
        features = Self.featureOrder.filter { columns[$0] != nil }
        values = columns.mapValues { column in ids.map { column[$0] ?? .nan } }
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
