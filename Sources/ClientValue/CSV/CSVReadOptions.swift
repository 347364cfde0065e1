/// A field delimiter the reader understands.
public enum CSVDelimiter: UInt8, Sendable, Hashable, CaseIterable {
    case comma = 0x2C
    case semicolon = 0x3B
    case tab = 0x09
    case pipe = 0x7C

    /// Parses `,`, `;`, `|`, `tab` or `\t` (also the words comma, semicolon, pipe).
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
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

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
    public var quoting: QuoteHandling
    public var encoding: TextEncoding
    /// The size of each read from the input, in bytes. The buffer grows beyond it only for a
    /// single record that is longer.
    public var chunkSize: Int

    public init(delimiter: CSVDelimiter? = nil, quoting: QuoteHandling = .strict,
                encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20) {
        self.delimiter = delimiter
        self.quoting = quoting
        self.encoding = encoding
        self.chunkSize = max(16, chunkSize)
    }
}

/// What the reader found out about a file's format.
public struct CSVDialect: Sendable, Hashable, Codable {
    public enum LineEnding: String, Sendable, Hashable, Codable {
        case lf, crlf, cr, none
    }

    public var delimiter: CSVDelimiter
    /// True when the delimiter was sniffed rather than given or set by a `sep=` line.
    public var delimiterWasSniffed: Bool
    /// True when the file began with Excel's `sep=X` line.
    public var hadSepLine: Bool
    public var hadByteOrderMark: Bool
    public var encoding: TextEncoding
    public var quoting: QuoteHandling
    /// The line ending of the first line (the header).
    public var lineEnding: LineEnding
}
