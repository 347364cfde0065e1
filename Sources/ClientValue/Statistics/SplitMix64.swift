/// A small, fast, seeded random number generator: Steele, Lea & Flood's SplitMix64
/// (the generator behind Java's `SplittableRandom`), with the standard constants.
///
/// Use it wherever results must repeat exactly: the same seed gives the same sequence on
/// every platform and every Swift version. Its helpers (``nextDouble()``,
/// ``uniform(below:)``, `uniform(_:)`) are written here rather than
/// taken from the standard library, whose `Int.random(in:using:)` and
/// `Double.random(in:using:)` algorithms may change between releases.
///
/// ```swift
/// var rng = SplitMix64(seed: 0)
/// print(String(rng.next(), radix: 16))   // e220a8397b1dcdaf
/// ```
///
/// Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state; the next output depends only on it.
    package private(set) var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    ///
    /// - Parameter seed: Any 64-bit value; the same seed always gives the same sequence (the
    ///   synthetic sample firm is generated from one).
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniformly distributed `Double` in `0 ..< 1`, a multiple of 2⁻⁵³.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniformly distributed integer in `0 ..< bound`, without modulo bias
    /// (Lemire 2019, "Fast random integer generation in an interval"). Returns 0 when
    /// `bound` is 0.
    ///
    /// - Parameter bound: The exclusive upper bound.
    /// - Returns: An integer in `0 ..< bound`, or 0 when `bound` is 0.
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        guard bound > 0 else { return 0 }
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniformly distributed integer in `range`, both ends included.
    ///
    /// - Parameter range: The integers to draw from, both ends included.
    /// - Returns: An integer in `range`.
    public mutating func uniform(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(truncatingIfNeeded: Int64(range.upperBound) &- Int64(range.lowerBound)) &+ 1
        let offset = span == 0 ? next() : uniform(below: span)
        return Int(truncatingIfNeeded: Int64(range.lowerBound) &+ Int64(bitPattern: offset))
    }

    /// A uniformly distributed `Double` in `range` (the upper bound excluded); the lower
    /// bound when the range is empty.
    ///
    /// - Parameter range: The half-open range to draw from.
    /// - Returns: A `Double` in `range`, or its lower bound when the range is empty.
    public mutating func uniform(_ range: Range<Double>) -> Double {
        let value = range.lowerBound + (range.upperBound - range.lowerBound) * nextDouble()
        return value < range.upperBound ? value : range.lowerBound
    }

    /// SplitMix64's output function, a bijective 64-bit mixer; also good for deriving one
    /// seed from another.
    ///
    /// - Parameter value: The 64 bits to mix.
    /// - Returns: The mixed bits; distinct inputs give distinct outputs.
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
