import Foundation
import Testing
@testable import ClientValue

/// `Fixtures/donations.csv` (see the fixtures README): the 22 distinct (x, t_x, n) histories of
/// the 11,104 donors of Fader, Hardie & Shang (2010), with the number of donors of each.
enum Donations {
    struct Data {
        var histories: [BinaryPurchaseHistory] = []
        var weights: [Double] = []
    }

    static func load() throws -> Data {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/donations.csv").path
        let reader = try CSVReader(.file(path: path))
        var data = Data()
        while try reader.next() {
            let fields = reader.record
            guard fields.count == 4, let x = Int(fields[0]), let tx = Int(fields[1]), let n = Int(fields[2]), let w = Double(fields[3]) else { continue }
            data.histories.append(BinaryPurchaseHistory(frequency: x, recency: tx, periods: n))
            data.weights.append(w)
        }
        return data
    }
}

@Suite("BGBBModel")
struct BGBBModelTests {
    /// Fader, Hardie & Shang (2010), the 1995 donor cohort over 6 opportunities: α = 1.204,
    /// β = 0.750, γ = 0.657, δ = 2.783, LL = −33225.58.
    @Test("fitting the weighted donations data reproduces the published parameters and log-likelihood")
    func donationsFit() throws {
        let data = try Donations.load()
        #expect(data.histories.count == 22)
        #expect(data.weights.reduce(0, +) == 11_104)
        let fit = try BGBBModel.fit(data.histories, weights: data.weights)
        let m = fit.model
        #expect((m.alpha * 1000).rounded() / 1000 == 1.204)
        #expect((m.beta * 1000).rounded() / 1000 == 0.750)
        #expect((m.gamma * 1000).rounded() / 1000 == 0.657)
        #expect((m.delta * 1000).rounded() / 1000 == 2.783)
        #expect((fit.diagnostics.logLikelihood * 100).rounded() / 100 == -33225.58)
        #expect(fit.diagnostics.converged)
        #expect(fit.diagnostics.clients == 11_104)
        #expect(fit.diagnostics.distinctHistories == 22)
        // lifetimes 0.11.3 `BetaGeoBetaBinomFitter(penalizer_coef=0).fit(frequency, recency, periods, weights=weights)`
        // gives (1.2035223936, 0.7497163582, 0.6567181695, 2.7834419829), LL −33225.58127434615; polished
        // with scipy 1.17.1 (BFGS then Nelder–Mead, xatol 1e-12) on the exact log-sum-exp likelihood
        // (lifetimes adds 1e-15 inside its logarithm) the maximum is:
        #expect(m.alpha.isApproximatelyEqual(to: 1.2035222834844368, absoluteTolerance: 2e-6))
        #expect(m.beta.isApproximatelyEqual(to: 0.7497163522908334, absoluteTolerance: 2e-6))
        #expect(m.gamma.isApproximatelyEqual(to: 0.656718225988187, absoluteTolerance: 2e-6))
        #expect(m.delta.isApproximatelyEqual(to: 2.7834424455565374, absoluteTolerance: 1e-5))
        #expect(fit.diagnostics.logLikelihood.isApproximatelyEqual(to: -33225.58127434699, absoluteTolerance: 1e-6))
    }

    /// Standard errors: numpy central differences (step 1e-4 × θ) of the exact total
    /// log-likelihood on the natural scale at the optimum above, the Hessian inverted
    /// (`np.linalg.inv(-H)`); lifetimes' `standard_errors_` agree to 1e-5 relative.
    @Test("standard errors agree with a finite-difference Hessian of the log-likelihood")
    func standardErrors() throws {
        let data = try Donations.load()
        let fit = try BGBBModel.fit(data.histories, weights: data.weights)
        let estimates = try #require(fit.parameterEstimates)
        #expect(estimates.map(\.name) == ["alpha", "beta", "gamma", "delta"])
        let reference = [0.06939109095510813, 0.02944762993886209, 0.051009445076574705, 0.3208163222879787]
        for (estimate, se) in zip(estimates, reference) {
            #expect(abs(estimate.standardError / se - 1) < 1e-3, "\(estimate.name): \(estimate.standardError) vs \(se)")
            #expect(estimate.lower < estimate.value && estimate.value < estimate.upper)
        }
    }

