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
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// Options for ``NetPromoterScore``.
public struct NPSOptions: Sendable, Hashable {
    /// The confidence level of the intervals, in (0, 1).
    public var confidence: Double

    public init(confidence: Double = 0.95) {
        self.confidence = confidence
    }
}

/// Why an NPS could not be computed.
public enum NPSError: Error, Hashable, Sendable {
    /// No responses: the NPS of nothing is undefined.
    case noResponses
    /// The confidence level is not strictly between 0 and 1.
    case invalidConfidence(Double)
}

/// The Net Promoter Score of a set of responses, with its margin of error.
///
/// NPS = 100 × (P − D) / n, in points from −100 to 100, where P counts promoters (9–10) and D
/// detractors (0–6) among n responses. Its standard error treats (P − D)/n as a difference of
/// multinomial proportions: Var = (p + d − (p − d)²) / n.
///
/// Two intervals are reported, at ``confidence``:
/// - ``wald``: NPS ± z·SE. It collapses to a point when everyone answers alike, and is too
///   narrow for small n.
/// - ``adjustedWald``: the same computed after adding three pseudo-responses (¾ promoter,
///   ¾ detractor, 1½ passive), which behaves for small n (Brendan Rocks, "Interval Estimation
///   for the 'Net Promoter Score'", The American Statistician 70(4), 2016, 365–372).
///
/// Interval bounds are clipped to −100…100, the range an NPS can take.
///
/// ```swift
/// let nps = try NetPromoterScore(promoters: 60, passives: 25, detractors: 15)
/// nps.score          // 45.0
/// nps.adjustedWald   // 29.34 ... 58.04
/// ```
public struct NetPromoterScore: Sendable, Hashable, Codable {
    public var responses: Int
    public var promoters: Int
    public var passives: Int
    public var detractors: Int
    /// The NPS in points, −100…100.
    public var score: Double
    /// The standard error of ``score``, in points.
    public var standardError: Double
    public var confidence: Double
    public var wald: NPSInterval
    public var adjustedWald: NPSInterval

    public var promoterShare: Double { Double(promoters) / Double(responses) }
    public var passiveShare: Double { Double(passives) / Double(responses) }
    public var detractorShare: Double { Double(detractors) / Double(responses) }

    /// - Throws: ``NPSError/noResponses`` when all counts are zero,
    ///   ``NPSError/invalidConfidence(_:)`` for a level outside (0, 1).
    public init(promoters: Int, passives: Int, detractors: Int, options: NPSOptions = NPSOptions()) throws(NPSError) {
        let n = promoters + passives + detractors
        guard n > 0, promoters >= 0, passives >= 0, detractors >= 0 else { throw .noResponses }
        guard options.confidence > 0, options.confidence < 1 else { throw .invalidConfidence(options.confidence) }
        let z = NormalDistribution.quantile(0.5 + options.confidence / 2)
        self.responses = n
        self.promoters = promoters
        self.passives = passives
        self.detractors = detractors
        confidence = options.confidence
        let plain = Self.estimate(promoters: Double(promoters), detractors: Double(detractors), n: Double(n))
        score = plain.score
        standardError = plain.standardError
        wald = Self.interval(plain, z: z)
        let adjusted = Self.estimate(promoters: Double(promoters) + 0.75, detractors: Double(detractors) + 0.75, n: Double(n) + 3)
        adjustedWald = Self.interval(adjusted, z: z)
    }

    /// The NPS of a list of 0–10 scores.
    /// - Throws: ``NPSError/noResponses`` for an empty list.
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

    private struct Estimate {
        var score: Double
        var standardError: Double
    }

    private static func estimate(promoters: Double, detractors: Double, n: Double) -> Estimate {
        let p = promoters / n, d = detractors / n
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
    public var difference: Double
    public var standardError: Double
    public var z: Double
    public var pValue: Double
    public var confidence: Double
    /// The interval on the difference at ``confidence``, in points (−200…200).
    public var interval: NPSInterval

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
