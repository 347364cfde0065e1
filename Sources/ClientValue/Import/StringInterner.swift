#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns repeated field bytes into one shared `String` without building a new `String` for
/// each occurrence: client ids, partners and practice areas repeat on every row.
///
/// Lookups hash the bytes and compare them with stored copies; a hit returns the stored
/// string (a retain, no allocation). A column of mostly unique values (invoice numbers) would
/// only cost lookups, so after `probeLookups` lookups with fewer than half hits the interner
/// switches itself off and decodes directly; past `capacityLimit` distinct values new values
/// are not stored, so memory stays bounded on any file.
struct StringInterner {
    private var lookups = 0
    private var hits = 0
    /// The last value returned: exports group rows by client, so the same text often repeats
    /// on consecutive rows and is found here without hashing.
    private var lastBytes: [UInt8] = []
    private var lastString: String?
    private var lastCode: Int32 = -1
    private var isDisabled = false
    let probeLookups = 4096
    /// Open addressing with linear probing: 0 for an empty slot, else the upper 32 bits of
    /// the value's hash (compared before any bytes are) and, in the lower 32, its index in
    /// `strings` plus one.
    private var slots: [UInt64]
    /// Each stored value's full hash, for growing the slots.
    private var hashes: [UInt64] = []
    private var strings: [String] = []
    /// Where each stored value's bytes start in `keyBytes`, and after the last, where they end.
    private var keyStarts: [Int] = [0]
    private var keyBytes: [UInt8] = []
    private var mask: Int
    let capacityLimit: Int

    init(capacityLimit: Int = 200_000) {
        self.capacityLimit = capacityLimit
        slots = [UInt64](repeating: 0, count: 1024)
        mask = 1023
    }

