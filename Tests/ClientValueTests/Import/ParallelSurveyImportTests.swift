import Dispatch
import Foundation
import Testing
@testable import ClientValue

/// A file in the temporary directory, removed by `remove()`.
private struct TemporaryFile {
    let path: String

    init(_ bytes: [UInt8], name: String = "surveys") throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UInt64.random(in: 0...UInt64.max)).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Parallel reading forced on small files, in `parts` parts.
private func forced(_ parts: Int) -> ParallelImport.Plan {
    ParallelImport.Plan(minimumFileSize: 0, partCount: parts)
}

/// Either the table or the error a read gives.
private func outcome(_ path: String, _ options: ImportOptions, _ plan: ParallelImport.Plan) -> Result<SurveyTable, ImportError> {
    do {
        return .success(try SurveyTable.read(.file(path: path), file: "surveys.csv", options: options, plan: plan))
    } catch {
        return .failure(error)
    }
}

/// Checks that two tables hold the same rows, codes, values, lines, comments and summary.
private func expectIdentical(_ parallel: SurveyTable, _ sequential: SurveyTable, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(parallel.count == sequential.count, sourceLocation: sourceLocation)
    #expect(parallel.responses == sequential.responses, sourceLocation: sourceLocation)
    #expect(parallel.summary == sequential.summary, sourceLocation: sourceLocation)
    #expect(parallel.extraColumns == sequential.extraColumns, sourceLocation: sourceLocation)
    #expect(parallel.days == sequential.days, sourceLocation: sourceLocation)
    #expect(parallel.scores == sequential.scores, sourceLocation: sourceLocation)
    #expect(parallel.lines == sequential.lines, sourceLocation: sourceLocation)
    #expect(parallel.commentBytes == sequential.commentBytes, sourceLocation: sourceLocation)
    #expect(parallel.commentEnds == sequential.commentEnds, sourceLocation: sourceLocation)
    let columns: [SurveyColumn] = [.clientID, .respondent, .survey, .partner] + sequential.extraColumns.indices.map { .extra($0) }
    for column in columns {
        #expect(parallel.coded(column).codes == sequential.coded(column).codes, "codes of \(column)", sourceLocation: sourceLocation)
        // Compared as bytes: String equality would let "é" and "e\u{301}" pass as the same value.
        #expect(parallel.coded(column).values.map { Array($0.utf8) } == sequential.coded(column).values.map { Array($0.utf8) },
                "values of \(column)", sourceLocation: sourceLocation)
    }
}

/// Seeded survey exports with everything a real one has: quoted comments with newlines,
/// commas and doubled quotes, blank lines, empty rows, a BOM, CRLF or LF, extra columns,
/// text that differs only in Unicode normalisation.
private struct SurveyFileMaker {
    var random: SplitMix64
    var crlf: Bool
    var bom: Bool

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        crlf = seed % 2 == 0
        bom = seed % 3 == 0
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.uniform(below: UInt64(items.count)))] }

    mutating func chance(_ p: Double) -> Bool { random.nextDouble() < p }

    /// `rows` rows; `date(i)` gives row i's date text (ISO by default); `replacing[i]` is row
    /// i's whole text, when given.
    mutating func make(rows: Int, date: ((Int) -> String)? = nil, replacing: [Int: String] = [:]) -> [UInt8] {
        let newline = crlf ? "\r\n" : "\n"
        let clients = (1...40).map { String(format: "C%03d", $0) } + ["Caf\u{E9} Ltd", "Cafe\u{301} Ltd", "\"Smith, Jones\"", "Ærø A/S"]
        let people = ["Ann Lee", "Bo Chen", "", "Zoë Ng", "\"Dee \"\"DJ\"\" Ray\"", "Éric Dupont"]
        let surveys = ["2024 Annual", "Matter close", "", "Pulse"]
        let partners = ["Hiroshi Tanaka", "Alice Morgan", "", "Chloé Dubois"]
        let offices = ["London", "Paris", "", "New York", "\"Zürich, CH\""]
        let comments = ["", "", "", "Great team.", "\"Responsive team.\nThank you!\"", "\"Slow, but thorough\"",
                        "\"He said \"\"fine\"\"\r\nthen left\"", "\"a\n\nb\"", "\"\"", "\"trailing newline\n\""]
        var text = bom ? "\u{FEFF}" : ""
        text += "client_id,respondent,response_date,score,Office,survey,partner,comment,Region" + newline
        for i in 0..<rows {
            if chance(0.03) { text += newline }
            if chance(0.02) { text += ",,,,,,,," + newline }
            let day = date?(i) ?? String(format: "2024-%02d-%02d", 1 + i % 12, 1 + i % 28)
            let fields = [pick(clients), pick(people), day, String(random.uniform(0...10)), pick(offices),
                          pick(surveys), pick(partners), pick(comments), pick(["EMEA", "AMER", "APAC", " EMEA "])]
            text += replacing[i] ?? fields.joined(separator: ",")
            if i < rows - 1 || chance(0.5) { text += newline }
        }
        return Array(text.utf8)
    }
}

