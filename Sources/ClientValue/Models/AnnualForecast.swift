#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Each client's active years, from ``TransactionSummaryBuilder/annualActivity(end:)``: the
/// input of the yearly models, BG/BB (a client buys at most once per year: the annual audit)
/// and sBG (a client renews a yearly retainer or leaves).
public struct AnnualActivity: Sendable, Hashable, Codable {
    /// One client's active years and the billing in each.
    public struct Client: Sendable, Hashable, Codable {
        /// The client's identifier, as in the billing export.
        public var clientID: String
        /// Active years in ascending order: 0 is the twelve months to ``AnnualActivity/end``,
        /// −1 the twelve before, and so on.
        public var activeYears: [Int]
        /// Net billing in each active year, in the same order.
        public var spend: [Money]
    }

    /// The end of the last year observed.
    public var end: Day
    /// Clients with at least one active year, in order of first appearance in the billing.
    public var clients: [Client]

    /// Each client's BG/BB history: its first active year is its birth, and the years after
    /// it up to year 0 are its opportunities.
    public var binaryHistories: [BinaryPurchaseHistory] {
        clients.compactMap { BinaryPurchaseHistory.from(activePeriods: $0.activeYears, lastObservedPeriod: 0) }
    }

    /// The cohorts by first active year, each followed while its clients are active in every
    /// year (see ``CohortSurvival/cohorts(activePeriods:lastObservedPeriod:)``), oldest first.
    public var cohorts: [YearCohort] {
        CohortSurvival.cohorts(activePeriods: clients.map(\.activeYears), lastObservedPeriod: 0)
            .sorted { $0.key < $1.key }.map { YearCohort(firstYear: $0.key, survival: $0.value) }
    }
}

/// A cohort of clients first active in `firstYear` (0 = the last twelve months, −1 the twelve
/// before, …) and how many stayed active year after year.
public struct YearCohort: Sendable, Hashable, Codable {
    /// The cohort's first active year: 0 for the last twelve months, −1 for the twelve
    /// before, and so on.
    public var firstYear: Int
    /// How many of the cohort were still active in each year since, its first year included.
    public var survival: CohortSurvival
}

/// One client's yearly forecast under BG/BB.
public struct AnnualClientForecast: Sendable, Hashable, Codable {
    /// The client's identifier, as in the billing export.
    public var clientID: String
    /// x: repeat active years after the first; t_x: the last active year, counted from the
    /// first; n: the years observed after the first.
    public var frequency: Int
    /// t_x: the last active year, counted in years from the first (0 without a repeat year).
    public var recency: Int
    /// n: the years observed after the first active year, up to the last twelve months.
    public var periods: Int
    /// P(alive in the last year observed) and P(alive in the next year).
    public var probabilityAlive: Double
    /// The probability, between 0 and 1, that the client is still a client in the coming
    /// year.
    public var probabilityAliveNextYear: Double
    /// Expected active years over the horizon.
    public var expectedActiveYears: Double
    /// Expected net billing in an active year (Gamma-Gamma posterior mean).
    public var expectedAnnualSpend: Double
    /// Discounted expected value over the horizon, × margin.
    public var clv: Double
}

/// Client value for clients who buy at most once a year: BG/BB (Fader, Hardie & Shang 2010)
/// for the active years, Gamma-Gamma for the spend of an active year, discounted yearly.
///
/// CLV = Σ over years k = 1…H of (E[active years in 1…k] − E[active years in 1…k−1]) ×
/// E[annual spend] × margin / (1 + d)^{12k}, with H = ⌈horizon months / 12⌉ and d the monthly
/// discount rate.
public struct AnnualValueForecast: Sendable, Hashable, Codable {
    /// The end of the last year observed (the as-of date).
    public var end: Day
    /// H, the whole years valued: the horizon in months divided by 12, rounded up.
    public var horizonYears: Int
    /// The discount rate per month, from ``CLVOptions/monthlyDiscountRate``.
    public var monthlyDiscountRate: Double
    /// The fraction of spend counted as profit, from ``CLVOptions/margin``.
    public var margin: Double
    /// The BG/BB model of the active years, fitted on every client.
    public var purchaseModel: BGBBFit
    /// nil when the Gamma-Gamma fit fails: too few clients have two or more active years with
    /// positive spend, or the fit does not converge (spend that hardly varies); every client
    /// then gets the mean spend of its active years (as do clients without a repeat year when
    /// the model's population mean is infinite, q ≤ 1).
    public var spendModel: GammaGammaFit?
    /// Every client's forecast, in the order of ``AnnualActivity/clients``.
    public var clients: [AnnualClientForecast]
    /// The sum of every client's CLV, in currency units.
    public var totalCLV: Double

