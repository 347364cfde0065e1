import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

@Suite("CLI: correlate and contacts")
struct CorrelateCommandTests {
    static let sample = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData")
    static func file(_ name: String) -> String { sample.appendingPathComponent(name).path }

    /// The twelve clients (Fixtures/twelve-clients.csv); the figures are scipy's.
    @Test("--table reproduces the issue's figures and explains them (golden file)")
    func twelveClients() throws {
        let run = runCLI(["correlate", "--table", Fixtures.path("twelve-clients.csv"), "--x", "contacts", "--y", "score", "--control", "revenue"])
        #expect(run.code == 0)
        #expect(run.stdout.contains("0.8682") && run.stdout.contains("0.586 to 0.963") && run.stdout.contains("0.9053")
                && run.stdout.contains("0.8106") && run.stdout.contains("-0.2700") && run.stdout.contains("0.4220"))
        try Fixtures.expectGolden(run.stdout.replacingOccurrences(of: Fixtures.directory.path + "/", with: ""), "correlate-twelve.txt")
    }

    @Test("JSON has the issue's shape: pairs with pearson {r, p, ci95}, spearman {rho, p}, kendall {tau_b, p}, partial {control, r, p}")
    func json() throws {
        let run = runCLI(["correlate", "--table", Fixtures.path("twelve-clients.csv"), "--x", "contacts", "--y", "score", "--control", "revenue",
                          "--matrix", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let pair = try #require((object["pairs"] as? [[String: Any]])?.first)
        #expect(pair["x"] as? String == "contacts" && pair["y"] as? String == "score" && pair["n"] as? Int == 12)
        let pearson = try #require(pair["pearson"] as? [String: Any])
        #expect(abs((pearson["r"] as? Double ?? 0) - 0.868171446997965) < 1e-9)
        #expect((pearson["ci95"] as? [Double])?.count == 2)
        #expect(abs(((pair["spearman"] as? [String: Any])?["rho"] as? Double ?? 0) - 0.9052588148095226) < 1e-9)
        #expect(abs(((pair["kendall"] as? [String: Any])?["tau_b"] as? Double ?? 0) - 0.8106097227429263) < 1e-9)
        let partial = try #require(pair["partial"] as? [String: Any])
        #expect(partial["control"] as? [String] == ["revenue"])
        #expect(abs((partial["r"] as? Double ?? 0) - -0.2699932432887013) < 1e-9)
        let matrix = try #require(object["matrix"] as? [String: Any])
        #expect(matrix["features"] as? [String] == ["contacts", "score", "revenue"])
    }

    @Test("client features joined from the sample files, with n per pair")
    func features() throws {
        let run = runCLI(["correlate", "--contacts", Self.file("contacts.csv"), "--surveys", Self.file("surveys.csv"), "--billing", Self.file("billing.csv"),
                          "--format", "json"])
        #expect(run.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        #expect(pairs.map { $0["y"] as? String } == ["mean_score", "revenue_t12m"])
        #expect(pairs.allSatisfy { ($0["n"] as? Int ?? 0) > 50 })
    }

    @Test("contacts: clients below the threshold, largest billing first (golden file)")
    func contacts() throws {
        var run = runCLI(["contacts", Self.file("contacts.csv"), "--billing", Self.file("billing.csv"), "--limit", "5"])
        run.stdout = run.stdout.replacingOccurrences(of: Self.sample.path + "/", with: "")
        #expect(run.code == 0)
        try Fixtures.expectGolden(run.stdout, "contacts-below.txt")
    }

    @Test("usage and data errors", arguments: [
        (["correlate"], 64, "Error: Give at least one of --contacts, --surveys and --billing, or --table"),
        (["correlate", "--table", "x.csv", "--x", "a"], 64, "Error: '--table' needs --x and --y naming its columns"),
        (["correlate", "--surveys", "x.csv", "--wallet", "w.csv"], 64, "Error: '--wallet' needs '--billing'"),
        (["correlate", "--table", "x.csv", "--x", "a", "--y", "b", "--method", "tau"], 64,
         "Error: Invalid value 'tau' for '--method'; expected pearson, spearman, kendall or all"),
    ])
    func errors(_ arguments: [String], _ code: Int32, _ message: String) {
        let run = runCLI(arguments)
        #expect(run.code == code)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message)
    }

    /// `Double(_:)` reads all of these; a feature table's cell holding one is a slip.
    @Test("hexadecimal, nan, inf and numbers beyond Double are not numbers", arguments: ["0x10", "0X1p3", "nan", "NaN", "inf", "-infinity", "1e400", "1.2.3", "--5", "e5"])
    func notNumbers(_ cell: String) {
        let run = runCLI(["correlate", "--table", "-", "--x", "a", "--y", "b"], stdin: "a,b\n1,2\n2,\(cell)\n3,4\n")
        #expect(run.code == 1)
        #expect(run.stderr == "<stdin>: error: line 3, column 'b': \"\(cell)\" is not a number\n")
    }

    @Test("decimal numbers with a sign or an exponent are read", arguments: [("+2", 2.0), ("2.5e0", 2.5), ("25E-1", 2.5), (".5", 0.5), ("-0.5e1", -5.0)])
    func numbersWithExponents(_ cell: String, _ value: Double) throws {
        let run = runCLI(["correlate", "--table", "-", "--x", "a", "--y", "b", "--format", "json"], stdin: "a,b\n1,1\n2,\(cell)\n3,3\n4,4\n")
        #expect(run.code == 0)
        // The same table with the value written plainly gives the same coefficient.
        let plain = runCLI(["correlate", "--table", "-", "--x", "a", "--y", "b", "--format", "json"], stdin: "a,b\n1,1\n2,\(value)\n3,3\n4,4\n")
        #expect(run.stdout == plain.stdout)
        #expect(run.stdout.contains("\"n\" : 4"))
    }

    @Test("a value that is not a number is an error with its place; an empty one is left out")
    func badNumber() {
        let bad = runCLI(["correlate", "--table", "-", "--x", "a", "--y", "b"], stdin: "a,b\n1,2\n2,x\n3,4\n")
        #expect(bad.code == 1)
        #expect(bad.stderr == "<stdin>: error: line 3, column 'b': \"x\" is not a number\n")
        let gap = runCLI(["correlate", "--table", "-", "--x", "a", "--y", "b", "--format", "json"], stdin: "a,b\n1,2\n2,\n3,4\n4,3\n")
        #expect(gap.code == 0 && gap.stdout.contains("\"n\" : 3"))
    }
}

@Suite("plainDecimal")
struct PlainDecimalTests {
    @Test("seeded property: equals Double(text) for plain decimals, and declines anything else")
    func matchesDouble() {
        var random = SplitMix64(seed: 31)
        for _ in 0..<5000 {
            let whole = random.uniform(below: 10_000_000), fraction = random.uniform(below: 100_000_000)
            let places = Int(random.uniform(below: 8))
            var text = String(whole)
            if places > 0 { text += "." + String(String(fraction).prefix(places)) }
            if random.uniform(below: 2) == 0 { text = "-" + text }
            let parsed = Array(text.utf8).withUnsafeBufferPointer { plainDecimal($0) }
            #expect(parsed == Double(text), "\(text)")
        }
        for text in ["", "-", ".", "1e5", " 1", "1,5", "1.2.3", "12345678901234567"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { plainDecimal($0) } == nil, "\(text)")
        }
    }
}
