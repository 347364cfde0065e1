import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

/// `clientvalue report` on the small firm in Fixtures/report (billing, surveys and contacts of
/// five clients, as of 2024-12-31).
@Suite("CLI: report")
struct ReportCommandTests {
    static let folder = Fixtures.directory.appendingPathComponent("report")

    static func run() throws -> (CLIRun, String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("clientvalue-report-\(getpid())-\(UUID().uuidString).html").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var run = runCLI(["report", folder.path, "--as-of", "2024-12-31", "--out", out])
        let html = try String(contentsOfFile: out, encoding: .utf8).replacingOccurrences(of: folder.path + "/", with: "")
        run.stdout = run.stdout.replacingOccurrences(of: out, with: "report.html")
        return (run, html)
    }

    @Test("the HTML page and the terminal summary (golden files), byte for byte the same on every run")
    func golden() throws {
        let (run, html) = try Self.run()
        #expect(run.code == 0)
        #expect(run.stderr.isEmpty)
        try Fixtures.expectGolden(html, "report.html")
        try Fixtures.expectGolden(run.stdout, "report-summary.txt")
        #expect(try Self.run().1 == html)
    }

    @Test("the page is self-contained: no scripts, nothing from the network, every chart titled")
    func selfContained() throws {
        let html = try Self.run().1
        #expect(!html.contains("<script"))
        // The only URL is the SVG namespace.
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "http") == nil)
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"))
        let charts = html.components(separatedBy: "<svg ").count - 1
        #expect(charts == 6)
        // Each chart opens with its title and its text alternative.
        #expect(html.components(separatedBy: "</title><desc>").count - 1 == charts)
        #expect(html.components(separatedBy: "<desc>").count - 1 == charts)
    }

    /// Every value from the input that the page shows goes through HTML escaping: client ids,
    /// partners and practice areas that carry markup render as text.
    @Test("client ids, partners and practice areas with markup render as text, never as markup")
    func escapesInput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-escape-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = "<script>alert(1)</script>"
        // The fixture firm with client A renamed, and its partner and practice area replaced.
        for name in ["billing.csv", "contacts.csv", "surveys.csv"] {
            var text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            text = text.replacingOccurrences(of: "\nA,", with: "\n\"\(hostile) & <b>A</b>\",")
                .replacingOccurrences(of: "Pat", with: "<img src=x onerror=alert(2)>")
                .replacingOccurrences(of: "Audit", with: "<iframe>")
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let out = folder.appendingPathComponent("report.html").path
        let run = runCLI(["report", folder.path, "--as-of", "2024-12-31", "--out", out])
        #expect(run.code == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<iframe") && !html.contains("<b>A"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
    }

    @Test("a folder with only surveys says what is missing")
    func missingInputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clientvalue-report-only-surveys-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("surveys.csv"), to: folder.appendingPathComponent("surveys.csv"))
        let out = folder.appendingPathComponent("r.html").path
        let run = runCLI(["report", folder.path, "--out", out])
        #expect(run.code == 0)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("Not available: needs billing.csv"))
        #expect(html.contains("Not available: needs contacts.csv and surveys.csv"))
    }

    @Test("no input is a usage error")
    func noInput() {
        let run = runCLI(["report", "/nonexistent-folder"])
        #expect(run.code == 64)
        #expect(run.stderr.hasPrefix("Error: No input: give a folder with billing.csv, surveys.csv or contacts.csv"))
    }
}
