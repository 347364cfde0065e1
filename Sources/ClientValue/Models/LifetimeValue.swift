/// Options for a lifetime-value forecast. Every rate and length is stated in months, whatever
/// the time unit the models were fitted in.
public struct CLVOptions: Sendable, Hashable {
    /// How many months ahead, 1 or more.
    public var horizonMonths: Int
    /// The discount rate per month: month i's value is divided by (1 + d)^i.
    public var monthlyDiscountRate: Double
    /// The fraction of spend that is profit (1 = value as revenue).
    public var margin: Double
    /// The length of a month in days; the default is an average Gregorian month. (`lifetimes`
    /// uses 4.345 weeks = 30.415 days with weekly data and 30 days with daily data.)
    public var daysPerMonth: Double
    /// When given, each client's probability of still being alive on this date (after the
    /// observation end) is forecast too.
    public var aliveAt: Day?

    /// Options for a forecast; the defaults value the next 12 months of revenue, discounted
    /// 1% a month.
    ///
    /// ```swift
    /// let options = CLVOptions(horizonMonths: 24, monthlyDiscountRate: 0.008, margin: 0.35)
    /// ```
    ///
    /// The values are checked when a forecast is made: a forecast with a horizon under one
    /// month, a discount rate of −1 or less, or a month of no days throws
    /// ``ModelFitError/invalidInput(model:message:)``.
    ///
    /// - Parameters:
    ///   - horizonMonths: How many months ahead to value, 1 or more; 12 by default.
    ///   - monthlyDiscountRate: The discount rate per month (0.01 for 1%), above −1.
    ///   - margin: The fraction of spend that is profit, such as 0.35; 1, the default, values
    ///     revenue.
    ///   - daysPerMonth: The length of a month in days; an average Gregorian month by default.
    ///   - aliveAt: A date after the end of observation at which to forecast each client's
    ///     probability of still being a client; `nil` for none.
    public init(horizonMonths: Int = 12, monthlyDiscountRate: Double = 0.01, margin: Double = 1, daysPerMonth: Double = 365.2425 / 12,
                aliveAt: Day? = nil) {
        self.horizonMonths = horizonMonths
        self.monthlyDiscountRate = monthlyDiscountRate
        self.margin = margin
        self.daysPerMonth = daysPerMonth
        self.aliveAt = aliveAt
    }

    var problem: String? {
        guard horizonMonths >= 1 else { return "the horizon must be at least one month; found \(horizonMonths)" }
        guard monthlyDiscountRate > -1, monthlyDiscountRate.isFinite else { return "the monthly discount rate must be above −1; found \(monthlyDiscountRate)" }
        guard margin.isFinite else { return "the margin must be a number; found \(margin)" }
        guard daysPerMonth > 0, daysPerMonth.isFinite else { return "a month must last a positive number of days; found \(daysPerMonth)" }
        return nil
    }
}

/// One client's forecast.
public struct ClientForecast: Sendable, Hashable, Codable {
    /// The client's identifier, as in the billing export.
    public var clientID: String
    /// x: the client's repeat purchase occasions up to the observation end.
    public var frequency: Int
    /// t_x: the time from the client's first purchase occasion to its last, in the model's
    /// unit.
    public var recency: Double
    /// T: the client's age at the observation end, in the model's unit.
    public var age: Double
    /// Mean repeat spend observed (currency units).
    public var monetary: Double
    /// The probability, between 0 and 1, that the client is still a client at the
    /// observation end.
    public var probabilityAlive: Double
    /// P(alive on ``CLVOptions/aliveAt``), when asked for.
    public var probabilityAliveLater: Double?
    /// Expected purchases over the horizon.
    public var expectedPurchases: Double
    /// Expected spend per purchase (Gamma-Gamma posterior mean).
    public var expectedSpend: Double
    /// Discounted expected value over the horizon, × margin (currency units).
    public var clv: Double
}

/// Why clients were left out of the spend model.
public struct SpendModelSelection: Sendable, Hashable, Codable {
    /// Clients the Gamma-Gamma model was fitted on.
    public var clientsUsed: Int
    /// Left out: no repeat purchase.
    public var withoutRepeatPurchases: Int
    /// Left out: repeat purchases whose mean spend, net of credit notes, is zero or negative.
    public var withNonPositiveSpend: Int
    /// Pearson correlation between frequency and mean repeat spend among the clients used; the
    /// model assumes they are independent. `nil` with fewer than 3 clients or a constant column.
    public var frequencySpendCorrelation: Double?
    /// Set when |correlation| ≥ 0.3: the independence assumption is doubtful.
    public var warning: String?
}

