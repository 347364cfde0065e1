import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

/// What one in-process run of the CLI printed and returned.
struct CLIRun {
    var code: Int32
    var stdout: String
    var stderr: String
}

func runCLI(_ arguments: [String], stdin: String = "", stderrIsTerminal: Bool = false) -> CLIRun {
    let out = ByteSink(), err = ByteSink()
    let code = CLI.run(arguments: arguments, stdout: out, stderr: err, stdin: .memory(Array(stdin.utf8)),
                       stderrIsTerminal: stderrIsTerminal)
    return CLIRun(code: code, stdout: String(decoding: out.memory, as: UTF8.self), stderr: String(decoding: err.memory, as: UTF8.self))
}

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Compares `text` with the golden file `name`; with CLIENTVALUE_UPDATE_GOLDEN=1 in the
    /// environment, writes it instead (then read the diff before committing).
    static func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CLIENTVALUE_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "differs from golden file \(name)", sourceLocation: sourceLocation)
    }
}

@Suite("CLI: shell")
struct CLIShellTests {
    final class Result {}

    /// `clientvalue` runs with `exitsAfterward`, so a command's results are left for the exit
    /// to reclaim; a library user running the CLI in process (these tests) gets them freed.
    @Test("results are left for the exit only when the process exits afterward", arguments: [false, true])
    func leftForExit(exitsAfterward: Bool) {
        weak var left: Result?
        do {
            let result = Result()
            left = result
            CommandIO(stdout: ByteSink(), stderr: ByteSink(), stdin: .memory([]), exitsAfterward: exitsAfterward).leaveForExit(result)
        }
        #expect((left != nil) == exitsAfterward)
    }

    @Test("--version prints the version")
    func version() {
        let run = runCLI(["--version"])
        #expect(run.code == 0)
        #expect(run.stdout == "clientvalue \(CLI.version)\n")
    }

    @Test("no arguments and --help print the command list", arguments: [[], ["--help"], ["-h"], ["help"]])
    func mainHelp(_ arguments: [String]) {
        let run = runCLI(arguments)
        #expect(run.code == 0)
        #expect(run.stdout.hasPrefix("OVERVIEW: "))
        #expect(run.stdout.contains("  inspect "))
        #expect(run.stdout.contains("  sample "))
        #expect(run.stderr.isEmpty)
    }

    @Test("each command's --help has overview, usage, arguments, options and an example", arguments: ["clv", "contacts", "correlate", "firm", "inspect", "nps", "report", "sample", "segment", "wallet"])
    func commandHelp(_ command: String) {
        for flag in ["--help", "-h"] {
            let run = runCLI([command, flag])
            #expect(run.code == 0)
            #expect(run.stdout.hasPrefix("OVERVIEW: "))
            #expect(run.stdout.contains("\nUSAGE: clientvalue \(command)"))
            #expect(run.stdout.contains("\nOPTIONS:\n"))
            #expect(run.stdout.contains("\nEXAMPLES:\n  clientvalue \(command)"))
            #expect(run.stdout.contains("(default: "))
        }
        #expect(runCLI(["help", command]).stdout == runCLI([command, "--help"]).stdout)
    }

    @Test("inspect --help lists its argument")
    func inspectHelpArgument() {
        #expect(runCLI(["inspect", "--help"]).stdout.contains("ARGUMENTS:\n  <file>"))
    }

    struct UsageCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test("usage errors exit 64 with the message, usage line and a pointer to help", arguments: [
        UsageCase(arguments: ["frobnicate"], message: "Error: Unknown command 'frobnicate'"),
        UsageCase(arguments: ["inspect", "x.csv", "--frob"], message: "Error: Unknown option '--frob'"),
        UsageCase(arguments: ["inspect", "x.csv", "--format", "xml"], message: "Error: Invalid value 'xml' for '--format'; expected table, csv, json, markdown or html"),
        UsageCase(arguments: ["inspect", "x.csv", "--format"], message: "Error: Missing value for '--format <format>'"),
        UsageCase(arguments: ["inspect", "x.csv", "--date-order", "ymd"], message: "Error: Invalid value 'ymd' for '--date-order'; expected dmy or mdy"),
        UsageCase(arguments: ["inspect", "x.csv", "--kind", "invoices"], message: "Error: Invalid value 'invoices' for '--kind'; expected billing, surveys, contacts or wallet"),
        UsageCase(arguments: ["inspect", "a.csv", "b.csv"], message: "Error: Too many arguments; expected one file"),
        UsageCase(arguments: ["sample", "--clients", "0"], message: "Error: Invalid value '0' for '--clients'; expected a whole number from 1 to 10000000"),
        UsageCase(arguments: ["inspect", "x.csv", "--map", "score"], message: "Error: Invalid value 'score' for '--map'; expected field=Header, such as score=\"How likely...\""),
    ])
    func usageErrors(_ c: UsageCase) {
        let run = runCLI(c.arguments)
        #expect(run.code == 64)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == c.message)
        #expect(lines.count == 3)
        #expect(lines.dropFirst().first?.hasPrefix("Usage: clientvalue ") == true)
        #expect(lines.last?.contains("--help' for more information.") == true)
    }

