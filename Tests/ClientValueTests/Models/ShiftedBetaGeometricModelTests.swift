import Testing
@testable import ClientValue

/// Fader & Hardie (2007), "How to Project Customer Retention": two cohorts of 1,000 clients
/// acquired in year 0, survivors after years 0 … 7. The paper fits the sBG to these seven
/// years of renewals (all eight counts).
enum RetentionCohorts {
    static let highEnd = CohortSurvival(alive: [1000, 869, 743, 653, 593, 551, 517, 491])
    static let regular = CohortSurvival(alive: [1000, 631, 468, 382, 326, 289, 262, 241])
}

@Suite("ShiftedBetaGeometricModel")
struct ShiftedBetaGeometricModelTests {
    struct FitCase: Sendable, CustomTestStringConvertible {
        var name: String
        var cohorts: [CohortSurvival]
        /// Published, 3 decimals (nil when there is no published fit).
        var published: (alpha: Double, beta: Double)?
        /// scipy 1.17.1: α, β, total log-likelihood, standard errors of α and β.
        var alpha: Double, beta: Double, logLikelihood: Double, seAlpha: Double, seBeta: Double
        var testDescription: String { name }
    }

    /// References made with scipy 1.17.1 / numpy 2.4.6: the log-likelihood of eq. 9 written
    /// with `scipy.special.betaln` (ln P(T=t) = betaln(α+1, β+t−1) − betaln(α, β),
    /// ln S(T) = betaln(α, β+T) − betaln(α, β)), maximised over (ln α, ln β) by
    /// `scipy.optimize.minimize` (Nelder–Mead, xatol 1e-12, then BFGS, gtol 1e-10); standard errors
    /// from a central finite-difference Hessian (step 1e-5) of the total log-likelihood on the
    /// natural scale, `sqrt(diag(inv(-H)))`. The published values are Fader & Hardie (2007)'s:
    /// High End α = 0.668, β = 3.806; Regular α = 0.704, β = 1.182 (the Regular counts are
    /// also in Fader & Hardie's 2014 note on the BG model, Table 1).
    @Test("fits reproduce the published estimates and scipy's maximum", arguments: [
        FitCase(name: "High End", cohorts: [RetentionCohorts.highEnd], published: (0.668, 3.806),
                alpha: 0.6680884532861766, beta: 3.8060957612573554, logLikelihood: -1611.1581473911547,
                seAlpha: 0.10370367137729115, seBeta: 0.7852773267583546),
        FitCase(name: "Regular", cohorts: [RetentionCohorts.regular], published: (0.704, 1.182),
                alpha: 0.7040773046692893, beta: 1.1820430071266919, logLikelihood: -1680.2651884632862,
                seAlpha: 0.06559787529787528, seBeta: 0.15247319161920886),
        // Three cohorts of different lengths sharing the parameters (made-up counts).
        FitCase(name: "three cohorts", cohorts: [RetentionCohorts.highEnd, CohortSurvival(alive: [800, 690, 601, 539]), CohortSurvival(alive: [500, 440])],
                published: nil,
                alpha: 0.7367069661826738, beta: 4.452403789417678, logLikelihood: -2581.480984081772,
                seAlpha: 0.11135864308243576, seBeta: 0.8181207154245547),
    ])
    func fit(_ c: FitCase) throws {
        let fit = try ShiftedBetaGeometricModel.fit(c.cohorts)
        let m = fit.model
        if let published = c.published {
            #expect((m.alpha * 1000).rounded() / 1000 == published.alpha)
            #expect((m.beta * 1000).rounded() / 1000 == published.beta)
        }
        #expect(m.alpha.isApproximatelyEqual(to: c.alpha, absoluteTolerance: 1e-6))
        #expect(m.beta.isApproximatelyEqual(to: c.beta, absoluteTolerance: 1e-5))
        #expect(fit.diagnostics.logLikelihood.isApproximatelyEqual(to: c.logLikelihood, absoluteTolerance: 1e-7))
        #expect(fit.diagnostics.converged)
        #expect(fit.diagnostics.clients == c.cohorts.reduce(0) { $0 + $1.alive[0] })
        let estimates = try #require(fit.parameterEstimates)
        #expect(estimates.map(\.name) == ["alpha", "beta"])
        #expect(abs(estimates[0].standardError / c.seAlpha - 1) < 1e-3, "se(α) = \(estimates[0].standardError) vs \(c.seAlpha)")
        #expect(abs(estimates[1].standardError / c.seBeta - 1) < 1e-3, "se(β) = \(estimates[1].standardError) vs \(c.seBeta)")
        let sum = c.cohorts.reduce(0) { $0 + m.logLikelihood($1) }
        #expect(sum.isApproximatelyEqual(to: fit.diagnostics.logLikelihood, absoluteTolerance: 1e-9))
    }

