/// A problem importing a file into typed records, with the place it was found.
///
/// A message reads `column 'amount': "12,3x" is not an amount; expected a number such as 1,234.50`.
///
/// Every importer throws it: ``RecordReader``, ``ImportedTable``, ``SurveyTable`` and the
/// readers that build an analysis straight from a file. With ``ErrorPolicy/skip`` a bad row
/// becomes an ``ImportIssue`` instead, and only problems with the file as a whole are thrown.
///
/// ```swift
/// let bad = Array("client,date,amount\nC1,2024-03-05,12.3x\n".utf8)
/// do throws(ImportError) {
///     _ = try ImportedTable<BillingLine>.read(.memory(bad), file: "billing.csv")
/// } catch {
///     print(error.diagnostic)   // billing.csv:2:3: error: column 'amount': "12.3x" is not an amount; ...
///     print(error.kind.name)    // invalid_field
/// }
/// ```
public struct ImportError: PositionedError, Hashable, Sendable {
    /// What went wrong; ``ImportError/Kind/name`` is its stable snake_case name for JSON output.
    public enum Kind: Hashable, Sendable {
        /// The file is not well-formed CSV.
        case malformedCSV(CSVError.Kind)
        /// A required column is missing from the header.
        case missingColumn(field: String)
        /// The header has two columns with the same name (ignoring case, spaces, underscores,
        /// hyphens and dots), and a field would read it: which one holds the values is unclear.
        /// The position is the second column; `firstColumn` is the 1-based number of the first.
        case duplicateColumn(field: String, firstColumn: Int)
        /// `--map` names a header the file does not have, or a field the kind does not read.
        case unknownMapping(String)
        /// A required field is empty.
        case emptyField
        /// A field's text could not be read as its type.
        case invalidField(FieldParseFailure)
        /// The rejects file could not be written.
        case output(message: String)

        /// A stable snake_case name, used in JSON output.
        public var name: String {
            switch self {
            case .malformedCSV(let kind): kind.name
            case .missingColumn: "missing_column"
            case .duplicateColumn: "duplicate_column"
            case .unknownMapping: "unknown_mapping"
            case .emptyField: "empty_field"
            case .invalidField: "invalid_field"
            case .output: "output"
            }
        }
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// Where it was found: the 1-based line and field number and the byte offset of the field;
    /// the header row for a column problem, line 0 for the file as a whole.
    public var position: SourcePosition
    /// The file name as the caller gave it, or `nil` for in-memory input.
    public var file: String?
    /// The header name of the column, when the problem is in one field.
    public var columnName: String?
    /// The field's text as found.
    public var found: String?
    /// The full message for CSV errors, which build their own.
    private var csvMessage: String?

    /// Creates an import error, for a reader of one's own that reports problems the same way.
    ///
    /// - Parameters:
    ///   - kind: What went wrong.
    ///   - position: Where: 1-based line and field number, and the byte offset.
    ///   - file: The file name to show, or `nil` for in-memory input.
    ///   - columnName: The header name of the field's column, when the problem is in one field.
    ///   - found: The field's text as found (for ``Kind/missingColumn(field:)``, the header's
    ///     columns), shown in the message.
    public init(_ kind: Kind, position: SourcePosition, file: String?, columnName: String? = nil, found: String? = nil) {
        self.kind = kind
        self.position = position
        self.file = file
        self.columnName = columnName
        self.found = found
    }

    /// Wraps a CSV error met while importing.
    ///
    /// The kind becomes ``Kind/malformedCSV(_:)``; the position, file, column and the CSV
    /// error's own message are kept.
    ///
    /// - Parameter error: The reader's error.
    public init(_ error: CSVError) {
        self.init(.malformedCSV(error.kind), position: error.position, file: error.file, columnName: error.columnName, found: error.found)
        csvMessage = error.message
    }

    /// The message without the file and position: the column, the text found, what is wrong
    /// and what was expected.
    public var message: String {
        if let csvMessage { return csvMessage }
        let column = columnName.map { "column '\($0)': " } ?? ""
        let text = found.map { "\"\($0)\"" } ?? "the field"
        switch kind {
        case .malformedCSV:
            return column + "malformed CSV"
        case .missingColumn(let field):
            return "missing required column '\(field)'; found \(found ?? "no columns") (map one with --map \(field)=\"Header\")"
        case .duplicateColumn(let field, let firstColumn):
            return column + "repeats the name of column \(firstColumn), which is read as \(field); expected each column once (rename or remove one)"
        case .unknownMapping(let detail):
            return detail
        case .output(let message):
            return message
        case .emptyField:
            return column + "is empty; expected a value"
        case .invalidField(let failure):
            return column + text + " " + failure.problem + (failure.hint.map { "; \($0)" } ?? "")
        }
    }
}

/// A row left out by `--on-error skip`, with why.
///
/// ``ImportSummary/issues`` keeps the first ones (up to ``ImportOptions/issueLimit``); all of
/// them are counted in ``ImportSummary/rowsRejected``.
public struct ImportIssue: Sendable, Hashable, Codable {
    /// The 1-based physical line of the problem.
    public var line: Int
    /// The 1-based field number of the problem.
    public var column: Int
    /// The header name of that column, or `nil` when the position has none (a field beyond
    /// the header's last column, say).
    public var columnName: String?
    /// The error's stable snake_case kind, such as `invalid_field` (see ``ImportError/Kind/name``).
    public var kind: String
    /// The error's message in plain words, without the file and position.
    public var message: String
}

extension ImportIssue {
    private enum CodingKeys: String, CodingKey { case line, column, columnName, kind, message }

    /// Writes every key, `columnName` as `null` when the position has no header name.
    ///
    /// - Parameter encoder: The encoder to write the keys to.
    /// - Throws: Whatever the encoder throws, such as `EncodingError.invalidValue`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(columnName, forKey: .columnName)
        try container.encode(kind, forKey: .kind)
        try container.encode(message, forKey: .message)
    }
}
