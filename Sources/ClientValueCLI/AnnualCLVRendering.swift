import ClientValue

/// The `clv --model bgbb` and `clv --model sbg` output: the library's rendering of the
/// yearly forecast with the billing file, and the JSON document.
struct AnnualCLVRendering {
    enum Forecast {
        case bgbb(AnnualValueForecast)
        case sbg(RetentionForecast)

        /// The forecast, whichever model made it.
        var result: any RenderableResult {
            switch self {
            case .bgbb(let forecast): forecast
            case .sbg(let forecast): forecast
            }
        }
    }

    var forecast: Forecast
    var billing: ImportSummary
    /// How many clients to list; 0 lists all.
    var limit: Int

    func text(_ format: OutputFormat) -> String {
        var sections = forecast.result.renderedSections(options: RenderOptions(limit: limit))
        sections[0].insert([ResultFact(label: "Billing", value: billing.rowsDescription)])
        return ResultSection.render(sections, as: format)
    }

    func json() throws -> String {
        switch forecast {
        case .bgbb(let f):
            let m = f.purchaseModel
            let document = AnnualJSON(
                model: CLVJSON.Model(name: "bgbb", parameters: m.model.parameters, diagnostics: m.diagnostics, timeUnit: "year"),
                standardErrors: Nullable(m.parameterEstimates.map { $0.map(StandardErrorJSON.init) }),
                spendModel: Nullable(f.spendModel.map { NamedValues([NamedValue("p", $0.model.p), NamedValue("q", $0.model.q), NamedValue("gamma", $0.model.gamma)]) }),
                asOf: f.end, horizonYears: f.horizonYears, discountMonthly: f.monthlyDiscountRate, margin: f.margin,
                clients: f.rankedClients(limit: limit), clientsTotal: f.clients.count, totalCLV: f.totalCLV)
            return try JSONText.encode(document, convertingKeys: true)
        case .sbg(let f):
            let m = f.retentionModel
            let document = RetentionJSON(
                model: CLVJSON.Model(name: "sbg", parameters: m.model.parameters, diagnostics: m.diagnostics, timeUnit: "year"),
                standardErrors: Nullable(m.parameterEstimates.map { $0.map(StandardErrorJSON.init) }),
                cohorts: f.cohorts.map { CohortJSON(firstYear: $0.firstYear, alive: $0.survival.alive) },
                projectedSurvival: f.projectedSurvival, asOf: f.end, discountYearly: f.yearlyDiscountRate, margin: f.margin,
                clients: f.rankedClients(limit: limit), clientsTotal: f.clients.count, totalCLV: f.totalCLV)
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
