import Foundation
import Testing
@testable import ClientValue

/// Issue 10, "Numeric edge cases": every statistic on empty, single, constant and extreme
/// input gives a typed error or a documented finite result.
///
/// "No NaN or infinity leaks" is checked by encoding the result with Foundation's
/// `JSONEncoder`, whose default strategy throws on a non-finite `Double` anywhere in it.
func expectEncodesFinite<T: Encodable>(_ value: T, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: Never.self, comment, sourceLocation: sourceLocation) { _ = try JSONEncoder().encode(value) }
}

// MARK: - Net Promoter Score

@Suite("Numeric edge cases: NPS")
struct NPSEdgeCaseTests {
    /// What a case must give: a typed error, or a score and its standard error in points.
    enum Outcome: Sendable {
        case error(NPSError)
        case score(Double, standardError: Double, effectiveResponses: Double)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var counts: (promoters: Int, passives: Int, detractors: Int)
        var outcome: Outcome
        var testDescription: String { name }
    }

    /// By the definitions: NPS = 100 (p − d), Var = (p + d − (p − d)²)/n, in points ×100.
    static let cases: [Case] = [
        Case(name: "n = 0", counts: (0, 0, 0), outcome: .error(.noResponses)),
        Case(name: "a negative count", counts: (3, -1, 0), outcome: .error(.noResponses)),
        // p = 1: 100 (1 − 0) = 100; Var = (1 + 0 − 1)/1 = 0.
        Case(name: "n = 1, a promoter", counts: (1, 0, 0), outcome: .score(100, standardError: 0, effectiveResponses: 1)),
        Case(name: "n = 1, a passive", counts: (0, 1, 0), outcome: .score(0, standardError: 0, effectiveResponses: 1)),
        Case(name: "n = 1, a detractor", counts: (0, 0, 1), outcome: .score(-100, standardError: 0, effectiveResponses: 1)),
        Case(name: "all promoters", counts: (250, 0, 0), outcome: .score(100, standardError: 0, effectiveResponses: 250)),
        Case(name: "all detractors", counts: (0, 0, 250), outcome: .score(-100, standardError: 0, effectiveResponses: 250)),
        // p = d = 1/2: 0; Var = (1 − 0)/2 = 1/2, SE = 100 √(1/2) = 70.7107 points.
        Case(name: "one promoter, one detractor", counts: (1, 0, 1), outcome: .score(0, standardError: 100 * 0.5.squareRoot(), effectiveResponses: 2)),
        // Counts near Int.max / 3 still add up (n < Int.max) and give finite shares.
        Case(name: "huge counts", counts: (1 << 60, 1 << 60, 1 << 60), outcome: .score(0, standardError: 100 * (2.0 / 3 / Double(3 << 60)).squareRoot(),
                                                                                          effectiveResponses: Double(3 << 60))),
    ]

    @Test("counts: typed error or a finite score", arguments: cases)
    func counts(_ c: Case) throws {
        switch c.outcome {
        case .error(let expected):
            #expect(throws: expected) { try NetPromoterScore(promoters: c.counts.0, passives: c.counts.1, detractors: c.counts.2) }
        case .score(let score, let se, let n):
            let nps = try NetPromoterScore(promoters: c.counts.0, passives: c.counts.1, detractors: c.counts.2)
            #expect(nps.score.isApproximatelyEqual(to: score, absoluteTolerance: 1e-9))
            #expect(nps.standardError.isApproximatelyEqual(to: se, absoluteTolerance: 1e-9))
            #expect(nps.effectiveResponses == n)
            #expect(nps.wald.lower >= -100 && nps.wald.upper <= 100 && nps.adjustedWald.lower >= -100 && nps.adjustedWald.upper <= 100)
            expectEncodesFinite(nps)
        }
    }