    var count: Int { strings.count }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        if let last = lastString, Self.equal(lastBytes, bytes) { return last }
        let string = lookUp(bytes, decode: decode)
        lastBytes.removeAll(keepingCapacity: true)
        lastBytes.append(contentsOf: bytes)
        lastString = string
        return string
    }

    private static func equal(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == bytes.count else { return false }
        return stored.withUnsafeBufferPointer { a in
            guard let p = a.baseAddress, let q = bytes.baseAddress else { return true }
            return sameBytes(p, q, bytes.count)
        }
    }

    /// Whether the `count` bytes at `a` and `b` are equal. Ids, names and partners are mostly
    /// 4 to 16 bytes, compared here with two overlapping loads each instead of a call.
    @inline(__always)
    static func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        if count >= 8 {
            guard count <= 16 else { return memcmp(a, b, count) == 0 }
            return ra.loadUnaligned(as: UInt64.self) == rb.loadUnaligned(as: UInt64.self)
                && ra.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
                && ra.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == rb.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for k in 0..<count where a[k] != b[k] { return false }
        return true
    }

    private mutating func lookUp(_ bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        if isDisabled { return decode(bytes) }
        lookups += 1
        if lookups == probeLookups && hits * 2 < lookups {
            isDisabled = true
            slots = []
            hashes = []
            strings = []
            keyStarts = [0]
            keyBytes = []
            return decode(bytes)
        }
        let hash = Self.hash(bytes)
        let found = find(bytes, hash: hash)
        if let index = found.index {
            hits += 1
            return strings[index]
        }
        let string = decode(bytes)
        guard strings.count < capacityLimit else { return string }
        insert(bytes, string, hash: hash, slot: found.slot)
        return string
    }

    /// The code of `bytes`: its index in ``values``, added on first sight. Unlike
    /// ``intern(_:decode:)`` the table never switches itself off or stops storing, so codes
    /// identify values exactly; use it for columns that are grouped on.
    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String) -> Int32 {
        // The last value's bytes are in `keyBytes` already: compared there, not copied per row.
        if lastCode >= 0, matches(Int(lastCode), bytes) { return lastCode }
        let hash = Self.hash(bytes)
        let found = find(bytes, hash: hash)
        let code: Int32
        if let index = found.index {
            code = Int32(index)
        } else {
            code = Int32(strings.count)
            insert(bytes, decode(bytes), hash: hash, slot: found.slot)
        }
        lastCode = code
        return code
    }

    /// The distinct values in order of first sight (for a table used through ``code(_:decode:)``).
    var values: [String] { strings }

    /// The code of `bytes` if the table holds them, without adding them.
    func existingCode(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        find(bytes, hash: Self.hash(bytes)).index.map { Int32($0) }
    }

    /// The index of `bytes` if stored, else the empty slot where it would go.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, index: Int?) {
        let tag = hash & Self.tagMask
        return slots.withUnsafeBufferPointer { table in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = table[slot]
                if entry == 0 { return (slot, nil) }
                if entry & Self.tagMask == tag {
                    let index = Int(truncatingIfNeeded: entry & ~Self.tagMask) - 1
                    if matches(index, bytes) { return (slot, index) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    private mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ string: String, hash: UInt64, slot: Int) {
        slots[slot] = hash & Self.tagMask | UInt64(strings.count + 1)
        hashes.append(hash)
        strings.append(string)
        keyBytes.append(contentsOf: bytes)
        keyStarts.append(keyBytes.count)
        if strings.count * 2 > slots.count { grow() }
    }

    @inline(__always)
    private func matches(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        keyStarts.withUnsafeBufferPointer { starts in
            let start = starts[index], count = starts[index + 1] - start
            guard count == bytes.count else { return false }
            return keyBytes.withUnsafeBufferPointer { stored in
                guard let p = stored.baseAddress, let q = bytes.baseAddress else { return true }
                return Self.sameBytes(p + start, q, count)
            }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var table = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = hash & Self.tagMask | UInt64(index + 1)
        }
        slots = table
    }

    /// A 64-bit hash of `bytes` that reads them in whole words: eight bytes at a time
    /// multiplied in, the last eight (or, for 4 to 7 bytes, two overlapping four-byte halves)
    /// loaded so that they end at the value's end, and no byte-by-byte tail. The length is
    /// mixed in first, so the overlapping loads of values of different lengths stay apart.
    /// A final avalanche (from SplitMix64) mixes the low bits used for the slot.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var h: UInt64 = (0xCBF2_9CE4_8422_2325 ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15
        guard count > 0, let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        let tail: UInt64
        if count >= 8 {
            var i = 0
            while i + 8 < count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 29
                i += 8
            }
            tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            tail = UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
        } else {
            // 1 to 3 bytes: the first, the middle and the last cover them all.
            tail = UInt64(base[0]) | UInt64(base[count >> 1]) << 8 | UInt64(base[count - 1]) << 16
        }
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}

/// A string table's codes numbered again so that equal `String`s share a number: the
/// tables tell values apart by their bytes ("é" and "e\u{301}" are two codes), while the
/// per-client views, keyed by `String`, hold them as one client, as reading line by line
/// does. Numbers follow the codes' order, so first appearance in the file.
struct StringNumbering {
    /// The number of each code.
    var number: [Int32] = []
    /// The value of each number: the first code's.
    var values: [String] = []
    /// While every value is ASCII: the table's values, distinct by their bytes, are distinct
    /// as `String`s, so each code is a number of its own and nothing is hashed.
    private var isPlain = true
    private var index: [String: Int32] = [:]

    /// Numbers the codes of `table` (a string table's values, indexed by code: distinct by
    /// their bytes) that have none yet.
    mutating func extend(with table: [String]) {
        guard table.count > number.count else { return }
        for value in table[number.count...] {
            if isPlain {
                if value.isAllASCII {
                    number.append(Int32(values.count))
                    values.append(value)
                    continue
                }
                // From the first value that is not ASCII on (it may equal an ASCII one, as the
                // Kelvin sign equals "K"), values are numbered as `String`s.
                index.reserveCapacity(table.count)
                for (k, known) in values.enumerated() { index[known] = Int32(k) }
                isPlain = false
            }
            if let known = index[value] {
                number.append(known)
            } else {
                let next = Int32(values.count)
                index[value] = next
                values.append(value)
                number.append(next)
            }
        }
    }
}
