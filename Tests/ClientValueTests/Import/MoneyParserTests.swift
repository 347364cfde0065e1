import Foundation
import Testing
import ClientValue

// Expected minor units are worked out by hand: hundredths of the amount as written.

@Suite("Money")
struct MoneyTests {
    @Test("prints two decimal places without grouping", arguments: [
        (Int64(123_450), "1234.50"), (-5, "-0.05"), (0, "0.00"), (7, "0.07"), (-100, "-1.00"), (99, "0.99"),
        (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
    ])
    func description(_ units: Int64, _ text: String) {
        #expect(Money(minorUnits: units).description == text)
    }

    @Test("adds, subtracts, compares and reports overflow")
    func arithmetic() {
        let a = Money(minorUnits: 1050), b = Money(minorUnits: -250)
        #expect(a + b == Money(minorUnits: 800))
        #expect(a - b == Money(minorUnits: 1300))
        #expect(Money.zero + a == a)
        #expect([a, b, .zero].reduce(.zero, +) == Money(minorUnits: 800))
        #expect(b < .zero && .zero < a)
        #expect(a.doubleValue == 10.5)
        let ok = a.addingReportingOverflow(b)
        #expect(ok.partialValue == Money(minorUnits: 800) && !ok.overflow)
        let over = Money(minorUnits: .max).addingReportingOverflow(Money(minorUnits: 1))
        #expect(over.overflow)
        #expect(over.partialValue == Money(minorUnits: .min))
    }

    @Test("encodes as a JSON number and decodes it back")
    func codable() throws {
        let values = [Money(minorUnits: 123_450), Money(minorUnits: -5), Money(minorUnits: 29), .zero]
        let data = try JSONEncoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self) == "[1234.5,-0.05,0.29,0]")
        #expect(try JSONDecoder().decode([Money].self, from: data) == values)
        #expect(try JSONDecoder().decode([Money].self, from: Data("[12.346, 1e2]".utf8)) == [Money(minorUnits: 1235), Money(minorUnits: 10_000)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[1e20]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data(#"["12"]"#.utf8)) }
    }
}