    /// Rocks' adjusted Wald for one promoter, by hand: p' = 1.75/4 = 0.4375, d' = 0.75/4 =
    /// 0.1875, n' = 4: NPS' = 25, Var' = (0.625 − 0.0625)/4 = 0.140625, SE' = 37.5 points;
    /// 25 ± 1.959964 × 37.5 = [−48.4987, 98.4987]. The Wald interval collapses to the point.
    @Test("n = 1: the Wald interval is the point, the adjusted Wald interval is wide and finite")
    func singleResponseIntervals() throws {
        let nps = try NetPromoterScore(promoters: 1, passives: 0, detractors: 0)
        #expect(nps.wald == NPSInterval(lower: 100, upper: 100))
        #expect(nps.adjustedWald.lower.isApproximatelyEqual(to: 25 - 1.959963984540054 * 37.5, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.upper.isApproximatelyEqual(to: 25 + 1.959963984540054 * 37.5, absoluteTolerance: 1e-9))
        // A bootstrap of one response resamples that response: the interval is the point.
        let boot = try NetPromoterScore(promoters: 1, passives: 0, detractors: 0, options: NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 50)))
        #expect(boot.bootstrap == NPSInterval(lower: 100, upper: 100))
    }

    struct WeightedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var units: [WeightedCategory]
        /// nil: `NPSError.noResponses`.
        var expected: (score: Double, effectiveResponses: Double)?
        var testDescription: String { name }
    }

    /// n_eff = (Σw)²/Σw² (Kish); only the ratios of the weights matter.
    static let weightedCases: [WeightedCase] = [
        WeightedCase(name: "no units", units: [], expected: nil),
        WeightedCase(name: "all weights zero", units: [.init(.promoter, weight: 0), .init(.detractor, weight: 0)], expected: nil),
        WeightedCase(name: "negative, NaN and infinite weights only", units: [.init(.promoter, weight: -5), .init(.passive, weight: .nan),
                                                                             .init(.detractor, weight: .infinity)], expected: nil),
        // Only the unit of weight 5 counts: one promoter.
        WeightedCase(name: "zero weights beside one positive", units: [.init(.detractor, weight: 0), .init(.detractor, weight: 0), .init(.promoter, weight: 5)],
                     expected: (100, 1)),
        // Equal weights: as unweighted; 1 promoter, 1 detractor → 0, n_eff = 2.
        WeightedCase(name: "weights of 1e300", units: [.init(.promoter, weight: 1e300), .init(.detractor, weight: 1e300)], expected: (0, 2)),
        WeightedCase(name: "weights near Double's largest", units: [.init(.promoter, weight: 1.7e308), .init(.promoter, weight: 1.7e308),
                                                                    .init(.detractor, weight: 1.7e308)], expected: (100.0 / 3, 3)),
        WeightedCase(name: "weights of 1e-300", units: [.init(.promoter, weight: 1e-300), .init(.passive, weight: 1e-300), .init(.detractor, weight: 1e-300)],
                     expected: (0, 3)),
        // w = (3, 1): p = 3/4, d = 1/4 → 50; n_eff = 16/10 = 1.6.
        WeightedCase(name: "unequal huge weights", units: [.init(.promoter, weight: 3e250), .init(.detractor, weight: 1e250)], expected: (50, 1.6)),
    ]

    @Test("weighted: zero and extreme weights", arguments: weightedCases)
    func weighted(_ c: WeightedCase) throws {
        guard let expected = c.expected else {
            #expect(throws: NPSError.noResponses) { try NetPromoterScore(weighted: c.units) }
            return
        }
        let nps = try NetPromoterScore(weighted: c.units, options: NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 20)))
        #expect(nps.score.isApproximatelyEqual(to: expected.score, absoluteTolerance: 1e-9))
        #expect(nps.effectiveResponses.isApproximatelyEqual(to: expected.effectiveResponses, absoluteTolerance: 1e-12))
        expectEncodesFinite(nps)
    }

    /// Documented on ``NPSComparison``: two unanimous groups have SE 0; equal scores give
    /// z = 0, p = 1; different scores give z = ±∞, p = 0 (the one documented infinity).
    @Test("comparing unanimous groups: z = 0 or ±∞ as documented, p finite")
    func unanimousComparison() throws {
        let promoters = try NetPromoterScore(promoters: 5, passives: 0, detractors: 0)
        let detractors = try NetPromoterScore(promoters: 0, passives: 0, detractors: 7)
        let same = NPSComparison(promoters, promoters)
        #expect(same.z == 0 && same.pValue == 1 && same.difference == 0)
        let apart = NPSComparison(promoters, detractors)
        #expect(apart.difference == 200 && apart.z == .infinity && apart.pValue == 0)
        #expect(NPSComparison(detractors, promoters).z == -.infinity)
        #expect(apart.interval == NPSInterval(lower: 200, upper: 200))
    }
}

// MARK: - NPS analysis

