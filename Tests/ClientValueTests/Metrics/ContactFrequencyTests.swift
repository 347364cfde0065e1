import Foundation
import Testing
@testable import ClientValue

@Suite("ContactFrequencyBuilder")
struct ContactFrequencyTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleData/contacts.csv").path

    @Test("reading the export as codes gives the same answers as adding ContactEvents")
    func readEqualsAdd() throws {
        var added = ContactFrequencyBuilder()
        for event in try ImportedTable<ContactEvent>.read(.file(path: Self.sample)).records { added.add(event) }
        let read = try ContactFrequencyBuilder.read(.file(path: Self.sample))
        let asOf = Day(year: 2025, month: 6, day: 30)!
        #expect(read.builder.count == added.count && read.importSummary.rowsAccepted == added.count)
        #expect(read.builder.frequency(asOf: asOf) == added.frequency(asOf: asOf))
        #expect(read.builder.partnersInContact(asOf: asOf) == added.partnersInContact(asOf: asOf))
        #expect(read.builder.partnerContactCounts(asOf: asOf) == added.partnerContactCounts(asOf: asOf))
    }

    /// Worked by hand: A has contacts on 2024-07-01 (P, call), 2025-01-10 (P, email) and
    /// 2025-06-30 (Q, no channel); B one on 2024-06-30, just outside the window to 2025-06-30.
    @Test("trailing counts, days since the last contact, partners in contact and the below-threshold list")
    func handWorked() {
        var builder = ContactFrequencyBuilder()
        let day = { (y: Int, m: Int, d: Int) in Day(year: y, month: m, day: d)! }
        builder.add(ContactEvent(clientID: "A", contactDate: day(2024, 7, 1), channel: "call", partner: "P"))
        builder.add(ContactEvent(clientID: "A", contactDate: day(2025, 1, 10), channel: "email", partner: "P"))
        builder.add(ContactEvent(clientID: "A", contactDate: day(2025, 6, 30), partner: "Q"))
        builder.add(ContactEvent(clientID: "B", contactDate: day(2024, 6, 30), channel: "call"))
        let asOf = day(2025, 6, 30)
        #expect(builder.trailingContacts(asOf: asOf) == ["A": 3, "B": 0])
        #expect(builder.daysSinceLastContact(asOf: asOf) == ["A": 0, "B": 365])
        #expect(builder.partnersInContact(asOf: asOf) == ["A": 2])
        let frequency = builder.frequency(asOf: asOf, threshold: 3)
        #expect(frequency.belowThreshold.isEmpty)   // B has no contact in the window and no billing
        let a2025 = frequency.years.first { $0.clientID == "A" && $0.year == 2025 }
        #expect(a2025?.contacts == 2 && a2025?.distinctPartners == 2)
        #expect(a2025?.byChannel == [LabelCount(label: "(none)", count: 1), LabelCount(label: "email", count: 1)])
        var billing = ClientBillingWindow(trailingTwelveMonthsTo: asOf)
        try? billing.add(clientID: "C", date: day(2025, 3, 1), amount: Money(minorUnits: 500))
        let withBilling = builder.frequency(asOf: asOf, threshold: 4, billing: billing)
        #expect(withBilling.belowThreshold.map(\.clientID) == ["C", "A"])
        #expect(withBilling.belowThreshold[0].daysSinceLastContact == nil)
    }
}
