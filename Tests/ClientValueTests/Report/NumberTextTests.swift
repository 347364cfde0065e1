import Testing
@testable import ClientValue

@Suite("NumberText")
struct NumberTextTests {
    // Expected strings were checked with Python's decimal module, rounding half away from zero
    // both the exact binary value and the shortest decimal form of each double:
    //   Decimal(v).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    //   Decimal(repr(v)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    // Only values where the two agree are listed (ties are exact binary fractions such as 0.125,
    // 2.5 and -45.25, or values clearly off a tie). The exact digits of the doubles involved:
    //   2.345 is 2.345000000000000195..., and 2.345 * 100 == 234.50000000000003, so "2.35";
    //   99.95 is 99.9500000000000028..., so it carries into the whole part.
    @Test("fixed: exactly `places` decimals, rounded half away from zero", arguments: [
        (45.0, 1, "45.0"), (-0.04, 1, "0.0"), (0.0, 2, "0.00"), (-0.0, 1, "0.0"), (7.0, 4, "7.0000"),
        (0.125, 2, "0.13"), (-0.125, 2, "-0.13"), (0.375, 2, "0.38"), (2.345, 2, "2.35"), (-45.25, 1, "-45.3"),
        (0.5, 0, "1"), (-0.5, 0, "-1"), (1.5, 0, "2"), (2.5, 0, "3"), (-2.5, 0, "-3"), (3.14159, 0, "3"),
        (0.0999, 3, "0.100"), (0.1, 3, "0.100"), (-0.005, 2, "-0.01"), (-0.004, 2, "0.00"), (0.000001, 6, "0.000001"),
        (99.95, 1, "100.0"), (-99.95, 1, "-100.0"), (1234567.891, 2, "1234567.89"),
        (30.497590874857945, 2, "30.50"), (-18.40753950185257, 1, "-18.4"), (0.02879020261580596, 4, "0.0288"),
    ])
    func fixed(_ value: Double, _ places: Int, _ expected: String) {
        #expect(NumberText.fixed(value, places: places) == expected)
    }

    @Test("fixed: not-a-number and infinities", arguments: [
        (Double.nan, "nan"), (-Double.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
    ])
    func nonFinite(_ value: Double, _ expected: String) {
        for places in [0, 2] { #expect(NumberText.fixed(value, places: places) == expected) }
    }

    @Test("fixed: negative places count as 0, more than 15 as 15")
    func placesClamped() {
        #expect(NumberText.fixed(2.7, places: -1) == "3")
        #expect(NumberText.fixed(-2.7, places: -5) == "-3")
        #expect(NumberText.fixed(0.5, places: 20) == "0." + "5" + String(repeating: "0", count: 14))
        #expect(NumberText.fixed(1.0, places: 15) == "1." + String(repeating: "0", count: 15))
    }

    @Test("fixed: large values still get exactly `places` decimals")
    func largeValues() {
        // value × 10^places passes 9e18 here, beyond exact 64-bit scaling of the whole value.
        #expect(NumberText.fixed(12345.5, places: 15) == "12345.500000000000000")
        #expect(NumberText.fixed(1e19, places: 2) == "10000000000000000000.00")
    }

    @Test("fixed: the text is within half a unit in the last place and has `places` decimals (seeded)")
    func fixedProperties() throws {
        var random = SplitMix64(seed: 45)
        for _ in 0..<5000 {
            let places = random.uniform(0...6)
            let magnitude = [1.0, 100.0, 1e6][random.uniform(0...2)]
            let value = (random.nextDouble() * 2 - 1) * magnitude
            let text = NumberText.fixed(value, places: places)
            let parsed = try #require(Double(text), "\(value) → \(text)")
            var unit = 1.0
            for _ in 0..<places { unit /= 10 }
            // Half a unit, plus slack for the binary representation of value and text.
            #expect(abs(parsed - value) <= unit / 2 + 1e-9 * max(1, abs(value)), "\(value), \(places) places → \(text)")
            let decimals = text.split(separator: ".", omittingEmptySubsequences: false)
            #expect(decimals.count == (places == 0 ? 1 : 2), "\(text)")
            if places > 0 { #expect(decimals[1].count == places, "\(text)") }
            #expect(!text.hasPrefix("-") || parsed < 0, "no negative zero: \(value) → \(text)")
            #expect(text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }, "\(text)")
        }
    }

    @Test("grouped: commas between groups of three digits", arguments: [
        (0, "0"), (7, "7"), (999, "999"), (1000, "1,000"), (-999, "-999"), (-1000, "-1,000"), (12_345, "12,345"),
        (100_000, "100,000"), (1_000_000, "1,000,000"), (1_944_029, "1,944,029"), (-1_234_567, "-1,234,567"),
        (Int.max, "9,223,372,036,854,775,807"), (Int.min, "-9,223,372,036,854,775,808"),
    ])
    func grouped(_ n: Int, _ expected: String) {
        #expect(NumberText.grouped(n) == expected)
    }

    @Test("grouped: removing the commas gives the plain number (seeded)")
    func groupedProperties() {
        var random = SplitMix64(seed: 1_944_029)
        for _ in 0..<5000 {
            let digits = random.uniform(1...18)
            var bound = 1
            for _ in 0..<digits { bound *= 10 }
            let n = random.uniform(-(bound - 1)...(bound - 1))
            let text = NumberText.grouped(n)
            #expect(text.filter { $0 != "," } == String(n), "\(n) → \(text)")
            let groups = text.drop { $0 == "-" }.split(separator: ",", omittingEmptySubsequences: false)
            #expect((1...3).contains(groups[0].count), "\(text)")
            #expect(groups.dropFirst().allSatisfy { $0.count == 3 }, "\(text)")
        }
    }
}
