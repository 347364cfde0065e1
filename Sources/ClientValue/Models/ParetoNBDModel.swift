#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Pareto/NBD model of repeat purchasing (Schmittlein, Morrison & Colombo 1987, "Counting
/// Your Customers: Who Are They and What Will They Do Next?", Management Science 33(1), 1–24).
///
/// While alive, a client buys at rate λ ~ Gamma(r, α); its lifetime is exponential with rate
/// μ ~ Gamma(s, β), independent of λ, so it can drop out at any moment (not only at purchases
/// as in BG/NBD). Rates and times are per ``unit``. The expressions follow Fader, Hardie & Lee
/// (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions" (Hardie's note 009,
/// whose equation numbers are cited below), and for the likelihood Fader, Hardie & Lee (2005),
/// "A Note on Implementing the Pareto/NBD Model in MATLAB" (note 008).
///
/// ```swift
/// let fit = try ParetoNBDModel.fit(histories, unit: .week)
/// let client = PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86)
/// fit.model.probabilityAlive(client)                // 0.869 at the CDNOW estimates
/// fit.model.expectedPurchases(in: 39, given: client) // 1.455
/// ```
public struct ParetoNBDModel: Sendable, Hashable, Codable {
    /// Shape r and scale α of the gamma distribution of purchase rates λ (α in ``unit``s).
    public var r: Double
    /// α, the scale of the gamma distribution of purchase rates, in ``unit``s: a living
    /// client's mean rate is r/α purchases per unit.
    public var alpha: Double
    /// Shape s and scale β of the gamma distribution of drop-out rates μ (β in ``unit``s).
    public var s: Double
    /// β, the scale of the gamma distribution of drop-out rates, in ``unit``s: the mean rate
    /// of leaving is s/β per unit.
    public var beta: Double
    /// The time unit of ``alpha`` and ``beta`` and of every time the model takes or returns.
    public var unit: TimeUnit

    /// A model with the given parameters, all positive; `alpha` and `beta` are in `unit`s.
    ///
    /// - Parameters:
    ///   - r: The shape of the gamma distribution of purchase rates.
    ///   - alpha: Its scale, in `unit`s.
    ///   - s: The shape of the gamma distribution of drop-out rates.
    ///   - beta: Its scale, in `unit`s.
    ///   - unit: The time unit of `alpha`, `beta` and the histories; weeks by default.
    public init(r: Double, alpha: Double, s: Double, beta: Double, unit: TimeUnit = .week) {
        self.r = r
        self.alpha = alpha
        self.s = s
        self.beta = beta
        self.unit = unit
    }

    // MARK: Likelihood

    /// The log-likelihood of one client's history, in log space throughout.
    ///
    /// L = Γ(r+x) α^r β^s / Γ(r) · [ 1/((α+T)^{r+x} (β+T)^s) + s/(r+s+x) · A₀ ]
    /// (Fader, Hardie & Lee 2005 note, eq. 18), where
    /// A₀ = (r+s+x) ∫_{t_x}^{T} (α+τ)^{−(r+x)} (β+τ)^{−(s+1)} dτ is the chance of dropping out
    /// unseen between the last purchase and T. Its antiderivative is the ₂F₁ expression of the
    /// note (eqs. 19–20), a different one for α ≥ β and α < β; here each is rewritten by Euler's
    /// transformation as ₂F₁(1, ·; r+s+x+1; z) with 0 ≤ z < 1, a series of positive terms (by
    /// quadrature instead when z > 0.97, where the series is slow), and the difference of its
    /// values at t_x and T, A₀ = (r+s+x)(J(t_x) − J(T)), is taken in log space as
    /// ln J(t_x) + ln(1 − J(T)/J(t_x)), so no cancellation when t_x is close to T.
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: ln L, the natural log of the likelihood; at most 0.
    public func logLikelihood(_ history: PurchaseHistory) -> Double {
        let parts = likelihoodParts(history)
        return parts.k + SpecialFunctions.logSumExp(parts.alive.value, parts.dead.value)
    }