    @Test("weights are the same as repeating histories")
    func weightsEqualRepetition() throws {
        let data = try Donations.load()
        var expanded: [BinaryPurchaseHistory] = []
        for (history, weight) in zip(data.histories, data.weights) {
            expanded.append(contentsOf: repeatElement(history, count: Int(weight)))
        }
        let weighted = try BGBBModel.fit(data.histories, weights: data.weights)
        let repeated = try BGBBModel.fit(expanded)
        #expect(repeated.diagnostics.distinctHistories == 22)
        #expect(repeated.diagnostics.clients == 11_104)
        #expect(repeated.model.alpha.isApproximatelyEqual(to: weighted.model.alpha, absoluteTolerance: 1e-6))
        #expect(repeated.model.delta.isApproximatelyEqual(to: weighted.model.delta, absoluteTolerance: 1e-5))
        #expect(repeated.diagnostics.logLikelihood.isApproximatelyEqual(to: weighted.diagnostics.logLikelihood, absoluteTolerance: 1e-6))
    }

    @Test("the analytic gradient matches central differences of the objective")
    func gradient() throws {
        let data = try Donations.load()
        let pooled = WeightedBinaryHistories(data.histories + [BinaryPurchaseHistory(frequency: 7, recency: 12, periods: 20)],
                                             weights: data.weights + [3])
        var random = SplitMix64(seed: 2010)
        for _ in 0..<20 {
            let theta = (0..<4).map { _ in random.uniform(-2.0..<2.0) }
            var gradient = [Double](repeating: 0, count: 4), scratch = gradient
            _ = BGBBModel.negativeMeanLogLikelihood(theta, pooled, &gradient)
            for k in 0..<4 {
                var up = theta, down = theta
                up[k] += 1e-6
                down[k] -= 1e-6
                let numeric = (BGBBModel.negativeMeanLogLikelihood(up, pooled, &scratch) - BGBBModel.negativeMeanLogLikelihood(down, pooled, &scratch)) / 2e-6
                #expect(abs(numeric - gradient[k]) < 1e-6 * max(1, abs(numeric)), "θ = \(theta), component \(k): \(gradient[k]) vs \(numeric)")
            }
        }
    }
}

@Suite("BGBBModel predictions")
struct BGBBPredictionTests {
    /// The published donations estimates (Fader, Hardie & Shang 2010).
    static let published = BGBBModel(alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783)

    struct LifetimesCase: Sendable, CustomTestStringConvertible {
        var x: Int, tx: Int, n: Int
        var logLikelihood: Double
        /// P(alive at n + k) for k = 0, 1, 5.
        var alive: [Double]
        /// E[X(n, n + n*)] for n* = 1, 5, 10.
        var expected: [Double]
        var testDescription: String { "x=\(x) t_x=\(tx) n=\(n)" }
    }

