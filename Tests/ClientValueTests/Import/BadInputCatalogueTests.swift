import Testing
@testable import ClientValue

// The bad-input catalogue (issue 10): the bad input real exports contain, each case with the
// exact outcome the documentation promises. That is an error's kind, line, column and header
// name, or the lenient result: the fields or records read, what is rejected, what inspect reports.
//
// The expected values come from SPEC.md, the README ("Input files", "Errors") and the doc
// comments of CSVReader, CSVError, FieldParser, ImportOptions and FileInspection. Narrower
// tests of each piece live in CSVReaderTests, RecordReaderTests and the parser tests; this
// file keeps one list of everything that can go wrong in an input.

// MARK: - Building inputs

private func u(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `text` in UTF-16, with or without a byte order mark.
private func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
    var out: [UInt8] = []
    for unit in (bom ? [0xFEFF] : []) + Array(text.utf16) {
        let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
        out += bigEndian ? [high, low] : [low, high]
    }
    return out
}

/// `text` (ASCII) in UTF-32 little-endian with a byte order mark.
private func utf32LE(_ text: String) -> [UInt8] {
    [0xFF, 0xFE, 0x00, 0x00] + text.unicodeScalars.flatMap { scalar -> [UInt8] in
        let v = scalar.value
        return [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }
}

private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

/// The large inputs.
private enum Large {
    /// A field of exactly 1 MiB, as long as the reader's default buffer.
    static let megabyte = String(repeating: "x", count: 1 << 20)
    /// A quoted field of 1,050,000 bytes with 150,000 line breaks and doubled quotes in it.
    static let quotedUnits = 150_000
    static let quotedRaw = String(repeating: "ab\"\"cd\n", count: quotedUnits)
    static let quotedText = String(repeating: "ab\"cd\n", count: quotedUnits)
    /// A survey comment of over 1 MB with commas, quotes and line breaks.
    static let commentUnits = 50_000
    static let commentRaw = String(repeating: "Great, \"\"really\"\" great\n", count: commentUnits)
    static let commentBytes = "Great, \"really\" great\n".utf8.count * commentUnits
    static let columns = (1...10_000).map { "c\($0)" }
    static let values = (1...10_000).map { String($0) }
}

// MARK: - Cases

/// One input to the CSV reader and what it must give.
struct CSVCatalogueCase: CustomTestStringConvertible, Sendable {
    enum Outcome: Sendable {
        /// The header and records (and, if given, the line each record starts on).
        case reads(header: [String], rows: [[String]], lines: [Int]?)
        /// The first error: kind, line, column, header name, and if given the excerpt found and
        /// the line a quote opened on.
        case fails(CSVError.Kind, line: Int, column: Int, header: String?, found: String?, quoteOpenedOnLine: Int?)
    }

    var name: String
    var input: [UInt8]
    var options: CSVReadOptions
    var outcome: Outcome
    var testDescription: String { name }

    static func fails(_ name: String, _ input: [UInt8], _ kind: CSVError.Kind, line: Int, column: Int, header: String?,
                      found: String? = nil, quoteOpenedOnLine: Int? = nil, options: CSVReadOptions = CSVReadOptions()) -> Self {
        Self(name: name, input: input, options: options,
             outcome: .fails(kind, line: line, column: column, header: header, found: found, quoteOpenedOnLine: quoteOpenedOnLine))
    }

    static func reads(_ name: String, _ input: [UInt8], header: [String], rows: [[String]], lines: [Int]? = nil,
                      options: CSVReadOptions = CSVReadOptions()) -> Self {
        Self(name: name, input: input, options: options, outcome: .reads(header: header, rows: rows, lines: lines))
    }
}

/// One input to a typed importer and what it must give.
struct ImportCatalogueCase: CustomTestStringConvertible, Sendable {
    enum Failure: Sendable, CustomStringConvertible {
        case csv(CSVError.Kind)
        case missingColumn(String)
        case duplicateColumn(String, firstColumn: Int)
        case empty
        /// An invalid field, with the problem the parser states ("is not an amount").
        case invalid(String)

        func matches(_ kind: ImportError.Kind) -> Bool {
            switch (self, kind) {
            case (.csv(let a), .malformedCSV(let b)): a == b
            case (.missingColumn(let a), .missingColumn(let b)): a == b
            case (.duplicateColumn(let a, let first), .duplicateColumn(let b, let other)): a == b && first == other
            case (.empty, .emptyField): true
            case (.invalid(let problem), .invalidField(let failure)): failure.problem == problem
            default: false
            }
        }

        var description: String {
            switch self {
            case .csv(let kind): "CSV \(kind.name)"
            case .missingColumn(let field): "missing column \(field)"
            case .duplicateColumn(let field, let first): "duplicate column \(field) (first \(first))"
            case .empty: "empty field"
            case .invalid(let problem): "invalid field: \(problem)"
            }
        }
    }

    enum Outcome: Sendable {
        /// Every row is accepted; the records, described (see `describe`).
        case imports([String])
        /// Under `--on-error skip`: the records kept, and the line and kind of each row left out.
        case skips([String], rejectedLines: [Int], kinds: [String])
        /// The first error under `--on-error fail`.
        case fails(Failure, line: Int, column: Int, header: String?, found: String?)
    }

    var name: String
    var kind: FileKind
    var input: [UInt8]
    var options: ImportOptions
    var outcome: Outcome
    var testDescription: String { "\(kind.rawValue): \(name)" }

    static func fails(_ name: String, _ kind: FileKind, _ input: [UInt8], _ failure: Failure, line: Int, column: Int,
                      header: String?, found: String? = nil, options: ImportOptions = ImportOptions()) -> Self {
        Self(name: name, kind: kind, input: input, options: options,
             outcome: .fails(failure, line: line, column: column, header: header, found: found))
    }

    static func imports(_ name: String, _ kind: FileKind, _ input: [UInt8], _ records: [String],
                        options: ImportOptions = ImportOptions()) -> Self {
        Self(name: name, kind: kind, input: input, options: options, outcome: .imports(records))
    }

    static func skips(_ name: String, _ kind: FileKind, _ input: [UInt8], _ records: [String], rejectedLines: [Int],
                      kinds: [String], options: ImportOptions = ImportOptions()) -> Self {
        var options = options
        options.onError = .skip
        return Self(name: name, kind: kind, input: input, options: options,
                    outcome: .skips(records, rejectedLines: rejectedLines, kinds: kinds))
    }
}

/// One input to `FileInspection.inspect` and what it must report.
struct InspectCatalogueCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: [UInt8]
    var options: InspectOptions
    var rowsRead: Int
    var rowsAccepted: Int
    var duplicateRowCount: Int
    /// (line, first line) of each duplicate listed.
    var duplicateRows: [[Int]]
    var duplicateColumns: [String] = []
    var errorKinds: [String] = []
    /// If given, each column's example, as shown.
    var examples: [String?]?
    /// If given, the field each column maps to.
    var fields: [String?]?
    var testDescription: String { name }
}