/// Client lifetime value: a purchase model (BG/NBD, Pareto/NBD or MBG/NBD) for purchases,
/// Gamma-Gamma for spend, discounted monthly.
///
/// CLV = Σ over months i = 1…H of E[purchases in month i] × E[spend] × margin / (1 + d)^i,
/// where E[purchases in month i] = E[Y(t_i)] − E[Y(t_{i−1})] from the purchase model's conditional
/// expectation, t_i = i months expressed in the model's unit.
///
/// ```swift
/// var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .week))
/// for line in lines { builder.add(line) }
/// let value = try LifetimeValueForecast(builder.summary(), options: CLVOptions(horizonMonths: 12))
/// print(value.totalCLV, value.clients[0].probabilityAlive)
/// ```
public struct LifetimeValueForecast: Sendable, Hashable, Codable {
    /// The time unit the purchase model was fitted in (the summary's).
    public var unit: TimeUnit
    /// The end of observation: the horizon starts the day after.
    public var observationEnd: Day
    /// The months valued, from ``CLVOptions/horizonMonths``.
    public var horizonMonths: Int
    /// The discount rate per month, from ``CLVOptions/monthlyDiscountRate``.
    public var monthlyDiscountRate: Double
    /// The fraction of spend counted as profit, from ``CLVOptions/margin``.
    public var margin: Double
    /// The later date of every client's ``ClientForecast/probabilityAliveLater``, from
    /// ``CLVOptions/aliveAt``; `nil` when none was asked for.
    public var aliveAt: Day?
    /// The purchase model (BG/NBD unless another was asked for).
    public var purchaseModel: PurchaseModelFit
    /// The Gamma-Gamma model of spend per purchase, fitted on the clients with repeat
    /// purchases and a positive mean repeat spend.
    public var spendModel: GammaGammaFit
    /// How many clients the spend model used and left out, and the frequency-spend check.
    public var spendSelection: SpendModelSelection
    /// Every client's forecast, in the summary's order.
    public var clients: [ClientForecast]
    /// The sum of every client's CLV, in currency units.
    public var totalCLV: Double
    /// The sum of every client's expected purchases over the horizon.
    public var totalExpectedPurchases: Double

    /// Fits a purchase model of kind `model` and the spend model on `summary`, and forecasts
    /// every client.
    ///
    /// ```swift
    /// let value = try LifetimeValueForecast(summary, options: CLVOptions(margin: 0.35), model: .paretoNBD)
    /// print(value.totalCLV, value.purchaseModel.bic)
    /// ```
    ///
    /// - Parameters:
    ///   - summary: The clients' purchase histories and mean repeat spend.
    ///   - options: The horizon, discount rate and margin; 12 months, 1% a month and revenue
    ///     by default.
    ///   - model: The purchase model to fit; BG/NBD by default.
    /// - Throws: ``ModelFitError`` when a model cannot be fitted or the options are invalid.
    /// - Complexity: The two fits, then O(clients × horizon months) for the forecasts, spread
    ///   over the machine's cores.
    public init(_ summary: TransactionSummary, options: CLVOptions = CLVOptions(), model: PurchaseModelKind = .bgnbd) throws(ModelFitError) {
        if let problem = options.problem { throw .invalidInput(model: "CLV", message: problem) }
        try self.init(summary, options: options, purchaseFit: PurchaseModel.fit(model, summary.clients.map(\.history), unit: summary.unit))
    }

