#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many clients of one cohort (clients acquired in the same period) were still clients
/// after each period, in a contractual setting.
///
/// `alive[0]` is the cohort's size and `alive[t]` the number still active after t periods
/// (t renewals), for t = 1 … T where T = `alive.count − 1` is the number of periods
/// observed. The counts must be non-negative and non-increasing: a client lost is lost for
/// good.
///
/// Fader & Hardie (2007)'s "High End" cohort: `CohortSurvival(alive: [1000, 869, 743, 653, 593, 551, 517, 491])`.
public struct CohortSurvival: Sendable, Hashable, Codable {
    /// Clients still active after 0, 1, …, T periods.
    public var alive: [Int]

    /// A cohort from its survivor counts; ``ShiftedBetaGeometricModel/fit(_:)-([CohortSurvival])`` checks them.
    ///
    /// - Parameter alive: The cohort's size, then the clients still active after each
    ///   period (after each renewal), non-increasing.
    public init(alive: [Int]) {
        self.alive = alive
    }

    /// T: the number of periods observed after acquisition.
    public var periodsObserved: Int { max(0, alive.count - 1) }

    /// The cohorts of a client base, keyed by their first period, from each client's active
    /// periods (the periods in which it was billed).
    ///
    /// A client's cohort is its first active period k₀. It counts as retained after t periods
    /// if it was active in every period k₀, k₀ + 1, …, k₀ + t, and as lost from its first
    /// gap on: in a contractual setting a period without billing is a cancellation, and a
    /// later return is not a renewal of the same contract (it is ignored here rather than
    /// counted as a new client). Each cohort is observed up to `lastObservedPeriod`, so the
    /// cohort of k₀ has `lastObservedPeriod − k₀ + 1` counts. Active periods after
    /// `lastObservedPeriod` and repeated periods are ignored.
    ///
    /// ```swift
    /// CohortSurvival.cohorts(activePeriods: [[2020, 2021, 2022], [2020, 2022], [2021]], lastObservedPeriod: 2022)
    /// // [2020: [2, 1, 1], 2021: [1, 0]]
    /// ```
    ///
    /// - Parameters:
    ///   - clients: Each client's active periods (such as years), in any order.
    ///   - lastObservedPeriod: The last period observed; later periods are ignored.
    /// - Returns: Each cohort's survivor counts, keyed by its first period.
    /// - Complexity: O(total active periods).
    public static func cohorts<Clients: Sequence>(activePeriods clients: Clients, lastObservedPeriod: Int) -> [Int: CohortSurvival]
    where Clients.Element: Sequence<Int> {
        var result: [Int: CohortSurvival] = [:]
        for client in clients {
            let periods = Set(client.lazy.filter { $0 <= lastObservedPeriod })
            guard let first = periods.min() else { continue }
            var run = 1
            while periods.contains(first + run) { run += 1 }
            var cohort = result[first] ?? CohortSurvival(alive: [Int](repeating: 0, count: lastObservedPeriod - first + 1))
            for t in 0..<run { cohort.alive[t] += 1 }
            result[first] = cohort
        }
        return result
    }

    /// Nil when the counts can be fitted; otherwise what is wrong with them.
    var problem: String? {
        guard let size = alive.first else { return "no counts" }
        guard size > 0 else { return "the cohort is empty (alive[0] = \(size))" }
        for t in 1..<max(1, alive.count) {
            guard alive[t] >= 0 else { return "alive[\(t)] = \(alive[t]) is negative" }
            guard alive[t] <= alive[t - 1] else {
                return "alive[\(t)] = \(alive[t]) is more than alive[\(t - 1)] = \(alive[t - 1]); survivor counts cannot increase"
            }
        }
        return nil
    }
}

