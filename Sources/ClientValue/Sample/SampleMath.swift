/// `log` and `exp` built from `+ - * /` only, so that the sample data is byte-identical on
/// every platform: IEEE 754 rounds those operations the same everywhere, while the C
/// library's `log` and `exp` may differ in the last bit between Glibc, Musl and Darwin.
/// Accurate to a few units in the last place, which is plenty for simulation.
enum SampleMath {
    private static let ln2 = 0.693_147_180_559_945_3
    private static let ln2High = 6.931_471_803_691_238_164_90e-01
    private static let ln2Low = 1.908_214_929_270_587_700_02e-10
    private static let sqrtHalf = 0.707_106_781_186_547_6

    /// Natural logarithm; `-infinity` for 0, NaN below 0.
    static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var e: Int
        var m: Double  // 1 ..< 2, exact
        let bits = x.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        if biased > 0 {
            e = biased - 1023
            m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        } else {  // subnormal
            e = Int(x.exponent)
            m = x.significand
        }
        if m > 2 * sqrtHalf {
            m *= 0.5
            e += 1
        }
        // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var series = 1.0 / 25
        series = 1.0 / 23 + s2 * series
        series = 1.0 / 21 + s2 * series
        series = 1.0 / 19 + s2 * series
        series = 1.0 / 17 + s2 * series
        series = 1.0 / 15 + s2 * series
        series = 1.0 / 13 + s2 * series
        series = 1.0 / 11 + s2 * series
        series = 1.0 / 9 + s2 * series
        series = 1.0 / 7 + s2 * series
        series = 1.0 / 5 + s2 * series
        series = 1.0 / 3 + s2 * series
        let logM = 2 * s + 2 * s * s2 * series
        let exponent = Double(e)
        return exponent * ln2High + (exponent * ln2Low + logM)
    }

    /// e raised to `x`; 0 below -745, `+infinity` above 709.
    static func exp(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        let n = (x / ln2).rounded()
        let r = (x - n * ln2High) - n * ln2Low  // |r| <= 0.35
        // Taylor series to r¹³/13! (the next term is below 1e-17).
        var p = 1.0 / 6_227_020_800
        p = 1.0 / 479_001_600 + r * p
        p = 1.0 / 39_916_800 + r * p
        p = 1.0 / 3_628_800 + r * p
        p = 1.0 / 362_880 + r * p
        p = 1.0 / 40_320 + r * p
        p = 1.0 / 5_040 + r * p
        p = 1.0 / 720 + r * p
        p = 1.0 / 120 + r * p
        p = 1.0 / 24 + r * p
        p = 1.0 / 6 + r * p
        p = 0.5 + r * p
        p = 1 + r * p
        p = 1 + r * p
        return Double(sign: .plus, exponent: Int(n), significand: p)
    }

    /// `base` raised to `power`, for `base > 0`.
    static func pow(_ base: Double, _ power: Double) -> Double {
        exp(power * log(base))
    }
}
