import Foundation
import Testing
@testable import ClientValue

@Suite("SampleGenerator")
struct SampleGeneratorTests {
    /// The default sample, generated once for the whole suite.
    static let defaultFiles = SampleGenerator.generate(options: SampleOptions())

    // MARK: - Determinism

    @Test("the same options give byte-identical files")
    func sameSeedSameBytes() {
        let options = SampleOptions(clients: 60, seed: 7)
        let first = SampleGenerator.generate(options: options)
        let second = SampleGenerator.generate(options: options)
        #expect(first.keys.sorted() == ["billing.csv", "contacts.csv", "surveys.csv", "wallet.csv"])
        #expect(first == second)
    }

    @Test("a different seed gives different files")
    func differentSeedDifferentBytes() {
        let first = SampleGenerator.generate(options: SampleOptions(clients: 60, seed: 7))
        let second = SampleGenerator.generate(options: SampleOptions(clients: 60, seed: 8))
        for name in SampleGenerator.fileNames {
            #expect(first[name] != second[name], "\(name)")
        }
    }

    @Test("a small sample is the start of a larger one with the same seed")
    func smallSampleIsPrefix() {
        let small = SampleGenerator.generate(options: SampleOptions(clients: 20))
        let large = SampleGenerator.generate(options: SampleOptions(clients: 45))
        for name in SampleGenerator.fileNames {
            let s = small[name] ?? [], l = large[name] ?? []
            #expect(l.count > s.count && Array(l.prefix(s.count)) == s, "\(name)")
        }
    }

