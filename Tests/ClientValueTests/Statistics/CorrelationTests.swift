import Foundation
import Testing
@testable import ClientValue

/// Reference values from scipy 1.17.1 (numpy 2.x): `stats.pearsonr(x, y)` with
/// `.confidence_interval(0.95)`, `stats.spearmanr`, `stats.kendalltau` (method 'auto'), and
/// partial correlation by the residual method in numpy (`lstsq` with an intercept, then
/// `corrcoef` and `stats.t.sf` with df = n − 2 − k). Coefficients must agree to 1e-9 and
/// p-values to 1e-7 relative.
@Suite("Correlation")
struct CorrelationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var x: [Double], y: [Double]
        var pearson: (r: Double, p: Double, low: Double, high: Double)
        var spearman: (rho: Double, p: Double)
        var kendall: (tau: Double, p: Double)
        var testDescription: String { name }
    }

    // The twelve clients.
    static let contacts: [Double] = [2, 4, 4, 6, 8, 10, 10, 12, 12, 15, 18, 20]
    static let score: [Double] = [5, 6, 8, 7, 7, 9, 8, 9, 10, 9, 10, 10]
    static let revenue: [Double] = [12, 15, 30, 22, 25, 40, 38, 45, 60, 52, 70, 65]
    static let asym40x: [Double] = [10, 34, 26, 11, 25, 8, 3, 9, 12, 16, 15, 24, 7, 37, 4, 17, 31, 18, 20, 29, 22, 36, 32, 21, 28, 23, 13, 14, 2, 30, 5, 6, 1, 35, 33, 38, 0, 39, 19, 27]
    static let asym40y: [Double] = [-2.068, 2.253, 8.185, 11.851, 4.9, 5.767, 15.905, -7.017, 5.66, 2.349, -3.974, -1.007, 1.978, 14.571, -3.053, 5.535, 15.078, 7.772, 12.949, 12.391, 10.504, 25.413, 14.585, 7.336, 14.08, -0.453, 1.198, 10.546, 5.646, 21.387, 1.584, -9.899, 15.878, 19.243, 1.43, 22.407, 0.259, -2.811, 2.337, 4.029]

    static let cases: [Case] = [
        Case(name: "contacts vs score (issue)", x: contacts, y: score,
             pearson: (0.868171446997965, 0.0002502706533743575, 0.5864811080878414, 0.9625081789907063),
             spearman: (0.9052588148095226, 5.118053861533728e-05), kendall: (0.8106097227429263, 0.000542584079068868)),
        Case(name: "contacts vs revenue", x: contacts, y: revenue,
             pearson: (0.9387552745994235, 6.11983065772011e-06, 0.7910160762381657, 0.9830406338278552),
             spearman: (0.9490465829402037, 2.482411717712172e-06), kendall: (0.8529438595319315, 0.0001456470526427275)),
        Case(name: "50 pairs, heavy ties (asymptotic Kendall)",
             x: [4, 4, 0, 4, 2, 3, 3, 1, 5, 0, 1, 2, 3, 2, 0, 0, 0, 0, 0, 5, 1, 3, 4, 1, 1, 2, 1, 5, 1, 5, 4, 5, 0, 2, 3, 2, 3, 4, 3, 0, 5, 3, 5, 1, 2, 5, 1, 0, 2, 4],
             y: [4, 7, 1, 4, 4, 6, 6, 4, 6, 0, 4, 4, 6, 2, 0, 2, 1, 1, 3, 5, 3, 4, 5, 4, 1, 3, 1, 5, 2, 7, 6, 6, 0, 5, 6, 2, 3, 5, 3, 3, 7, 5, 6, 3, 5, 5, 4, 0, 3, 7],
             pearson: (0.8132590168086389, 7.199020511653239e-13, 0.6914293175876609, 0.8901129436314789),
             spearman: (0.8231892748950255, 2.1861735398341965e-13), kendall: (0.6919830484206265, 3.112270404862395e-10)),
        Case(name: "20 pairs, no ties (exact Kendall)",
             x: [17, 13, 8, 15, 0, 7, 11, 4, 2, 16, 10, 1, 5, 19, 14, 9, 18, 6, 3, 12],
             y: [15.017, 13.944, 7.894, 18.046, -1.825, 6.238, 12.212, 4.515, -2.325, 20.479, 3.508, -5.006, -1.412, 23.835, 12.197, 4.145, 12.32, 8.106, -2.274, 5.64],
             pearson: (0.903905727108164, 4.661139415249364e-08, 0.7689711522870363, 0.9617352341199613),
             spearman: (0.8932330827067668, 1.1553772694134449e-07), kendall: (0.7157894736842105, 1.3420520081287795e-06)),
        Case(name: "40 pairs, no ties (asymptotic Kendall)", x: asym40x, y: asym40y,
             pearson: (0.4290416781999328, 0.005736670657776562, 0.13566387282528386, 0.6532445680459702),
             spearman: (0.3731707317073171, 0.01770724068493506), kendall: (0.28974358974358977, 0.00846010093036749)),
    ]

    static func close(_ a: Double?, _ b: Double, relative: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= relative * abs(b)
    }

    @Test("Pearson, Spearman and Kendall tau-b agree with scipy", arguments: cases)
    func agreesWithScipy(_ c: Case) {
        let p = Correlation.pearson(c.x, c.y)
        #expect(p.n == c.x.count)
        #expect(abs((p.coefficient ?? .nan) - c.pearson.r) < 1e-9)
        #expect(Self.close(p.pValue, c.pearson.p, relative: 1e-7), "pearson p \(p.pValue as Any)")
        #expect(abs((p.interval?.lower ?? .nan) - c.pearson.low) < 1e-9 && abs((p.interval?.upper ?? .nan) - c.pearson.high) < 1e-9)
        let s = Correlation.spearman(c.x, c.y)
        #expect(abs((s.coefficient ?? .nan) - c.spearman.rho) < 1e-9)
        #expect(Self.close(s.pValue, c.spearman.p, relative: 1e-7), "spearman p \(s.pValue as Any)")
        let k = Correlation.kendall(c.x, c.y)
        #expect(abs((k.coefficient ?? .nan) - c.kendall.tau) < 1e-9)
        #expect(Self.close(k.pValue, c.kendall.p, relative: 1e-7), "kendall p \(k.pValue as Any)")
    }

    @Test("Correlation.all ranks once and gives the same results as the three calls", arguments: cases)
    func all(_ c: Case) {
        let all = Correlation.all(c.x, c.y)
        #expect(all.pearson == Correlation.pearson(c.x, c.y))
        #expect(all.spearman == Correlation.spearman(c.x, c.y))
        #expect(all.kendall == Correlation.kendall(c.x, c.y))
    }

    @Test("the issue's published figures, to their decimals")
    func published() {
        let p = Correlation.pearson(Self.contacts, Self.score)
        #expect(format6(p.coefficient) == "0.868171")
        #expect(format6(p.interval?.lower) == "0.586481" && format6(p.interval?.upper) == "0.962508")
        #expect(format6(Correlation.spearman(Self.contacts, Self.score).coefficient) == "0.905259")
        #expect(format6(Correlation.kendall(Self.contacts, Self.score).coefficient) == "0.810610")
        let partial = Correlation.partial(Self.contacts, Self.score, controls: [Self.revenue])
        #expect(format6(partial.coefficient) == "-0.269993")
        #expect(NumberText.fixed(partial.pValue ?? .nan, places: 5) == "0.42201")
    }

    func format6(_ value: Double?) -> String { NumberText.fixed(value ?? .nan, places: 6) }

    @Test("partial correlation agrees with numpy's residual method, with one and two controls")
    func partial() {
        let one = Correlation.partial(Self.contacts, Self.score, controls: [Self.revenue])
        #expect(abs((one.coefficient ?? .nan) - -0.2699932432887013) < 1e-9)
        #expect(Self.close(one.pValue, 0.4220117832175587, relative: 1e-7))
        #expect(one.degreesOfFreedom == 9)
        let two = Correlation.partial(Self.asym40x, Self.asym40y, controls: [Self.asym40x.map { $0 * $0 }, Self.asym40x.map { sin($0) }])
        #expect(abs((two.coefficient ?? .nan) - -0.09532456702723895) < 1e-9)
        #expect(Self.close(two.pValue, 0.5691596586406529, relative: 1e-7))
    }

    @Test("degenerate input gives a stated reason, not a crash", arguments: [
        ([1.0, 2.0], [3.0, 4.0], "fewer than 3 pairs"),
        ([1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0], "a column is constant"),
        ([1.0, .nan, 3.0, 4.0], [.nan, 2.0, 3.0, 4.0], "fewer than 3 pairs"),
    ])
    func degenerate(_ x: [Double], _ y: [Double], _ reason: String) {
        for result in [Correlation.pearson(x, y), Correlation.spearman(x, y), Correlation.kendall(x, y)] {
            #expect(result.coefficient == nil && result.pValue == nil)
            #expect(result.undefinedReason == reason)
        }
        #expect(Correlation.partial([1, 2, 3], [1, 2, 3], controls: [[1, 2, 4]]).undefinedReason != nil)
    }

    @Test("seeded property: coefficients lie in [−1, 1], p in [0, 1], symmetric in x and y")
    func properties() {
        var random = SplitMix64(seed: 6)
        for _ in 0..<100 {
            let n = 3 + Int(random.uniform(below: 60))
            let x = (0..<n).map { _ in Double(random.uniform(below: 8)) }
            let y = (0..<n).map { _ in Double(random.uniform(below: 8)) }
            for (a, b) in [(Correlation.pearson(x, y), Correlation.pearson(y, x)), (Correlation.spearman(x, y), Correlation.spearman(y, x)),
                           (Correlation.kendall(x, y), Correlation.kendall(y, x))] {
                guard let r = a.coefficient, let p = a.pValue else { continue }
                #expect(r >= -1 && r <= 1 && p >= 0 && p <= 1)
                #expect(abs(r - (b.coefficient ?? .nan)) < 1e-12)
            }
        }
    }
}