@Suite("Numeric edge cases: NPS analysis")
struct NPSAnalysisEdgeCaseTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }

    @Test("no responses is a typed error, whatever the grouping")
    func empty() {
        for options in [NPSAnalysisOptions(), NPSAnalysisOptions(level: .client), NPSAnalysisOptions(period: .year)] {
            #expect(throws: NPSAnalysisError.noResponses(asOf: nil)) { try NPSAnalysis(SurveyTable([]), options: options) }
        }
        // Responses, but all after the as-of date.
        let late = SurveyTable([SurveyResponse(clientID: "A", responseDate: Self.day(2025, 1, 1), score: 9)])
        #expect(throws: NPSAnalysisError.noResponses(asOf: Self.day(2024, 12, 31))) {
            try NPSAnalysis(late, options: NPSAnalysisOptions(asOf: Self.day(2024, 12, 31)))
        }
    }

    @Test("one response, one client: finite scores at every level and grouping", arguments: [NPSLevel.respondent, .client])
    func single(_ level: NPSLevel) throws {
        let table = SurveyTable([SurveyResponse(clientID: "A", responseDate: Self.day(2024, 5, 1), score: 10, respondent: "Ann")])
        let analysis = try NPSAnalysis(table, options: NPSAnalysisOptions(level: level, groupBy: "respondent", period: .year,
                                                                          scoreOptions: NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 10))))
        #expect(analysis.overall.score == 100 && analysis.overall.responses == 1 && analysis.overall.standardError == 0)
        #expect(analysis.groups.count == 1)
        #expect(analysis.groups.first?.change == nil)
        expectEncodesFinite(analysis)
    }

    /// Two unanimous years apart: the change between them has SE 0 and z = −∞ (documented on
    /// ``NPSComparison``); every score is finite.
    @Test("all promoters, then all detractors: finite scores; the change's z is the documented ±∞")
    func unanimousYears() throws {
        let table = SurveyTable((1...4).map { SurveyResponse(clientID: "C\($0)", responseDate: Self.day(2023, 3, $0), score: 10) }
                                + (1...4).map { SurveyResponse(clientID: "C\($0)", responseDate: Self.day(2024, 3, $0), score: 0) })
        let analysis = try NPSAnalysis(table, options: NPSAnalysisOptions(period: .year))
        #expect(analysis.overall.score == 0)
        #expect(analysis.groups.map(\.nps.score) == [100, -100])
        let change = try #require(analysis.groups.last?.change)
        #expect(change.difference == -200 && change.z == -.infinity && change.pValue == 0)
        for group in analysis.groups { expectEncodesFinite(group.nps) }
    }
}

// MARK: - Correlation

@Suite("Numeric edge cases: correlation")
struct CorrelationEdgeCaseTests {
    enum Expected: Sendable {
        /// Undefined, with a reason containing this text.
        case undefined(String)
        /// A coefficient (to 1e-12) with a p-value in [0, 1].
        case coefficient(Double)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var x: [Double], y: [Double]
        var pearson: Expected, spearman: Expected, kendall: Expected
        /// The pairs used.
        var n: Int
        var testDescription: String { name }
    }

    static let ranks: [Double] = [1, 2, 3, 4, 5]
    /// y for the worked example: with x = 1…5, dx = −2…2, dy = (−2, 0, −1, 2, 1): Σdxdy = 8,
    /// Σdx² = Σdy² = 10, so r = 0.8; the ranks are the values, so ρ = 0.8; ordered by x, y has
    /// 2 discordant pairs of 10, so τ = (8 − 2)/10 = 0.6.
    static let worked: [Double] = [1, 3, 2, 5, 4]

