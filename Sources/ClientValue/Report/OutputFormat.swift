/// The formats every result renders to.
///
/// The command line's `--format` option takes the raw values (`table`, `csv`, `json`,
/// `markdown`, `html`). A result that conforms to ``RenderableResult`` renders to each with
/// ``RenderableResult/rendered(as:options:)``; a lone table renders with
/// ``TextTable/rendered(as:)``. JSON comes from the result value itself, through
/// ``JSONText/encode(_:convertingKeys:)``.
///
/// ```swift
/// let format = OutputFormat(rawValue: "markdown") ?? .table
/// let table = TextTable(columns: ["segment", "clients"], alignments: [.left, .right],
///                       rows: [["Grow", "42"], ["Retain", "17"]])
/// print(table.rendered(as: format))   // | segment | clients | ...
/// ```
public enum OutputFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Aligned columns for a terminal.
    case table
    /// RFC 4180 CSV with formula injection neutralised.
    case csv
    /// JSON with snake_case field names.
    case json
    /// A GitHub-flavoured Markdown table.
    case markdown
    /// An HTML fragment to place inside a page's `<body>`: a `<section>` per part of the
    /// result, tables as `<table>` with `<thead>` and `<tbody>`, every text HTML-escaped.
    case html
}
