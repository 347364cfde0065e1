extension NumberText {
    /// A fraction as a percentage with one decimal, `35.0%`; empty for `nil`.
    static func percent(_ fraction: Double?) -> String {
        fraction.map { fixed($0 * 100, places: 1) + "%" } ?? ""
    }

    /// A small p-value in scientific notation with 3 significant digits: `2.19e-13`; `0`
    /// for zero or less.
    static func scientific(_ value: Double) -> String {
        guard value > 0 else { return "0" }
        var exponent = 0
        var mantissa = value
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        return fixed(mantissa, places: 2) + "e" + String(exponent)
    }
}
