import Foundation
import Testing
@testable import ClientValue

@Suite("BGNBDModel")
struct BGNBDModelTests {
    /// Fader, Hardie & Lee (2005), Table 1 / Hardie's note: r = 0.243, α = 4.414, a = 0.793,
    /// b = 2.426, LL = −9582.4 on the 2,357 CDNOW customers (weeks).
    @Test("fitting the CDNOW summary reproduces the published parameters and log-likelihood, and lifetimes' fit")
    func cdnowFit() throws {
        let rows = try CDNOW.summary()
        #expect(rows.count == 2357)
        let fit = try BGNBDModel.fit(rows.map(\.history), unit: .week)
        let m = fit.model
        #expect((m.r * 1000).rounded() / 1000 == 0.243)
        #expect((m.alpha * 1000).rounded() / 1000 == 4.414)
        #expect((m.a * 1000).rounded() / 1000 == 0.793)
        #expect((m.b * 1000).rounded() / 1000 == 2.426)
        #expect((fit.diagnostics.logLikelihood * 10).rounded() / 10 == -9582.4)
        #expect(fit.diagnostics.converged)
        #expect(fit.diagnostics.distinctHistories < rows.count)
        // lifetimes 0.11.3 BetaGeoFitter(penalizer_coef=0) on the same file; log-likelihood
        // −9582.425560567368 (also from mpmath at 50 digits).
        #expect(m.r.isApproximatelyEqual(to: 0.24259292827982182, absoluteTolerance: 1e-6))
        #expect(m.alpha.isApproximatelyEqual(to: 4.413532265271819, absoluteTolerance: 1e-5))
        #expect(m.a.isApproximatelyEqual(to: 0.7928859664406882, absoluteTolerance: 1e-6))
        #expect(m.b.isApproximatelyEqual(to: 2.42575238262586, absoluteTolerance: 1e-5))
        #expect(fit.diagnostics.logLikelihood.isApproximatelyEqual(to: -9582.425560567368, absoluteTolerance: 1e-6))
    }

    /// Standard errors from the observed information. Reference: numpy 2.4.6 / scipy 1.17.1,
    /// the BG/NBD log-likelihood written out in numpy on the natural parameter scale, maximised
    /// with scipy.optimize.minimize (Nelder-Mead, then BFGS), a central finite-difference
    /// Hessian with steps of 1e-4 × each parameter, inverted with numpy.linalg.inv.
    @Test("standard errors on CDNOW agree with a finite-difference Hessian computed in numpy")
    func cdnowStandardErrors() throws {
        let fit = try BGNBDModel.fit(CDNOW.summary().map(\.history), unit: .week)
        let estimates = try #require(fit.parameterEstimates)
        #expect(estimates.map(\.name) == ["r", "alpha", "a", "b"])
        let reference = [0.01255731, 0.37822121, 0.18571728, 0.70533844]
        for (estimate, se) in zip(estimates, reference) {
            #expect(abs(estimate.standardError / se - 1) < 2e-3, "\(estimate.name): \(estimate.standardError) against \(se)")
            #expect(estimate.lower < estimate.value && estimate.value < estimate.upper && estimate.lower > 0)
        }
    }
}

@Suite("BGNBDModel predictions")
struct BGNBDPredictionTests {
    /// The published CDNOW estimates (Fader, Hardie & Lee 2005), rounded to 3 decimals.
    static let published = BGNBDModel(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
    /// The same fitted at full precision by lifetimes 0.11.3 (`BetaGeoFitter(penalizer_coef=0).fit(x, t_x, T)` on
    /// cdnow_customers_summary_with_transactions.csv, scipy 1.17.1).
    static let lifetimes = BGNBDModel(r: 0.24259292827982182, alpha: 4.413532265271819, a: 0.7928859664406882, b: 2.42575238262586, unit: .week)

    @Test("the published customer-level checks (Fader, Hardie & Lee 2005; Hardie's notes; BTYD vignette)")
    func publishedChecks() {
        let m = Self.published
        let c1 = PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86)
        #expect((m.expectedPurchases(in: 39, given: c1) * 1000).rounded() / 1000 == 1.226)
        let c2 = PurchaseHistory(frequency: 26, recency: 30.85714, age: 31)
        #expect(abs(m.expectedPurchases(in: 52, given: c2) - 25.7566) < 1e-3)
        #expect(abs(m.probabilityAlive(c2) - 0.96885) < 1e-5)
        #expect((Self.lifetimes.expectedPurchases(newClientOver: 52) * 1000).rounded() / 1000 == 1.444)
    }