    // MARK: Predictions

    /// P(alive at the end of observation | x, t_x, T) (Fader, Hardie & Lee 2005 note, eq. 36):
    /// the share of the likelihood from the "still alive at T" branch,
    /// [1/((α+T)^{r+x} (β+T)^s)] / [1/((α+T)^{r+x} (β+T)^s) + s/(r+s+x) · A₀].
    /// It is 1 when t_x = T, and below 1 for a client with no repeat purchase.
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: The probability, between 0 and 1, that the client is still a client.
    public func probabilityAlive(_ history: PurchaseHistory) -> Double {
        let parts = likelihoodParts(history)
        return 1 / (1 + exp(parts.dead.value - parts.alive.value))
    }

    /// P(alive `t` units after the end of observation | x, t_x, T).
    ///
    /// Derivation: a client alive at T contributes λ^x e^{−λT} e^{−μT} to the likelihood, which
    /// factorises, so given the history and alive at T the drop-out rate is
    /// μ ~ Gamma(s, β+T) (not depending on x, since λ and μ are independent). The client
    /// survives (T, T+t] with probability e^{−μt}, whose expectation is the gamma Laplace
    /// transform, so
    ///
    /// P(alive at T+t) = P(alive at T) · ((β+T)/(β+T+t))^s.
    ///
    /// At t = 0 this is ``probabilityAlive(_:)``; it falls with t towards 0.
    ///
    /// - Parameters:
    ///   - history: The client's (x, t_x, T), in the model's ``unit``.
    ///   - t: The time after the end of observation, in the same unit.
    /// - Returns: The probability, between 0 and 1, that the client is still a client then.
    public func probabilityAlive(_ history: PurchaseHistory, after t: Double) -> Double {
        let alive = probabilityAlive(history)
        guard t > 0 else { return alive }
        return alive * exp(-s * log1p(t / (beta + history.age)))
    }

    /// Expected repeat purchases of a new client in its first `t` units (Fader, Hardie & Lee
    /// 2005 note, eq. 27):
    ///
    /// E[X(t)] = r β / (α (s−1)) · [1 − (β/(β+t))^{s−1}],
    ///
    /// evaluated as (r β/α) · ℓ · (1 − e^{−(s−1)ℓ})/((s−1)ℓ) with ℓ = ln(1 + t/β), which is
    /// exact and stable at s = 1 (where it is (r β/α) ℓ).
    ///
    /// - Parameter t: The time since the new client's first purchase, in the model's ``unit``.
    /// - Returns: The expected number of repeat purchases in that time; 0 when `t` ≤ 0.
    public func expectedPurchases(newClientOver t: Double) -> Double {
        guard t > 0 else { return 0 }
        let ell = log1p(t / beta)
        return r * beta / alpha * ell * Self.oneMinusExpRatio((s - 1) * ell)
    }

    /// Expected purchases in the next `t` units given the history (Fader, Hardie & Lee 2005
    /// note, eq. 41):
    ///
    /// E[Y(t) | x, t_x, T] = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}],
    ///
    /// with the bracket evaluated as for ``expectedPurchases(newClientOver:)`` so that s = 1 is
    /// no special case.
    ///
    /// - Parameters:
    ///   - t: The length of the forecast period after the end of observation, in the model's
    ///     ``unit``.
    ///   - history: The client's (x, t_x, T), in the same unit.
    /// - Returns: The expected number of purchases in the period; 0 when `t` ≤ 0.
    public func expectedPurchases(in t: Double, given history: PurchaseHistory) -> Double {
        guard t > 0 else { return 0 }
        let x = Double(history.frequency)
        let ell = log1p(t / (beta + history.age))
        let rate = (r + x) / (alpha + history.age) * (beta + history.age)
        return probabilityAlive(history) * rate * ell * Self.oneMinusExpRatio((s - 1) * ell)
    }

