import Testing
@testable import ClientValue

private func units(promoters: Int, passives: Int, detractors: Int, weight: Double) -> [WeightedCategory] {
    Array(repeating: WeightedCategory(.promoter, weight: weight), count: promoters)
        + Array(repeating: WeightedCategory(.passive, weight: weight), count: passives)
        + Array(repeating: WeightedCategory(.detractor, weight: weight), count: detractors)
}

@Suite("Weighted NetPromoterScore")
struct WeightedNPSTests {
    /// (promoters, passives, detractors): the rows of NetPromoterScoreTests.references.
    static let counts = [(60, 25, 15), (5, 3, 2), (50, 20, 30), (1, 1, 1), (7, 0, 0), (0, 0, 40)]

    @Test("equal weights give exactly the unweighted score, standard error and intervals",
          arguments: counts, [1.0, 2.5, 1000.0])
    func equalWeightsExact(_ c: (Int, Int, Int), _ weight: Double) throws {
        // Sums of these weights are exact in binary, so the shares and n_eff = (Σw)²/Σw² = n
        // come out bit for bit as in the unweighted case.
        let plain = try NetPromoterScore(promoters: c.0, passives: c.1, detractors: c.2)
        let weighted = try NetPromoterScore(weighted: units(promoters: c.0, passives: c.1, detractors: c.2, weight: weight))
        #expect(weighted == plain)
        #expect(weighted.effectiveResponses == Double(c.0 + c.1 + c.2))
    }