    @Test("SampleData/*.csv are the default sample, byte for byte", arguments: SampleGenerator.fileNames)
    func committedSampleData(name: String) throws {
        let path = Self.packageRoot + "/SampleData/" + name
        let data = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
        let expected = try #require(Self.defaultFiles[name])
        #expect([UInt8](data) == expected,
                "\(name) is stale: regenerate with `swift run clientvalue sample --out SampleData`")
    }

    @Test("write(options:to:) writes the same bytes as generate and counts the rows")
    func writeMatchesGenerate() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("SampleGeneratorTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let options = SampleOptions(clients: 40, seed: 3, startYear: 2019, years: 3)
        let summary = try SampleGenerator.write(options: options, to: directory)
        let files = SampleGenerator.generate(options: options)
        #expect(summary.files == SampleGenerator.fileNames.map { directory + "/" + $0 })
        for (path, name) in zip(summary.files, SampleGenerator.fileNames) {
            let data = try #require(FileManager.default.contents(atPath: path))
            #expect([UInt8](data) == files[name], "\(name)")
        }
        #expect(summary.clients == 40)
        #expect(summary.billingLines == (try rows(of: files, "billing.csv").rows.count))
        #expect(summary.surveyResponses == (try rows(of: files, "surveys.csv").rows.count))
        #expect(summary.contacts == (try rows(of: files, "contacts.csv").rows.count))
        #expect(summary.walletRows == (try rows(of: files, "wallet.csv").rows.count))
    }

    @Test("write(options:to:) into a missing directory throws OutputError")
    func writeToMissingDirectory() {
        let error = #expect(throws: OutputError.self) {
            try SampleGenerator.write(options: SampleOptions(clients: 1), to: "/nonexistent/sample-\(UUID().uuidString)")
        }
        #expect(error?.path.hasSuffix("billing.csv") == true)
    }

    @Test("options out of range are clamped, not trapped")
    func clampedOptions() throws {
        let files = SampleGenerator.generate(options: SampleOptions(clients: -5, years: 0))
        let billing = try rows(of: files, "billing.csv")
        #expect(billing.header == SampleGenerator.billingHeader)
        #expect(billing.rows.isEmpty)
        let oneYear = SampleGenerator.generate(options: SampleOptions(clients: 30, startYear: 2020, years: 1))
        for row in try rows(of: oneYear, "contacts.csv").rows {
            #expect(row[1].hasPrefix("2020-"))
        }
    }

    // MARK: - Structure

    @Test("every file has its header and reads back with the right field counts")
    func headersAndFieldCounts() throws {
        let expected = [
            "billing.csv": SampleGenerator.billingHeader, "surveys.csv": SampleGenerator.surveysHeader,
            "contacts.csv": SampleGenerator.contactsHeader, "wallet.csv": SampleGenerator.walletHeader,
        ]
        #expect(SampleGenerator.billingHeader.joined(separator: ",")
            == "invoice_id,client_id,client_name,invoice_date,amount,cost,collected,standard_value,currency,practice_area,partner,office")
        #expect(SampleGenerator.surveysHeader.joined(separator: ",")
            == "client_id,respondent,response_date,score,survey,partner,comment")
        #expect(SampleGenerator.contactsHeader.joined(separator: ",")
            == "client_id,contact_date,channel,partner,duration_minutes")
        #expect(SampleGenerator.walletHeader.joined(separator: ",")
            == "client_id,year,wallet_estimate,reported_share,rank,providers")
        for name in SampleGenerator.fileNames {
            let table = try rows(of: Self.defaultFiles, name)  // the reader throws on a wrong field count
            #expect(table.header == expected[name])
            #expect(!table.rows.isEmpty, "\(name)")
            #expect(table.rows.allSatisfy { $0.count == table.header.count }, "\(name)")
        }
    }

    @Test("the default sample is small enough to commit")
    func defaultSize() {
        let total = Self.defaultFiles.values.reduce(0) { $0 + $1.count }
        #expect(total < 1_500_000)
        #expect(total > 500_000)
    }

    @Test("billing has credit notes, zero lines, partial collections and awkward client names")
    func billingContents() throws {
        let billing = try rows(of: Self.defaultFiles, "billing.csv").rows
        let amounts = billing.map { Double($0[4]) ?? .nan }
        #expect(!amounts.contains { $0.isNaN })
        let credits = amounts.filter { $0 < 0 }.count
        #expect(credits > billing.count / 100 && credits < billing.count / 30)  // about 2%
        #expect(amounts.contains(0))
        #expect(billing.contains { $0[2].contains(",") })
        #expect(billing.contains { $0[2].contains("\"") })
        #expect(billing.contains { Double($0[6])! < Double($0[4])! && Double($0[6])! > 0 })  // partly collected
        #expect(billing.allSatisfy { $0[8] == "USD" })
        #expect(Set(billing.map { $0[9] }).count == 6)
        #expect((8...12).contains(Set(billing.map { $0[10] }).count))
        #expect(Set(billing.map { $0[11] }).count >= 3)
        #expect(billing.allSatisfy { isISODate($0[3]) && $0[3] >= "2021-01-01" && $0[3] <= "2025-12-31" })
        // Several lines on one invoice.
        #expect(zip(billing, billing.dropFirst()).contains { $0[0] == $1[0] })
        // Amounts have exactly two decimals.
        #expect(billing.allSatisfy { $0[4].split(separator: ".").last?.count == 2 })
        // Mostly realised below standard value and costed below the amount.
        let positive = billing.filter { Double($0[4])! > 0 }
        #expect(positive.filter { Double($0[7])! >= Double($0[4])! }.count > positive.count * 8 / 10)
        #expect(positive.filter { Double($0[5])! < Double($0[4])! }.count > positive.count * 9 / 10)
    }

    @Test("surveys: 0-10 scores, about 60% of clients, comments with quotes, line breaks and formulas")
    func surveyContents() throws {
        let surveys = try rows(of: Self.defaultFiles, "surveys.csv").rows
        #expect(surveys.allSatisfy { Int($0[3]).map { (0...10).contains($0) } ?? false })
        let surveyed = Set(surveys.map { $0[0] }).count
        #expect(surveyed >= 150 && surveyed <= 210)  // ~60% of 300
        let comments = surveys.map { $0[6] }
        #expect(comments.contains { $0.contains("\n") })
        #expect(comments.contains { $0.contains("\"") && $0.contains(",") })
        #expect(comments.contains { $0.hasPrefix("'=") })  // neutralised by the writer
        #expect(comments.contains { $0.hasPrefix("'-") })
        #expect(comments.contains(""))
        let waves = Set(surveys.map { $0[4] })
        #expect(waves.isSuperset(of: ["2021 Annual", "2022 Annual", "2023 Annual", "2024 Annual", "2025 Annual", "Matter close"]))
        let perClient = Dictionary(grouping: surveys, by: { $0[0] })
        #expect(perClient.values.allSatisfy { Set($0.map { $0[1] }).count <= 4 })
        #expect(perClient.values.contains { Set($0.map { $0[1] }).count > 1 })
    }

    @Test("contacts: all channels, prospects without billing, frequency on both sides of 10 a year")
    func contactContents() throws {
        let contacts = try rows(of: Self.defaultFiles, "contacts.csv").rows
        let billed = Set(try rows(of: Self.defaultFiles, "billing.csv").rows.map { $0[1] })
        #expect(Set(contacts.map { $0[2] }) == ["meeting", "call", "email", "event", "lunch"])
        #expect(contacts.allSatisfy { $0[4].isEmpty == ($0[2] == "email") })
        #expect(!Set(contacts.map { $0[0] }).subtracting(billed).isEmpty)
        let perYear = contactsPerYear(contacts)
        #expect(perYear.values.filter { $0 < 5 }.count > 30)
        #expect(perYear.values.filter { $0 > 20 }.count > 30)
    }

    @Test("wallet: ranks within providers, some shares over 100%, reported shares as percents")
    func walletContents() throws {
        let wallet = try rows(of: Self.defaultFiles, "wallet.csv").rows
        var revenue: [String: Double] = [:]
        for row in try rows(of: Self.defaultFiles, "billing.csv").rows {
            revenue[row[1] + "/" + row[3].prefix(4), default: 0] += Double(row[4])!
        }
        for row in wallet {
            let rank = try #require(Int(row[4])), providers = try #require(Int(row[5]))
            #expect((1...6).contains(providers) && (1...providers).contains(rank))
            #expect(!row[2].isEmpty || !row[3].isEmpty)
            if !row[3].isEmpty {
                #expect(row[3].hasSuffix("%") && Int(row[3].dropLast()) != nil)
            }
        }
        let estimated = wallet.filter { !$0[2].isEmpty }
        let over = estimated.filter { revenue[$0[0] + "/" + $0[1], default: 0] > Double($0[2])! }.count
        #expect(over > 0 && over < estimated.count / 5)
        #expect(wallet.contains { $0[3].isEmpty })
    }

    @Test("clients contacted most score higher and spend more than those contacted least")
    func contactFrequencyGoesWithScoreAndRevenue() throws {
        let contacts = try rows(of: Self.defaultFiles, "contacts.csv").rows
        let surveys = try rows(of: Self.defaultFiles, "surveys.csv").rows
        var revenue: [String: Double] = [:]
        for row in try rows(of: Self.defaultFiles, "billing.csv").rows { revenue[row[1], default: 0] += Double(row[4])! }
        var scores: [String: [Double]] = [:]
        for row in surveys { scores[row[0], default: []].append(Double(row[3])!) }

        let perYear = contactsPerYear(contacts)
        let ranked = perYear.keys.filter { revenue[$0] != nil }.sorted { (perYear[$0]!, $0) < (perYear[$1]!, $1) }
        let quarter = ranked.count / 4
        let bottom = ranked.prefix(quarter), top = ranked.suffix(quarter)
        func meanScore<C: Collection>(_ clients: C) -> Double where C.Element == String {
            let means = clients.compactMap { scores[$0].map { $0.reduce(0, +) / Double($0.count) } }
            return means.reduce(0, +) / Double(means.count)
        }
        func meanRevenue<C: Collection>(_ clients: C) -> Double where C.Element == String {
            clients.reduce(0) { $0 + revenue[$1]! } / Double(clients.count)
        }
        #expect(quarter > 50)
        #expect(meanScore(top) > meanScore(bottom) + 0.5)
        #expect(meanRevenue(top) > 2 * meanRevenue(bottom))
    }

    // MARK: - Helpers

    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Sample, ClientValueTests, Tests, file
        return url.path
    }()

    private func rows(of files: [String: [UInt8]], _ name: String) throws -> (header: [String], rows: [[String]]) {
        let reader = try CSVReader(.memory(files[name] ?? []), file: name)
        var rows: [[String]] = []
        while try reader.next() { rows.append(reader.record) }
        return (reader.header, rows)
    }

    /// Contacts per client divided by the number of calendar years with a contact.
    private func contactsPerYear(_ contacts: [[String]]) -> [String: Double] {
        var count: [String: Int] = [:]
        var years: [String: Set<Substring>] = [:]
        for row in contacts {
            count[row[0], default: 0] += 1
            years[row[0], default: []].insert(row[1].prefix(4))
        }
        return count.mapValues { Double($0) }.merging(years.mapValues { Double($0.count) }) { $0 / $1 }
    }

    private func isISODate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) }
    }

    // MARK: - SplitMix64

    @Suite("SplitMix64")
    struct SplitMix64Tests {
        @Test("matches the reference outputs of SplitMix64 for seed 0")
        func referenceValues() {
            var rng = SplitMix64(seed: 0)
            #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
            #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
            #expect(rng.next() == 0x06C4_5D18_8009_454F)
            var other = SplitMix64(seed: 42)
            #expect(other.next() == 0xBDD7_3226_2FEB_6E95)
        }

        @Test("uniform helpers stay in range and reach both ends")
        func uniformRanges() {
            var rng = SplitMix64(seed: 1)
            var seen = Set<Int>()
            for _ in 0..<2_000 {
                let value = rng.uniform(-3...3)
                #expect((-3...3).contains(value))
                seen.insert(value)
                let d = rng.nextDouble()
                #expect(d >= 0 && d < 1)
                let u = rng.uniform(2.5 ..< 4.0)
                #expect(u >= 2.5 && u < 4.0)
                #expect(rng.uniform(below: 10) < 10)
            }
            #expect(seen == Set(-3...3))
            #expect(rng.uniform(below: 0) == 0)
            #expect(rng.uniform(5...5) == 5)
            _ = rng.uniform(Int.min...Int.max)
        }

        @Test("uniform(below:) is unbiased in the mean")
        func uniformMean() {
            var rng = SplitMix64(seed: 99)
            var sum = 0.0
            let n = 100_000
            for _ in 0..<n { sum += Double(rng.uniform(below: 6)) }
            #expect(abs(sum / Double(n) - 2.5) < 0.03)
        }

        @Test("the sample's own log and exp agree with the C library")
        func mathAgreesWithLibm() {
            for x in [1e-300, 1e-10, 0.001, 0.5, 0.7, 1, 1.4142, 2, 3.7, 100, 12345.678, 1e200] {
                #expect(abs(SampleMath.log(x) - log(x)) <= 1e-14 * max(1, abs(log(x))), "log \(x)")
            }
            for x in [-700.0, -20, -1, -0.3, 0, 1e-9, 0.35, 1, 2.5, 10, 300, 700] {
                #expect(abs(SampleMath.exp(x) - exp(x)) <= 1e-14 * exp(x), "exp \(x)")
            }
            #expect(SampleMath.exp(1000) == .infinity)
            #expect(SampleMath.exp(-1000) == 0)
            #expect(SampleMath.log(0) == -.infinity)
        }

        @Test("gamma and beta variates have the right means")
        func distributionMeans() {
            var rng = SplitMix64(seed: 5)
            let n = 50_000
            var gammaSum = 0.0, smallShapeSum = 0.0, betaSum = 0.0, normalSum = 0.0, normalSquares = 0.0
            for _ in 0..<n {
                gammaSum += rng.gamma(shape: 2, scale: 3)
                smallShapeSum += rng.gamma(shape: 0.5, scale: 2)
                betaSum += rng.beta(1.2, 12)
                let z = rng.normal()
                normalSum += z
                normalSquares += z * z
            }
            #expect(abs(gammaSum / Double(n) - 6) < 0.1)
            #expect(abs(smallShapeSum / Double(n) - 1) < 0.03)
            #expect(abs(betaSum / Double(n) - 1.2 / 13.2) < 0.003)
            #expect(abs(normalSum / Double(n)) < 0.02)
            #expect(abs(normalSquares / Double(n) - 1) < 0.03)
        }
    }
}