    /// (1 − e^{−u}) / u, and 1 at u = 0.
    static func oneMinusExpRatio(_ u: Double) -> Double {
        u == 0 ? 1 : -expm1(-u) / u
    }

    // MARK: The likelihood's pieces

    /// A log-term of the likelihood with its partial derivatives on the natural scale.
    struct LogTerm {
        var value: Double
        var dr = 0.0, dalpha = 0.0, ds = 0.0, dbeta = 0.0
    }

    /// ln L = k + ln(e^{alive} + e^{dead}): k = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β,
    /// alive = −(r+x) ln(α+T) − s ln(β+T), dead = ln(s/(r+s+x) · A₀) (−∞ when t_x = T).
    func likelihoodParts(_ history: PurchaseHistory) -> (k: Double, alive: LogTerm, dead: LogTerm) {
        let x = Double(history.frequency)
        let k = SpecialFunctions.logGamma(r + x) - SpecialFunctions.logGamma(r) + r * log(alpha) + s * log(beta)
        let atRecency = Self.logTail(history.recency, x: x, r: r, alpha: alpha, s: s, beta: beta)
        let dead = Self.logDeadTerm(atRecency, recency: history.recency, age: history.age, x: x, r: r, alpha: alpha, s: s, beta: beta)
        return (k, Self.logAliveTerm(age: history.age, x: x, r: r, alpha: alpha, s: s, beta: beta), dead)
    }

    /// −(r+x) ln(α+T) − s ln(β+T): the client is still alive at T.
    static func logAliveTerm(age: Double, x: Double, r: Double, alpha: Double, s: Double, beta: Double) -> LogTerm {
        let logAlphaT = log(alpha + age), logBetaT = log(beta + age)
        return LogTerm(value: -(r + x) * logAlphaT - s * logBetaT,
                       dr: -logAlphaT, dalpha: -(r + x) / (alpha + age), ds: -logBetaT, dbeta: -s / (beta + age))
    }

    /// ln(s · (J(t_x) − J(T))) with J from ``logTail(_:x:r:alpha:s:beta:seriesLimit:)``: the client dropped
    /// out unseen between its last purchase and T. `atRecency` is ln J(t_x).
    static func logDeadTerm(_ atRecency: LogTerm, recency: Double, age: Double, x: Double,
                            r: Double, alpha: Double, s: Double, beta: Double) -> LogTerm {
        guard age > recency else { return LogTerm(value: -.infinity) }
        let atAge = logTail(age, x: x, r: r, alpha: alpha, s: s, beta: beta)
        let logRatio = atAge.value - atRecency.value
        guard logRatio < 0 else { return LogTerm(value: -.infinity) }
        // ln(J(t_x) − J(T)) = ln J(t_x) + ln(1 − ρ), ρ = J(T)/J(t_x); its gradient is
        // (∇ln J(t_x) − ρ ∇ln J(T)) / (1 − ρ).
        let rho = exp(logRatio)
        let oneMinusRho = -expm1(logRatio)
        func combine(_ near: Double, _ far: Double) -> Double { (near - rho * far) / oneMinusRho }
        return LogTerm(value: log(s) + atRecency.value + log(oneMinusRho),
                       dr: combine(atRecency.dr, atAge.dr),
                       dalpha: combine(atRecency.dalpha, atAge.dalpha),
                       ds: 1 / s + combine(atRecency.ds, atAge.ds),
                       dbeta: combine(atRecency.dbeta, atAge.dbeta))
    }

