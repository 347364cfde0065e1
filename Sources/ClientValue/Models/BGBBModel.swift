#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One client's record in a discrete-time noncontractual setting, as the BG/BB model sees it:
/// (x, t_x, n), all counted in transaction opportunities (periods).
///
/// - `periods` (n): transaction opportunities observed after the client's first transaction
///   (its "birth", which is not counted).
/// - `frequency` (x): opportunities among those n in which the client transacted (repeat
///   transactions); 0 ≤ x ≤ n.
/// - `recency` (t_x): the opportunity of the last repeat transaction, counted from the birth
///   (1 … n); 0 when x = 0. A client with x > 0 has x ≤ t_x ≤ n.
///
/// For yearly donations with the first gift in 1995 and observation to 2001, n = 6; a donor
/// who gave again in 1997 and 1999 only has x = 2, t_x = 4.
public struct BinaryPurchaseHistory: Sendable, Hashable, Codable {
    /// x: repeat transactions, one per opportunity at most.
    public var frequency: Int
    /// t_x: the opportunity of the last repeat transaction (0 when there is none).
    public var recency: Int
    /// n: opportunities observed after the first transaction.
    public var periods: Int

    /// A history from its three counts; check it with ``BGBBModel/fit(_:weights:)`` or the
    /// model's predictions, which reject impossible values.
    ///
    /// - Parameters:
    ///   - frequency: x, the opportunities with a repeat transaction, 0 … n.
    ///   - recency: t_x, the opportunity of the last repeat transaction, counted from the
    ///     birth; 0 when x = 0.
    ///   - periods: n, the opportunities observed after the first transaction.
    public init(frequency: Int, recency: Int, periods: Int) {
        self.frequency = frequency
        self.recency = recency
        self.periods = periods
    }

    /// The history of a client from the periods in which it was active (billed at least once).
    ///
    /// The earliest active period is the client's birth: its first transaction, not counted in
    /// x. The opportunities are the periods after the birth up to and including
    /// `lastObservedPeriod`, so n = lastObservedPeriod − birth; x is the number of distinct
    /// active periods among them and t_x is the last of them minus the birth (0 when there is
    /// none). Periods after `lastObservedPeriod` are ignored (they belong to a holdout), and so
    /// are repeated periods.
    ///
    /// ```swift
    /// // Years billed 1995, 1997, 1999; observed to 2001.
    /// BinaryPurchaseHistory.from(activePeriods: [1995, 1997, 1999], lastObservedPeriod: 2001)
    /// // frequency 2, recency 4, periods 6
    /// ```
    ///
    /// - Parameters:
    ///   - activePeriods: The periods (such as years) in which the client was active, in any
    ///     order; repeats are ignored.
    ///   - lastObservedPeriod: The last period observed (0 for the last twelve months in
    ///     ``AnnualActivity``).
    /// - Returns: nil when no active period is at or before `lastObservedPeriod` (the client
    ///   was not yet born).
    public static func from(activePeriods: some Sequence<Int>, lastObservedPeriod: Int) -> BinaryPurchaseHistory? {
        var birth = Int.max
        var seen = Set<Int>()
        for period in activePeriods where period <= lastObservedPeriod {
            seen.insert(period)
            birth = min(birth, period)
        }
        guard birth != Int.max else { return nil }
        let last = seen.max() ?? birth
        return BinaryPurchaseHistory(frequency: seen.count - 1, recency: last - birth, periods: lastObservedPeriod - birth)
    }

    /// Nil when the counts can describe a history; otherwise what is wrong with them.
    var problem: String? {
        guard frequency >= 0, recency >= 0, periods >= 0 else {
            return "frequency \(frequency), recency \(recency) and periods \(periods) must not be negative"
        }
        guard recency <= periods else { return "recency \(recency) is after the last opportunity (periods \(periods))" }
        guard frequency <= recency else {
            return "frequency \(frequency) is more than the recency \(recency): at most one transaction per opportunity"
        }
        guard frequency > 0 || recency == 0 else { return "recency \(recency) with no repeat transaction" }
        return nil
    }
}