    @Test("a cohort with no period observed yet adds nothing")
    func newCohortIgnored() throws {
        let alone = try ShiftedBetaGeometricModel.fit(RetentionCohorts.highEnd)
        let withNew = try ShiftedBetaGeometricModel.fit([RetentionCohorts.highEnd, CohortSurvival(alive: [700])])
        #expect(alone == withNew)
    }

    @Test("the analytic gradient matches central differences of the objective")
    func gradient() {
        let data = PooledCohorts([RetentionCohorts.highEnd, RetentionCohorts.regular, CohortSurvival(alive: [300, 200, 150])])
        var random = SplitMix64(seed: 2007)
        for _ in 0..<50 {
            let theta = [random.uniform(-3.0..<3.0), random.uniform(-3.0..<5.0)]
            var gradient = [0.0, 0.0], scratch = gradient
            _ = ShiftedBetaGeometricModel.negativeMeanLogLikelihood(theta, data, &gradient)
            for k in 0..<2 {
                var up = theta, down = theta
                up[k] += 1e-6
                down[k] -= 1e-6
                let numeric = (ShiftedBetaGeometricModel.negativeMeanLogLikelihood(up, data, &scratch)
                    - ShiftedBetaGeometricModel.negativeMeanLogLikelihood(down, data, &scratch)) / 2e-6
                #expect(abs(numeric - gradient[k]) < 1e-6 * max(1, abs(numeric)), "θ = \(theta), component \(k)")
            }
        }
    }
}

@Suite("ShiftedBetaGeometricModel predictions")
struct ShiftedBetaGeometricPredictionTests {
    static let highEnd = ShiftedBetaGeometricModel(alpha: 0.668, beta: 3.806)
    static let regular = ShiftedBetaGeometricModel(alpha: 0.704, beta: 1.182)

    /// scipy 1.17.1: S(t) = exp(betaln(α, β+t) − betaln(α, β)), P(T=t) = exp(betaln(α+1, β+t−1) − betaln(α, β)),
    /// at the published parameters, for t = 1, 2, 7, 12.
    @Test("survival and churn probabilities agree with the beta-function forms", arguments: [
        (highEnd, [0.8506928922664282, 0.7468816295638389, 0.4889446208937267, 0.37804042018209144],
                  [0.14930710773357173, 0.10381126270258938, 0.03330766946328874, 0.01705599086057255]),
        (regular, [0.6267232237539765, 0.47384271456381727, 0.23905064169324422, 0.17006257680605033],
                  [0.3732767762460233, 0.15288050919015922, 0.023432421575054825, 0.009827947305160022]),
    ])
    func distribution(_ m: ShiftedBetaGeometricModel, _ survival: [Double], _ churn: [Double]) {
        let curve = m.survivalCurve(through: 12)
        #expect(curve.count == 13 && curve[0] == 1)
        for (t, (s, p)) in zip([1, 2, 7, 12], zip(survival, churn)) {
            #expect(m.survival(after: t).isApproximatelyEqual(to: s, absoluteTolerance: 1e-14))
            #expect(curve[t].isApproximatelyEqual(to: s, absoluteTolerance: 1e-14))
            #expect(m.probabilityOfChurn(inPeriod: t).isApproximatelyEqual(to: p, absoluteTolerance: 1e-14))
            #expect(m.retentionRate(inPeriod: t).isApproximatelyEqual(to: m.survival(after: t) / m.survival(after: t - 1), absoluteTolerance: 1e-14))
        }
        #expect(m.survival(after: 0) == 1 && m.probabilityOfChurn(inPeriod: 0) == 0 && m.retentionRate(inPeriod: 0).isNaN)
        // P(T = t) sums with S(T) to 1.
        let total = (1...12).reduce(0) { $0 + m.probabilityOfChurn(inPeriod: $1) } + m.survival(after: 12)
        #expect(total.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-14))
    }