private func dmy() -> ImportOptions { ImportOptions(dateOrder: .dmy) }
private func latin1() -> CSVReadOptions { CSVReadOptions(encoding: .latin1) }
private func lenient() -> CSVReadOptions { CSVReadOptions(delimiter: .comma, quoting: .lenient) }

@Suite("Bad-input catalogue")
struct BadInputCatalogueTests {
    // MARK: CSV reader

    static let csvCases: [CSVCatalogueCase] = [
        // Unterminated quotes: reported at the line where the quote opened.
        .fails("unterminated quote in a data row", u("a,b\n1,2\n3,\"open\n4,5\n6,7\n"),
               .unterminatedQuote, line: 3, column: 2, header: "b"),
        .fails("unterminated quote after a quoted field that spans lines", u("a,b\n\"x\ny\",1\n2,\"open\n3,4\n"),
               .unterminatedQuote, line: 4, column: 2, header: "b"),
        .fails("unterminated quote at the end of a file without a final newline", u("a,b\n1,\"x"),
               .unterminatedQuote, line: 2, column: 2, header: "b"),
        .fails("unterminated quote in the header", u("a,\"b\n1,2\n"),
               .unterminatedQuote, line: 1, column: 2, header: nil),
        .reads("lenient: a quote still open at the end closes there", u("a,b\n1,\"x\ny"),
               header: ["a", "b"], rows: [["1", "x\ny"]], options: lenient()),

        // Stray quotes.
        .fails("a quote inside an unquoted field", u("a,b\n1,ab\"c\n"),
               .quoteInUnquotedField, line: 2, column: 2, header: "b", found: "\"\"c\""),
        .fails("a space before an opening quote", u("a,b\n1, \"x\"\n"),
               .quoteInUnquotedField, line: 2, column: 2, header: "b"),
        .fails("a quote in the header", u("a\"b,c\n1,2\n"),
               .quoteInUnquotedField, line: 1, column: 1, header: nil),
        .fails("text after a closing quote", u("a,b\n\"x\"y,2\n"),
               .textAfterClosingQuote, line: 2, column: 1, header: "a", found: "\"y,2\""),
        .fails("a space after a closing quote", u("a,b\n\"x\" ,2\n"),
               .textAfterClosingQuote, line: 2, column: 1, header: "a"),
        .fails("a missing closing quote, found where the next quote closes, naming the line it opened on",
               u("id,note,amount\n1,\"forgot to close,5\n2,fine,6\n3,\"quoted\" text,7\n"),
               .textAfterClosingQuote, line: 4, column: 2, header: "note", quoteOpenedOnLine: 2),
        .reads("lenient: a stray quote is kept as text", u("a,b\n1,ab\"c\n"),
               header: ["a", "b"], rows: [["1", "ab\"c"]], options: lenient()),

        // Ragged rows: wider and shorter are both errors, at the first extra or missing column.
        .fails("a row wider than the header", u("a,b\n1,2\n1,2,3\n"),
               .unequalFieldCount(expected: 2, found: 3), line: 3, column: 3, header: nil),
        .fails("a trailing delimiter makes a row wider", u("a,b\n1,2,\n"),
               .unequalFieldCount(expected: 2, found: 3), line: 2, column: 3, header: nil),
        .fails("a row shorter than the header", u("a,b,c\n1,2,3\n1,2\n"),
               .unequalFieldCount(expected: 3, found: 2), line: 3, column: 3, header: "c"),
        .fails("trailing empty columns dropped, as Excel does", u("a,b,c,d\n1,2,,\n3,4\n"),
               .unequalFieldCount(expected: 4, found: 2), line: 3, column: 3, header: "c"),
        .fails("a shorter row whose last field spans lines: the line where the record ends", u("a,b,c\n1,\"x\ny\"\n"),
               .unequalFieldCount(expected: 3, found: 2), line: 3, column: 3, header: "c"),

        // NUL bytes.
        .fails("a NUL byte in an unquoted field", u("a,b\n1,x") + [0x00] + u("y\n"),
               .nulByte, line: 2, column: 2, header: "b"),
        .fails("a NUL byte on the second line of a quoted field", u("a,b\n1,\"x\ny") + [0x00] + u("\"\n"),
               .nulByte, line: 3, column: 2, header: "b"),
        .fails("a NUL byte in the header", u("a") + [0x00] + u(",b\n1,2\n"),
               .nulByte, line: 1, column: 1, header: nil),
        .fails("a NUL byte is an error in Latin-1 too", u("a,b\n1,") + [0x00] + u("\n"),
               .nulByte, line: 2, column: 2, header: "b", options: latin1()),

        // Invalid UTF-8: an error, never replaced by U+FFFD.
        .fails("Latin-1 é in a UTF-8 file", u("a,b\n1,caf") + [0xE9] + u("\n"),
               .invalidUTF8, line: 2, column: 2, header: "b", found: "\"\\xE9\""),
        .fails("invalid UTF-8 in the header", u("caf") + [0xE9] + u(",b\n1,2\n"),
               .invalidUTF8, line: 1, column: 1, header: nil),
        .fails("invalid UTF-8 on the second line of a quoted field: the line of the byte", u("a,b\n1,\"x\ny") + [0xE9] + u("\"\n"),
               .invalidUTF8, line: 3, column: 2, header: "b"),
        .fails("a lone continuation byte", u("a,b\n1,") + [0x80] + u("\n"),
               .invalidUTF8, line: 2, column: 2, header: "b"),
        .fails("an overlong encoding of '/'", u("a,b\n1,") + [0xC0, 0xAF] + u("\n"),
               .invalidUTF8, line: 2, column: 2, header: "b"),
        .fails("a UTF-16 surrogate encoded as UTF-8", u("a,b\n1,") + [0xED, 0xA0, 0x80] + u("\n"),
               .invalidUTF8, line: 2, column: 2, header: "b"),
        .fails("a sequence cut short by the end of the file", u("a,b\nx,") + [0xE2, 0x82],
               .invalidUTF8, line: 2, column: 2, header: "b"),
        .reads("--encoding latin1 reads the same bytes as text", u("name,city\nRen") + [0xE9] + u(",K") + [0xF6] + u("ln\n"),
               header: ["name", "city"], rows: [["René", "Köln"]], options: latin1()),

        // UTF-16 and UTF-32: refused at 1:1, naming the encoding, rather than read as NUL bytes.
        .fails("UTF-16 little-endian with a BOM (Excel's Unicode text)", utf16("a\tb\r\n1\t2\r\n", bigEndian: false, bom: true),
               .unsupportedEncoding("UTF-16 (little-endian, with a byte order mark)"), line: 1, column: 1, header: nil),
        .fails("UTF-16 big-endian with a BOM", utf16("a,b\n1,2\n", bigEndian: true, bom: true),
               .unsupportedEncoding("UTF-16 (big-endian, with a byte order mark)"), line: 1, column: 1, header: nil),
        .fails("UTF-16 little-endian without a BOM, even with --encoding latin1", utf16("a,b\n1,2\n", bigEndian: false, bom: false),
               .unsupportedEncoding("UTF-16 (little-endian, without a byte order mark)"), line: 1, column: 1, header: nil,
               options: latin1()),
        .fails("UTF-32 little-endian with a BOM", utf32LE("a,b\n1,2\n"),
               .unsupportedEncoding("UTF-32 (little-endian, with a byte order mark)"), line: 1, column: 1, header: nil),

        // A byte order mark.
        .reads("a BOM before a quoted header", bom + u("\"client_id\",\"amount\"\r\n\"C1\",\"5\"\r\n"),
               header: ["client_id", "amount"], rows: [["C1", "5"]], lines: [2]),
        .reads("a BOM, Excel's sep= line, then a quoted header", bom + u("sep=;\n\"a\";\"b\"\n1;2\n"),
               header: ["a", "b"], rows: [["1", "2"]], lines: [3]),
        .fails("only a BOM", bom, .missingHeader, line: 1, column: 1, header: nil),

        // Empty and header-only files.
        .fails("an empty file", [], .missingHeader, line: 1, column: 1, header: nil),
        .fails("only blank lines", u("\n\r\n\n"), .missingHeader, line: 4, column: 1, header: nil),
        .reads("a header-only file", u("a,b\n"), header: ["a", "b"], rows: []),
        .reads("a header-only file without a final newline", u("a,b"), header: ["a", "b"], rows: []),

        // Large fields and wide rows: read whole, in bounded steps, whatever the buffer size.
        .reads("a 1 MB unquoted field", u("a,b\n1,\(Large.megabyte)\n2,y\n"),
               header: ["a", "b"], rows: [["1", Large.megabyte], ["2", "y"]], lines: [2, 3]),
        .reads("a 1 MB quoted field with 150,000 line breaks and doubled quotes", u("a,b\n1,\"\(Large.quotedRaw)\"\n2,y\n"),
               header: ["a", "b"], rows: [["1", Large.quotedText], ["2", "y"]], lines: [2, 2 + Large.quotedUnits + 1]),
        .reads("10,000 columns", u(Large.columns.joined(separator: ",") + "\n" + Large.values.joined(separator: ",") + "\n"),
               header: Large.columns, rows: [Large.values]),
        .fails("10,000 columns and a row with one more",
               u(Large.columns.joined(separator: ",") + "\n" + Large.values.joined(separator: ",") + "\n"
                 + Large.values.joined(separator: ",") + ",10001\n"),
               .unequalFieldCount(expected: 10_000, found: 10_001), line: 3, column: 10_001, header: nil),
    ]

