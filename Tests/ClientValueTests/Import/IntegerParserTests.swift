import Testing
@testable import ClientValue

@Suite("FieldParser.integer")
struct IntegerParserTests {
    @Test("reads whole numbers, signed, padded, or with zero decimals", arguments: [
        ("0", 0), ("105", 105), ("007", 7), (" 45 ", 45), ("-3", -3), ("+12", 12), ("12.0", 12), ("12.", 12),
        ("999999999999999999", 999_999_999_999_999_999), ("9223372036854775807", Int.max),
    ])
    func reads(_ input: String, _ value: Int) throws {
        let bytes = Array(input.utf8)
        #expect(try bytes.withUnsafeBufferPointer { try FieldParser.integer($0).get() } == value)
    }

    @Test("rejects anything else", arguments: [
        ("12.5", "is not a whole number"), ("1,000", "is not a whole number"), ("ten", "is not a whole number"),
        ("-", "is not a whole number"), ("9223372036854775808", "is too large"), ("1 2", "is not a whole number"),
    ])
    func rejects(_ input: String, _ problem: String) {
        let bytes = Array(input.utf8)
        expectFailure(bytes.withUnsafeBufferPointer { FieldParser.integer($0) }, problem: problem)
    }

    @Test("the plain-digits fast path reads what the general parser reads (seeded)", arguments: [UInt64(1), 2, 3])
    func plainFastPath(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Mostly plain digits and near misses: a sign, a decimal point, a space, too many digits.
        let alphabet = Array("01234567890000-+. ".utf8)
        var plain = 0
        for _ in 0..<30_000 {
            var bytes = (0..<Int.random(in: 0...21, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            if random.nextDouble() < 0.5 {
                bytes = (0..<Int.random(in: 1...20, using: &random)).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }
            }
            if bytes.withUnsafeBufferPointer({ expectFastPathAgrees($0, fast: FieldParser.plainInteger, general: FieldParser.generalInteger, whole: FieldParser.integer) }) {
                plain += 1
            }
        }
        #expect(plain > 10_000)
    }
}
