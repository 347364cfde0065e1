import Foundation
import Testing
@testable import ClientValue

/// A billing file in the temporary directory, removed by `remove()`.
private struct BillingFile {
    let path: String

    init(_ bytes: [UInt8]) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("billing-\(UInt64.random(in: 0...UInt64.max)).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// `text` as UTF-8, with U+FFFD standing for the invalid byte 0xFF.
    init(text: String) throws {
        var out: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar == "\u{FFFD}" { out.append(0xFF) } else { out.append(contentsOf: String(scalar).utf8) }
        }
        try self.init(out)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Parallel reading forced on small files, in `parts` parts. When the readers share out the
/// file's blocks (the firm read), the blocks are small, so that every reader gets many and
/// some records are longer than a block: 16 bytes for 2 parts, 256 for 3, 4,096 otherwise.
private func forcedParts(_ parts: Int) -> ParallelImport.Plan {
    ParallelImport.Plan(minimumFileSize: 0, partCount: parts, blockSize: parts == 2 ? 16 : parts == 3 ? 256 : 4096)
}

// MARK: - Reading both ways

/// The log or the error a transaction-summary read gives.
private func logOutcome(_ path: String, _ importOptions: ImportOptions, _ plan: ParallelImport.Plan,
                        options: TransactionSummaryOptions = TransactionSummaryOptions()) -> Result<TransactionLog, ImportError> {
    do {
        return .success(try TransactionSummaryBuilder.read(.file(path: path), file: "billing.csv", importOptions: importOptions,
                                                           options: options, plan: plan))
    } catch {
        return .failure(error)
    }
}

/// The metrics or the error a firm-metrics read gives.
private func firmOutcome(_ path: String, _ importOptions: ImportOptions, _ plan: ParallelImport.Plan,
                         year: Int? = nil, fiscalYearStartMonth: Int = 1) -> Result<FirmMetricsRead, ImportError> {
    do {
        return .success(try FirmMetricsBuilder.read(.file(path: path), file: "billing.csv", importOptions: importOptions, year: year,
                                                    fiscalYearStartMonth: fiscalYearStartMonth, thresholds: ABCThresholds(), plan: plan))
    } catch {
        return .failure(error)
    }
}

private func parallelLog(_ path: String, _ importOptions: ImportOptions = ImportOptions(), parts: Int,
                         options: TransactionSummaryOptions = TransactionSummaryOptions()) -> TransactionLog? {
    TransactionSummaryBuilder.readInParallel(.file(path: path), file: "billing.csv", importOptions: importOptions,
                                             options: options, plan: forcedParts(parts))
}

private func parallelFirm(_ path: String, _ importOptions: ImportOptions = ImportOptions(), parts: Int,
                          year: Int? = nil, fiscalYearStartMonth: Int = 1) -> FirmMetricsRead? {
    FirmMetricsBuilder.readInParallel(.file(path: path), file: "billing.csv", importOptions: importOptions, year: year,
                                      fiscalYearStartMonth: fiscalYearStartMonth, thresholds: ABCThresholds(), plan: forcedParts(parts))
}

/// Checks that two logs hold the same builder (lines, slots, client ids byte for byte) and
/// import summary, and give the same RFM summary.
private func expectIdentical(_ parallel: TransactionLog, _ sequential: TransactionLog, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(parallel.builder.contents == sequential.builder.contents, sourceLocation: sourceLocation)
    #expect(parallel.importSummary == sequential.importSummary, sourceLocation: sourceLocation)
    #expect(parallel.builder.summary() == sequential.builder.summary(), sourceLocation: sourceLocation)
}

/// Checks that two firm reads give the same metrics (keys byte for byte) and import summary.
private func expectIdentical(_ parallel: FirmMetricsRead, _ sequential: FirmMetricsRead, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(parallel.metrics == sequential.metrics, sourceLocation: sourceLocation)
    #expect(parallel.importSummary == sequential.importSummary, sourceLocation: sourceLocation)
    let keys = { (m: FirmMetrics) in [m.byClient, m.byPartner, m.byPracticeArea].map { $0.map { Array($0.key.utf8) } } }
    #expect(keys(parallel.metrics) == keys(sequential.metrics), sourceLocation: sourceLocation)
}

// MARK: - Seeded billing files

/// Seeded billing exports with what a real one has: quoted names with commas, doubled quotes
/// and newlines, quoted client ids, thousands separators, credit notes in both notations,
/// blank lines and empty rows, a BOM, CRLF or LF, columns in varying order with optional
/// ones missing, ids that differ only in Unicode normalisation.
private struct BillingFileMaker {
    var random: SplitMix64
    var crlf: Bool
    var bom: Bool
    /// The columns written, in order.
    var columns: [String]

    static let allColumns = ["invoice_id", "client_id", "client_name", "invoice_date", "amount", "cost", "collected",
                             "standard_value", "currency", "practice_area", "partner", "office"]
    static let optionalColumns: Set = ["invoice_id", "client_name", "cost", "collected", "standard_value", "currency",
                                       "practice_area", "partner", "office"]

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        crlf = seed % 2 == 0
        bom = seed % 3 == 0
        var columns = Self.allColumns
        // Drop some optional columns, then shuffle (seeded), keeping every required one.
        if seed % 4 != 1 {
            columns.removeAll { Self.optionalColumns.contains($0) && random.nextDouble() < 0.3 }
        }
        for i in stride(from: columns.count - 1, to: 0, by: -1) {
            columns.swapAt(i, Int(random.uniform(below: UInt64(i + 1))))
        }
        self.random = random
        self.columns = columns
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.uniform(below: UInt64(items.count)))] }

    mutating func chance(_ p: Double) -> Bool { random.nextDouble() < p }

    /// A plain amount in hundredths, written `1234.50` or quoted with thousands separators.
    mutating func amount(_ cents: Int, accounting: Bool = false) -> String {
        let units = abs(cents) / 100, hundredths = abs(cents) % 100
        let plain = "\(units).\(hundredths < 10 ? "0" : "")\(hundredths)"
        if cents < 0 {
            return accounting ? "\"(\(grouped(units)).\(hundredths < 10 ? "0" : "")\(hundredths))\"" : "-" + plain
        }
        return units >= 1000 && chance(0.3) ? "\"$\(grouped(units)).\(hundredths < 10 ? "0" : "")\(hundredths)\"" : plain
    }

    private func grouped(_ units: Int) -> String {
        let digits = Array(String(units))
        var out = ""
        for (k, d) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// `rows` rows; `date(i)` gives row i's date text (ISO or `5 Mar 2024` by default);
    /// `replacing[i]` is row i's text by column name (missing columns ignored), when given.
    mutating func make(rows: Int, date: ((Int) -> String)? = nil, replacing: [Int: [String: String]] = [:],
                       amount fixedAmount: ((Int) -> String?)? = nil) -> [UInt8] {
        let newline = crlf ? "\r\n" : "\n"
        let clients = (1...60).map { String(format: "C%03d", $0) } + ["Caf\u{E9} Ltd", "Cafe\u{301} Ltd", "\"Smith, Jones\"",
                                                                      "\"Two\nLines LLP\"", "Ærø A/S", " C001 "]
        let names = ["Acme plc", "\"Bluebird, Media\"", "\"The \"\"Best\"\" Co\"", "\"Multi\r\nline name\"", "", "Zoë Ltd"]
        let partners = ["Hiroshi Tanaka", "Alice Morgan", "", "Chloé Dubois", "Chloe\u{301} Dubois", "\"Okafor, B\""]
        let areas = ["Audit", "Tax", "", "Litigation", "\"M&A, Corporate\""]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var text = bom ? "\u{FEFF}" : ""
        text += columns.joined(separator: ",") + newline
        for i in 0..<rows {
            if chance(0.03) { text += newline }
            if chance(0.02) { text += String(repeating: ",", count: columns.count - 1) + newline }
            let year = 2022 + Int(random.uniform(below: 4)), month = 1 + Int(random.uniform(below: 12))
            let day = 1 + Int(random.uniform(below: 28))
            let dateText = date?(i) ?? (chance(0.1) ? "\(day) \(months[month - 1]) \(year)"
                                                    : String(format: "%04d-%02d-%02d", year, month, day))
            let cents = chance(0.08) ? -Int(random.uniform(below: 50_000)) : (chance(0.03) ? 0 : Int(random.uniform(below: 500_000_00)))
            var values: [String: String] = [
                "invoice_id": "INV-\(i)",
                "client_id": pick(clients),
                "client_name": pick(names),
                "invoice_date": dateText,
                "amount": fixedAmount?(i) ?? amount(cents, accounting: chance(0.5)),
                "cost": chance(0.2) ? "" : amount(Int(random.uniform(below: 100_000))),
                "collected": chance(0.3) ? "" : amount(cents - Int(random.uniform(below: 1000))),
                "standard_value": chance(0.3) ? "" : amount(cents + Int(random.uniform(below: 5000))),
                "currency": pick(["USD", "EUR", ""]),
                "practice_area": pick(areas),
                "partner": pick(partners),
                "office": pick(["London", "\"Zürich, CH\"", ""]),
            ]
            if let replacement = replacing[i] { values.merge(replacement) { $1 } }
            text += columns.map { values[$0] ?? "" }.joined(separator: ",")
            if i < rows - 1 || chance(0.5) { text += newline }
        }
        return Array(text.utf8)
    }
}

