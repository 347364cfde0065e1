/// Turns repeated field bytes into one shared `String` without building a new `String` for
/// each occurrence: client ids, partners and practice areas repeat on every row.
///
/// Lookups hash the bytes and compare them with stored copies; a hit returns the stored
/// string (a retain, no allocation). Past `capacityLimit` distinct values (a column of unique
/// values such as invoice numbers) new values are returned without being stored, so memory
/// stays bounded on any file.
struct StringInterner {
    private var slots: [Int32]          // -1 empty, else index into `strings`
    private var hashes: [UInt64] = []
    private var strings: [String] = []
    private var keyStarts: [Int] = []
    private var keyBytes: [UInt8] = []
    private var mask: Int
    let capacityLimit: Int

    init(capacityLimit: Int = 200_000) {
        self.capacityLimit = capacityLimit
        slots = [Int32](repeating: -1, count: 1024)
        mask = 1023
    }

    var count: Int { strings.count }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == hash && matches(index, bytes) { return strings[index] }
            slot = (slot + 1) & mask
        }
        let string = decode(bytes)
        guard strings.count < capacityLimit else { return string }
        slots[slot] = Int32(strings.count)
        hashes.append(hash)
        strings.append(string)
        keyStarts.append(keyBytes.count)
        keyBytes.append(contentsOf: bytes)
        if strings.count * 2 > slots.count { grow() }
        return string
    }

    private func matches(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[index]
        let end = index + 1 < keyStarts.count ? keyStarts[index + 1] : keyBytes.count
        guard end - start == bytes.count else { return false }
        return keyBytes.withUnsafeBufferPointer { stored in
            var i = 0
            while i < bytes.count {
                if stored[start + i] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// FNV-1a over the bytes, then a final avalanche (from SplitMix64) so that the low bits
    /// used for the slot are well mixed.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
