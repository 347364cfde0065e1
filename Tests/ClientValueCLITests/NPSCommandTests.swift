import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

/// `clientvalue nps` on the hand-worked fixture of the library's NPSAnalysis tests
/// (Tests/ClientValueTests/Fixtures/nps-surveys.csv and nps-billing.csv).
@Suite("CLI: nps")
struct NPSCommandTests {
    static let libraryFixtures = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ClientValueTests/Fixtures")
    static let surveys = libraryFixtures.appendingPathComponent("nps-surveys.csv").path
    static let billing = libraryFixtures.appendingPathComponent("nps-billing.csv").path

    /// Runs `nps` on the fixture as of 2024-12-31, with file paths shortened to their names.
    static func run(_ arguments: [String], asOf: String = "2024-12-31") -> CLIRun {
        var run = runCLI(["nps", surveys, "--as-of", asOf] + arguments)
        run.stdout = run.stdout.replacingOccurrences(of: libraryFixtures.path + "/", with: "")
        run.stderr = run.stderr.replacingOccurrences(of: libraryFixtures.path + "/", with: "")
        return run
    }

    @Test("the table shows the level, scores with both intervals, the trend, incidents and follow-ups (golden file)")
    func tableByYear() throws {
        let run = Self.run(["--billing", Self.billing, "--period", "year"])
        #expect(run.code == 0)
        #expect(run.stderr.isEmpty)
        try Fixtures.expectGolden(run.stdout, "nps-by-year.txt")
    }

    @Test("markdown at client level by partner with a comparison (golden file)")
    func markdownClientLevel() throws {
        let run = Self.run(["--level", "client", "--by", "partner", "--compare", "year=2023,2024", "--format", "markdown"])
        #expect(run.code == 0)
        try Fixtures.expectGolden(run.stdout, "nps-client-by-partner.md")
    }