    @Test("a file that does not exist is a data error naming it")
    func missingFile() {
        let run = runCLI(["inspect", "/nonexistent/billing.csv"])
        #expect(run.code == 1)
        #expect(run.stderr == "/nonexistent/billing.csv: error: cannot open file: No such file or directory\n")
    }
}

@Suite("CLI: inspect")
struct InspectCommandTests {
    @Test("on a malformed file, points at the right line and column and exits 1")
    func malformed() throws {
        let run = runCLI(["inspect", Fixtures.path("billing-with-errors.csv")])
        #expect(run.code == 1)
        let errors = run.stderr.split(separator: "\n").map { $0.split(separator: "/").last.map(String.init) ?? "" }
        #expect(errors == [
            "billing-with-errors.csv:4:6: error: expected 5 fields as in the header, found 6",
            "billing-with-errors.csv:5:2: error: column 'Invoice Date': \"2024-13-01\" is not a valid date; there is no month 13",
        ])
    }

    @Test("the table shows dialect, column mapping, inferred types, counts and errors (golden file)")
    func tableGolden() throws {
        let run = runCLI(["inspect", "-", "--kind", "billing"], stdin: try String(contentsOfFile: Fixtures.path("billing-with-errors.csv"), encoding: .utf8))
        #expect(run.code == 1)
        try Fixtures.expectGolden(run.stdout, "inspect-billing-with-errors.txt")
    }

    @Test("JSON output has snake_case fields (golden file)")
    func jsonGolden() throws {
        let run = runCLI(["inspect", "-", "--kind", "billing", "--format", "json"], stdin: try String(contentsOfFile: Fixtures.path("billing-with-errors.csv"), encoding: .utf8))
        try Fixtures.expectGolden(run.stdout, "inspect-billing-with-errors.json")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["rows_read"] as? Int == 5)
        #expect(object?["rows_accepted"] as? Int == 3)
        #expect(object?["rows_rejected"] as? Int == 2)
    }

    @Test("--rows --format json prints every field as parsed, header first")
    func rowsJSON() {
        let run = runCLI(["inspect", "-", "--rows", "--format", "json"], stdin: "a;b\r\n\"x;1\";\"say \"\"hi\"\"\"\r\n\"l1\nl2\";\n")
        #expect(run.code == 0)
        #expect(run.stdout == "{\"rows\": [\n  [\"a\", \"b\"],\n  [\"x;1\", \"say \\\"hi\\\"\"],\n  [\"l1\\nl2\", \"\"]\n]}\n")
    }

    @Test("--rows --format json on a CSV error prints the error as JSON and on stderr, exit 1")
    func rowsJSONError() {
        let run = runCLI(["inspect", "-", "--rows", "--format", "json"], stdin: "a,b\n1,2\n3,x\"y\n")
        #expect(run.code == 1)
        #expect(run.stdout == "{\"error\": {\"line\": 3, \"column\": 2, \"kind\": \"quote_in_unquoted_field\", \"message\": \"column 'b': unexpected '\\\"' inside an unquoted field; expected the field to be quoted with \\\"\\\" for a literal quote (found \\\"\\\"y\\\")\"}}\n")
        #expect(run.stderr == "<stdin>:3:2: error: column 'b': unexpected '\"' inside an unquoted field; expected the field to be quoted with \"\" for a literal quote (found \"\"y\")\n")
    }

    @Test("--rejects writes every bad row unchanged with its reason, and good rows are all counted")
    func rejects() throws {
        let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("cv-rejects-\(UInt32.random(in: 0...UInt32.max)).csv").path
        defer { try? FileManager.default.removeItem(atPath: rejects) }
        let run = runCLI(["inspect", Fixtures.path("billing-with-errors.csv"), "--rejects", rejects, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["rows_accepted"] as? Int == 3)
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written == """
        client_id,Invoice Date,amount,partner,office,rejected_line,rejected_because
        C2,2024-01-09,12,3x,Bo Chen,Paris,4,"expected 5 fields as in the header, found 6"
        C3,2024-13-01,50.00,Cy Diaz,Paris,5,"column 'Invoice Date': ""2024-13-01"" is not a valid date; there is no month 13"

        """)
    }

    @Test("a header missing a required column: the error, the columns that do map, exit 1")
    func missingColumn() throws {
        let run = runCLI(["inspect", "-", "--kind", "billing", "--format", "json"], stdin: "client,amount\nC1,5\n")
        #expect(run.code == 1)
        #expect(run.stderr == "<stdin>:1:1: error: missing required column 'invoice_date'; found 'client', 'amount' (map one with --map invoice_date=\"Header\")\n")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["missing_columns"] as? [String] == ["invoice_date"])
        let columns = object?["columns"] as? [[String: Any]]
        #expect(columns?.map { $0["field"] as? String } == ["client_id", "amount"])
        #expect(columns?.map { $0["inferred_type"] as? String } == ["text", "integer"])
    }

    @Test("a semicolon file with a decimal comma reads with --decimal-comma")
    func decimalComma() throws {
        let input = "sep=;\nKunde;Datum;Betrag\nC1;05.03.2024;1.234,50 €\n"
        let mapping = ["--map", "client_id=Kunde", "--map", "invoice_date=Datum", "--map", "amount=Betrag"]
        let run = runCLI(["inspect", "-", "--kind", "billing", "--decimal-comma", "--date-order", "dmy", "--format", "json"] + mapping, stdin: input)
        #expect(run.code == 0, "\(run.stderr)")
        let failing = runCLI(["inspect", "-", "--kind", "billing", "--date-order", "dmy"] + mapping, stdin: input)
        #expect(failing.code == 1)
        #expect(failing.stderr.contains("give --decimal-comma"))
    }
}