    /// Forecasts every client of `summary` with a purchase model already fitted on it, and the
    /// spend model fitted here.
    ///
    /// Use it to value clients with a model chosen elsewhere, such as ``ModelComparison``'s
    /// choice, without fitting it again.
    ///
    /// - Parameters:
    ///   - summary: The clients' purchase histories, the same the purchase model was fitted on.
    ///   - options: The horizon, discount rate and margin.
    ///   - purchaseFit: The fitted purchase model.
    /// - Complexity: The spend fit, then O(clients × horizon months) for the forecasts.
    /// - Throws: ``ModelFitError`` when the spend model cannot be fitted or the options are invalid.
    public init(_ summary: TransactionSummary, options: CLVOptions = CLVOptions(), purchaseFit: PurchaseModelFit) throws(ModelFitError) {
        if let problem = options.problem { throw .invalidInput(model: "CLV", message: problem) }
        var used: [SpendHistory] = []
        var withoutRepeat = 0, nonPositive = 0
        for client in summary.clients {
            if client.history.frequency == 0 {
                withoutRepeat += 1
            } else if !(client.meanRepeatSpend > 0) {
                nonPositive += 1
            } else {
                used.append(SpendHistory(frequency: client.history.frequency, meanSpend: client.meanRepeatSpend))
            }
        }
        let spendFit = try GammaGammaModel.fit(used)
        let correlation = Self.pearson(used.map { Double($0.frequency) }, used.map(\.meanSpend))
        var warnings: [String] = []
        if let correlation, abs(correlation) >= 0.3 {
            warnings.append("frequency and mean spend are correlated (r = \(NumberText.fixed(correlation, places: 2))); the Gamma-Gamma model assumes they are independent, so expected spend may be biased")
        }
        // With q ≤ 1 the model's population mean spend, p γ / (q − 1), is infinite: clients
        // without repeat purchases are then valued at the observed mean repeat spend instead.
        let observed = used.reduce(0) { $0 + $1.meanSpend } / Double(max(1, used.count))
        let spendWithoutRepeats: Double? = spendFit.model.populationMeanSpend.isFinite ? nil : observed
        if spendWithoutRepeats != nil {
            warnings.append("the Gamma-Gamma fit has q = \(NumberText.fixed(spendFit.model.q, places: 3)) ≤ 1, so its population mean spend is infinite; clients without repeat purchases are valued at the observed mean repeat spend, \(NumberText.fixed(observed, places: 2))")
        }
        let warning = warnings.isEmpty ? nil : warnings.joined(separator: "; ")
        unit = summary.unit
        observationEnd = summary.observationEnd
        horizonMonths = options.horizonMonths
        monthlyDiscountRate = options.monthlyDiscountRate
        margin = options.margin
        aliveAt = options.aliveAt
        purchaseModel = purchaseFit
        spendModel = spendFit
        spendSelection = SpendModelSelection(clientsUsed: used.count, withoutRepeatPurchases: withoutRepeat,
                                             withNonPositiveSpend: nonPositive, frequencySpendCorrelation: correlation, warning: warning)
        // Clients are forecast in chunks on the available cores, each into its own slots.
        let input = summary.clients
        let chunks = ChunkedWork.chunkCount(input.count, minimumPerChunk: 5_000)
        let output = DisjointWrites<ClientForecast?>(repeating: nil, count: input.count)
        let purchaseModel = purchaseFit.model, spendModel = spendFit.model
        ChunkedWork.run(count: input.count, chunks: chunks) { _, range in
            for index in range {
                output[index] = Self.forecast(input[index], purchases: purchaseModel, spend: spendModel, options: options,
                                              observationEnd: summary.observationEnd, spendWithoutRepeats: spendWithoutRepeats)
            }
        }
        clients = output.finish().compactMap { $0 }
        totalCLV = clients.reduce(0) { $0 + $1.clv }
        totalExpectedPurchases = clients.reduce(0) { $0 + $1.expectedPurchases }
    }

    /// One client's forecast with given models.
    ///
    /// `observationEnd` is needed only with ``CLVOptions/aliveAt``: the forecast date is that
    /// many days after it (a date on or before it gives P(alive) at the end of observation).
    /// `spendWithoutRepeats`, when given, replaces the model's population mean spend for a
    /// client without repeat purchases (needed when q ≤ 1 makes that mean infinite).
    ///
    /// - Parameters:
    ///   - client: The client's purchase history and mean repeat spend.
    ///   - purchases: The purchase model, in the unit of the client's history.
    ///   - spend: The spend model.
    ///   - options: The horizon, discount rate, margin and, optionally, the alive-at date.
    ///   - observationEnd: The end of observation, needed only with ``CLVOptions/aliveAt``.
    ///   - spendWithoutRepeats: The spend per purchase to use for a client without repeat
    ///     purchases instead of the model's population mean, in currency units; `nil` for
    ///     the model's.
    /// - Returns: The client's P(alive), expected purchases and spend, and discounted CLV.
    /// - Complexity: O(horizon months).
    public static func forecast(_ client: ClientPurchases, purchases: PurchaseModel, spend: GammaGammaModel,
                                options: CLVOptions = CLVOptions(), observationEnd: Day? = nil,
                                spendWithoutRepeats: Double? = nil) -> ClientForecast {
        let history = client.history
        // A client whose net repeat spend is not positive is valued at the population mean,
        // as one without repeat purchases.
        let spendHistory = SpendHistory(frequency: client.meanRepeatSpend > 0 ? history.frequency : 0, meanSpend: client.meanRepeatSpend)
        let expectedSpend = spendHistory.frequency == 0 ? spendWithoutRepeats ?? spend.expectedSpend(spendHistory) : spend.expectedSpend(spendHistory)
        let monthInUnits = options.daysPerMonth / purchases.unit.days
        var previous = 0.0, value = 0.0, discount = 1.0
        for month in 1...max(1, options.horizonMonths) {
            let cumulative = purchases.expectedPurchases(in: Double(month) * monthInUnits, given: history)
            discount *= 1 + options.monthlyDiscountRate
            value += (cumulative - previous) / discount
            previous = cumulative
        }
        return ClientForecast(clientID: client.clientID, frequency: history.frequency, recency: history.recency, age: history.age,
                              monetary: client.meanRepeatSpend, probabilityAlive: purchases.probabilityAlive(history),
                              probabilityAliveLater: options.aliveAt.map { date in
                                  purchases.probabilityAlive(history, after: max(0, Double(date - (observationEnd ?? date))) / purchases.unit.days)
                              },
                              expectedPurchases: previous, expectedSpend: expectedSpend,
                              clv: value * expectedSpend * options.margin)
    }

