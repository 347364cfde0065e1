#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The MBG/NBD model of repeat purchasing (Batislam, Denizel & Filiztekin 2007, "Empirical
/// validation and comparison of models for customer base analysis", International Journal of
/// Research in Marketing 24(3), 201–209).
///
/// As in BG/NBD, a client buys at rate λ ~ Gamma(r, α) while alive and drops out with
/// probability p ~ Beta(a, b) at a purchase, but the chance to drop out also comes right after
/// the first purchase (time 0). A client with no repeat purchase may therefore be dead, which
/// BG/NBD rules out. Rates and times are per ``unit``.
///
/// ```swift
/// let fit = try MBGNBDModel.fit(histories, unit: .week)
/// let client = PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86)
/// fit.model.probabilityAlive(client)                // 0.706 at the CDNOW estimates
/// fit.model.expectedPurchases(in: 39, given: client) // 1.263
/// ```
public struct MBGNBDModel: Sendable, Hashable, Codable {
    /// Shape r and scale α of the gamma distribution of purchase rates λ (α in ``unit``s).
    public var r: Double
    /// α, the scale of the gamma distribution of purchase rates, in ``unit``s: a living
    /// client's mean rate is r/α purchases per unit.
    public var alpha: Double
    /// Shape parameters a and b of the beta distribution of the drop-out probability p.
    public var a: Double
    /// b, the second shape of the beta distribution of the drop-out probability; the mean
    /// chance of dropping out at each purchase, the first included, is a/(a + b).
    public var b: Double
    /// The time unit of ``alpha`` and of every time the model takes or returns.
    public var unit: TimeUnit

