extension AnnualValueForecast: RenderableResult {
    /// The forecast as `clv --model bgbb` prints it: the as-of date, the BG/BB and spend
    /// models, the horizon, discount and margin, the total, and the clients by CLV.
    ///
    /// - Parameter options: how many clients to list, highest CLV first, and the decimals of
    ///   the expected active years (2 by default; probabilities keep 3).
    /// - Returns: the sections, titled `Client lifetime value: yearly engagements (BG/BB)`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        let m = purchaseModel
        var facts = [
            ResultFact(label: "As of", value: "\(end); years are the twelve-month periods ending on it"),
            ResultFact(label: "Active years", value: "BG/BB " + CLVText.parameters(m.model.parameters, m.parameterEstimates)
                       + "; log-likelihood \(CLVText.fixed(m.diagnostics.logLikelihood, 2)) (\(NumberText.grouped(m.diagnostics.clients)) clients)"),
        ]
        if let gg = spendModel {
            facts.append(ResultFact(label: "Spend", value: "Gamma-Gamma on the repeat years' spend: p = \(CLVText.fixed(gg.model.p, 4)), q = \(CLVText.fixed(gg.model.q, 4)), gamma = \(CLVText.fixed(gg.model.gamma, 4))"))
        } else {
            facts.append(ResultFact(label: "Spend", value: "too few clients with repeat years for the Gamma-Gamma model; each client's mean yearly spend is used"))
        }
        facts.append(ResultFact(label: "Forecast", value: "\(horizonYears) year\(horizonYears == 1 ? "" : "s"), discounted \(CLVText.fixed(monthlyDiscountRate * 100, 2))% a month, margin \(CLVText.fixed(margin * 100, 1))%"))
        facts.append(ResultFact(label: "Total CLV", value: "\(CLVText.fixed(totalCLV, 2)) over \(NumberText.grouped(clients.count)) clients"))
        return [ResultSection(title: "Client lifetime value: yearly engagements (BG/BB)", facts: facts),
                ResultSection(title: "Clients by CLV" + options.firstOf(clients.count), blocks: [.table(clientTable(places: options.places(2), options))])]
    }

    /// The clients by CLV, highest first: x, t_x, n, P(alive) now and next year, expected
    /// active years, expected annual spend and CLV.
    ///
    /// - Parameter options: how many clients to list and the decimals of the expected active
    ///   years (6 by default; probabilities keep at least 3, money 2).
    /// - Returns: the client table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        clientTable(places: options.places(6), options)
    }

    /// Clients by CLV, highest first (ties by id), the first `limit` of them (all for 0).
    package func rankedClients(limit: Int) -> [AnnualClientForecast] {
        CLVText.ranked(clients, limit: limit, clv: \.clv, id: \.clientID)
    }

    private func clientTable(places: Int, _ options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["client_id", "frequency", "recency", "periods", "p_alive", "p_alive_next_year", "expected_active_years", "expected_annual_spend", "clv"],
                              alignments: [.left] + Array(repeating: .right, count: 8))
        for c in rankedClients(limit: options.limit) {
            table.append([c.clientID, String(c.frequency), String(c.recency), String(c.periods), CLVText.fixed(c.probabilityAlive, max(places, 3)),
                          CLVText.fixed(c.probabilityAliveNextYear, max(places, 3)), CLVText.fixed(c.expectedActiveYears, places),
                          CLVText.fixed(c.expectedAnnualSpend, 2), CLVText.fixed(c.clv, 2)])
        }
        return table
    }
}

extension RetentionForecast: RenderableResult {
    /// The forecast as `clv --model sbg` prints it: the as-of date, the sBG model, a new
    /// client's survival, how value is reckoned, the total, the cohorts and the current
    /// clients by CLV.
    ///
    /// - Parameter options: how many clients to list, highest CLV first, and the decimals of
    ///   the renewal probability and DERL (at least 3).
    /// - Returns: the sections, titled `Client lifetime value: retainers (shifted-beta-geometric retention)`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        let m = retentionModel
        let facts = [
            ResultFact(label: "As of", value: "\(end); years are the twelve-month periods ending on it; a year without billing ends a retainer"),
            ResultFact(label: "Retention", value: "sBG " + CLVText.parameters(m.model.parameters, m.parameterEstimates)
                       + "; log-likelihood \(CLVText.fixed(m.diagnostics.logLikelihood, 2)) on \(cohorts.count) cohorts"),
            ResultFact(label: "Survival", value: "of a new client after 1, 2, 3, 5 and 10 years: "
                       + [1, 2, 3, 5, 10].compactMap { $0 < projectedSurvival.count ? CLVText.fixed(projectedSurvival[$0] * 100, 1) + "%" : nil }.joined(separator: ", ")),
            ResultFact(label: "Value", value: "last twelve months' billing × margin \(CLVText.fixed(margin * 100, 1))% × DERL at \(CLVText.fixed(yearlyDiscountRate * 100, 2))% a year"),
            ResultFact(label: "Total CLV", value: "\(CLVText.fixed(totalCLV, 2)) over \(NumberText.grouped(clients.count)) current clients"),
        ]
        var cohortTable = TextTable(columns: ["first_year", "clients", "still_active"], alignments: [.left, .right, .left])
        for c in cohorts {
            cohortTable.append([String(c.firstYear), String(c.survival.alive.first ?? 0), c.survival.alive.map(String.init).joined(separator: " ")])
        }
        return [ResultSection(title: "Client lifetime value: retainers (shifted-beta-geometric retention)", facts: facts),
                ResultSection(title: "Cohorts: clients still on retainer, by first year", blocks: [.table(cohortTable)]),
                ResultSection(title: "Current clients by CLV" + options.firstOf(clients.count), blocks: [.table(clientTable(places: options.places(2), options))])]
    }

    /// The current clients by CLV, highest first: renewals, annual value, renewal
    /// probability, DERL in years and CLV.
    ///
    /// - Parameter options: how many clients to list and the decimals of the renewal
    ///   probability and DERL (at least 3; 6 by default).
    /// - Returns: the client table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        clientTable(places: options.places(6), options)
    }

    /// Clients by CLV, highest first (ties by id), the first `limit` of them (all for 0).
    package func rankedClients(limit: Int) -> [RetainerClientForecast] {
        CLVText.ranked(clients, limit: limit, clv: \.clv, id: \.clientID)
    }

    private func clientTable(places: Int, _ options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["client_id", "renewals", "annual_value", "renewal_probability", "derl_years", "clv"],
                              alignments: [.left] + Array(repeating: .right, count: 5))
        for c in rankedClients(limit: options.limit) {
            table.append([c.clientID, String(c.renewals), CLVText.fixed(c.annualValue, 2), CLVText.fixed(c.renewalProbability, max(places, 3)),
                          CLVText.fixed(c.discountedExpectedResidualLifetime, max(places, 3)), CLVText.fixed(c.clv, 2)])
        }
        return table
    }
}
