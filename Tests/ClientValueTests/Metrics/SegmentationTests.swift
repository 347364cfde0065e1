import Foundation
import Testing
@testable import ClientValue

/// A hand-worked firm, as of 2025-12-31:
///
/// | client | billing | surveys | contacts (last 12 months) |
/// |---|---|---|---|
/// | A | 800 in 2025 (P, Tax) + 200 in 2021 (Audit) | 10 in 2024; 6 and 5 in 2025 → detractor | 12, all with P |
/// | B | 150 in 2025 (Q, Tax) + 100 in 2023 | 9 and 9 in 2025 → promoter | 3: Q 2, R 1 |
/// | C | 50 on 2025-10-01 (P), its first | — | none |
/// | D | 300 in 2023 only | 8 in 2022 → passive | none |
/// | E | — | — | 2 (a prospect) |
///
/// Value (last 12 months) 800 / 150 / 50 → cumulative before each 0, 80%, 95% → tiers A, B, C;
/// D and E have none. Priorities: A 800 × (1 detractor + 0.3 key person) = 1040;
/// B 150 × (0.2 promoter + 0.3 under-contacted) = 75; C 50 × (0.4 not surveyed + 0.3
/// under-contacted + 0.3 key person: P holds all of its billing and it has no contacts) = 50.
@Suite("Segmentation")
struct SegmentationTests {
    static let asOf = Day(year: 2025, month: 12, day: 31)!
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }

    static func inputs() throws -> SegmentationInputs {
        let lines = [
            BillingLine(clientID: "A", invoiceDate: day(2025, 6, 1), amount: Money(minorUnits: 80_000), practiceArea: "Tax", partner: "P"),
            BillingLine(clientID: "A", invoiceDate: day(2021, 1, 10), amount: Money(minorUnits: 20_000), practiceArea: "Audit", partner: "P"),
            BillingLine(clientID: "B", invoiceDate: day(2025, 3, 1), amount: Money(minorUnits: 15_000), practiceArea: "Tax", partner: "Q"),
            BillingLine(clientID: "B", invoiceDate: day(2023, 2, 1), amount: Money(minorUnits: 10_000), practiceArea: "Tax", partner: "Q"),
            BillingLine(clientID: "C", invoiceDate: day(2025, 10, 1), amount: Money(minorUnits: 5_000), practiceArea: "Tax", partner: "P"),
            BillingLine(clientID: "D", invoiceDate: day(2023, 5, 1), amount: Money(minorUnits: 30_000), practiceArea: "Tax", partner: "Q"),
        ]
        var window = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        var ledger = ClientLedger(asOf: asOf)
        var partners: [String: [String: Money]] = [:]
        for line in lines {
            try window.add(line)
            try ledger.add(line)
            if window.window.contains(line.invoiceDate) {
                partners[line.clientID, default: [:]][line.partner ?? "", default: .zero] += line.amount
            }
        }
        let surveys = SurveyTable([
            SurveyResponse(clientID: "A", responseDate: day(2024, 5, 1), score: 10),
            SurveyResponse(clientID: "A", responseDate: day(2025, 5, 1), score: 6),
            SurveyResponse(clientID: "A", responseDate: day(2025, 5, 2), score: 5),
            SurveyResponse(clientID: "B", responseDate: day(2025, 4, 1), score: 9),
            SurveyResponse(clientID: "B", responseDate: day(2025, 4, 2), score: 9),
            SurveyResponse(clientID: "D", responseDate: day(2022, 4, 2), score: 8),
        ])
        var contacts = ContactFrequencyBuilder()
        for k in 1...12 { contacts.add(ContactEvent(clientID: "A", contactDate: day(2025, k, 10), partner: "P")) }
        contacts.add(ContactEvent(clientID: "B", contactDate: day(2025, 2, 1), partner: "Q"))
        contacts.add(ContactEvent(clientID: "B", contactDate: day(2025, 3, 1), partner: "Q"))
        contacts.add(ContactEvent(clientID: "B", contactDate: day(2025, 4, 1), partner: "R"))
        contacts.add(ContactEvent(clientID: "E", contactDate: day(2025, 9, 1), partner: "R"))
        contacts.add(ContactEvent(clientID: "E", contactDate: day(2025, 11, 1), partner: "R"))
        return SegmentationInputs(asOf: asOf, trailingBilling: window, partnerBilling: partners, history: ledger.history(),
                                  surveys: surveys, contacts: contacts)
    }

    static func segmentation(_ options: SegmentationOptions = SegmentationOptions()) throws -> [String: ClientSegment] {
        Dictionary(uniqueKeysWithValues: try Segmentation(inputs(), options: options).clients.map { ($0.clientID, $0) })
    }

    @Test("value tiers, loyalty and segments", arguments: [
        ("A", "A", "detractor", "At risk"), ("B", "B", "promoter", "Rising"), ("C", "C", "not surveyed", "Long tail"),
        ("D", "none", "passive", "Dormant"), ("E", "none", "not surveyed", "Dormant"),
    ])
    func tiersAndSegments(_ id: String, _ tier: String, _ loyalty: String, _ segment: String) throws {
        let client = try #require(try Self.segmentation()[id])
        #expect(client.valueTier == tier && client.loyalty == loyalty && client.segment == segment)
        #expect(!client.action.isEmpty)
    }

    @Test("relationship stages", arguments: [
        ("A", RelationshipStage.longTerm), ("B", .established), ("C", .new), ("D", .lapsing), ("E", .prospect),
    ])
    func stages(_ id: String, _ stage: RelationshipStage) throws {
        #expect(try Self.segmentation()[id]?.stage == stage)
    }

    @Test("key-person risk needs one partner with 80% of contacts and of billing")
    func keyPerson() throws {
        let clients = try Self.segmentation()
        #expect(clients["A"]?.keyPersonRisk == true && clients["A"]?.keyPerson == "P")
        #expect(clients["B"]?.keyPersonRisk == false)   // Q has 100% of billing but 67% of contacts
        #expect(clients["B"]?.partners == 2 && clients["A"]?.practiceAreas == 2)
        let strict = try Self.segmentation(SegmentationOptions(keyPersonShare: 0.6))
        #expect(strict["B"]?.keyPersonRisk == true && strict["B"]?.keyPerson == "Q")
    }

    @Test("the focus list ranks by value × risk, with the reasons")
    func focus() throws {
        let result = try Segmentation(Self.inputs())
        #expect(result.focus.map(\.clientID) == ["A", "B", "C"])
        #expect(result.focus.map(\.priority) == [1040, 75, 50])
        #expect(result.focus[2].reasons.contains("P holds 100% of billing"))
        let a = result.focus[0]
        #expect(a.reasons == ["A client: 800 billed in the last 12 months", "detractor in 2025 (mean score 5.5)", "P holds 100% of contacts and 100% of billing"])
        #expect(result.focus[1].reasons.contains("3 contacts in the last 12 months"))
        #expect(result.notAvailable == ["lifetime model"])
        #expect(result.segments.first?.segment == "At risk" && result.segments.first?.valueShare == 0.8)
    }

    @Test("a client in only one file still gets a category; missing files are named")
    func partialInputs() throws {
        let full = try Self.inputs()
        let surveysOnly = Segmentation(SegmentationInputs(asOf: Self.asOf, surveys: full.surveys))
        #expect(Set(surveysOnly.clients.map(\.clientID)) == ["A", "B", "D"])
        #expect(surveysOnly.clients.allSatisfy { $0.valueTier == "none" && $0.stage == nil })
        #expect(surveysOnly.notAvailable == ["billing", "contacts", "lifetime model"])
        #expect(surveysOnly.focus.isEmpty)
    }

    @Test("a JSON config overrides single segments and thresholds, keeping the other defaults")
    func config() throws {
        let json = #"{"key_person_share": 0.6, "segments": {"A-detractor": {"name": "Red alert", "action": "Call today"}}}"#
        let options = try JSONDecoder().decode(SegmentationOptions.self, from: Data(json.utf8))
        #expect(options.keyPersonShare == 0.6 && options.thresholds == ABCThresholds())
        #expect(options.segments["A-detractor"] == SegmentDefinition(name: "Red alert", action: "Call today"))
        #expect(options.segments["B-promoter"]?.name == "Rising")
        #expect(try Self.segmentation(options)["A"]?.segment == "Red alert")
    }
}
