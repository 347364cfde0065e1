import Foundation
import Testing
@testable import ClientValue

// Reference values in this file were made outside the repository, never by the tests:
// - lifetimes 0.11.3 (scipy 1.17.1, numpy 2.4.6, Python 3.11): a `ModifiedBetaGeoFitter()` whose
//   `params_` was set to the parameters shown, then
//   `-ModifiedBetaGeoFitter._negative_log_likelihood(log(params), [x], [t_x], [T], [1.0], 0.0)`,
//   `conditional_probability_alive(x, t_x, T)`,
//   `conditional_expected_number_of_purchases_up_to_time(t, x, t_x, T)` and
//   `expected_number_of_purchases_up_to_time(t)`.
// - The CDNOW maximum-likelihood estimate and its standard errors: mpmath 1.4.1 at 40 digits,
//   the total log-likelihood over the 1,016 distinct (x, t_x, T) of the CDNOW summary on the
//   natural parameter scale (Batislam et al. 2007 eq. 3, as in lifetimes), Newton iterations
//   from lifetimes' own fit (`ModifiedBetaGeoFitter().fit(x, t_x, T)`, which gives r = 0.524838,
//   α = 6.182988, a = 0.891356, b = 1.614000), then a central finite-difference Hessian (relative
//   steps 1e-4 and 1e-5, which agree to 1e-6) inverted: SE = sqrt(diag((−H)⁻¹)).
// - P(alive at T + t): mpmath 1.4.1 `quad` over (λ, p) of the individual-level joint densities:
//   the numerator E[λ^x (1−p)^{x+1} e^{−λT} e^{−λpt}] (alive at T, then each Poisson(λt)
//   purchase survived with probability 1 − p) over the likelihood, independent of the ₂F₁ closed
//   form tested.

@Suite("MBGNBDModel")
struct MBGNBDModelTests {
    /// Batislam, Denizel & Filiztekin (2007) on CDNOW (weeks): r = 0.525, α = 6.183, a = 0.891,
    /// b = 1.614.
    @Test("fitting the CDNOW summary reproduces the published parameters and the exact maximum")
    func cdnowFit() throws {
        let rows = try CDNOW.summary()
        let fit = try MBGNBDModel.fit(rows.map(\.history), unit: .week)
        let m = fit.model
        #expect(fit.diagnostics.converged)
        #expect(fit.diagnostics.clients == 2357 && fit.diagnostics.distinctHistories == 1016)
        #expect((m.r * 1000).rounded() / 1000 == 0.525)
        #expect((m.alpha * 1000).rounded() / 1000 == 6.183)
        #expect((m.a * 1000).rounded() / 1000 == 0.891)
        #expect((m.b * 1000).rounded() / 1000 == 1.614)
        // The exact maximum (mpmath, see the top of the file), LL −9582.1326848999039.
        #expect(fit.diagnostics.logLikelihood.isApproximatelyEqual(to: -9582.1326848999039, absoluteTolerance: 1e-6))
        #expect(m.r.isApproximatelyEqual(to: 0.5248379836664061, absoluteTolerance: 1e-6))
        #expect(m.alpha.isApproximatelyEqual(to: 6.1829920196840615, absoluteTolerance: 1e-5))
        #expect(m.a.isApproximatelyEqual(to: 0.89135615533593645, absoluteTolerance: 1e-6))
        #expect(m.b.isApproximatelyEqual(to: 1.6139993347394282, absoluteTolerance: 1e-5))
    }

    @Test("standard errors at the CDNOW estimate agree with an independent finite-difference Hessian to 1e-3")
    func cdnowStandardErrors() throws {
        let fit = try MBGNBDModel.fit(try CDNOW.summary().map(\.history), unit: .week)
        let estimates = try #require(fit.parameterEstimates)
        #expect(estimates.map(\.name) == ["r", "alpha", "a", "b"])
        let reference = [0.0832640639816, 0.695597929393, 0.154785310378, 0.537472355777]
        for (estimate, se) in zip(estimates, reference) {
            #expect(abs(estimate.standardError / se - 1) < 1e-3, "\(estimate.name): \(estimate.standardError) vs \(se)")
            #expect(estimate.lower < estimate.value && estimate.value < estimate.upper)
        }
    }

    @Test("the analytic gradient of the objective matches central differences", arguments: [
        [0.525, 6.183, 0.891, 1.614], [0.3, 4.0, 1.7, 3.2], [3.0, 0.5, 0.2, 20.0],
    ])
    func gradient(_ parameters: [Double]) throws {
        let data = CollapsedHistories(try CDNOW.summary().map(\.history))
        let theta = parameters.map { log($0) }
        var gradient = [Double](repeating: 0, count: 4), scratch = gradient
        _ = MBGNBDModel.negativeMeanLogLikelihood(theta, data, &gradient)
        for i in 0..<4 {
            let h = 1e-5
            var up = theta, down = theta
            up[i] += h
            down[i] -= h
            let numeric = (MBGNBDModel.negativeMeanLogLikelihood(up, data, &scratch) - MBGNBDModel.negativeMeanLogLikelihood(down, data, &scratch)) / (2 * h)
            #expect(abs(numeric - gradient[i]) < 1e-7 * max(1, abs(numeric)), "∂/∂θ\(i): \(gradient[i]) vs \(numeric) at \(parameters)")
        }
    }
}