    /// ln J(τ), J(τ) = ∫_τ^∞ (α+u)^{−(r+x)} (β+u)^{−(s+1)} du, with its gradient.
    ///
    /// With c = r+s+x+1, Euler's transformation of the note's ₂F₁ expressions gives
    /// - α ≥ β: J = (α+τ)^{−(r+x)} (β+τ)^{−s} ₂F₁(1, r+x; c; z) / (c−1), z = (α−β)/(α+τ),
    /// - α < β: J = (β+τ)^{−(s+1)} (α+τ)^{1−r−x} ₂F₁(1, s+1; c; z) / (c−1), z = (β−α)/(β+τ).
    ///
    /// The series converges like zⁿ, so above z = `seriesLimit` (α and β far apart, τ small)
    /// J comes from ``logTailByQuadrature(_:_:_:)`` instead.
    static func logTail(_ tau: Double, x: Double, r: Double, alpha: Double, s: Double, beta: Double,
                        seriesLimit: Double = 0.97) -> LogTerm {
        let c = r + s + x + 1
        let alphaIsLarger = alpha >= beta
        let (large, small) = alphaIsLarger ? (alpha, beta) : (beta, alpha)
        let z = (large - small) / (large + tau)
        if z > seriesLimit {
            // J = (M−m)^{1−c} K(v₀) with M, m the larger and smaller scale, v₀ = 1 − z, and B the
            // exponent of the smaller scale's factor; A = c − B that of the larger's.
            let exponent = alphaIsLarger ? s + 1 : r + x
            let v0 = (small + tau) / (large + tau)
            let k = logTailByQuadrature(exponent, c, v0)
            let logGap = log(large - small)
            let dA = -logGap + k.dc
            let dB = -logGap + k.dB + k.dc
            let dLarge = (1 - c) / (large - small) - k.dv0 * v0 / (large + tau)
            let dSmall = -(1 - c) / (large - small) + k.dv0 / (large + tau)
            return alphaIsLarger
                ? LogTerm(value: (1 - c) * logGap + k.value, dr: dA, dalpha: dLarge, ds: dB, dbeta: dSmall)
                : LogTerm(value: (1 - c) * logGap + k.value, dr: dB, dalpha: dSmall, ds: dA, dbeta: dLarge)
        }
        let logAlpha = log(alpha + tau), logBeta = log(beta + tau)
        let norm = -log(c - 1)
        if alphaIsLarger {
            let f = unitHypergeometric(r + x, c, z)
            let fz = f.dz / f.value
            return LogTerm(value: -(r + x) * logAlpha - s * logBeta + log(f.value) + norm,
                           dr: -logAlpha + (f.db + f.dc) / f.value - 1 / (c - 1),
                           dalpha: -(r + x) / (alpha + tau) + fz * (beta + tau) / ((alpha + tau) * (alpha + tau)),
                           ds: -logBeta + f.dc / f.value - 1 / (c - 1),
                           dbeta: -s / (beta + tau) - fz / (alpha + tau))
        }
        let f = unitHypergeometric(s + 1, c, z)
        let fz = f.dz / f.value
        return LogTerm(value: -(s + 1) * logBeta + (1 - r - x) * logAlpha + log(f.value) + norm,
                       dr: -logAlpha + f.dc / f.value - 1 / (c - 1),
                       dalpha: (1 - r - x) / (alpha + tau) - fz / (beta + tau),
                       ds: -logBeta + (f.db + f.dc) / f.value - 1 / (c - 1),
                       dbeta: -(s + 1) / (beta + tau) + fz * (alpha + tau) / ((beta + tau) * (beta + tau)))
    }

