/// Options for ``CSVWriter``: delimiter, line ending and formula neutralising.
public struct CSVWriteOptions: Sendable, Hashable {
    /// The field delimiter written between fields; a comma by default.
    public var delimiter: CSVDelimiter
    /// `"\n"` (the default) or `"\r\n"`.
    public var lineEnding: String
    /// Prefix `'` to cells a spreadsheet would run as a formula (see ``CSVWriter/neutralized(_:)``).
    public var neutralizesFormulas: Bool

    /// Options for writing CSV; the defaults write RFC 4180 CSV with `\n` line endings and
    /// formulas neutralised.
    ///
    /// - Parameters:
    ///   - delimiter: The field delimiter; `.semicolon` suits spreadsheets in countries where
    ///     the comma marks decimals.
    ///   - lineEnding: `"\n"` (the default) or `"\r\n"`, written after every row as given.
    ///   - neutralizesFormulas: Whether to prefix `'` to cells a spreadsheet would run as a
    ///     formula; `true` by default. Turn it off only for files no person opens in a spreadsheet.
    public init(delimiter: CSVDelimiter = .comma, lineEnding: String = "\n", neutralizesFormulas: Bool = true) {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.neutralizesFormulas = neutralizesFormulas
    }
}

/// Writes RFC 4180 CSV: a field is quoted when it holds the delimiter, a quote, CR or LF,
/// and quotes inside are doubled. A row of one empty field is written as `""` so that it is
/// not read back as a blank line.
///
/// By default every cell that a spreadsheet would treat as a formula (it starts with `=`,
/// `+`, `-`, `@`, tab or CR) gets a leading `'`, except plain numbers such as `-12.5`.
///
/// ```swift
/// let writer = try CSVWriter(.memory)
/// writer.writeRow(["name", "note"])
/// writer.writeRow(["Smith, Jones & Co", "=HYPERLINK(\"x\")"])
/// // name,note
/// // "Smith, Jones & Co","'=HYPERLINK(""x"")"
/// try writer.close()
/// print(String(decoding: writer.sink.memory, as: UTF8.self))
/// ```
///
/// Bytes are buffered in the ``sink``: call ``flushIfNeeded()`` after each row to keep the
/// buffer near 256 KiB on a long export, and ``close()`` at the end to write the rest and
/// learn of any write error.
///
/// - Complexity: O(n) in the bytes written. Memory: the bytes written since the last flush,
///   or the whole output for a `.memory` sink.
public final class CSVWriter {
    /// The options the writer was made with.
    public let options: CSVWriteOptions
    /// Where the bytes go; for a `.memory` writer, read ``ByteSink/memory`` here.
    public let sink: ByteSink
    private let delimiter: UInt8
    private let lineEnding: [UInt8]
    /// Whether the last field written was empty: a row of one empty field needs `""`.
    private var lastFieldWasEmpty = false
    /// Nothing written yet: the first field is where a reader looks for a byte order mark or
    /// Excel's `sep=` line, so a field that starts like one is quoted there.
    private var atStart = true

    /// A writer to a sink that is already open, such as ``ByteSink/standardOutput()``.
    ///
    /// - Parameters:
    ///   - sink: Where to write; the writer buffers into it and closes it in ``close()``.
    ///   - options: Delimiter, line ending and formula neutralising.
    public init(_ sink: ByteSink, options: CSVWriteOptions = CSVWriteOptions()) {
        self.sink = sink
        self.options = options
        delimiter = options.delimiter.rawValue
        lineEnding = Array(options.lineEnding.utf8)
    }

    /// Opens `kind` and writes to it.
    ///
    /// - Parameters:
    ///   - kind: A file path (created or truncated), standard output, standard error or memory.
    ///   - options: Delimiter, line ending and formula neutralising.
    /// - Throws: ``OutputError`` when the file cannot be created.
    public convenience init(_ kind: ByteSinkKind, options: CSVWriteOptions = CSVWriteOptions()) throws(OutputError) {
        self.init(try ByteSink(kind), options: options)
    }

    /// Writes one record: the fields, quoted where needed, then the line ending.
    ///
    /// - Parameter fields: The record's cells in order, such as `["C1", "2024-03-05", "1234.50"]`.
    public func writeRow<S: Sequence>(_ fields: S) where S.Element: StringProtocol {
        var first = true
        var count = 0
        for field in fields {
            if !first { sink.write(delimiter) }
            first = false
            writeField(field)
            count += 1
        }
        if count == 1 && lastFieldWasEmpty { sink.write([0x22, 0x22]) }
        sink.write(lineEnding)
    }

