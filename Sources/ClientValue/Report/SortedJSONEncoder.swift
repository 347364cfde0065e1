import Foundation

/// The JSON encoder behind ``JSONText/encode(_:convertingKeys:)``.
///
/// It writes the same bytes as Foundation's `JSONEncoder` with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` (and `.convertToSnakeCase` when asked):
/// two-space indents, `"key" : value`, keys sorted by their UTF-8 bytes, a later value for
/// the same key replacing an earlier one, doubles in Swift's shortest form without a
/// trailing `.0`, non-finite numbers refused with `EncodingError.invalidValue`, dates as
/// seconds since 2001 (deferred to `Date`), `Data` as Base64, URLs as their absolute
/// string, decimals as their description, and dictionary keys never converted. A test
/// compares the two on every result type the command line writes.
///
/// What makes it faster on the large per-client lists: scalars are written once as bytes
/// into one arena, objects keep their members in arrays (not dictionaries) and are sorted
/// only when their keys did not already arrive in order, and each distinct key is converted
/// to snake case and escaped once per document.
final class SortedJSONDocument {
    let convertsKeys: Bool
    /// Every scalar's bytes, one after another; pieces refer to ranges of it.
    var arena: [UInt8] = []
    /// Each distinct key's quoted, escaped bytes, by key id.
    var keyBytes: [[UInt8]] = []
    private var convertedKeyIDs: [String: Int32] = [:]
    private var verbatimKeyIDs: [String: Int32] = [:]

    init(convertsKeys: Bool) {
        self.convertsKeys = convertsKeys
        arena.reserveCapacity(1 << 16)
    }

    /// The id of `key` as written in the output: converted to snake case unless `verbatim`.
    func keyID(_ key: String, verbatim: Bool) -> Int32 {
        let convert = convertsKeys && !verbatim
        if let id = convert ? convertedKeyIDs[key] : verbatimKeyIDs[key] { return id }
        let id = Int32(keyBytes.count)
        var bytes: [UInt8] = []
        SortedJSONDocument.appendQuoted(convert ? SortedJSONDocument.snakeCased(key) : key, to: &bytes)
        keyBytes.append(bytes)
        if convert { convertedKeyIDs[key] = id } else { verbatimKeyIDs[key] = id }
        return id
    }

    /// Appends a scalar's bytes to the arena and returns the piece that refers to them.
    func scalar(_ write: (inout [UInt8]) -> Void) -> SortedJSONPiece {
        let start = arena.count
        write(&arena)
        return .scalar(start: start, end: arena.count)
    }

    func number(_ value: Double, codingPath: @autoclosure () -> [any CodingKey]) throws -> SortedJSONPiece {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath(), debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        return scalar { SortedJSONDocument.appendShortest(value.description, to: &$0) }
    }

