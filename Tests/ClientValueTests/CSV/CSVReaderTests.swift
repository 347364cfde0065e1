import Testing
@testable import ClientValue

@Suite("CSVReader: dialect")
struct CSVReaderDialectTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var header: [String]
        var rows: [[String]]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "comma, LF", input: "a,b\n1,2\n3,4\n", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        Case(name: "CRLF line ends", input: "a,b\r\n1,2\r\n", header: ["a", "b"], rows: [["1", "2"]]),
        Case(name: "CR line ends", input: "a,b\r1,2\r3,4", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        Case(name: "no trailing newline", input: "a,b\n1,2", header: ["a", "b"], rows: [["1", "2"]]),
        Case(name: "quoted delimiter", input: "a,b\n\"x,y\",2\n", header: ["a", "b"], rows: [["x,y", "2"]]),
        Case(name: "doubled quotes", input: "a,b\n\"say \"\"hi\"\"\",2\n", header: ["a", "b"], rows: [["say \"hi\"", "2"]]),
        Case(name: "LF inside quotes", input: "a,b\n\"l1\nl2\",2\n", header: ["a", "b"], rows: [["l1\nl2", "2"]]),
        Case(name: "CRLF inside quotes", input: "a,b\r\n\"l1\r\nl2\",2\r\n", header: ["a", "b"], rows: [["l1\r\nl2", "2"]]),
        Case(name: "CR inside quotes", input: "a,b\n\"l1\rl2\",2\n", header: ["a", "b"], rows: [["l1\rl2", "2"]]),
        Case(name: "empty quoted field", input: "a,b\n\"\",2\n", header: ["a", "b"], rows: [["", "2"]]),
        Case(name: "empty fields", input: "a,b,c\n,,\n", header: ["a", "b", "c"], rows: [["", "", ""]]),
        Case(name: "trailing delimiter at end of input", input: "a,b\n1,", header: ["a", "b"], rows: [["1", ""]]),
        Case(name: "blank lines skipped", input: "a,b\n\n1,2\r\n\r\n\n3,4\n\n", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        Case(name: "semicolon sniffed", input: "a;b;c\n1,5;2;3\n", header: ["a", "b", "c"], rows: [["1,5", "2", "3"]]),
        Case(name: "tab sniffed", input: "a\tb\n1\t2\n", header: ["a", "b"], rows: [["1", "2"]]),
        Case(name: "pipe sniffed", input: "a|b\n1|2\n", header: ["a", "b"], rows: [["1", "2"]]),
        Case(name: "sniffing ignores quoted delimiters", input: "\"a;x\",b\n\"1;2\",3\n", header: ["a;x", "b"], rows: [["1;2", "3"]]),
        Case(name: "Excel sep= line", input: "sep=;\na;b\n1,5;2\n", header: ["a", "b"], rows: [["1,5", "2"]]),
        Case(name: "UTF-8 BOM", input: "\u{FEFF}a,b\n1,2\n", header: ["a", "b"], rows: [["1", "2"]]),
        Case(name: "BOM then sep= line", input: "\u{FEFF}sep=|\na|b\n1|2\n", header: ["a", "b"], rows: [["1", "2"]]),
        Case(name: "single column", input: "a\n1\n2\n", header: ["a"], rows: [["1"], ["2"]]),
        Case(name: "UTF-8 text", input: "name,city\nRené,Zürich 東京\n", header: ["name", "city"], rows: [["René", "Zürich 東京"]]),
        Case(name: "header only", input: "a,b\n", header: ["a", "b"], rows: []),
    ]

    @Test("reads", arguments: cases)
    func reads(_ c: Case) throws {
        let result = try readAll(c.input)
        #expect(result.header == c.header)
        #expect(result.rows == c.rows)
    }

    @Test("the same records whatever the chunk size", arguments: cases)
    func chunkSizes(_ c: Case) throws {
        let whole = try readAll(c.input)
        for size in [16, 17, 19, 23, 31] {
            let chunked = try readAll(c.input, CSVReadOptions(chunkSize: size))
            #expect(chunked == whole, "chunk size \(size)")
        }
    }

    @Test("a given delimiter overrides sniffing")
    func givenDelimiter() throws {
        let result = try readAll("a;b,c\n1;2,3\n", CSVReadOptions(delimiter: .comma))
        #expect(result.header == ["a;b", "c"])
        #expect(result.rows == [["1;2", "3"]])
    }

    @Test("dialect is reported")
    func dialect() throws {
        let reader = try CSVReader(.memory(Array("\u{FEFF}sep=;\r\na;b\r\n1;2\r\n".utf8)))
        #expect(reader.dialect.delimiter == .semicolon)
        #expect(reader.dialect.hadSepLine)
        #expect(reader.dialect.hadByteOrderMark)
        #expect(!reader.dialect.delimiterWasSniffed)
        #expect(reader.dialect.lineEnding == .crlf)
        let sniffed = try CSVReader(.memory(Array("a\tb\n1\t2\n".utf8)))
        #expect(sniffed.dialect.delimiter == .tab)
        #expect(sniffed.dialect.delimiterWasSniffed)
        #expect(sniffed.dialect.lineEnding == .lf)
    }

    @Test("physical line numbers count blank lines, sep= lines and newlines in quotes")
    func lineNumbers() throws {
        let result = try readAll("sep=,\na,b\n\n\"x\ny\",1\n2,3\r\n\r\n4,5")
        #expect(result.lines == [4, 6, 8])
    }

    @Test("Latin-1 and Windows-1252 are transcoded")
    func legacyEncodings() throws {
        let bytes: [UInt8] = Array("name,amount\n".utf8) + [0x52, 0x65, 0x6E, 0xE9, 0x2C, 0x80, 0x35, 0x0A]
        let latin1 = try readAll(bytes, CSVReadOptions(encoding: .latin1))
        #expect(latin1.rows == [["René", "\u{80}5"]])
        let windows = try readAll(bytes, CSVReadOptions(encoding: .windows1252))
        #expect(windows.rows == [["René", "€5"]])
    }

    @Test("Lenient quoting reads stray quotes as Python's csv module does")
    func lenient() throws {
        // Expected values from CPython 3.11: list(csv.reader(io.StringIO(s))) with the default dialect.
        let options = CSVReadOptions(delimiter: .comma, quoting: .lenient)
        #expect(try readAll("h\n\"abc", options).rows == [["abc"]])
        #expect(try readAll("h,i\na\"b,c\n", options).rows == [["a\"b", "c"]])
        #expect(try readAll("h,i\n\"ab\"cd,e\n", options).rows == [["abcd", "e"]])
        #expect(try readAll("h,i\n\"a\"\"b\",c\n", options).rows == [["a\"b", "c"]])
        #expect(try readAll("h,i\n\"ab\"c\"d\",e\n", options).rows == [["abc\"d\"", "e"]])
    }

    @Test("the simple String API")
    func stringAPI() throws {
        let reader = try CSVReader(.memory(Array("a,b\n1,2\n".utf8)))
        #expect(try reader.nextRecord() == ["1", "2"])
        #expect(try reader.nextRecord() == nil)
    }

    @Test("fields as bytes, raw records and positions")
    func bytesAndPositions() throws {
        let reader = try CSVReader(.memory(Array("a,b\nxy,\"q\"\"z\"\n".utf8)))
        #expect(try reader.next())
        #expect(reader.withField(0) { Array($0) } == Array("xy".utf8))
        #expect(reader.withField(1) { Array($0) } == Array("q\"z".utf8))
        #expect(reader.withRawRecord { String(decoding: $0, as: UTF8.self) } == "xy,\"q\"\"z\"")
        #expect(reader.fieldPosition(0) == SourcePosition(line: 2, column: 1, byteOffset: 4))
        #expect(reader.fieldPosition(1) == SourcePosition(line: 2, column: 2, byteOffset: 7))
    }
}