    /// lifetimes 0.11.3 `BetaGeoBetaBinomFitter` with `params_` set to the published values:
    /// `conditional_probability_alive(k, x, t_x, n)` for k = 0, 1, 5 and
    /// `conditional_expected_number_of_purchases_up_to_time(m, x, t_x, n)` for m = 1, 5, 10; the
    /// log-likelihood from scipy 1.17.1 `betaln` and `np.logaddexp.reduce` over the terms of
    /// eq. 5 (lifetimes' own adds 1e-15 inside the logarithm, so its P(alive) at t_x = n is
    /// 1 − 1e-14, not 1).
    @Test("log-likelihood, P(alive) and conditional expectations agree with lifetimes", arguments: [
        LifetimesCase(x: 0, tx: 0, n: 6, logLikelihood: -1.1672624726738932,
                      alive: [0.11609661329298424, 0.10801658416867378, 0.08594974499568067],
                      expected: [0.01635051135769213, 0.07280287747504345, 0.1301037914128521]),
        LifetimesCase(x: 1, tx: 1, n: 6, logLikelihood: -2.2885316856662574,
                      alive: [0.07460006829896633, 0.06940809320654888, 0.05522862954473447],
                      expected: [0.01923251664913673, 0.08563539833787007, 0.15303639621560303]),
        LifetimesCase(x: 3, tx: 5, n: 6, logLikelihood: -5.615894746361415,
                      alive: [0.8240885155365206, 0.7667340499954726, 0.6100970196734692],
                      expected: [0.4052489245890075, 1.8044259997939913, 3.224634410605547]),
        LifetimesCase(x: 6, tx: 6, n: 6, logLikelihood: -2.1822484476183,
                      alive: [0.9999999999999898, 0.930402542372872, 0.740329476957049],
                      expected: [0.8426728583422401, 3.752115607599819, 6.705290825014639]),
        LifetimesCase(x: 2, tx: 6, n: 6, logLikelihood: -5.652016268659228,
                      alive: [0.999999999999659, 0.9304025423725641, 0.7403294769568043],
                      expected: [0.37478121017873955, 1.6687643540735455, 2.9821976406634865]),
        LifetimesCase(x: 5, tx: 5, n: 6, logLikelihood: -3.7169993072900187,
                      alive: [0.5609489038468582, 0.521908286280398, 0.41528700858457895],
                      expected: [0.4070805893994957, 1.8125817366915158, 3.2392092780961534]),
        LifetimesCase(x: 1, tx: 3, n: 4, logLikelihood: -3.6809755426057853,
                      alive: [0.8301089235279977, 0.7568049500390338, 0.5735147236614635],
                      expected: [0.28014748234564846, 1.2163798715272622, 2.13386571233993]),
        LifetimesCase(x: 0, tx: 0, n: 1, logLikelihood: -0.6901322826478584,
                      alive: [0.6191731424360742, 0.5275522517647898, 0.3501771086818196],
                      expected: [0.21502129692782987, 0.8713404875249228, 1.4626186533791359]),
    ])
    func agreesWithLifetimes(_ c: LifetimesCase) {
        let m = Self.published
        let h = BinaryPurchaseHistory(frequency: c.x, recency: c.tx, periods: c.n)
        #expect(m.logLikelihood(h).isApproximatelyEqual(to: c.logLikelihood, absoluteTolerance: 1e-12))
        #expect(m.probabilityAlive(h).isApproximatelyEqual(to: c.alive[0], absoluteTolerance: 1e-12))
        for (k, expected) in zip([0, 1, 5], c.alive) {
            #expect(m.probabilityAlive(h, afterPeriods: k).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
        }
        for (horizon, expected) in zip([1, 5, 10], c.expected) {
            #expect(m.expectedPurchases(in: horizon, given: h).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
        }
        if c.tx == c.n { #expect(m.probabilityAlive(h) == 1) }
    }

    /// Eq. 7 in its closed form, α/(α+β) · δ/(γ−1) · [1 − exp(lnΓ(γ+δ) − lnΓ(γ+δ+n) + lnΓ(1+δ+n) − lnΓ(1+δ))],
    /// evaluated with scipy 1.17.1 `gammaln` at the published parameters.
    @Test("expected transactions of a new client match eq. 7's closed form", arguments: [
        (1, 0.498490276356192), (5, 1.9377072082850395), (6, 2.2196313934873078), (10, 3.1788543264923055),
    ])
    func newClient(_ n: Int, _ expected: Double) {
        #expect(Self.published.expectedPurchases(newClientOver: n).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
    }

    /// At γ = 1 the closed forms of eqs. 7 and 13 divide 0 by 0; the sums, made with scipy 1.17.1
    /// `betaln` term by term, are finite.
    @Test("γ = 1, where the closed forms are singular")
    func gammaOne() {
        let m = BGBBModel(alpha: 1.2, beta: 0.8, gamma: 1, delta: 2.5)
        #expect(m.expectedPurchases(newClientOver: 6).isApproximatelyEqual(to: 1.6418718536365595, absoluteTolerance: 1e-12))
        let h = BinaryPurchaseHistory(frequency: 3, recency: 5, periods: 6)
        #expect(m.expectedPurchases(in: 5, given: h).isApproximatelyEqual(to: 1.4777519069412663, absoluteTolerance: 1e-12))
    }

    /// A 200-opportunity history (scipy 1.17.1 `betaln`, `np.logaddexp.reduce`): the terms of
    /// eq. 5 are far below the smallest double, their log-sum is not.
    @Test("long histories stay finite")
    func longHistory() {
        let h = BinaryPurchaseHistory(frequency: 150, recency: 190, periods: 200)
        #expect(Self.published.logLikelihood(h).isApproximatelyEqual(to: -108.45494928371761, absoluteTolerance: 1e-9))
        #expect(Self.published.expectedPurchases(in: 10, given: h).isApproximatelyEqual(to: 0.0006811361528074172, absoluteTolerance: 1e-15))
    }

    @Test("seeded property: P(alive) is a probability that falls with k, and expectations grow with the horizon")
    func properties() {
        var random = SplitMix64(seed: 2010)
        for _ in 0..<500 {
            let m = BGBBModel(alpha: random.uniform(0.05..<10), beta: random.uniform(0.05..<10),
                              gamma: random.uniform(0.05..<10), delta: random.uniform(0.05..<20))
            let n = random.uniform(0...40)
            let x = random.uniform(0...n)
            let tx = x == 0 ? 0 : random.uniform(x...n)
            let h = BinaryPurchaseHistory(frequency: x, recency: tx, periods: n)
            #expect(m.logLikelihood(h).isFinite && m.logLikelihood(h) <= 1e-12)
            var previousAlive = 1.0
            for k in [0, 1, 2, 5, 20, 100] {
                let alive = m.probabilityAlive(h, afterPeriods: k)
                #expect(alive >= 0 && alive <= 1 && alive <= previousAlive + 1e-12, "P(alive at n+\(k)) = \(alive) for \(m) \(h)")
                previousAlive = alive
            }
            var previous = 0.0, previousNew = 0.0
            for horizon in [1, 2, 5, 10, 50, 200] {
                let e = m.expectedPurchases(in: horizon, given: h)
                let newClient = m.expectedPurchases(newClientOver: horizon)
                #expect(e.isFinite && e >= previous && e <= Double(horizon), "E[X(n, n+\(horizon))] = \(e) after \(previous) for \(m) \(h)")
                #expect(newClient.isFinite && newClient >= previousNew && newClient <= Double(horizon))
                previous = e
                previousNew = newClient
            }
        }
    }

    @Test("impossible histories give NaN, not numbers")
    func impossibleHistories() {
        let h = BinaryPurchaseHistory(frequency: 3, recency: 2, periods: 6)
        #expect(Self.published.logLikelihood(h).isNaN)
        #expect(Self.published.probabilityAlive(h).isNaN)
        #expect(Self.published.expectedPurchases(in: 3, given: h).isNaN)
        #expect(Self.published.probabilityAlive(BinaryPurchaseHistory(frequency: 1, recency: 1, periods: 2), afterPeriods: -1).isNaN)
    }
}

@Suite("BinaryPurchaseHistory")
struct BinaryPurchaseHistoryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var active: [Int], last: Int
        var expected: BinaryPurchaseHistory?
        var testDescription: String { "\(active) to \(last)" }
    }

    @Test("histories from active periods: the first is the birth, opportunities run to the last observed period", arguments: [
        Case(active: [1995, 1997, 1999], last: 2001, expected: BinaryPurchaseHistory(frequency: 2, recency: 4, periods: 6)),
        Case(active: [1995], last: 2001, expected: BinaryPurchaseHistory(frequency: 0, recency: 0, periods: 6)),
        Case(active: [2001], last: 2001, expected: BinaryPurchaseHistory(frequency: 0, recency: 0, periods: 0)),
        Case(active: [1999, 1996, 1996, 2000, 2003], last: 2001, expected: BinaryPurchaseHistory(frequency: 2, recency: 4, periods: 5)),
        Case(active: [3, 4, 5, 6], last: 6, expected: BinaryPurchaseHistory(frequency: 3, recency: 3, periods: 3)),
        Case(active: [2003, 2004], last: 2001, expected: nil),
        Case(active: [], last: 2001, expected: nil),
    ])
    func fromActivePeriods(_ c: Case) {
        let h = BinaryPurchaseHistory.from(activePeriods: c.active, lastObservedPeriod: c.last)
        #expect(h == c.expected)
        #expect(h?.problem == nil)
    }
}