    @Test("projected survivors continue from the last observed count")
    func projection() {
        let m = Self.highEnd
        let projected = m.projectedSurvivors(of: RetentionCohorts.highEnd, futurePeriods: 5)
        #expect(projected.count == 5)
        for (k, value) in projected.enumerated() {
            let expected = 491 * m.survival(after: 8 + k) / m.survival(after: 7)
            #expect(value.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-9))
        }
        #expect(m.projectedSurvivors(of: RetentionCohorts.highEnd, futurePeriods: 0).isEmpty)
    }

    struct ValueCase: Sendable, CustomTestStringConvertible {
        var model: ShiftedBetaGeometricModel
        var renewals: Int, rate: Double
        var derl: Double
        var testDescription: String { "α=\(model.alpha) β=\(model.beta) n=\(renewals) d=\(rate)" }
    }

    /// DERL(d | n) = (β+n)/(α+β+n) · ₂F₁(1, β+n+1; α+β+n+1; 1/(1+d)) (Fader & Hardie 2010), from mpmath 1.4.1
    /// `hyp2f1` at 40 digits. Checked independently against the numerical sum
    /// Σ_{t=n+1}^{n+400000} S(t)/S(n) (1+d)^{−(t−n−1)} with scipy `betaln` (agreement 1e-14 relative or better
    /// for d ≥ 0.01). The d = 1e-5 cases use the 1 − z transformation; α = 1 and α = 2 make c − a − b an
    /// integer, where the plain series is summed.
    @Test("DERL agrees with the ₂F₁ closed form and the numerical sum", arguments: [
        ValueCase(model: highEnd, renewals: 0, rate: 0.1, derl: 5.414856048374039),
        ValueCase(model: highEnd, renewals: 1, rate: 0.1, derl: 5.9017531677530215),
        ValueCase(model: highEnd, renewals: 4, rate: 0.1, derl: 6.897057397746093),
        ValueCase(model: highEnd, renewals: 0, rate: 0.01, derl: 19.009625981018797),
        ValueCase(model: highEnd, renewals: 10, rate: 0.05, derl: 13.005175402311092),
        ValueCase(model: highEnd, renewals: 3, rate: 1e-5, derl: 415.1850061160942),
        ValueCase(model: regular, renewals: 0, rate: 0.1, derl: 2.964662146132031),
        ValueCase(model: regular, renewals: 1, rate: 0.1, derl: 4.103458619598571),
        ValueCase(model: regular, renewals: 4, rate: 0.1, derl: 5.894422859844161),
        ValueCase(model: regular, renewals: 0, rate: 0.01, derl: 8.502947172011266),
        ValueCase(model: regular, renewals: 10, rate: 0.05, derl: 11.900651910177638),
        ValueCase(model: regular, renewals: 3, rate: 1e-5, derl: 230.7089338261348),
        ValueCase(model: ShiftedBetaGeometricModel(alpha: 1.5, beta: 2), renewals: 2, rate: 0.1, derl: 3.01104962223475),
        ValueCase(model: ShiftedBetaGeometricModel(alpha: 1.5, beta: 2), renewals: 2, rate: 1e-4, derl: 7.698597217306714),
        ValueCase(model: ShiftedBetaGeometricModel(alpha: 2, beta: 3), renewals: 2, rate: 0.1, derl: 2.682126757878138),
        ValueCase(model: ShiftedBetaGeometricModel(alpha: 2, beta: 3), renewals: 2, rate: 1e-5, derl: 4.997280938222932),
        ValueCase(model: ShiftedBetaGeometricModel(alpha: 1, beta: 2), renewals: 2, rate: 0.1, derl: 4.215603929844682),
        ValueCase(model: ShiftedBetaGeometricModel(alpha: 1, beta: 2), renewals: 2, rate: 1e-5, derl: 37.72045448969275),
    ])
    func derl(_ c: ValueCase) {
        let value = c.model.discountedExpectedResidualLifetime(renewals: c.renewals, discountRate: c.rate)
        #expect(abs(value / c.derl - 1) < 1e-9, "DERL = \(value), reference \(c.derl)")
        // DEL = 1 + DERL(d | 0)/(1+d).
        let del = c.model.discountedExpectedLifetime(discountRate: c.rate)
        let derl0 = c.model.discountedExpectedResidualLifetime(renewals: 0, discountRate: c.rate)
        #expect(abs(del / (1 + derl0 / (1 + c.rate)) - 1) < 1e-9)
    }

