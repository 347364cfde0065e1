import Testing
@testable import ClientValue

/// One history's reference values at fixed parameters, computed by `lifetimes` (each test
/// file says how): the log-likelihood, P(alive) and the expected purchases in 39 and 52 units.
struct LifetimesCase: Sendable, CustomTestStringConvertible {
    var parameters: [Double]
    var x: Int, tx: Double, age: Double
    var logLikelihood: Double, alive: Double, e39: Double, e52: Double
    var testDescription: String { "\(parameters) x=\(x) t_x=\(tx) T=\(age)" }
}

/// The checks every continuous-time purchase model shares.
enum PurchaseModelChecks {
    /// Inputs every purchase model must refuse with a ``ModelFitError``: no clients, recency
    /// after the end, a negative frequency, recency without a repeat purchase, NaN, and no
    /// repeat purchase at all (the drop-out process is then not identified).
    static let impossibleHistories: [[PurchaseHistory]] = [
        [PurchaseHistory](),
        [PurchaseHistory(frequency: 1, recency: 5, age: 3)],
        [PurchaseHistory(frequency: -1, recency: 0, age: 3)],
        [PurchaseHistory(frequency: 0, recency: 1, age: 3)],
        [PurchaseHistory(frequency: 1, recency: .nan, age: 3)],
        [PurchaseHistory(frequency: 0, recency: 0, age: 3), PurchaseHistory(frequency: 0, recency: 0, age: 5)],
    ]

    /// `model` agrees with the reference values of `c` (relative 1e-10; P(alive) to `aliveTolerance`).
    static func expectAgrees(_ model: PurchaseModel, _ c: LifetimesCase, aliveTolerance: Double = 1e-12,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let history = PurchaseHistory(frequency: c.x, recency: c.tx, age: c.age)
        #expect(model.logLikelihood(history).isApproximatelyEqual(to: c.logLikelihood, absoluteTolerance: 1e-10 * max(1, abs(c.logLikelihood))),
                sourceLocation: sourceLocation)
        #expect(model.probabilityAlive(history).isApproximatelyEqual(to: c.alive, absoluteTolerance: aliveTolerance), sourceLocation: sourceLocation)
        #expect(model.expectedPurchases(in: 39, given: history).isApproximatelyEqual(to: c.e39, absoluteTolerance: 1e-10 * max(1, c.e39)),
                sourceLocation: sourceLocation)
        #expect(model.expectedPurchases(in: 52, given: history).isApproximatelyEqual(to: c.e52, absoluteTolerance: 1e-10 * max(1, c.e52)),
                sourceLocation: sourceLocation)
    }

    /// P(alive `t` units after the end) of `model` is `expected` (to 1e-12), and at t = 0 is P(alive).
    static func expectAliveAfter(_ model: PurchaseModel, x: Int, tx: Double, age: Double, t: Double, expected: Double,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let history = PurchaseHistory(frequency: x, recency: tx, age: age)
        #expect(model.probabilityAlive(history, after: t).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12), sourceLocation: sourceLocation)
        #expect(model.probabilityAlive(history, after: 0) == model.probabilityAlive(history), sourceLocation: sourceLocation)
    }

    /// Seeded property over 500 random models from `makeModel` and histories: 0 ≤ P(alive) ≤ 1,
    /// a finite log-likelihood, E[Y(t)] non-decreasing in t and P(alive after t) non-increasing.
    static func expectProperties(seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation,
                                 _ makeModel: (inout SplitMix64) -> PurchaseModel) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let m = makeModel(&random)
            let age = random.uniform(0.1..<100)
            let x = Int(random.uniform(below: 60))
            let history = PurchaseHistory(frequency: x, recency: x == 0 ? 0 : random.uniform(0..<age), age: age)
            let alive = m.probabilityAlive(history)
            #expect(alive >= 0 && alive <= 1, "P(alive) = \(alive) for \(m) \(history)", sourceLocation: sourceLocation)
            #expect(m.logLikelihood(history).isFinite, sourceLocation: sourceLocation)
            var previous = 0.0, previousAlive = alive
            for t in [0.5, 1, 5, 20, 100, 500] {
                let e = m.expectedPurchases(in: t, given: history)
                #expect(e.isFinite && e >= previous - 1e-9, "E[Y(\(t))] = \(e) after \(previous) for \(m) \(history)", sourceLocation: sourceLocation)
                previous = e
                let later = m.probabilityAlive(history, after: t)
                #expect(later >= 0 && later <= previousAlive + 1e-12, "P(alive after \(t)) = \(later) after \(previousAlive) for \(m) \(history)",
                        sourceLocation: sourceLocation)
                previousAlive = later
            }
        }
    }
}
