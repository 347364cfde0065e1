import ClientValue

/// Text, CSV and JSON renderings of the yearly models: BG/BB (`clv --model bgbb`) and sBG
/// retention (`clv --model sbg`).
struct AnnualCLVRendering {
    enum Forecast {
        case bgbb(AnnualValueForecast)
        case sbg(RetentionForecast)
    }

    var forecast: Forecast
    var billing: ImportSummary
    var options: CLVOptions
    /// How many clients to list; 0 lists all.
    var limit: Int

    private func fixed(_ value: Double, _ places: Int) -> String { NumberText.fixed(value, places: places) }

    private func ranked<T>(_ clients: [T], clv: (T) -> Double, id: (T) -> String) -> [T] {
        let sorted = clients.sorted { clv($0) != clv($1) ? clv($0) > clv($1) : id($0).precedesInCodePointOrder(id($1)) }
        return limit == 0 ? sorted : Array(sorted.prefix(limit))
    }

    private func parameters(_ values: [NamedValue], _ estimates: [ParameterEstimate]?) -> String {
        values.map { p in
            let se = estimates?.first { $0.name == p.name }.map { " (se \(fixed($0.standardError, 4)))" } ?? ""
            return "\(p.name) = \(fixed(p.value, 4))" + se
        }.joined(separator: ", ")
    }

    func clientTable(places: Int = 2) -> TextTable {
        switch forecast {
        case .bgbb(let f):
            var table = TextTable(columns: ["client_id", "frequency", "recency", "periods", "p_alive", "p_alive_next_year", "expected_active_years", "expected_annual_spend", "clv"],
                                  alignments: [.left] + Array(repeating: .right, count: 8))
            for c in ranked(f.clients, clv: \.clv, id: \.clientID) {
                table.append([c.clientID, String(c.frequency), String(c.recency), String(c.periods), fixed(c.probabilityAlive, max(places, 3)),
                              fixed(c.probabilityAliveNextYear, max(places, 3)), fixed(c.expectedActiveYears, places), fixed(c.expectedAnnualSpend, 2), fixed(c.clv, 2)])
            }
            return table
        case .sbg(let f):
            var table = TextTable(columns: ["client_id", "renewals", "annual_value", "renewal_probability", "derl_years", "clv"],
                                  alignments: [.left] + Array(repeating: .right, count: 5))
            for c in ranked(f.clients, clv: \.clv, id: \.clientID) {
                table.append([c.clientID, String(c.renewals), fixed(c.annualValue, 2), fixed(c.renewalProbability, max(places, 3)),
                              fixed(c.discountedExpectedResidualLifetime, max(places, 3)), fixed(c.clv, 2)])
            }
            return table
        }
    }

    func text(_ format: OutputFormat) -> String {
        var facts: [(label: String, value: String)] = []
        var rows = "\(billing.file ?? "<input>"): \(NumberText.grouped(billing.rowsRead)) rows read, \(NumberText.grouped(billing.rowsAccepted)) accepted"
        if billing.rowsRejected > 0 { rows += ", \(NumberText.grouped(billing.rowsRejected)) rejected" }
        facts.append(("Billing", rows))
        var report: TextReport
        switch forecast {
        case .bgbb(let f):
            report = TextReport(title: "Client lifetime value: yearly engagements (BG/BB)", format: format)
            let m = f.purchaseModel
            facts.append(("As of", "\(f.end); years are the twelve-month periods ending on it"))
            facts.append(("Active years", "BG/BB " + parameters(m.model.parameters, m.parameterEstimates)
                          + "; log-likelihood \(fixed(m.diagnostics.logLikelihood, 2)) (\(NumberText.grouped(m.diagnostics.clients)) clients)"))
            if let gg = f.spendModel {
                facts.append(("Spend", "Gamma-Gamma on the repeat years' spend: p = \(fixed(gg.model.p, 4)), q = \(fixed(gg.model.q, 4)), gamma = \(fixed(gg.model.gamma, 4))"))
            } else {
                facts.append(("Spend", "too few clients with repeat years for the Gamma-Gamma model; each client's mean yearly spend is used"))
            }
            facts.append(("Forecast", "\(f.horizonYears) year\(f.horizonYears == 1 ? "" : "s"), discounted \(fixed(options.monthlyDiscountRate * 100, 2))% a month, margin \(fixed(options.margin * 100, 1))%"))
            facts.append(("Total CLV", "\(fixed(f.totalCLV, 2)) over \(NumberText.grouped(f.clients.count)) clients"))
            report.facts(facts)
            report.heading("Clients by CLV" + shown(f.clients.count))
        case .sbg(let f):
            report = TextReport(title: "Client lifetime value: retainers (shifted-beta-geometric retention)", format: format)
            let m = f.retentionModel
            facts.append(("As of", "\(f.end); years are the twelve-month periods ending on it; a year without billing ends a retainer"))
            facts.append(("Retention", "sBG " + parameters(m.model.parameters, m.parameterEstimates)
                          + "; log-likelihood \(fixed(m.diagnostics.logLikelihood, 2)) on \(f.cohorts.count) cohorts"))
            facts.append(("Survival", "of a new client after 1, 2, 3, 5 and 10 years: "
                          + [1, 2, 3, 5, 10].compactMap { $0 < f.projectedSurvival.count ? fixed(f.projectedSurvival[$0] * 100, 1) + "%" : nil }.joined(separator: ", ")))
            facts.append(("Value", "last twelve months' billing × margin \(fixed(options.margin * 100, 1))% × DERL at \(fixed(f.yearlyDiscountRate * 100, 2))% a year"))
            facts.append(("Total CLV", "\(fixed(f.totalCLV, 2)) over \(NumberText.grouped(f.clients.count)) current clients"))
            report.facts(facts)
            report.heading("Cohorts: clients still on retainer, by first year")
            var cohorts = TextTable(columns: ["first_year", "clients", "still_active"], alignments: [.left, .right, .left])
            for c in f.cohorts {
                cohorts.append([String(c.firstYear), String(c.survival.alive.first ?? 0), c.survival.alive.map(String.init).joined(separator: " ")])
            }
            report.table(cohorts)
            report.heading("Current clients by CLV" + shown(f.clients.count))
        }
        report.table(clientTable())
        return report.text
    }