    func number(_ value: Float, codingPath: @autoclosure () -> [any CodingKey]) throws -> SortedJSONPiece {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath(), debugDescription: "Unable to encode Float.\(value) directly in JSON."))
        }
        return scalar { SortedJSONDocument.appendShortest(value.description, to: &$0) }
    }

    func integer<T: FixedWidthInteger>(_ value: T) -> SortedJSONPiece {
        scalar { SortedJSONDocument.appendInteger(value, to: &$0) }
    }

    func string(_ value: String) -> SortedJSONPiece {
        scalar { SortedJSONDocument.appendQuoted(value, to: &$0) }
    }

    func literal(_ text: StaticString) -> SortedJSONPiece {
        scalar { out in
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }
    }

    // MARK: Rendering

    func render(_ piece: SortedJSONPiece, level: Int, into out: inout [UInt8]) {
        switch piece {
        case let .scalar(start, end):
            out.append(contentsOf: arena[start..<end])
        case .object(let object):
            renderObject(object, level: level, into: &out)
        case .array(let array):
            out.append(UInt8(ascii: "["))
            out.append(UInt8(ascii: "\n"))
            for (i, element) in array.elements.enumerated() {
                if i > 0 {
                    out.append(UInt8(ascii: ","))
                    out.append(UInt8(ascii: "\n"))
                }
                Self.indent(level + 1, into: &out)
                render(element, level: level + 1, into: &out)
            }
            out.append(UInt8(ascii: "\n"))
            Self.indent(level, into: &out)
            out.append(UInt8(ascii: "]"))
        case .encoder(let encoder):
            render(encoder.takePiece() ?? .object(SortedJSONObject()), level: level, into: &out)
        }
    }

    private func renderObject(_ object: SortedJSONObject, level: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        out.append(UInt8(ascii: "\n"))
        let members = inKeyOrder(object.members)
        for (i, member) in members.enumerated() {
            if i > 0 {
                out.append(UInt8(ascii: ","))
                out.append(UInt8(ascii: "\n"))
            }
            Self.indent(level + 1, into: &out)
            out.append(contentsOf: keyBytes[Int(member.key)])
            out.append(UInt8(ascii: " "))
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: " "))
            render(member.value, level: level + 1, into: &out)
        }
        out.append(UInt8(ascii: "\n"))
        Self.indent(level, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Each key id's place in the sorted order of all keys seen so far; rebuilt when a key
    /// arrives after the last rebuild (a document has a few dozen distinct keys).
    private var keyRank: [Int32] = []

    /// The members sorted by key, and of two members with the same key only the later one.
    private func inKeyOrder(_ members: [SortedJSONObject.Member]) -> [SortedJSONObject.Member] {
        if keyRank.count != keyBytes.count {
            let order = keyBytes.indices.sorted { compareKeys(Int32($0), Int32($1)) < 0 }
            keyRank = [Int32](repeating: 0, count: keyBytes.count)
            // Keys written the same (`aB` and `a_b` both become `a_b`) share a rank: one replaces the other.
            var rank: Int32 = 0
            for (position, id) in order.enumerated() {
                if position > 0 && compareKeys(Int32(order[position - 1]), Int32(id)) != 0 { rank += 1 }
                keyRank[id] = rank
            }
        }
        var sorted = members
        var hasDuplicates = false
        guard members.count <= 32 else {
            // Long lists (dictionaries keyed by client): a stable sort by rank.
            sorted = members.enumerated().sorted { lhs, rhs in
                let l = keyRank[Int(lhs.element.key)], r = keyRank[Int(rhs.element.key)]
                return l != r ? l < r : lhs.offset < rhs.offset
            }.map(\.element)
            hasDuplicates = zip(sorted, sorted.dropFirst()).contains { keyRank[Int($0.key)] == keyRank[Int($1.key)] }
            return hasDuplicates ? withoutEarlierDuplicates(sorted) : sorted
        }
        // Insertion sort: stable, and quick on the short, often nearly ordered member lists.
        var i = 1
        while i < sorted.count {
            let member = sorted[i]
            let rank = keyRank[Int(member.key)]
            var j = i
            while j > 0 && keyRank[Int(sorted[j - 1].key)] > rank {
                sorted[j] = sorted[j - 1]
                j -= 1
            }
            sorted[j] = member
            if j > 0 && keyRank[Int(sorted[j - 1].key)] == rank { hasDuplicates = true }
            i += 1
        }
        return hasDuplicates ? withoutEarlierDuplicates(sorted) : sorted
    }

    private func withoutEarlierDuplicates(_ sorted: [SortedJSONObject.Member]) -> [SortedJSONObject.Member] {
        sorted.indices.compactMap { i in
            i + 1 < sorted.count && keyRank[Int(sorted[i + 1].key)] == keyRank[Int(sorted[i].key)] ? nil : sorted[i]
        }
    }

    /// Orders keys by the UTF-8 bytes of their text, as `JSONEncoder` does. The quoted bytes
    /// order the same way except where an escape differs from the character it stands for,
    /// so keys with escapes are compared unescaped.
    private func compareKeys(_ a: Int32, _ b: Int32) -> Int {
        if a == b { return 0 }
        let x = keyBytes[Int(a)], y = keyBytes[Int(b)]
        // Compare the unquoted contents: drop the surrounding quotes.
        let xs = x[1..<(x.count - 1)], ys = y[1..<(y.count - 1)]
        if !xs.contains(UInt8(ascii: "\\")) && !ys.contains(UInt8(ascii: "\\")) {
            return xs.lexicographicallyPrecedes(ys) ? -1 : (ys.lexicographicallyPrecedes(xs) ? 1 : 0)
        }
        let ux = Self.unescaped(xs), uy = Self.unescaped(ys)
        return ux.lexicographicallyPrecedes(uy) ? -1 : (uy.lexicographicallyPrecedes(ux) ? 1 : 0)
    }

    /// The text bytes of an escaped key (the escapes `appendQuoted` writes).
    private static func unescaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < bytes.endIndex else {
                out.append(byte)
                i += 1
                continue
            }
            let next = bytes[i + 1]
            switch next {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var value: UInt8 = 0
                for hex in bytes[(i + 2)..<min(i + 6, bytes.endIndex)] {
                    value = value &* 16 &+ (hex >= UInt8(ascii: "a") ? hex - UInt8(ascii: "a") + 10 : hex &- UInt8(ascii: "0"))
                }
                out.append(value)
                i += 6
                continue
            default: out.append(next)
            }
            i += 2
        }
        return out
    }

    static func indent(_ level: Int, into out: inout [UInt8]) {
        for _ in 0..<(2 * level) { out.append(UInt8(ascii: " ")) }
    }

    // MARK: Scalars as bytes

    /// Swift's shortest round-trip form, less a trailing `.0` (`100.0` → `100`), as `JSONEncoder`.
    static func appendShortest(_ description: String, to out: inout [UInt8]) {
        var text = description
        text.withUTF8 { bytes in
            var count = bytes.count
            if count >= 2 && bytes[count - 2] == UInt8(ascii: ".") && bytes[count - 1] == UInt8(ascii: "0") { count -= 2 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<count]))
        }
    }

    static func appendInteger<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // 40 bytes, enough for 128 bits
        var count = 0
        let negative = value < 0
        var magnitude = value.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude != 0 {
                let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 10)
                buffer[count] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remainder)
                count += 1
                magnitude = quotient
            }
            if negative { out.append(UInt8(ascii: "-")) }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// `text` quoted, with the escapes `JSONEncoder` writes: `\"`, `\\`, `\b`, `\f`, `\n`,
    /// `\r`, `\t` and `\u00XX` (lower-case hex) for other control characters; slashes and
    /// everything from U+007F up are written as they are.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`'s rule, on Unicode scalars:
    /// words split where a lower-case letter meets an upper-case one, and before the last
    /// capital of a run of capitals followed by lower case (`myURLProperty` → `my_url_property`);
    /// the first character never starts a new word; the words are lower-cased and joined by `_`.
    static func snakeCased(_ key: String) -> String {
        let scalars = Array(key.unicodeScalars)
        guard !scalars.isEmpty else { return key }
        func isUpper(_ s: Unicode.Scalar) -> Bool {
            if s.isASCII { return s >= "A" && s <= "Z" }
            let category = s.properties.generalCategory
            return category == .uppercaseLetter || category == .titlecaseLetter
        }
        func isLower(_ s: Unicode.Scalar) -> Bool {
            if s.isASCII { return s >= "a" && s <= "z" }
            return s.properties.generalCategory == .lowercaseLetter
        }
        func firstIndex(from start: Int, where test: (Unicode.Scalar) -> Bool) -> Int? {
            var i = start
            while i < scalars.count {
                if test(scalars[i]) { return i }
                i += 1
            }
            return nil
        }
        var words: [Range<Int>] = []
        var wordStart = 0
        var searchStart = 1
        while let upper = firstIndex(from: searchStart, where: isUpper) {
            words.append(wordStart..<upper)
            guard let lower = firstIndex(from: upper, where: isLower) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            searchStart = lower + 1
        }
        words.append(wordStart..<scalars.count)
        return words.map { range in
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[range])
            return String(word).lowercased()
        }.joined(separator: "_")
    }
}

