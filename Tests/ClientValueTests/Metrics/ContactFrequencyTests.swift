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

    @Test("the export read in 2, 3 and 7 parts is the builder read from start to end", arguments: [2, 3, 7])
    func parallelRead(parts: Int) throws {
        // The sample, with quoted values, a CRLF file's line ends and a bad row added.
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
            .replacingOccurrences(of: "Benjamin Okafor", with: "\"Okafor, Benjamin\"")
            .replacingOccurrences(of: ",lunch,", with: ",\"lunch\nwith client\",")
        for (variant, body) in [("lf", text), ("crlf", text.replacingOccurrences(of: "\n", with: "\r\n"))] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("contacts-\(variant)-\(parts).csv").path
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let sequential = try ContactFrequencyBuilder.read(.file(path: path), file: "contacts.csv", options: ImportOptions(), plan: .sequential)
            let parallel = try #require(ContactFrequencyBuilder.readInParallel(.file(path: path), file: "contacts.csv", options: ImportOptions(),
                                                                               plan: ParallelImport.Plan(minimumFileSize: 0, partCount: parts)))
            #expect(parallel.builder == sequential.builder)
            #expect(parallel.importSummary == sequential.importSummary)
            #expect(sequential.builder.count == 9843)
        }
        // A bad row: no parallel result, and the public read gives the sequential error.
        let bad = text.replacingOccurrences(of: "C00001,2021-02-28", with: "C00001,2021-02-31")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contacts-bad-\(parts).csv").path
        try bad.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(ContactFrequencyBuilder.readInParallel(.file(path: path), file: "contacts.csv", options: ImportOptions(),
                                                       plan: ParallelImport.Plan(minimumFileSize: 0, partCount: parts)) == nil)
        #expect(throws: ImportError.self) { try ContactFrequencyBuilder.read(.file(path: path), file: "contacts.csv", options: ImportOptions(),
                                                                              plan: ParallelImport.Plan(minimumFileSize: 0, partCount: parts)) }
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
