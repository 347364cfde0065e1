/// Where a 0–10 "likelihood to recommend" answer falls.
public enum NPSCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// 9–10.
    case promoter
    /// 7–8.
    case passive
    /// 0–6.
    case detractor

    /// The category of a score; scores are 0–10 (the importer guarantees it), and anything
    /// above 8 counts as a promoter, anything below 7 as a detractor.
    ///
    /// - Parameter score: the answer to "how likely are you to recommend us?", 0–10.
    public init(score: Int) {
        switch score {
        case 9...: self = .promoter
        case 7...8: self = .passive
        default: self = .detractor
        }
    }
}

/// A confidence interval, in NPS points (−100…100).
public struct NPSInterval: Sendable, Hashable, Codable {
    /// The lower bound, in NPS points.
    public var lower: Double
    /// The upper bound, in NPS points.
    public var upper: Double

    /// An interval from `lower` to `upper`.
    ///
    /// - Parameters:
    ///   - lower: the lower bound, in NPS points.
    ///   - upper: the upper bound, in NPS points, not below `lower`.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// The Wald and adjusted-Wald intervals of an NPS at one confidence level.
public struct NPSIntervals: Sendable, Hashable, Codable {
    /// NPS ± z·SE: simple, but too narrow for small groups and a single point when everyone
    /// answers alike.
    public var wald: NPSInterval
    /// The Wald interval after adding three pseudo-responses (Rocks 2016), which keeps its
    /// coverage for small groups.
    public var adjustedWald: NPSInterval

    /// The two intervals at one confidence level.
    ///
    /// - Parameters:
    ///   - wald: the plain Wald interval, in points.
    ///   - adjustedWald: the adjusted-Wald interval, in points.
    public init(wald: NPSInterval, adjustedWald: NPSInterval) {
        self.wald = wald
        self.adjustedWald = adjustedWald
    }
}

/// Options for ``NetPromoterScore``.
public struct NPSOptions: Sendable, Hashable {
    /// The confidence level of the intervals, in (0, 1).
    public var confidence: Double
    /// When set, a bootstrap percentile interval is computed too (off by default: it costs
    /// resamples × responses random draws).
    public var bootstrap: NPSBootstrapOptions?

    /// Options for a score's margin of error.
    ///
    /// - Parameters:
    ///   - confidence: the confidence level of the intervals, strictly between 0 and 1
    ///     (0.95 for 95%).
    ///   - bootstrap: how to draw a bootstrap percentile interval as well; `nil` (the default)
    ///     for none.
    public init(confidence: Double = 0.95, bootstrap: NPSBootstrapOptions? = nil) {
        self.confidence = confidence
        self.bootstrap = bootstrap
    }
}

/// How to draw the bootstrap percentile interval: `resamples` resamples of the responses with
/// replacement, drawn from a ``SplitMix64`` generator seeded with `seed`, so that the same
/// input and options always give the same interval.
public struct NPSBootstrapOptions: Sendable, Hashable {
    /// How many resamples to draw, at least 1; 2,000 by default.
    public var resamples: Int
    /// The random generator's seed: the same seed gives the same interval.
    public var seed: UInt64

    /// Bootstrap settings.
    ///
    /// - Parameters:
    ///   - resamples: how many resamples to draw, at least 1; the cost is resamples × responses
    ///     random draws.
    ///   - seed: the seed of the generator, 42 by default (as `clientvalue nps --seed`).
    public init(resamples: Int = 2000, seed: UInt64 = 42) {
        self.resamples = resamples
        self.seed = seed
    }
}

/// Why an NPS could not be computed.
public enum NPSError: Error, Hashable, Sendable {
    /// No responses (or, weighted, no response with a positive weight): the NPS of nothing is undefined.
    case noResponses
    /// The confidence level is not strictly between 0 and 1.
    case invalidConfidence(Double)
    /// The bootstrap needs at least one resample.
    case invalidResamples(Int)
}

/// One unit of a weighted NPS, such as a client weighted by its revenue.
public struct WeightedCategory: Sendable, Hashable {
    /// Whether the unit is a promoter, passive or detractor.
    public var category: NPSCategory
    /// The unit's weight; units with a weight of zero or less (or not finite) are left out.
    public var weight: Double

