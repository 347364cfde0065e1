#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "'Counting Your
/// Customers' the Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2),
/// 275–284).
///
/// While alive, a client buys at rate λ ~ Gamma(r, α); after each purchase it drops out
/// with probability p ~ Beta(a, b). Rates are per ``unit``.
///
/// ```swift
/// let fit = try BGNBDModel.fit(histories, unit: .week)
/// fit.model.probabilityAlive(PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86))
/// fit.model.expectedPurchases(in: 39, given: PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86))  // 1.226
/// ```
public struct BGNBDModel: Sendable, Hashable, Codable {
    /// Shape and scale of the gamma distribution of purchase rates.
    public var r: Double
    /// α, the scale of the gamma distribution of purchase rates, in ``unit``s: the mean
    /// purchase rate of a living client is r/α purchases per unit.
    public var alpha: Double
    /// The beta distribution of the drop-out probability.
    public var a: Double
    /// b, the second shape of the beta distribution of the drop-out probability: the mean
    /// chance of dropping out after a purchase is a/(a + b).
    public var b: Double
    /// The time unit that ``alpha``, the histories and every prediction are in.
    public var unit: TimeUnit

    /// A model with known parameters, say from an earlier fit or a published analysis.
    ///
    /// ```swift
    /// let cdnow = BGNBDModel(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
    /// ```
    ///
    /// - Parameters:
    ///   - r: The shape of the gamma distribution of purchase rates, positive.
    ///   - alpha: Its scale, positive, in `unit`s.
    ///   - a: The first shape of the beta distribution of the drop-out probability, positive.
    ///   - b: Its second shape, positive.
    ///   - unit: The time unit of `alpha` and of the histories; weeks by default.
    public init(r: Double, alpha: Double, a: Double, b: Double, unit: TimeUnit = .week) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
        self.unit = unit
    }

    // MARK: Likelihood

    /// The log-likelihood of one client's history (Fader, Hardie & Lee 2005, eq. 6), in log
    /// space throughout: ln L = A₁ + A₂ + ln(e^{A₃} + δ_{x>0} e^{A₄}).
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: ln L, the natural log of the likelihood; at most 0.
    public func logLikelihood(_ history: PurchaseHistory) -> Double {
        let x = Double(history.frequency)
        let a1 = SpecialFunctions.logGamma(r + x) - SpecialFunctions.logGamma(r) + r * log(alpha)
        let a2 = SpecialFunctions.logGamma(a + b) + SpecialFunctions.logGamma(b + x) - SpecialFunctions.logGamma(b) - SpecialFunctions.logGamma(a + b + x)
        let a3 = -(r + x) * log(alpha + history.age)
        guard history.frequency > 0 else { return a1 + a2 + a3 }
        let a4 = log(a) - log(b + x - 1) - (r + x) * log(alpha + history.recency)
        return a1 + a2 + SpecialFunctions.logSumExp(a3, a4)
    }

    // MARK: Predictions

    /// P(alive at the end of observation | history) (Fader, Hardie & Lee 2005, eq. 11); 1 for a
    /// client with no repeat purchase.
    ///
    /// P(alive) = 1 / (1 + δ(x > 0) · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)): a client
    /// who used to buy often and has been quiet for a long time is probably gone.
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: The probability, between 0 and 1, that the client is still a client.
    public func probabilityAlive(_ history: PurchaseHistory) -> Double {
        guard history.frequency > 0 else { return 1 }
        let x = Double(history.frequency)
        // 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}), the power in log space.
        let logRatio = log(a) - log(b + x - 1) + (r + x) * (log(alpha + history.age) - log(alpha + history.recency))
        return 1 / (1 + exp(logRatio))
    }

    /// Expected purchases of a new client in its first `t` units, E[X(t)] (eq. 7).
    ///
    /// With very large parameters, whose series overflows, (1−z)^r ₂F₁ is summed in log space
    /// instead (by the same log-space sum that MBG/NBD uses).
    ///
    /// E[X(t)] = (a + b − 1)/(a − 1) · [1 − (α/(α + t))^r ₂F₁(r, b; a + b − 1; t/(α + t))].
    ///
    /// - Parameter t: The time since the new client's first purchase, in the model's ``unit``.
    /// - Returns: The expected number of repeat purchases in that time; 0 when `t` ≤ 0.
    public func expectedPurchases(newClientOver t: Double) -> Double {
        guard t > 0 else { return 0 }
        let z = t / (alpha + t)
        let power = exp(r * log(alpha / (alpha + t)))
        var powered = power * SpecialFunctions.hypergeometric2F1(r, b, a + b - 1, z)
        if !powered.isFinite { powered = MBGNBDModel.poweredHypergeometric(r, b, a + b - 1, t: t, scale: alpha) }
        return (a + b - 1) / (a - 1) * (1 - powered)
    }

    /// Expected purchases in the next `t` units given the history, E[Y(t) | x, t_x, T] (eq. 10).
    ///
    /// This is the forecast the lifetime value is built on: the client's expected work over
    /// the next year, say, allowing for the chance that it has already gone.
    ///
    /// ```swift
    /// let model = BGNBDModel(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
    /// model.expectedPurchases(in: 39, given: PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86))   // 1.226
    /// ```
    ///
    /// - Parameters:
    ///   - t: The length of the forecast period after the end of observation, in the model's
    ///     ``unit``.
    ///   - history: The client's (x, t_x, T), in the same unit.
    /// - Returns: The expected number of purchases in the period; 0 when `t` ≤ 0.
    public func expectedPurchases(in t: Double, given history: PurchaseHistory) -> Double {
        guard t > 0 else { return 0 }
        let x = Double(history.frequency)
        let ageTerm = alpha + history.age
        let z = t / (ageTerm + t)
        let power = exp((r + x) * log(ageTerm / (ageTerm + t)))
        var powered = power * SpecialFunctions.hypergeometric2F1(r + x, b + x, a + b + x - 1, z)
        // Many repeat purchases (x of 1e5) or very large parameters overflow the series: the
        // same value summed in log space.
        if !powered.isFinite { powered = MBGNBDModel.poweredHypergeometric(r + x, b + x, a + b + x - 1, t: t, scale: ageTerm) }
        let numerator = (a + b + x - 1) / (a - 1) * (1 - powered)
        guard history.frequency > 0 else { return numerator }
        let logRatio = log(a) - log(b + x - 1) + (r + x) * (log(ageTerm) - log(alpha + history.recency))
        return numerator / (1 + exp(logRatio))
    }

    // MARK: Fitting

    /// Fits the model by maximum likelihood.
    ///
    /// The four parameters are optimised on the log scale by BFGS with the analytic gradient,
    /// from several starting points; identical histories are merged and weighted. The best
    /// converged run is kept.
    ///
    /// Degenerate input: one client, or clients whose histories are all alike, say nothing
    /// about how clients differ. The likelihood then rises towards the limit without
    /// heterogeneity (r and α, or a and b, growing together), and the fit stops where it is flat to the tolerance:
    /// finite, very large parameters whose ratios (the mean purchase rate r/α, the mean drop-out probability a/(a + b)) are what the data identify, with
    /// ``BGNBDFit/parameterEstimates`` nil or very wide; its predictions are finite. Histories too
    /// extreme for the optimiser (ages of millions of units, a client with 100,000 repeat
    /// purchases) give either such a fit or ``ModelFitError/notConverged(model:diagnosis:suggestion:)``,
    /// never NaN.
    ///
    /// - Parameters:
    ///   - histories: One (x, t_x, T) per client, all in `unit`; at least one client must
    ///     have a repeat purchase.
    ///   - unit: The time unit of the histories, recorded in the fitted model; weeks by default.
    /// - Returns: The fitted model, its ``FitDiagnostics`` and the parameters' standard errors.
    /// - Throws: ``ModelFitError/invalidInput(model:message:)`` for no histories or impossible
    ///   values, or no repeat purchase at all (the drop-out process is then not identified);
    ///   ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` when no run converges.
    /// - Complexity: O(d) per likelihood evaluation for d distinct histories (summed on
    ///   several cores for large d), times a few hundred evaluations per starting point.
    public static func fit(_ histories: [PurchaseHistory], unit: TimeUnit = .week) throws(ModelFitError) -> BGNBDFit {
        guard !histories.isEmpty else { throw .invalidInput(model: "BG/NBD", message: "no clients to fit") }
        if let (index, problem) = histories.lazy.enumerated().compactMap({ h in h.element.problem.map { (h.offset, $0) } }).first {
            throw .invalidInput(model: "BG/NBD", message: "history \(index + 1): \(problem)")
        }
        guard histories.contains(where: { $0.frequency > 0 }) else {
            throw .invalidInput(model: "BG/NBD", message: "no client made a repeat purchase, so the drop-out rate cannot be estimated")
        }
        let data = CollapsedHistories(histories)
        let meanAge = data.age.indices.reduce(0) { $0 + data.age[$1] * data.weight[$1] } / data.totalWeight
        let starts: [[Double]] = [
            [1, max(meanAge, 1e-3), 1, 1],
            [0.25, max(meanAge / 10, 1e-3), 0.8, 2.5],
            [0.5, 1, 0.5, 0.5],
            [2, max(meanAge * 3, 1e-3), 2, 4],
        ]
        let search = BFGSMinimizer.minimize(fromEach: starts.map { $0.map { log($0) } }) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        let evaluations = search.evaluations
        guard let best = search.best else {
            throw .notConverged(model: "BG/NBD",
                                diagnosis: search.failureDiagnosis("\(data.count) distinct histories of \(histories.count) clients"),
                                suggestion: "Check the histories (time unit, observation end), or try a coarser time unit; very few repeat purchasers also make the model unstable.")
        }
        let model = BGNBDModel(r: exp(best.point[0]), alpha: exp(best.point[1]), a: exp(best.point[2]), b: exp(best.point[3]), unit: unit)
        let diagnostics = FitDiagnostics(logLikelihood: -best.value * data.totalWeight, converged: true, iterations: best.iterations,
                                         evaluations: evaluations, startingPoints: search.startsTried, gradientNorm: best.gradientNorm,
                                         clients: histories.count, distinctHistories: data.count)
        let estimates = ObservedInformation.estimates(names: ["r", "alpha", "a", "b"], logPoint: best.point, scale: data.totalWeight) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        return BGNBDFit(model: model, diagnostics: diagnostics, parameterEstimates: estimates)
    }

    /// −(1/N) Σ wᵢ ln Lᵢ and its gradient with respect to (ln r, ln α, ln a, ln b).
    static func negativeMeanLogLikelihood(_ theta: [Double], _ data: CollapsedHistories, _ gradient: inout [Double]) -> Double {
        let r = exp(theta[0]), alpha = exp(theta[1]), a = exp(theta[2]), b = exp(theta[3])
        guard r.isFinite, alpha.isFinite, a.isFinite, b.isFinite, r > 0, alpha > 0, a > 0, b > 0 else { return .nan }
        // Terms that depend on x only.
        let k = data.distinctFrequencies.count
        var a12 = [Double](repeating: 0, count: k), dA1r = [Double](repeating: 0, count: k)
        var dA2a = [Double](repeating: 0, count: k), dA2b = [Double](repeating: 0, count: k)
        var logA4 = [Double](repeating: 0, count: k), dA4b = [Double](repeating: 0, count: k)
        let psiR = SpecialFunctions.digamma(r), psiAB = SpecialFunctions.digamma(a + b), psiB = SpecialFunctions.digamma(b)
        let lgR = SpecialFunctions.logGamma(r), lgAB = SpecialFunctions.logGamma(a + b), lgB = SpecialFunctions.logGamma(b)
        let logAlpha = log(alpha), logA = log(a)
        for (slot, frequency) in data.distinctFrequencies.enumerated() {
            let x = Double(frequency)
            let psiABX = SpecialFunctions.digamma(a + b + x)
            a12[slot] = SpecialFunctions.logGamma(r + x) - lgR + r * logAlpha + lgAB + SpecialFunctions.logGamma(b + x) - lgB - SpecialFunctions.logGamma(a + b + x)
            dA1r[slot] = SpecialFunctions.digamma(r + x) - psiR + logAlpha
            dA2a[slot] = psiAB - psiABX
            dA2b[slot] = psiAB + SpecialFunctions.digamma(b + x) - psiB - psiABX
            if frequency > 0 {
                logA4[slot] = logA - log(b + x - 1)
                dA4b[slot] = -1 / (b + x - 1)
            }
        }
        // Rows summed in blocks on the cores, the blocks' sums in block order (see
        // ``ChunkedWork/blockSums(count:width:blockSize:_:)``).
        let xTerms = FrequencyTerms(a12: a12, dA1r: dA1r, dA2a: dA2a, dA2b: dA2b, logA4: logA4, dA4b: dA4b)
        let sums = ChunkedWork.blockSums(count: data.count, width: 5, blockSize: ChunkedWork.likelihoodBlock) { range in
            rowSums(range, data, xTerms, r: r, alpha: alpha, a: a)
        }
        let total = sums[0], gr = sums[1], galpha = sums[2], ga = sums[3], gb = sums[4]
        let n = data.totalWeight
        gradient[0] = -gr * r / n
        gradient[1] = -galpha * alpha / n
        gradient[2] = -ga * a / n
        gradient[3] = -gb * b / n
        return -total / n
    }
}


