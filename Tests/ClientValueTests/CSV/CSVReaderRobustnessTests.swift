import Testing
@testable import ClientValue

/// Random inputs built from the bytes that matter to a CSV reader: whatever arrives, reading
/// ends without a crash or a hang, and every record is either returned or rejected.
@Suite("CSVReader: random input")
struct CSVReaderRobustnessTests {
    static let pieces: [[UInt8]] = [
        [0x2C], [0x3B], [0x09], [0x7C], [0x22], [0x22, 0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x00],
        Array("abc".utf8), Array("12.50".utf8), Array("2024-03-05".utf8), Array("é".utf8), [0xE9], [0xC3], [0xFF],
        [0xEF, 0xBB, 0xBF], Array("sep=;".utf8), Array(" ".utf8), Array("(1,234.50)".utf8),
    ]

    static func randomInput(_ random: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int(random.uniform(below: 200)) {
            bytes += pieces[Int(random.uniform(below: UInt64(pieces.count)))]
        }
        return bytes
    }

    @Test("the reader returns or rejects every record, in every mode and chunk size", arguments: Array(UInt64(1)...60))
    func reader(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let input = Self.randomInput(&random)
        for quoting in [QuoteHandling.strict, .lenient] {
            for encoding in [TextEncoding.utf8, .latin1] {
                for chunk in [16, 64, 1 << 16] {
                    let options = CSVReadOptions(quoting: quoting, encoding: encoding, chunkSize: chunk)
                    guard let reader = try? CSVReader(.memory(input), options: options) else { continue }
                    var returned = 0, rejected = 0, steps = 0
                    while steps < 10_000 {
                        steps += 1
                        do {
                            guard try reader.next() else { break }
                            returned += 1
                            _ = reader.record
                        } catch {
                            rejected += 1
                            #expect(error.position.line >= 1)
                        }
                    }
                    #expect(steps < 10_000, "reading did not end")
                    #expect(reader.recordsRead == returned + rejected)
                }
            }
        }
    }

    @Test("the importer never crashes and rows read = accepted + rejected", arguments: Array(UInt64(100)...139))
    func importer(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let input = Array("client_id,invoice_date,amount\n".utf8) + Self.randomInput(&random)
        guard let reader = try? RecordReader<BillingLine>(.memory(input), options: ImportOptions(onError: .skip)) else { return }
        var accepted = 0
        while try reader.next() != nil { accepted += 1 }
        #expect(reader.summary.rowsAccepted == accepted)
        #expect(reader.summary.rowsRead == reader.summary.rowsAccepted + reader.summary.rowsRejected)
    }
}