    /// A unit of the given category and weight.
    ///
    /// - Parameters:
    ///   - category: the unit's class, such as a client's class from its mean score.
    ///   - weight: how much the unit counts, such as the client's trailing-twelve-month
    ///     billing in currency units; only ratios of weights matter.
    public init(_ category: NPSCategory, weight: Double) {
        self.category = category
        self.weight = weight
    }
}

/// The Net Promoter Score of a set of responses, with its margin of error.
///
/// NPS = 100 × (P − D) / n, in points from −100 to 100, where P counts promoters (9–10) and D
/// detractors (0–6) among n responses. Its standard error treats (P − D)/n as a difference of
/// multinomial proportions: Var = (p + d − (p − d)²) / n.
///
/// Intervals, at ``confidence``:
/// - ``wald``: NPS ± z·SE. It collapses to a point when everyone answers alike, and is too
///   narrow for small n.
/// - ``adjustedWald``: the same computed after adding three pseudo-responses (¾ promoter,
///   ¾ detractor, 1½ passive), which behaves for small n (Brendan Rocks, "Interval Estimation
///   for the 'Net Promoter Score'", The American Statistician 70(4), 2016, 365–372).
/// - ``bootstrap``: when ``NPSOptions/bootstrap`` is set, the percentile interval of the NPS
///   over seeded resamples (quantiles interpolated linearly, as numpy's default).
///
/// Interval bounds are clipped to −100…100, the range an NPS can take.
///
/// A weighted NPS (``init(weighted:options:)``) uses weighted shares and, for the margin of
/// error, Kish's effective sample size n_eff = (Σw)² / Σw² in place of n.
///
/// ```swift
/// let nps = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
/// nps.score          // 45.0
/// nps.adjustedWald   // 29.34 ... 58.04
/// ```
public struct NetPromoterScore: Sendable, Hashable, Codable {
    /// Responses (or weighted units) counted.
    public var responses: Int
    /// Responses (or units) that scored 9–10.
    public var promoters: Int
    /// Responses (or units) that scored 7–8.
    public var passives: Int
    /// Responses (or units) that scored 0–6.
    public var detractors: Int
    /// Shares of the responses (weighted shares for a weighted NPS), each 0…1, summing to 1.
    public var promoterShare: Double
    /// The share of passives, 0…1 (weighted for a weighted NPS).
    public var passiveShare: Double
    /// The share of detractors, 0…1 (weighted for a weighted NPS).
    public var detractorShare: Double
    /// n, or Kish's effective sample size for a weighted NPS.
    public var effectiveResponses: Double
    /// The NPS in points, −100…100.
    public var score: Double
    /// The standard error of ``score``, in points.
    public var standardError: Double
    /// The confidence level of the intervals, such as 0.95.
    public var confidence: Double
    /// The Wald interval, score ± z·SE, in points, clipped to −100…100.
    public var wald: NPSInterval
    /// The adjusted-Wald interval (Rocks 2016), in points: the Wald interval after adding
    /// ¾ promoter, ¾ detractor and 1½ passive pseudo-responses. Prefer it for small groups.
    public var adjustedWald: NPSInterval
    /// The bootstrap percentile interval, when asked for.
    public var bootstrap: NPSInterval?

    /// The NPS of counted responses, with its standard error and intervals.
    ///
    /// ```swift
    /// let q1 = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
    /// q1.score          // 45.0
    /// q1.adjustedWald   // 29.34 ... 58.04
    /// ```
    ///
    /// - Parameters:
    ///   - promoters: responses scoring 9–10.
    ///   - passives: responses scoring 7–8.
    ///   - detractors: responses scoring 0–6.
    ///   - options: the confidence level and an optional bootstrap.
    /// - Throws: ``NPSError/noResponses`` when all counts are zero (or one is negative),
    ///   ``NPSError/invalidConfidence(_:)`` for a level outside (0, 1),
    ///   ``NPSError/invalidResamples(_:)`` for a bootstrap of fewer than one resample.
    public init(promoters: Int, passives: Int, detractors: Int, options: NPSOptions = NPSOptions()) throws(NPSError) {
        guard promoters >= 0, passives >= 0, detractors >= 0 else { throw .noResponses }
        let n = promoters + passives + detractors
        guard n > 0 else { throw .noResponses }
        let total = Double(n)
        try self.init(counts: (promoters, passives, detractors),
                      shares: (Double(promoters) / total, Double(passives) / total, Double(detractors) / total),
                      effectiveResponses: total, options: options)
        if let bootstrap = options.bootstrap {
            self.bootstrap = NPSResampling.interval(promoters: promoters, passives: passives, detractors: detractors,
                                                    confidence: options.confidence, options: bootstrap)
        }
    }

