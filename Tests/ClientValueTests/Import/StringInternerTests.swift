import Testing
@testable import ClientValue

@Suite("StringInterner")
struct StringInternerTests {
    @Test("byte comparison agrees with array equality for every length to 40 and every differing place")
    func sameBytes() {
        var random = SplitMix64(seed: 17)
        for count in 0...40 {
            let a = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            for place in -1..<count {
                var b = a
                if place >= 0 { b[place] &+= UInt8(1 + random.uniform(below: 255)) }
                let same = a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y in
                        StringInterner.sameBytes(x.baseAddress ?? UnsafePointer(bitPattern: 1)!, y.baseAddress ?? UnsafePointer(bitPattern: 1)!, count)
                    }
                }
                #expect(same == (a == b), "length \(count), differing at \(place)")
            }
        }
    }

    @Test("codes are equal exactly for equal bytes, in order of first sight", arguments: [UInt64(1), 2, 3])
    func codes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Values of 0 to 40 bytes over a small alphabet, so that many differ in one byte only;
        // the lengths take every path of the hash (under 4 bytes, 4 to 7, whole words).
        let values = (0..<300).map { _ in
            (0..<Int(random.uniform(below: 41))).map { _ in UInt8(ascii: "a") + UInt8(random.uniform(below: 3)) }
        }
        var interner = StringInterner()
        var expected: [[UInt8]: Int32] = [:]
        for _ in 0..<5_000 {
            let value = values[Int(random.uniform(below: UInt64(values.count)))]
            let code = value.withUnsafeBufferPointer { interner.code($0) { String(decoding: $0, as: UTF8.self) } }
            let known = expected[value] ?? Int32(expected.count)
            expected[value] = known
            #expect(code == known)
        }
        #expect(interner.values.count == expected.count)
    }

    @Test("the hash reads every byte: changing any one byte of a value of 1 to 40 bytes changes it")
    func hashReadsEveryByte() {
        var random = SplitMix64(seed: 29)
        for count in 1...40 {
            let value = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let original = value.withUnsafeBufferPointer { StringInterner.hash($0) }
            for place in 0..<count {
                var changed = value
                changed[place] &+= UInt8(1 + random.uniform(below: 255))
                #expect(changed.withUnsafeBufferPointer { StringInterner.hash($0) } != original, "length \(count), byte \(place)")
            }
        }
    }

    @Test("values that differ only in length hash apart, the empty value included")
    func hashSeesLength() {
        let zeros = [UInt8](repeating: 0, count: 40)
        var seen: Set<UInt64> = []
        for count in 0...40 {
            seen.insert(zeros.withUnsafeBufferPointer { StringInterner.hash(UnsafeBufferPointer(rebasing: $0[..<count])) })
        }
        #expect(seen.count == 41)
    }
}

@Suite("StringNumbering")
struct StringNumberingTests {
    /// A string table's values are distinct by their bytes; the numbering must give values
    /// equal as `String`s one number, as a Dictionary keyed by String does, whether the table
    /// is all ASCII (numbered without hashing) or not, and when extended in steps.
    @Test("codes numbered as a Dictionary keyed by String numbers them (seeded tables, extended in steps)",
          arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func sameAsDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let plain = ["K", "K1", "C0001", "c0001", "", "Cafe", "A long partner name"]
        let other = ["\u{212A}", "\u{212A}1", "Caf\u{E9}", "Cafe\u{301}", "e\u{301}\u{E9}"]
        // Distinct by bytes, in a seeded order; the first value that is not ASCII comes late
        // for some seeds and not at all for seed 6.
        var table: [String] = []
        for value in (plain + (seed == 6 ? [] : other)).shuffled(using: &random)
        where !table.contains(where: { $0.utf8.elementsEqual(value.utf8) }) { table.append(value) }
        var numbering = StringNumbering(), reference = [String: Int32](), values: [String] = []
        var end = 0
        while end < table.count {
            end = min(table.count, end + 1 + Int(random.next() % 4))
            numbering.extend(with: Array(table[..<end]))
        }
        for value in table where reference[value] == nil {
            reference[value] = Int32(values.count)
            values.append(value)
        }
        #expect(numbering.number == table.map { reference[$0] ?? -1 })
        #expect(numbering.values.map { Array($0.utf8) } == values.map { Array($0.utf8) })
    }
}
