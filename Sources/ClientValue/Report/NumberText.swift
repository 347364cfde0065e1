/// Numbers written the same way on every platform and locale, for tables and CSV output.
///
/// Scores, shares and amounts always use a decimal point and no locale grouping, so output
/// compares byte for byte between machines and test runs.
///
/// ```swift
/// NumberText.fixed(45, places: 1)          // "45.0"
/// NumberText.fixed(0.12345, places: 3)     // "0.123"
/// NumberText.grouped(1_944_029)            // "1,944,029"
/// ```
package enum NumberText: Sendable {
    /// `value` with exactly `places` decimals (0...15), rounding the fractional part half away
    /// from zero: `fixed(45, 1)` is `45.0`, `fixed(-0.04, 1)` is `0.0`. Not-a-number prints as
    /// `nan`, infinities as `inf`/`-inf`; magnitudes of 2^64 and more, which no result here
    /// reaches, print in Swift's shortest form.
    ///
    /// - Parameters:
    ///   - value: the number to write, such as an NPS, a share or a p-value.
    ///   - places: the number of decimals; values outside 0...15 are clamped to it.
    /// - Returns: the text, with a minus sign only when the rounded value is not zero.
    package static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let places = max(0, min(places, 15))
        guard value.magnitude < 18_446_744_073_709_551_616.0 else { return String(value) }
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        // Whole and fractional parts separately, so that large values keep their decimals.
        let wholePart = value.magnitude.rounded(.down)
        var whole = UInt64(wholePart)
        var fraction = UInt64(((value.magnitude - wholePart) * Double(scale)).rounded())
        if fraction >= scale {
            fraction -= scale
            let (sum, overflow) = whole.addingReportingOverflow(1)
            guard !overflow else { return String(value) }
            whole = sum
        }
        let negative = value < 0 && (whole > 0 || fraction > 0)
        // The digits written from the back of a buffer (sign, up to 20 digits, point, up to 15
        // decimals) and moved to its front: one string, no intermediate ones.
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            if places > 0 {
                // `fraction` < `scale`: at most `places` digits, zero-padded on the left.
                for _ in 0..<places {
                    put(UInt8(ascii: "0") + UInt8(fraction % 10))
                    fraction /= 10
                }
                put(UInt8(ascii: "."))
            }
            repeat {
                put(UInt8(ascii: "0") + UInt8(whole % 10))
                whole /= 10
            } while whole > 0
            if negative { put(UInt8(ascii: "-")) }
            let count = buffer.count - start
            for k in 0..<count { buffer[k] = buffer[start + k] }
            return count
        }
    }

    /// An integer with thousands separators: `1,944,029`.
    ///
    /// The separator is always a comma, whatever the locale.
    ///
    /// - Parameter n: the integer, such as a count of responses or clients; negative numbers
    ///   keep their sign (`-1,000`).
    /// - Returns: the digits in groups of three.
    package static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