@Suite("TransactionSummaryBuilder.read and FirmMetricsBuilder.read: parallel import")
struct ParallelBillingReadTests {
    static let sampleBilling = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData").appendingPathComponent("billing.csv").path

    @Test("the sample billing file reads the same in 2, 3 and 7 parts as from start to end", arguments: [2, 3, 7])
    func sampleFile(parts: Int) throws {
        let path = Self.sampleBilling
        let sequentialLog = try TransactionSummaryBuilder.read(.file(path: path), file: "billing.csv", importOptions: ImportOptions(),
                                                               options: TransactionSummaryOptions(), plan: .sequential)
        let log = try #require(parallelLog(path, parts: parts))
        expectIdentical(log, sequentialLog)
        #expect(sequentialLog.importSummary.rowsAccepted == 6075)

        for year in [nil, 2023] as [Int?] {
            guard case .success(let sequential) = firmOutcome(path, ImportOptions(), .sequential, year: year) else {
                Issue.record("sequential firm read failed")
                continue
            }
            let parallel = try #require(parallelFirm(path, parts: parts, year: year))
            expectIdentical(parallel, sequential)
        }
    }

    @Test("seeded random files read the same in 2, 3 and 7 parts", arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomFiles(seed: UInt64) throws {
        var maker = BillingFileMaker(seed: seed)
        let file = try BillingFile(maker.make(rows: 500 + Int(seed) * 41))
        defer { file.remove() }
        let summaryOptions = TransactionSummaryOptions(unit: seed % 2 == 0 ? .week : .month,
                                                       observationEnd: seed % 3 == 0 ? Day(year: 2024, month: 6, day: 30) : nil)
        guard case .success(let sequentialLog) = logOutcome(file.path, ImportOptions(), .sequential, options: summaryOptions) else {
            Issue.record("sequential read failed for columns \(maker.columns)")
            return
        }
        #expect(sequentialLog.importSummary.emptyRowsSkipped > 0)
        #expect(sequentialLog.importSummary.dialect.hadByteOrderMark == maker.bom)
        #expect(sequentialLog.builder.summary().creditNotes > 0)
        let year: Int? = seed % 2 == 1 ? 2024 : nil, fiscal = seed % 4 == 0 ? 4 : 1
        guard case .success(let sequentialFirm) = firmOutcome(file.path, ImportOptions(), .sequential, year: year, fiscalYearStartMonth: fiscal) else {
            Issue.record("sequential firm read failed")
            return
        }
        for parts in [2, 3, 7] {
            let log = try #require(parallelLog(file.path, parts: parts, options: summaryOptions))
            expectIdentical(log, sequentialLog)
            let firm = try #require(parallelFirm(file.path, parts: parts, year: year, fiscalYearStartMonth: fiscal))
            expectIdentical(firm, sequentialFirm)
        }
        // Ids that differ only in normalisation stay two clients, as sequentially.
        let ids = Set(sequentialLog.builder.contents.ids)
        #expect(ids.contains(Array("Caf\u{E9} Ltd".utf8)) && ids.contains(Array("Cafe\u{301} Ltd".utf8)))
    }

    @Test("a given day-month order reads numeric dates the same in every part", arguments: [2, 3, 7])
    func givenDateOrder(parts: Int) throws {
        var maker = BillingFileMaker(seed: 40)
        let file = try BillingFile(maker.make(rows: 600) { i in String(format: "%02d/%02d/2024", 1 + i % 12, 1 + (i * 7) % 12) })
        defer { file.remove() }
        let options = ImportOptions(dateOrder: .dmy)
        guard case .success(let sequentialLog) = logOutcome(file.path, options, .sequential),
              case .success(let sequentialFirm) = firmOutcome(file.path, options, .sequential) else {
            Issue.record("sequential reads failed")
            return
        }
        expectIdentical(try #require(parallelLog(file.path, options, parts: parts)), sequentialLog)
        expectIdentical(try #require(parallelFirm(file.path, options, parts: parts)), sequentialFirm)
    }

    @Test("a file that qualifies is read in parallel by the public reads, with the same result")
    func publicRead() throws {
        var maker = BillingFileMaker(seed: 4)
        let file = try BillingFile(maker.make(rows: 48_000))
        defer { file.remove() }
        let size = try #require(ParallelImport.regularFileSize(file.path))
        #expect(size >= ParallelImport.minimumFileSize)
        guard case .success(let sequentialLog) = logOutcome(file.path, ImportOptions(), .sequential),
              case .success(let sequentialFirm) = firmOutcome(file.path, ImportOptions(), .sequential) else {
            Issue.record("sequential reads failed")
            return
        }
        expectIdentical(try TransactionSummaryBuilder.read(.file(path: file.path), file: "billing.csv"), sequentialLog)
        expectIdentical(try FirmMetricsBuilder.read(.file(path: file.path), file: "billing.csv"), sequentialFirm)
        if ParallelImport.processorCount > 1 {
            #expect(TransactionSummaryBuilder.readInParallel(.file(path: file.path), file: "billing.csv", importOptions: ImportOptions(),
                                                             options: TransactionSummaryOptions(), plan: .automatic) != nil)
            #expect(FirmMetricsBuilder.readInParallel(.file(path: file.path), file: "billing.csv", importOptions: ImportOptions(), year: nil,
                                                      fiscalYearStartMonth: 1, thresholds: ABCThresholds(), plan: .automatic) != nil)
        }
    }

    @Test("a memory source is read sequentially")
    func memorySource() throws {
        var maker = BillingFileMaker(seed: 9)
        let bytes = maker.make(rows: 200)
        #expect(TransactionSummaryBuilder.readInParallel(.memory(bytes), file: nil, importOptions: ImportOptions(),
                                                         options: TransactionSummaryOptions(), plan: forcedParts(2)) == nil)
        #expect(FirmMetricsBuilder.readInParallel(.memory(bytes), file: nil, importOptions: ImportOptions(), year: nil,
                                                  fiscalYearStartMonth: 1, thresholds: ABCThresholds(), plan: forcedParts(2)) == nil)
    }

    // MARK: - Bad rows

    /// Bad rows, as replacements of some columns of a good row.
    static let badRows: [[String: String]] = [
        ["invoice_date": "2024-02-30"],                 // no such day
        ["invoice_date": "05/03/2024"],                 // ambiguous day and month
        ["invoice_date": ""],                           // empty required field
        ["amount": "12.345"],                           // too many decimals
        ["amount": "N/A"],                              // not an amount
        ["client_id": "  "],                            // blank client id
        ["client_id": "Ann \"Lee\""],                   // stray quote
        ["client_id": "\"Ann\" Lee"],                   // text after a closing quote
        ["client_id": "\"open quote"],                  // unterminated quote
        ["client_id": "C001,extra"],                    // too many fields
        ["client_id": "Ann \u{FFFD}Lee"],               // invalid UTF-8
        ["client_id": "Ann \u{0}Lee"],                  // NUL byte
    ]

    @Test("a bad row under fail gives the sequential error, wherever it is", arguments: 0..<12)
    func failPolicy(index: Int) throws {
        let bad = Self.badRows[index]
        for at in [3, 250, 580] {
            var maker = BillingFileMaker(seed: 5)  // every column, shuffled
            let file = try BillingFile(text: String(decoding: maker.make(rows: 600, replacing: [at: bad]), as: UTF8.self))
            defer { file.remove() }
            guard case .failure(let expected) = logOutcome(file.path, ImportOptions(), .sequential),
                  case .failure(let expectedFirm) = firmOutcome(file.path, ImportOptions(), .sequential) else {
                Issue.record("the bad row \(bad) at \(at) was read without error")
                continue
            }
            for parts in [2, 3, 7] {
                #expect(parallelLog(file.path, parts: parts) == nil)
                #expect(parallelFirm(file.path, parts: parts) == nil)
                guard case .failure(let error) = logOutcome(file.path, ImportOptions(), forcedParts(parts)),
                      case .failure(let firmError) = firmOutcome(file.path, ImportOptions(), forcedParts(parts)) else {
                    Issue.record("no error in \(parts) parts")
                    continue
                }
                #expect(error == expected)
                #expect(error.diagnostic == expected.diagnostic)
                #expect(firmError == expectedFirm)
                #expect(firmError.diagnostic == expectedFirm.diagnostic)
            }
        }
    }

    @Test("a bad value in a column neither reader uses is not looked at, in parts too", arguments: [2, 3, 7])
    func uncheckedColumn(parts: Int) throws {
        var maker = BillingFileMaker(seed: 5)  // every column, shuffled
        let file = try BillingFile(maker.make(rows: 600, replacing: [300: ["cost": "lots"], 450: ["currency": "\"US, D\""]]))
        defer { file.remove() }
        guard case .success(let sequentialLog) = logOutcome(file.path, ImportOptions(), .sequential),
              case .success(let sequentialFirm) = firmOutcome(file.path, ImportOptions(), .sequential) else {
            Issue.record("sequential reads failed")
            return
        }
        #expect(sequentialLog.importSummary.rowsRejected == 0)
        expectIdentical(try #require(parallelLog(file.path, parts: parts)), sequentialLog)
        expectIdentical(try #require(parallelFirm(file.path, parts: parts)), sequentialFirm)
    }

    @Test("bad rows under skip give the sequential summary and rejects file, byte for byte", arguments: [2, 3, 7])
    func skipPolicy(parts: Int) throws {
        var maker = BillingFileMaker(seed: 12)
        let bytes = maker.make(rows: 700, replacing: [
            120: ["amount": "12,34.5"],
            500: ["invoice_date": "2024-13-01"],
            699: ["client_id": "\"unterminated"],
        ])
        let file = try BillingFile(bytes)
        defer { file.remove() }
        let directory = FileManager.default.temporaryDirectory.path
        let token = UInt64.random(in: 0...UInt64.max)
        let paths = (0..<4).map { "\(directory)/billing-rejects-\(token)-\($0).csv" }
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
        func skipping(_ k: Int) -> ImportOptions { ImportOptions(onError: .skip, rejectsPath: paths[k]) }

        guard case .success(let sequentialLog) = logOutcome(file.path, skipping(0), .sequential),
              case .success(let log) = logOutcome(file.path, skipping(1), forcedParts(parts)),
              case .success(let sequentialFirm) = firmOutcome(file.path, skipping(2), .sequential),
              case .success(let firm) = firmOutcome(file.path, skipping(3), forcedParts(parts)) else {
            Issue.record("reads failed")
            return
        }
        expectIdentical(log, sequentialLog)
        expectIdentical(firm, sequentialFirm)
        #expect(sequentialLog.importSummary.rowsRejected == 3)
        #expect(sequentialFirm.importSummary.rowsRejected == 3)
        let expected = try Data(contentsOf: URL(fileURLWithPath: paths[0]))
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths[1])) == expected)
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths[2])) == expected)
        #expect(try Data(contentsOf: URL(fileURLWithPath: paths[3])) == expected)
        #expect(expected.count > 100)

        // Without a rejects file too: the same lines, summary and issues.
        guard case .success(let skippedLog) = logOutcome(file.path, ImportOptions(onError: .skip), forcedParts(parts)),
              case .success(let skippedFirm) = firmOutcome(file.path, ImportOptions(onError: .skip), forcedParts(parts)) else {
            Issue.record("reads without a rejects file failed")
            return
        }
        expectIdentical(skippedLog, sequentialLog)
        expectIdentical(skippedFirm, sequentialFirm)
        #expect(skippedLog.importSummary.issues.map(\.line) == sequentialLog.importSummary.issues.map(\.line))
    }

    // MARK: - Totals near the limit of Money

    /// 600 rows of client C001 with small amounts, except `large` (row: amount text).
    fileprivate static func largeAmountFile(_ large: [Int: String]) throws -> BillingFile {
        var maker = BillingFileMaker(seed: 5)  // every column, shuffled
        let rows = large.mapValues { _ in
            ["client_id": "C001", "partner": "Alice Morgan", "practice_area": "Audit", "invoice_date": "2024-05-01",
             "collected": "", "standard_value": ""]
        }
        return try BillingFile(maker.make(rows: 600, replacing: rows, amount: { i in large[i] }))
    }

    @Test("a total that overflows only when the parts are added in file order is the sequential error", arguments: [2, 3, 7])
    func overflowAcrossParts(parts: Int) throws {
        // Alone, each part's totals fit; in file order C001's revenue passes the limit at row 590.
        let file = try Self.largeAmountFile([5: "60000000000000000.00", 590: "60000000000000000.00", 595: "-60000000000000000.00"])
        defer { file.remove() }
        guard case .failure(let expected) = firmOutcome(file.path, ImportOptions(), .sequential) else {
            Issue.record("the sequential read did not overflow")
            return
        }
        #expect(expected.message.contains("too large"))
        #expect(parallelFirm(file.path, parts: parts) == nil)
        guard case .failure(let error) = firmOutcome(file.path, ImportOptions(), forcedParts(parts)) else {
            Issue.record("the parallel read did not fail")
            return
        }
        #expect(error == expected)
        #expect(error.diagnostic == expected.diagnostic)

        // Skipped, the overflowing row is rejected as sequentially.
        guard case .success(let skipped) = firmOutcome(file.path, ImportOptions(onError: .skip), forcedParts(parts)),
              case .success(let sequential) = firmOutcome(file.path, ImportOptions(onError: .skip), .sequential) else {
            Issue.record("skipping reads failed")
            return
        }
        expectIdentical(skipped, sequential)
        #expect(sequential.importSummary.rowsRejected == 1)
    }

    @Test("large totals that never overflow read the same, whether or not they could", arguments: [2, 3, 7])
    func largeTotals(parts: Int) throws {
        // Amounts adding up to more than Money holds in magnitude, though no total overflows:
        // read sequentially.
        let cancelling = try Self.largeAmountFile([5: "60000000000000000.00", 300: "-60000000000000000.00",
                                                   590: "60000000000000000.00", 595: "-60000000000000000.00"])
        defer { cancelling.remove() }
        guard case .success(let sequential) = firmOutcome(cancelling.path, ImportOptions(), .sequential) else {
            Issue.record("the sequential read failed")
            return
        }
        #expect(parallelFirm(cancelling.path, parts: parts) == nil)
        guard case .success(let fallback) = firmOutcome(cancelling.path, ImportOptions(), forcedParts(parts)) else {
            Issue.record("the read failed")
            return
        }
        expectIdentical(fallback, sequential)

        // Within the bound: read in parallel.
        let large = try Self.largeAmountFile([5: "30000000000000000.00", 590: "-30000000000000000.00"])
        defer { large.remove() }
        guard case .success(let expected) = firmOutcome(large.path, ImportOptions(), .sequential) else {
            Issue.record("the sequential read failed")
            return
        }
        expectIdentical(try #require(parallelFirm(large.path, parts: parts)), expected)
        expectIdentical(try #require(parallelLog(large.path, parts: parts)), try logOutcome(large.path, ImportOptions(), .sequential).get())
    }
}

// MARK: - ClientBilling

/// The read or the error a ClientBilling read gives.
private func billingOutcome(_ path: String, _ importOptions: ImportOptions, _ plan: ParallelImport.Plan,
                            options: ClientBillingOptions, wallet: ShareOfWalletBuilder? = nil) -> Result<ClientBilling, ImportError> {
    do {
        return .success(try ClientBilling.read(.file(path: path), file: "billing.csv", importOptions: importOptions,
                                               options: options, wallet: wallet, plan: plan))
    } catch {
        return .failure(error)
    }
}

/// Checks that two reads hold the same windows, partner totals, histories (clients in the same
/// order), transactions, wallet revenue and import summary.
private func expectIdentical(_ parallel: ClientBilling, _ sequential: ClientBilling, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(parallel.trailingBilling == sequential.trailingBilling, sourceLocation: sourceLocation)
    #expect(parallel.partnerBilling == sequential.partnerBilling, sourceLocation: sourceLocation)
    #expect(parallel.history == sequential.history, sourceLocation: sourceLocation)
    // The same lines and clients (the line-by-line builder also keeps its index of ids).
    let lines = { (b: TransactionSummaryBuilder?) in b.map { [$0.contents.ids.map { $0.map(Int64.init) }, [$0.contents.slots.map(Int64.init)], [$0.contents.days.map(Int64.init)], [$0.contents.cents]] } }
    #expect(lines(parallel.transactions) == lines(sequential.transactions), sourceLocation: sourceLocation)
    #expect(parallel.transactions?.summary() == sequential.transactions?.summary(), sourceLocation: sourceLocation)
    #expect((try? parallel.wallet?.analysis()) == (try? sequential.wallet?.analysis()), sourceLocation: sourceLocation)
    #expect(parallel.importSummary == sequential.importSummary, sourceLocation: sourceLocation)
}

@Suite("ClientBilling.read: parallel import")
struct ClientBillingParallelReadTests {
    private static let wallet = ShareOfWalletBuilder(entries: ["C001", "C002", "C017", "Caf\u{E9} Ltd", "\"Smith, Jones\""].flatMap { id in
        (2022...2025).map { WalletEntry(clientID: id, year: $0, walletEstimate: Money(minorUnits: 90_000_000_00)) }
    })

    @Test("the sample billing file reads the same in 2, 3 and 7 parts as line by line", arguments: [2, 3, 7])
    func sampleFile(parts: Int) throws {
        let path = ParallelBillingReadTests.sampleBilling
        let options = ClientBillingOptions(asOf: try #require(Day(year: 2025, month: 6, day: 30)), keepsTransactions: true)
        let sequential = try billingOutcome(path, ImportOptions(), .sequential, options: options).get()
        let parallel = try #require(try ClientBilling.readInParallel(.file(path: path), file: "billing.csv", importOptions: ImportOptions(),
                                                                     options: options, wallet: nil, plan: forcedParts(parts)))
        expectIdentical(parallel, sequential)
        #expect(sequential.history.clients.count > 100 && !sequential.trailingBilling.totals.isEmpty)
        // Line by line, the same as adding each record to the separate builders.
        var window = ClientBillingWindow(trailingTwelveMonthsTo: options.asOf)
        var ledger = ClientLedger(asOf: options.asOf)
        for line in try ImportedTable<BillingLine>.read(.file(path: path)).records {
            try window.add(line)
            try ledger.add(line)
        }
        #expect(sequential.trailingBilling == window && sequential.history == ledger.history())
    }

    @Test("seeded random files, with a wallet file, read the same in 2, 3 and 7 parts", arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func randomFiles(seed: UInt64) throws {
        var maker = BillingFileMaker(seed: seed)
        let file = try BillingFile(maker.make(rows: 500 + Int(seed) * 41))
        defer { file.remove() }
        let options = ClientBillingOptions(asOf: try #require(Day(year: 2023 + Int(seed % 3), month: 6, day: 30)),
                                           keepsTransactions: seed % 2 == 0, fiscalYearStartMonth: seed % 4 == 0 ? 4 : 1)
        let sequential = try billingOutcome(file.path, ImportOptions(), .sequential, options: options, wallet: Self.wallet).get()
        #expect(sequential.partnerBilling.values.contains { $0["(none)"] != nil })
        for parts in [2, 3, 7] {
            let parallel = try #require(try ClientBilling.readInParallel(.file(path: file.path), file: "billing.csv", importOptions: ImportOptions(),
                                                                         options: options, wallet: Self.wallet, plan: forcedParts(parts)))
            expectIdentical(parallel, sequential)
        }
    }

    @Test("a bad row under fail or skip gives the sequential result", arguments: [2, 7])
    func badRow(parts: Int) throws {
        var maker = BillingFileMaker(seed: 3)
        let file = try BillingFile(maker.make(rows: 700, replacing: [350: ["amount": "12,34,5x"]]))
        defer { file.remove() }
        let options = ClientBillingOptions(asOf: try #require(Day(year: 2025, month: 1, day: 31)))
        guard case .failure(let expected) = billingOutcome(file.path, ImportOptions(), .sequential, options: options),
              case .failure(let error) = billingOutcome(file.path, ImportOptions(), forcedParts(parts), options: options) else {
            Issue.record("the bad row was not an error")
            return
        }
        #expect(error == expected)
        let skipped = try billingOutcome(file.path, ImportOptions(onError: .skip), forcedParts(parts), options: options).get()
        expectIdentical(skipped, try billingOutcome(file.path, ImportOptions(onError: .skip), .sequential, options: options).get())
        #expect(skipped.importSummary.rowsRejected == 1)
    }

    @Test("a total that overflows in file order is the same error at the same line and column", arguments: [2, 3, 7])
    func overflow(parts: Int) throws {
        let file = try ParallelBillingReadTests.largeAmountFile([5: "60000000000000000.00", 590: "60000000000000000.00"])
        defer { file.remove() }
        let options = ClientBillingOptions(asOf: try #require(Day(year: 2025, month: 1, day: 31)))
        guard case .failure(let expected) = billingOutcome(file.path, ImportOptions(), .sequential, options: options),
              case .failure(let error) = billingOutcome(file.path, ImportOptions(), forcedParts(parts), options: options) else {
            Issue.record("the total did not overflow")
            return
        }
        #expect(expected.message.contains("too large to add up") && expected.message.contains("C001"))
        #expect(error == expected && error.diagnostic == expected.diagnostic)
        #expect(error.position.line > 590 && error.columnName != nil)
        // The threads' line numbers are not the file's: the parallel read gives way, and the
        // sequential read reports the overflow on its line.
        #expect(try ClientBilling.readInParallel(.file(path: file.path), file: "billing.csv", importOptions: ImportOptions(),
                                                 options: options, wallet: nil, plan: forcedParts(parts)) == nil)
    }
}
