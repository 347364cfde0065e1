#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution, through the regularized incomplete beta function.
public enum StudentT: Sendable {
    /// P(T > t) for ν degrees of freedom (ν > 0): ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0.
    ///
    /// - Parameters:
    ///   - t: The t statistic.
    ///   - nu: The degrees of freedom ν, positive (need not be whole).
    /// - Returns: The upper-tail probability, between 0 and 1; NaN when ν ≤ 0 or t is NaN.
    public static func survival(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 0 : 1 }
        let tail = 0.5 * IncompleteBeta.regularized(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t >= 0 ? tail : 1 - tail
    }

    /// The two-sided p-value of t: P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½).
    ///
    /// This is the p-value the Pearson, Spearman and partial correlations report.
    ///
    /// - Parameters:
    ///   - t: The t statistic; its sign does not matter.
    ///   - nu: The degrees of freedom ν, positive (n − 2 for a correlation of n pairs).
    /// - Returns: The p-value, between 0 and 1; NaN when ν ≤ 0 or t is NaN.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        return min(1, IncompleteBeta.regularized(nu / (nu + t * t), a: nu / 2, b: 0.5))
    }
}

/// The regularized incomplete beta function I_x(a, b).
enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1, by the continued fraction (modified Lentz), using
    /// the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges faster.
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logFront = SpecialFunctions.logGamma(a + b) - SpecialFunctions.logGamma(a) - SpecialFunctions.logGamma(b)
            + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