    /// The NPS of a list of 0–10 scores.
    ///
    /// ```swift
    /// let nps = try NetPromoterScore(scores: [10, 9, 9, 8, 7, 6, 3])   // (3 − 2) / 7: 14.3 points
    /// ```
    ///
    /// - Parameters:
    ///   - scores: the answers, each 0–10; each is classed with ``NPSCategory/init(score:)``.
    ///   - options: the confidence level and an optional bootstrap.
    /// - Throws: ``NPSError/noResponses`` for an empty list; ``NPSError/invalidConfidence(_:)``
    ///   or ``NPSError/invalidResamples(_:)`` for bad options.
    /// - Complexity: O(n) over the scores, plus resamples × n draws with a bootstrap.
    public init<S: Sequence>(scores: S, options: NPSOptions = NPSOptions()) throws(NPSError) where S.Element == Int {
        var counts = [0, 0, 0]
        for score in scores {
            switch NPSCategory(score: score) {
            case .promoter: counts[0] += 1
            case .passive: counts[1] += 1
            case .detractor: counts[2] += 1
            }
        }
        try self.init(promoters: counts[0], passives: counts[1], detractors: counts[2], options: options)
    }

    /// A weighted NPS: each unit counts in proportion to its weight.
    ///
    /// Only the ratios of the weights matter, so weights whose largest is beyond about 1e60 or
    /// below about 1e−60 are first scaled by a power of two (exactly): weights of 1e300 (whose
    /// squares would overflow) or 1e−300 (whose squares underflow to 0) give the score and
    /// effective sample size of the same weights rescaled, never NaN.
    ///
    /// Degenerate input: units with a zero, negative, NaN or infinite weight are left out;
    /// when none is left the NPS is undefined (``NPSError/noResponses``).
    ///
    /// ```swift
    /// let byRevenue = try NetPromoterScore(weighted: [
    ///     WeightedCategory(.promoter, weight: 120_000),
    ///     WeightedCategory(.detractor, weight: 40_000),
    ///     WeightedCategory(.passive, weight: 40_000),
    /// ])
    /// byRevenue.score                // 40.0
    /// byRevenue.effectiveResponses   // (Σw)² / Σw² ≈ 2.27
    /// ```
    ///
    /// - Parameters:
    ///   - units: the units with their classes and weights, such as clients weighted by
    ///     their trailing-twelve-month billing.
    ///   - options: the confidence level and an optional bootstrap.
    /// - Throws: ``NPSError/noResponses`` when no unit has a positive, finite weight;
    ///   ``NPSError/invalidConfidence(_:)`` or ``NPSError/invalidResamples(_:)`` for bad options.
    /// - Complexity: O(n) over the units, plus resamples × n draws with a bootstrap.
    public init(weighted units: [WeightedCategory], options: NPSOptions = NPSOptions()) throws(NPSError) {
        var kept = units.filter { $0.weight > 0 && $0.weight.isFinite }
        if let scaled = Magnitude.rescaled(kept.map(\.weight), largest: kept.reduce(0.0) { max($0, $1.weight) }) {
            kept = zip(kept, scaled).map { WeightedCategory($0.category, weight: $1) }
        }
        var counts = [0, 0, 0], weights = [0.0, 0.0, 0.0]
        var sumOfSquares = 0.0
        for unit in kept {
            let slot = unit.category == .promoter ? 0 : unit.category == .passive ? 1 : 2
            let weight = unit.weight
            counts[slot] += 1
            weights[slot] += weight
            sumOfSquares += weight * weight
        }
        let total = weights[0] + weights[1] + weights[2]
        guard total > 0, total.isFinite else { throw .noResponses }
        try self.init(counts: (counts[0], counts[1], counts[2]),
                      shares: (weights[0] / total, weights[1] / total, weights[2] / total),
                      effectiveResponses: total * total / sumOfSquares, options: options)
        if let bootstrap = options.bootstrap {
            self.bootstrap = NPSResampling.interval(weighted: kept, confidence: options.confidence, options: bootstrap)
        }
    }