@Suite("SurveyTable: parallel import")
struct ParallelSurveyImportTests {
    static let sampleSurveys = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData").appendingPathComponent("surveys.csv").path

    @Test("the sample survey file reads the same in 2, 3 and 7 parts as from start to end", arguments: [2, 3, 7])
    func sampleFile(parts: Int) throws {
        let sequential = try SurveyTable.read(.file(path: Self.sampleSurveys), file: "surveys.csv", options: ImportOptions(), plan: .sequential)
        let parallel = try #require(SurveyTable.readInParallel(.file(path: Self.sampleSurveys), file: "surveys.csv",
                                                               options: ImportOptions(), plan: forced(parts)))
        expectIdentical(parallel, sequential)
        #expect(sequential.count > 900)
    }

    @Test("seeded random files read the same in 2, 3 and 7 parts", arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func randomFiles(seed: UInt64) throws {
        var maker = SurveyFileMaker(seed: seed)
        let file = try TemporaryFile(maker.make(rows: 400 + Int(seed) * 37))
        defer { file.remove() }
        let sequential = try SurveyTable.read(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: .sequential)
        #expect(sequential.summary?.emptyRowsSkipped ?? 0 > 0)
        #expect(sequential.summary?.dialect.hadByteOrderMark == maker.bom)
        for parts in [2, 3, 7] {
            let parallel = try #require(SurveyTable.readInParallel(.file(path: file.path), file: "surveys.csv",
                                                                   options: ImportOptions(), plan: forced(parts)))
            expectIdentical(parallel, sequential)
        }
        // Text that differs only in normalisation keeps two codes, as sequentially.
        #expect(sequential.coded(.clientID).values.contains("Caf\u{E9} Ltd"))
    }

    @Test("a file that qualifies is read in parallel by the public read, with the same result")
    func publicRead() throws {
        var maker = SurveyFileMaker(seed: 42)
        let file = try TemporaryFile(maker.make(rows: 64_000))
        defer { file.remove() }
        let size = try #require(ParallelImport.regularFileSize(file.path))
        #expect(size >= ParallelImport.minimumFileSize)
        let sequential = try SurveyTable.read(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: .sequential)
        let table = try SurveyTable.read(.file(path: file.path), file: "surveys.csv")
        expectIdentical(table, sequential)
        if ParallelImport.processorCount > 1 {
            #expect(SurveyTable.readInParallel(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: .automatic) != nil)
        }
    }

    // MARK: - Bad rows

    /// A good random file with `bad` as row `row`'s text; U+FFFD in `bad` stands for the
    /// invalid UTF-8 byte 0xFF.
    private static func fileWithBadRow(seed: UInt64, rows: Int, bad: String, at row: Int) throws -> TemporaryFile {
        var maker = SurveyFileMaker(seed: seed)
        let bytes = maker.make(rows: rows, replacing: [row: bad])
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if i + 2 < bytes.count, bytes[i] == 0xEF, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBD {
                out.append(0xFF)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return try TemporaryFile(out)
    }

    static let badRows: [String] = [
        "C001,Ann Lee,2024-02-30,9,Paris,Pulse,Bo Chen,,EMEA",                 // no such day
        "C001,Ann Lee,05/03/2024,9,Paris,Pulse,Bo Chen,,EMEA",                 // ambiguous day and month
        "C001,Ann Lee,2024-03-01,11,Paris,Pulse,Bo Chen,,EMEA",                // score out of range
        "C001,Ann Lee,,9,Paris,Pulse,Bo Chen,,EMEA",                           // empty required field
        "C001,Ann \"Lee\",2024-03-01,9,Paris,Pulse,Bo Chen,,EMEA",             // stray quote
        "C001,\"Ann\" Lee,2024-03-01,9,Paris,Pulse,Bo Chen,,EMEA",             // text after a closing quote
        "C001,Ann Lee,2024-03-01,9,Paris,Pulse,Bo Chen,\"open comment,EMEA",   // unterminated quote
        "C001,Ann Lee,2024-03-01,9",                                           // too few fields
        "C001,Ann Lee,2024-03-01,9,Paris,Pulse,Bo Chen,,EMEA,extra",           // too many fields
        "C001,Ann \u{FFFD}Lee,2024-03-01,9,Paris,Pulse,Bo Chen,,EMEA",         // invalid UTF-8
        "C001,Ann \u{0}Lee,2024-03-01,9,Paris,Pulse,Bo Chen,,EMEA",            // NUL byte
    ]

    @Test("a bad row under fail gives the sequential error, wherever it is", arguments: 0..<11)
    func failPolicy(index: Int) throws {
        let bad = Self.badRows[index]
        for at in [3, 250, 580] {
            let file = try Self.fileWithBadRow(seed: 7 + UInt64(index), rows: 600, bad: bad, at: at)
            defer { file.remove() }
            guard case .failure(let expected) = outcome(file.path, ImportOptions(), .sequential) else {
                Issue.record("the bad row \(bad) at \(at) was read without error")
                continue
            }
            for parts in [2, 3, 7] {
                #expect(SurveyTable.readInParallel(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: forced(parts)) == nil)
                guard case .failure(let error) = outcome(file.path, ImportOptions(), forced(parts)) else {
                    Issue.record("no error in \(parts) parts")
                    continue
                }
                #expect(error == expected)
                #expect(error.diagnostic == expected.diagnostic)
            }
        }
    }

    @Test("bad rows under skip give the sequential summary and rejects file, byte for byte", arguments: [2, 3, 7])
    func skipPolicy(parts: Int) throws {
        var maker = SurveyFileMaker(seed: 11)
        let bytes = maker.make(rows: 700, replacing: [
            500: "C001,Ann Lee,2024-13-01,9,Paris,Pulse,Bo Chen,,EMEA",
            699: "C999,Ann Lee,2024-01-02,10,Paris,Pulse,Bo Chen,\"unterminated,EMEA\n",
        ])
        let file = try TemporaryFile(bytes)
        defer { file.remove() }
        let directory = FileManager.default.temporaryDirectory.path
        let token = UInt64.random(in: 0...UInt64.max)
        let sequentialRejects = "\(directory)/rejects-seq-\(token).csv", parallelRejects = "\(directory)/rejects-par-\(token).csv"
        defer {
            try? FileManager.default.removeItem(atPath: sequentialRejects)
            try? FileManager.default.removeItem(atPath: parallelRejects)
        }
        let sequential = try SurveyTable.read(.file(path: file.path), file: "surveys.csv",
                                              options: ImportOptions(onError: .skip, rejectsPath: sequentialRejects), plan: .sequential)
        let parallel = try SurveyTable.read(.file(path: file.path), file: "surveys.csv",
                                            options: ImportOptions(onError: .skip, rejectsPath: parallelRejects), plan: forced(parts))
        expectIdentical(parallel, sequential)
        #expect(sequential.summary?.rowsRejected == 2)
        let expected = try Data(contentsOf: URL(fileURLWithPath: sequentialRejects))
        let written = try Data(contentsOf: URL(fileURLWithPath: parallelRejects))
        #expect(written == expected)
        #expect(expected.count > 100)

        // Without a rejects file too: the same rows, summary and issues.
        let skipped = try SurveyTable.read(.file(path: file.path), file: "surveys.csv", options: ImportOptions(onError: .skip), plan: forced(parts))
        expectIdentical(skipped, sequential)
        #expect(skipped.summary?.issues.map(\.line) == sequential.summary?.issues.map(\.line))
    }

    // MARK: - Day-month order

    /// Dates written `dd/mm/yyyy` or `mm/dd/yyyy` as `date(i)` says, 600 rows.
    private static func numericDateFile(seed: UInt64, _ date: @escaping (Int) -> String) throws -> TemporaryFile {
        var maker = SurveyFileMaker(seed: seed)
        return try TemporaryFile(maker.make(rows: 600, date: date))
    }

    @Test("an order settled only in a later part reads as sequentially", arguments: [2, 3, 7])
    func orderSettledLate(parts: Int) throws {
        // Equal day and month until row 540, then 25/12/2023, then ambiguous dates read day first.
        let file = try Self.numericDateFile(seed: 21) { i in
            i < 540 ? "0\(1 + i % 9)/0\(1 + i % 9)/2024" : i == 540 ? "25/12/2023" : "0\(1 + i % 9)/0\(1 + (i + 1) % 9)/2024"
        }
        defer { file.remove() }
        let sequential = try SurveyTable.read(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: .sequential)
        #expect(sequential.summary?.dateOrder == .dmy)
        let parallel = try #require(SurveyTable.readInParallel(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: forced(parts)))
        expectIdentical(parallel, sequential)
    }

    @Test("an order settled early, with ambiguous dates in later parts, reads as sequentially", arguments: [2, 3, 7])
    func orderSettledEarly(parts: Int) throws {
        let file = try Self.numericDateFile(seed: 22) { i in i == 0 ? "25/12/2023" : "0\(1 + i % 9)/0\(1 + (i + 3) % 9)/2024" }
        defer { file.remove() }
        let sequential = outcome(file.path, ImportOptions(), .sequential)
        guard case .success(let expected) = sequential else {
            Issue.record("sequential read failed: \(sequential)")
            return
        }
        #expect(expected.summary?.dateOrder == .dmy)
        // Later parts meet ambiguous dates before any date that settles the order: the read
        // falls back to the sequential one.
        #expect(SurveyTable.readInParallel(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: forced(parts)) == nil)
        guard case .success(let table) = outcome(file.path, ImportOptions(), forced(parts)) else {
            Issue.record("parallel read failed")
            return
        }
        expectIdentical(table, expected)
    }

    @Test("parts that settle different orders give the sequential error", arguments: [2, 3, 7])
    func ordersDisagree(parts: Int) throws {
        // Day first settled at row 2; a date only month first can read (12/25/2024) at row 560.
        let file = try Self.numericDateFile(seed: 23) { i in
            i == 2 ? "25/12/2023" : i == 560 ? "12/25/2024" : "0\(1 + i % 9)/0\(1 + i % 9)/2024"
        }
        defer { file.remove() }
        guard case .failure(let expected) = outcome(file.path, ImportOptions(), .sequential) else {
            Issue.record("sequential read did not fail")
            return
        }
        #expect(expected.position.line > 500)
        #expect(SurveyTable.readInParallel(.file(path: file.path), file: "surveys.csv", options: ImportOptions(), plan: forced(parts)) == nil)
        guard case .failure(let error) = outcome(file.path, ImportOptions(), forced(parts)) else {
            Issue.record("parallel read did not fail")
            return
        }
        #expect(error == expected)
    }

    @Test("an ambiguous date before any settling one is the sequential error", arguments: [2, 3, 7])
    func ambiguousFirst(parts: Int) throws {
        let file = try Self.numericDateFile(seed: 24) { i in i == 580 ? "25/12/2023" : "0\(1 + i % 9)/0\(1 + (i + 2) % 9)/2024" }
        defer { file.remove() }
        guard case .failure(let expected) = outcome(file.path, ImportOptions(), .sequential) else {
            Issue.record("sequential read did not fail")
            return
        }
        guard case .failure(let error) = outcome(file.path, ImportOptions(), forced(parts)) else {
            Issue.record("parallel read did not fail")
            return
        }
        #expect(error == expected)
        #expect(error.diagnostic == expected.diagnostic)
    }

    @Test("a given order reads ambiguous dates in every part", arguments: [2, 3, 7])
    func givenOrder(parts: Int) throws {
        let file = try Self.numericDateFile(seed: 25) { i in "0\(1 + i % 9)/0\(1 + (i + 2) % 9)/2024" }
        defer { file.remove() }
        let options = ImportOptions(dateOrder: .mdy)
        let sequential = try SurveyTable.read(.file(path: file.path), file: "surveys.csv", options: options, plan: .sequential)
        let parallel = try #require(SurveyTable.readInParallel(.file(path: file.path), file: "surveys.csv", options: options, plan: forced(parts)))
        expectIdentical(parallel, sequential)
    }

    // MARK: - When not to read in parallel

    @Test("inputs that do not qualify are read sequentially")
    func notQualifying() throws {
        var maker = SurveyFileMaker(seed: 31)
        maker.crlf = false
        let bytes = maker.make(rows: 300)
        let file = try TemporaryFile(bytes)
        defer { file.remove() }
        let path = file.path
        func parallel(_ source: ByteSourceKind, _ options: ImportOptions = ImportOptions(), _ plan: ParallelImport.Plan = forced(2)) -> SurveyTable? {
            SurveyTable.readInParallel(source, file: "surveys.csv", options: options, plan: plan)
        }
        #expect(parallel(.file(path: path)) != nil)
        #expect(parallel(.memory(bytes)) == nil)
        #expect(parallel(.file(path: path), ImportOptions(csv: CSVReadOptions(quoting: .lenient))) == nil)
        #expect(parallel(.file(path: path), ImportOptions(csv: CSVReadOptions(encoding: .latin1))) == nil)
        #expect(parallel(.file(path: path), ImportOptions(onError: .skip, rejectsPath: path + ".rejects")) == nil)
        #expect(!FileManager.default.fileExists(atPath: path + ".rejects"))
        #expect(parallel(.file(path: path), ImportOptions(), ParallelImport.Plan(minimumFileSize: bytes.count + 1, partCount: 2)) == nil)
        #expect(parallel(.file(path: path), ImportOptions(), ParallelImport.Plan(minimumFileSize: 0, partCount: 1)) == nil)
        #expect(parallel(.file(path: path + ".missing")) == nil)

        // Old Mac line ends (CR only).
        let cr = try TemporaryFile(bytes.map { $0 == 0x0A ? 0x0D : $0 })
        defer { cr.remove() }
        #expect(parallel(.file(path: cr.path)) == nil)
        let sequential = try SurveyTable.read(.file(path: cr.path), file: "surveys.csv", options: ImportOptions(), plan: .sequential)
        expectIdentical(try SurveyTable.read(.file(path: cr.path), file: "surveys.csv", options: ImportOptions(), plan: forced(2)), sequential)
    }

    @Test("a missing column is the sequential error")
    func missingColumn() throws {
        let file = try TemporaryFile(Array("client_id,score\nC1,9\nC2,10\n".utf8))
        defer { file.remove() }
        guard case .failure(let expected) = outcome(file.path, ImportOptions(), .sequential),
              case .failure(let error) = outcome(file.path, ImportOptions(), forced(2)) else {
            Issue.record("expected errors")
            return
        }
        #expect(error == expected)
    }

    // MARK: - Cutting and reading parts

    @Test("cuts fall just after line feeds outside quoted fields")
    func cutPoints() {
        let text = Array("a,b\n\"x\ny\",1\n\"p\"\"q\n\",2\n3,4\n5,6".utf8)
        for parts in 2...12 {
            let cuts = text.withUnsafeBufferPointer { ParallelImport.cutPoints($0, parts: parts) }
            #expect(cuts.first == 0)
            #expect(cuts.last == text.count)
            #expect(zip(cuts, cuts.dropFirst()).allSatisfy { $0 < $1 })
            for cut in cuts.dropFirst().dropLast() {
                #expect(text[cut - 1] == 0x0A)
                #expect(text[..<cut].filter { $0 == 0x22 }.count % 2 == 0)
            }
        }
        #expect(Array("abc".utf8).withUnsafeBufferPointer { ParallelImport.cutPoints($0, parts: 4) } == [0, 3])
        #expect([UInt8]().withUnsafeBufferPointer { ParallelImport.cutPoints($0, parts: 4) } == [0, 0])
    }

    /// Texts and where the last record in them ends: just past the last line feed with an
    /// even number of quotes before it, or nowhere.
    static let recordEnds: [(text: String, end: Int?)] = [
        ("a,b\n", 4),
        ("a,b\nc,d", 4),
        ("a,b\nc,d\n", 8),
        ("\"x\ny\",1\n", 8),   // the first line feed is inside quotes
        ("\"x\ny", nil),        // inside quotes to the end
        ("\"p\"\"q\n\",2\n3", 10),
        ("abc", nil),
        ("", nil),
        ("\n", 1),
        ("\"\"\n\"", 3),        // an empty quoted field, then an opening quote
    ]

    @Test("the last record end is the last line feed outside quotes", arguments: recordEnds)
    func lastRecordEnd(text: String, end: Int?) {
        let bytes = Array(text.utf8)
        let found = bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            return ParallelImport.lastRecordEnd(base, count: buffer.count)
        }
        #expect(found == end)
    }

    @Test("a block queue hands every block to one taker, numbered and in order, and a cancelled queue stops both sides")
    func blockQueue() {
        let queue = BlockQueue(capacity: 2)
        let blocks = (0..<50).map { [UInt8(truncatingIfNeeded: $0), 1, 2] }
        let taken = Slots<[[UInt8]]>(count: 3)
        // The putter has a thread of its own, as in `readShared`: the takers wait for it.
        let putter = Thread {
            for block in blocks { #expect(queue.put(block)) }
            queue.finish()
        }
        putter.start()
        DispatchQueue.concurrentPerform(iterations: 3) { k in
            var mine: [[UInt8]] = []
            while let block = queue.take() {
                // Blocks are numbered in the order they were put.
                #expect(block.number == Int(block.bytes[0]))
                mine.append(block.bytes)
            }
            taken.store(mine, at: k)
        }
        let all = taken.values().compactMap { $0 }.flatMap { $0 }
        #expect(all.count == blocks.count)
        #expect(Set(all.map { $0[0] }) == Set(blocks.map { $0[0] }))
        for mine in taken.values().compactMap({ $0 }) {
            #expect(mine.map { $0[0] } == mine.map { $0[0] }.sorted())
        }
        #expect(!queue.endedEarly)

        let cancelled = BlockQueue(capacity: 1)
        #expect(cancelled.put([1]))
        cancelled.cancel()
        #expect(!cancelled.put([2]))
        #expect(cancelled.take() == nil)
        #expect(cancelled.endedEarly)
    }

    @Test("a reader continuing in a slice reports the file's lines and byte offsets")
    func continuingReader() throws {
        let text = Array("id,name\n1,\"a\nb\"\n\n2,c\n3,d".utf8)
        let full = try CSVReader(.memory(text), file: "t.csv")
        let start = 16  // after "1,\"a\nb\"\n", at the blank line 4
        var rows: [[String]] = [], lines: [Int] = [], offsets: [Int] = [], nextLine = 0
        try text.withUnsafeBufferPointer { all in
            let reader = try CSVReader(continuing: full.header, dialect: full.dialect, options: full.options, file: full.file,
                                       bytes: UnsafeBufferPointer(rebasing: all[start...]), firstLine: 4, byteOffset: start)
            #expect(reader.header == ["id", "name"])
            while try reader.next() {
                rows.append(reader.record)
                lines.append(reader.line)
                offsets.append(reader.fieldPosition(1).byteOffset)
            }
            nextLine = reader.nextRecordLine
        }
        #expect(rows == [["2", "c"], ["3", "d"]])
        #expect(lines == [5, 6])
        #expect(offsets == [19, 23])
        #expect(nextLine == 6)
    }
}