/// The BG/BB model of repeat transactions in discrete time (Fader, Hardie & Shang 2010,
/// "Customer-Base Analysis in a Discrete-Time Noncontractual Setting", Marketing Science 29(6),
/// 1086–1108).
///
/// Time is counted in transaction opportunities (periods: years of donations, monthly
/// billing runs, …). While alive, a client transacts at each opportunity with probability
/// p ~ Beta(α, β); at the start of each opportunity a living client dies, for good, with
/// probability θ ~ Beta(γ, δ). p and θ are independent across clients.
///
/// ```swift
/// let fit = try BGBBModel.fit(histories, weights: counts)
/// let h = BinaryPurchaseHistory(frequency: 3, recency: 5, periods: 6)
/// fit.model.probabilityAlive(h)                  // alive at opportunity 6
/// fit.model.expectedPurchases(in: 5, given: h)   // transactions in opportunities 7 … 11
/// ```
public struct BGBBModel: Sendable, Hashable, Codable {
    /// The beta distribution of the transaction probability p: Beta(α, β).
    public var alpha: Double
    /// See ``alpha``.
    public var beta: Double
    /// The beta distribution of the drop-out probability θ: Beta(γ, δ).
    public var gamma: Double
    /// See ``gamma``.
    public var delta: Double

    /// The parameters by name, in the paper's order: alpha, beta, gamma, delta.
    public var parameters: [NamedValue] {
        [NamedValue("alpha", alpha), NamedValue("beta", beta), NamedValue("gamma", gamma), NamedValue("delta", delta)]
    }

