import ClientValue
import Foundation
import Testing
@testable import ClientValueCLI

/// `clientvalue wallet` and `clientvalue firm` on the bundled sample (SampleData, regenerated
/// and checked for drift by the sample tests).
@Suite("CLI: wallet and firm")
struct WalletAndFirmCommandTests {
    static let sample = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData")
    static let billing = sample.appendingPathComponent("billing.csv").path
    static let wallet = sample.appendingPathComponent("wallet.csv").path

    static func run(_ arguments: [String]) -> CLIRun {
        var run = runCLI(arguments)
        run.stdout = run.stdout.replacingOccurrences(of: sample.path + "/", with: "")
        run.stderr = run.stderr.replacingOccurrences(of: sample.path + "/", with: "")
        return run
    }

    @Test("wallet: headroom tables, shortfalls and shares (golden file)")
    func walletTable() throws {
        let run = Self.run(["wallet", Self.billing, Self.wallet, "--year", "2024", "--limit", "5"])
        #expect(run.code == 0)
        #expect(run.stderr.isEmpty)
        try Fixtures.expectGolden(run.stdout, "wallet-2024.txt")
    }

    @Test("wallet JSON has the documented fields")
    func walletJSON() throws {
        let run = Self.run(["wallet", Self.billing, Self.wallet, "--format", "json"])
        #expect(run.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let shares = try #require(object["shares"] as? [[String: Any]])
        #expect(shares.count == 297 && object["shares_total"] as? Int == 297)
        for key in ["client_id", "year", "revenue", "wallet", "share", "expected_share", "headroom", "gap", "source", "flag"] {
            #expect(shares.contains { $0[key] != nil }, "shares[].\(key)")
        }
        for key in ["by_partner", "by_practice_area", "largest_shortfalls", "over_wallet", "headroom", "inputs"] { #expect(object[key] != nil, "\(key)") }
    }

    @Test("firm: concentration, Pareto curve and rates (golden file)")
    func firmTable() throws {
        let run = Self.run(["firm", Self.billing, "--year", "2025", "--limit", "5"])
        #expect(run.code == 0)
        try Fixtures.expectGolden(run.stdout, "firm-2025.txt")
    }

    @Test("firm JSON has hhi, gini, top_shares and abc")
    func firmJSON() throws {
        let run = Self.run(["firm", Self.billing, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let concentration = try #require(object["concentration"] as? [String: Any])
        for key in ["hhi", "gini", "top_shares", "abc", "pareto", "class_of_client"] { #expect(concentration[key] != nil, "concentration.\(key)") }
        for key in ["by_client", "by_partner", "by_practice_area", "by_year", "clients_total"] { #expect(object[key] != nil, "\(key)") }
    }

    @Test("usage errors exit 64", arguments: [
        (["wallet", "a.csv"], "Error: Expected two files: the billing CSV and the wallet CSV"),
        (["wallet", "a.csv", "b.csv", "--by", "office"], "Error: Invalid value 'office' for '--by'; expected partner or practice_area"),
        (["firm", "a.csv", "--year", "24x"], "Error: Invalid value '24x' for '--year'; expected a year such as 2024"),
        (["firm", "a.csv", "--abc", "0.9,0.8"], "Error: Invalid value '0.9,0.8' for '--abc'; expected two shares a,b with 0 < a < b < 1, such as 0.8,0.95"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let run = runCLI(arguments)
        #expect(run.code == 64)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message)
    }

    @Test("a wallet row ranked above its number of providers is rejected with its position")
    func rankAboveProviders() {
        let run = runCLI(["wallet", Self.billing, "-"], stdin: "client_id,year,wallet_estimate,rank,providers\nC00003,2024,1000,5,4\n")
        #expect(run.code == 1)
        #expect(run.stderr == "<stdin>:2:4: error: column 'rank': \"5\" is above the number of providers, 4; the Wallet Allocation Rule needs 1 ≤ rank ≤ providers\n")
    }
}
