/// Row numbers of distinct values in order of first appearance, for the fits that evaluate
/// each distinct history once (``CollapsedHistories``, ``SpendRows``).
///
/// An open-addressing table of row numbers, probed linearly: the caller hashes a value with
/// ``mix(_:_:_:)`` and says whether an earlier row equals it. Cheaper than a `Dictionary`
/// keyed by the value, whose hash is seeded and keyed per process.
struct DistinctRowTable {
    private var rows: [Int]
    private let mask: Int

    /// A table for up to `count` distinct values (kept at most half full).
    init(expected count: Int) {
        var capacity = 16
        while capacity < 2 * count { capacity <<= 1 }
        rows = [Int](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The row of the value hashed to `hash`: an earlier row for which `isEqual` holds, or
    /// else `newRow`, which the table then records. At most `expected` rows may be recorded.
    @inline(__always)
    mutating func row(hash: Int, newRow: Int, isEqual: (Int) -> Bool) -> Int {
        var position = hash & mask
        while rows[position] >= 0 {
            if isEqual(rows[position]) { return rows[position] }
            position = (position + 1) & mask
        }
        rows[position] = newRow
        return newRow
    }

    /// A hash of up to three numbers (multiply and xor-shift); equal inputs, equal hashes.
    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> Int {
        var h = a &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ b) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ c) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// The bits of `value` to hash, with −0 taken as 0 since the two are equal (`==`). A NaN
    /// equals nothing, so its hash does not matter.
    @inline(__always)
    static func bits(_ value: Double) -> UInt64 { value == 0 ? 0 : value.bitPattern }
}

/// The distinct purchase frequencies in order of first appearance, and the place of each
/// among them.
struct FrequencySlots {
    /// The distinct frequencies, in order of first appearance.
    private(set) var distinct: [Int] = []
    // Frequencies 0..<4096 find their slot in an array, others in a dictionary.
    private var small = [Int](repeating: -1, count: 4096)
    private var large = [Int: Int]()

    /// The place of `frequency` in ``distinct``, added there when new.
    mutating func slot(of frequency: Int) -> Int {
        let isSmall = frequency >= 0 && frequency < small.count
        if isSmall, small[frequency] >= 0 { return small[frequency] }
        if !isSmall, let known = large[frequency] { return known }
        let slot = distinct.count
        distinct.append(frequency)
        if isSmall { small[frequency] = slot } else { large[frequency] = slot }
        return slot
    }
}