    /// A model with the given parameters, all positive.
    ///
    /// ```swift
    /// let donations = BGBBModel(alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783)
    /// ```
    ///
    /// - Parameters:
    ///   - alpha: α, the first shape of the beta distribution of the yearly purchase
    ///     probability p; the mean p is α/(α + β).
    ///   - beta: β, its second shape.
    ///   - gamma: γ, the first shape of the beta distribution of the yearly drop-out
    ///     probability θ; the mean θ is γ/(γ + δ).
    ///   - delta: δ, its second shape.
    public init(alpha: Double, beta: Double, gamma: Double, delta: Double) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.delta = delta
    }

    // MARK: Likelihood

    /// The log-likelihood of one history (Fader, Hardie & Shang 2010, eq. 5):
    ///
    /// L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
    ///   + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
    ///
    /// the first term for a client alive through opportunity n, the others for one that died
    /// at opportunity t_x + i + 1. Every term is formed as a logarithm and the sum is taken
    /// with log-sum-exp, so long histories neither underflow nor overflow.
    ///
    /// - Parameter history: The client's (x, t_x, n), counted in opportunities (years for the
    ///   annual models).
    /// - Returns: ln L, at most 0; NaN for an impossible history.
    public func logLikelihood(_ history: BinaryPurchaseHistory) -> Double {
        guard history.problem == nil else { return .nan }
        let tables = Tables(self, maxPeriods: history.periods, gradient: false)
        return tables.logLikelihood(history)
    }

    // MARK: Predictions

    /// The probability that the client is alive at its last observed opportunity n, given its
    /// history: the posterior weight of the first term of eq. 5,
    /// B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) / L. It is 1 when t_x = n.
    ///
    /// Fader, Hardie & Shang (2010) eq. 11 states the probability of being alive one
    /// opportunity later, in period n + 1: that is ``probabilityAlive(_:afterPeriods:)`` with
    /// `afterPeriods: 1`.
    ///
    /// - Parameter history: The client's (x, t_x, n), counted in opportunities (years for the
    ///   annual models).
    /// - Returns: The probability, between 0 and 1, that the client is alive at opportunity
    ///   n; NaN for an impossible history.
    public func probabilityAlive(_ history: BinaryPurchaseHistory) -> Double {
        probabilityAlive(history, afterPeriods: 0)
    }

    /// The probability that the client is alive k opportunities after its last observed one,
    /// at opportunity n + k, given its history.
    ///
    /// A client alive at n + k was alive at n; given that, and given θ, it survives k more
    /// opportunities with probability (1 − θ)^k. Integrating over the joint posterior of
    /// (p, θ), whose density is proportional to the likelihood, gives
    ///
    /// P(alive at n + k | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+k)/B(γ,δ) / L,
    ///
    /// eq. 11 of Fader, Hardie & Shang (2010) for k = 1 (as BTYD's `bgbb.PAlive`); the
    /// `lifetimes` package's `conditional_probability_alive(k, …)` computes it for any k.
    ///
    /// - Parameters:
    ///   - history: The client's (x, t_x, n), counted in opportunities.
    ///   - k: The opportunities after the last one observed (1 for next year).
    /// - Returns: The probability, between 0 and 1, that the client is alive at opportunity
    ///   n + k; NaN for an impossible history or a negative k.
    public func probabilityAlive(_ history: BinaryPurchaseHistory, afterPeriods k: Int) -> Double {
        guard history.problem == nil, k >= 0 else { return .nan }
        let tables = Tables(self, maxPeriods: history.periods, gradient: false)
        let x = history.frequency, n = history.periods
        let logAliveAtN = tables.lgA[x] + tables.lgB[n - x] - tables.lgAB[n] - tables.logBetaAB
            + SpecialFunctions.logBeta(gamma, delta + Double(n) + Double(k)) - tables.logBetaGD
        return min(1, exp(logAliveAtN - tables.logLikelihood(history)))
    }

    /// The expected number of transactions in the next `futurePeriods` opportunities,
    /// n + 1 … n + n*, of a client with the given history (Fader, Hardie & Shang 2010, eq. 13):
    ///
    /// E[X(n, n+n*) | x, t_x, n] = B(α+x+1, β+n−x)/B(α,β) / L · Σ_{t=n+1}^{n+n*} B(γ, δ+t)/B(γ,δ).
    ///
    /// The paper sums the series in closed form, δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) ·
    /// [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)]; it is summed here term by term with the
    /// ratio (δ+t)/(γ+δ+t) between consecutive terms, which has no singularity at γ = 1. The
    /// cost is linear in n*.
    ///
    /// - Parameters:
    ///   - futurePeriods: n*, the opportunities ahead (years for the annual models).
    ///   - history: The client's (x, t_x, n), counted in opportunities.
    /// - Returns: The expected transactions in opportunities n + 1 … n + n*; 0 when
    ///   `futurePeriods` ≤ 0; NaN for an impossible history.
    public func expectedPurchases(in futurePeriods: Int, given history: BinaryPurchaseHistory) -> Double {
        guard history.problem == nil else { return .nan }
        guard futurePeriods > 0 else { return 0 }
        let tables = Tables(self, maxPeriods: history.periods, gradient: false)
        let x = history.frequency, n = history.periods
        // ln B(α+x+1, β+n−x) − ln B(α,β): lgA has room for index n + 1, lgAB too.
        let logPrefactor = tables.lgA[x + 1] + tables.lgB[n - x] - tables.lgAB[n + 1] - tables.logBetaAB - tables.logLikelihood(history)
        return exp(logPrefactor) * survivalSum(from: n + 1, count: futurePeriods)
    }

    /// The expected number of transactions of a new client in its first `periods`
    /// opportunities after the first transaction (Fader, Hardie & Shang 2010, eq. 7):
    ///
    /// E[X(n)] = α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ,δ)
    ///         = α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)/Γ(γ+δ+n) · Γ(1+δ+n)/Γ(1+δ)],
    ///
    /// summed term by term as in ``expectedPurchases(in:given:)``.
    ///
    /// - Parameter periods: n, the opportunities after the first transaction.
    /// - Returns: The expected repeat transactions in them; 0 when `periods` ≤ 0.
    public func expectedPurchases(newClientOver periods: Int) -> Double {
        guard periods > 0 else { return 0 }
        return alpha / (alpha + beta) * survivalSum(from: 1, count: periods)
    }

    /// Σ_{t=first}^{first+count−1} B(γ, δ+t)/B(γ,δ) = Σ E[(1−θ)^t], by the ratio of consecutive
    /// terms (δ+t)/(γ+δ+t).
    func survivalSum(from first: Int, count: Int) -> Double {
        var term = exp(SpecialFunctions.logBeta(gamma, delta + Double(first)) - SpecialFunctions.logBeta(gamma, delta))
        var sum = 0.0
        var t = Double(first)
        for _ in 0..<count {
            sum += term
            term *= (delta + t) / (gamma + delta + t)
            t += 1
        }
        return sum
    }

    // MARK: Fitting

    /// Fits the model by maximum likelihood (Fader, Hardie & Shang 2010, eq. 5 summed over
    /// clients).
    ///
    /// Histories are often supplied already grouped, one row per distinct (x, t_x, n) with the
    /// number of clients sharing it, as in the paper's donations data: pass those counts as
    /// `weights` (any non-negative numbers; a row's log-likelihood is multiplied by its
    /// weight). Without weights every history counts once. Identical histories are merged
    /// either way, and the clients may have different numbers of opportunities n (several
    /// birth cohorts fitted together).
    ///
    /// The four parameters are optimised on the log scale by BFGS with the analytic gradient
    /// (digamma functions), from several starting points; the best converged run is kept.
    /// `diagnostics.clients` is the total weight, rounded.
    ///
    /// - Parameters:
    ///   - histories: One (x, t_x, n) per client, or per group of identical clients.
    ///   - weights: The number of clients each history stands for, as long as `histories`;
    ///     `nil`, the default, for one each.
    /// - Returns: The fitted model, its ``FitDiagnostics`` and the parameters' standard errors.
    /// - Complexity: O(Σ over distinct histories of (n − t_x)) per likelihood evaluation,
    ///   times a few hundred evaluations per starting point.
    /// - Throws: ``ModelFitError/invalidInput(model:message:)`` for no histories, an impossible
    ///   history (negative counts, recency after the last opportunity, more transactions than
    ///   the recency allows), weights that do not match or are negative or not finite (or add
    ///   up to more than a `Double` holds), no
    ///   opportunity observed at all, no repeat transaction at all (the transaction
    ///   probability and the drop-out are then not identified), or transactions at every
    ///   opportunity by every client (no one lapsed, so drop-out is not identified);
    ///   ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` when no run converges.
    public static func fit(_ histories: [BinaryPurchaseHistory], weights: [Double]? = nil) throws(ModelFitError) -> BGBBFit {
        let name = "BG/BB"
        guard !histories.isEmpty else { throw .invalidInput(model: name, message: "no clients to fit") }
        if let weights {
            guard weights.count == histories.count else {
                throw .invalidInput(model: name, message: "\(weights.count) weights for \(histories.count) histories")
            }
            if let index = weights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
                throw .invalidInput(model: name, message: "weight \(index + 1) is \(weights[index]); weights must be finite and not negative")
            }
        }
        for (index, history) in histories.enumerated() {
            if let problem = history.problem { throw .invalidInput(model: name, message: "history \(index + 1): \(problem)") }
        }
        let data = WeightedBinaryHistories(histories, weights: weights)
        guard data.totalWeight > 0 else { throw .invalidInput(model: name, message: "the weights add up to zero") }
        guard data.totalWeight.isFinite else {
            throw .invalidInput(model: name, message: "the weights add up to more than a Double holds; only their ratios matter, so divide them by a common factor")
        }
        guard data.rows.contains(where: { $0.periods > 0 }) else {
            throw .invalidInput(model: name, message: "no client has an opportunity after its first transaction, so there is nothing to fit")
        }
        guard data.rows.contains(where: { $0.frequency > 0 }) else {
            throw .invalidInput(model: name, message: "no client made a repeat transaction, so the transaction probability and the drop-out rate are not identified")
        }
        guard data.rows.contains(where: { $0.frequency < $0.periods }) else {
            throw .invalidInput(model: name, message: "every client transacted at every opportunity; no one lapsed, so the drop-out rate is not identified")
        }
        let starts: [[Double]] = [
            [1, 1, 1, 1],
            [1, 0.5, 0.5, 3],
            [0.5, 1, 1, 10],
            [3, 1, 0.3, 1],
        ]
        let search = BFGSMinimizer.minimize(fromEach: starts.map { $0.map { log($0) } }) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        guard let best = search.best else {
            throw .notConverged(model: name,
                                diagnosis: search.failureDiagnosis("\(data.rows.count) distinct histories"),
                                suggestion: "Check the histories; with very few clients, or when almost everyone transacts at every opportunity, the parameters run to the boundary.")
        }
        let model = BGBBModel(alpha: exp(best.point[0]), beta: exp(best.point[1]), gamma: exp(best.point[2]), delta: exp(best.point[3]))
        let diagnostics = FitDiagnostics(logLikelihood: -best.value * data.totalWeight, converged: true, iterations: best.iterations,
                                         evaluations: search.evaluations, startingPoints: search.startsTried, gradientNorm: best.gradientNorm,
                                         clients: FitDiagnostics.count(data.totalWeight), distinctHistories: data.rows.count)
        let estimates = ObservedInformation.estimates(names: ["alpha", "beta", "gamma", "delta"], logPoint: best.point, scale: data.totalWeight) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        return BGBBFit(model: model, diagnostics: diagnostics, parameterEstimates: estimates)
    }

    /// −(1/W) Σ wᵢ ln Lᵢ and its gradient with respect to (ln α, ln β, ln γ, ln δ).
    static func negativeMeanLogLikelihood(_ theta: [Double], _ data: WeightedBinaryHistories, _ gradient: inout [Double]) -> Double {
        let model = BGBBModel(alpha: exp(theta[0]), beta: exp(theta[1]), gamma: exp(theta[2]), delta: exp(theta[3]))
        let parameters = [model.alpha, model.beta, model.gamma, model.delta]
        guard parameters.allSatisfy({ $0.isFinite && $0 > 0 }) else { return .nan }
        let tables = Tables(model, maxPeriods: data.maxPeriods, gradient: true)
        var total = 0.0
        var sums = [0.0, 0.0, 0.0, 0.0]
        var rowGradient = [0.0, 0.0, 0.0, 0.0]
        for (row, weight) in zip(data.rows, data.weights) {
            total += weight * tables.logLikelihood(row, gradient: &rowGradient)
            for k in 0..<4 { sums[k] += weight * rowGradient[k] }
        }
        for k in 0..<4 { gradient[k] = -sums[k] * parameters[k] / data.totalWeight }
        return -total / data.totalWeight
    }
}

