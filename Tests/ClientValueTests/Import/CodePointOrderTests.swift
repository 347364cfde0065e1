import Testing
@testable import ClientValue

@Suite("String.precedesInCodePointOrder")
struct CodePointOrderTests {
    /// Pieces that make precomposed and decomposed forms of the same letters, with ASCII,
    /// a ligature (NFC keeps it), a four-byte emoji and the empty string.
    static let pieces = ["A", "\u{30A}", "\u{C5}", "x", "e", "\u{301}", "\u{E9}", "z", "\u{FB01}", "\u{1F600}", ""]

    static func randomText(_ random: inout SplitMix64) -> String {
        (0..<Int(random.next() % 4)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    /// Swift 6.3's `<` is not a total order on this pair (checked here so that we notice when
    /// a toolchain fixes it): the reason this order exists.
    @Test("Åx and decomposed Å: `<` orders them neither way; code point order puts A+◌̊ first")
    func theCaseThatBrokeSorting() {
        let precomposed = "\u{C5}x", decomposed = "A\u{30A}"
        withKnownIssue("Swift 6.3's String < is not total on decomposed text", isIntermittent: true) {
            #expect(precomposed < decomposed || decomposed < precomposed || precomposed == decomposed)
        }
        #expect(decomposed.precedesInCodePointOrder(precomposed))
        #expect(!precomposed.precedesInCodePointOrder(decomposed))
    }

    @Test("a total order: exactly one of a before b, b before a, equal bytes (seeded random text)", arguments: [1 as UInt64, 2, 3])
    func totalOrder(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<5_000 {
            let a = Self.randomText(&random), b = Self.randomText(&random)
            let outcomes = [a.precedesInCodePointOrder(b), b.precedesInCodePointOrder(a), Array(a.utf8) == Array(b.utf8)]
            #expect(outcomes.filter { $0 }.count == 1, "\(Array(a.unicodeScalars)) vs \(Array(b.unicodeScalars))")
        }
    }

    @Test("agrees with `<` on text in NFC form (no combining marks)", arguments: [4 as UInt64, 5])
    func agreesWithLessThanOnNFC(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var checked = 0
        for _ in 0..<5_000 {
            let a = Self.randomText(&random), b = Self.randomText(&random)
            guard !(a + b).unicodeScalars.contains(where: { $0.value == 0x30A || $0.value == 0x301 }) else { continue }
            #expect(a.precedesInCodePointOrder(b) == (a < b))
            checked += 1
        }
        #expect(checked > 1_000)
    }
}