@Suite("FieldParser.money")
struct MoneyParserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var units: Int64
        var decimalComma = false
        var testDescription: String { "\"\(input)\"\(decimalComma ? " (decimal comma)" : "") → \(units)" }
    }

    static let accepted: [Case] = [
        Case(input: "1234.5", units: 123_450),
        Case(input: "1234.50", units: 123_450),
        Case(input: "1,234.50", units: 123_450),
        Case(input: "1,234", units: 123_400),
        Case(input: "1,234,567.89", units: 123_456_789),
        Case(input: "$1,234.50", units: 123_450),
        Case(input: "£12", units: 1200),
        Case(input: "¥1000", units: 100_000),
        Case(input: "€ 1.234,50", units: 123_450, decimalComma: true),
        Case(input: "1.234,50 €", units: 123_450, decimalComma: true),
        Case(input: "1.234.567,89", units: 123_456_789, decimalComma: true),
        Case(input: "1234,5", units: 123_450, decimalComma: true),
        Case(input: ",5", units: 50, decimalComma: true),
        Case(input: "USD 1,234.50", units: 123_450),
        Case(input: "1234.50 EUR", units: 123_450),
        Case(input: "1234.50EUR", units: 123_450),
        Case(input: "usd12", units: 1200),
        Case(input: "US$ 12", units: 1200),
        Case(input: "-1234.50", units: -123_450),
        Case(input: "(1,234.50)", units: -123_450),
        Case(input: "($1,234.50)", units: -123_450),
        Case(input: "$(1,234.50)", units: -123_450),
        Case(input: "( 5 )", units: -500),
        Case(input: "+12", units: 1200),
        Case(input: "-$5", units: -500),
        Case(input: "$-5", units: -500),
        Case(input: "- $ 5", units: -500),
        Case(input: "5 $-", units: -500),
        Case(input: "1234.50-", units: -123_450),
        Case(input: "\u{2212}12.50", units: -1250),
        Case(input: "1 234,50", units: 123_450, decimalComma: true),
        Case(input: "1\u{00A0}234,50", units: 123_450, decimalComma: true),
        Case(input: "1\u{202F}234,50", units: 123_450, decimalComma: true),
        Case(input: "1\u{202F}234\u{202F}567,50\u{00A0}€", units: 123_456_750, decimalComma: true),
        Case(input: "1 234.50", units: 123_450),
        Case(input: "1'234.50", units: 123_450),
        Case(input: "0", units: 0),
        Case(input: "-0", units: 0),
        Case(input: "0.00", units: 0),
        Case(input: "007", units: 700),
        Case(input: ".5", units: 50),
        Case(input: "12.", units: 1200),
        Case(input: "1.500", units: 150),
        Case(input: "1.5000000", units: 150),
        Case(input: "0.01", units: 1),
        Case(input: "  42.10 \t", units: 4210),
        Case(input: "92233720368547758.07", units: .max),
        Case(input: "-92233720368547758.08", units: .min),
    ]

    @Test("reads", arguments: accepted)
    func reads(_ c: Case) throws {
        #expect(try FieldParser.money(c.input, decimalComma: c.decimalComma).get().minorUnits == c.units)
    }

    @Test("reads Latin-1 and Windows-1252 currency bytes", arguments: [
        ([0xA3, 0x31, 0x32], 1200),                              // £12 in Latin-1
        ([0x80, 0x20, 0x35, 0x2C, 0x35, 0x30], 550),             // € 5,50 in Windows-1252 (decimal comma)
        ([0x31, 0xA0, 0x32, 0x33, 0x34, 0x2C, 0x35], 123_450),   // 1 234,5 with a Latin-1 no-break space
    ] as [([UInt8], Int64)])
    func legacyBytes(_ bytes: [UInt8], _ units: Int64) throws {
        let result = bytes.withUnsafeBufferPointer { FieldParser.money($0, decimalComma: true) }
        #expect(try result.get().minorUnits == units)
    }

    struct Rejected: CustomTestStringConvertible, Sendable {
        var input: String
        var problem: String
        var hint: String?
        var decimalComma = false
        var testDescription: String { "\"\(input)\"\(decimalComma ? " (decimal comma)" : "")" }
    }

    static let rejected: [Rejected] = [
        Rejected(input: "", problem: "is empty"),
        Rejected(input: " \t ", problem: "is empty"),
        Rejected(input: "12,3x", problem: "is not an amount", hint: "--decimal-comma"),
        Rejected(input: "12,34", problem: "is not an amount", hint: "give --decimal-comma for amounts written 1.234,50"),
        Rejected(input: "1.234,50", problem: "is not an amount", hint: "--decimal-comma"),
        Rejected(input: "1,2345", problem: "is not an amount"),
        Rejected(input: "1234,567", problem: "is not an amount"),
        Rejected(input: "1,234 567", problem: "is not an amount"),
        Rejected(input: "1,", problem: "is not an amount"),
        Rejected(input: ",5", problem: "is not an amount"),
        Rejected(input: "1,234.50", problem: "is not an amount", hint: "1.234,50", decimalComma: true),
        Rejected(input: "12 34", problem: "is not an amount"),
        Rejected(input: "abc", problem: "is not an amount"),
        Rejected(input: "USD", problem: "is not an amount"),
        Rejected(input: "$", problem: "is not an amount"),
        Rejected(input: "1.2.3", problem: "is not an amount"),
        Rejected(input: "1.2.3", problem: "is not an amount", decimalComma: true),
        Rejected(input: "--5", problem: "is not an amount"),
        Rejected(input: "-5-", problem: "is not an amount"),
        Rejected(input: "+-5", problem: "is not an amount"),
        Rejected(input: "(5", problem: "is not an amount"),
        Rejected(input: "5)", problem: "is not an amount"),
        Rejected(input: "(-5)", problem: "is not an amount"),
        Rejected(input: "((5))", problem: "is not an amount"),
        Rejected(input: "N/A", problem: "is not an amount"),
        Rejected(input: "1e5", problem: "is not an amount"),
        Rejected(input: "12 kr", problem: "is not an amount"),
        Rejected(input: "$12 USD", problem: "is not an amount"),
        Rejected(input: "5 5", problem: "is not an amount"),
        Rejected(input: ".", problem: "is not an amount"),
        Rejected(input: "-", problem: "is not an amount"),
        Rejected(input: "1.234", problem: "has more than 2 decimal places", hint: "--decimal-comma"),
        Rejected(input: "0.001", problem: "has more than 2 decimal places"),
        Rejected(input: "1,234.567", problem: "has more than 2 decimal places"),
        Rejected(input: "1,234", problem: "has more than 2 decimal places", decimalComma: true),
        Rejected(input: "92233720368547758.08", problem: "is too large"),
        Rejected(input: "-92233720368547758.09", problem: "is too large"),
        Rejected(input: "99999999999999999999999", problem: "is too large"),
        Rejected(input: "184467440737095516.16", problem: "is too large"),
    ]

    @Test("rejects with a reason", arguments: rejected)
    func rejects(_ r: Rejected) throws {
        let result = FieldParser.money(r.input, decimalComma: r.decimalComma)
        expectFailure(result, problem: r.problem, hint: r.hint)
    }

    @Test("description reads back exactly for random amounts within ±10^15 (seeded)")
    func roundTrip() throws {
        var random = SplitMix64(seed: 0xC0FFEE)
        let bound: Int64 = 1_000_000_000_000_000
        for _ in 0..<20_000 {
            let units = Int64.random(in: -bound...bound, using: &random)
            let money = Money(minorUnits: units)
            #expect(try FieldParser.money(money.description).get() == money, "\(money)")
        }
        for units in [Int64.min, .min + 1, -1, 0, 1, .max - 1, .max] {
            #expect(try FieldParser.money(Money(minorUnits: units).description).get().minorUnits == units)
        }
    }

    @Test("the plain-amount fast path reads what the general parser reads (seeded)", arguments: [UInt64(1), 2, 3])
    func plainFastPath(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Mostly plain amounts and near misses: digits, a sign, a decimal mark, a stray character.
        let alphabet = Array("0123456789000.,-- +$(".utf8)
        var plain = 0
        for _ in 0..<30_000 {
            let length = Int.random(in: 0...22, using: &random)
            var bytes = (0..<length).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            if random.nextDouble() < 0.5 {
                // A well-formed plain amount of 1 to 18 digits and 0 to 2 decimals.
                let digits = (0..<Int.random(in: 1...18, using: &random)).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }
                let decimals = (0..<Int.random(in: 0...2, using: &random)).map { _ in UInt8.random(in: 0x30...0x39, using: &random) }
                let mark = random.nextDouble() < 0.5 ? UInt8(ascii: ".") : UInt8(ascii: ",")
                bytes = (random.nextDouble() < 0.3 ? [UInt8(ascii: "-")] : []) + digits + (decimals.isEmpty ? [] : [mark] + decimals)
            }
            for decimalComma in [false, true] {
                let fastRead = bytes.withUnsafeBufferPointer {
                    expectFastPathAgrees($0, fast: { FieldParser.plainMoney($0, decimalComma: decimalComma) },
                                         general: { FieldParser.generalMoney($0, decimalComma: decimalComma) },
                                         whole: { FieldParser.money($0, decimalComma: decimalComma) })
                }
                if fastRead { plain += 1 }
            }
        }
        #expect(plain > 10_000)
    }

    @Test("never traps on arbitrary bytes (seeded)")
    func arbitraryBytes() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("0123456789.,'()-+ $USDe".utf8) + [0x00, 0x80, 0xA0, 0xA3, 0xC2, 0xE2, 0x80, 0x88, 0x92, 0xAF, 0xFF]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...30, using: &random)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            for decimalComma in [false, true] {
                _ = bytes.withUnsafeBufferPointer { FieldParser.money($0, decimalComma: decimalComma) }
            }
        }
    }
}