    /// ₂F₁(1, b; c; z) = Σₙ (b)ₙ/(c)ₙ zⁿ and its partial derivatives in b, c and z, for
    /// c > b > 0 and 0 ≤ z ≤ 0.97, summed term by term (terms fall at least geometrically, by
    /// z, so at most some 1,300 terms; a few dozen near a typical estimate).
    static func unitHypergeometric(_ b: Double, _ c: Double, _ z: Double) -> (value: Double, db: Double, dc: Double, dz: Double) {
        var value = 1.0, db = 0.0, dc = 0.0, dz = 0.0
        // q = (b)ₙ/(c)ₙ z^{n−1}; sb = Σ_{k<n} 1/(b+k) and sc = Σ_{k<n} 1/(c+k) are the
        // derivatives of ln (b)ₙ and ln (c)ₙ.
        var q = b / c, sb = 1 / b, sc = 1 / c
        var n = 1.0
        while n < 100_000 {
            let term = q * z
            value += term
            db += term * sb
            dc -= term * sc
            dz += n * q
            // Terms fall by at least z from here on, so the remaining tail is below
            // term-size / (1 − z).
            if q * (n + 1) * (1 + sb + sc) <= 1e-17 * (1 - z) * value { break }
            q *= (b + n) / (c + n) * z
            sb += 1 / (b + n)
            sc += 1 / (c + n)
            n += 1
        }
        return (value, db, dc, dz)
    }

    /// ln K(v₀), K(v₀) = ∫_{v₀}^1 v^{−B} (1−v)^{c−2} dv, for 0 < v₀ < e⁻², B > 0 and c > 1, with
    /// its partial derivatives in B (at fixed c), c (at fixed B) and v₀.
    ///
    /// J(τ) = (M−m)^{1−c} K(v₀) by the substitution v = (m+u)/(M+u) (M, m the larger and smaller
    /// of α and β). With v = v₀eʸ and L = −ln v₀, K = v₀^{1−B} (Q₁ + Q₂):
    /// - Q₁ = ∫₀^{L−1} e^{(1−B)y} (1 − e^{y−L})^{c−2} dy, a smooth integrand, by tanh-sinh
    ///   quadrature (step 1/16, 107 nodes; in two pieces split at L − ln c − 3 when that is
    ///   above 1, where the second factor starts to fall steeply; the derivatives in B and c
    ///   integrate −y and ln(1 − e^{y−L}) times the same integrand);
    /// - Q₂ = ∫_{L−1}^{L} … = e^{(1−B)L} ∫₀^{q₁} (1−q)^{−B} q^{c−2} dq with q₁ = 1 − e⁻¹, whose
    ///   endpoint singularity (c < 2) the series Σₖ (B)ₖ/k! q₁^{k+c−1}/(k+c−1) integrates
    ///   exactly. When (B−1)(L−1) > 45 it is below 10⁻¹⁸ of Q₁ and is left out.
    ///
    /// d ln K/dv₀ = −v₀^{−B}(1−v₀)^{c−2}/K exactly. Checked against mpmath at 30 digits over
    /// 0.02 ≤ B ≤ 40, c − B up to 1,000 and 10⁻¹⁴ ≤ v₀ ≤ 0.025: value and derivatives within
    /// 10⁻¹³ (relative) for c below about 200, within 3·10⁻¹⁰ beyond.
    static func logTailByQuadrature(_ exponent: Double, _ c: Double, _ v0: Double) -> (value: Double, dB: Double, dc: Double, dv0: Double) {
        let b = exponent
        let bigL = -log(v0), span = bigL - 1
        // ∫ over [from, to] of e^{(1−B)y} (1 − e^{y−L})^{c−2} dy and its B- and c-derivatives;
        // L − y is formed from the distance to `to`, exact near the singular end.
        func piece(from start: Double, to end: Double) -> (Double, Double, Double) {
            let width = end - start
            var q = 0.0, qB = 0.0, qC = 0.0
            for node in tanhSinhNodes {
                let y = start + width * node.fromStart
                let logFactor = log(-expm1(-((bigL - end) + width * node.fromEnd)))  // ln(1 − e^{y−L})
                let f = exp((1 - b) * y + (c - 2) * logFactor) * node.weight * width
                q += f
                qB -= y * f
                qC += logFactor * f
            }
            return (q, qB, qC)
        }
        // For large c the factor (1 − e^{y−L})^{c−2} falls off sharply around y = L − ln c, far
        // inside a long interval; a second piece starting shortly before it resolves that.
        let split = bigL - log(c) - 3
        var (q, qB, qC) = piece(from: 0, to: split > 1 ? split : span)
        if split > 1 {
            let right = piece(from: split, to: span)
            q += right.0
            qB += right.1
            qC += right.2
        }
        if (b - 1) * span <= 45 {
            let logQ1 = log(1 - exp(-1.0))
            var sum = 0.0, sumB = 0.0, sumC = 0.0
            var coefficient = 1.0, coefficientB = 0.0  // (B)ₖ/k! and its B-derivative
            var k = 0.0
            while k < 10_000 {
                let p = k + c - 1
                let power = exp(p * logQ1)
                sum += coefficient * power / p
                sumB += coefficientB * power / p
                sumC += coefficient * power * (logQ1 / p - 1 / (p * p))
                if coefficient * power / p <= 1e-18 * sum && k > b { break }
                coefficientB = (coefficientB * (b + k) + coefficient) / (k + 1)
                coefficient *= (b + k) / (k + 1)
                k += 1
            }
            let scale = exp((1 - b) * bigL)
            q += scale * sum
            qB += -bigL * scale * sum + scale * sumB
            qC += scale * sumC
        }
        return ((1 - b) * log(v0) + log(q), -log(v0) + qB / q, qC / q, -exp((c - 2) * log1p(-v0)) / (v0 * q))
    }

