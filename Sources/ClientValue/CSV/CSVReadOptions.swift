/// A field delimiter the reader understands; the raw value is its byte.
///
/// Left unset in ``CSVReadOptions/delimiter``, the reader sniffs which of the four a file
/// uses from its first lines.
public enum CSVDelimiter: UInt8, Sendable, Hashable, CaseIterable {
    /// `,`, the usual delimiter of English-language exports.
    case comma = 0x2C
    /// `;`, which Excel uses in countries where the comma marks decimals.
    case semicolon = 0x3B
    /// A tab character, as in "tab-separated values" exports.
    case tab = 0x09
    /// `|`, used by some billing and ERP systems.
    case pipe = 0x7C

    /// Parses `,`, `;`, `|`, `tab` or `\t` (also the words comma, semicolon, pipe).
    ///
    /// - Parameter argument: The delimiter as a user types it on the command line, in any case.
    /// - Returns: `nil` when the text names none of the four delimiters.
    public init?(argument: String) {
        switch argument.lowercased() {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab": self = .tab
        case "|", "pipe": self = .pipe
        default: return nil
        }
    }

    /// The delimiter for a single byte, if it is one of the four.
    ///
    /// - Parameter byte: An ASCII byte, such as `0x3B` for `;`.
    /// - Returns: `nil` for any other byte.
    public init?(byte: UInt8) { self.init(rawValue: byte) }

    /// A name a person reads: `comma`, `semicolon`, `tab`, `pipe`.
    public var name: String {
        switch self {
        case .comma: "comma"
        case .semicolon: "semicolon"
        case .tab: "tab"
        case .pipe: "pipe"
        }
    }
}

extension CSVDelimiter: Codable {
    /// Encodes as its name (`"comma"`), which reads better in JSON than the byte value.
    ///
    /// - Parameter encoder: The encoder to write the name to.
    /// - Throws: Whatever the encoder throws for a single string value, such as
    ///   `EncodingError.invalidValue`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    /// Decodes a delimiter from its name or its character, as ``init(argument:)`` reads it:
    /// `"comma"`, `";"`, `"tab"`.
    ///
    /// - Parameter decoder: The decoder to read a single string value from.
    /// - Throws: `DecodingError.dataCorrupted` when the string names no delimiter, or the
    ///   decoder's own error when the value is not a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let delimiter = CSVDelimiter(argument: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown delimiter '\(text)'")
        }
        self = delimiter
    }
}

/// How a file's bytes become text.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable, Codable {
    /// UTF-8; invalid bytes are an error.
    case utf8 = "utf-8"
    /// ISO 8859-1: every byte is the Unicode scalar of the same value.
    case latin1 = "latin1"
    /// Windows code page 1252: Latin-1 with printable characters (€, curly quotes) in 0x80–0x9F.
    case windows1252 = "windows-1252"

    /// Parses `utf-8`, `utf8`, `latin1`, `latin-1`, `iso-8859-1`, `windows-1252`, `cp1252`.
    ///
    /// - Parameter argument: The encoding's name as a user types it (`--encoding`), in any case.
    /// - Returns: `nil` for any other name; UTF-16 and UTF-32 are not read.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        case "windows-1252", "cp1252", "windows1252": self = .windows1252
        default: return nil
        }
    }
}

/// How strictly quotes are checked.
public enum QuoteHandling: String, Sendable, Hashable, Codable {
    /// RFC 4180: a stray quote, text after a closing quote, or an unterminated quote is an error.
    case strict
    /// As Python's `csv` module: `a"b` reads as `a"b`, `"ab"cd` as `abcd`, and a quote still
    /// open at the end of the input closes there.
    case lenient
}

/// Options for ``CSVReader``. Every property has the default most exports need.
public struct CSVReadOptions: Sendable, Hashable {
    /// The field delimiter, or `nil` to sniff it (after honouring an Excel `sep=` line).
    public var delimiter: CSVDelimiter?
    /// How strictly quotes are checked: RFC 4180 (``QuoteHandling/strict``, the default) or
    /// as Python's `csv` module (``QuoteHandling/lenient``).
    public var quoting: QuoteHandling
    /// How the file's bytes become text: UTF-8 (the default), Latin-1 or Windows-1252.
    public var encoding: TextEncoding
    /// The size of each read from the input, in bytes. The buffer grows beyond it only for a
    /// single record that is longer.
    public var chunkSize: Int
    /// Whether plain records are scanned 32 bytes at a time (the default) rather than byte by
    /// byte; the results are the same. For the tests that compare the two scans.
    package var scansVectors = true

    /// Options for reading a CSV export; the defaults read most files as they are.
    ///
    /// ```swift
    /// // A semicolon-separated export from an older Windows system.
    /// let options = CSVReadOptions(delimiter: .semicolon, encoding: .windows1252)
    /// let reader = try CSVReader(.file(path: "contacts.csv"), options: options)
    /// ```
    ///
    /// - Parameters:
    ///   - delimiter: The field delimiter, or `nil` (the default) to sniff it from the first lines.
    ///   - quoting: ``QuoteHandling/strict`` (the default) or ``QuoteHandling/lenient``.
    ///   - encoding: The text encoding, UTF-8 by default.
    ///   - chunkSize: The size of each read, in bytes; 1 MiB by default, and at least 16.
    public init(delimiter: CSVDelimiter? = nil, quoting: QuoteHandling = .strict,
                encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20) {
        self.delimiter = delimiter
        self.quoting = quoting
        self.encoding = encoding
        self.chunkSize = max(16, chunkSize)
    }
}

/// What the reader found out about a file's format.
///
/// Read it from ``CSVReader/dialect``, ``ImportSummary/dialect`` or
/// ``FileInspection/dialect``; `clientvalue inspect` prints it.
public struct CSVDialect: Sendable, Hashable, Codable {
    /// How the file ends its lines, as found on the header row.
    public enum LineEnding: String, Sendable, Hashable, Codable {
        /// One of the four line endings: `lf`, a line feed alone (Unix, macOS and most web
        /// exports); `crlf`, carriage return then line feed (Windows and Excel); `cr`, a
        /// carriage return alone (classic Mac OS); `none`, no line ending at all, when the
        /// header is the whole file. The reader accepts all three endings on any line.
        case lf, crlf, cr, none
    }

    /// The field delimiter in force: given, set by a `sep=` line, or sniffed.
    public var delimiter: CSVDelimiter
    /// True when the delimiter was sniffed rather than given or set by a `sep=` line.
    public var delimiterWasSniffed: Bool
    /// True when the file began with Excel's `sep=X` line.
    public var hadSepLine: Bool
    /// True when the file began with a UTF-8 byte order mark (`EF BB BF`), as Excel's
    /// "CSV UTF-8" writes; the mark is skipped, not read as part of the first header.
    public var hadByteOrderMark: Bool
    /// The text encoding the file was read with (as given in ``CSVReadOptions/encoding``).
    public var encoding: TextEncoding
    /// The quote handling the file was read with (as given in ``CSVReadOptions/quoting``).
    public var quoting: QuoteHandling
    /// The line ending of the first line (the header).
    public var lineEnding: LineEnding
}