    @Test("equal but inexact weights agree with the unweighted score to rounding", arguments: [0.1, 1.0 / 3, 7.3, 123_456.789])
    func equalWeightsApproximate(_ weight: Double) throws {
        for c in Self.counts {
            let plain = try NetPromoterScore(promoters: c.0, passives: c.1, detractors: c.2)
            let weighted = try NetPromoterScore(weighted: units(promoters: c.0, passives: c.1, detractors: c.2, weight: weight))
            #expect([weighted.promoters, weighted.passives, weighted.detractors, weighted.responses]
                    == [plain.promoters, plain.passives, plain.detractors, plain.responses])
            #expect(weighted.effectiveResponses.isApproximatelyEqual(to: plain.effectiveResponses, absoluteTolerance: 1e-9))
            #expect(weighted.score.isApproximatelyEqual(to: plain.score, absoluteTolerance: 1e-9))
            #expect(weighted.standardError.isApproximatelyEqual(to: plain.standardError, absoluteTolerance: 1e-9))
            #expect(weighted.wald.lower.isApproximatelyEqual(to: plain.wald.lower, absoluteTolerance: 1e-9))
            #expect(weighted.wald.upper.isApproximatelyEqual(to: plain.wald.upper, absoluteTolerance: 1e-9))
            #expect(weighted.adjustedWald.lower.isApproximatelyEqual(to: plain.adjustedWald.lower, absoluteTolerance: 1e-9))
            #expect(weighted.adjustedWald.upper.isApproximatelyEqual(to: plain.adjustedWald.upper, absoluteTolerance: 1e-9))
        }
    }

    /// Six units with unequal weights: promoters 3, 1.5 and 1; a passive 2; detractors 0.5 and 4.
    static let handMade = [
        WeightedCategory(.promoter, weight: 3.0), WeightedCategory(.promoter, weight: 1.5), WeightedCategory(.passive, weight: 2.0),
        WeightedCategory(.detractor, weight: 0.5), WeightedCategory(.detractor, weight: 4.0), WeightedCategory(.promoter, weight: 1.0),
    ]

    // Reference values computed with numpy/scipy 1.17.1 from the definitions:
    //   w = np.array([3.0, 1.5, 2.0, 0.5, 4.0, 1.0]); W = w.sum()        # categories P P N D D P
    //   p = 5.5/W; n = 2.0/W; d = 4.5/W; neff = W**2 / (w**2).sum()       # Kish: 144/32.5
    //   score = 100*(p-d); se = 100*np.sqrt((p+d-(p-d)**2)/neff)
    //   z = scipy.stats.norm.ppf(0.975)  (0.90: norm.ppf(0.95)); wald = score ∓ z*se
    //   pa = (p*neff+0.75)/(neff+3); da = (d*neff+0.75)/(neff+3)
    //   adjusted = 100*(pa-da) ∓ z*100*np.sqrt((pa+da-(pa-da)**2)/(neff+3)), clipped to ±100
    @Test("a hand-made weighted case matches numpy/scipy")
    func handMadeCase() throws {
        let nps = try NetPromoterScore(weighted: Self.handMade)
        #expect([nps.responses, nps.promoters, nps.passives, nps.detractors] == [6, 3, 1, 2])
        #expect(nps.promoterShare.isApproximatelyEqual(to: 0.4583333333333333, absoluteTolerance: 1e-12))
        #expect(nps.passiveShare.isApproximatelyEqual(to: 0.16666666666666666, absoluteTolerance: 1e-12))
        #expect(nps.detractorShare.isApproximatelyEqual(to: 0.375, absoluteTolerance: 1e-12))
        #expect(nps.effectiveResponses.isApproximatelyEqual(to: 4.430769230769231, absoluteTolerance: 1e-12))
        #expect(nps.score.isApproximatelyEqual(to: 8.333333333333332, absoluteTolerance: 1e-9))
        #expect(nps.standardError.isApproximatelyEqual(to: 43.18696344648921, absoluteTolerance: 1e-9))
        #expect(nps.wald.lower.isApproximatelyEqual(to: -76.31155962343333, absoluteTolerance: 1e-9))
        #expect(nps.wald.upper.isApproximatelyEqual(to: 92.97822629009998, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.lower.isApproximatelyEqual(to: -55.02755162192021, absoluteTolerance: 1e-9))
        #expect(nps.adjustedWald.upper.isApproximatelyEqual(to: 64.96543982067796, absoluteTolerance: 1e-9))
        #expect(nps.bootstrap == nil)

        let ninety = try nps.intervals(confidence: 0.90)
        #expect(ninety.wald.lower.isApproximatelyEqual(to: -62.7029001286451, absoluteTolerance: 1e-9))
        #expect(ninety.wald.upper.isApproximatelyEqual(to: 79.36956679531175, absoluteTolerance: 1e-9))
        #expect(ninety.adjustedWald.lower.isApproximatelyEqual(to: -45.38170232574708, absoluteTolerance: 1e-9))
        #expect(ninety.adjustedWald.upper.isApproximatelyEqual(to: 55.319590524504825, absoluteTolerance: 1e-9))
        let atNinety = try NetPromoterScore(weighted: Self.handMade, options: NPSOptions(confidence: 0.90))
        #expect(atNinety.wald == ninety.wald && atNinety.adjustedWald == ninety.adjustedWald)
    }

    @Test("zero, negative and non-finite weights are left out")
    func badWeightsLeftOut() throws {
        let junk = [
            WeightedCategory(.detractor, weight: 0), WeightedCategory(.detractor, weight: -0.0), WeightedCategory(.detractor, weight: -3),
            WeightedCategory(.detractor, weight: .nan), WeightedCategory(.promoter, weight: .infinity),
            WeightedCategory(.passive, weight: -.infinity), WeightedCategory(.promoter, weight: -.greatestFiniteMagnitude),
        ]
        let clean = try NetPromoterScore(weighted: Self.handMade)
        #expect(try NetPromoterScore(weighted: junk + Self.handMade) == clean)
        #expect(try NetPromoterScore(weighted: Self.handMade + junk) == clean)
        let mixed = Array(zip(Self.handMade, junk.prefix(6)).flatMap { [$0.1, $0.0] })
        #expect(try NetPromoterScore(weighted: mixed) == clean)
    }

    @Test("no unit with a positive weight is noResponses", arguments: [
        [WeightedCategory](), [WeightedCategory(.promoter, weight: 0), WeightedCategory(.detractor, weight: 0)],
        [WeightedCategory(.promoter, weight: -1), WeightedCategory(.passive, weight: .nan), WeightedCategory(.promoter, weight: .infinity)],
    ])
    func noPositiveWeight(_ units: [WeightedCategory]) {
        #expect(throws: NPSError.noResponses) { try NetPromoterScore(weighted: units) }
    }

    @Test("reordering units or scaling every weight leaves the result unchanged (seeded)")
    func invariances() throws {
        var random = SplitMix64(seed: 77)
        for _ in 0..<300 {
            let count = random.uniform(1...40)
            let units = (0..<count).map { _ in
                WeightedCategory(NPSCategory.allCases[random.uniform(0...2)], weight: 0.01 + random.nextDouble() * 100)
            }
            let base = try NetPromoterScore(weighted: units)
            let shuffled = try NetPromoterScore(weighted: units.shuffled(using: &random))
            let scale = [1e-3, 0.5, 3.0, 1e4][random.uniform(0...3)]
            let scaled = try NetPromoterScore(weighted: units.map { WeightedCategory($0.category, weight: $0.weight * scale) })
            for other in [shuffled, scaled] {
                #expect(other.responses == base.responses)
                #expect(other.effectiveResponses.isApproximatelyEqual(to: base.effectiveResponses, absoluteTolerance: 1e-9))
                #expect(other.score.isApproximatelyEqual(to: base.score, absoluteTolerance: 1e-9))
                #expect(other.standardError.isApproximatelyEqual(to: base.standardError, absoluteTolerance: 1e-9))
                #expect(other.adjustedWald.lower.isApproximatelyEqual(to: base.adjustedWald.lower, absoluteTolerance: 1e-9))
                #expect(other.adjustedWald.upper.isApproximatelyEqual(to: base.adjustedWald.upper, absoluteTolerance: 1e-9))
            }
            // Kish's effective n lies between 1 and the number of units.
            #expect(base.effectiveResponses >= 1 - 1e-12 && base.effectiveResponses <= Double(count) + 1e-9)
            #expect(abs(base.promoterShare + base.passiveShare + base.detractorShare - 1) < 1e-12)
            #expect(-100 <= base.adjustedWald.lower && base.adjustedWald.upper <= 100)
            #expect(base.wald.lower <= base.score && base.score <= base.wald.upper)
        }
    }
}