    /// Tanh-sinh nodes on [0, 1] (step 1/16, |t| ≤ 53/16): the distances of each node from 0
    /// and from 1, computed separately so that neither loses precision near its end, and its
    /// weight.
    static let tanhSinhNodes: [(fromStart: Double, fromEnd: Double, weight: Double)] = (-53...53).map { k in
        let t = Double(k) / 16
        let u = Double.pi / 2 * sinh(t)
        let weight = Double.pi / 2 / 16 * cosh(t) / (cosh(u) * cosh(u)) / 2
        return (1 / (1 + exp(-2 * u)), 1 / (1 + exp(2 * u)), weight)
    }

    // MARK: Fitting

    /// Fits the model by maximum likelihood.
    ///
    /// The four parameters are optimised on the log scale by BFGS with the analytic gradient of
    /// the mean log-likelihood, from several starting points; identical histories are merged
    /// and weighted. The best converged run is kept, and standard errors come from the observed
    /// information at the estimate.
    ///
    /// The likelihood is often nearly flat along a ridge in (s, β) (only the drop-out rates
    /// s/β and their spread over the observed ages are identified), so s and β are less
    /// precisely determined than r and α; their standard errors say how much.
    ///
    /// Degenerate input: one client, or clients whose histories are all alike, say nothing
    /// about how clients differ. The likelihood then rises towards the limit without
    /// heterogeneity (r and α, or s and β, growing together), and the fit stops where it is flat to the tolerance:
    /// finite, very large parameters whose ratios (the mean purchase rate r/α, the mean drop-out rate s/β) are what the data identify, with
    /// ``ParetoNBDFit/parameterEstimates`` nil or very wide; its predictions are finite. Histories too
    /// extreme for the optimiser (ages of millions of units, a client with 100,000 repeat
    /// purchases) give either such a fit or ``ModelFitError/notConverged(model:diagnosis:suggestion:)``,
    /// never NaN.
    ///
    /// - Throws: ``ModelFitError/invalidInput(model:message:)`` for no histories or impossible
    ///   values, or no repeat purchase at all (the purchase rate and the drop-out rate cannot
    ///   then be told apart); ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` when no
    ///   run converges.
    /// - Parameters:
    ///   - histories: One (x, t_x, T) per client, all in `unit`; at least one client must
    ///     have a repeat purchase.
    ///   - unit: The time unit of the histories, recorded in the fitted model; weeks by default.
    /// - Returns: The fitted model, its ``FitDiagnostics`` and the parameters' standard errors.
    /// - Complexity: O(d) per likelihood evaluation for d distinct histories, times a few
    ///   hundred evaluations per starting point; each evaluation sums a ₂F₁ series per
    ///   history, so this is the slowest of the three purchase models.
    public static func fit(_ histories: [PurchaseHistory], unit: TimeUnit = .week) throws(ModelFitError) -> ParetoNBDFit {
        guard !histories.isEmpty else { throw .invalidInput(model: "Pareto/NBD", message: "no clients to fit") }
        if let (index, problem) = histories.lazy.enumerated().compactMap({ h in h.element.problem.map { (h.offset, $0) } }).first {
            throw .invalidInput(model: "Pareto/NBD", message: "history \(index + 1): \(problem)")
        }
        guard histories.contains(where: { $0.frequency > 0 }) else {
            throw .invalidInput(model: "Pareto/NBD", message: "no client made a repeat purchase, so the drop-out rate cannot be estimated")
        }
        let data = CollapsedHistories(histories)
        let meanAge = max(data.age.indices.reduce(0) { $0 + data.age[$1] * data.weight[$1] } / data.totalWeight, 1e-3)
        let starts: [[Double]] = [
            [1, meanAge, 1, meanAge],
            [0.5, meanAge / 3, 0.5, meanAge / 3],
            [0.25, meanAge / 10, 1, meanAge * 3],
            [2, meanAge * 3, 0.5, meanAge / 10],
        ]
        let search = BFGSMinimizer.minimize(fromEach: starts.map { $0.map { log($0) } }) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        guard let best = search.best else {
            throw .notConverged(model: "Pareto/NBD",
                                diagnosis: search.failureDiagnosis("\(data.count) distinct histories of \(histories.count) clients"),
                                suggestion: "Check the histories (time unit, observation end), or try a coarser time unit; very few repeat purchasers also make the model unstable.")
        }
        let model = ParetoNBDModel(r: exp(best.point[0]), alpha: exp(best.point[1]), s: exp(best.point[2]), beta: exp(best.point[3]), unit: unit)
        let diagnostics = FitDiagnostics(logLikelihood: -best.value * data.totalWeight, converged: true, iterations: best.iterations,
                                         evaluations: search.evaluations, startingPoints: search.startsTried, gradientNorm: best.gradientNorm,
                                         clients: histories.count, distinctHistories: data.count)
        let estimates = ObservedInformation.estimates(names: ["r", "alpha", "s", "beta"], logPoint: best.point, scale: data.totalWeight) { theta, gradient in
            negativeMeanLogLikelihood(theta, data, &gradient)
        }
        return ParetoNBDFit(model: model, diagnostics: diagnostics, parameterEstimates: estimates)
    }