extension MBGNBDModelTests {
    /// Seeded MBG/NBD clients: λ ~ Gamma(r, α), p ~ Beta(a, b); the client may drop out right
    /// after its first purchase and after each repeat purchase, with probability p.
    static func simulate(_ truth: MBGNBDModel, clients: Int, seed: UInt64) -> [PurchaseHistory] {
        var random = SplitMix64(seed: seed)
        return (0..<clients).map { _ in
            // Ages and recencies in whole days, as a weekly summary of daily data has them.
            let age = (random.uniform(20..<52) * 7).rounded(.down) / 7
            let lambda = random.gamma(shape: truth.r, scale: 1 / truth.alpha)
            let p = random.beta(truth.a, truth.b)
            var time = 0.0, frequency = 0, recency = 0.0
            while !random.chance(p) {
                time += random.exponential(mean: 1 / lambda)
                guard time <= age else { break }
                frequency += 1
                recency = time
            }
            return PurchaseHistory(frequency: frequency, recency: (recency * 7).rounded(.down) / 7, age: age)
        }
    }

    @Test("fitting simulated clients recovers the parameters and beats the true parameters' likelihood")
    func simulated() throws {
        let truth = MBGNBDModel(r: 0.5, alpha: 6, a: 0.9, b: 1.6)
        let histories = Self.simulate(truth, clients: 6000, seed: 2007)
        let fit = try MBGNBDModel.fit(histories)
        #expect(fit.diagnostics.converged)
        let m = fit.model
        #expect(abs(m.r / truth.r - 1) < 0.2 && abs(m.alpha / truth.alpha - 1) < 0.25, "\(m)")
        #expect(abs(m.a / truth.a - 1) < 0.35 && abs(m.b / truth.b - 1) < 0.5, "\(m)")
        let atTruth = histories.reduce(0) { $0 + truth.logLikelihood($1) }
        let atFit = histories.reduce(0) { $0 + m.logLikelihood($1) }
        #expect(atFit >= atTruth)
        #expect(atFit.isApproximatelyEqual(to: fit.diagnostics.logLikelihood, absoluteTolerance: 1e-6 * abs(atFit)))
    }
}

@Suite("MBGNBDModel predictions")
struct MBGNBDPredictionTests {
    static let published = [0.525, 6.183, 0.891, 1.614]
    /// a > 1 and a + b > r: the other branch of the expectations' evaluation.
    static let second = [0.3, 4.0, 1.7, 3.2]

    static func model(_ p: [Double]) -> MBGNBDModel { MBGNBDModel(r: p[0], alpha: p[1], a: p[2], b: p[3], unit: .week) }

    /// lifetimes 0.11.3 at fixed parameters (see the top of the file).
    @Test("log-likelihood, P(alive) and conditional expectations agree with lifetimes", arguments: [
        LifetimesCase(parameters: published, x: 2, tx: 30.43, age: 38.86, logLikelihood: -9.48555131453393, alive: 0.7062022651184873, e39: 1.2629606232673432, e52: 1.5972166308180844),
        LifetimesCase(parameters: published, x: 26, tx: 30.85714, age: 31, logLikelihood: -38.32205635718252, alive: 0.9654979866106383, e39: 19.44934966151746, e52: 24.00222842955826),
        LifetimesCase(parameters: published, x: 0, tx: 0, age: 38.86, logLikelihood: -0.5398374635310148, alive: 0.3897350809187629, e39: 0.15401274667514553, e52: 0.19770581741636964),
        LifetimesCase(parameters: published, x: 5, tx: 20, age: 39, logLikelihood: -16.70740655193534, alive: 0.2669996359081433, e39: 1.006358255313956, e52: 1.2628967683660766),
        LifetimesCase(parameters: published, x: 1, tx: 1, age: 1, logLikelihood: -3.134351908743271, alive: 0.7457917261055634, e39: 3.179811961636471, e52: 3.767619781084355),
        LifetimesCase(parameters: published, x: 200, tx: 38, age: 40, logLikelihood: 91.76555936062661, alive: 0.030596068692788008, e39: 3.892718384178097, e52: 4.835552073394033),
        LifetimesCase(parameters: published, x: 3, tx: 5.5, age: 39, logLikelihood: -9.735854041701764, alive: 0.04215389446089472, e39: 0.10335815176991497, e52: 0.13026323872647086),
        LifetimesCase(parameters: second, x: 2, tx: 30.43, age: 38.86, logLikelihood: -9.785352734045068, alive: 0.6489223717478534, e39: 1.0401537313805858, e52: 1.2914700442582805),
        LifetimesCase(parameters: second, x: 26, tx: 30.85714, age: 31, logLikelihood: -38.81538648486746, alive: 0.939116177107202, e39: 15.444777575092205, e52: 18.037322637151508),
        LifetimesCase(parameters: second, x: 0, tx: 0, age: 38.86, logLikelihood: -0.40416584194534844, alive: 0.4802675463936751, e39: 0.11332744440225404, e52: 0.145104896400268),
        LifetimesCase(parameters: second, x: 5, tx: 20, age: 39, logLikelihood: -16.950661106410184, alive: 0.17987871655017904, e39: 0.6055988630893524, e52: 0.7366773263781494),
        LifetimesCase(parameters: second, x: 1, tx: 1, age: 1, logLikelihood: -3.3064381774652, alive: 0.7118644067796611, e39: 2.6497724590604452, e52: 2.980680157059875),
        LifetimesCase(parameters: second, x: 200, tx: 38, age: 40, logLikelihood: 98.5123934726547, alive: 0.010619399019613054, e39: 1.1001144496207043, e52: 1.292521540878658),
        LifetimesCase(parameters: second, x: 3, tx: 5.5, age: 39, logLikelihood: -9.682428433248678, alive: 0.024392696103894457, e39: 0.05388670622800425, e52: 0.06632466459094714),
    ])
    func agreesWithLifetimes(_ c: LifetimesCase) {
        PurchaseModelChecks.expectAgrees(.mbgnbd(Self.model(c.parameters)), c, aliveTolerance: 1e-12)
    }