extension BGNBDModel {
    /// The terms of the log-likelihood that depend on x only, one entry per distinct frequency.
    struct FrequencyTerms: Sendable {
        var a12, dA1r, dA2a, dA2b, logA4, dA4b: [Double]
    }

    /// Σ w ln L and the four gradient sums (with respect to r, α, a, b) over `range` of the rows.
    static func rowSums(_ range: Range<Int>, _ data: CollapsedHistories, _ terms: FrequencyTerms,
                    r: Double, alpha: Double, a: Double) -> [Double] {
        var total = 0.0, gr = 0.0, galpha = 0.0, ga = 0.0, gb = 0.0
        for row in range {
            let slot = data.frequencySlot[row]
            let x = Double(data.frequency[row])
            let w = data.weight[row]
            let logAgeTerm = log(alpha + data.age[row])
            let a3 = -(r + x) * logAgeTerm
            var ll = terms.a12[slot], dr = terms.dA1r[slot], dalpha = r / alpha, da = terms.dA2a[slot], db = terms.dA2b[slot]
            if data.frequency[row] > 0 {
                let logRecencyTerm = log(alpha + data.recency[row])
                let a4 = terms.logA4[slot] - (r + x) * logRecencyTerm
                // ln(e^{A3} + e^{A4}) and the two weights e^{Ai}/(e^{A3} + e^{A4}) with one exp and one log1p.
                let high = max(a3, a4)
                let e = exp(min(a3, a4) - high)
                let lse = high + log1p(e)
                let wHigh = 1 / (1 + e), wLow = e / (1 + e)
                let w3 = a3 >= a4 ? wHigh : wLow, w4 = a3 >= a4 ? wLow : wHigh
                ll += lse
                dr += -w3 * logAgeTerm - w4 * logRecencyTerm
                dalpha += -w3 * (r + x) / (alpha + data.age[row]) - w4 * (r + x) / (alpha + data.recency[row])
                da += w4 / a
                db += w4 * terms.dA4b[slot]
            } else {
                ll += a3
                dr += -logAgeTerm
                dalpha += -(r + x) / (alpha + data.age[row])
            }
            total += w * ll
            gr += w * dr
            galpha += w * dalpha
            ga += w * da
            gb += w * db
        }
        return [total, gr, galpha, ga, gb]
    }
}

/// A fitted BG/NBD model with how the fit went.
public struct BGNBDFit: Sendable, Hashable, Codable {
    /// The model at the maximum-likelihood estimate, in the unit the fit was given.
    public var model: BGNBDModel
    /// The log-likelihood, convergence, iterations and client counts of the fit.
    public var diagnostics: FitDiagnostics
    /// r, α, a and b with standard errors and 95% intervals; nil when the likelihood is flat
    /// in some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?
}
