import ClientValue
import Foundation
import Testing

/// Every command's `--format json`, written by ClientValue's own encoder and by Foundation's
/// `JSONEncoder` with the same options: the bytes must be identical, so that replacing the
/// encoder for speed changed nothing a script could see.
@Suite("JSON output: the same bytes as JSONEncoder")
struct JSONOutputTests {
    static let sample = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData").path
    static func file(_ name: String) -> String { sample + "/" + name }

    static let runs: [[String]] = [
        ["nps", file("surveys.csv"), "--billing", file("billing.csv"), "--period", "year"],
        ["nps", file("surveys.csv"), "--by", "partner", "--level", "client", "--bootstrap", "50", "--seed", "3"],
        ["clv", file("billing.csv")],
        ["clv", file("billing.csv"), "--model", "auto", "--calibration-end", "2024-12-31", "--holdout-end", "2025-12-31", "--historical"],
        ["clv", file("billing.csv"), "--model", "pareto-nbd", "--alive-at", "2026-06-30"],
        ["clv", file("billing.csv"), "--model", "bgbb"],
        ["clv", file("billing.csv"), "--model", "sbg"],
        ["wallet", file("billing.csv"), file("wallet.csv")],
        ["firm", file("billing.csv")],
        ["contacts", file("contacts.csv"), "--billing", file("billing.csv")],
        ["correlate", "--contacts", file("contacts.csv"), "--surveys", file("surveys.csv"), "--billing", file("billing.csv"), "--matrix"],
        ["segment", "--billing", file("billing.csv"), "--surveys", file("surveys.csv"), "--contacts", file("contacts.csv")],
        ["inspect", file("billing.csv")],
    ]

    @Test("each command's JSON", arguments: runs)
    func sameBytes(_ arguments: [String]) {
        let ours = runCLI(arguments + ["--format", "json"])
        let foundation = JSONReferenceEncoding.$encode.withValue({ value, converting in
            let encoder = JSONEncoder()
            if converting { encoder.keyEncodingStrategy = .convertToSnakeCase }
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        }) {
            runCLI(arguments + ["--format", "json"])
        }
        #expect(ours.code == 0, "\(ours.stderr)")
        #expect(ours.stdout.count > 100)
        #expect(ours.stdout == foundation.stdout)
        #expect(ours.stderr == foundation.stderr)
    }
}