@Suite("CSVReader: errors")
struct CSVReaderErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        var kind: CSVError.Kind
        var line: Int
        var column: Int
        var columnName: String?
        var testDescription: String { name }

        init(_ name: String, _ input: String, _ kind: CSVError.Kind, line: Int, column: Int, columnName: String?) {
            self.init(name, Array(input.utf8), kind, line: line, column: column, columnName: columnName)
        }

        init(_ name: String, _ input: [UInt8], _ kind: CSVError.Kind, line: Int, column: Int, columnName: String?) {
            self.name = name
            self.input = input
            self.kind = kind
            self.line = line
            self.column = column
            self.columnName = columnName
        }
    }

    static let cases: [Case] = [
        Case("unterminated quote, reported where it opened", "a,b\n1,2\n3,\"open\n4,5\n6,7\n",
             .unterminatedQuote, line: 3, column: 2, columnName: "b"),
        Case("quote inside an unquoted field", "a,b\n1,2\n3,ab\"c\n",
             .quoteInUnquotedField, line: 3, column: 2, columnName: "b"),
        Case("text after a closing quote", "a,b,c\n\"x\"y,2,3\n",
             .textAfterClosingQuote, line: 2, column: 1, columnName: "a"),
        Case("text after a closing quote on a later line of the field", "a,b\n1,\"x\ny\"z\n",
             .textAfterClosingQuote, line: 3, column: 2, columnName: "b"),
        Case("a row wider than the header", "a,b\n1,2\n1,2,3\n",
             .unequalFieldCount(expected: 2, found: 3), line: 3, column: 3, columnName: nil),
        Case("a row shorter than the header", "a,b,c\n1,2,3\n1,2\n",
             .unequalFieldCount(expected: 3, found: 2), line: 3, column: 3, columnName: "c"),
        Case("a NUL byte", Array("a,b\n1,".utf8) + [0x00, 0x32, 0x0A],
             .nulByte, line: 2, column: 2, columnName: "b"),
        Case("invalid UTF-8", Array("a,b\n1,2\n3,caf".utf8) + [0xE9, 0x0A],
             .invalidUTF8, line: 3, column: 2, columnName: "b"),
        Case("an overlong UTF-8 encoding", Array("a,b\nx,".utf8) + [0xC0, 0xAF, 0x0A],
             .invalidUTF8, line: 2, column: 2, columnName: "b"),
        Case("a truncated UTF-8 sequence at the end", Array("a,b\nx,".utf8) + [0xE2, 0x82],
             .invalidUTF8, line: 2, column: 2, columnName: "b"),
        Case("an empty file", "", .missingHeader, line: 1, column: 1, columnName: nil),
        Case("only blank lines", "\n\r\n\n", .missingHeader, line: 4, column: 1, columnName: nil),
        Case("an unterminated quote in the header", "a,\"b\n", .unterminatedQuote, line: 1, column: 2, columnName: nil),
    ]

    @Test("reports kind, line and column", arguments: cases)
    func reports(_ c: Case) throws {
        for size in [16, 1 << 20] {
            let error = #expect(throws: CSVError.self) {
                _ = try readAll(c.input, CSVReadOptions(chunkSize: size))
            }
            #expect(error?.kind == c.kind)
            #expect(error?.position.line == c.line)
            #expect(error?.position.column == c.column)
            #expect(error?.columnName == c.columnName)
            #expect(error?.file == "test.csv")
        }
    }

    @Test("the message names file, line, column, header, what was expected and found")
    func message() throws {
        let error = #expect(throws: CSVError.self) { _ = try readAll("id,amount\n1,12\"3\n") }
        #expect(error?.diagnostic == "test.csv:2:2: error: column 'amount': unexpected '\"' inside an unquoted field; expected the field to be quoted with \"\" for a literal quote (found \"\"3\")")
        let count = #expect(throws: CSVError.self) { _ = try readAll("id,amount\n1\n") }
        #expect(count?.diagnostic == "test.csv:2:2: error: column 'amount': expected 2 fields as in the header, found 1")
    }

    @Test("byte offsets point at the problem")
    func byteOffsets() throws {
        let stray = #expect(throws: CSVError.self) { _ = try readAll("a,b\n1,ab\"c\n") }
        #expect(stray?.position.byteOffset == 8)
        let unterminated = #expect(throws: CSVError.self) { _ = try readAll("a,b\n1,\"ab\n") }
        #expect(unterminated?.position.byteOffset == 6)
    }

    @Test("after a bad record, reading goes on with the next line")
    func recovery() throws {
        let input = "a,b\n1,2\n3,x\"y\n4,5\n6\n7,8\n9,\"open\n10,11\n"
        let result = try readSkippingErrors(input)
        #expect(result.rows == [["1", "2"], ["4", "5"], ["7", "8"], ["10", "11"]])
        #expect(result.errors.map(\.kind) == [.quoteInUnquotedField, .unequalFieldCount(expected: 2, found: 1), .unterminatedQuote])
        #expect(result.errors.map(\.position.line) == [3, 5, 7])
        #expect(result.rejected == ["3,x\"y", "6", "9,\"open"])
    }

    @Test("recovery gives the same result across chunk boundaries")
    func recoveryChunked() throws {
        let input = "a,b\n1,2\n3,x\"y\n4,5\n6\n7,8\n9,\"open\n10,11\n"
        let whole = try readSkippingErrors(input)
        for size in 16...40 {
            let chunked = try readSkippingErrors(input, CSVReadOptions(chunkSize: size))
            #expect(chunked.rows == whole.rows)
            #expect(chunked.errors == whole.errors)
            #expect(chunked.rejected == whole.rejected)
        }
    }

    @Test("a file that cannot be opened is an I/O error")
    func missingFile() throws {
        let error = #expect(throws: CSVError.self) { _ = try CSVReader(.file(path: "/nonexistent/billing.csv")) }
        guard case .io = error?.kind else {
            Issue.record("expected an I/O error, got \(String(describing: error))")
            return
        }
        #expect(error?.diagnostic.hasPrefix("/nonexistent/billing.csv: error: cannot open file") == true)
    }
}

@Suite("CSVReader: a missing closing quote")
struct CSVReaderStrayQuoteTests {
    @Test("a quote that swallows lines is reported where it closes, naming the line it opened on")
    func strayOpeningQuote() throws {
        let input = "id,note,amount\n1,\"forgot to close,5\n2,fine,6\n3,\"quoted\" text,7\n4,ok,8\n"
        let result = try readSkippingErrors(input)
        #expect(result.errors.map(\.kind) == [.textAfterClosingQuote])
        #expect(result.errors.first?.position.line == 4)
        #expect(result.errors.first?.message.contains("the quoted field opened on line 2: is a closing quote missing there?") == true)
        // Nothing is lost: the swallowed lines are the rejected record, the next line reads on.
        #expect(result.rejected == ["1,\"forgot to close,5\n2,fine,6\n3,\"quoted\" text,7"])
        #expect(result.rows == [["4", "ok", "8"]])
    }
}