    @Test("JSON has the documented snake_case fields, every key present (golden file)")
    func json() throws {
        let run = Self.run(["--billing", Self.billing, "--level", "revenue-weighted", "--by", "Office", "--compare", "office=London,Paris", "--format", "json"])
        #expect(run.code == 0)
        try Fixtures.expectGolden(run.stdout, "nps-revenue-weighted.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "revenue-weighted")
        let overall = try #require(object["overall"] as? [String: Any])
        for key in ["responses", "promoters", "passives", "detractors", "nps", "standard_error", "ci95", "ci95_adjusted"] {
            #expect(overall[key] != nil, "overall.\(key)")
        }
        #expect((overall["nps"] as? Double).map { abs($0 - 83) < 1e-9 } == true)
        for key in ["groups", "comparison", "incidents", "follow_up"] { #expect(object[key] != nil, "\(key)") }
    }

    @Test("CSV is the score table, one row per group")
    func csv() {
        let run = Self.run(["--period", "year", "--format", "csv"])
        #expect(run.code == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "group,responses,promoters,passives,detractors,nps,standard_error,ci_low,ci_high,adjusted_low,adjusted_high,change,change_p_value")
        #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["overall", "2023", "2024"])
        #expect(lines[1].hasPrefix("overall,12,6,2,4,16.6667,25.90939,"))
    }

    @Test("a fiscal year starting in July labels periods FY...")
    func fiscalYear() {
        let run = Self.run(["--period", "year", "--fiscal-year-start", "jul", "--format", "csv"])
        #expect(run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["overall", "FY2023", "FY2024", "FY2025"])
    }

    @Test("the bootstrap adds its interval columns, the same for the same seed")
    func bootstrap() {
        let a = Self.run(["--bootstrap", "300", "--seed", "9", "--format", "csv"])
        #expect(a.stdout.hasPrefix("group,responses,promoters,passives,detractors,nps,standard_error,ci_low,ci_high,adjusted_low,adjusted_high,bootstrap_low,bootstrap_high\n"))
        #expect(a.stdout == Self.run(["--bootstrap", "300", "--seed", "9", "--format", "csv"]).stdout)
    }

    @Test("usage errors exit 64 with the message", arguments: [
        (["--level", "revenue-weighted"], "Error: '--level revenue-weighted' needs '--billing FILE'"),
        (["--level", "account"], "Error: Invalid value 'account' for '--level'; expected respondent, client or revenue-weighted"),
        (["--by", "Region"], "Error: no column 'Region' in the survey file; expected one of 'client_id', 'respondent', 'survey', 'partner', 'Office'"),
        (["--period", "decade"], "Error: Invalid value 'decade' for '--period'; expected month, quarter or year"),
        (["--compare", "year=2024"], "Error: Invalid value 'year=2024' for '--compare'; expected two values after '=', separated by a comma"),
        (["--confidence", "95"], "Error: Invalid value '95' for '--confidence'; expected a number between 0 and 1, such as 0.95"),
        (["--fiscal-year-start", "13"], "Error: Invalid value '13' for '--fiscal-year-start'; expected a month, 1-12 or jan...dec"),
        (["--map", "amount=Fee", "--map", "rating=X"], "Error: --map names field 'rating', which none of the files read"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let run = Self.run(arguments)
        #expect(run.code == 64)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message)
    }

    @Test("a bad --as-of date is a usage error")
    func badAsOf() {
        let run = runCLI(["nps", Self.surveys, "--as-of", "2024-02-30"])
        #expect(run.code == 64)
        #expect(run.stderr.hasPrefix("Error: Invalid value '2024-02-30' for '--as-of': "))
    }

    @Test("data problems exit 1 naming the file", arguments: [
        (["--as-of", "2020-01-01", "--by", "partner"], "nps-surveys.csv: error: no survey responses on or before the as-of date 2020-01-01"),
        (["--compare", "office=London,Berlin"], "nps-surveys.csv: error: no responses where office is 'Berlin' to compare"),
    ])
    func dataErrors(_ arguments: [String], _ message: String) {
        let run = arguments.first == "--as-of" ? Self.run(Array(arguments.dropFirst(2)), asOf: arguments[1]) : Self.run(arguments)
        #expect(run.code == 1)
        #expect(run.stderr == message + "\n")
    }

    @Test("a bad row stops the run with its position, or is skipped and counted")
    func badRows() throws {
        let csv = "client_id,response_date,score\nA,2024-01-01,9\nB,2024-01-02,11\nC,2024-01-03,3\n"
        let failed = runCLI(["nps", "-"], stdin: csv)
        #expect(failed.code == 1)
        #expect(failed.stderr == "<stdin>:3:3: error: column 'score': \"11\" is not a score from 0 to 10\n" || failed.stderr.hasPrefix("<stdin>:3:3: error: column 'score'"))
        let skipped = runCLI(["nps", "-", "--on-error", "skip", "--format", "csv"], stdin: csv)
        #expect(skipped.code == 0)
        #expect(skipped.stdout.split(separator: "\n")[1].hasPrefix("overall,2,1,0,1,0.0000,"))
        #expect(skipped.stderr == "<stdin>: 1 of 3 rows rejected\n")
    }

    @Test("standard input is analysed as it streams, with the same output as the file", arguments: [
        ["--billing", billing, "--period", "year"],
        ["--level", "client", "--by", "partner", "--compare", "year=2023,2024", "--format", "json"],
        ["--billing", billing, "--level", "revenue-weighted", "--passives", "--recent-months", "0", "--format", "markdown"],
    ])
    func standardInputStreams(arguments: [String]) throws {
        let fromFile = Self.run(arguments)
        let text = try String(contentsOfFile: Self.surveys, encoding: .utf8)
        var streamed = runCLI(["nps", "-", "--as-of", "2024-12-31"] + arguments, stdin: text)
        streamed.stdout = streamed.stdout.replacingOccurrences(of: Self.libraryFixtures.path + "/", with: "")
        #expect(streamed.code == 0 && fromFile.code == 0, "\(streamed.stderr)")
        #expect(streamed.stdout == fromFile.stdout.replacingOccurrences(of: "nps-surveys.csv", with: "<stdin>"))
    }
}