/// One encoded value, not yet laid out: a scalar's bytes in the document's arena, an object,
/// an array, or an encoder handed out by `superEncoder()` whose value arrives later.
enum SortedJSONPiece {
    case scalar(start: Int, end: Int)
    case object(SortedJSONObject)
    case array(SortedJSONArray)
    case encoder(SortedJSONValueEncoder)
}

final class SortedJSONObject {
    struct Member {
        var key: Int32
        var value: SortedJSONPiece
    }
    var members: [Member] = []
}

final class SortedJSONArray {
    var elements: [SortedJSONPiece] = []
}

/// Marks dictionaries whose keys `JSONEncoder` writes as they are, never converted.
protocol SortedJSONVerbatimKeyedDictionary {
    func encodeMembers(into object: SortedJSONObject, encoder: SortedJSONValueEncoder) throws
}

extension Dictionary: SortedJSONVerbatimKeyedDictionary where Key: CodingKeyRepresentable, Value: Encodable {
    func encodeMembers(into object: SortedJSONObject, encoder: SortedJSONValueEncoder) throws {
        let path = encoder.codingPath
        for (key, value) in self {
            let name = key.codingKey.stringValue
            let id = encoder.document.keyID(name, verbatim: true)
            let piece = try SortedJSONValueEncoder.pieceIfEncoded(for: value, document: encoder.document, parentPath: path,
                                                                  key: SortedJSONKey(stringValue: name))
            object.members.append(.init(key: id, value: piece ?? .object(SortedJSONObject())))
        }
    }
}