@Suite("BGBBModel: bad input")
struct BGBBBadInputTests {
    @Test("impossible or uninformative histories are typed errors", arguments: [
        [BinaryPurchaseHistory](),
        [BinaryPurchaseHistory(frequency: 1, recency: 7, periods: 6)],       // recency after the last opportunity
        [BinaryPurchaseHistory(frequency: 4, recency: 3, periods: 6)],       // more transactions than opportunities up to t_x
        [BinaryPurchaseHistory(frequency: 0, recency: 2, periods: 6)],       // recency without a transaction
        [BinaryPurchaseHistory(frequency: -1, recency: 0, periods: 6)],
        [BinaryPurchaseHistory(frequency: 0, recency: 0, periods: 6), BinaryPurchaseHistory(frequency: 0, recency: 0, periods: 3)],  // no repeat transaction
        [BinaryPurchaseHistory(frequency: 6, recency: 6, periods: 6), BinaryPurchaseHistory(frequency: 2, recency: 2, periods: 2)],  // no one lapsed
        [BinaryPurchaseHistory(frequency: 0, recency: 0, periods: 0)],       // no opportunity
    ])
    func invalid(_ histories: [BinaryPurchaseHistory]) {
        #expect(throws: ModelFitError.self) { try BGBBModel.fit(histories) }
    }

    @Test("weights that do not match, are negative, not finite, or all zero are typed errors", arguments: [
        [1.0], [1, -1], [1, .nan], [1, .infinity], [0, 0],
    ])
    func invalidWeights(_ weights: [Double]) {
        let histories = [BinaryPurchaseHistory(frequency: 1, recency: 2, periods: 3), BinaryPurchaseHistory(frequency: 0, recency: 0, periods: 3)]
        #expect(throws: ModelFitError.self) { try BGBBModel.fit(histories, weights: weights) }
    }
}