    @Test("the CSV reader", arguments: csvCases)
    func csv(_ c: CSVCatalogueCase) {
        for chunkSize in [16, 1 << 20] {
            var options = c.options
            options.chunkSize = chunkSize
            do {
                let read = try readAll(c.input, options)
                guard case .reads(let header, let rows, let lines) = c.outcome else {
                    Issue.record("chunk size \(chunkSize): expected \(c.outcome), read \(read.rows.count) records")
                    continue
                }
                #expect(read.header == header, "chunk size \(chunkSize)")
                #expect(read.rows == rows, "chunk size \(chunkSize)")
                if let lines { #expect(read.lines == lines, "chunk size \(chunkSize)") }
            } catch {
                guard case .fails(let kind, let line, let column, let header, let found, let opened) = c.outcome else {
                    Issue.record("chunk size \(chunkSize): expected \(c.outcome), got \(error)")
                    continue
                }
                #expect(error.kind == kind, "chunk size \(chunkSize)")
                #expect(error.position.line == line, "chunk size \(chunkSize)")
                #expect(error.position.column == column, "chunk size \(chunkSize)")
                #expect(error.columnName == header, "chunk size \(chunkSize)")
                #expect(error.file == "test.csv")
                if let found { #expect(error.found == found, "chunk size \(chunkSize)") }
                if let opened { #expect(error.quoteOpenedOnLine == opened, "chunk size \(chunkSize)") }
                #expect(!error.message.isEmpty)
            }
        }
    }

    // MARK: Typed importers

    static let importCases: [ImportCatalogueCase] = [
        // Headers: missing, repeated and empty names.
        .fails("a missing required column", .billing, u("client_id,amount\nC1,5\n"),
               .missingColumn("invoice_date"), line: 1, column: 1, header: nil),
        .fails("no header row: the first row is data", .billing, u("C1,2024-03-05,100\nC2,2024-03-06,200\n"),
               .missingColumn("client_id"), line: 1, column: 1, header: nil),
        .fails("a missing column after Excel's sep= line is reported on the header's line", .billing, u("sep=;\nclient_id;amount\nC1;5\n"),
               .missingColumn("invoice_date"), line: 2, column: 1, header: nil),
        .fails("a repeated column name that a field reads", .billing, u("client_id,invoice_date,amount,Amount\nC1,2024-03-05,1,2\n"),
               .duplicateColumn("amount", firstColumn: 3), line: 1, column: 4, header: "Amount"),
        .fails("a repeated column name, spelled differently", .surveys, u("client_id,Response Date,score,response_date\n"),
               .duplicateColumn("response_date", firstColumn: 2), line: 1, column: 4, header: "response_date"),
        .imports("a repeated extra column is kept twice", .billing, u("client_id,invoice_date,amount,office,office\nC1,2024-03-05,1,L,P\n"),
                 ["C1 2024-03-05 1.00 [L|P]"]),
        .imports("an empty header name is kept as an extra column", .billing, u("client_id,,invoice_date,amount\nC1,x,2024-03-05,1\n"),
                 ["C1 2024-03-05 1.00 [x]"]),
        .fails("an empty file", .billing, [], .csv(.missingHeader), line: 1, column: 1, header: nil),
        .imports("a header-only file imports nothing", .contacts, u("client_id,contact_date\n"), []),
        .imports("a BOM before a quoted header with aliases", .billing,
                 bom + u("\"Client\",\"Invoice Date\",\"Amount\"\r\n\"C1\",\"2024-03-05\",\"1,234.50\"\r\n"),
                 ["C1 2024-03-05 1234.50"]),

        // CSV errors met while importing keep their kind and place.
        .fails("an unterminated quote", .billing, u("client_id,invoice_date,amount\nC1,2024-03-05,\"12.50\nC2,2024-03-06,5\n"),
               .csv(.unterminatedQuote), line: 2, column: 3, header: "amount"),
        .fails("invalid UTF-8 in a comment", .surveys, u("client_id,response_date,score,comment\nC1,2024-03-05,9,Tr") + [0xE8] + u("s bien\n"),
               .csv(.invalidUTF8), line: 2, column: 4, header: "comment"),
        .imports("the same comment with --encoding latin1", .surveys,
                 u("client_id,response_date,score,comment\nC1,2024-03-05,9,Tr") + [0xE8] + u("s bien\n"),
                 ["C1 2024-03-05 9 comment: Très bien"], options: ImportOptions(csv: latin1())),
        .fails("a NUL byte", .contacts, u("client_id,contact_date\nC1,2024-03-05") + [0x00] + u("\n"),
               .csv(.nulByte), line: 2, column: 2, header: "contact_date"),
        .fails("a UTF-16 file", .wallet, utf16("client_id,year,wallet_estimate\r\nC1,2024,100\r\n", bigEndian: false, bom: true),
               .csv(.unsupportedEncoding("UTF-16 (little-endian, with a byte order mark)")), line: 1, column: 1, header: nil),
        .skips("a shorter row under --on-error skip is left out and counted", .billing,
               u("client_id,invoice_date,amount,partner\nC1,2024-03-05,5,Ann\nC2,2024-03-06,6\nC3,2024-03-07,7,Bo\n"),
               ["C1 2024-03-05 5.00", "C3 2024-03-07 7.00"], rejectedLines: [3], kinds: ["unequal_field_count"]),
        .imports("a 1 MB comment with commas, quotes and line breaks", .surveys,
                 u("client_id,response_date,score,comment\nC1,2024-03-05,10,\"\(Large.commentRaw)\"\nC2,2024-03-06,0,ok\n"),
                 ["C1 2024-03-05 10 comment: \(Large.commentBytes) bytes", "C2 2024-03-06 0 comment: ok"]),
        .imports("10,000 columns", .billing,
                 u((["client_id", "invoice_date", "amount"] + Large.columns.dropFirst(3)).joined(separator: ",") + "\n"
                   + (["C1", "2024-03-05", "12.50"] + Large.values.dropFirst(3)).joined(separator: ",") + "\n"),
                 ["C1 2024-03-05 12.50 [9997 extra values]"]),

        // Identifiers are text: leading zeros and number-like ids are kept as written.
        .imports("leading-zero ids stay text, and distinct", .billing,
                 u("client_id,invoice_date,amount\n007,2024-03-05,1\n7,2024-03-05,2\n0007,2024-03-05,3\n"),
                 ["007 2024-03-05 1.00", "7 2024-03-05 2.00", "0007 2024-03-05 3.00"]),
        .imports("ids that Double() would read as numbers stay text", .surveys,
                 u("client_id,response_date,score\n1E5,2024-03-05,9\n0x10,2024-03-05,8\nnan,2024-03-05,7\n"),
                 ["1E5 2024-03-05 9", "0x10 2024-03-05 8", "nan 2024-03-05 7"]),

        // Numbers Swift's Double() would accept are not amounts, scores or shares.
        .fails("nan as an amount", .billing, u("client_id,invoice_date,amount\nC1,2024-03-05,nan\n"),
               .invalid("is not an amount"), line: 2, column: 3, header: "amount", found: "nan"),
        .fails("inf as an amount", .billing, u("client_id,invoice_date,amount\nC1,2024-03-05,inf\n"),
               .invalid("is not an amount"), line: 2, column: 3, header: "amount", found: "inf"),
        .fails("0x10 as an amount", .billing, u("client_id,invoice_date,amount\nC1,2024-03-05,0x10\n"),
               .invalid("is not an amount"), line: 2, column: 3, header: "amount", found: "0x10"),
        .fails("1e400 as an amount", .billing, u("client_id,invoice_date,amount\nC1,2024-03-05,1e400\n"),
               .invalid("is not an amount"), line: 2, column: 3, header: "amount", found: "1e400"),
        .fails("1e1 as a score", .surveys, u("client_id,response_date,score\nC1,2024-03-05,1e1\n"),
               .invalid("is not a score from 0 to 10"), line: 2, column: 3, header: "score", found: "1e1"),
        .fails("nan as a reported share", .wallet, u("client_id,year,reported_share\nC1,2024,nan\n"),
               .invalid("is not a share"), line: 2, column: 3, header: "reported_share", found: "nan"),

        // Day and month order.
        .fails("03/04/2024 without a date order", .surveys, u("client_id,response_date,score\nC1,03/04/2024,9\n"),
               .invalid("is ambiguous: 3 April 2024 (day first) or 4 March 2024 (month first)"),
               line: 2, column: 2, header: "response_date", found: "03/04/2024"),
        .imports("03/04/2024 with --date-order dmy", .surveys, u("client_id,response_date,score\nC1,03/04/2024,9\n"),
                 ["C1 2024-04-03 9"], options: dmy()),
        .imports("03/04/2024 after a date that can only be day-first", .contacts,
                 u("client_id,contact_date\nC1,13/04/2024\nC1,03/04/2024\n"), ["C1 2024-04-13", "C1 2024-04-03"]),
        .fails("03/04/2024 before the date that settles the order is still an error", .contacts,
               u("client_id,contact_date\nC1,03/04/2024\nC1,13/04/2024\n"),
               .invalid("is ambiguous: 3 April 2024 (day first) or 4 March 2024 (month first)"),
               line: 2, column: 2, header: "contact_date", found: "03/04/2024"),
        .fails("a two-digit year", .billing, u("client_id,invoice_date,amount\nC1,03/04/24,5\n"),
               .invalid("is not a date: the year has two digits"), line: 2, column: 2, header: "invoice_date", found: "03/04/24"),

        // Dates outside any plausible range (ImportOptions.plausibleYears, 1900...2099).
        .fails("the year 1", .billing, u("client_id,invoice_date,amount\nC1,0001-01-01,5\n"),
               .invalid("is not a plausible date"), line: 2, column: 2, header: "invoice_date", found: "0001-01-01"),
        .fails("a mistyped year 2204", .contacts, u("client_id,contact_date\nC1,2204-03-05\n"),
               .invalid("is not a plausible date"), line: 2, column: 2, header: "contact_date", found: "2204-03-05"),
        .imports("the first and last plausible days", .surveys,
                 u("client_id,response_date,score\nC1,1900-01-01,9\nC1,2099-12-31,9\n"), ["C1 1900-01-01 9", "C1 2099-12-31 9"]),
        .skips("Excel's zero date with --excel-dates", .billing, u("client_id,invoice_date,amount\nC1,45356,5\nC2,0,6\n"),
               ["C1 2024-03-05 5.00"], rejectedLines: [3], kinds: ["invalid_field"], options: ImportOptions(excelDates: true)),
        .fails("a wallet year 0", .wallet, u("client_id,year,wallet_estimate\nC1,0,100\n"),
               .invalid("is not a plausible year"), line: 2, column: 2, header: "year", found: "0"),

        // Quantities that cannot be negative (a billing amount can: credit notes).
        .fails("a negative wallet estimate", .wallet, u("client_id,year,wallet_estimate\nC1,2024,100\nC2,2024,(250.00)\n"),
               .invalid("is a negative wallet"), line: 3, column: 3, header: "wallet_estimate", found: "(250.00)"),
        .imports("a wallet estimate of 0", .wallet, u("client_id,year,wallet_estimate\nC1,2024,0\n"), ["C1 2024 wallet 0.00"]),
        .fails("a negative contact duration", .contacts, u("client_id,contact_date,duration_minutes\nC1,2024-03-05,-30\n"),
               .invalid("is a negative duration"), line: 2, column: 3, header: "duration_minutes", found: "-30"),
        .imports("a contact of 0 minutes", .contacts, u("client_id,contact_date,duration_minutes\nC1,2024-03-05,0\n"), ["C1 2024-03-05 0 min"]),

        // Scores outside 0-10.
        .fails("a score of 11", .surveys, u("client_id,response_date,score\nC1,2024-03-05,11\n"),
               .invalid("is not a score from 0 to 10"), line: 2, column: 3, header: "score", found: "11"),
        .fails("a score of -1", .surveys, u("client_id,response_date,score\nC1,2024-03-05,-1\n"),
               .invalid("is not a score from 0 to 10"), line: 2, column: 3, header: "score", found: "-1"),
        .fails("a score of 9.5", .surveys, u("client_id,response_date,score\nC1,2024-03-05,9.5\n"),
               .invalid("is not a whole number from 0 to 10"), line: 2, column: 3, header: "score", found: "9.5"),
        .fails("a score of N/A", .surveys, u("client_id,response_date,score\nC1,2024-03-05,N/A\n"),
               .invalid("is not a score from 0 to 10"), line: 2, column: 3, header: "score", found: "N/A"),
        .fails("an empty score", .surveys, u("client_id,response_date,score\nC1,2024-03-05, \n"),
               .empty, line: 2, column: 3, header: "score"),
        .imports("scores 0, 10, 9.0 and ' 7 '", .surveys,
                 u("client_id,response_date,score\nC1,2024-03-05,0\nC1,2024-03-05,10\nC1,2024-03-05,9.0\nC1,2024-03-05, 7 \n"),
                 ["C1 2024-03-05 0", "C1 2024-03-05 10", "C1 2024-03-05 9", "C1 2024-03-05 7"]),

        // Duplicate rows are kept (two equal invoice lines can be real); inspect reports them.
        .imports("duplicate rows are kept", .billing, u("client_id,invoice_date,amount\nC1,2024-03-05,100\nC1,2024-03-05,100\n"),
                 ["C1 2024-03-05 100.00", "C1 2024-03-05 100.00"]),
    ]

    @Test("the typed importers", arguments: importCases)
    func importer(_ c: ImportCatalogueCase) {
        switch c.kind {
        case .billing: Self.check(c, Self.read(BillingLine.self, c, describe))
        case .surveys:
            let records = Self.read(SurveyResponse.self, c, describe)
            Self.check(c, records)
            // The columnar reader behind `nps` gives the same records and errors.
            do {
                let table = try SurveyTable.read(.memory(c.input), file: "test.csv", options: c.options)
                #expect(table.responses.map(describe) == (try? records.get().records))
            } catch {
                #expect(error == records.failure, "SurveyTable")
            }
        case .contacts: Self.check(c, Self.read(ContactEvent.self, c, describe))
        case .wallet: Self.check(c, Self.read(WalletEntry.self, c, describe))
        }
    }

    typealias ImportResult = Result<(records: [String], summary: ImportSummary), ImportError>

    static func read<Record: ImportableRecord>(_: Record.Type, _ c: ImportCatalogueCase, _ describe: (Record) -> String) -> ImportResult {
        do {
            let table = try ImportedTable<Record>.read(.memory(c.input), file: "test.csv", options: c.options)
            return .success((table.records.map(describe), table.summary))
        } catch {
            return .failure(error)
        }
    }

    static func check(_ c: ImportCatalogueCase, _ result: ImportResult) {
        switch (c.outcome, result) {
        case (.imports(let expected), .success(let read)):
            #expect(read.records == expected)
            #expect(read.summary.rowsRead == expected.count)
            #expect(read.summary.rowsRejected == 0)
        case (.skips(let expected, let lines, let kinds), .success(let read)):
            #expect(read.records == expected)
            #expect(read.summary.issues.map(\.line) == lines)
            #expect(read.summary.issues.map(\.kind) == kinds)
            #expect(read.summary.rowsRead == read.summary.rowsAccepted + read.summary.rowsRejected)
        case (.fails(let failure, let line, let column, let header, let found), .failure(let error)):
            #expect(failure.matches(error.kind), "expected \(failure), got \(error.kind.name): \(error.message)")
            #expect(error.position.line == line)
            #expect(error.position.column == column)
            #expect(error.columnName == header)
            #expect(error.file == "test.csv")
            if let found { #expect(error.found == found) }
            #expect(!error.message.contains("\u{FFFD}"))
        default:
            Issue.record("expected \(c.outcome), got \(result)")
        }
    }

    // MARK: inspect

    static let inspectCases: [InspectCatalogueCase] = [
        InspectCatalogueCase(
            name: "two equal invoice lines are kept, counted and listed",
            input: u("client_id,invoice_date,amount\nC1,2024-03-05,100\nC2,2024-03-05,50\nC1,2024-03-05,100\n"),
            options: InspectOptions(kind: .billing), rowsRead: 3, rowsAccepted: 3, duplicateRowCount: 1, duplicateRows: [[4, 2]]),
        InspectCatalogueCase(
            name: "rows are compared by their fields: quoting does not matter, spaces do",
            input: u("client_id,invoice_date,amount\nC1,2024-03-05,100\n\"C1\",\"2024-03-05\",\"100\"\nC1,2024-03-05, 100\n"),
            options: InspectOptions(kind: .billing), rowsRead: 3, rowsAccepted: 3, duplicateRowCount: 1, duplicateRows: [[3, 2]]),
        InspectCatalogueCase(
            name: "rejected rows repeat too",
            input: u("client_id,invoice_date,amount\nC1,2024-03-05,abc\nC1,2024-03-05,abc\n"),
            options: InspectOptions(kind: .billing), rowsRead: 2, rowsAccepted: 0, duplicateRowCount: 1, duplicateRows: [[3, 2]],
            errorKinds: ["invalid_field", "invalid_field"]),
        InspectCatalogueCase(
            name: "empty rows are skipped, not duplicates; the list stops at the limit",
            input: u("a,b\n1,2\n\n,\n,\n1,2\n3,4\n1,2\n3,4\n"),
            options: InspectOptions(duplicateLimit: 2), rowsRead: 5, rowsAccepted: 5, duplicateRowCount: 3, duplicateRows: [[6, 2], [8, 2]]),
        InspectCatalogueCase(
            name: "a repeated column name is reported and rows are checked as CSV only",
            input: u("client_id,invoice_date,amount,amount\nC1,2024-03-05,1,2\nC1,2024-03-05,1,2\n"),
            options: InspectOptions(kind: .billing), rowsRead: 2, rowsAccepted: 2, duplicateRowCount: 1, duplicateRows: [[3, 2]],
            duplicateColumns: ["amount"], errorKinds: ["duplicate_column"], fields: ["client_id", "invoice_date", "amount", nil]),
        InspectCatalogueCase(
            name: "--encoding latin1: examples are decoded, never U+FFFD",
            input: u("name,city\nRen") + [0xE9] + u(",K") + [0xF6] + u("ln\n"),
            options: InspectOptions(importOptions: ImportOptions(csv: latin1())), rowsRead: 1, rowsAccepted: 1,
            duplicateRowCount: 0, duplicateRows: [], examples: ["René", "Köln"]),
    ]

    @Test("inspect", arguments: inspectCases)
    func inspect(_ c: InspectCatalogueCase) throws {
        let inspection = try FileInspection.inspect(.memory(c.input), file: "test.csv", options: c.options)
        #expect(inspection.rowsRead == c.rowsRead)
        #expect(inspection.rowsAccepted == c.rowsAccepted)
        #expect(inspection.duplicateRowCount == c.duplicateRowCount)
        #expect(inspection.duplicateRows.map { [$0.line, $0.firstLine] } == c.duplicateRows)
        #expect(inspection.duplicateColumns == c.duplicateColumns)
        #expect(inspection.errors.map(\.kind) == c.errorKinds)
        if let examples = c.examples { #expect(inspection.columns.map(\.example) == examples) }
        if let fields = c.fields { #expect(inspection.columns.map(\.field) == fields) }
    }
}

// MARK: - Describing records

private func describe(_ line: BillingLine) -> String {
    var text = "\(line.clientID) \(line.invoiceDate) \(line.amount)"
    if line.extraValues.count > 3 {
        text += " [\(line.extraValues.count) extra values]"
    } else if !line.extraValues.isEmpty {
        text += " [" + line.extraValues.joined(separator: "|") + "]"
    }
    return text
}

private func describe(_ response: SurveyResponse) -> String {
    var text = "\(response.clientID) \(response.responseDate) \(response.score)"
    if let comment = response.comment {
        text += comment.utf8.count > 40 ? " comment: \(comment.utf8.count) bytes" : " comment: \(comment)"
    }
    return text
}

private func describe(_ event: ContactEvent) -> String {
    "\(event.clientID) \(event.contactDate)" + (event.durationMinutes.map { " \($0) min" } ?? "")
}

private func describe(_ entry: WalletEntry) -> String {
    "\(entry.clientID) \(entry.year)" + (entry.walletEstimate.map { " wallet \($0)" } ?? "")
        + (entry.reportedShare.map { " share \($0)" } ?? "")
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