    /// DEL(d) = ₂F₁(1, β; α+β; 1/(1+d)) from mpmath 1.4.1 at 40 digits; the numerical sums
    /// Σ_{t<400000} S(t)(1+d)^{−t} with scipy give 5.922596407612768 and 3.6951474055745726 at d = 0.1.
    @Test("DEL agrees with the ₂F₁ closed form", arguments: [
        (highEnd, 0.1, 5.9225964076127635), (highEnd, 0.01, 19.82141186239485), (highEnd, 1e-5, 281.3541663658068),
        (regular, 0.1, 3.695147405574574), (regular, 0.01, 9.418759576248782), (regular, 1e-5, 91.9999956118216),
        (ShiftedBetaGeometricModel(alpha: 1, beta: 2), 1e-4, 16.42436509430863),
    ])
    func del(_ m: ShiftedBetaGeometricModel, _ rate: Double, _ expected: Double) {
        let value = m.discountedExpectedLifetime(discountRate: rate)
        #expect(abs(value / expected - 1) < 1e-9, "DEL = \(value), reference \(expected)")
    }

    @Test("an undiscounted lifetime is finite only when α > 1")
    func undiscounted() {
        let m = ShiftedBetaGeometricModel(alpha: 2.5, beta: 4)
        // E[T] = (α+β−1)/(α−1) and E[T − n − 1 | T > n] = (β+n)/(α−1).
        #expect(m.discountedExpectedLifetime(discountRate: 0).isApproximatelyEqual(to: 5.5 / 1.5, absoluteTolerance: 1e-12))
        #expect(m.discountedExpectedResidualLifetime(renewals: 3, discountRate: 0).isApproximatelyEqual(to: 7 / 1.5, absoluteTolerance: 1e-12))
        // … and the limit of small rates.
        #expect(abs(m.discountedExpectedLifetime(discountRate: 1e-6) / (5.5 / 1.5) - 1) < 1e-4)
        #expect(Self.highEnd.discountedExpectedLifetime(discountRate: 0) == .infinity)
        #expect(Self.highEnd.discountedExpectedResidualLifetime(renewals: 2, discountRate: 0) == .infinity)
        #expect(Self.highEnd.discountedExpectedLifetime(discountRate: -0.1).isNaN)
        #expect(Self.highEnd.discountedExpectedResidualLifetime(renewals: -1, discountRate: 0.1).isNaN)
        #expect(Self.highEnd.discountedExpectedResidualLifetime(renewals: 1, discountRate: .infinity).isNaN)
    }

