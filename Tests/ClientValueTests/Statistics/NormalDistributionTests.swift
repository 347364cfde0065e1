import Testing
@testable import ClientValue

@Suite("NormalDistribution")
struct NormalDistributionTests {
    // Reference values from scipy 1.17.1: scipy.stats.norm.ppf / .cdf / .sf.
    @Test("quantile matches scipy's norm.ppf", arguments: [
        (0.975, 1.959963984540054), (0.95, 1.6448536269514722), (0.995, 2.5758293035489004),
        (0.5, 0.0), (1e-10, -6.361340902404056),
    ])
    func quantile(_ p: Double, _ expected: Double) {
        #expect(NormalDistribution.quantile(p).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
    }

    @Test("cdf and survival match scipy")
    func cdf() {
        #expect(NormalDistribution.cdf(-3.5).isApproximatelyEqual(to: 0.00023262907903552502, absoluteTolerance: 1e-17))
        #expect(NormalDistribution.survival(1.0).isApproximatelyEqual(to: 0.15865525393145707, absoluteTolerance: 1e-15))
    }

    @Test("quantile undoes cdf (seeded)")
    func roundTrip() {
        var random = SplitMix64(seed: 31)
        for _ in 0..<2000 {
            let p = random.nextDouble() * 0.999998 + 0.000001
            #expect(NormalDistribution.cdf(NormalDistribution.quantile(p)).isApproximatelyEqual(to: p, absoluteTolerance: 1e-14))
        }
    }

    @Test("quantile at and outside the ends")
    func ends() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(1.5).isNaN)
    }
}