@Suite("NetPromoterScore.intervals(confidence:)")
struct NPSIntervalsTests {
    @Test("at 95% it returns the stored intervals", arguments: [(60, 25, 15), (5, 3, 2), (7, 0, 0), (0, 1, 0)])
    func storedLevel(_ c: (Int, Int, Int)) throws {
        let nps = try NetPromoterScore(promoters: c.0, passives: c.1, detractors: c.2)
        #expect(try nps.intervals(confidence: 0.95) == NPSIntervals(wald: nps.wald, adjustedWald: nps.adjustedWald))
        let weighted = try NetPromoterScore(weighted: WeightedNPSTests.handMade)
        #expect(try weighted.intervals(confidence: 0.95) == NPSIntervals(wald: weighted.wald, adjustedWald: weighted.adjustedWald))
    }

    @Test("at 90% it matches NetPromoterScoreTests' scipy values and a score computed at 90%")
    func ninetyPercent() throws {
        let nps = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
        let ninety = try nps.intervals(confidence: 0.90)
        // From NetPromoterScoreTests.confidenceLevel (scipy z = 1.6448536269514722).
        #expect(ninety.wald.lower.isApproximatelyEqual(to: 32.829194598888535, absoluteTolerance: 1e-9))
        #expect(ninety.adjustedWald.upper.isApproximatelyEqual(to: 55.72903866875788, absoluteTolerance: 1e-9))
        let atNinety = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15, options: NPSOptions(confidence: 0.90))
        #expect(ninety == NPSIntervals(wald: atNinety.wald, adjustedWald: atNinety.adjustedWald))
        // And back: a score computed at 90% gives the 95% intervals on request.
        #expect(try atNinety.intervals(confidence: 0.95) == NPSIntervals(wald: nps.wald, adjustedWald: nps.adjustedWald))
    }

    @Test("a level outside (0, 1) is invalidConfidence", arguments: [0.0, 1.0, -0.5, 1.5, 95, -.infinity, .infinity])
    func invalid(_ level: Double) throws {
        let nps = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
        #expect(throws: NPSError.invalidConfidence(level)) { try nps.intervals(confidence: level) }
        #expect(throws: NPSError.invalidConfidence(level)) {
            try NetPromoterScore(weighted: WeightedNPSTests.handMade, options: NPSOptions(confidence: level))
        }
    }

    @Test("a NaN level is invalidConfidence")
    func notANumber() throws {
        let nps = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
        do {
            _ = try nps.intervals(confidence: .nan)
            Issue.record("expected invalidConfidence")
        } catch {
            guard case .invalidConfidence(let level) = error else { Issue.record("\(error)"); return }
            #expect(level.isNaN)
        }
    }
}

