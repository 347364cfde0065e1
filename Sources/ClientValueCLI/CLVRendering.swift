import ClientValue

/// The `clv` command's output: the library's rendering of a lifetime-value forecast with
/// the billing file, the model choice, the holdout check and the history; and the JSON
/// document.
struct CLVRendering {
    var forecast: LifetimeValueForecast
    var holdout: HoldoutValidation?
    var history: ValueHistory?
    var billing: ImportSummary
    /// How many clients to list; 0 lists all.
    var limit: Int
    /// With `--model auto`: the models compared and the choice.
    var comparison: ModelComparison?

    private func fixed(_ value: Double, _ places: Int) -> String { NumberText.fixed(value, places: places) }

    func text(_ format: OutputFormat) -> String {
        let options = RenderOptions(limit: limit)
        var sections = forecast.renderedSections(options: options)
        sections[0].insert([ResultFact(label: "Billing", value: billing.rowsDescription)])
        if let comparison {
            let rows = comparison.entries.map { e in
                "\(e.model.displayName): " + (e.error ?? "LL \(e.logLikelihood.map { fixed($0, 2) } ?? ""), BIC \(e.bic.map { fixed($0, 1) } ?? "")"
                    + (e.holdoutMeanAbsoluteError.map { ", holdout MAE \(fixed($0, 4))" } ?? ""))
            }
            sections[0].insert([ResultFact(label: "Model choice", value: rows.joined(separator: "; ") + ". Chosen: \(comparison.reason).")], after: "Purchases")
        }
        if let holdout {
            let unit = forecast.unit.rawValue
            sections.append(ResultSection(title: "Holdout check", blocks: [.list([
                "Fitted to \(holdout.calibrationEnd); predicted \(holdout.calibrationEnd) to \(holdout.holdoutEnd) (\(fixed(holdout.length, 1)) \(unit)s)",
                "Repeat purchases: predicted \(fixed(holdout.totalPredicted, 1)), actual \(NumberText.grouped(holdout.totalActual)) "
                    + "(\(fixed((holdout.totalPredicted / Double(max(1, holdout.totalActual)) - 1) * 100, 1))%)",
                "Per client: mean absolute error \(fixed(holdout.meanAbsoluteError, 3)), root mean square error \(fixed(holdout.rootMeanSquaredError, 3))",
            ])]))
        }
        if let history { sections += history.renderedSections(options: options) }
        return ResultSection.render(sections, as: format)
    }

    // MARK: JSON

    func json() -> CLVJSON {
        let bg = forecast.purchaseModel, gg = forecast.spendModel, selection = forecast.spendSelection
        return CLVJSON(
            model: .init(name: bg.model.kind.rawValue, parameters: bg.model.parameters, diagnostics: bg.diagnostics,
                         timeUnit: forecast.unit.rawValue),
            standardErrors: Nullable(bg.parameterEstimates.map { $0.map(StandardErrorJSON.init) }),
            modelComparison: Nullable(comparison.map(ModelComparisonJSON.init)),
            aliveAt: Nullable(forecast.aliveAt),
            spendModel: .init(name: "gamma-gamma", p: gg.model.p, q: gg.model.q, gamma: gg.model.gamma, logLikelihood: gg.diagnostics.logLikelihood,
                              converged: gg.diagnostics.converged, clientsUsed: selection.clientsUsed,
                              leftOutWithoutRepeatPurchases: selection.withoutRepeatPurchases,
                              leftOutNonPositiveSpend: selection.withNonPositiveSpend,
                              frequencySpendCorrelation: Nullable(selection.frequencySpendCorrelation), warning: Nullable(selection.warning)),
            asOf: forecast.observationEnd, horizonMonths: forecast.horizonMonths, discountMonthly: forecast.monthlyDiscountRate,
            margin: forecast.margin,
            clients: forecast.rankedClients(limit: limit).map { c in
                .init(clientID: c.clientID, frequency: c.frequency, recency: c.recency, age: c.age, monetary: c.monetary,
                      probabilityAlive: c.probabilityAlive, probabilityAliveLater: Nullable(c.probabilityAliveLater),
                      expectedPurchases: c.expectedPurchases, expectedSpend: c.expectedSpend, clv: c.clv)
            },
            clientsTotal: forecast.clients.count, totalCLV: forecast.totalCLV,
            holdout: Nullable(holdout.map { h in
                .init(calibrationEnd: h.calibrationEnd, holdoutEnd: h.holdoutEnd, length: h.length, predicted: h.totalPredicted,
                      actual: h.totalActual, meanAbsoluteError: h.meanAbsoluteError, rootMeanSquaredError: h.rootMeanSquaredError)
            }),
            historical: Nullable(history))
    }
}

/// The `clv --format json` document. Keys are spelled out (`T` stays upper case, as in the
/// literature), so it is encoded without key conversion.
struct CLVJSON: Encodable {
    /// The purchase model: its name, then its parameters by name (`r`, `alpha`, `a`, `b` for
    /// BG/NBD and MBG/NBD; `r`, `alpha`, `s`, `beta` for Pareto/NBD), then the fit.
    struct Model: Encodable {
        var name: String
        var parameters: [NamedValue]
        var logLikelihood: Double
        var aic: Double
        var bic: Double
        var converged: Bool
        var iterations: Int
        var timeUnit: String
        var clients: Int