extension BGBBModel {
    /// ln Γ and ψ at α + k, β + k, α + β + k, γ + k, δ + k and γ + δ + k for k = 0 … n + 1:
    /// every argument the likelihood of a history with at most n opportunities needs.
    struct Tables {
        var lgA: [Double], lgB: [Double], lgAB: [Double], lgG: [Double], lgD: [Double], lgGD: [Double]
        var psiA: [Double] = [], psiB: [Double] = [], psiAB: [Double] = [], psiG: [Double] = [], psiD: [Double] = [], psiGD: [Double] = []
        /// ln B(α, β) and ln B(γ, δ).
        var logBetaAB: Double, logBetaGD: Double

        init(_ m: BGBBModel, maxPeriods: Int, gradient: Bool) {
            let size = maxPeriods + 2
            func logGammas(_ base: Double) -> [Double] { (0..<size).map { SpecialFunctions.logGamma(base + Double($0)) } }
            func digammas(_ base: Double) -> [Double] { (0..<size).map { SpecialFunctions.digamma(base + Double($0)) } }
            lgA = logGammas(m.alpha)
            lgB = logGammas(m.beta)
            lgAB = logGammas(m.alpha + m.beta)
            lgG = logGammas(m.gamma)
            lgD = logGammas(m.delta)
            lgGD = logGammas(m.gamma + m.delta)
            logBetaAB = lgA[0] + lgB[0] - lgAB[0]
            logBetaGD = lgG[0] + lgD[0] - lgGD[0]
            if gradient {
                psiA = digammas(m.alpha)
                psiB = digammas(m.beta)
                psiAB = digammas(m.alpha + m.beta)
                psiG = digammas(m.gamma)
                psiD = digammas(m.delta)
                psiGD = digammas(m.gamma + m.delta)
            }
        }

