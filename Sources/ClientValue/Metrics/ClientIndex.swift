/// Client ids numbered 0, 1, 2… in the order first inserted, so that the per-client views
/// that join several sources (``Segmentation``, ``ClientFeatureTable``) hash each id once per
/// source and then work on arrays indexed by the number.
///
/// Ids are told apart as `String`s: ids equal as `String`s but not as bytes ("é" and
/// "e\u{301}") are one client, spelled as first inserted, as a `Dictionary` or `Set` keeps its
/// first key.
struct ClientIndex {
    /// The id of each number, as first inserted.
    private(set) var ids: [String] = []
    /// While every id is ASCII, ids are numbered by their bytes, hashed without `String`'s
    /// seeded hash: ASCII ids are equal as `String`s exactly when their bytes are.
    private var plainIDs = StringInterner()
    private var isPlain = true
    /// From the first id that is not ASCII on, ids are numbered as `String`s, so that ids
    /// equal as `String`s are one client ("K" and the Kelvin sign "\u{212A}" too).
    private var numbers: [String: Int] = [:]

    /// An empty index with room for `capacity` clients.
    init(capacity: Int = 0) {
        ids.reserveCapacity(capacity)
    }

    /// The number of clients.
    var count: Int { ids.count }

    /// The number of `id`, given the next one when it is new.
    mutating func insert(_ id: String) -> Int {
        if isPlain {
            if let number = plainNumber(of: id, inserting: true) { return number }
            numberAsStrings()
        }
        if let known = numbers[id] { return known }
        let next = ids.count
        numbers[id] = next
        ids.append(id)
        return next
    }

    /// The number of `id`, or `nil` when it was never inserted.
    mutating func number(of id: String) -> Int? {
        if isPlain {
            if let number = plainNumber(of: id, inserting: false) { return number >= 0 ? number : nil }
            numberAsStrings()
        }
        return numbers[id]
    }

    /// While ids are numbered by their bytes: the number of an ASCII `id` (added when
    /// `inserting`, else -1 when unknown); `nil` when `id` is not ASCII.
    private mutating func plainNumber(of id: String, inserting: Bool) -> Int? {
        var bytes = id
        return bytes.withUTF8 { utf8 -> Int? in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard inserting else { return plainIDs.existingCode(utf8).map { Int($0) } ?? -1 }
            let number = Int(plainIDs.code(utf8, decode: { _ in id }))
            if number == ids.count { ids.append(id) }
            return number
        }
    }

    /// Numbers ids as `String`s from now on (the ids so far, all ASCII, are distinct).
    private mutating func numberAsStrings() {
        numbers.reserveCapacity(Swift.max(ids.capacity, ids.count + 1))
        for (number, id) in ids.enumerated() { numbers[id] = number }
        plainIDs = StringInterner()
        isPlain = false
    }

    /// Every number, in Unicode code point order of the ids
    /// (``Swift/String/precedesInCodePointOrder(_:)``): the first eight UTF-8 bytes compared
    /// as one integer, and only ids sharing them compared in full.
    func numbersInCodePointOrder() -> [Int] {
        // The first 8 bytes big-endian, zero-padded: a smaller key means an earlier id, and
        // equal keys (a shared 8-byte prefix, or a shorter id padded with zeros that another
        // has as bytes) are left to the full comparison.
        let keys = ids.map { id -> UInt64 in
            var key: UInt64 = 0, taken = 0
            for byte in id.utf8.prefix(8) {
                key = key << 8 | UInt64(byte)
                taken += 1
            }
            return taken == 8 ? key : key << (8 * UInt64(8 - taken))
        }
        return ids.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : ids[a].precedesInCodePointOrder(ids[b])
        }
    }
}