struct SortedJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// The `Encoder` handed to each value's `encode(to:)`. It is also its own single-value container.
final class SortedJSONValueEncoder: Encoder, SingleValueEncodingContainer {
    let document: SortedJSONDocument
    /// The path to the value's parent, and the value's own key: the coding path is built
    /// only when asked for (an error, or a nested container), not for every value.
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?
    var codingPath: [any CodingKey] {
        guard let key else { return parentPath }
        return parentPath + [key]
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var stored: SortedJSONPiece?

    init(document: SortedJSONDocument, codingPath: [any CodingKey]) {
        self.document = document
        self.parentPath = codingPath
        self.key = nil
    }

    init(document: SortedJSONDocument, parentPath: [any CodingKey], key: (any CodingKey)?) {
        self.document = document
        self.parentPath = parentPath
        self.key = key
    }

    func takePiece() -> SortedJSONPiece? {
        defer { stored = nil }
        return stored
    }

    /// The piece for a nested value: fast paths for the common scalar types and the
    /// Foundation types `JSONEncoder` treats specially, otherwise the value's own `encode(to:)`.
    func piece<T: Encodable>(for value: T, key: (any CodingKey)?) throws -> SortedJSONPiece {
        try pieceIfEncoded(for: value, key: key) ?? .object(SortedJSONObject())
    }

    /// The piece for `value`, or nil when its `encode(to:)` encoded nothing (at the top
    /// level an error; nested, an empty object, as `JSONEncoder` has it).
    func pieceIfEncoded<T: Encodable>(for value: T, key: (any CodingKey)?) throws -> SortedJSONPiece? {
        try Self.pieceIfEncoded(for: value, document: document, parentPath: codingPath, key: key)
    }

    /// ``pieceIfEncoded(for:key:)`` for a value at `key` under `parentPath`, without an
    /// encoder for the parent.
    static func pieceIfEncoded<T: Encodable>(for value: T, document: SortedJSONDocument, parentPath: [any CodingKey],
                                             key: (any CodingKey)?) throws -> SortedJSONPiece? {
        func path(_ key: (any CodingKey)?) -> [any CodingKey] {
            guard let key else { return parentPath }
            return parentPath + [key]
        }
        if T.self == String.self, let text = value as? String { return document.string(text) }
        if T.self == Double.self, let number = value as? Double { return try document.number(number, codingPath: path(key)) }
        if T.self == Int.self, let number = value as? Int { return document.integer(number) }
        if T.self == Bool.self, let flag = value as? Bool { return document.literal(flag ? "true" : "false") }
        if T.self == Data.self, let data = value as? Data { return document.string(data.base64EncodedString()) }
        if T.self == URL.self, let url = value as? URL { return document.string(url.absoluteString) }
        if T.self == Decimal.self, let decimal = value as? Decimal { return document.scalar { $0.append(contentsOf: decimal.description.utf8) } }
        if document.convertsKeys, let dictionary = value as? any SortedJSONVerbatimKeyedDictionary {
            let object = SortedJSONObject()
            let child = SortedJSONValueEncoder(document: document, parentPath: parentPath, key: key)
            try dictionary.encodeMembers(into: object, encoder: child)
            return .object(object)
        }
        let child = SortedJSONValueEncoder(document: document, parentPath: parentPath, key: key)
        try value.encode(to: child)
        return child.takePiece()
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: SortedJSONObject
        if case .object(let existing) = stored {
            object = existing
        } else {
            object = SortedJSONObject()
            stored = .object(object)
        }
        return KeyedEncodingContainer(SortedJSONKeyedContainer<Key>(encoder: self, object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: SortedJSONArray
        if case .array(let existing) = stored {
            array = existing
        } else {
            array = SortedJSONArray()
            stored = .array(array)
        }
        return SortedJSONUnkeyedContainer(encoder: self, array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    func encodeNil() throws { stored = document.literal("null") }
    func encode(_ value: Bool) throws { stored = document.literal(value ? "true" : "false") }
    func encode(_ value: String) throws { stored = document.string(value) }
    func encode(_ value: Double) throws { stored = try document.number(value, codingPath: codingPath) }
    func encode(_ value: Float) throws { stored = try document.number(value, codingPath: codingPath) }
    func encode(_ value: Int) throws { stored = document.integer(value) }
    func encode(_ value: Int8) throws { stored = document.integer(value) }
    func encode(_ value: Int16) throws { stored = document.integer(value) }
    func encode(_ value: Int32) throws { stored = document.integer(value) }
    func encode(_ value: Int64) throws { stored = document.integer(value) }
    func encode(_ value: UInt) throws { stored = document.integer(value) }
    func encode(_ value: UInt8) throws { stored = document.integer(value) }
    func encode(_ value: UInt16) throws { stored = document.integer(value) }
    func encode(_ value: UInt32) throws { stored = document.integer(value) }
    func encode(_ value: UInt64) throws { stored = document.integer(value) }
    func encode<T: Encodable>(_ value: T) throws { stored = try piece(for: value, key: nil) }
}

struct SortedJSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: SortedJSONValueEncoder
    let object: SortedJSONObject
    let codingPath: [any CodingKey]

    private var document: SortedJSONDocument { encoder.document }

    private func set(_ piece: SortedJSONPiece, _ key: Key) {
        object.members.append(.init(key: document.keyID(key.stringValue, verbatim: false), value: piece))
    }

    mutating func encodeNil(forKey key: Key) throws { set(document.literal("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(document.literal(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(document.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try document.number(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try document.number(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(document.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let piece = try SortedJSONValueEncoder.pieceIfEncoded(for: value, document: document, parentPath: codingPath, key: key)
        set(piece ?? .object(SortedJSONObject()), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = SortedJSONObject()
        set(.object(nested), key)
        return KeyedEncodingContainer(SortedJSONKeyedContainer<NestedKey>(encoder: encoder, object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = SortedJSONArray()
        set(.array(nested), key)
        return SortedJSONUnkeyedContainer(encoder: encoder, array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(forKey: SortedJSONKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = SortedJSONValueEncoder(document: document, codingPath: codingPath + [key])
        set(.encoder(child), key)
        return child
    }

    private mutating func superEncoder(forKey key: SortedJSONKey) -> any Encoder {
        let child = SortedJSONValueEncoder(document: document, codingPath: codingPath + [key])
        object.members.append(.init(key: document.keyID(key.stringValue, verbatim: false), value: .encoder(child)))
        return child
    }
}

struct SortedJSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: SortedJSONValueEncoder
    let array: SortedJSONArray
    let codingPath: [any CodingKey]
    var count: Int { array.elements.count }

    private var document: SortedJSONDocument { encoder.document }
    private var nextKey: SortedJSONKey { SortedJSONKey(intValue: array.elements.count) }

    mutating func encodeNil() throws { array.elements.append(document.literal("null")) }
    mutating func encode(_ value: Bool) throws { array.elements.append(document.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { array.elements.append(document.string(value)) }
    mutating func encode(_ value: Double) throws { array.elements.append(try document.number(value, codingPath: codingPath + [nextKey])) }
    mutating func encode(_ value: Float) throws { array.elements.append(try document.number(value, codingPath: codingPath + [nextKey])) }
    mutating func encode(_ value: Int) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: Int8) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: Int16) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: Int32) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: Int64) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: UInt) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: UInt8) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: UInt16) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: UInt32) throws { array.elements.append(document.integer(value)) }
    mutating func encode(_ value: UInt64) throws { array.elements.append(document.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let piece = try SortedJSONValueEncoder.pieceIfEncoded(for: value, document: document, parentPath: codingPath, key: nextKey)
        array.elements.append(piece ?? .object(SortedJSONObject()))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = SortedJSONObject()
        let key = nextKey
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(SortedJSONKeyedContainer<NestedKey>(encoder: encoder, object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = SortedJSONArray()
        let key = nextKey
        array.elements.append(.array(nested))
        return SortedJSONUnkeyedContainer(encoder: encoder, array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = SortedJSONValueEncoder(document: document, codingPath: codingPath + [nextKey])
        array.elements.append(.encoder(child))
        return child
    }
}