    /// −(1/N) Σ wᵢ ln Lᵢ and its gradient with respect to (ln r, ln α, ln s, ln β).
    static func negativeMeanLogLikelihood(_ theta: [Double], _ data: CollapsedHistories, _ gradient: inout [Double]) -> Double {
        let r = exp(theta[0]), alpha = exp(theta[1]), s = exp(theta[2]), beta = exp(theta[3])
        guard r.isFinite, alpha.isFinite, s.isFinite, beta.isFinite, r > 0, alpha > 0, s > 0, beta > 0 else { return .nan }
        // Terms that depend on x only: ln Γ(r+x) − ln Γ(r) and its r-derivative, and ln J(0)
        // (shared by every history with t_x = 0, such as all those with x = 0).
        let k = data.distinctFrequencies.count
        var terms = FrequencyTerms(logGammaRatio: [Double](repeating: 0, count: k), digammaDifference: [Double](repeating: 0, count: k),
                                   tailAtZero: [LogTerm](repeating: LogTerm(value: 0), count: k))
        let psiR = SpecialFunctions.digamma(r), lgR = SpecialFunctions.logGamma(r)
        let zeroRecency = Set(data.recency.indices.lazy.filter { data.recency[$0] == 0 }.map { data.frequencySlot[$0] })
        for (slot, frequency) in data.distinctFrequencies.enumerated() {
            let x = Double(frequency)
            terms.logGammaRatio[slot] = SpecialFunctions.logGamma(r + x) - lgR
            terms.digammaDifference[slot] = SpecialFunctions.digamma(r + x) - psiR
            if zeroRecency.contains(slot) {
                terms.tailAtZero[slot] = logTail(0, x: x, r: r, alpha: alpha, s: s, beta: beta)
            }
        }
        // Rows summed in blocks on the cores, the blocks' sums in block order (see
        // ``ChunkedWork/blockSums(count:width:blockSize:_:)``); each row costs more here, so
        // the blocks are smaller.
        let frozen = terms
        let total = ChunkedWork.blockSums(count: data.count, width: 5, blockSize: 4_096) { range in
            rowSums(range, data, frozen, r: r, alpha: alpha, s: s, beta: beta)
        }
        let n = data.totalWeight
        gradient[0] = -total[1] * r / n
        gradient[1] = -total[2] * alpha / n
        gradient[2] = -total[3] * s / n
        gradient[3] = -total[4] * beta / n
        return -total[0] / n
    }
}