    /// Values every client of `activity` as a yearly buyer: fits BG/BB on the active years and
    /// Gamma-Gamma on the spend of the repeat years, and discounts each coming year's
    /// expected value.
    ///
    /// ```swift
    /// let activity = log.builder.annualActivity(end: Day(year: 2025, month: 12, day: 31)!)
    /// let yearly = try AnnualValueForecast(activity, options: CLVOptions(horizonMonths: 36, margin: 0.35))
    /// print(yearly.totalCLV, yearly.clients.first?.probabilityAliveNextYear as Any)
    /// ```
    ///
    /// - Parameters:
    ///   - activity: Each client's active years and their billing.
    ///   - options: The horizon (rounded up to whole years), the monthly discount rate and the
    ///     margin.
    /// - Throws: ``ModelFitError`` when BG/BB cannot be fitted or the options are invalid.
    /// - Complexity: The two fits, then O(clients × horizon years).
    public init(_ activity: AnnualActivity, options: CLVOptions = CLVOptions()) throws(ModelFitError) {
        if let problem = options.problem { throw .invalidInput(model: "CLV", message: problem) }
        let histories = activity.binaryHistories
        let fit = try BGBBModel.fit(histories)
        // Spend per active year: the repeat years' mean, as the Gamma-Gamma model reads it.
        var spend: [SpendHistory] = []
        var ownMean: [Double] = []
        for client in activity.clients {
            let repeats = client.spend.dropFirst()
            let mean = repeats.isEmpty ? 0 : repeats.reduce(0.0) { $0 + Double($1.minorUnits) } / 100 / Double(repeats.count)
            ownMean.append(client.spend.reduce(0.0) { $0 + Double($1.minorUnits) } / 100 / Double(max(1, client.spend.count)))
            if !repeats.isEmpty && mean > 0 { spend.append(SpendHistory(frequency: repeats.count, meanSpend: mean)) }
        }
        let spendFit = try? GammaGammaModel.fit(spend)
        let years = (options.horizonMonths + 11) / 12
        var result: [AnnualClientForecast] = []
        var total = 0.0
        for (client, history) in zip(activity.clients, histories) {
            let repeats = client.spend.dropFirst()
            let repeatMean = repeats.isEmpty ? 0 : repeats.reduce(0.0) { $0 + Double($1.minorUnits) } / 100 / Double(repeats.count)
            let expectedSpend: Double
            if let model = spendFit?.model, repeatMean > 0 || model.populationMeanSpend.isFinite {
                expectedSpend = model.expectedSpend(SpendHistory(frequency: repeatMean > 0 ? repeats.count : 0, meanSpend: repeatMean))
            } else {
                // No spend model, or one whose population mean is infinite (q ≤ 1): the
                // client's own mean yearly spend.
                expectedSpend = ownMean[result.count]
            }
            var previous = 0.0, value = 0.0
            for k in 1...years {
                let cumulative = fit.model.expectedPurchases(in: k, given: history)
                value += (cumulative - previous) / pow(1 + options.monthlyDiscountRate, Double(12 * k))
                previous = cumulative
            }
            let clv = value * expectedSpend * options.margin
            total += clv
            result.append(AnnualClientForecast(clientID: client.clientID, frequency: history.frequency, recency: history.recency,
                                               periods: history.periods, probabilityAlive: fit.model.probabilityAlive(history),
                                               probabilityAliveNextYear: fit.model.probabilityAlive(history, afterPeriods: 1),
                                               expectedActiveYears: previous, expectedAnnualSpend: expectedSpend, clv: clv))
        }
        end = activity.end
        horizonYears = years
        monthlyDiscountRate = options.monthlyDiscountRate
        margin = options.margin
        purchaseModel = fit
        spendModel = spendFit
        clients = result
        totalCLV = total
    }
}

/// One retainer client's value under the sBG model.
public struct RetainerClientForecast: Sendable, Hashable, Codable {
    /// The client's identifier, as in the billing export.
    public var clientID: String
    /// Renewals so far: consecutive active years up to the last one, less one.
    public var renewals: Int
    /// Net billing in the last twelve months.
    public var annualValue: Double
    /// The probability it renews for the coming year, (β+n)/(α+β+n) after n renewals.
    public var renewalProbability: Double
    /// Discounted expected residual lifetime in years (Fader & Hardie 2010), the next year
    /// undiscounted.
    public var discountedExpectedResidualLifetime: Double
    /// annual value × margin × DERL.
    public var clv: Double
}

