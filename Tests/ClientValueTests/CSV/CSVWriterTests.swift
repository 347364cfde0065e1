import Testing
@testable import ClientValue

@Suite("CSVWriter")
struct CSVWriterTests {
    private func written(_ rows: [[String]], _ options: CSVWriteOptions = CSVWriteOptions()) -> String {
        let writer = CSVWriter(ByteSink(), options: options)
        for row in rows { writer.writeRow(row) }
        return String(decoding: writer.sink.memory, as: UTF8.self)
    }

    @Test("quotes fields with delimiters, quotes and line breaks, doubling quotes")
    func quoting() {
        #expect(written([["a", "b,c", "say \"hi\"", "l1\nl2", "cr\r"]]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\r\"\n")
        #expect(written([["a;b", "c,d"]], CSVWriteOptions(delimiter: .semicolon)) == "\"a;b\";c,d\n")
    }

    /// Found by the writer-round-trip fuzz target (findings writer-sep-line and writer-bom):
    /// written bare, these first cells were read back as Excel's separator line or a BOM.
    @Test("a first cell that looks like `sep=` or a byte order mark is quoted, and reads back", arguments: ["sep=;", "SEP=\t", "Sep=|", "\u{FEFF}id"])
    func preambleLookalike(_ cell: String) throws {
        let text = written([[cell, "x"], ["1", "2"]])
        #expect(text.hasPrefix("\"" + cell + "\""))
        #expect(try readAll(text).header == [cell, "x"])
        #expect(written([["a", cell]]) == "a," + cell + "\n")
    }

    @Test("a row of one empty field is written as \"\" so it is not a blank line")
    func loneEmptyField() throws {
        let text = written([["h"], [""], ["x"]])
        #expect(text == "h\n\"\"\nx\n")
        #expect(try readAll(text).rows == [[""], ["x"]])
    }

    @Test("neutralises cells a spreadsheet would run as a formula", arguments: [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"), ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("-12.5", "-12.5"), ("+3", "+3"), ("-", "'-"), ("-.5", "-.5"),
        ("12-3", "12-3"), ("a=b", "a=b"), ("", ""), ("-1e5", "'-1e5"),
    ])
    func neutralises(_ input: String, _ expected: String) {
        #expect(CSVWriter.neutralized(input) == expected)
    }

    static let alphabet: [String] = ["a", "Z", "0", "9", " ", ",", ";", "\t", "|", "\"", "\n", "\r", "\r\n", "=", "+", "-", "@", "é", "€", "東", "😀", "'", "."]

    private func randomRows(_ random: inout SplitMix64) -> [[String]] {
        let columns = Int(random.uniform(below: 5)) + 1
        return (0..<Int(random.uniform(below: 20)) + 1).map { _ in
            (0..<columns).map { _ in
                (0..<Int(random.uniform(below: 8))).map { _ in Self.alphabet[Int(random.uniform(below: UInt64(Self.alphabet.count)))] }.joined()
            }
        }
    }

    @Test("whatever it writes, the reader reads back identically", arguments: Array(UInt64(1)...40))
    func roundTrip(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let rows = randomRows(&random)
        for delimiter in CSVDelimiter.allCases {
            for lineEnding in ["\n", "\r\n"] {
                let options = CSVWriteOptions(delimiter: delimiter, lineEnding: lineEnding, neutralizesFormulas: false)
                let text = written(rows, options)
                let back = try readAll(text, CSVReadOptions(delimiter: delimiter, chunkSize: 16 + Int(seed)))
                #expect([back.header] + back.rows == rows, "delimiter \(delimiter.name)")
            }
        }
    }

    @Test("with neutralising on, the reader reads back the neutralised cells", arguments: Array(UInt64(100)...119))
    func roundTripNeutralised(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let rows = randomRows(&random)
        let back = try readAll(written(rows), CSVReadOptions(delimiter: .comma))
        #expect([back.header] + back.rows == rows.map { $0.map(CSVWriter.neutralized) })
    }
}
