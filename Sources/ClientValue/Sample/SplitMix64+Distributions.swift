// Random variates for the sample generator, built on SplitMix64 and SampleMath only, so
// that they are the same on every platform and Swift version.

extension SplitMix64 {
    /// Uniform in the open interval (0, 1): never 0, so its logarithm is finite.
    mutating func openUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        nextDouble() < p
    }

    /// A standard normal variate (Marsaglia's polar method; the second variate is discarded).
    mutating func normal() -> Double {
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * SampleMath.log(s) / s).squareRoot()
            }
        }
    }

    /// An exponential variate with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * SampleMath.log(openUnit())
    }

    /// A lognormal multiplier with mean 1 and log-scale standard deviation `sigma`.
    mutating func lognormalFactor(sigma: Double) -> Double {
        SampleMath.exp(sigma * normal() - sigma * sigma / 2)
    }

    /// A Gamma(shape, scale) variate (Marsaglia & Tsang 2000), mean `shape × scale`.
    mutating func gamma(shape: Double, scale: Double) -> Double {
        if shape < 1 {
            let boost = SampleMath.exp(SampleMath.log(openUnit()) / shape)
            return gamma(shape: shape + 1, scale: scale) * boost
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0
            var v = 0.0
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = openUnit()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return scale * d * v }
            if SampleMath.log(u) < 0.5 * x2 + d * (1 - v + SampleMath.log(v)) { return scale * d * v }
        }
    }

    /// A Beta(a, b) variate, mean `a / (a + b)`.
    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, scale: 1)
        let y = gamma(shape: b, scale: 1)
        return x / (x + y)
    }

    /// An index into `weights`, each chosen with probability proportional to its weight.
    mutating func pick(weights: [Int]) -> Int {
        var total = 0
        for w in weights { total += w }
        var ticket = Int(uniform(below: UInt64(total)))
        for (i, w) in weights.enumerated() {
            if ticket < w { return i }
            ticket -= w
        }
        return weights.count - 1
    }

    /// An element of `items` chosen uniformly.
    mutating func element<T>(of items: [T]) -> T {
        items[Int(uniform(below: UInt64(items.count)))]
    }
}