    /// Pearson's r, or nil for fewer than 3 pairs or a constant column (as
    /// ``Correlation/pearson(_:_:confidence:)`` computes it, so spend of 1e200 or a column of
    /// equal values that do not average exactly give r or nil, never 0 from an overflow).
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count >= 3 else { return nil }
        return Correlation.pearsonCoefficient(x, y)
    }
}

/// Predicted against actual repeat purchases in a holdout period after the calibration period.
public struct HoldoutValidation: Sendable, Hashable, Codable {
    /// One client's predicted and actual repeat purchases in the holdout period.
    public struct Client: Sendable, Hashable, Codable {
        /// The client's identifier.
        public var clientID: String
        /// The repeat purchases the model expects in the holdout period.
        public var predicted: Double
        /// The purchase occasions the client actually had in the holdout period.
        public var actual: Int
    }

    /// The last day of the calibration period the model was fitted on.
    public var calibrationEnd: Day
    /// The last day of the holdout period.
    public var holdoutEnd: Day
    /// The holdout length in the model's unit.
    public var length: Double
    /// The purchase model fitted on the calibration period.
    public var purchaseModel: PurchaseModelFit
    /// Every client seen in the calibration period, predicted against actual.
    public var clients: [Client]
    /// The repeat purchases predicted for the holdout period, over all clients.
    public var totalPredicted: Double
    /// The purchase occasions that happened in the holdout period, over the same clients.
    public var totalActual: Int
    /// Mean absolute and root-mean-square error per client.
    public var meanAbsoluteError: Double
    /// The root-mean-square difference per client between predicted and actual purchases,
    /// which weighs large misses more than ``meanAbsoluteError``.
    public var rootMeanSquaredError: Double

    /// Fits a purchase model of kind `model` on the purchases up to `calibrationEnd` and
    /// predicts each calibration client's repeat purchases in (calibrationEnd, holdoutEnd].
    ///
    /// ```swift
    /// let check = try HoldoutValidation(log.builder,
    ///                                   calibrationEnd: Day(year: 2024, month: 12, day: 31)!,
    ///                                   holdoutEnd: Day(year: 2025, month: 12, day: 31)!)
    /// print(check.totalPredicted, check.totalActual, check.meanAbsoluteError)
    /// ```
    ///
    /// - Parameters:
    ///   - builder: The billing lines, up to the holdout end or beyond.
    ///   - calibrationEnd: The last day the model may see.
    ///   - holdoutEnd: The last day of the holdout period; after `calibrationEnd`.
    ///   - model: The purchase model to fit; BG/NBD by default.
    /// - Throws: ``ModelFitError`` when the fit fails or the dates are out of order.
    /// - Complexity: One fit, plus O(lines) to summarise the calibration period and count
    ///   the holdout purchases.
    public init(_ builder: TransactionSummaryBuilder, calibrationEnd: Day, holdoutEnd: Day, model: PurchaseModelKind = .bgnbd) throws(ModelFitError) {
        guard holdoutEnd > calibrationEnd else {
            throw .invalidInput(model: "holdout", message: "the holdout end \(holdoutEnd) must be after the calibration end \(calibrationEnd)")
        }
        let summaryOptions = TransactionSummaryOptions(unit: builder.options.unit, observationEnd: calibrationEnd)
        let calibration = builder.summary(options: summaryOptions)
        let fit = try PurchaseModel.fit(model, calibration.clients.map(\.history), unit: calibration.unit)
        let actual = builder.occasions(after: calibrationEnd, through: holdoutEnd)
        let length = Double(holdoutEnd - calibrationEnd) / calibration.unit.days
        self.calibrationEnd = calibrationEnd
        self.holdoutEnd = holdoutEnd
        self.length = length
        purchaseModel = fit
        clients = calibration.clients.map { client in
            Client(clientID: client.clientID, predicted: fit.model.expectedPurchases(in: length, given: client.history),
                   actual: actual[client.clientID] ?? 0)
        }
        totalPredicted = clients.reduce(0) { $0 + $1.predicted }
        totalActual = clients.reduce(0) { $0 + $1.actual }
        let n = Double(max(1, clients.count))
        meanAbsoluteError = clients.reduce(0) { $0 + abs($1.predicted - Double($1.actual)) } / n
        rootMeanSquaredError = (clients.reduce(0) { $0 + ($1.predicted - Double($1.actual)) * ($1.predicted - Double($1.actual)) } / n).squareRoot()
    }
}