    @Test("Hardie's note 027: log-likelihoods that test numerical stability")
    func note027() {
        let m = BGNBDModel(r: 0.25, alpha: 4, a: 0.8, b: 2.5)
        // mpmath at 50 digits: -0.59947381819959263602 and 100.79569309270645176.
        #expect(m.logLikelihood(PurchaseHistory(frequency: 0, recency: 0, age: 40)).isApproximatelyEqual(to: -0.59947381819959263602, absoluteTolerance: 1e-12))
        #expect(m.logLikelihood(PurchaseHistory(frequency: 200, recency: 38, age: 40)).isApproximatelyEqual(to: 100.79569309270645176, absoluteTolerance: 1e-9))
    }

    struct LifetimesCase: Sendable, CustomTestStringConvertible {
        var t: Double, x: Int, tx: Double, age: Double
        var conditional: Double, alive: Double, newClient: Double
        var testDescription: String { "t=\(t) x=\(x) t_x=\(tx) T=\(age)" }
    }

    /// lifetimes 0.11.3 at its fitted CDNOW parameters: `conditional_expected_number_of_purchases_up_to_time(t, x, t_x, T)`,
    /// `conditional_probability_alive(x, t_x, T)` and `expected_number_of_purchases_up_to_time(t)`.
    @Test("conditional and new-client expectations and P(alive) agree with lifetimes", arguments: [
        LifetimesCase(t: 39, x: 2, tx: 30.43, age: 38.86, conditional: 1.2259104241743999, alive: 0.726609136799059, newClient: 1.1950162284461952),
        LifetimesCase(t: 52, x: 26, tx: 30.85714, age: 31, conditional: 25.757769432792855, alive: 0.9688555732167636, newClient: 1.444020769869069),
        LifetimesCase(t: 10, x: 0, tx: 0, age: 38.86, conditional: 0.05421009733134889, alive: 1.0, newClient: 0.4317609895226626),
        LifetimesCase(t: 39, x: 5, tx: 20, age: 39, conditional: 1.0778339677880429, alive: 0.2838541836934597, newClient: 1.1950162284461952),
        LifetimesCase(t: 1, x: 1, tx: 1, age: 1, conditional: 0.16668116115335485, alive: 0.7536579508317123, newClient: 0.05318473689563137),
    ])
    func agreesWithLifetimes(_ c: LifetimesCase) {
        let m = Self.lifetimes
        let history = PurchaseHistory(frequency: c.x, recency: c.tx, age: c.age)
        #expect(m.expectedPurchases(in: c.t, given: history).isApproximatelyEqual(to: c.conditional, absoluteTolerance: 1e-9))
        #expect(m.probabilityAlive(history).isApproximatelyEqual(to: c.alive, absoluteTolerance: 1e-12))
        #expect(m.expectedPurchases(newClientOver: c.t).isApproximatelyEqual(to: c.newClient, absoluteTolerance: 1e-9))
    }

    @Test("seeded property: 0 ≤ P(alive) ≤ 1 and expected purchases grow with t")
    func properties() {
        var random = SplitMix64(seed: 2005)
        for _ in 0..<500 {
            let m = BGNBDModel(r: random.uniform(0.05..<5), alpha: random.uniform(0.1..<50), a: random.uniform(0.05..<5), b: random.uniform(0.05..<10))
            let age = random.uniform(0.1..<100)
            let x = Int(random.uniform(below: 60))
            let history = PurchaseHistory(frequency: x, recency: x == 0 ? 0 : random.uniform(0..<age), age: age)
            let alive = m.probabilityAlive(history)
            #expect(alive >= 0 && alive <= 1)
            var previous = 0.0
            for t in [0.5, 1, 5, 20, 100, 500] {
                let e = m.expectedPurchases(in: t, given: history)
                #expect(e.isFinite && e >= previous - 1e-9, "E[Y(\(t))] = \(e) after \(previous) for \(m) \(history)")
                previous = e
            }
        }
    }
}

@Suite("GammaGammaModel")
struct GammaGammaModelTests {
    @Test("fitting the 946 CDNOW repeat buyers reproduces the published parameters and lifetimes' log-likelihood")
    func cdnowFit() throws {
        let spend = try CDNOW.summary().filter { $0.history.frequency > 0 }.map { SpendHistory(frequency: $0.history.frequency, meanSpend: $0.meanRepeatSpend) }
        #expect(spend.count == 946)
        let fit = try GammaGammaModel.fit(spend)
        // Published (Fader & Hardie 2013): p = 6.25, q = 3.74, γ = 15.44 (γ is 15.4477, so the
        // published figure is truncated, not rounded).
        #expect(abs(fit.model.p - 6.25) < 0.005 && abs(fit.model.q - 3.74) < 0.005 && abs(fit.model.gamma - 15.44) < 0.01)
        // lifetimes 0.11.3 GammaGammaFitter(penalizer_coef=0) on the same 946 customers.
        #expect(fit.model.p.isApproximatelyEqual(to: 6.248802496075312, absoluteTolerance: 1e-5))
        #expect(fit.model.q.isApproximatelyEqual(to: 3.744588460923114, absoluteTolerance: 1e-5))
        #expect(fit.model.gamma.isApproximatelyEqual(to: 15.44774806492914, absoluteTolerance: 1e-4))
        // lifetimes 0.11.3 GammaGammaFitter(penalizer_coef=0): total log-likelihood −4055.9232435028644.
        #expect(fit.diagnostics.logLikelihood.isApproximatelyEqual(to: -4055.9232435028644, absoluteTolerance: 1e-6))
        // Standard errors: the same numpy/scipy finite-difference Hessian as for BG/NBD above.
        let estimates = try #require(fit.parameterEstimates)
        for (estimate, se) in zip(estimates, [1.18967834, 0.29016394, 4.15996053]) {
            #expect(abs(estimate.standardError / se - 1) < 2e-3, "\(estimate.name): \(estimate.standardError) against \(se)")
        }
    }