    /// lifetimes 0.11.3 `expected_number_of_purchases_up_to_time(t)`.
    @Test("new-client expectations agree with lifetimes", arguments: [
        (published, 1.0, 0.053084795263698685), (published, 10.0, 0.4334674151565691), (published, 39.0, 1.1829536655971713), (published, 52.0, 1.4197237577127344),
        (second, 1.0, 0.04684332774092225), (second, 10.0, 0.3518325743160565), (second, 39.0, 0.8510850981409537), (second, 52.0, 0.9889255053526014),
    ])
    func newClient(_ parameters: [Double], _ t: Double, _ expected: Double) {
        #expect(Self.model(parameters).expectedPurchases(newClientOver: t).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
    }

    /// mpmath quadrature at the published parameters (see the top of the file).
    @Test("P(alive t units after the observation end) agrees with direct integration", arguments: [
        (2, 30.43, 38.86, 13.0, 0.633473498714557), (2, 30.43, 38.86, 52.0, 0.492748653901823),
        (0, 0.0, 38.86, 13.0, 0.375956070839327), (0, 0.0, 38.86, 52.0, 0.344710448293438),
        (5, 20.0, 39.0, 13.0, 0.229471402057464), (5, 20.0, 39.0, 52.0, 0.163877930619213),
        (1, 1.0, 1.0, 13.0, 0.508162226512504), (1, 1.0, 1.0, 52.0, 0.292569340798314),
    ])
    func aliveAfter(_ x: Int, _ tx: Double, _ age: Double, _ t: Double, _ expected: Double) {
        PurchaseModelChecks.expectAliveAfter(.mbgnbd(Self.model(Self.published)), x: x, tx: tx, age: age, t: t, expected: expected)
    }

    @Test("a = 1 is a removable singularity of the expectations")
    func unitA() {
        let history = PurchaseHistory(frequency: 3, recency: 20, age: 30)
        let at = MBGNBDModel(r: 0.6, alpha: 10, a: 1, b: 2)
        let near = MBGNBDModel(r: 0.6, alpha: 10, a: 1 + 1e-4, b: 2)
        let value = at.expectedPurchases(in: 52, given: history)
        #expect(value.isFinite && value > 0)
        #expect(value.isApproximatelyEqual(to: near.expectedPurchases(in: 52, given: history), absoluteTolerance: 1e-4 * value))
        #expect(at.expectedPurchases(newClientOver: 52).isApproximatelyEqual(to: near.expectedPurchases(newClientOver: 52), absoluteTolerance: 1e-4))
    }

    @Test("seeded property: 0 ≤ P(alive) ≤ 1, E[Y(t)] grows with t, P(alive after t) falls with t")
    func properties() {
        PurchaseModelChecks.expectProperties(seed: 2007) { random in
            .mbgnbd(MBGNBDModel(r: random.uniform(0.05..<5), alpha: random.uniform(0.1..<50), a: random.uniform(0.05..<5), b: random.uniform(0.05..<10)))
        }
    }
}

@Suite("MBGNBDModel: bad input")
struct MBGNBDBadInputTests {
    @Test("impossible histories and data without repeat purchases are errors, not numbers", arguments: PurchaseModelChecks.impossibleHistories)
    func invalid(_ histories: [PurchaseHistory]) {
        let error = #expect(throws: ModelFitError.self) { try MBGNBDModel.fit(histories) }
        guard case .invalidInput(let model, _)? = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))")
            return
        }
        #expect(model == "MBG/NBD")
    }
}
