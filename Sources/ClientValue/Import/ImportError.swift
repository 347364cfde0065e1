/// A problem importing a file into typed records, with the place it was found.
///
/// A message reads `column 'amount': "12,3x" is not an amount; expected a number such as 1,234.50`.
public struct ImportError: PositionedError, Hashable, Sendable {
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

    public var kind: Kind
    public var position: SourcePosition
    public var file: String?
    /// The header name of the column, when the problem is in one field.
    public var columnName: String?
    /// The field's text as found.
    public var found: String?
    /// The full message for CSV errors, which build their own.
    private var csvMessage: String?

    public init(_ kind: Kind, position: SourcePosition, file: String?, columnName: String? = nil, found: String? = nil) {
        self.kind = kind
        self.position = position
        self.file = file
        self.columnName = columnName
        self.found = found
    }

    /// Wraps a CSV error met while importing.
    public init(_ error: CSVError) {
        self.init(.malformedCSV(error.kind), position: error.position, file: error.file, columnName: error.columnName, found: error.found)
        csvMessage = error.message
    }

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
public struct ImportIssue: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int
    public var columnName: String?
    public var kind: String
    public var message: String
}

extension ImportIssue {
    private enum CodingKeys: String, CodingKey { case line, column, columnName, kind, message }

    /// Writes every key, `columnName` as `null` when the position has no header name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(columnName, forKey: .columnName)
        try container.encode(kind, forKey: .kind)
        try container.encode(message, forKey: .message)
    }
}
