/// The bootstrap percentile interval of an NPS.
///
/// Each resample draws n responses with replacement from the observed ones and computes its
/// NPS; the interval is the (1 − c)/2 and (1 + c)/2 quantiles of the resampled scores, each
/// interpolated linearly between order statistics (numpy's default, "type 7").
///
/// - Complexity: O(resamples × n) random draws; 2,000 resamples of 300,000 responses take
///   about a second.
enum NPSResampling {
    /// Unweighted: a draw is a promoter, detractor or passive with the observed shares.
    static func interval(promoters: Int, passives: Int, detractors: Int, confidence: Double,
                         options: NPSBootstrapOptions) -> NPSInterval {
        let n = promoters + passives + detractors
        // Thresholds on the 64-bit draw: [0, p) promoter, [p, p + d) detractor, rest passive.
        let scale = 18_446_744_073_709_551_616.0   // 2^64
        let promoterLimit = threshold(Double(promoters) / Double(n) * scale)
        let detractorLimit = threshold(Double(promoters + detractors) / Double(n) * scale)
        var generator = SplitMix64(seed: options.seed)
        var scores = [Double]()
        scores.reserveCapacity(options.resamples)
        for _ in 0..<options.resamples {
            var net = 0
            for _ in 0..<n {
                let draw = generator.next()
                net += draw < promoterLimit ? 1 : (draw < detractorLimit ? -1 : 0)
            }
            scores.append(100 * Double(net) / Double(n))
        }
        return percentileInterval(&scores, confidence: confidence)
    }

    /// Weighted: a draw picks one unit uniformly; the resample's NPS is weighted.
    static func interval(weighted units: [WeightedCategory], confidence: Double, options: NPSBootstrapOptions) -> NPSInterval {
        let n = units.count
        var generator = SplitMix64(seed: options.seed)
        var scores = [Double]()
        scores.reserveCapacity(options.resamples)
        let signs = units.map { $0.category == .promoter ? 1.0 : ($0.category == .detractor ? -1.0 : 0.0) }
        for _ in 0..<options.resamples {
            var net = 0.0, total = 0.0
            for _ in 0..<n {
                let index = Int(generator.uniform(below: UInt64(n)))
                net += signs[index] * units[index].weight
                total += units[index].weight
            }
            scores.append(100 * net / total)
        }
        return percentileInterval(&scores, confidence: confidence)
    }

    private static func threshold(_ value: Double) -> UInt64 {
        value >= 18_446_744_073_709_551_615.0 ? .max : UInt64(value)
    }

    static func percentileInterval(_ scores: inout [Double], confidence: Double) -> NPSInterval {
        scores.sort()
        return NPSInterval(lower: max(-100, quantile(scores, (1 - confidence) / 2)),
                           upper: min(100, quantile(scores, (1 + confidence) / 2)))
    }

    /// The q-quantile of sorted values, interpolated linearly (numpy's default method).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = Double(sorted.count - 1) * q
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }
}
