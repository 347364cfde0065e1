import Testing
@testable import ClientValue

@Suite("SpecialFunctions")
struct SpecialFunctionsTests {
    /// scipy 1.17.1 `scipy.special.hyp2f1(a, b, c, z)`, including z near 1, where the series
    /// converges slowly and the 1 − z transformation takes over.
    @Test("₂F₁ agrees with scipy, near z = 1 too", arguments: [
        (0.243, 2.426, 2.219, 0.5, 1.2070970070440417),
        (2.243, 4.426, 5.219, 0.9, 56.047580894570615),
        (0.5, 1.5, 3.2, 0.95, 1.4793259666108476),
        (1.2, 3.4, 5.1, 0.99, 7.366751788461081),
        (0.3, 0.7, 2.5, 0.999, 1.14756046017094),
        (27.24, 28.43, 28.22, 0.6, 83467414905.54285),
        (3.0, 4.0, 9.5, -0.5, 0.577215276362847),
        (0.25, 2.5, 2.3, 0.9999, 30.76284975755119),
    ])
    func hypergeometric(_ a: Double, _ b: Double, _ c: Double, _ z: Double, _ expected: Double) {
        let value = SpecialFunctions.hypergeometric2F1(a, b, c, z)
        #expect(abs(value - expected) <= 1e-10 * abs(expected), "₂F₁(\(a), \(b); \(c); \(z)) = \(value)")
    }

    @Test("₂F₁ outside its domain is NaN, not a crash", arguments: [1.0, 1.5, -1.0])
    func hypergeometricDomain(_ z: Double) {
        #expect(SpecialFunctions.hypergeometric2F1(0.5, 0.5, 1.5, z).isNaN)
        #expect(SpecialFunctions.hypergeometric2F1(0.5, 0.5, -2, 0.5).isNaN)
    }

    /// scipy 1.17.1 `scipy.special.digamma(x)`.
    @Test("digamma agrees with scipy", arguments: [
        (0.01, -100.56088545786868), (0.5, -1.9635100260214235), (1.0, -0.5772156649015329), (2.5, 0.7031566406452432),
        (7.0, 1.872784335098467), (100.0, 4.600161852738088), (1e4, 9.21029037114285),
    ])
    func digamma(_ x: Double, _ expected: Double) {
        #expect(abs(SpecialFunctions.digamma(x) - expected) <= 1e-13 * max(1, abs(expected)))
    }

    @Test("log-sum-exp does not overflow")
    func logSumExp() {
        #expect(SpecialFunctions.logSumExp(1000, 1000).isApproximatelyEqual(to: 1000 + 0.6931471805599453, absoluteTolerance: 1e-12))
        #expect(SpecialFunctions.logSumExp(-.infinity, -.infinity) == -.infinity)
        #expect(SpecialFunctions.logSumExp(-1000, 0).isApproximatelyEqual(to: 0, absoluteTolerance: 1e-300))
    }
}
