import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

@Suite("CLI: segment")
struct SegmentCommandTests {
    static let sample = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData")

    @Test("on SampleData: segments and a focus list with checkable reasons (golden file)")
    func sampleData() throws {
        var run = runCLI(["segment", Self.sample.path, "--limit", "5"])
        run.stdout = run.stdout.replacingOccurrences(of: Self.sample.path + "/", with: "")
        #expect(run.code == 0)
        #expect(run.stderr.isEmpty)
        try Fixtures.expectGolden(run.stdout, "segment-sample.txt")
    }

    @Test("JSON has the documented fields for every client")
    func json() throws {
        let run = runCLI(["segment", Self.sample.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let clients = try #require(object["clients"] as? [[String: Any]])
        #expect(clients.count == 300)
        for key in ["client_id", "value_tier", "loyalty", "segment", "action", "stage", "partners", "practice_areas", "key_person_risk", "priority", "reasons"] {
            #expect(clients.contains { $0[key] != nil }, "clients[].\(key)")
        }
        #expect((object["segments"] as? [[String: Any]])?.first?["revenue_share"] != nil)
        #expect((object["focus"] as? [Any])?.isEmpty == false)
        #expect(object["not_available"] as? [String] == [])
    }

    @Test("usage errors", arguments: [
        (["segment"], "Error: No input: give a folder with billing.csv, surveys.csv or contacts.csv, or the files with --billing, --surveys, --contacts"),
        (["segment", "/nonexistent", "--surveys", "s.csv", "--value", "gold"], "Error: Invalid value 'gold' for '--value'; expected revenue or clv"),
        (["segment", "--surveys", "s.csv", "--value", "clv"], "Error: '--value clv' needs billing"),
        (["segment", "--surveys", "s.csv", "--key-person", "0.3"], "Error: Invalid value '0.3' for '--key-person'; expected a share above 0.5 and at most 1, such as 0.8"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let run = runCLI(arguments)
        #expect(run.code == 64)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message)
    }
}