extension ParetoNBDModel {
    /// The pieces of the log-likelihood that depend on x only, one entry per distinct
    /// frequency; `tailAtZero` is set for the frequencies that occur with t_x = 0.
    struct FrequencyTerms: Sendable {
        var logGammaRatio, digammaDifference: [Double]
        var tailAtZero: [LogTerm]
    }

    /// Σ w ln L and the four gradient sums (with respect to r, α, s, β) over `range` of the rows.
    static func rowSums(_ range: Range<Int>, _ data: CollapsedHistories, _ terms: FrequencyTerms,
                        r: Double, alpha: Double, s: Double, beta: Double) -> [Double] {
        var total = 0.0, gr = 0.0, galpha = 0.0, gs = 0.0, gbeta = 0.0
        let logAlpha = log(alpha), logBeta = log(beta)
        for row in range {
            let slot = data.frequencySlot[row]
            let x = Double(data.frequency[row])
            let w = data.weight[row]
            let recency = data.recency[row], age = data.age[row]
            let alive = logAliveTerm(age: age, x: x, r: r, alpha: alpha, s: s, beta: beta)
            let atRecency = recency == 0 ? terms.tailAtZero[slot] : logTail(recency, x: x, r: r, alpha: alpha, s: s, beta: beta)
            let dead = logDeadTerm(atRecency, recency: recency, age: age, x: x, r: r, alpha: alpha, s: s, beta: beta)
            // ln(e^{alive} + e^{dead}) and the two weights, with one exp and one log1p.
            let high = max(alive.value, dead.value)
            let e = exp(min(alive.value, dead.value) - high)
            let wHigh = 1 / (1 + e), wLow = e / (1 + e)
            let wAlive = alive.value >= dead.value ? wHigh : wLow, wDead = alive.value >= dead.value ? wLow : wHigh
            let ll = terms.logGammaRatio[slot] + r * logAlpha + s * logBeta + high + log1p(e)
            total += w * ll
            gr += w * (terms.digammaDifference[slot] + logAlpha + wAlive * alive.dr + wDead * dead.dr)
            galpha += w * (r / alpha + wAlive * alive.dalpha + wDead * dead.dalpha)
            gs += w * (logBeta + wAlive * alive.ds + wDead * dead.ds)
            gbeta += w * (s / beta + wAlive * alive.dbeta + wDead * dead.dbeta)
        }
        return [total, gr, galpha, gs, gbeta]
    }
}

/// A fitted Pareto/NBD model with how the fit went.
public struct ParetoNBDFit: Sendable, Hashable, Codable {
    /// The maximum-likelihood model.
    public var model: ParetoNBDModel
    /// Log-likelihood, convergence and the size of the data.
    public var diagnostics: FitDiagnostics
    /// r, α, s and β with standard errors and 95% intervals; nil when the likelihood is flat
    /// in some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?
}