@Suite("ParallelImport.CodeMerger")
struct CodeMergerTests {
    @Test("two readers' codes numbered by first appearance in file order, bytes told apart")
    func numbering() {
        var merger = ParallelImport.CodeMerger(readers: 2)
        let first = ["C1", "C2", "Caf\u{E9}"], second = ["C2", "Cafe\u{301}", "C3"]
        merger.number(0..<2, of: 0, values: first)    // block 1: reader 0 sees C1, C2
        merger.number(0..<3, of: 1, values: second)   // block 2: reader 1 sees C2, Cafe\u{301}, C3
        merger.number(2..<3, of: 0, values: first)    // block 3: reader 0 sees Caf\u{E9}
        #expect(merger.maps == [[0, 1, 4], [1, 2, 3]])
        #expect(merger.values.map { Array($0.utf8) } == ["C1", "C2", "Cafe\u{301}", "C3", "Caf\u{E9}"].map { Array($0.utf8) })
    }

    @Test("codes appended through a map, -1 kept for no value", arguments: [
        ([Int32](), [Int32]()),
        ([0, 1, 2], [7, 8, 9]),
        ([2, -1, 0, -1, 1], [9, -1, 7, -1, 8]),
    ])
    func append(codes: [Int32], expected: [Int32]) {
        var target: [Int32] = [5, -1]
        ParallelImport.CodeMerger.append(codes[...], mappedThrough: [7, 8, 9], to: &target)
        #expect(target == [5, -1] + expected)
        var fromSlice: [Int32] = []
        let padded = [1] + codes + [1]
        ParallelImport.CodeMerger.append(padded[1..<(padded.count - 1)], mappedThrough: [7, 8, 9], to: &fromSlice)
        #expect(fromSlice == expected)
    }
}