@Suite("NPS bootstrap interval")
struct NPSBootstrapTests {
    private func bootstrap(_ p: Int, _ n: Int, _ d: Int, resamples: Int = 500, seed: UInt64 = 42,
                           confidence: Double = 0.95) throws -> NetPromoterScore {
        try NetPromoterScore(promoters: p, passives: n, detractors: d,
                             options: NPSOptions(confidence: confidence, bootstrap: NPSBootstrapOptions(resamples: resamples, seed: seed)))
    }

    @Test("the same seed gives the same interval; other seeds give others")
    func seeded() throws {
        let a = try #require(try bootstrap(60, 25, 15, seed: 7).bootstrap)
        let b = try #require(try bootstrap(60, 25, 15, seed: 7).bootstrap)
        #expect(a == b)
        // Bounds of 100 responses are whole points, so two seeds can share one; five cannot all agree.
        let others = try (1...5).map { try #require(try bootstrap(60, 25, 15, seed: UInt64($0)).bootstrap) }
        #expect(Set(others.map { [$0.lower, $0.upper] }).count > 1)
    }

    @Test("asking for a bootstrap leaves every other field as it was")
    func otherFieldsUnchanged() throws {
        var withBootstrap = try bootstrap(60, 25, 15)
        #expect(withBootstrap.bootstrap != nil)
        withBootstrap.bootstrap = nil
        #expect(withBootstrap == (try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)))
    }

    @Test("fewer than one resample is invalidResamples", arguments: [0, -1, Int.min])
    func invalidResamples(_ resamples: Int) {
        let options = NPSOptions(bootstrap: NPSBootstrapOptions(resamples: resamples, seed: 1))
        #expect(throws: NPSError.invalidResamples(resamples)) {
            try NetPromoterScore(promoters: 60, passives: 25, detractors: 15, options: options)
        }
        #expect(throws: NPSError.invalidResamples(resamples)) {
            try NetPromoterScore(weighted: WeightedNPSTests.handMade, options: options)
        }
    }

    @Test("for 2,000 responses the bootstrap bounds are within 1.5 points of Wald's")
    func largeSampleAgreesWithWald() throws {
        // 900 promoters, 600 passives, 500 detractors: NPS 20, SE ≈ 1.82, Wald ≈ 16.44 ... 23.56.
        let nps = try bootstrap(900, 600, 500, resamples: 2000, seed: 2024)
        let interval = try #require(nps.bootstrap)
        #expect(abs(interval.lower - nps.wald.lower) < 1.5, "\(interval) vs \(nps.wald)")
        #expect(abs(interval.upper - nps.wald.upper) < 1.5, "\(interval) vs \(nps.wald)")
        #expect(interval.lower < nps.score && nps.score < interval.upper)
    }

    @Test("unanimous answers give a point interval")
    func unanimous() throws {
        #expect(try bootstrap(7, 0, 0).bootstrap == NPSInterval(lower: 100, upper: 100))
        #expect(try bootstrap(0, 0, 40).bootstrap == NPSInterval(lower: -100, upper: -100))
        #expect(try bootstrap(0, 12, 0).bootstrap == NPSInterval(lower: 0, upper: 0))
        let options = NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 300, seed: 3))
        let weighted = try NetPromoterScore(weighted: [WeightedCategory(.promoter, weight: 2), WeightedCategory(.promoter, weight: 9.5)],
                                            options: options)
        #expect(weighted.bootstrap == NPSInterval(lower: 100, upper: 100))
    }

    @Test("intervals stay within -100...100 in order, and a lower level nests inside a higher one (seeded)")
    func properties() throws {
        var random = SplitMix64(seed: 5150)
        for _ in 0..<200 {
            let counts = (0..<3).map { _ in random.uniform(0...30) }
            guard counts.reduce(0, +) > 0 else { continue }
            let seed = random.next()
            let wide = try #require(try bootstrap(counts[0], counts[1], counts[2], resamples: 200, seed: seed).bootstrap)
            let narrow = try #require(try bootstrap(counts[0], counts[1], counts[2], resamples: 200, seed: seed, confidence: 0.8).bootstrap)
            #expect(-100 <= wide.lower && wide.lower <= wide.upper && wide.upper <= 100, "\(counts)")
            // The same seed draws the same resamples, so the 80% quantiles lie inside the 95% ones.
            #expect(wide.lower <= narrow.lower && narrow.lower <= narrow.upper && narrow.upper <= wide.upper, "\(counts)")
        }
    }

    @Test("the weighted bootstrap is seeded too")
    func weightedSeeded() throws {
        var random = SplitMix64(seed: 11)
        let units = (0..<60).map { _ in
            WeightedCategory(NPSCategory.allCases[random.uniform(0...2)], weight: 0.5 + random.nextDouble() * 20)
        }
        func interval(_ seed: UInt64) throws -> NPSInterval {
            try #require(try NetPromoterScore(weighted: units, options: NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 400, seed: seed))).bootstrap)
        }
        let a = try interval(99)
        #expect(try interval(99) == a)
        #expect(try interval(100) != a)   // continuous weights: a tie between seeds has probability 0
        #expect(-100 <= a.lower && a.lower <= a.upper && a.upper <= 100)
    }

    @Test("the weighted bootstrap of 2,000 equal-weight units is within 1.5 points of Wald's")
    func weightedLargeSample() throws {
        let units = units(promoters: 900, passives: 600, detractors: 500, weight: 3)
        let nps = try NetPromoterScore(weighted: units, options: NPSOptions(bootstrap: NPSBootstrapOptions(resamples: 2000, seed: 8)))
        let interval = try #require(nps.bootstrap)
        #expect(abs(interval.lower - nps.wald.lower) < 1.5, "\(interval) vs \(nps.wald)")
        #expect(abs(interval.upper - nps.wald.upper) < 1.5, "\(interval) vs \(nps.wald)")
    }
}