    private init(counts: (Int, Int, Int), shares: (Double, Double, Double), effectiveResponses n: Double,
                 options: NPSOptions) throws(NPSError) {
        guard options.confidence > 0, options.confidence < 1 else { throw .invalidConfidence(options.confidence) }
        if let bootstrap = options.bootstrap, bootstrap.resamples < 1 { throw .invalidResamples(bootstrap.resamples) }
        responses = counts.0 + counts.1 + counts.2
        promoters = counts.0
        passives = counts.1
        detractors = counts.2
        promoterShare = shares.0
        passiveShare = shares.1
        detractorShare = shares.2
        effectiveResponses = n
        confidence = options.confidence
        let plain = Self.estimate(p: shares.0, d: shares.2, n: n)
        score = plain.score
        standardError = plain.standardError
        let intervals = Self.intervals(shares: shares, n: n, confidence: options.confidence)
        wald = intervals.wald
        adjustedWald = intervals.adjustedWald
        bootstrap = nil
    }

    /// The Wald and adjusted-Wald intervals at another confidence level (such as 95% when the
    /// score was computed at 90%).
    ///
    /// - Parameter confidence: the level, strictly between 0 and 1.
    /// - Returns: the Wald and adjusted-Wald intervals, in points.
    /// - Throws: ``NPSError/invalidConfidence(_:)`` for a level outside (0, 1).
    public func intervals(confidence: Double) throws(NPSError) -> NPSIntervals {
        guard confidence > 0, confidence < 1 else { throw .invalidConfidence(confidence) }
        return Self.intervals(shares: (promoterShare, passiveShare, detractorShare), n: effectiveResponses, confidence: confidence)
    }

    private static func intervals(shares: (Double, Double, Double), n: Double, confidence: Double) -> NPSIntervals {
        let z = NormalDistribution.quantile(0.5 + confidence / 2)
        let plain = estimate(p: shares.0, d: shares.2, n: n)
        let adjusted = estimate(p: (shares.0 * n + 0.75) / (n + 3), d: (shares.2 * n + 0.75) / (n + 3), n: n + 3)
        return NPSIntervals(wald: interval(plain, z: z), adjustedWald: interval(adjusted, z: z))
    }

    private struct Estimate {
        var score: Double
        var standardError: Double
    }

    /// The NPS and its standard error from the promoter and detractor shares of n responses.
    private static func estimate(p: Double, d: Double, n: Double) -> Estimate {
        let variance = max(0, (p + d - (p - d) * (p - d)) / n)
        return Estimate(score: 100 * (p - d), standardError: 100 * variance.squareRoot())
    }

    private static func interval(_ estimate: Estimate, z: Double) -> NPSInterval {
        NPSInterval(lower: max(-100, estimate.score - z * estimate.standardError),
                    upper: min(100, estimate.score + z * estimate.standardError))
    }
}

/// The difference between two NPS values (two periods, two segments) with a z-test.
///
/// difference = A − B in points; SE = √(SE_A² + SE_B²) for independent samples;
/// z = difference / SE; the p-value is two-sided. When both standard errors are 0 (each
/// group answered unanimously) `z` is ±∞ for a non-zero difference (p = 0) and 0 otherwise (p = 1).
public struct NPSComparison: Sendable, Hashable, Codable {
    /// A − B, in NPS points (−200…200).
    public var difference: Double
    /// The standard error of the difference, in points: √(SE_A² + SE_B²).
    public var standardError: Double
    /// The test statistic, difference / standard error.
    public var z: Double
    /// The two-sided p-value of the z-test: below 0.05, a change this large is unlikely to be
    /// chance.
    public var pValue: Double
    /// The confidence level of ``interval``, taken from the first score.
    public var confidence: Double
    /// The interval on the difference at ``confidence``, in points (−200…200).
    public var interval: NPSInterval

    /// Compares two independent scores, such as this year's against last year's.
    ///
    /// ```swift
    /// let q1 = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
    /// let q2 = try NetPromoterScore(promoters: 50, passives: 20, detractors: 30)
    /// NPSComparison(q1, q2).pValue   // 0.0288
    /// ```
    ///
    /// - Parameters:
    ///   - a: the first score, such as the later period; its confidence level is used.
    ///   - b: the score it is compared against.
    public init(_ a: NetPromoterScore, _ b: NetPromoterScore) {
        difference = a.score - b.score
        standardError = (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
        if standardError > 0 {
            z = difference / standardError
        } else {
            z = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
        }
        pValue = NormalDistribution.twoSidedPValue(z)
        confidence = a.confidence
        let critical = NormalDistribution.quantile(0.5 + a.confidence / 2)
        interval = NPSInterval(lower: difference - critical * standardError, upper: difference + critical * standardError)
    }
}