    static let cases: [Case] = [
        Case(name: "no pairs", x: [], y: [], pearson: .undefined("fewer than 3"), spearman: .undefined("fewer than 3"), kendall: .undefined("fewer than 3"), n: 0),
        Case(name: "one pair", x: [1], y: [2], pearson: .undefined("fewer than 3"), spearman: .undefined("fewer than 3"), kendall: .undefined("fewer than 3"), n: 1),
        Case(name: "two pairs", x: [1, 2], y: [2, 1], pearson: .undefined("fewer than 3"), spearman: .undefined("fewer than 3"), kendall: .undefined("fewer than 3"), n: 2),
        Case(name: "three pairs, two missing", x: [1, .nan, 2, 3, 4], y: [1, 2, .nan, 3, 5], pearson: .coefficient(0.9819805060619657),
             spearman: .coefficient(1), kendall: .coefficient(1), n: 3),
        Case(name: "constant column", x: [5, 5, 5, 5], y: [1, 2, 3, 4], pearson: .undefined("constant"), spearman: .undefined("constant"),
             kendall: .undefined("constant"), n: 4),
        // 0.1 three times: (0.1 + 0.1 + 0.1)/3 ≠ 0.1 in binary, but the column is constant.
        Case(name: "constant column of 0.1", x: [0.1, 0.1, 0.1], y: [1, 2, 4], pearson: .undefined("constant"), spearman: .undefined("constant"),
             kendall: .undefined("constant"), n: 3),
        Case(name: "constant column of 1e300", x: [3, 1, 2], y: [1e300, 1e300, 1e300], pearson: .undefined("constant"), spearman: .undefined("constant"),
             kendall: .undefined("constant"), n: 3),
        // Both columns all ties but one value each side; identical columns: every statistic 1.
        Case(name: "all ties, two groups", x: [1, 1, 1, 2, 2, 2], y: [1, 1, 1, 2, 2, 2], pearson: .coefficient(1), spearman: .coefficient(1),
             kendall: .coefficient(1), n: 6),
        Case(name: "perfectly correlated", x: (1...10).map(Double.init), y: (1...10).map { 2 * Double($0) + 3 }, pearson: .coefficient(1),
             spearman: .coefficient(1), kendall: .coefficient(1), n: 10),
        Case(name: "perfectly anti-correlated", x: (1...10).map(Double.init), y: (1...10).map { -Double($0) }, pearson: .coefficient(-1),
             spearman: .coefficient(-1), kendall: .coefficient(-1), n: 10),
        Case(name: "worked example", x: ranks, y: worked, pearson: .coefficient(0.8), spearman: .coefficient(0.8), kendall: .coefficient(0.6), n: 5),
        // The same pairs multiplied by 1e300 or 1e-300: r, ρ and τ do not change with scale.
        Case(name: "values of 1e300", x: ranks.map { $0 * 1e300 }, y: worked, pearson: .coefficient(0.8), spearman: .coefficient(0.8),
             kendall: .coefficient(0.6), n: 5),
        Case(name: "both columns near Double's largest", x: ranks.map { $0 * 3e307 }, y: worked.map { $0 * -3e307 }, pearson: .coefficient(-0.8),
             spearman: .coefficient(-0.8), kendall: .coefficient(-0.6), n: 5),
        Case(name: "values of 1e-300", x: ranks.map { $0 * 1e-300 }, y: worked.map { $0 * 1e-300 }, pearson: .coefficient(0.8),
             spearman: .coefficient(0.8), kendall: .coefficient(0.6), n: 5),
        Case(name: "subnormal values", x: ranks.map { $0 * .leastNonzeroMagnitude }, y: worked, pearson: .coefficient(0.8), spearman: .coefficient(0.8),
             kendall: .coefficient(0.6), n: 5),
        // An infinite value is not a number to correlate: left out, as NaN is.
        Case(name: "an infinite value", x: ranks + [.infinity], y: worked + [7], pearson: .coefficient(0.8), spearman: .coefficient(0.8),
             kendall: .coefficient(0.6), n: 5),
    ]

    @Test("Pearson, Spearman and Kendall: undefined with a reason, or a finite coefficient and p-value", arguments: cases)
    func coefficients(_ c: Case) {
        let all = Correlation.all(c.x, c.y)
        for (result, expected, single) in [(all.pearson, c.pearson, Correlation.pearson(c.x, c.y)),
                                           (all.spearman, c.spearman, Correlation.spearman(c.x, c.y)),
                                           (all.kendall, c.kendall, Correlation.kendall(c.x, c.y))] {
            #expect(result == single, "\(result.method): all(_:_:) and the single method agree")
            #expect(result.n == c.n, "\(result.method)")
            switch expected {
            case .undefined(let reason):
                #expect(result.coefficient == nil && result.pValue == nil && result.interval == nil, "\(result.method)")
                #expect(result.undefinedReason?.contains(reason) == true, "\(result.method): \(result.undefinedReason ?? "no reason")")
            case .coefficient(let value):
                #expect(result.undefinedReason == nil, "\(result.method): \(result.undefinedReason ?? "")")
                #expect(result.coefficient.map { $0.isApproximatelyEqual(to: value, absoluteTolerance: 1e-12) } == true,
                        "\(result.method): \(result.coefficient as Any), expected \(value)")
                #expect(result.pValue.map { $0 >= 0 && $0 <= 1 } == true, "\(result.method): p = \(result.pValue as Any)")
                if abs(value) == 1 && result.method != .kendall { #expect(result.pValue == 0, "\(result.method)") }
            }
            expectEncodesFinite(result, "\(result.method)")
        }
    }

