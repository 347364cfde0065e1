import Testing
@testable import ClientValue

/// The reader scans plain records 32 bytes at a time and leaves the rest to a byte-by-byte
/// scan. Random files whose records are long enough for the 32-byte scan, and hold every
/// byte it must hand over (quotes, doubled quotes, line breaks inside quotes, CR, NUL, tabs,
/// valid and invalid UTF-8), must read exactly as with the byte-by-byte scan alone: the
/// same fields, lines, positions, raw records, errors and bytes consumed.
@Suite("CSVReader: the 32-byte scan")
struct CSVReaderVectorScanTests {
    /// What a field may hold; most are plain, so that many records take the 32-byte scan.
    static let fieldPieces: [[UInt8]] = [
        Array("INV-0000181".utf8), Array("C00007".utf8), Array("Zenith Logistics Ltd".utf8), Array("2021-02-18".utf8),
        Array("1898.29".utf8), Array("".utf8), Array("Advisory".utf8), Array("Chloé Dubois".utf8), Array("東京".utf8),
        Array("\"Summit Biotech, Inc.\"".utf8), Array("\"Zoë; \"\"the\"\" firm\"".utf8), Array("\"two\nlines\"".utf8),
        Array("\"two\r\nlines\"".utf8), Array("\"\"".utf8), Array("a\tb".utf8), Array("say \"hi\"".utf8),
        Array("\"closed\" then text".utf8), [0xE9], [0xC3], [0x22, 0x63, 0x61, 0x66, 0xE9, 0x22], [0x22, 0x41, 0x00, 0x22],
        [0x41, 0x00, 0x42], [0x0B, 0x0C],
        Array("a very long field that runs over more than one 32-byte chunk of the buffer and then some".utf8),
    ]
    static let lineEnds: [[UInt8]] = [[0x0A], [0x0A], [0x0A], [0x0D, 0x0A], [0x0D], [0x0A, 0x0A], []]

    static func randomFile(_ random: inout SplitMix64, delimiter: UInt8) -> [UInt8] {
        var bytes = Array("invoice,client,name,date,amount\n".utf8)
        if delimiter != 0x2C { bytes = bytes.map { $0 == 0x2C ? delimiter : $0 } }
        for _ in 0..<Int(random.uniform(below: 40)) {
            // Mostly the header's five fields, sometimes one more or one less.
            let fields = [5, 5, 5, 5, 4, 6][Int(random.uniform(below: 6))]
            for field in 0..<fields {
                if field > 0 { bytes.append(delimiter) }
                let plain = random.uniform(below: 3) != 0
                let piece = plain ? Int(random.uniform(below: 9)) : Int(random.uniform(below: UInt64(fieldPieces.count)))
                bytes += fieldPieces[piece]
            }
            bytes += lineEnds[Int(random.uniform(below: UInt64(lineEnds.count)))]
        }
        return bytes
    }

    /// Everything a caller can see of one step of reading.
    enum Step: Equatable {
        case record(line: Int, fields: [[UInt8]], positions: [SourcePosition], raw: [UInt8], consumed: Int, read: Int)
        case error(String, SourcePosition, rejected: [UInt8], consumed: Int, read: Int)
        case end(consumed: Int, read: Int)
        case openFailed(String)
    }

    static func steps(_ file: [UInt8], _ options: CSVReadOptions) -> [Step] {
        let reader: CSVReader
        do {
            reader = try CSVReader(.memory(file), options: options)
        } catch {
            return [.openFailed(error.diagnostic)]
        }
        var steps: [Step] = []
        while steps.count < 1000 {
            do {
                guard try reader.next() else {
                    steps.append(.end(consumed: reader.bytesConsumed, read: reader.recordsRead))
                    break
                }
                let indices = 0..<reader.fieldCount
                steps.append(.record(line: reader.line, fields: indices.map { reader.withField($0) { Array($0) } },
                                     positions: indices.map { reader.fieldPosition($0) } + [reader.fieldPosition(reader.fieldCount)],
                                     raw: reader.withRawRecord { Array($0) }, consumed: reader.bytesConsumed, read: reader.recordsRead))
            } catch {
                steps.append(.error(error.diagnostic, error.position, rejected: reader.rejectedRecord,
                                    consumed: reader.bytesConsumed, read: reader.recordsRead))
            }
        }
        return steps
    }