@Suite("CLI: sample")
struct SampleCommandTests {
    @Test("writes the four files into the folder and lists their rows")
    func writes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cv-sample-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = runCLI(["sample", "--clients", "20", "--seed", "7", "--out", directory])
        #expect(run.code == 0, "\(run.stderr)")
        for name in ["billing.csv", "surveys.csv", "contacts.csv", "wallet.csv"] {
            #expect(FileManager.default.fileExists(atPath: directory + "/" + name))
            #expect(run.stdout.contains(name))
        }
        let again = runCLI(["sample", "--clients", "20", "--seed", "7", "--out", directory + "-2"])
        defer { try? FileManager.default.removeItem(atPath: directory + "-2") }
        #expect(again.code == 0)
        let first = FileManager.default.contents(atPath: directory + "/billing.csv")
        let second = FileManager.default.contents(atPath: directory + "-2/billing.csv")
        #expect(first != nil && first == second)
    }

    @Test("--only writes one file, into the folder or with --out - to standard output, with the same bytes")
    func onlyOneFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cv-only-\(UInt32.random(in: 0...UInt32.max))").path
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: directory + "-surveys")
        }
        #expect(runCLI(["sample", "--clients", "40", "--seed", "3", "--out", directory]).code == 0)
        let surveys = FileManager.default.contents(atPath: directory + "/surveys.csv")
        let piped = runCLI(["sample", "--clients", "40", "--seed", "3", "--only", "surveys", "--out", "-"])
        #expect(piped.code == 0 && piped.stderr.isEmpty)
        #expect(surveys != nil && Data(piped.stdout.utf8) == surveys)
        let one = runCLI(["sample", "--clients", "40", "--seed", "3", "--only", "surveys.csv", "--out", directory + "-surveys"])
        #expect(one.code == 0)
        #expect(FileManager.default.contents(atPath: directory + "-surveys/surveys.csv") == surveys)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "-surveys") == ["surveys.csv"])
        #expect(one.stdout.contains("surveys.csv") && !one.stdout.contains("billing"))
    }

    @Test("--out - without --only, or an unknown --only, is a usage error", arguments: [
        (["sample", "--out", "-"], "Error: '--out -' writes one file to standard output; choose it with '--only', such as '--only surveys'"),
        (["sample", "--only", "invoices", "--out", "-"], "Error: Invalid value 'invoices' for '--only'; expected billing, surveys, contacts or wallet"),
    ])
    func onlyUsage(arguments: [String], message: String) {
        let run = runCLI(arguments)
        #expect(run.code == 64)
        #expect(run.stderr.hasPrefix(message + "\n"))
    }

    @Test("shows progress on stderr only when it is a terminal")
    func progress() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cv-progress-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let quiet = runCLI(["sample", "--clients", "2000", "--out", directory])
        #expect(quiet.stderr.isEmpty)
        let shown = runCLI(["sample", "--clients", "2000", "--out", directory], stderrIsTerminal: true)
        #expect(shown.stderr.contains("sample: 1000 of 2000 clients"))
        #expect(shown.stderr.hasSuffix("\r\u{1B}[K"))
        #expect(shown.stdout == quiet.stdout)
    }
}
