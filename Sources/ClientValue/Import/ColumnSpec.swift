/// The kind of value a column holds, for matching, checking and display.
public enum ColumnType: String, Sendable, Hashable, Codable {
    /// Free text, such as a client id, a partner's name or a comment.
    case text
    /// A calendar day (see ``FieldParser/day(_:options:)``).
    case day
    /// An exact amount of money.
    case money
    /// A Net Promoter "likelihood to recommend" score, 0–10.
    case score
    /// A whole number, optionally signed, such as a duration in minutes or a year.
    case integer
    /// A share such as `35%`, `35` or `0.35`.
    case share
}

/// One column a record kind reads: its canonical name, the aliases exports use for it, and
/// whether it must be present.
///
/// ```swift
/// let spec = ColumnSpec("matter_id", .text, required: true, aliases: ["matter", "matter number"])
/// print(spec.name, ColumnSpec.normalized("Matter Number"))   // matter_id matternumber
/// ```
public struct ColumnSpec: Sendable, Hashable, Codable {
    /// The canonical snake_case name, such as `client_id`.
    public var name: String
    /// Other header names that mean the same column (`client`, `account`, `matter client`).
    public var aliases: [String]
    /// Whether the header must have the column; a file without it fails with
    /// ``ImportError/Kind/missingColumn(field:)``.
    public var isRequired: Bool
    /// The kind of value the column holds.
    public var type: ColumnType

    /// A column of a record kind.
    ///
    /// - Parameters:
    ///   - name: The canonical snake_case name, such as `client_id`.
    ///   - type: The kind of value the column holds.
    ///   - required: Whether the header must have the column; `false` by default.
    ///   - aliases: Other header names that mean the same column, matched after
    ///     ``normalized(_:)``.
    public init(_ name: String, _ type: ColumnType, required: Bool = false, aliases: [String] = []) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.aliases = aliases
    }

    /// Header names are compared lower-cased, with spaces, underscores, hyphens and dots removed.
    ///
    /// Tabs, no-break spaces and a stray byte order mark are removed too, so `Client ID`,
    /// `client_id` and `CLIENT-ID` all become `clientid`.
    ///
    /// - Parameter header: A header name or alias as written.
    /// - Returns: The name in the form headers are compared in.
    public static func normalized(_ header: String) -> String {
        var out = ""
        for scalar in header.unicodeScalars {
            switch scalar {
            case " ", "_", "-", ".", "\t", "\u{FEFF}", "\u{A0}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.lowercased()
    }

    func matches(normalizedHeader: String) -> Bool {
        if Self.normalized(name) == normalizedHeader { return true }
        return aliases.contains { Self.normalized($0) == normalizedHeader }
    }
}

/// How one header column was understood.
public struct ColumnMapping: Sendable, Hashable, Codable {
    /// The 1-based column number.
    public var column: Int
    /// The header's text as it is in the file.
    public var header: String
    /// The canonical field it maps to, or `nil` for an extra column kept for grouping.
    public var field: String?
    /// The type of the field it maps to, or `nil` for an extra column.
    public var type: ColumnType?
}
