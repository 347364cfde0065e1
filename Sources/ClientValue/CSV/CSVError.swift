/// A structural problem in a CSV file, with the place it was found.
///
/// The reader throws one for a record it cannot tokenise (a stray quote, a quote never
/// closed, a row with more or fewer fields than the header, bytes that are not text) and for
/// a file it cannot open or read. ``PositionedError/diagnostic`` renders it as compilers do,
/// so editors and CI logs can jump to the place:
///
/// ```swift
/// let bytes = Array("client,amount\nC1,\"12\"x\n".utf8)
/// do throws(CSVError) {
///     let reader = try CSVReader(.memory(bytes), file: "billing.csv")
///     while try reader.next() {}
/// } catch {
///     print(error.diagnostic)   // billing.csv:2:2: error: column 'amount': unexpected text after a closing quote; ...
///     print(error.kind.name)    // text_after_closing_quote
/// }
/// ```
public struct CSVError: PositionedError, Hashable, Sendable {
    /// What is wrong with the file's CSV structure; ``CSVError/Kind/name`` is its stable
    /// snake_case name.
    public enum Kind: Hashable, Sendable {
        /// A quoted field is still open at the end of the input; the position is where it opened.
        case unterminatedQuote
        /// A `"` inside a field that did not start with one (strict mode only).
        case quoteInUnquotedField
        /// Text between a closing quote and the next delimiter (strict mode only).
        case textAfterClosingQuote
        /// A record with a different number of fields than the header.
        case unequalFieldCount(expected: Int, found: Int)
        /// A NUL byte, which no text export contains.
        case nulByte
        /// Bytes that are not UTF-8 (give an encoding such as latin1 to read them).
        case invalidUTF8
        /// A UTF-16 or UTF-32 file, known by its byte order mark (or, for UTF-16, by NUL bytes
        /// between its first ASCII characters); these are refused at line 1, column 1, rather than
        /// misread. The value describes the encoding, such as `UTF-16 (little-endian, with a byte order mark)`.
        case unsupportedEncoding(String)
        /// The input has no header row.
        case missingHeader
        /// The file could not be opened or read.
        case io(message: String)

        /// A stable snake_case name, used in JSON output.
        public var name: String {
            switch self {
            case .unterminatedQuote: "unterminated_quote"
            case .quoteInUnquotedField: "quote_in_unquoted_field"
            case .textAfterClosingQuote: "text_after_closing_quote"
            case .unequalFieldCount: "unequal_field_count"
            case .nulByte: "nul_byte"
            case .invalidUTF8: "invalid_utf8"
            case .unsupportedEncoding: "unsupported_encoding"
            case .missingHeader: "missing_header"
            case .io: "io"
            }
        }
    }

    /// What kind of structural problem this is.
    public var kind: Kind
    /// Where the problem was found: the 1-based physical line and field number, and the byte
    /// offset from the start of the file. Line 0 means the file as a whole (it could not be opened).
    public var position: SourcePosition
    /// The header name of the column at `position.column`, when known.
    public var columnName: String?
    /// The file name as the caller gave it (else the path, or `<stdin>`), or `nil` for bytes
    /// in memory read without a name.
    public var file: String?
    /// A short excerpt of what was found, for the message.
    public var found: String?
    /// For a quoted field that ran over several lines before the problem: the line where its
    /// quote opened, which is usually where a closing quote is missing.
    public var quoteOpenedOnLine: Int?

    /// Creates an error of a given kind at a place in a file.
    ///
    /// The reader makes these itself; an embedder needs this only to report a problem of its
    /// own in the same form, or in tests.
    ///
    /// - Parameters:
    ///   - kind: What is wrong.
    ///   - position: Where: 1-based line and field number, and the byte offset.
    ///   - file: The file name to show in the message, or `nil` for in-memory input.
    ///   - columnName: The header name of the field's column, when the problem is in one field.
    ///   - found: A short excerpt of what was found, shown in the message.
    public init(_ kind: Kind, position: SourcePosition, file: String? = nil, columnName: String? = nil, found: String? = nil) {
        self.kind = kind
        self.position = position
        self.file = file
        self.columnName = columnName
        self.found = found
    }

    /// The message without the file and position: the column, what was expected and what
    /// was found, in plain words.
    public var message: String {
        let column = columnName.map { "column '\($0)': " } ?? ""
        let shown = found.map { " (found \($0))" } ?? ""
        switch kind {
        case .unterminatedQuote:
            return "\(column)quoted field opened here is never closed; expected a closing '\"' before the end of the file"
        case .quoteInUnquotedField:
            return "\(column)unexpected '\"' inside an unquoted field; expected the field to be quoted with \"\" for a literal quote\(shown)"
        case .textAfterClosingQuote:
            let opened = quoteOpenedOnLine.map { "; the quoted field opened on line \($0): is a closing quote missing there?" } ?? ""
            return "\(column)unexpected text after a closing quote; expected a delimiter or the end of the line\(shown)\(opened)"
        case .unequalFieldCount(let expected, let found):
            return "\(column)expected \(expected) fields as in the header, found \(found)"
        case .nulByte:
            return "\(column)unexpected NUL byte; expected text"
        case .invalidUTF8:
            return "\(column)bytes are not valid UTF-8\(shown); expected UTF-8 text, or give --encoding latin1 or windows-1252"
        case .unsupportedEncoding(let encoding):
            let name = encoding.hasPrefix("UTF-32") ? "UTF-32" : "UTF-16"
            return "the file is \(encoding), which is not read; expected UTF-8 (save it as \"CSV UTF-8\", or convert it with iconv -f \(name) -t UTF-8)"
        case .missingHeader:
            return "expected a header row, found an empty file"
        case .io(let message):
            return message
        }
    }
}