/// The shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie 2007, "How to
/// Project Customer Retention", Journal of Interactive Marketing 21(1), 76–90).
///
/// Time is counted in periods (contract terms: years, months). At the end of each period a
/// client cancels with probability θ, constant for the client, and θ ~ Beta(α, β) across
/// clients. The period of cancellation T then has (Fader & Hardie 2007, the sBG model section)
///
/// - P(T = t) = B(α+1, β+t−1)/B(α,β): P(T = 1) = α/(α+β), P(T = t) = (β+t−2)/(α+β+t−1) · P(T = t−1);
/// - S(t) = P(T > t) = B(α, β+t)/B(α,β) = S(t−1) · r_t;
/// - the retention rate r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1), which rises with t as the
///   clients most likely to cancel leave.
///
/// All are computed by these recursions, in log space for the likelihood.
public struct ShiftedBetaGeometricModel: Sendable, Hashable, Codable {
    /// The beta distribution of the cancellation probability θ: Beta(α, β).
    public var alpha: Double
    /// See ``alpha``.
    public var beta: Double

    /// The parameters by name: alpha, beta.
    public var parameters: [NamedValue] { [NamedValue("alpha", alpha), NamedValue("beta", beta)] }

    /// A model with the given parameters, both positive.
    ///
    /// ```swift
    /// let highEnd = ShiftedBetaGeometricModel(alpha: 0.668, beta: 3.806)   // Fader & Hardie 2007
    /// highEnd.retentionRate(inPeriod: 2)
    /// ```
    ///
    /// - Parameters:
    ///   - alpha: α, the first shape of the beta distribution of the cancellation probability
    ///     θ; the mean θ is α/(α + β).
    ///   - beta: β, its second shape.
    public init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }

    // MARK: Distribution

    /// P(T = t): the probability that a new client cancels at the end of period t
    /// (Fader & Hardie 2007); 0 for t < 1.
    ///
    /// - Parameter t: The period, 1 for the first year of a yearly retainer.
    /// - Returns: The probability, between 0 and 1.
    public func probabilityOfChurn(inPeriod t: Int) -> Double {
        guard t >= 1 else { return 0 }
        return alpha / (alpha + beta + Double(t) - 1) * survival(after: t - 1)
    }

    /// S(t) = P(T > t): the probability that a new client is still a client after t periods
    /// (Fader & Hardie 2007); 1 for t ≤ 0.
    ///
    /// - Parameter t: The periods since acquisition.
    /// - Returns: The probability, between 0 and 1; the share of a new cohort still a client.
    public func survival(after t: Int) -> Double {
        guard t > 0 else { return 1 }
        return exp(Self.logSurvival(t, alpha: alpha, beta: beta))
    }

    /// r_t = (β+t−1)/(α+β+t−1): the share of the clients active in period t − 1 that renew
    /// for period t (Fader & Hardie 2007); NaN for t < 1.
    ///
    /// - Parameter t: The period, 1 or more.
    /// - Returns: The retention rate, between 0 and 1; it rises with t.
    public func retentionRate(inPeriod t: Int) -> Double {
        guard t >= 1 else { return .nan }
        return (beta + Double(t) - 1) / (alpha + beta + Double(t) - 1)
    }

    /// S(0), S(1), …, S(`periods`): the survival curve of a new cohort, as shares of its size.
    ///
    /// - Parameter periods: The last period of the curve.
    /// - Returns: `periods` + 1 shares, from 1 down, each between 0 and 1.
    public func survivalCurve(through periods: Int) -> [Double] {
        var curve = [1.0]
        guard periods > 0 else { return curve }
        curve.reserveCapacity(periods + 1)
        var s = 1.0
        for t in 1...periods {
            s *= retentionRate(inPeriod: t)
            curve.append(s)
        }
        return curve
    }

    /// The expected survivors of an observed cohort over the next `futurePeriods` periods:
    /// alive[T] · S(T+k)/S(T) for k = 1 … `futurePeriods`, T being the last period observed.
    /// (The clients still active after T periods have survived T renewals, so each renews
    /// for period T + j with probability r_{T+j}.)
    ///
    /// - Parameters:
    ///   - cohort: The cohort's survivor counts so far.
    ///   - futurePeriods: How many periods to project.
    /// - Returns: The expected clients still active after each future period; empty when
    ///   `futurePeriods` ≤ 0 or the cohort has no counts.
    public func projectedSurvivors(of cohort: CohortSurvival, futurePeriods: Int) -> [Double] {
        guard futurePeriods > 0, let last = cohort.alive.last else { return [] }
        let start = cohort.periodsObserved
        var count = Double(last)
        return (1...futurePeriods).map { k in
            count *= retentionRate(inPeriod: start + k)
            return count
        }
    }

    // MARK: Value

    /// DERL: the discounted expected residual lifetime of a client that has made `renewals`
    /// renewals (is in period n + 1 of its tenure, n = `renewals`), evaluated just before its
    /// next renewal decision, in units of the margin per period (Fader & Hardie 2010,
    /// "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring
    /// Heterogeneity", Marketing Science 29(1), whose DERL is stated for n − 1 renewals):
    ///
    /// DERL(d | n) = Σ_{t=n+1}^∞ S(t)/S(n) · (1+d)^{−(t−n−1)}
    ///             = (β+n)/(α+β+n) · ₂F₁(1, β+n+1; α+β+n+1; 1/(1+d)).
    ///
    /// The next payment, made if the client renews, is not discounted; multiply by 1/(1+d) to
    /// value it one period later. The expected residual value is the margin per period times
    /// DERL. With d = 0 it is (β+n)/(α−1) when α > 1, and infinite otherwise.
    ///
    /// The series converges for d > 0 (its ratio tends to 1/(1+d)). It is summed until a
    /// bound on its tail falls below 1e-16 of the sum; for d below 1e-4, where that would
    /// take more than a few hundred thousand terms, `SpecialFunctions.hypergeometric2F1`
    /// (its transformation to 1 − z) is used instead when α is not an integer.
    ///
    /// - Parameters:
    ///   - renewals: n, the renewals the client has made so far.
    ///   - d: The discount rate per period (per year for yearly retainers), 0 or more.
    /// - Returns: DERL, in periods' worth of margin; NaN for a negative or non-finite rate or a
    ///   negative number of renewals.
    public func discountedExpectedResidualLifetime(renewals: Int, discountRate d: Double) -> Double {
        guard renewals >= 0, d >= 0, d.isFinite else { return .nan }
        let n = Double(renewals)
        if d == 0 { return alpha > 1 ? (beta + n) / (alpha - 1) : .infinity }
        let first = (beta + n) / (alpha + beta + n)
        return first * Self.hypergeometricOne(b: beta + n + 1, c: alpha + beta + n + 1, discountRate: d)
    }

    /// DEL: the discounted expected lifetime of a new client, in units of the margin per
    /// period, so that the expected lifetime value is margin × DEL (Fader & Hardie 2010):
    ///
    /// DEL(d) = Σ_{t=0}^∞ S(t) · (1+d)^{−t} = ₂F₁(1, β; α+β; 1/(1+d)),
    ///
    /// with the first payment, at acquisition, undiscounted; DEL = 1 + DERL(d | 0)/(1+d).
    /// With d = 0 it is the expected lifetime E[T] = (α+β−1)/(α−1) when α > 1, and infinite
    /// otherwise.
    ///
    /// - Parameter d: The discount rate per period, 0 or more.
    /// - Returns: DEL, in periods' worth of margin; NaN for a negative or non-finite rate.
    public func discountedExpectedLifetime(discountRate d: Double) -> Double {
        guard d >= 0, d.isFinite else { return .nan }
        if d == 0 { return alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : .infinity }
        return Self.hypergeometricOne(b: beta, c: alpha + beta, discountRate: d)
    }

    /// ₂F₁(1, b; c; z) with z = 1/(1+d), for 0 < b < c: Σ_k (b)_k/(c)_k z^k. Each term ratio
    /// (b+k)/(c+k) · z is below z, so once a term is t the tail is below t · z/(1−z) = t/d.
    ///
    /// Below d = 1e-4 the series needs about 37/d terms, and the transformation to 1 − z
    /// (A&S 15.3.6, in `SpecialFunctions.hypergeometric2F1`) is used instead,
    /// unless c − 1 − b (= α − 1) is within 1e-6 of an integer, where that transformation is
    /// singular: the series is then summed anyway, up to 10⁸ terms (exact to d ≈ 4e-7).
    static func hypergeometricOne(b: Double, c: Double, discountRate d: Double) -> Double {
        let z = 1 / (1 + d)
        let s = c - 1 - b
        if d < 1e-4 && abs(s - s.rounded()) > 1e-6 {
            return SpecialFunctions.hypergeometric2F1(1, b, c, z)
        }
        var term = 1.0, sum = 1.0, k = 0.0
        while term > 1e-16 * sum * d && k < 1e8 {
            term *= (b + k) / (c + k) * z
            sum += term
            k += 1
        }
        return sum
    }

    // MARK: Likelihood

    /// ln S(t) = Σ_{j=1}^{t} ln r_j, for t ≥ 0.
    static func logSurvival(_ t: Int, alpha: Double, beta: Double) -> Double {
        var sum = 0.0
        var j = 1.0
        for _ in 0..<max(0, t) {
            sum += log(beta + j - 1) - log(alpha + beta + j - 1)
            j += 1
        }
        return sum
    }

    /// The log-likelihood of one cohort (Fader & Hardie 2007, appendix):
    /// Σ_{t=1}^{T} (alive[t−1] − alive[t]) · ln P(T = t) + alive[T] · ln S(T).
    ///
    /// - Parameter cohort: The cohort's survivor counts.
    /// - Returns: The natural log of the cohort's likelihood; NaN for counts that are not a
    ///   cohort (see ``CohortSurvival``).
    public func logLikelihood(_ cohort: CohortSurvival) -> Double {
        guard cohort.problem == nil else { return .nan }
        let data = PooledCohorts([cohort])
        var gradient = [0.0, 0.0]
        return Self.logLikelihood(alpha: alpha, beta: beta, data, &gradient)
    }

    // MARK: Fitting

    /// Fits the model by maximum likelihood to one or more cohorts that share the parameters
    /// (the cohort log-likelihood of Fader & Hardie 2007, summed over cohorts). Cohorts may
    /// be observed for different numbers of periods, as with one cohort per year of
    /// acquisition.
    ///
    /// α and β are optimised on the log scale by BFGS with the analytic gradient, from
    /// several starting points. `diagnostics.clients` is the total size of the cohorts and
    /// `diagnostics.distinctHistories` the number of (period, lost or still active) cells with
    /// clients in them.
    ///
    /// ```swift
    /// let highEnd = CohortSurvival(alive: [1000, 869, 743, 653, 593, 551, 517, 491])
    /// let retention = try ShiftedBetaGeometricModel.fit([highEnd])
    /// print(retention.model.alpha, retention.model.beta)   // 0.668 and 3.806
    /// ```
    ///
    /// - Parameter cohorts: The cohorts' survivor counts, in the same period length.
    /// - Returns: The fitted model, its ``FitDiagnostics`` and the parameters' standard errors.
    /// - Complexity: O(total periods observed) per likelihood evaluation.
    /// - Throws: ``ModelFitError/invalidInput(model:message:)`` for no cohorts, counts that are
    ///   empty, negative or increasing, no period observed, only one period observed in every
    ///   cohort (the first retention rate β/(α+β) is then all that is identified), no client
    ///   lost (β → ∞: not identified), or every client lost after the first period;
    ///   ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` when no run converges, or
    ///   when the likelihood keeps rising towards α, β → ∞: the fit does not beat the
    ///   geometric model with one cancellation probability for all, which happens when
    ///   retention does not rise with tenure; the data then show no heterogeneity and α and β
    ///   are not identified.
    public static func fit(_ cohorts: [CohortSurvival]) throws(ModelFitError) -> ShiftedBetaGeometricFit {
        let name = "sBG"
        guard !cohorts.isEmpty else { throw .invalidInput(model: name, message: "no cohorts to fit") }
        for (index, cohort) in cohorts.enumerated() {
            if let problem = cohort.problem { throw .invalidInput(model: name, message: "cohort \(index + 1): \(problem)") }
        }
        let data = PooledCohorts(cohorts)
        guard data.maxPeriods > 0 else {
            throw .invalidInput(model: name, message: "no cohort has been observed for a period after acquisition")
        }
        guard data.lost.contains(where: { $0 > 0 }) else {
            throw .invalidInput(model: name, message: "no client was lost in any cohort; the cancellation rate is not identified (β → ∞)")
        }
        guard data.lost.dropFirst(2).contains(where: { $0 > 0 }) || data.active.dropFirst(1).contains(where: { $0 > 0 }) else {
            throw .invalidInput(model: name, message: "every client was lost after the first period; the cancellation rate is not identified (β → 0)")
        }
        guard data.maxPeriods > 1 else {
            throw .invalidInput(model: name, message: "every cohort is observed for one period only: the first retention rate β/(α+β) is identified but not the spread of cancellation rates; at least two periods are needed")
        }
        let starts: [[Double]] = [[1, 1], [0.5, 3], [2, 10], [0.2, 0.5]]
        let search = BFGSMinimizer.minimize(fromEach: starts.map { $0.map { log($0) } }) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        guard let best = search.best else {
            throw .notConverged(model: name,
                                diagnosis: search.failureDiagnosis("\(cohorts.count) cohorts of \(FitDiagnostics.count(data.clients)) clients"),
                                suggestion: "Check the survivor counts.")
        }
        let model = ShiftedBetaGeometricModel(alpha: exp(best.point[0]), beta: exp(best.point[1]))
        // The geometric model (one θ for all) is the limit α, β → ∞ at fixed α/(α+β); a finite
        // maximum must beat it. An optimiser that drifted towards the limit does not.
        guard model.alpha + model.beta < 1e6, -best.value * data.clients > data.geometricLogLikelihood + 1e-9 * data.clients else {
            throw .notConverged(model: name,
                                diagnosis: "the likelihood keeps rising as α and β grow without bound (α = \(model.alpha), β = \(model.beta)): retention does not rise with tenure, so the data show no spread of cancellation rates and α and β are not identified",
                                suggestion: "A constant retention rate (a geometric model) with r = \(1 - data.geometricChurn) describes these cohorts; observe more periods or pool more cohorts.")
        }
        let diagnostics = FitDiagnostics(logLikelihood: -best.value * data.clients, converged: true, iterations: best.iterations,
                                         evaluations: search.evaluations, startingPoints: search.startsTried, gradientNorm: best.gradientNorm,
                                         clients: FitDiagnostics.count(data.clients), distinctHistories: data.cells)
        let estimates = ObservedInformation.estimates(names: ["alpha", "beta"], logPoint: best.point, scale: data.clients) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        return ShiftedBetaGeometricFit(model: model, diagnostics: diagnostics, parameterEstimates: estimates)
    }

    /// Fits the model to one cohort; see the array form, `fit(_ cohorts: [CohortSurvival])`.
    ///
    /// - Parameter cohort: The cohort's survivor counts.
    /// - Returns: The fitted model, its ``FitDiagnostics`` and the parameters' standard errors.
    /// - Throws: ``ModelFitError``, as the array form throws it: for counts that are not a
    ///   cohort, too few periods or no client lost, or a fit that does not converge.
    public static func fit(_ cohort: CohortSurvival) throws(ModelFitError) -> ShiftedBetaGeometricFit {
        try fit([cohort])
    }

    /// −(1/N) ln L and its gradient with respect to (ln α, ln β), N the clients in all cohorts.
    static func negativeMeanLogLikelihood(_ theta: [Double], _ data: PooledCohorts, _ gradient: inout [Double]) -> Double {
        let alpha = exp(theta[0]), beta = exp(theta[1])
        guard alpha.isFinite, beta.isFinite, alpha > 0, beta > 0 else { return .nan }
        let value = logLikelihood(alpha: alpha, beta: beta, data, &gradient)
        gradient[0] = -gradient[0] * alpha / data.clients
        gradient[1] = -gradient[1] * beta / data.clients
        return -value / data.clients
    }

    /// ln L = Σ_t lost[t] · ln P(T = t) + active[t] · ln S(t), with the gradient with respect
    /// to (α, β) written into `gradient`.
    ///
    /// With ln r_j = ln(β+j−1) − ln(α+β+j−1), ln S(t) = Σ_{j≤t} ln r_j and
    /// ln P(T = t) = ln S(t−1) + ln α − ln(α+β+t−1).
    static func logLikelihood(alpha: Double, beta: Double, _ data: PooledCohorts, _ gradient: inout [Double]) -> Double {
        var logS = 0.0, dSa = 0.0, dSb = 0.0   // ln S(t−1) and its derivatives
        var total = 0.0, ga = 0.0, gb = 0.0
        let logAlpha = log(alpha)
        for t in 1..<(data.maxPeriods + 1) {
            let u = alpha + beta + Double(t) - 1
            let lost = data.lost[t]
            if lost > 0 {
                total += lost * (logS + logAlpha - log(u))
                ga += lost * (dSa + 1 / alpha - 1 / u)
                gb += lost * (dSb - 1 / u)
            }
            let v = beta + Double(t) - 1
            logS += log(v) - log(u)
            dSa -= 1 / u
            dSb += 1 / v - 1 / u
            let active = data.active[t]
            if active > 0 {
                total += active * logS
                ga += active * dSa
                gb += active * dSb
            }
        }
        gradient[0] = ga
        gradient[1] = gb
        return total
    }
}

