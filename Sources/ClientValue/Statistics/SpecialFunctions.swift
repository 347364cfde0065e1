#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The special functions the probability models need, in double precision.
package enum SpecialFunctions: Sendable {
    /// ln Γ(x) for x > 0 (the C library's `lgamma`).
    ///
    /// - Parameter x: The argument, positive.
    /// - Returns: ln Γ(x).
    @inline(__always)
    package static func logGamma(_ x: Double) -> Double {
        lgamma(x)
    }

    /// ln |Γ(x)| and the sign of Γ(x), for any x that is not 0 or a negative integer.
    ///
    /// - Parameter x: The argument; negative values use the reflection formula.
    /// - Returns: `log`, ln |Γ(x)|, and `sign`, 1 or −1.
    package static func signedLogGamma(_ x: Double) -> (log: Double, sign: Double) {
        if x > 0 { return (lgamma(x), 1) }
        // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
        let s = sin(Double.pi * x)
        return (log(Double.pi / abs(s)) - lgamma(1 - x), s < 0 ? -1 : 1)
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
    ///
    /// - Parameters:
    ///   - a: The first argument, positive.
    ///   - b: The second argument, positive.
    /// - Returns: ln B(a, b).
    @inline(__always)
    package static func logBeta(_ a: Double, _ b: Double) -> Double {
        lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then
    /// the asymptotic series (absolute error below 1e-15 there).
    ///
    /// - Parameter x: The argument, positive.
    /// - Returns: ψ(x).
    package static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let series = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 + f * (-1.0 / 132 + f * (691.0 / 32760 - f / 12))))))
        return result + log(x) - 0.5 / x + series
    }

    /// ln(e^a + e^b) without overflow.
    ///
    /// - Parameters:
    ///   - a: The first log-value (may be −∞).
    ///   - b: The second log-value (may be −∞).
    /// - Returns: ln(e^a + e^b); −∞ when both are −∞.
    @inline(__always)
    package static func logSumExp(_ a: Double, _ b: Double) -> Double {
        let m = max(a, b)
        guard m > -.infinity else { return -.infinity }
        return m + log(exp(a - m) + exp(b - m))
    }

    /// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and 0 ≤ z < 1
    /// (and −1 < z < 0), as the buy-till-you-die models need it.
    ///
    /// For z ≤ 0.9 the power series is summed until terms fall below 1e-16 of the sum. Nearer 1,
    /// where the series converges slowly, the linear transformation to 1 − z
    /// (Abramowitz & Stegun 15.3.6) is used when c − a − b is not an integer; otherwise the
    /// series is summed with enough terms.
    ///
    /// - Parameters:
    ///   - a: The first numerator parameter.
    ///   - b: The second numerator parameter.
    ///   - c: The denominator parameter; not 0 or a negative integer.
    ///   - z: The argument, in (−1, 1).
    /// - Returns: ₂F₁(a, b; c; z); NaN when z is outside (−1, 1), or c is 0 or a negative integer.
    package static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        guard z > -1, z < 1, !(c <= 0 && c == c.rounded()) else { return .nan }
        if z == 0 { return 1 }
        let s = c - a - b
        if z > 0.9 && abs(s - s.rounded()) > 1e-6 {
            // A&S 15.3.6: two series in 1 − z, weighted by gamma-function ratios.
            let w = 1 - z
            let first = gammaRatio(numerators: [c, s], denominators: [c - a, c - b])
            let second = gammaRatio(numerators: [c, -s], denominators: [a, b])
            let termOne = first.isFinite ? first * series(a, b, 1 - s, w) : 0
            let termTwo = second.isFinite ? second * pow(w, s) * series(c - a, c - b, s + 1, w) : 0
            return termOne + termTwo
        }
        return series(a, b, c, z)
    }

    /// Σ (a)_n (b)_n / ((c)_n n!) zⁿ, summed until a term is below 1e-16 of the sum.
    static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        var term = 1.0, sum = 1.0
        var n = 0.0
        while n < 1_000_000 {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            if term == 0 || abs(term) <= 1e-16 * abs(sum) { break }
            n += 1
        }
        return sum
    }

    /// ln Σ (a)_n (b)_n / ((c)_n n!) zⁿ, summed with a running scale so that terms far beyond
    /// Double's range (e^{1e5}, say) do not overflow; nil when the sum is not positive or the
    /// terms have not become negligible after `maximumTerms`.
    static func logSeries(_ a: Double, _ b: Double, _ c: Double, _ z: Double, maximumTerms: Int) -> Double? {
        var term = 1.0, sum = 1.0, logScale = 0.0
        var n = 0.0
        while n < Double(maximumTerms) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            if !(abs(sum) < 0x1p600) || !(abs(term) < 0x1p600) {
                guard sum.isFinite, term.isFinite else { return nil }
                sum *= 0x1p-600
                term *= 0x1p-600
                logScale += 600 * 0.693_147_180_559_945_3   // ln 2⁶⁰⁰
            }
            if term == 0 || abs(term) <= 1e-16 * abs(sum) {
                return sum > 0 ? logScale + log(sum) : nil
            }
            n += 1
        }
        return nil
    }

    /// Π Γ(numerators) / Π Γ(denominators), signed, in log space; 0 when a denominator is a
    /// pole (1/Γ = 0 there).
    static func gammaRatio(numerators: [Double], denominators: [Double]) -> Double {
        var logValue = 0.0, sign = 1.0
        for x in denominators {
            if x <= 0 && x == x.rounded() { return 0 }
            let g = signedLogGamma(x)
            logValue -= g.log
            sign *= g.sign
        }
        for x in numerators {
            if x <= 0 && x == x.rounded() { return .infinity }
            let g = signedLogGamma(x)
            logValue += g.log
            sign *= g.sign
        }
        return sign * exp(logValue)
    }
}
