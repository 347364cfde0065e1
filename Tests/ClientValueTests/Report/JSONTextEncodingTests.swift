import ClientValue
import Foundation
import Testing

/// ClientValue's JSON encoder against Foundation's `JSONEncoder` with the same options: the
/// output must be the same bytes, for hand-picked awkward values and for seeded random trees.
@Suite("JSONText.encode")
struct JSONTextEncodingTests {
    struct Nested: Codable {
        var zebraCount = 3
        var alphaValue = 0.1
        var emptyList: [Int] = []
        var emptyObject: [String: Int] = [:]
        var missing: Double? = nil
        var present: Double? = 2.0
        var day = Day(year: 2024, month: 3, day: 5)
        var money = Money(minorUnits: -123_456)
        var flags = [true, false]
        var myURLProperty = "https://example.com/a/b"
        var T = 52.0
        var pAliveAt = 1e-7
        var ci95Adjusted = [-12.5, 100.0, 1e21, -0.0, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude]
        var byPartner: [String: Int] = ["Zoë": 1, "alphaBeta": 2, "a\"b\\c/d\n": 3, "": 4]
        var text = "quote \" backslash \\ slash / tab \t nul \u{0} bell \u{7} del \u{7F} é 😀"
        var integers: [Int64] = [0, -1, Int64.min, Int64.max]
        var unsigned: UInt64 = UInt64.max
        var small: Int8 = -128
        var float: Float = 0.1
        var date = Date(timeIntervalSinceReferenceDate: 86_400.5)
        var data = Data([0, 1, 2, 250])
        var url = URL(string: "https://example.com/path?q=1")
        var decimal = Decimal(string: "1234.5678")
    }

    struct Wrapper: Codable {
        var items: [Nested] = [Nested(), Nested()]
        var nestedMap: [String: [String: Double]] = ["b": ["y": 1, "x": 2], "a": [:]]
        var optionalList: [Double?] = [1, nil, 3]
        var byClient: [String: Double] = Dictionary(uniqueKeysWithValues: (0..<100).map { ("client\($0 * 7 % 100)", Double($0) / 3) })
    }

    @Test("the same bytes as JSONEncoder, with and without snake_case keys", arguments: [true, false])
    func handPicked(_ convertingKeys: Bool) throws {
        let value = Wrapper()
        #expect(try JSONText.encode(value, convertingKeys: convertingKeys)
                == FoundationJSON.encode(value, convertingKeys: convertingKeys))
    }

    @Test("top-level scalars and arrays", arguments: [true, false])
    func topLevel(_ convertingKeys: Bool) throws {
        for value: any Encodable in [42, -0.5, "text", true, [Int](), [[Double]](), [1.5, 2.0], ["a": 1] as [String: Int]] {
            #expect(try JSONText.encode(value, convertingKeys: convertingKeys)
                    == FoundationJSON.encode(value, convertingKeys: convertingKeys))
        }
    }

    /// Keys as snake_case conversion handles them (JSONEncoder's documented examples among them).
    @Test("snake_case keys", arguments: [
        "oneTwoThree", "_oneTwoThree_", "myURLProperty", "myURL", "URL", "T", "a", "aB", "AB", "ABc", "x2Y", "ci95Adjusted",
        "pAliveAt", "already_snake", "ÉtéCafé", "naïveÜber", "", "_", "__a", "aBCdEF",
    ])
    func snakeCase(_ key: String) throws {
        let value = [KeyedValue(key: key, value: .number(1))]
        #expect(try JSONText.encode(value) == FoundationJSON.encode(value, convertingKeys: true))
    }

    @Test("a later value for the same key replaces the earlier one")
    func duplicateKeys() throws {
        let value = Tree.object([("b", .number(1)), ("a", .number(2)), ("b", .string("later"))])
        for converting in [true, false] {
            #expect(try JSONText.encode(value, convertingKeys: converting) == FoundationJSON.encode(value, convertingKeys: converting))
        }
    }

    @Test("long member lists, with repeated keys, sort the same way")
    func longObjects() throws {
        var random = SplitMix64(seed: 11)
        let members = (0..<200).map { i in (Tree.keys[Int(random.next() % UInt64(Tree.keys.count))] + String(i % 37), Tree.integer(i)) }
        let value = Tree.object(members)
        for converting in [true, false] {
            #expect(try JSONText.encode(value, convertingKeys: converting) == FoundationJSON.encode(value, convertingKeys: converting))
        }
    }

    @Test("non-finite numbers are refused, as JSONEncoder refuses them", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(_ number: Double) {
        #expect(throws: EncodingError.self) { try JSONText.encode(["value": number]) }
        #expect(throws: EncodingError.self) { try JSONText.encode(Nested(pAliveAt: number)) }
    }

    @Test("a value that encodes nothing is an error at the top level and an empty object inside")
    func encodesNothing() throws {
        #expect(throws: EncodingError.self) { try JSONText.encode(Silent()) }
        let inside = ["silent": Silent()]
        #expect(try JSONText.encode(inside) == FoundationJSON.encode(inside, convertingKeys: true))
    }

    @Test("seeded random trees give the same bytes", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomTrees(_ seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<25 {
            let tree = Tree.random(&random, depth: 0)
            for converting in [true, false] {
                #expect(try JSONText.encode(tree, convertingKeys: converting) == FoundationJSON.encode(tree, convertingKeys: converting))
            }
        }
    }
}

private struct Silent: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private struct KeyedValue: Encodable {
    var key: String
    var value: Tree
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(value, forKey: AnyKey(stringValue: key))
    }
}

