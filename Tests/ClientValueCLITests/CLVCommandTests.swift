import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

/// `clientvalue clv` on the CDNOW transaction log written as a billing export
/// (Tests/ClientValueTests/Fixtures/cdnow/cdnow-billing.csv), observed to 1997-09-30 in weeks.
@Suite("CLI: clv")
struct CLVCommandTests {
    static let fixtures = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ClientValueTests/Fixtures/cdnow")
    static let billing = fixtures.appendingPathComponent("cdnow-billing.csv").path

    static func run(_ arguments: [String]) -> CLIRun {
        var run = runCLI(["clv", billing, "--as-of", "1997-09-30"] + arguments)
        run.stdout = run.stdout.replacingOccurrences(of: fixtures.path + "/", with: "")
        run.stderr = run.stderr.replacingOccurrences(of: fixtures.path + "/", with: "")
        return run
    }

    @Test("the table shows both fits, the spend selection, the top clients and the holdout check (golden file)")
    func table() throws {
        let run = Self.run(["--limit", "5", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30"])
        #expect(run.code == 0)
        #expect(run.stderr.isEmpty)
        try Fixtures.expectGolden(run.stdout, "clv-cdnow.txt")
    }

    @Test("JSON has the documented fields, T upper case, the published parameters and every client")
    func json() throws {
        let run = Self.run(["--format", "json"])
        #expect(run.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let model = try #require(object["model"] as? [String: Any])
        #expect(model["name"] as? String == "bgnbd")
        #expect(model["time_unit"] as? String == "week")
        #expect(model["converged"] as? Bool == true)
        let r = try #require(model["r"] as? Double), alpha = try #require(model["alpha"] as? Double)
        #expect((r * 1000).rounded() / 1000 == 0.243 && (alpha * 1000).rounded() / 1000 == 4.414)
        let spend = try #require(object["spend_model"] as? [String: Any])
        #expect(spend["name"] as? String == "gamma-gamma")
        #expect(spend["clients_used"] as? Int == 946)
        let clients = try #require(object["clients"] as? [[String: Any]])
        #expect(clients.count == 2357)
        for key in ["client_id", "frequency", "recency", "T", "monetary", "p_alive", "expected_purchases", "expected_spend", "clv"] {
            #expect(clients[0][key] != nil, "clients[0].\(key)")
        }
        #expect(object["total_clv"] as? Double != nil)
        #expect(object["holdout"] is NSNull)
        #expect(object["historical"] is NSNull)
    }

    @Test("--historical adds the ledger and the cohort table")
    func historical() throws {
        let run = Self.run(["--historical", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let history = try #require(object["historical"] as? [String: Any])
        let cohorts = try #require(history["cohorts"] as? [String: Any])
        #expect(cohorts["years"] as? [String] == ["1997"])
        let clients = try #require(history["clients"] as? [[String: Any]])
        #expect(clients.count == 2357)
        #expect(clients[0]["first_invoice"] as? String != nil)
    }

    @Test("CSV is the client table, highest value first")
    func csv() {
        let run = Self.run(["--format", "csv"])
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first == "client_id,frequency,recency,T,monetary,p_alive,expected_purchases,expected_spend,clv")
        #expect(lines.count == 2358)
        #expect(lines[1].hasPrefix("509,18,"))
    }

    @Test("a higher discount rate lowers the total")
    func discount() throws {
        func total(_ rate: String) throws -> Double {
            let run = Self.run(["--discount-monthly", rate, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return try #require(object["total_clv"] as? Double)
        }
        #expect(try total("0.02") < total("0.01"))
    }

    @Test("usage errors exit 64 with the message", arguments: [
        (["--time-unit", "year"], "Error: Invalid value 'year' for '--time-unit'; expected day, week or month"),
        (["--calibration-end", "1997-09-30"], "Error: '--calibration-end' and '--holdout-end' go together"),
        (["--margin", "1.5"], "Error: Invalid value '1.5' for '--margin'; expected a fraction from 0 to 1, or from-cost"),
        (["--horizon-months", "0"], "Error: Invalid value '0' for '--horizon-months'; expected a whole number from 1 to 1200"),
        (["--discount-monthly", "x"], "Error: Invalid value 'x' for '--discount-monthly'; expected a monthly rate such as 0.01"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let run = Self.run(arguments)
        #expect(run.code == 64)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message)
    }

    @Test("data problems exit 1 naming the file")
    func dataErrors() {
        let noCost = Self.run(["--margin", "from-cost"])
        #expect(noCost.code == 1)
        #expect(noCost.stderr == "cdnow-billing.csv: error: --margin from-cost needs a cost column with values\n")
        let oneClient = runCLI(["clv", "-"], stdin: "client_id,invoice_date,amount\nA,2024-01-01,10\n")
        #expect(oneClient.code == 1)
        #expect(oneClient.stderr.hasPrefix("<stdin>: error: BG/NBD: no client made a repeat purchase"))
    }
}

@Suite("CLI: clv --model")
struct CLVModelCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = CLVCommandTests.run(arguments + ["--format", "json"])
        #expect(run.code == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test("each continuous-time model names its parameters and gives standard errors", arguments: [
        ("bgnbd", ["r", "alpha", "a", "b"]), ("pareto-nbd", ["r", "alpha", "s", "beta"]), ("mbgnbd", ["r", "alpha", "a", "b"]),
    ])
    func continuous(model: String, parameters: [String]) throws {
        let object = try Self.json(["--model", model, "--limit", "3"])
        let fitted = try #require(object["model"] as? [String: Any])
        #expect(fitted["name"] as? String == model)
        for name in parameters + ["log_likelihood", "aic", "bic"] { #expect(fitted[name] as? Double != nil, "\(name)") }
        let errors = try #require(object["standard_errors"] as? [[String: Any]])
        #expect(errors.compactMap { $0["parameter"] as? String } == parameters)
        #expect(errors.allSatisfy { ($0["standard_error"] as? Double ?? 0) > 0 && ($0["ci95"] as? [Double])?.count == 2 })
        #expect(object["model_comparison"] is NSNull)
    }

    @Test("--model auto with a holdout compares the three and picks by holdout error")
    func auto() throws {
        let object = try Self.json(["--model", "auto", "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--limit", "1"])
        let comparison = try #require(object["model_comparison"] as? [String: Any])
        #expect(comparison["criterion"] as? String == "holdout MAE")
        #expect(comparison["chosen"] as? String == "pareto-nbd")
        #expect((comparison["models"] as? [[String: Any]])?.count == 3)
        #expect((object["model"] as? [String: Any])?["name"] as? String == "pareto-nbd")
        #expect((object["holdout"] as? [String: Any])?["mae"] as? Double != nil)
    }

    @Test("--alive-at adds each client's probability of being alive on that date, no more than today's")
    func aliveAt() throws {
        let object = try Self.json(["--alive-at", "1998-09-30", "--limit", "20"])
        #expect(object["alive_at"] as? String == "1998-09-30")
        let clients = try #require(object["clients"] as? [[String: Any]])
        for client in clients {
            let now = try #require(client["p_alive"] as? Double), later = try #require(client["p_alive_at"] as? Double)
            #expect(later <= now && later >= 0)
        }
    }

    @Test("--model bgbb and --model sbg value clients by year")
    func yearly() throws {
        // The sample firm's billing covers five years.
        let sample = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleData/billing.csv").path
        let bgbb = runCLI(["clv", sample, "--model", "bgbb", "--format", "json", "--limit", "2"])
        #expect(bgbb.code == 0, "\(bgbb.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bgbb.stdout.utf8)) as? [String: Any])
        #expect((object["model"] as? [String: Any])?["name"] as? String == "bgbb")
        let client = try #require((object["clients"] as? [[String: Any]])?.first)
        for key in ["client_id", "frequency", "recency", "periods", "probability_alive", "probability_alive_next_year", "expected_active_years", "clv"] {
            #expect(client[key] != nil, "\(key)")
        }
        let sbg = runCLI(["clv", sample, "--model", "sbg"])
        #expect(sbg.code == 0, "\(sbg.stderr)")
        #expect(sbg.stdout.contains("shifted-beta-geometric") && sbg.stdout.contains("Cohorts"))
    }

    @Test("model options that do not go together are usage errors", arguments: [
        ["--model", "tree"], ["--model", "sbg", "--alive-at", "1999-01-01"], ["--model", "bgbb", "--calibration-end", "1997-06-30", "--holdout-end", "1997-09-30"],
        ["--alive-at", "1997-01-01"],
    ])
    func usage(arguments: [String]) {
        let run = CLVCommandTests.run(arguments)
        #expect(run.code == 64)
        #expect(!run.stderr.isEmpty)
    }
}