/// Retention-based value for retainer clients: the shifted-beta-geometric model (Fader &
/// Hardie 2007) fitted on every cohort's survival by year, the projected survival of a new
/// client, and each current client's residual value.
///
/// A client is current when it is active in the last twelve months and has been in every year
/// since its first (a gap ends a contract). Its value is its last twelve months' billing ×
/// margin × DERL(n renewals, yearly rate (1 + d)^{12} − 1), the discounted expected number of
/// years it stays, valued at its next renewal decision (Fader & Hardie 2010, "Customer-Base
/// Valuation in a Contractual Setting", Marketing Science 29(1)). There is no horizon: the
/// sum runs over the whole expected lifetime.
public struct RetentionForecast: Sendable, Hashable, Codable {
    /// The end of the last year observed (the as-of date).
    public var end: Day
    /// The cohorts by first year, oldest first, that the model was fitted on.
    public var cohorts: [YearCohort]
    /// The shifted-beta-geometric model fitted on all cohorts together.
    public var retentionModel: ShiftedBetaGeometricFit
    /// S(0) = 1, S(1), …, S(`projectedYears`) of a new client: the share still a client after t years.
    public var projectedSurvival: [Double]
    /// The yearly discount rate used, (1 + monthly)^{12} − 1.
    public var yearlyDiscountRate: Double
    /// The fraction of billing counted as profit, from ``CLVOptions/margin``.
    public var margin: Double
    /// Every current retainer client (active in every year since its first, the last twelve
    /// months included), in the order of ``AnnualActivity/clients``.
    public var clients: [RetainerClientForecast]
    /// The sum of the current clients' CLV, in currency units.
    public var totalCLV: Double

    /// Values the current retainer clients of `activity`: fits the shifted-beta-geometric model
    /// on the cohorts by first year and values each current client by its discounted expected
    /// residual lifetime.
    ///
    /// ```swift
    /// let retainers = try RetentionForecast(activity, options: CLVOptions(margin: 0.35))
    /// print(retainers.totalCLV, retainers.projectedSurvival)
    /// ```
    ///
    /// - Parameters:
    ///   - activity: Each client's active years and their billing.
    ///   - options: The monthly discount rate (turned into a yearly one) and the margin; the
    ///     horizon is not used.
    ///   - projectedYears: How many years of a new client's survival curve to project; 10 by
    ///     default.
    /// - Complexity: The fit, then O(clients × renewals) for the lifetimes.
    /// - Throws: ``ModelFitError`` when sBG cannot be fitted (too few years, or nobody lost)
    ///   or the options are invalid.
    public init(_ activity: AnnualActivity, options: CLVOptions = CLVOptions(), projectedYears: Int = 10) throws(ModelFitError) {
        if let problem = options.problem { throw .invalidInput(model: "CLV", message: problem) }
        let cohorts = activity.cohorts
        let fit = try ShiftedBetaGeometricModel.fit(cohorts.map(\.survival))
        let rate = pow(1 + options.monthlyDiscountRate, 12) - 1
        var result: [RetainerClientForecast] = []
        var total = 0.0
        for client in activity.clients {
            guard let last = client.activeYears.last, last == 0, let first = client.activeYears.first,
                  client.activeYears.count == -first + 1 else { continue }
            let renewals = client.activeYears.count - 1
            let value = Double(client.spend.last?.minorUnits ?? 0) / 100
            let derl = fit.model.discountedExpectedResidualLifetime(renewals: renewals, discountRate: rate)
            let clv = max(0, value) * options.margin * derl
            total += clv
            result.append(RetainerClientForecast(clientID: client.clientID, renewals: renewals, annualValue: value,
                                                 renewalProbability: fit.model.retentionRate(inPeriod: renewals + 1),
                                                 discountedExpectedResidualLifetime: derl, clv: clv))
        }
        end = activity.end
        self.cohorts = cohorts
        retentionModel = fit
        projectedSurvival = fit.model.survivalCurve(through: projectedYears)
        yearlyDiscountRate = rate
        margin = options.margin
        clients = result
        totalCLV = total
    }
}
