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
                                                                               plan: ParallelImport.Plan(minimumFileSize: 0, partCount: parts, blockSize: 32 * parts)))
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
                                                       plan: ParallelImport.Plan(minimumFileSize: 0, partCount: parts, blockSize: 32 * parts)) == nil)
        #expect(throws: ImportError.self) { try ContactFrequencyBuilder.read(.file(path: path), file: "contacts.csv", options: ImportOptions(),
                                                                              plan: ParallelImport.Plan(minimumFileSize: 0, partCount: parts, blockSize: 32 * parts)) }
    }

    /// "Café" written precomposed and decomposed are two byte strings but one `String`: the
    /// coded read keeps them apart while reading and must merge them into one client (and
    /// "Chloé" into one partner) rather than trap on a duplicate dictionary key.
    @Test("client and partner names equal as Strings but not as bytes become one client and one partner")
    func canonicallyEqualNames() throws {
        let text = "client_id,contact_date,channel,partner\nCaf\u{E9},2025-01-02,call,Chlo\u{E9}\nCafe\u{301},2025-02-02,call,Chloe\u{301}\nB,2025-03-01,,\n"
        let log = try ContactFrequencyBuilder.read(.memory(Array(text.utf8)), file: "contacts.csv")
        let asOf = try #require(Day(year: 2025, month: 6, day: 30))
        #expect(log.builder.trailingContacts(asOf: asOf) == ["Caf\u{E9}": 2, "B": 1])
        #expect(log.builder.partnersInContact(asOf: asOf) == ["Caf\u{E9}": 1])
        #expect(log.builder.partnerContactCounts(asOf: asOf) == ["Caf\u{E9}": ["Chlo\u{E9}": 2]])
        #expect(log.builder.frequency(asOf: asOf).clients == 2)
    }

    /// Found by the importers fuzz target in CI (Tests/Fuzz/findings/contacts-label-order.importers):
    /// Swift's `<` orders "Åx" and decomposed "Å" neither way, so partners sorted by it came
    /// out in dictionary order, which differs from run to run and between two builders with
    /// the same contacts. Labels now sort by code point: "A\u{30A}" (0x41…) before "Åx" (0xC3…).
    @Test("partners Åx and decomposed Å of one client come out in code point order however they were read", arguments: [1, 2, 3, 4, 5])
    func labelsInCodePointOrder(parts: Int) throws {
        let text = "client_id,contact_date,channel,partner\n\u{E9},2024-01-01,call,\u{C5}x\ne\u{301},2024-01-02,call,A\u{30A}\nC,2024-01-03,,\n"
        let events = try ImportedTable<ContactEvent>.read(.memory(Array(text.utf8))).records
        var added = ContactFrequencyBuilder(), reversed = ContactFrequencyBuilder()
        for event in events { added.add(event) }
        for event in events.reversed() { reversed.add(event) }
        let plan = parts == 1 ? ParallelImport.Plan.sequential : ParallelImport.Plan(minimumFileSize: 0, partCount: parts, blockSize: 32 * parts)
        let read = try ContactFrequencyBuilder.read(.memory(Array(text.utf8)), file: "contacts.csv", options: ImportOptions(), plan: plan).builder
        let asOf = try #require(added.latestContact)
        let frequency = read.frequency(asOf: asOf, threshold: 3)
        #expect(frequency == added.frequency(asOf: asOf, threshold: 3))
        #expect(frequency == reversed.frequency(asOf: asOf, threshold: 3))
        let client = try #require(frequency.years.first { $0.clientID == "\u{E9}" })
        #expect(client.byPartner.map { Array($0.label.utf8) } == [Array("A\u{30A}".utf8), Array("\u{C5}x".utf8)])
        #expect(frequency.years.map(\.clientID) == ["C", "\u{E9}"])
    }

    /// The coded read keeps no durations but rejects the rows ``ContactEvent`` rejects, so the
    /// `contacts` command and the typed import agree on what a bad row is.
    @Test("a negative duration is the same error, or the same rejected row, as the typed import's", arguments: [1, 2, 3])
    func negativeDuration(parts: Int) throws {
        let text = "client_id,contact_date,duration_minutes\nC1,2024-03-05,30\nC2,2024-03-06,-15\nC3,2024-03-07,\n"
        let plan = parts == 1 ? ParallelImport.Plan.sequential : ParallelImport.Plan(minimumFileSize: 0, partCount: parts, blockSize: 32 * parts)
        // A file, so that the parallel plans read it in parts.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contacts-duration-\(parts)-\(getpid()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let typed = #expect(throws: ImportError.self) { try ImportedTable<ContactEvent>.read(.file(path: path), file: "contacts.csv") }
        let coded = #expect(throws: ImportError.self) {
            try ContactFrequencyBuilder.read(.file(path: path), file: "contacts.csv", options: ImportOptions(), plan: plan)
        }
        #expect(coded == typed && coded?.position.line == 3 && coded?.columnName == "duration_minutes")
        let skipped = try ContactFrequencyBuilder.read(.file(path: path), file: "contacts.csv", options: ImportOptions(onError: .skip), plan: plan)
        #expect(skipped.builder.count == 2 && skipped.importSummary.rowsRejected == 1 && skipped.importSummary.rowsRead == 3)
    }

    /// Found by the importers fuzz target (Tests/Fuzz/findings/builder-index-contacts.importers).
    @Test("contacts per client and year, by channel and partner, in any order of events, equal a plain tally (seeded)", arguments: [UInt64(1), 2, 3, 4])
    func yearsEqualPlainTally(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let channels: [String?] = ["call", "meeting", "email", nil]
        let partners: [String?] = ["Ann Lee", "Bo Chen", "Cy Park", nil]
        // Days from before year 1 to 2040, a few clients; half the seeds shuffle the events.
        var events = (0..<3_000).map { _ in
            ContactEvent(clientID: "C\(random.uniform(below: 12))",
                         contactDate: Day(daysSince1970: Int32(random.uniform(below: 8)) == 0 ? -720_000 - Int32(random.uniform(below: 400))
                                                                                           : 15_000 + Int32(random.uniform(below: 9_000))),
                         channel: channels[Int(random.uniform(below: 4))], partner: partners[Int(random.uniform(below: 4))])
        }
        if seed % 2 == 0 {
            events.sort { ($0.clientID, $0.contactDate) < ($1.clientID, $1.contactDate) }
        }
        var builder = ContactFrequencyBuilder()
        for event in events { builder.add(event) }
        let years = builder.frequency(asOf: Day(year: 2040, month: 12, day: 31), threshold: 10).years

        struct Key: Hashable { var client: String, year: Int }
        var contacts: [Key: Int] = [:], byChannel: [Key: [String: Int]] = [:], byPartner: [Key: [String: Int]] = [:]
        for event in events {
            let key = Key(client: event.clientID, year: event.contactDate.year)
            contacts[key, default: 0] += 1
            byChannel[key, default: [:]][event.channel ?? "(none)", default: 0] += 1
            byPartner[key, default: [:]][event.partner ?? "(none)", default: 0] += 1
        }
        func ranked(_ counts: [String: Int]) -> [LabelCount] {
            counts.map { LabelCount(label: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : Array($0.label.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.label.unicodeScalars.map(\.value)) }
        }
        let expected = contacts.keys.sorted { $0.client != $1.client ? $0.client < $1.client : $0.year < $1.year }.map { key in
            ClientContactYear(clientID: key.client, year: key.year, contacts: contacts[key] ?? 0,
                              byChannel: ranked(byChannel[key] ?? [:]), byPartner: ranked(byPartner[key] ?? [:]),
                              distinctPartners: (byPartner[key] ?? [:]).keys.filter { $0 != "(none)" }.count)
        }
        #expect(years.contains { $0.year <= 0 })
        #expect(years == expected)
    }

    @Test("an event added after reading a file counts for the client read, not a new one")
    func addAfterRead() throws {
        let text = "client_id,contact_date,channel,partner\nC1,2025-01-02,call,Ann\n"
        var builder = try ContactFrequencyBuilder.read(.memory(Array(text.utf8))).builder
        builder.add(ContactEvent(clientID: "C1", contactDate: try #require(Day(year: 2025, month: 2, day: 1)), channel: "call", partner: "Ann"))
        let asOf = try #require(Day(year: 2025, month: 6, day: 30))
        #expect(builder.trailingContacts(asOf: asOf) == ["C1": 2])
        #expect(builder.partnerContactCounts(asOf: asOf) == ["C1": ["Ann": 2]])
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