    @Test("seeded property: survival falls, retention rises, DERL falls with the rate and rises with tenure")
    func properties() {
        var random = SplitMix64(seed: 2007)
        for _ in 0..<300 {
            let m = ShiftedBetaGeometricModel(alpha: random.uniform(0.05..<10), beta: random.uniform(0.05..<20))
            let curve = m.survivalCurve(through: 40)
            for t in 1...40 {
                #expect(curve[t] <= curve[t - 1] && curve[t] >= 0)
                if t > 1 { #expect(m.retentionRate(inPeriod: t) >= m.retentionRate(inPeriod: t - 1)) }
            }
            let n = random.uniform(0...20)
            var previous = Double.infinity
            for d in [0.001, 0.01, 0.05, 0.1, 0.3, 1, 5] {
                let derl = m.discountedExpectedResidualLifetime(renewals: n, discountRate: d)
                #expect(derl.isFinite && derl > 0 && derl < previous, "DERL(\(d) | \(n)) = \(derl) after \(previous) for \(m)")
                // Each future payment is at most 1, discounted: DERL ≤ Σ (1+d)^{−k} = (1+d)/d.
                #expect(derl <= (1 + d) / d * (1 + 1e-12))
                #expect(m.discountedExpectedResidualLifetime(renewals: n + 1, discountRate: d) >= derl)
                previous = derl
            }
        }
    }
}

@Suite("CohortSurvival")
struct CohortSurvivalTests {
    @Test("cohorts from active periods: retained while billed every period, lost at the first gap")
    func fromActivePeriods() {
        let clients: [[Int]] = [
            [2020, 2021, 2022, 2023],   // retained throughout
            [2020, 2022, 2023],         // lost after 2020 (its return in 2022 is ignored)
            [2020, 2021],               // lost after 2021
            [2021, 2021, 2022, 2024],   // cohort 2021: retained 2022; 2024 is after the observation end
            [2023],                     // cohort 2023: observed for no period yet
            [2025],                     // not yet a client by 2023
            [],
        ]
        let cohorts = CohortSurvival.cohorts(activePeriods: clients, lastObservedPeriod: 2023)
        #expect(cohorts == [
            2020: CohortSurvival(alive: [3, 2, 1, 1]),
            2021: CohortSurvival(alive: [1, 1, 0]),
            2023: CohortSurvival(alive: [1]),
        ])
        #expect(cohorts.values.allSatisfy { $0.problem == nil })
        #expect(CohortSurvival(alive: [3, 2, 1, 1]).periodsObserved == 3)
    }
}

@Suite("ShiftedBetaGeometricModel: bad input")
struct ShiftedBetaGeometricBadInputTests {
    @Test("impossible or uninformative counts are typed errors", arguments: [
        [CohortSurvival](),
        [CohortSurvival(alive: [])],
        [CohortSurvival(alive: [0, 0, 0])],                 // empty cohort
        [CohortSurvival(alive: [100, 80, 90])],             // survivors increase
        [CohortSurvival(alive: [100, -1])],
        [CohortSurvival(alive: [100])],                     // no period observed
        [CohortSurvival(alive: [100, 100, 100]), CohortSurvival(alive: [50, 50])],  // no one lost: β → ∞
        [CohortSurvival(alive: [100, 0, 0]), CohortSurvival(alive: [50, 0])],       // everyone lost at once: β → 0
        [CohortSurvival(alive: [100, 80]), CohortSurvival(alive: [50, 45])],        // one period only: a ridge
        [CohortSurvival(alive: [1000, 869, 743])],          // retention falls (0.869, 0.855): no heterogeneity, α, β → ∞
    ])
    func invalid(_ cohorts: [CohortSurvival]) {
        #expect(throws: ModelFitError.self) { try ShiftedBetaGeometricModel.fit(cohorts) }
    }

    @Test("retention that does not rise with tenure is reported as not identified, not as huge estimates")
    func noHeterogeneity() {
        // scipy runs to α ≈ 6.0e6, β ≈ 3.8e7 on these counts: the retention rates 0.869 and 0.855 fall.
        do {
            let fit = try ShiftedBetaGeometricModel.fit(CohortSurvival(alive: [1000, 869, 743]))
            Issue.record("expected an error, got \(fit.model)")
        } catch {
            guard case .notConverged(_, let diagnosis, _) = error else {
                Issue.record("expected notConverged, got \(error)")
                return
            }
            #expect(diagnosis.contains("not identified"))
        }
    }

    @Test("the log-likelihood of impossible counts is NaN")
    func logLikelihoodNaN() {
        #expect(ShiftedBetaGeometricModel(alpha: 1, beta: 1).logLikelihood(CohortSurvival(alive: [10, 11])).isNaN)
    }
}