        /// The fit's figures from its diagnostics; AIC and BIC with k = the parameters given.
        init(name: String, parameters: [NamedValue], diagnostics: FitDiagnostics, timeUnit: String) {
            self.name = name
            self.parameters = parameters
            logLikelihood = diagnostics.logLikelihood
            aic = diagnostics.aic(parameters: parameters.count)
            bic = diagnostics.bic(parameters: parameters.count)
            converged = diagnostics.converged
            iterations = diagnostics.iterations
            self.timeUnit = timeUnit
            clients = diagnostics.clients
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: JSONKey.self)
            try container.encode(name, forKey: JSONKey("name"))
            for parameter in parameters { try container.encode(parameter.value, forKey: JSONKey(parameter.name)) }
            try container.encode(logLikelihood, forKey: JSONKey("log_likelihood"))
            try container.encode(aic, forKey: JSONKey("aic"))
            try container.encode(bic, forKey: JSONKey("bic"))
            try container.encode(converged, forKey: JSONKey("converged"))
            try container.encode(iterations, forKey: JSONKey("iterations"))
            try container.encode(timeUnit, forKey: JSONKey("time_unit"))
            try container.encode(clients, forKey: JSONKey("clients"))
        }
    }

    struct SpendModel: Encodable {
        var name: String
        var p, q, gamma: Double
        var logLikelihood: Double
        var converged: Bool
        var clientsUsed: Int
        var leftOutWithoutRepeatPurchases: Int
        var leftOutNonPositiveSpend: Int
        var frequencySpendCorrelation: Nullable<Double>
        var warning: Nullable<String>
        enum CodingKeys: String, CodingKey {
            case name, p, q, gamma, converged, warning
            case logLikelihood = "log_likelihood", clientsUsed = "clients_used"
            case leftOutWithoutRepeatPurchases = "left_out_without_repeat_purchases"
            case leftOutNonPositiveSpend = "left_out_non_positive_spend"
            case frequencySpendCorrelation = "frequency_spend_correlation"
        }
    }

    struct Client: Encodable {
        var clientID: String
        var frequency: Int
        var recency: Double
        var age: Double
        var monetary: Double
        var probabilityAlive: Double
        var probabilityAliveLater: Nullable<Double>
        var expectedPurchases: Double
        var expectedSpend: Double
        var clv: Double
        enum CodingKeys: String, CodingKey {
            case frequency, recency, monetary, clv
            case clientID = "client_id", age = "T", probabilityAlive = "p_alive", probabilityAliveLater = "p_alive_at"
            case expectedPurchases = "expected_purchases", expectedSpend = "expected_spend"
        }
    }

    struct Holdout: Encodable {
        var calibrationEnd: Day
        var holdoutEnd: Day
        var length: Double
        var predicted: Double
        var actual: Int
        var meanAbsoluteError: Double
        var rootMeanSquaredError: Double
        enum CodingKeys: String, CodingKey {
            case length, predicted, actual
            case calibrationEnd = "calibration_end", holdoutEnd = "holdout_end"
            case meanAbsoluteError = "mae", rootMeanSquaredError = "rmse"
        }
    }

    var model: Model
    var standardErrors: Nullable<[StandardErrorJSON]>
    var modelComparison: Nullable<ModelComparisonJSON>
    var aliveAt: Nullable<Day>
    var spendModel: SpendModel
    var asOf: Day
    var horizonMonths: Int
    var discountMonthly: Double
    var margin: Double
    var clients: [Client]
    var clientsTotal: Int
    var totalCLV: Double
    var holdout: Nullable<Holdout>
    var historical: Nullable<ValueHistory>

    enum CodingKeys: String, CodingKey {
        case model, margin, clients, holdout, historical
        case standardErrors = "standard_errors", modelComparison = "model_comparison", aliveAt = "alive_at"
        case spendModel = "spend_model", asOf = "as_of", horizonMonths = "horizon_months", discountMonthly = "discount_monthly"
        case clientsTotal = "clients_total", totalCLV = "total_clv"
    }
}

/// A coding key made from any string.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One parameter's estimate, standard error and 95% interval, in `"standard_errors"`.
struct StandardErrorJSON: Encodable {
    var parameter: String
    var estimate: Double
    var standardError: Double
    var ci95: [Double]

    init(_ estimate: ParameterEstimate) {
        parameter = estimate.name
        self.estimate = estimate.value
        standardError = estimate.standardError
        ci95 = [estimate.lower, estimate.upper]
    }

    enum CodingKeys: String, CodingKey {
        case parameter, estimate, ci95
        case standardError = "standard_error"
    }
}

/// `"model_comparison"`: every model's fit and holdout error, and the choice.
struct ModelComparisonJSON: Encodable {
    struct Entry: Encodable {
        var model: String
        var logLikelihood: Nullable<Double>
        var parameters: Int
        var aic: Nullable<Double>
        var bic: Nullable<Double>
        var holdoutMAE: Nullable<Double>
        var holdoutRMSE: Nullable<Double>
        var holdoutPredicted: Nullable<Double>
        var error: Nullable<String>
        enum CodingKeys: String, CodingKey {
            case model, parameters, aic, bic, error
            case logLikelihood = "log_likelihood", holdoutMAE = "holdout_mae", holdoutRMSE = "holdout_rmse", holdoutPredicted = "holdout_predicted"
        }
    }

    var criterion: String
    var chosen: String
    var reason: String
    var models: [Entry]

    init(_ comparison: ModelComparison) {
        criterion = comparison.criterion
        chosen = comparison.chosen.rawValue
        reason = comparison.reason
        models = comparison.entries.map { e in
            Entry(model: e.model.rawValue, logLikelihood: Nullable(e.logLikelihood), parameters: e.parameters, aic: Nullable(e.aic),
                  bic: Nullable(e.bic), holdoutMAE: Nullable(e.holdoutMeanAbsoluteError), holdoutRMSE: Nullable(e.holdoutRootMeanSquaredError),
                  holdoutPredicted: Nullable(e.holdoutPredicted), error: Nullable(e.error))
        }
    }
}
