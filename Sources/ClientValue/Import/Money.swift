/// An exact amount of money in minor units: hundredths of the currency unit (cents, pence).
///
/// Amounts are held as an `Int64` count of hundredths, so sums are exact; there is no
/// currency attached (a file's amounts are taken to share one). Negative amounts are real
/// (credit notes) and are kept.
///
/// ```swift
/// let fee = Money(minorUnits: 123_450)
/// print(fee)                                 // 1234.50
/// print(fee - Money(minorUnits: 123_455))    // -0.05
/// ```
public struct Money: Hashable, Sendable {
    /// The amount in hundredths: `123450` is 1234.50.
    public var minorUnits: Int64

    /// An amount from its count of hundredths.
    ///
    /// - Parameter minorUnits: The amount in hundredths: `123450` for 1234.50, `-500` for -5.00.
    public init(minorUnits: Int64) {
        self.minorUnits = minorUnits
    }

    /// The amount in currency units as a `Double` (`minorUnits / 100`), for statistics.
    /// Exact to the cent up to about ±90 trillion (2^53 hundredths).
    public var doubleValue: Double { Double(minorUnits) / 100 }

    /// The sum and whether it overflowed `Int64` (when it did, the sum has wrapped around),
    /// like `Int64.addingReportingOverflow(_:)`.
    ///
    /// ```swift
    /// var total = Money.zero
    /// let (sum, overflow) = total.addingReportingOverflow(Money(minorUnits: 123_450))
    /// if !overflow { total = sum }
    /// ```
    ///
    /// - Parameter other: The amount to add.
    /// - Returns: The sum (wrapped on overflow) and whether it overflowed.
    public func addingReportingOverflow(_ other: Money) -> (partialValue: Money, overflow: Bool) {
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return (Money(minorUnits: sum), overflow)
    }
}

// MARK: - AdditiveArithmetic

extension Money: AdditiveArithmetic {
    /// No money: 0.00, the start of a sum.
    public static let zero = Money(minorUnits: 0)

    /// The sum. Like `Int` addition, it traps when the result does not fit in `Int64`
    /// (about ±92 quadrillion); use ``addingReportingOverflow(_:)`` to check instead.
    public static func + (lhs: Money, rhs: Money) -> Money {
        Money(minorUnits: lhs.minorUnits + rhs.minorUnits)
    }

    /// The difference. Like `Int` subtraction, it traps when the result does not fit in `Int64`.
    public static func - (lhs: Money, rhs: Money) -> Money {
        Money(minorUnits: lhs.minorUnits - rhs.minorUnits)
    }
}

// MARK: - Comparable

extension Money: Comparable {
    /// Whether `lhs` is the smaller amount; a credit note is smaller than any invoice.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.minorUnits < rhs.minorUnits
    }
}

// MARK: - CustomStringConvertible

extension Money: CustomStringConvertible {
    /// The amount with two decimal places and no grouping: `1234.50`, `-0.05`, `0.00`.
    /// ``FieldParser/money(_:decimalComma:)`` reads it back exactly.
    public var description: String {
        let magnitude = minorUnits.magnitude
        let cents = magnitude % 100
        let whole = String(magnitude / 100)
        let sign = minorUnits < 0 ? "-" : ""
        return cents < 10 ? "\(sign)\(whole).0\(cents)" : "\(sign)\(whole).\(cents)"
    }
}

// MARK: - Codable

extension Money: Codable {
    /// Decodes a JSON number in currency units (`1234.5`), rounded to the nearest hundredth.
    ///
    /// - Parameter decoder: The decoder to read a single number from.
    /// - Throws: `DecodingError.dataCorrupted` when the number is not finite or is too large
    ///   for `Int64` hundredths.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Double.self)
        guard let units = Money.hundredths(value) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(value) is not an amount of money that fits in Int64 hundredths")
        }
        self.init(minorUnits: units)
    }

    /// `value * 100` rounded to the nearest integer (halves away from zero), or `nil` when it is
    /// not finite or does not fit in `Int64`. Written without `rounded()`, which calls libm's
    /// `round` on Linux and this library links no C library for it.
    private static func hundredths(_ value: Double) -> Int64? {
        let scaled = value * 100
        // -2^63 ... 2^63 (exclusive); NaN fails both comparisons.
        guard scaled >= -9_223_372_036_854_775_808.0, scaled < 9_223_372_036_854_775_808.0 else { return nil }
        let truncated = Int64(scaled)
        let fraction = scaled - Double(truncated)   // exact; 0 once |scaled| ≥ 2^52
        if fraction >= 0.5 { return truncated + 1 }
        if fraction <= -0.5 { return truncated - 1 }
        return truncated
    }

    /// Encodes the amount as a JSON number in currency units, ``doubleValue`` (`1234.5`).
    ///
    /// - Parameter encoder: The encoder to write a single number to.
    /// - Throws: Whatever the encoder throws, such as `EncodingError.invalidValue`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(doubleValue)
    }
}
