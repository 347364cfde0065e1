extension LifetimeValueForecast: RenderableResult {
    /// The forecast as the `clv` command prints it: the as-of date, the purchase and spend
    /// models with their fit, the horizon, discount and margin, the total, and the clients by
    /// CLV.
    ///
    /// - Parameter options: how many clients to list, highest CLV first, and the decimals of
    ///   the recency, age and purchase figures (2 by default; probabilities keep 3).
    /// - Returns: the sections, titled `Client lifetime value`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        let bg = purchaseModel, gg = spendModel, selection = spendSelection
        var facts = [ResultFact(label: "As of", value: "\(observationEnd) (end of observation); time unit: \(unit.rawValue)")]
        var purchases = "\(bg.model.kind.displayName) \(CLVText.parameters(bg.model.parameters, bg.parameterEstimates)), rates per \(unit.rawValue); "
        purchases += "log-likelihood \(CLVText.fixed(bg.diagnostics.logLikelihood, 2)), AIC \(CLVText.fixed(bg.aic, 1)), BIC \(CLVText.fixed(bg.bic, 1)); "
            + "converged in \(bg.diagnostics.iterations) iterations (\(bg.diagnostics.clients) clients, \(bg.diagnostics.distinctHistories) distinct histories)"
        facts.append(ResultFact(label: "Purchases", value: purchases))
        var spend = "Gamma-Gamma p = \(CLVText.fixed(gg.model.p, 4)), q = \(CLVText.fixed(gg.model.q, 4)), gamma = \(CLVText.fixed(gg.model.gamma, 4)); fitted on "
            + "\(NumberText.grouped(selection.clientsUsed)) clients; left out \(NumberText.grouped(selection.withoutRepeatPurchases)) without repeat purchases"
            + " and \(NumberText.grouped(selection.withNonPositiveSpend)) with zero or negative net repeat spend"
        if let r = selection.frequencySpendCorrelation { spend += "; frequency-spend correlation \(CLVText.fixed(r, 3))" }
        facts.append(ResultFact(label: "Spend", value: spend))
        if let warning = selection.warning { facts.append(ResultFact(label: "Warning", value: warning)) }
        facts.append(ResultFact(label: "Forecast", value: "\(horizonMonths) months, discounted \(CLVText.fixed(monthlyDiscountRate * 100, 2))% a month, margin \(CLVText.fixed(margin * 100, 1))%"))
        facts.append(ResultFact(label: "Total CLV", value: "\(CLVText.fixed(totalCLV, 2)) over \(NumberText.grouped(clients.count)) clients; "
                                + "\(CLVText.fixed(totalExpectedPurchases, 1)) purchases expected"))
        return [ResultSection(title: "Client lifetime value", facts: facts),
                ResultSection(title: "Clients by CLV" + options.firstOf(clients.count), blocks: [.table(clientTable(places: options.places(2), options))])]
    }

    /// The clients by CLV, highest first: frequency, recency, age (`T`), mean repeat spend,
    /// P(alive) (and P(alive) on ``aliveAt`` when asked for), expected purchases and spend,
    /// and CLV.
    ///
    /// - Parameter options: how many clients to list and the decimals of the recency, age and
    ///   purchase figures (6 by default; probabilities keep at least 3, money 2).
    /// - Returns: the client table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        clientTable(places: options.places(6), options)
    }

    /// Clients by CLV, highest first (ties by id), the first `limit` of them (all for 0).
    package func rankedClients(limit: Int) -> [ClientForecast] {
        CLVText.ranked(clients, limit: limit, clv: \.clv, id: \.clientID)
    }

    private func clientTable(places: Int, _ options: RenderOptions) -> TextTable {
        let later = aliveAt.map { ["p_alive_\($0)"] } ?? []
        var table = TextTable(columns: ["client_id", "frequency", "recency", "T", "monetary", "p_alive"] + later + ["expected_purchases", "expected_spend", "clv"],
                              alignments: [.left] + Array(repeating: .right, count: 8 + later.count))
        for c in rankedClients(limit: options.limit) {
            let laterValue = aliveAt == nil ? [] : [c.probabilityAliveLater.map { CLVText.fixed($0, max(places, 3)) } ?? ""]
            table.append([c.clientID, String(c.frequency), CLVText.fixed(c.recency, places), CLVText.fixed(c.age, places), CLVText.fixed(c.monetary, 2),
                          CLVText.fixed(c.probabilityAlive, max(places, 3))] + laterValue
                         + [CLVText.fixed(c.expectedPurchases, places), CLVText.fixed(c.expectedSpend, 2), CLVText.fixed(c.clv, 2)])
        }
        return table
    }
}

