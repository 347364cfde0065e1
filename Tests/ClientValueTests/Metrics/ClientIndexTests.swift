import Testing
@testable import ClientValue

/// The client numbering that ``Segmentation`` and ``ClientFeatureTable`` join their sources
/// through, and the faster text helpers the report uses.
@Suite("ClientIndex")
struct ClientIndexTests {
    /// Pieces that share long prefixes, hold NUL bytes, and make ids equal as `String`s but
    /// not as bytes.
    static let pieces = ["C0000", "C00001", "\u{0}", "e", "\u{301}", "\u{E9}", "A", "\u{30A}", "\u{C5}", "\u{1F600}", ""]

    static func randomText(_ random: inout SplitMix64) -> String {
        (0..<Int(random.next() % 5)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    @Test("numbers in code point order: the order precedesInCodePointOrder sorts the ids in (seeded random ids)", arguments: [1 as UInt64, 2, 3])
    func codePointOrder(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var index = ClientIndex()
        for _ in 0..<3_000 { _ = index.insert(Self.randomText(&random)) }
        let sorted = index.numbersInCodePointOrder().map { index.ids[$0] }
        let expected = index.ids.sorted { $0.precedesInCodePointOrder($1) }
        #expect(sorted.map { Array($0.utf8) } == expected.map { Array($0.utf8) })
    }

    @Test("ids equal as Strings are one client, spelled as first inserted, as a Dictionary keeps its first key")
    func stringEquality() {
        var index = ClientIndex()
        let decomposed = index.insert("Cafe\u{301}")
        let precomposed = index.insert("Caf\u{E9}")
        #expect(decomposed == precomposed && index.count == 1)
        #expect(Array(index.ids[0].unicodeScalars) == Array("Cafe\u{301}".unicodeScalars))
        #expect(index.number(of: "Caf\u{E9}") == 0 && index.number(of: "Cafe") == nil)
    }

    /// ASCII ids are numbered by their bytes until the first id that is not ASCII; every
    /// sequence must number as a Dictionary keyed by String does, before and after the switch.
    @Test("ids are numbered as a Dictionary numbers them, whether or not every id is ASCII (seeded sequences)",
          arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func sameAsDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Mostly ASCII; the Kelvin sign is equal as a String to the ASCII "K", "\u{E9}" to "e\u{301}".
        let plain = ["K", "K1", "C0001", "C00010", "c0001", "", "Kx", "A very long client name, Ltd"]
        let other = ["\u{212A}", "\u{212A}1", "Caf\u{E9}", "Cafe\u{301}", "\u{212A}x"]
        let switchAt = Int(random.next() % 200)
        var index = ClientIndex(), reference = [String: Int](), expectedIDs: [String] = []
        for step in 0..<400 {
            let pool = step < switchAt ? plain : plain + other
            let id = pool[Int(random.next() % UInt64(pool.count))]
            if random.next() % 3 == 0 {
                #expect(index.number(of: id) == reference[id], "number(of: \(id.debugDescription)) at step \(step)")
            } else {
                let expected = reference[id] ?? expectedIDs.count
                if reference[id] == nil {
                    reference[id] = expected
                    expectedIDs.append(id)
                }
                #expect(index.insert(id) == expected, "insert(\(id.debugDescription)) at step \(step)")
            }
        }
        #expect(index.count == expectedIDs.count)
        #expect(index.ids.map { Array($0.unicodeScalars) } == expectedIDs.map { Array($0.unicodeScalars) })
    }

    @Test("a Kelvin sign looked up among ASCII ids finds the ASCII K it equals")
    func kelvinSign() {
        var index = ClientIndex()
        #expect(index.insert("K1") == 0 && index.insert("C2") == 1)
        #expect(index.number(of: "\u{212A}1") == 0)
        #expect(index.insert("\u{212A}1") == 0 && index.insert("C3") == 2 && index.number(of: "C2") == 1)
        #expect(index.ids == ["K1", "C2", "C3"])
    }

    @Test("a client spelled two ways is one segment, spelled as the billing spells it; the feature table has one row for it")
    func segmentationJoinsSpellings() throws {
        let asOf = Day(year: 2025, month: 12, day: 31)!
        let day = Day(year: 2025, month: 6, day: 1)!
        var window = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        var ledger = ClientLedger(asOf: asOf)
        let line = BillingLine(clientID: "Cafe\u{301}", invoiceDate: day, amount: Money(minorUnits: 10_000), partner: "P")
        try window.add(line)
        try ledger.add(line)
        let surveys = SurveyTable([SurveyResponse(clientID: "Caf\u{E9}", responseDate: day, score: 10),
                                   SurveyResponse(clientID: "Cafe\u{301}", responseDate: day, score: 8)])
        var contacts = ContactFrequencyBuilder()
        contacts.add(ContactEvent(clientID: "Caf\u{E9}", contactDate: day, partner: "P"))
        let inputs = SegmentationInputs(asOf: asOf, trailingBilling: window, partnerBilling: ["Cafe\u{301}": ["P": Money(minorUnits: 10_000)]],
                                        history: ledger.history(), surveys: surveys, contacts: contacts)
        let segmentation = Segmentation(inputs)
        #expect(segmentation.clients.count == 1)
        let client = try #require(segmentation.clients.first)
        #expect(Array(client.clientID.unicodeScalars) == Array("Cafe\u{301}".unicodeScalars))
        #expect(client.loyalty == "promoter" && client.contacts12m == 1 && client.partners == 1 && client.keyPerson == "P")
        let table = ClientFeatureTable(asOf: asOf, contacts: contacts, surveys: surveys, billing: window, history: ledger.history())
        #expect(table.clientIDs.count == 1)
        #expect(table.column("mean_score") == [9] && table.column("contacts_per_year") == [1] && table.column("revenue_t12m") == [100])
    }

    @Test("NumberText.fixed: the digits of the whole and rounded fractional parts, zero-padded, sign only when not zero")
    func fixed() {
        #expect(NumberText.fixed(45, places: 1) == "45.0")
        #expect(NumberText.fixed(-0.04, places: 1) == "0.0")
        #expect(NumberText.fixed(-0.05, places: 1) == "-0.1")
        #expect(NumberText.fixed(0.000123, places: 6) == "0.000123")
        #expect(NumberText.fixed(9.9996, places: 3) == "10.000")
        #expect(NumberText.fixed(18_446_744_073_709_549_568.0, places: 15) == "18446744073709549568.000000000000000")
        #expect(NumberText.fixed(0, places: 0) == "0" && NumberText.fixed(0.5, places: 0) == "1" && NumberText.fixed(-2.5, places: 0) == "-3")
    }

    @Test("SVGChart.escape: text without & < > \" comes back as it is; a quote followed by a combining mark is one character, left alone")
    func escape() {
        #expect(SVGChart.escape("C00042: Core, score 8.5") == "C00042: Core, score 8.5")
        #expect(SVGChart.escape("a<b & \"c\">") == "a&lt;b &amp; &quot;c&quot;&gt;")
        #expect(SVGChart.escape("&\u{301} <") == "&\u{301} &lt;")
    }
}
