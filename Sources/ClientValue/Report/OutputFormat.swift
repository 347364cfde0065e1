/// The formats every result renders to.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Aligned columns for a terminal.
    case table
    /// RFC 4180 CSV with formula injection neutralised.
    case csv
    /// JSON with snake_case field names.
    case json
    /// A GitHub-flavoured Markdown table.
    case markdown
}
