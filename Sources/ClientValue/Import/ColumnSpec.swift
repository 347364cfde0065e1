/// The kind of value a column holds, for matching, checking and display.
public enum ColumnType: String, Sendable, Hashable, Codable {
    case text
    /// A calendar day (see ``FieldParser/day(_:options:inferredOrder:)``).
    case day
    /// An exact amount of money.
    case money
    /// A Net Promoter "likelihood to recommend" score, 0–10.
    case score
    case integer
    /// A share such as `35%`, `35` or `0.35`.
    case share
}

/// One column a record kind reads: its canonical name, the aliases exports use for it, and
/// whether it must be present.
public struct ColumnSpec: Sendable, Hashable, Codable {
    /// The canonical snake_case name, such as `client_id`.
    public var name: String
    /// Other header names that mean the same column (`client`, `account`, `matter client`).
    public var aliases: [String]
    public var isRequired: Bool
    public var type: ColumnType

    public init(_ name: String, _ type: ColumnType, required: Bool = false, aliases: [String] = []) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.aliases = aliases
    }

    /// Header names are compared lower-cased, with spaces, underscores, hyphens and dots removed.
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
    public var header: String
    /// The canonical field it maps to, or `nil` for an extra column kept for grouping.
    public var field: String?
    public var type: ColumnType?
}
