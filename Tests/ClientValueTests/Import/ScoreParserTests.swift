import Testing
@testable import ClientValue

@Suite("FieldParser.score")
struct ScoreParserTests {
    @Test("reads whole numbers from 0 to 10", arguments: [
        ("0", 0), ("7", 7), ("10", 10), ("09", 9), ("9.0", 9), ("10.00", 10), ("9,0", 9), ("0.", 0),
        (" 8 ", 8), ("\t6\t", 6), ("010", 10),
    ])
    func reads(_ input: String, _ score: Int) throws {
        #expect(try FieldParser.score(input).get() == score)
        let bytes = Array(input.utf8)
        #expect(try bytes.withUnsafeBufferPointer { try FieldParser.score($0).get() } == score)
    }

    @Test("rejects anything else", arguments: [
        ("11", "is not a score from 0 to 10"),
        ("-1", "is not a score from 0 to 10"),
        ("100", "is not a score from 0 to 10"),
        ("99999999999999999999999", "is not a score from 0 to 10"),
        ("N/A", "is not a score from 0 to 10"),
        ("ten", "is not a score from 0 to 10"),
        ("+5", "is not a score from 0 to 10"),
        ("5/10", "is not a score from 0 to 10"),
        ("5 5", "is not a score from 0 to 10"),
        (".5", "is not a score from 0 to 10"),
        ("9.5", "is not a whole number from 0 to 10"),
        ("9.05", "is not a whole number from 0 to 10"),
        ("10.5", "is not a whole number from 0 to 10"),
        ("", "is empty"),
        ("  ", "is empty"),
    ])
    func rejects(_ input: String, _ problem: String) {
        let result = FieldParser.score(input)
        guard let failure = expectFailure(result) else { return }
        #expect(failure.problem == problem)
        if problem != "is empty" {
            #expect(failure.hint?.contains("0") == true && failure.hint?.contains("10") == true)
        }
    }
}

@Suite("FieldParser.share")
struct ShareParserTests {
    @Test("reads percentages and fractions", arguments: [("35%", 0.35), ("35", 0.35), ("0.35", 0.35), ("0,35", 0.35), (" 100 % ", 1.0)])
    func reads(_ input: String, _ share: Double) throws {
        let value = try Array(input.utf8).withUnsafeBufferPointer { try FieldParser.share($0).get() }
        #expect(abs(value - share) < 1e-12)
    }

    /// The 400-digit case was found by the field-parsers fuzz target
    /// (Tests/Fuzz/findings/share-infinity.field-parsers): it overflowed to infinity.
    @Test("rejects what is not a finite share", arguments: ["1" + String(repeating: "0", count: 400), "inf", "nan", "0x10", "1e3", "-5%", "35%%", ""])
    func rejects(_ input: String) {
        let result = Array(input.utf8).withUnsafeBufferPointer { FieldParser.share($0) }
        #expect((try? result.get()) == nil, "\(input.prefix(12)) read as \(String(describing: try? result.get()))")
    }

    @Test("the plain-score fast path reads what the general parser reads, for every field of up to 3 bytes from digits, sign, point and space")
    func plainFastPath() {
        let alphabet = Array("0123456789-. ".utf8)
        var fields: [[UInt8]] = [[]]
        for length in 1...3 {
            fields += fields.filter { $0.count == length - 1 }.flatMap { prefix in alphabet.map { prefix + [$0] } }
        }
        var plain = 0
        for field in fields {
            if field.withUnsafeBufferPointer({ expectFastPathAgrees($0, fast: FieldParser.plainScore, general: FieldParser.generalScore, whole: FieldParser.score) }) {
                plain += 1
            }
        }
        #expect(plain == 11)
    }
}