/// A JSON-like value whose `encode(to:)` uses every kind of container, including nested
/// containers requested from the parent and a super encoder.
private indirect enum Tree: Encodable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case null
    case array([Tree])
    case object([(String, Tree)])
    case nestedObject([(String, Tree)])
    case viaSuperEncoder(Tree)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .number(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in members {
                switch value {
                case .number(let number): try container.encode(number, forKey: AnyKey(stringValue: key))
                case .string(let text): try container.encode(text, forKey: AnyKey(stringValue: key))
                case .null: try container.encodeNil(forKey: AnyKey(stringValue: key))
                default: try container.encode(value, forKey: AnyKey(stringValue: key))
                }
            }
        case .nestedObject(let members):
            var container = encoder.container(keyedBy: AnyKey.self)
            var nested = container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey(stringValue: "nestedMembers"))
            for (key, value) in members { try nested.encode(value, forKey: AnyKey(stringValue: key)) }
            var list = container.nestedUnkeyedContainer(forKey: AnyKey(stringValue: "memberCount"))
            try list.encode(members.count)
        case .viaSuperEncoder(let inner):
            var container = encoder.container(keyedBy: AnyKey.self)
            try inner.encode(to: container.superEncoder(forKey: AnyKey(stringValue: "superValue")))
        }
    }

    static let keys = ["a", "b", "clientId", "client_id", "zeta", "myURLValue", "T", "x", "Ä", "ab", "aB", "a\"q", "tab\tkey", ""]

    static func random(_ random: inout SplitMix64, depth: Int) -> Tree {
        let kind = Int(random.next() % (depth > 3 ? 5 : 9))
        switch kind {
        case 0:
            let choices: [Double] = [0, -0.0, 1, 0.1, 1e300, -2.5e-8, 123_456.789, Double(random.next() % 1_000_000) / 7]
            return .number(choices[Int(random.next() % UInt64(choices.count))])
        case 1: return .integer(Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64))
        case 2: return .string(["", "plain", "with \"quotes\"", "new\nline", "ümlaut", "\u{1}", "a/b"][Int(random.next() % 7)])
        case 3: return .bool(random.next() % 2 == 0)
        case 4: return .null
        case 5: return .array((0..<Int(random.next() % 4)).map { _ in Tree.random(&random, depth: depth + 1) })
        case 6, 7:
            let members = (0..<Int(random.next() % 5)).map { _ in
                (keys[Int(random.next() % UInt64(keys.count))], Tree.random(&random, depth: depth + 1))
            }
            return kind == 6 ? .object(members) : .nestedObject(members)
        default: return .viaSuperEncoder(Tree.random(&random, depth: depth + 1))
        }
    }
}