    /// A model with the given parameters, all positive; `alpha` is in `unit`s.
    ///
    /// - Parameters:
    ///   - r: The shape of the gamma distribution of purchase rates.
    ///   - alpha: Its scale, in `unit`s.
    ///   - a: The first shape of the beta distribution of the drop-out probability.
    ///   - b: Its second shape.
    ///   - unit: The time unit of `alpha` and of the histories; weeks by default.
    public init(r: Double, alpha: Double, a: Double, b: Double, unit: TimeUnit = .week) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
        self.unit = unit
    }

    // MARK: Likelihood

    /// The log-likelihood of one client's history (Batislam et al. 2007, eq. 3), in log space:
    ///
    /// L = B(a, b+x+1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^{r+x})
    ///   + B(a+1, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^{r+x}),
    ///
    /// so ln L = A₁ + A₂ + ln(e^{A₃} + e^{A₄}) with A₁ = ln Γ(r+x) − ln Γ(r) + r ln α,
    /// A₂ = ln B(a, b+x+1) − ln B(a, b), A₃ = −(r+x) ln(α+T) and
    /// A₄ = ln a − ln(b+x) − (r+x) ln(α+t_x). Unlike BG/NBD the second term is present for
    /// x = 0 too (the client may have dropped out at time 0).
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: ln L, the natural log of the likelihood; at most 0.
    public func logLikelihood(_ history: PurchaseHistory) -> Double {
        let x = Double(history.frequency)
        let a1 = SpecialFunctions.logGamma(r + x) - SpecialFunctions.logGamma(r) + r * log(alpha)
        let a2 = SpecialFunctions.logGamma(a + b) + SpecialFunctions.logGamma(b + x + 1) - SpecialFunctions.logGamma(b) - SpecialFunctions.logGamma(a + b + x + 1)
        let a3 = -(r + x) * log(alpha + history.age)
        let a4 = log(a) - log(b + x) - (r + x) * log(alpha + history.recency)
        return a1 + a2 + SpecialFunctions.logSumExp(a3, a4)
    }

    // MARK: Predictions

    /// P(alive at the end of observation | x, t_x, T) (Batislam et al. 2007, eq. 4):
    ///
    /// 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^{r+x}),
    ///
    /// below 1 even for a client with no repeat purchase.
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: The probability, between 0 and 1, that the client is still a client.
    public func probabilityAlive(_ history: PurchaseHistory) -> Double {
        let x = Double(history.frequency)
        let logRatio = log(a) - log(b + x) + (r + x) * (log(alpha + history.age) - log(alpha + history.recency))
        return 1 / (1 + exp(logRatio))
    }

    /// P(alive `t` units after the end of observation | x, t_x, T).
    ///
    /// Drop-out happens only at purchases, but a client alive at T keeps buying and may drop
    /// out after any of its purchases in (T, T+t], so the probability falls with t. Given λ and
    /// p, the purchases in (T, T+t] are Poisson(λt) and each is survived with probability 1 − p,
    /// so P(alive at T+t | alive at T, λ, p) = Σₙ e^{−λt}(λt)ⁿ/n! (1−p)ⁿ = e^{−λpt}. Given the
    /// history and alive at T, the likelihood λ^x e^{−λT} (1−p)^{x+1} makes λ ~ Gamma(r+x, α+T)
    /// and p ~ Beta(a, b+x+1) independent, and the Euler integral of ₂F₁ with Pfaff's
    /// transformation gives
    ///
    /// P(alive at T+t) = P(alive at T) · (1−z)^{r+x} ₂F₁(r+x, b+x+1; a+b+x+1; z),
    /// z = t/(α+T+t).
    ///
    /// At t = 0 this is ``probabilityAlive(_:)``, and it tends to 0 as t grows.
    ///
    /// - Parameters:
    ///   - history: The client's (x, t_x, T), in the model's ``unit``.
    ///   - t: The time after the end of observation, in the same unit (52 for a year in
    ///     weeks).
    /// - Returns: The probability, between 0 and 1, that the client is still a client then.
    public func probabilityAlive(_ history: PurchaseHistory, after t: Double) -> Double {
        let alive = probabilityAlive(history)
        guard t > 0 else { return alive }
        let x = Double(history.frequency)
        return alive * Self.poweredHypergeometric(r + x, b + x + 1, a + b + x + 1, t: t, scale: alpha + history.age)
    }

    /// Expected repeat purchases of a new client in its first `t` units, E[X(t)]
    /// (Batislam et al. 2007, eq. 5):
    ///
    /// E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].
    ///
    /// This is the conditional expectation for x = 0 at T = 0, so it shares its numerics.
    ///
    /// - Parameter t: The time since the new client's first purchase, in the model's ``unit``.
    /// - Returns: The expected number of repeat purchases in that time; 0 when `t` ≤ 0.
    public func expectedPurchases(newClientOver t: Double) -> Double {
        expectedPurchases(in: t, given: PurchaseHistory(frequency: 0, recency: 0, age: 0))
    }

    /// Expected purchases in the next `t` units given the history, E[Y(t) | x, t_x, T]
    /// (Batislam et al. 2007, eq. 6):
    ///
    /// E[Y(t)] = P(alive) · (a+b+x)/(a−1) · [1 − (1−z)^{r+x} ₂F₁(r+x, b+x+1; a+b+x; z)],
    /// z = t/(α+T+t).
    ///
    /// The singularity at a = 1 is removable; within 10⁻⁶ of it the value is the mean of the
    /// values at a = 1 ± 10⁻⁶.
    ///
    /// - Parameters:
    ///   - t: The length of the forecast period after the end of observation, in the model's
    ///     ``unit``.
    ///   - history: The client's (x, t_x, T), in the same unit.
    /// - Returns: The expected number of purchases in the period; 0 when `t` ≤ 0.
    public func expectedPurchases(in t: Double, given history: PurchaseHistory) -> Double {
        guard t > 0 else { return 0 }
        let x = Double(history.frequency)
        let alive = probabilityAlive(history)
        let scale = alpha + history.age
        let delta = 1e-6
        func bracket(_ a: Double) -> Double {
            (a + b + x) / (a - 1) * (1 - Self.poweredHypergeometric(r + x, b + x + 1, a + b + x, t: t, scale: scale))
        }
        let value = abs(a - 1) < delta ? (bracket(1 + delta) + bracket(1 - delta)) / 2 : bracket(a)
        return alive * value
    }

    /// (1−z)^{p₁} ₂F₁(p₁, p₂; c; z) with z = t/(scale+t), where p₁ = r+x and p₂ = b+x+1.
    ///
    /// When c ≥ p₁ (here a + b ≥ r), Euler's transformation gives the equal
    /// (1−z)^{c−p₂} ₂F₁(c−p₁, c−p₂; c; z), whose power does not grow with x (no overflow for large
    /// x) and whose series terms keep one sign; otherwise the original form is used, in log
    /// space.
    ///
    /// Degenerate input: when the parameters are very large (a and b of millions, as a fit gives
    /// when the data show no spread of drop-out probabilities), the series of that form can
    /// overflow, or need more terms than it is allowed; the value is then summed, in log space,
    /// from whichever of the two forms has the series that grows least (see
    /// ``scaledPoweredHypergeometric(_:_:_:t:scale:)``).
    static func poweredHypergeometric(_ p1: Double, _ p2: Double, _ c: Double, t: Double, scale: Double) -> Double {
        let z = t / (scale + t)
        let logOneMinusZ = -log1p(t / scale)
        let value = c >= p1
            ? exp((c - p2) * logOneMinusZ) * SpecialFunctions.hypergeometric2F1(c - p1, c - p2, c, z)
            : exp(p1 * logOneMinusZ + log(SpecialFunctions.hypergeometric2F1(p1, p2, c, z)))
        guard !value.isFinite else { return value }
        return scaledPoweredHypergeometric(p1, p2, c, t: t, scale: scale)
    }

    /// (1−z)^{p₁} ₂F₁(p₁, p₂; c; z), z = t/(scale+t), for parameters large enough to overflow
    /// the plain series: from the original form or Euler's (when c ≥ p₁), whichever series
    /// grows least (its terms rise for about |A·B|/C · z terms, for series parameters A, B, C),
    /// summed with a running scale so that no term overflows, and combined with its power in log
    /// space. NaN when even that series would need more than ten million terms, or its sum is
    /// not positive.
    static func scaledPoweredHypergeometric(_ p1: Double, _ p2: Double, _ c: Double, t: Double, scale: Double) -> Double {
        let z = t / (scale + t)
        let logOneMinusZ = -log1p(t / scale)
        var forms = [(a: p1, b: p2, logPower: p1 * logOneMinusZ)]
        if c >= p1 { forms.append((a: c - p1, b: c - p2, logPower: (c - p2) * logOneMinusZ)) }
        forms.sort { abs($0.a * $0.b) < abs($1.a * $1.b) }
        for form in forms {
            guard let logSum = SpecialFunctions.logSeries(form.a, form.b, c, z, maximumTerms: 10_000_000) else { continue }
            let value = exp(form.logPower + logSum)
            if value.isFinite { return value }
        }
        return .nan
    }

    // MARK: Fitting

    /// Fits the model by maximum likelihood.
    ///
    /// The four parameters are optimised on the log scale by BFGS with the analytic gradient of
    /// the mean log-likelihood, from several starting points; identical histories are merged
    /// and weighted. The best converged run is kept, and standard errors come from the observed
    /// information at the estimate.
    ///
    /// Degenerate input: one client, or clients whose histories are all alike, say nothing
    /// about how clients differ. The likelihood then rises towards the limit without
    /// heterogeneity (r and α, or a and b, growing together), and the fit stops where it is flat to the tolerance:
    /// finite, very large parameters whose ratios (the mean purchase rate r/α, the mean drop-out probability a/(a + b)) are what the data identify, with
    /// ``MBGNBDFit/parameterEstimates`` nil or very wide; its predictions are finite. Histories too
    /// extreme for the optimiser (ages of millions of units, a client with 100,000 repeat
    /// purchases) give either such a fit or ``ModelFitError/notConverged(model:diagnosis:suggestion:)``,
    /// never NaN.
    ///
    /// - Throws: ``ModelFitError/invalidInput(model:message:)`` for no histories or impossible
    ///   values, or no repeat purchase at all (the drop-out process is then not identified);
    ///   ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` when no run converges.
    /// - Parameters:
    ///   - histories: One (x, t_x, T) per client, all in `unit`; at least one client must
    ///     have a repeat purchase.
    ///   - unit: The time unit of the histories, recorded in the fitted model; weeks by default.
    /// - Returns: The fitted model, its ``FitDiagnostics`` and the parameters' standard errors.
    /// - Complexity: O(d) per likelihood evaluation for d distinct histories, times a few
    ///   hundred evaluations per starting point.
    public static func fit(_ histories: [PurchaseHistory], unit: TimeUnit = .week) throws(ModelFitError) -> MBGNBDFit {
        guard !histories.isEmpty else { throw .invalidInput(model: "MBG/NBD", message: "no clients to fit") }
        if let (index, problem) = histories.lazy.enumerated().compactMap({ h in h.element.problem.map { (h.offset, $0) } }).first {
            throw .invalidInput(model: "MBG/NBD", message: "history \(index + 1): \(problem)")
        }
        guard histories.contains(where: { $0.frequency > 0 }) else {
            throw .invalidInput(model: "MBG/NBD", message: "no client made a repeat purchase, so the drop-out rate cannot be estimated")
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
        guard let best = search.best else {
            throw .notConverged(model: "MBG/NBD",
                                diagnosis: search.failureDiagnosis("\(data.count) distinct histories of \(histories.count) clients"),
                                suggestion: "Check the histories (time unit, observation end), or try a coarser time unit; very few repeat purchasers also make the model unstable.")
        }
        let model = MBGNBDModel(r: exp(best.point[0]), alpha: exp(best.point[1]), a: exp(best.point[2]), b: exp(best.point[3]), unit: unit)
        let diagnostics = FitDiagnostics(logLikelihood: -best.value * data.totalWeight, converged: true, iterations: best.iterations,
                                         evaluations: search.evaluations, startingPoints: search.startsTried, gradientNorm: best.gradientNorm,
                                         clients: histories.count, distinctHistories: data.count)
        let estimates = ObservedInformation.estimates(names: ["r", "alpha", "a", "b"], logPoint: best.point, scale: data.totalWeight) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        return MBGNBDFit(model: model, diagnostics: diagnostics, parameterEstimates: estimates)
    }

    /// −(1/N) Σ wᵢ ln Lᵢ and its gradient with respect to (ln r, ln α, ln a, ln b).
    static func negativeMeanLogLikelihood(_ theta: [Double], _ data: CollapsedHistories, _ gradient: inout [Double]) -> Double {
        let r = exp(theta[0]), alpha = exp(theta[1]), a = exp(theta[2]), b = exp(theta[3])
        guard r.isFinite, alpha.isFinite, a.isFinite, b.isFinite, r > 0, alpha > 0, a > 0, b > 0 else { return .nan }
        // Terms that depend on x only: A₁ + A₂ without the α power, ln a − ln(b+x), and their derivatives.
        let k = data.distinctFrequencies.count
        var terms = FrequencyTerms(a12: [Double](repeating: 0, count: k), dA1r: [Double](repeating: 0, count: k),
                                   dA2a: [Double](repeating: 0, count: k), dA2b: [Double](repeating: 0, count: k),
                                   logA4: [Double](repeating: 0, count: k), dA4b: [Double](repeating: 0, count: k))
        let psiR = SpecialFunctions.digamma(r), psiAB = SpecialFunctions.digamma(a + b), psiB = SpecialFunctions.digamma(b)
        let lgR = SpecialFunctions.logGamma(r), lgAB = SpecialFunctions.logGamma(a + b), lgB = SpecialFunctions.logGamma(b)
        let logAlpha = log(alpha), logA = log(a)
        for (slot, frequency) in data.distinctFrequencies.enumerated() {
            let x = Double(frequency)
            let psiABX = SpecialFunctions.digamma(a + b + x + 1)
            terms.a12[slot] = SpecialFunctions.logGamma(r + x) - lgR + r * logAlpha
                + lgAB + SpecialFunctions.logGamma(b + x + 1) - lgB - SpecialFunctions.logGamma(a + b + x + 1)
            terms.dA1r[slot] = SpecialFunctions.digamma(r + x) - psiR + logAlpha
            terms.dA2a[slot] = psiAB - psiABX
            terms.dA2b[slot] = psiAB + SpecialFunctions.digamma(b + x + 1) - psiB - psiABX
            terms.logA4[slot] = logA - log(b + x)
            terms.dA4b[slot] = -1 / (b + x)
        }
        // Rows summed in blocks on the cores, the blocks' sums in block order (see
        // ``ChunkedWork/blockSums(count:width:blockSize:_:)``).
        let frozen = terms
        let total = ChunkedWork.blockSums(count: data.count, width: 5, blockSize: ChunkedWork.likelihoodBlock) { range in
            rowSums(range, data, frozen, r: r, alpha: alpha, a: a)
        }
        let n = data.totalWeight
        gradient[0] = -total[1] * r / n
        gradient[1] = -total[2] * alpha / n
        gradient[2] = -total[3] * a / n
        gradient[3] = -total[4] * b / n
        return -total[0] / n
    }
}