        /// The logarithm of term `index` of eq. 5: index 0 is the alive-at-n term, index
        /// i + 1 the term for death at opportunity t_x + i + 1.
        @inline(__always)
        func logTerm(_ index: Int, x: Int, tx: Int, n: Int) -> Double {
            if index == 0 {
                return lgA[x] + lgB[n - x] - lgAB[n] - logBetaAB + lgG[0] + lgD[n] - lgGD[n] - logBetaGD
            }
            let s = tx + index - 1
            return lgA[x] + lgB[s - x] - lgAB[s] - logBetaAB + lgG[1] + lgD[s] - lgGD[s + 1] - logBetaGD
        }

        /// ln L of a valid history.
        func logLikelihood(_ h: BinaryPurchaseHistory) -> Double {
            let x = h.frequency, tx = h.recency, n = h.periods
            let count = n - tx + 1
            var high = -Double.infinity
            for index in 0..<count { high = max(high, logTerm(index, x: x, tx: tx, n: n)) }
            var sum = 0.0
            for index in 0..<count { sum += exp(logTerm(index, x: x, tx: tx, n: n) - high) }
            return high + log(sum)
        }

        /// ln L of a valid history, and its gradient with respect to (α, β, γ, δ): the
        /// derivatives of the terms' logarithms (differences of digammas) averaged with the
        /// terms' shares of L as weights.
        func logLikelihood(_ h: BinaryPurchaseHistory, gradient: inout [Double]) -> Double {
            let x = h.frequency, tx = h.recency, n = h.periods
            let count = n - tx + 1
            var high = -Double.infinity
            for index in 0..<count { high = max(high, logTerm(index, x: x, tx: tx, n: n)) }
            var sum = 0.0, da = 0.0, db = 0.0, dg = 0.0, dd = 0.0
            // Parts shared by every term.
            let commonA = psiA[x] - psiA[0] + psiAB[0]
            let commonB = -psiB[0] + psiAB[0]
            let commonD = -psiD[0] + psiGD[0]
            for index in 0..<count {
                let w = exp(logTerm(index, x: x, tx: tx, n: n) - high)
                sum += w
                if index == 0 {
                    da += w * (commonA - psiAB[n])
                    db += w * (commonB + psiB[n - x] - psiAB[n])
                    dg += w * (psiGD[0] - psiGD[n])
                    dd += w * (commonD + psiD[n] - psiGD[n])
                } else {
                    let s = tx + index - 1
                    da += w * (commonA - psiAB[s])
                    db += w * (commonB + psiB[s - x] - psiAB[s])
                    dg += w * (psiG[1] - psiG[0] + psiGD[0] - psiGD[s + 1])
                    dd += w * (commonD + psiD[s] - psiGD[s + 1])
                }
            }
            gradient[0] = da / sum
            gradient[1] = db / sum
            gradient[2] = dg / sum
            gradient[3] = dd / sum
            return high + log(sum)
        }
    }
}

/// Identical binary histories merged, with their summed weights.
struct WeightedBinaryHistories: Sendable {
    var rows: [BinaryPurchaseHistory] = []
    var weights: [Double] = []
    var totalWeight = 0.0
    var maxPeriods = 0

    /// Rows of zero weight are dropped.
    init(_ histories: [BinaryPurchaseHistory], weights given: [Double]?) {
        var index = [BinaryPurchaseHistory: Int]()
        for (position, history) in histories.enumerated() {
            let weight = given?[position] ?? 1
            guard weight > 0 else { continue }
            totalWeight += weight
            if let row = index[history] {
                weights[row] += weight
                continue
            }
            index[history] = rows.count
            rows.append(history)
            weights.append(weight)
            maxPeriods = max(maxPeriods, history.periods)
        }
    }
}

/// A fitted BG/BB model with how the fit went.
public struct BGBBFit: Sendable, Hashable, Codable {
    /// The maximum-likelihood estimates.
    public var model: BGBBModel
    /// Convergence, log-likelihood (weighted total) and the size of the data.
    public var diagnostics: FitDiagnostics
    /// α, β, γ and δ with standard errors and 95% intervals; nil when the likelihood is flat
    /// in some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?
}