@Suite("NPSResampling.quantile")
struct NPSQuantileTests {
    static let sorted = [-3.0, -1.0, 0.5, 2.0, 2.0, 7.5, 10.0]

    // numpy 2 default (linear) percentiles of the array above:
    //   np.percentile(np.array([-3.0, -1.0, 0.5, 2.0, 2.0, 7.5, 10.0]), [0, 2.5, 5, 10, 25, 50, 62.5, 90, 95, 97.5, 100])
    @Test("matches numpy.percentile (linear)", arguments: [
        (0.0, -3.0), (0.025, -2.7), (0.05, -2.4), (0.10, -1.7999999999999998), (0.25, -0.25), (0.5, 2.0),
        (0.625, 2.0), (0.90, 8.5), (0.95, 9.249999999999998), (0.975, 9.625), (1.0, 10.0),
    ])
    func matchesNumpy(_ q: Double, _ expected: Double) {
        #expect(NPSResampling.quantile(Self.sorted, q).isApproximatelyEqual(to: expected, absoluteTolerance: 1e-12))
    }

    @Test("a single value is every quantile")
    func single() {
        for q in [0.0, 0.3, 1.0] { #expect(NPSResampling.quantile([4.5], q) == 4.5) }
    }

    @Test("the percentile interval sorts the scores and takes the two tail quantiles")
    func percentileInterval() {
        var scores = [10.0, 2.0, -3.0, 7.5, 2.0, 0.5, -1.0]
        let interval = NPSResampling.percentileInterval(&scores, confidence: 0.95)
        #expect(scores == Self.sorted)
        #expect(interval.lower.isApproximatelyEqual(to: -2.7, absoluteTolerance: 1e-12))     // numpy's 2.5th percentile
        #expect(interval.upper.isApproximatelyEqual(to: 9.625, absoluteTolerance: 1e-12))    // numpy's 97.5th
    }
}