    private func shown(_ count: Int) -> String {
        limit == 0 || count <= limit ? "" : " (first \(limit) of \(NumberText.grouped(count)))"
    }

    func json() throws -> String {
        switch forecast {
        case .bgbb(let f):
            let m = f.purchaseModel
            let document = AnnualJSON(
                model: CLVJSON.Model(name: "bgbb", parameters: m.model.parameters, diagnostics: m.diagnostics, timeUnit: "year"),
                standardErrors: Nullable(m.parameterEstimates.map { $0.map(StandardErrorJSON.init) }),
                spendModel: Nullable(f.spendModel.map { NamedValues([NamedValue("p", $0.model.p), NamedValue("q", $0.model.q), NamedValue("gamma", $0.model.gamma)]) }),
                asOf: f.end, horizonYears: f.horizonYears, discountMonthly: options.monthlyDiscountRate, margin: options.margin,
                clients: ranked(f.clients, clv: \.clv, id: \.clientID), clientsTotal: f.clients.count, totalCLV: f.totalCLV)
            return try JSONText.encode(document, convertingKeys: true)
        case .sbg(let f):
            let m = f.retentionModel
            let document = RetentionJSON(
                model: CLVJSON.Model(name: "sbg", parameters: m.model.parameters, diagnostics: m.diagnostics, timeUnit: "year"),
                standardErrors: Nullable(m.parameterEstimates.map { $0.map(StandardErrorJSON.init) }),
                cohorts: f.cohorts.map { CohortJSON(firstYear: $0.firstYear, alive: $0.survival.alive) },
                projectedSurvival: f.projectedSurvival, asOf: f.end, discountYearly: f.yearlyDiscountRate, margin: options.margin,
                clients: ranked(f.clients, clv: \.clv, id: \.clientID), clientsTotal: f.clients.count, totalCLV: f.totalCLV)
            return try JSONText.encode(document, convertingKeys: true)
        }
    }
}

/// Named numbers as one JSON object.
struct NamedValues: Encodable {
    var values: [NamedValue]
    init(_ values: [NamedValue]) { self.values = values }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        for value in values { try container.encode(value.value, forKey: JSONKey(value.name)) }
    }
}

/// `clv --model bgbb --format json`; keys become snake_case.
struct AnnualJSON: Encodable {
    var model: CLVJSON.Model
    var standardErrors: Nullable<[StandardErrorJSON]>
    var spendModel: Nullable<NamedValues>
    var asOf: Day
    var horizonYears: Int
    var discountMonthly: Double
    var margin: Double
    var clients: [AnnualClientForecast]
    var clientsTotal: Int
    var totalCLV: Double
    enum CodingKeys: String, CodingKey {
        case model, standardErrors, spendModel, asOf, horizonYears, discountMonthly, margin, clients, clientsTotal
        case totalCLV = "totalClv"
    }
}

struct CohortJSON: Encodable {
    var firstYear: Int
    var alive: [Int]
}

/// `clv --model sbg --format json`; keys become snake_case.
struct RetentionJSON: Encodable {
    var model: CLVJSON.Model
    var standardErrors: Nullable<[StandardErrorJSON]>
    var cohorts: [CohortJSON]
    var projectedSurvival: [Double]
    var asOf: Day
    var discountYearly: Double
    var margin: Double
    var clients: [RetainerClientForecast]
    var clientsTotal: Int
    var totalCLV: Double
    enum CodingKeys: String, CodingKey {
        case model, standardErrors, cohorts, projectedSurvival, asOf, discountYearly, margin, clients, clientsTotal
        case totalCLV = "totalClv"
    }
}