extension ValueHistory: RenderableResult {
    /// The billing history as `clv --historical` prints it: every client's revenue, profit,
    /// margin, realisation and collection, largest revenue first, and the cohort table of
    /// revenue by first-invoice year.
    ///
    /// - Parameter options: how many clients to list; the cohort table is always whole.
    /// - Returns: two sections, `History (by revenue)` and the cohorts.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        var cohortTable = TextTable(columns: ["cohort", "clients"] + cohorts.years, alignments: [.left] + Array(repeating: .right, count: cohorts.years.count + 1))
        for row in cohorts.rows { cohortTable.append([row.cohort, String(row.clients)] + row.revenue.map(\.description)) }
        return [ResultSection(title: "History (by revenue)", blocks: [.table(primaryTable(options: options))]),
                ResultSection(title: "Cohorts: revenue by first-invoice year", blocks: [.table(cohortTable)])]
    }

    /// Every client's history, largest revenue first (ties by id): first and last invoice,
    /// tenure, revenue, profit, margin, annualised revenue, realisation and collection.
    ///
    /// - Parameter options: how many clients to list.
    /// - Returns: the client table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["client_id", "client_name", "first_invoice", "last_invoice", "tenure_years", "revenue", "profit", "margin",
                                        "annualised_revenue", "realisation", "collection"],
                              alignments: [.left, .left, .left, .left, .right, .right, .right, .right, .right, .right, .right])
        let sorted = clients.sorted { $0.revenue != $1.revenue ? $0.revenue > $1.revenue : $0.clientID.precedesInCodePointOrder($1.clientID) }
        for c in options.limited(sorted) {
            table.append([c.clientID, c.clientName ?? "", c.firstInvoice.description, c.lastInvoice.description, CLVText.fixed(c.tenureYears, 1),
                          c.revenue.description, c.profit?.description ?? "", NumberText.percent(c.margin),
                          CLVText.fixed(c.annualisedRevenue, 2), NumberText.percent(c.realisation), NumberText.percent(c.collection)])
        }
        return table
    }
}

/// Wording shared by the renderings of the lifetime-value forecasts.
enum CLVText {
    static func fixed(_ value: Double, _ places: Int) -> String { NumberText.fixed(value, places: places) }

    /// `r = 0.2430 (se 0.0120), alpha = 4.4140 (se 0.3800)`: each parameter with its
    /// standard error when estimated.
    static func parameters(_ values: [NamedValue], _ estimates: [ParameterEstimate]?) -> String {
        values.map { p in
            let se = estimates?.first { $0.name == p.name }.map { " (se \(fixed($0.standardError, 4)))" } ?? ""
            return "\(p.name) = \(fixed(p.value, 4))" + se
        }.joined(separator: ", ")
    }

    /// `clients` by CLV, highest first (ties by id), the first `limit` of them (all for 0).
    ///
    /// A short list of many clients is picked in one pass that keeps the best `limit` so far,
    /// rather than by sorting them all: the same clients in the same order, since no two
    /// clients rank equal (ids differ), and CLVs are never NaN (a NaN sorts everything).
    static func ranked<Client>(_ clients: [Client], limit: Int, clv: (Client) -> Double, id: (Client) -> String) -> [Client] {
        func before(_ a: Client, _ b: Client) -> Bool {
            let x = clv(a), y = clv(b)
            return x != y ? x > y : id(a).precedesInCodePointOrder(id(b))
        }
        guard limit > 0, limit * 8 < clients.count, !clients.contains(where: { clv($0).isNaN }) else {
            let sorted = clients.sorted(by: before)
            return limit > 0 ? Array(sorted.prefix(limit)) : sorted
        }
        var best: [Client] = []
        best.reserveCapacity(limit + 1)
        for client in clients {
            if best.count == limit, let last = best.last, !before(client, last) { continue }
            var index = best.count
            while index > 0 && before(client, best[index - 1]) { index -= 1 }
            best.insert(client, at: index)
            if best.count > limit { best.removeLast() }
        }
        return best
    }
}