    /// Pearson's interval: none for n = 3 (Fisher's z needs n > 3), the point ±1 for a perfect
    /// correlation (tanh(±∞ ∓ c) = ±1), and the worked example's interval scale-free.
    @Test("Pearson's interval: absent for n = 3, [±1, ±1] when perfect, the same at any scale")
    func pearsonInterval() throws {
        #expect(Correlation.pearson([1, 2, 3], [1, 3, 2]).interval == nil)
        let perfect = try #require(Correlation.pearson((1...10).map(Double.init), (1...10).map { -Double($0) }).interval)
        #expect(perfect.lower == -1 && perfect.upper == -1)
        let plain = try #require(Correlation.pearson(Self.ranks, Self.worked).interval)
        let huge = try #require(Correlation.pearson(Self.ranks.map { $0 * 1e300 }, Self.worked.map { $0 * 1e-300 }).interval)
        #expect(huge.lower.isApproximatelyEqual(to: plain.lower, absoluteTolerance: 1e-12))
        #expect(huge.upper.isApproximatelyEqual(to: plain.upper, absoluteTolerance: 1e-12))
    }

    /// Kendall's exact p-value (no ties, n ≤ 33) for a perfect order: only the identity and
    /// its reverse of the 10! orders are as extreme, so p = 2/10!.
    @Test("Kendall: the exact p-value of a perfect order is 2/n!")
    func kendallPerfect() throws {
        let p = try #require(Correlation.kendall((1...10).map(Double.init), (1...10).map(Double.init)).pValue)
        #expect(p.isApproximatelyEqual(to: 2 / 3_628_800, absoluteTolerance: 1e-18))
    }

    struct PartialCase: Sendable, CustomTestStringConvertible {
        var name: String
        var x: [Double], y: [Double], controls: [[Double]]
        /// nil: undefined with a reason containing `reason`.
        var coefficient: Double?
        var reason: String = ""
        var testDescription: String { name }
    }

    static let partialCases: [PartialCase] = [
        PartialCase(name: "no pairs", x: [], y: [], controls: [[]], coefficient: nil, reason: "too few pairs"),
        // k = 1 control needs n ≥ 4 (df = n − 2 − k ≥ 1).
        PartialCase(name: "three pairs, one control", x: [1, 2, 3], y: [2, 1, 3], controls: [[1, 1, 2]], coefficient: nil, reason: "need at least 4"),
        PartialCase(name: "constant control", x: [1, 2, 3, 4, 5], y: [2, 1, 4, 3, 5], controls: [[7, 7, 7, 7, 7]], coefficient: nil, reason: "collinear or constant"),
        PartialCase(name: "collinear controls", x: [1, 2, 3, 4, 5, 6], y: [2, 1, 4, 3, 6, 5], controls: [[1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 12]],
                    coefficient: nil, reason: "collinear or constant"),
        // x = 3·control + 1.1: its residuals are rounding noise, not a variable.
        PartialCase(name: "x explained entirely by the control", x: [0.1, 0.7, 1.3, 2.2, 3.1, 4.6].map { 3 * $0 + 1.1 }, y: [2, 1, 4, 3, 6, 5],
                    controls: [[0.1, 0.7, 1.3, 2.2, 3.1, 4.6]], coefficient: nil, reason: "linear function of the controls"),
        PartialCase(name: "constant x", x: [0.1, 0.1, 0.1, 0.1, 0.1], y: [2, 1, 4, 3, 5], controls: [[1, 3, 2, 5, 4]], coefficient: nil,
                    reason: "linear function of the controls"),
        // A control uncorrelated with both leaves r as it is: x = (1, 2, 3, 4), y = (1, 3, 2, 4),
        // control c = (1, −1, −1, 1) is orthogonal to both centred columns, so the residuals are
        // the centred columns: r = (1.5·1.5 + 0.5·(−0.5) + 0.5·(−0.5) + 1.5·1.5)/5 = 0.8.
        PartialCase(name: "orthogonal control", x: [1, 2, 3, 4], y: [1, 3, 2, 4], controls: [[1, -1, -1, 1]], coefficient: 0.8),
        PartialCase(name: "the same at 1e300", x: [1e300, 2e300, 3e300, 4e300], y: [1e-300, 3e-300, 2e-300, 4e-300], controls: [[1e200, -1e200, -1e200, 1e200]],
                    coefficient: 0.8),
    ]

    @Test("partial: undefined with a reason, or a finite coefficient", arguments: partialCases)
    func partial(_ c: PartialCase) {
        let result = Correlation.partial(c.x, c.y, controls: c.controls)
        if let expected = c.coefficient {
            #expect(result.coefficient.map { $0.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12) } == true, "\(result)")
            #expect(result.pValue.map { $0 >= 0 && $0 <= 1 } == true)
        } else {
            #expect(result.coefficient == nil && result.pValue == nil)
            #expect(result.undefinedReason?.contains(c.reason) == true, "\(result.undefinedReason ?? "no reason")")
        }
        expectEncodesFinite(result)
    }
}
