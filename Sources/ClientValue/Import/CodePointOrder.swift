extension String {
    /// Whether every byte of this string is ASCII. Two ASCII strings are equal as `String`s
    /// exactly when their bytes are, so tables of values distinct by their bytes (client ids,
    /// partners) need no `String` hashing to merge equal values while every value is ASCII. A
    /// value that is not ASCII may equal an ASCII one (the Kelvin sign "\u{212A}" equals "K").
    var isAllASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// Whether this string comes before `other` in Unicode code point order, compared through
    /// their UTF-8 bytes (which sort as their code points do).
    ///
    /// Every list of names ClientValue returns (clients, partners, channels, group values) is
    /// ordered by this, not by `<`. For text in Unicode's NFC form, as exports almost always
    /// are, the two agree. `<` compares canonically normalised text and is meant to be a total
    /// order, but Swift 6.3's is not on some decomposed text: `"\u{C5}x"` (Åx) and `"A\u{30A}"`
    /// (Å, decomposed) are neither equal nor ordered either way, so a sort by `<` put them in
    /// whatever order a dictionary produced them, and output changed from run to run (found by
    /// the importers fuzz target). This order is total: equal bytes are the only tie.
    ///
    /// - Complexity: O(the length of the common prefix).
    package func precedesInCodePointOrder(_ other: String) -> Bool {
        let contiguous = utf8.withContiguousStorageIfAvailable { lhs in
            other.utf8.withContiguousStorageIfAvailable { rhs in lhs.lexicographicallyPrecedes(rhs) }
        }
        if let contiguous, let result = contiguous { return result }
        return utf8.lexicographicallyPrecedes(other.utf8)
    }
}