/// Cohorts pooled by period: the clients lost at the end of each period t, and those still
/// active after t periods when their cohort's observation ends there.
struct PooledCohorts: Sendable {
    /// lost[t]: Σ over cohorts of alive[t−1] − alive[t] (index 0 unused).
    var lost: [Double]
    /// active[t]: Σ over cohorts observed for exactly t periods of alive[t].
    var active: [Double]
    var maxPeriods: Int
    /// Σ alive[0] over the cohorts observed for at least one period.
    var clients = 0.0
    /// Non-empty cells of `lost` and `active`.
    var cells = 0

    init(_ cohorts: [CohortSurvival]) {
        maxPeriods = cohorts.map(\.periodsObserved).max() ?? 0
        lost = [Double](repeating: 0, count: maxPeriods + 1)
        active = [Double](repeating: 0, count: maxPeriods + 1)
        for cohort in cohorts where cohort.periodsObserved > 0 {
            let a = cohort.alive
            clients += Double(a[0])
            for t in 1..<a.count { lost[t] += Double(a[t - 1] - a[t]) }
            active[a.count - 1] += Double(a[a.count - 1])
        }
        cells = lost.filter { $0 > 0 }.count + active.filter { $0 > 0 }.count
    }

    /// The maximum log-likelihood of the homogeneous (geometric) model, every client with the
    /// same θ: θ̂ = lost / exposure, where a client lost at the end of period t was exposed to
    /// t renewal decisions and one still active after t periods to t. −∞ when θ̂ is 0 or 1.
    var geometricLogLikelihood: Double {
        let (totalLost, exposure) = lostAndExposure
        guard totalLost > 0, totalLost < exposure else { return -.infinity }
        let q = totalLost / exposure
        return totalLost * log(q) + (exposure - totalLost) * log1p(-q)
    }

    /// θ̂ of the homogeneous model: clients lost per renewal decision.
    var geometricChurn: Double {
        let (totalLost, exposure) = lostAndExposure
        return totalLost / exposure
    }

    private var lostAndExposure: (Double, Double) {
        var totalLost = 0.0, exposure = 0.0
        for t in 0..<lost.count {
            totalLost += lost[t]
            exposure += Double(t) * (lost[t] + active[t])
        }
        return (totalLost, exposure)
    }
}

/// A fitted sBG model with how the fit went.
public struct ShiftedBetaGeometricFit: Sendable, Hashable, Codable {
    /// The maximum-likelihood estimates.
    public var model: ShiftedBetaGeometricModel
    /// Convergence, log-likelihood (summed over all cohorts) and the size of the data.
    public var diagnostics: FitDiagnostics
    /// α and β with standard errors and 95% intervals; nil when the likelihood is flat in
    /// some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?
}