    @Test("expected spend: the published examples and lifetimes' conditional_expected_average_profit", arguments: [
        (2, 22.35, 24.663713910761157), (1, 11.77, 18.91685205784205), (0, 0.0, 35.21897810218978),
    ])
    func expectedSpend(_ x: Int, _ zbar: Double, _ expected: Double) {
        // At the published (6.25, 3.74, 15.44): 24.65 (2 decimals, rounds 24.66), 18.91, and the population mean 35.17
        // at the fitted values; lifetimes gives the full-precision values at the published parameters.
        let m = GammaGammaModel(p: 6.25, q: 3.74, gamma: 15.44)
        #expect(m.expectedSpend(SpendHistory(frequency: x, meanSpend: zbar)).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-9))
    }

    @Test("over 50,000 seeded clients (four blocks), the likelihood and its gradient equal the density summed term by term")
    func blockedLikelihood() {
        var random = SplitMix64(seed: 41)
        let histories = (0..<50_000).map { _ in
            SpendHistory(frequency: 1 + Int(random.uniform(below: 40)), meanSpend: exp(random.nextDouble() * 12) / 10)
        }
        let rows = SpendRows(histories)
        // −(1/N) Σ ln f(z̄ | p, q, γ, x), with ln f = lnΓ(px + q) − lnΓ(px) − lnΓ(q) + q ln γ
        // + (px − 1) ln z̄ + px ln x − (px + q) ln(γ + x z̄): the marginal density of the mean spend
        // z̄ over x transactions (Fader & Hardie, "The Gamma-Gamma Model of Monetary Value", 2013).
        func reference(_ p: Double, _ q: Double, _ gamma: Double) -> Double {
            var sum = 0.0
            for h in histories {
                let x = Double(h.frequency), z = h.meanSpend, px = p * x
                sum += lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma) + (px - 1) * log(z) + px * log(x) - (px + q) * log(gamma + x * z)
            }
            return -sum / Double(histories.count)
        }
        let theta = [log(0.8), log(2.5), log(40.0)]
        var gradient = [0.0, 0.0, 0.0]
        let value = GammaGammaModel.negativeMeanLogLikelihood(theta, rows, &gradient)
        #expect(abs(value / reference(0.8, 2.5, 40) - 1) < 1e-11)
        // The gradient with respect to the logs, against central differences of the reference.
        for k in 0..<3 {
            var up = theta, down = theta
            up[k] += 1e-5
            down[k] -= 1e-5
            let difference = (reference(exp(up[0]), exp(up[1]), exp(up[2])) - reference(exp(down[0]), exp(down[1]), exp(down[2]))) / 2e-5
            #expect(gradient[k].isApproximatelyEqual(to: difference, absoluteTolerance: 1e-6), "component \(k): \(gradient[k]) against \(difference)")
        }
    }

    @Test("a history without repeat purchases or with non-positive spend is a clear error")
    func invalidInput() {
        #expect(throws: ModelFitError.self) { try GammaGammaModel.fit([SpendHistory(frequency: 2, meanSpend: 0), SpendHistory(frequency: 1, meanSpend: 5)]) }
        #expect(throws: ModelFitError.self) { try GammaGammaModel.fit([SpendHistory(frequency: 0, meanSpend: 5), SpendHistory(frequency: 1, meanSpend: 5)]) }
        #expect(throws: ModelFitError.self) { try GammaGammaModel.fit([SpendHistory(frequency: 1, meanSpend: 5)]) }
    }
}

@Suite("BGNBDModel: bad input")
struct BGNBDBadInputTests {
    @Test("impossible histories and data without repeat purchases are errors, not numbers", arguments: PurchaseModelChecks.impossibleHistories)
    func invalid(_ histories: [PurchaseHistory]) {
        #expect(throws: ModelFitError.self) { try BGNBDModel.fit(histories) }
    }
}