extension MBGNBDModel {
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
            let logRecencyTerm = log(alpha + data.recency[row])
            let a3 = -(r + x) * logAgeTerm
            let a4 = terms.logA4[slot] - (r + x) * logRecencyTerm
            // ln(e^{A3} + e^{A4}) and the weights e^{Ai}/(e^{A3} + e^{A4}) with one exp and one log1p.
            let high = max(a3, a4)
            let e = exp(min(a3, a4) - high)
            let wHigh = 1 / (1 + e), wLow = e / (1 + e)
            let w3 = a3 >= a4 ? wHigh : wLow, w4 = a3 >= a4 ? wLow : wHigh
            let ll = terms.a12[slot] + high + log1p(e)
            let dr = terms.dA1r[slot] - w3 * logAgeTerm - w4 * logRecencyTerm
            let dalpha = r / alpha - w3 * (r + x) / (alpha + data.age[row]) - w4 * (r + x) / (alpha + data.recency[row])
            let da = terms.dA2a[slot] + w4 / a
            let db = terms.dA2b[slot] + w4 * terms.dA4b[slot]
            total += w * ll
            gr += w * dr
            galpha += w * dalpha
            ga += w * da
            gb += w * db
        }
        return [total, gr, galpha, ga, gb]
    }
}

/// A fitted MBG/NBD model with how the fit went.
public struct MBGNBDFit: Sendable, Hashable, Codable {
    /// The maximum-likelihood model.
    public var model: MBGNBDModel
    /// Log-likelihood, convergence and the size of the data.
    public var diagnostics: FitDiagnostics
    /// r, α, a and b with standard errors and 95% intervals; nil when the likelihood is flat
    /// in some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?
}