    /// Writes bytes as they are (a line of a rejects file copied from the input), no line ending.
    ///
    /// Nothing is quoted or neutralised: the caller answers for the bytes being valid CSV.
    ///
    /// - Parameter bytes: The bytes to write, unchanged.
    package func writeRaw<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        atStart = atStart && bytes.isEmpty
        sink.write(bytes)
    }

    /// Writes one field followed by nothing; for callers that build rows field by field.
    ///
    /// The field is neutralised (if the options say so) and quoted where needed, as in
    /// ``writeRow(_:)``. Put ``writeDelimiter()`` between fields and ``endRow()`` after the last.
    ///
    /// ```swift
    /// writer.writeField("C1")
    /// writer.writeDelimiter()
    /// writer.writeField("1234.50")
    /// writer.endRow()
    /// ```
    ///
    /// - Parameter field: The cell's text.
    public func writeField<S: StringProtocol>(_ field: S) {
        var text = options.neutralizesFormulas ? Self.neutralized(String(field)) : String(field)
        lastFieldWasEmpty = text.isEmpty
        let delimiter = self.delimiter
        let first = atStart
        atStart = false
        text.withUTF8 { bytes in
            // At the start of the output, a field beginning with a byte order mark or with
            // `sep=` would be read as one (found by fuzzing the round trip): quoted, it is not.
            var needsQuotes = first && Self.looksLikePreamble(bytes)
            for b in bytes where !needsQuotes && (b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D) {
                needsQuotes = true
                break
            }
            if !needsQuotes {
                sink.write(bytes)
                return
            }
            sink.write(0x22)
            for b in bytes {
                if b == 0x22 { sink.write(0x22) }
                sink.write(b)
            }
            sink.write(0x22)
        }
    }

    /// A UTF-8 byte order mark, or `sep=` in any case.
    private static func looksLikePreamble(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return true }
        guard bytes.count >= 4 else { return false }
        return bytes[0] | 0x20 == 0x73 && bytes[1] | 0x20 == 0x65 && bytes[2] | 0x20 == 0x70 && bytes[3] == 0x3D
    }

    /// Writes the delimiter between two fields written with ``writeField(_:)``.
    public func writeDelimiter() {
        atStart = false
        sink.write(delimiter)
    }
    /// Ends the row being built field by field: writes the line ending.
    public func endRow() { sink.write(lineEnding) }

    /// Flushes to the file once enough bytes have gathered.
    ///
    /// Cheap to call after every row; it writes only when 256 KiB or more are buffered, so a
    /// long export keeps bounded memory.
    ///
    /// - Throws: ``OutputError`` when writing to the file fails (a full disk, say).
    public func flushIfNeeded() throws(OutputError) { try sink.flushIfNeeded() }

    /// Flushes and closes the output.
    ///
    /// - Throws: ``OutputError`` when the last bytes cannot be written or the file cannot be
    ///   closed; until then the file may be incomplete.
    public func close() throws(OutputError) { try sink.close() }

    /// The cell as it is safe to open in a spreadsheet: `'` before a leading `=`, `+`, `-`,
    /// `@`, tab or CR, unless the whole cell is a plain number (`-12.5`, `+3`).
    ///
    /// This guards against CSV (formula) injection, as OWASP describes it: a client name
    /// such as `=HYPERLINK(...)` in an export would otherwise run when the file is opened.
    ///
    /// ```swift
    /// CSVWriter.neutralized("=SUM(A1:A9)")   // '=SUM(A1:A9)
    /// CSVWriter.neutralized("-12.5")         // -12.5
    /// CSVWriter.neutralized("-1+2")          // '-1+2
    /// ```
    ///
    /// - Parameter cell: The cell's text.
    /// - Returns: The text unchanged, or with a leading `'`.
    public static func neutralized(_ cell: String) -> String {
        guard let first = cell.utf8.first else { return cell }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + cell
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return isPlainNumber(cell.utf8.dropFirst()) ? cell : "'" + cell
        default:
            return cell
        }
    }

    private static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
        var digits = 0
        var sawPoint = false
        var digitsAfterPoint = 0
        for b in bytes {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
                if sawPoint { digitsAfterPoint += 1 }
            } else if b == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                return false
            }
        }
        return digits > 0 && (!sawPoint || digitsAfterPoint > 0)
    }
}

/// Not `Sendable`: a writer buffers rows; use one writer per thread.
@available(*, unavailable)
extension CSVWriter: Sendable {}