    @Test("random files read the same with and without it", arguments: Array(UInt64(1)...60))
    func sameAsByteByByte(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for delimiter in [CSVDelimiter.comma, .semicolon, .tab] {
            let file = Self.randomFile(&random, delimiter: delimiter.rawValue)
            for quoting in [QuoteHandling.strict, .lenient] {
                for encoding in [TextEncoding.utf8, .windows1252] {
                    for chunk in [16, 37, 1 << 16] {
                        var options = CSVReadOptions(delimiter: delimiter, quoting: quoting, encoding: encoding, chunkSize: chunk)
                        let vector = Self.steps(file, options)
                        options.scansVectors = false
                        let bytewise = Self.steps(file, options)
                        #expect(vector == bytewise, "\(delimiter) \(quoting) \(encoding) chunk \(chunk)")
                    }
                }
            }
        }
    }

    @Test("most records of the random files are long enough for it")
    func filesExerciseIt() {
        var random = SplitMix64(seed: 7)
        var long = 0, all = 0
        for _ in 0..<20 {
            let file = Self.randomFile(&random, delimiter: 0x2C)
            for line in file.split(separator: 0x0A).dropFirst() {
                all += 1
                if line.count >= 32 { long += 1 }
            }
        }
        #expect(all > 200)
        #expect(long * 4 >= all * 3)
    }

    @Test("a record of an export is read in place, quotes and all", arguments: [16, 1 << 20])
    func exportRecord(chunk: Int) throws {
        let file = "invoice_id,client_id,client_name,invoice_date,amount,partner\n"
            + "INV-0000108,C00004,\"Summit Biotech, Inc.\",2022-06-23,3700.00,Chloé Dubois\r\n"
            + "INV-0000109,C00004,Summit Biotech,2022-09-25,931.88,Elena Rossi\n"
        let reader = try CSVReader(.memory(Array(file.utf8)), options: CSVReadOptions(chunkSize: chunk))
        #expect(try reader.nextRecord() == ["INV-0000108", "C00004", "Summit Biotech, Inc.", "2022-06-23", "3700.00", "Chloé Dubois"])
        #expect(reader.fieldPosition(2) == SourcePosition(line: 2, column: 3, byteOffset: 80))
        #expect(try reader.nextRecord() == ["INV-0000109", "C00004", "Summit Biotech", "2022-09-25", "931.88", "Elena Rossi"])
        #expect(reader.line == 3)
        #expect(try reader.nextRecord() == nil)
    }

    @Test("records wider than the reader's first field arrays (64) grow them mid-record and read the same", arguments: [16, 1 << 16])
    func wideRecords(chunk: Int) {
        // 150 fields a record, quoted and plain, so that the arrays grow inside the fast path
        // (a plain field) and at a quoted field; the header too is wide.
        let header = (0..<150).map { "c\($0)" }.joined(separator: ",")
        let rows = (0..<5).map { row in
            (0..<150).map { k in k % 37 == 5 ? "\"q\(row),\(k)\"" : "v\(row)x\(k)" }.joined(separator: ",")
        }
        let file = Array((header + "\n" + rows.joined(separator: "\n") + "\n").utf8)
        var options = CSVReadOptions(chunkSize: chunk)
        let vector = Self.steps(file, options)
        options.scansVectors = false
        #expect(vector == Self.steps(file, options))
        // The header is read when the reader opens: step 2 is the third row.
        guard case .record(_, let fields, _, _, _, _) = vector[2] else {
            Issue.record("expected a record, got \(vector[2])")
            return
        }
        #expect(fields.count == 150)
        #expect(fields[149] == Array("v2x149".utf8))
        #expect(fields[116] == Array("q2,116".utf8))
    }
}
