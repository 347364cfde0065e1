import Testing
@testable import ClientValue

@Suite("NetPromoterScore")
struct NetPromoterScoreTests {
    struct Reference: Sendable, CustomTestStringConvertible {
        var detractors: Int, passives: Int, promoters: Int
        var score: Double, standardError: Double
        var wald: (Double, Double), adjusted: (Double, Double)
        var testDescription: String { "D\(detractors) P\(passives) Pr\(promoters)" }
    }

    // The first two rows are the published values (2 decimals); all rows were
    // recomputed in Python from the definitions with z = scipy.stats.norm.ppf(0.975).
    static let references = [
        Reference(detractors: 15, passives: 25, promoters: 60, score: 45.0, standardError: 7.399324293474371,
                  wald: (30.497590874857945, 59.50240912514204), adjusted: (29.343111201734093, 58.03552957496494)),
        Reference(detractors: 2, passives: 3, promoters: 5, score: 30.0, standardError: 24.69817807045694,
                  wald: (-18.40753950185257, 78.40753950185257), adjusted: (-19.050615376363663, 65.20446153020981)),
        Reference(detractors: 30, passives: 20, promoters: 50, score: 20.0, standardError: 8.717797887081346,
                  wald: (2.913430116821182, 37.08656988317882), adjusted: (2.653079866222967, 36.18187159008772)),
        Reference(detractors: 1, passives: 1, promoters: 1, score: 0, standardError: 47.14045207910317,
                  wald: (-92.39358828997852, 92.39358828997852), adjusted: (-61.112614338043166, 61.112614338043166)),
        // Unanimous answers: Wald collapses to a point; adjusted Wald is clipped to ±100.
        Reference(detractors: 0, passives: 0, promoters: 7, score: 100, standardError: 0,
                  wald: (100, 100), adjusted: (32.8122980617263, 100)),
        Reference(detractors: 40, passives: 0, promoters: 0, score: -100, standardError: 0,
                  wald: (-100, -100), adjusted: (-100, -83.58169938961082)),
    ]

    @Test("score, standard error and both intervals match the reference values", arguments: references)
    func reference(_ r: Reference) throws {
        let nps = try NetPromoterScore(promoters: r.promoters, passives: r.passives, detractors: r.detractors)
        #expect(nps.responses == r.detractors + r.passives + r.promoters)
        #expect(nps.score.isApproximatelyEqual(to: r.score, absoluteTolerance: 1e-9))
        #expect(nps.standardError.isApproximatelyEqual(to: r.standardError, absoluteTolerance: 1e-9))
        #expect(nps.wald.lower.isApproximatelyEqual(to: r.wald.0, absoluteTolerance: 1e-9))
        #expect(nps.wald.upper.isApproximatelyEqual(to: r.wald.1, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.lower.isApproximatelyEqual(to: r.adjusted.0, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.upper.isApproximatelyEqual(to: r.adjusted.1, absoluteTolerance: 1e-9))
    }

    @Test("the issue's published figures, to two decimals")
    func published() throws {
        let a = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
        #expect((a.score * 100).rounded() / 100 == 45.0)
        #expect((a.standardError * 1000).rounded() / 1000 == 7.399)
        #expect([a.wald.lower, a.wald.upper].map { ($0 * 100).rounded() / 100 } == [30.50, 59.50])
        #expect([a.adjustedWald.lower, a.adjustedWald.upper].map { ($0 * 100).rounded() / 100 } == [29.34, 58.04])
    }

    @Test("a 90% level narrows the intervals (scipy z = 1.6448536269514722)")
    func confidenceLevel() throws {
        let nps = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15, options: NPSOptions(confidence: 0.90))
        #expect(nps.wald.lower.isApproximatelyEqual(to: 32.829194598888535, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.upper.isApproximatelyEqual(to: 55.72903866875788, absoluteTolerance: 1e-9))
    }

    @Test("scores are classified 9-10 promoter, 7-8 passive, 0-6 detractor")
    func fromScores() throws {
        let nps = try NetPromoterScore(scores: [0, 6, 7, 8, 9, 10, 10])
        #expect([nps.detractors, nps.passives, nps.promoters] == [2, 2, 3])
        #expect(nps.score.isApproximatelyEqual(to: 100.0 / 7, absoluteTolerance: 1e-12))
        #expect(NPSCategory.allCases.map { $0.rawValue } == ["promoter", "passive", "detractor"])
    }

    @Test("no responses and a bad confidence level are typed errors")
    func errors() {
        #expect(throws: NPSError.noResponses) { try NetPromoterScore(scores: []) }
        #expect(throws: NPSError.invalidConfidence(1)) { try NetPromoterScore(promoters: 1, passives: 0, detractors: 0, options: NPSOptions(confidence: 1)) }
    }

    @Test("intervals hold the score and stay within -100...100 (seeded)")
    func properties() throws {
        var random = SplitMix64(seed: 17)
        for _ in 0..<1000 {
            let counts = (0..<3).map { _ in Int(random.uniform(below: 50)) }
            guard counts.reduce(0, +) > 0 else { continue }
            let nps = try NetPromoterScore(promoters: counts[0], passives: counts[1], detractors: counts[2])
            #expect((-100...100).contains(nps.score))
            #expect(nps.standardError >= 0)
            #expect(nps.wald.lower <= nps.score && nps.score <= nps.wald.upper)
            #expect(-100 <= nps.adjustedWald.lower && nps.adjustedWald.upper <= 100)
            #expect(abs(nps.promoterShare + nps.passiveShare + nps.detractorShare - 1) < 1e-12)
        }
    }
}

@Suite("NPSComparison")
struct NPSComparisonTests {
    @Test("difference, SE, z and p match the issue's figures and scipy")
    func reference() throws {
        let a = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
        let b = try NetPromoterScore(promoters: 50, passives: 20, detractors: 30)
        let comparison = NPSComparison(a, b)
        // Issue: difference 25.0, SE 11.435, z 2.186, p 0.0288. Full precision from Python with
        // scipy.stats.norm: p = 2 * norm.sf(z).
        #expect(comparison.difference.isApproximatelyEqual(to: 25.0, absoluteTolerance: 1e-9))
        #expect(comparison.standardError.isApproximatelyEqual(to: 11.43459662602927, absoluteTolerance: 1e-9))
        #expect(comparison.z.isApproximatelyEqual(to: 2.18634734723313, absoluteTolerance: 1e-9))
        #expect(comparison.pValue.isApproximatelyEqual(to: 0.02879020261580596, absoluteTolerance: 1e-12))
        #expect(comparison.interval.lower.isApproximatelyEqual(to: 2.5886024352394053, absoluteTolerance: 1e-9))
        #expect(comparison.interval.upper.isApproximatelyEqual(to: 47.41139756476058, absoluteTolerance: 1e-9))
    }

    @Test("unanimous groups: infinite z for a difference, none for equal scores")
    func unanimous() throws {
        let all = try NetPromoterScore(promoters: 5, passives: 0, detractors: 0)
        let none = try NetPromoterScore(promoters: 0, passives: 0, detractors: 5)
        #expect(NPSComparison(all, none).z == .infinity)
        #expect(NPSComparison(all, none).pValue == 0)
        #expect(NPSComparison(all, all).z == 0)
        #expect(NPSComparison(all, all).pValue == 1)
    }
}
