/// A table of text cells with named columns, rendered as an aligned terminal table, CSV,
/// Markdown or HTML. Numbers should be formatted by the caller; right-aligned columns are
/// marked.
///
/// Every command's results print through a `TextTable`, so a per-client list looks the same
/// in a terminal, in a spreadsheet (CSV) and in a wiki page (Markdown).
///
/// ```swift
/// var table = TextTable(columns: ["client", "NPS", "revenue"], alignments: [.left, .right, .right])
/// table.append(["C00001", NumberText.fixed(45, places: 1), NumberText.grouped(1_944_029)])
/// table.append(["C00002", NumberText.fixed(-12.5, places: 1), NumberText.grouped(87_310)])
/// print(table.rendered(as: .table))
/// // client    NPS    revenue
/// // ------  -----  ---------
/// // C00001   45.0  1,944,029
/// // C00002  -12.5     87,310
/// ```
public struct TextTable: Sendable, Hashable {
    /// How a column's cells line up in the terminal and Markdown forms.
    public enum Alignment: Sendable, Hashable {
        /// Text flush left: names, ids, labels.
        case left
        /// Text flush right, so that digits line up: counts, scores, amounts.
        case right
    }

    /// The column headers, in order; they also fix the number of columns.
    public var columns: [String]
    /// Each column's alignment, aligned with ``columns``.
    public var alignments: [Alignment]
    /// The data rows, each a list of already-formatted cells in column order. A short row is
    /// padded with empty cells; cells past the last column are not shown.
    public var rows: [[String]]

    /// A table with the given headers, and optionally alignments and rows.
    ///
    /// - Parameters:
    ///   - columns: the column headers.
    ///   - alignments: one alignment per column; every column is left-aligned when `nil`.
    ///     Give exactly one per column.
    ///   - rows: the first rows; more can be added with ``append(_:)``.
    public init(columns: [String], alignments: [Alignment]? = nil, rows: [[String]] = []) {
        self.columns = columns
        self.alignments = alignments ?? Array(repeating: .left, count: columns.count)
        self.rows = rows
    }

    /// Adds a row at the bottom of the table.
    ///
    /// - Parameter row: the row's cells, formatted by the caller, in column order.
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Renders for `format`. JSON is encoded from the result value itself (see ``JSONText``),
    /// not from its table, so a table asked for `.json` renders as `.table`.
    ///
    /// - Parameter format: the output form: ``OutputFormat/table`` (and
    ///   ``OutputFormat/json``) gives ``terminal()``, ``OutputFormat/csv`` ``csv()``,
    ///   ``OutputFormat/markdown`` ``markdown()`` and ``OutputFormat/html`` ``html()``.
    /// - Returns: the rendered text, ending with a newline.
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .table, .json: return terminal()
        case .csv: return csv()
        case .markdown: return markdown()
        case .html: return html()
        }
    }

    /// Columns padded to their widest cell, separated by two spaces, with a rule under the header.
    ///
    /// Widths count characters, so wide characters (CJK, emoji) may misalign. A line break
    /// inside a cell shows as `⏎`, so each row stays on one line.
    ///
    /// - Complexity: O(cells), two passes over the rows.
    public func terminal() -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.width(cell)) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, width) in widths.enumerated() {
                let cell = i < cells.count ? Self.singleLine(cells[i]) : ""
                let pad = String(repeating: " ", count: max(0, width - Self.width(cell)))
                let isLast = i == widths.count - 1
                parts.append(alignments[i] == .right ? pad + cell : (isLast ? cell : cell + pad))
            }
            return parts.joined(separator: "  ")
        }
        var out = line(columns) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// The table as RFC 4180 CSV: the header row, then each data row, as ``CSVWriter``
    /// writes them (quoted when needed, formulas neutralised so a spreadsheet does not run
    /// them).
    ///
    /// - Returns: the CSV text, one record per line.
    public func csv() -> String {
        let writer = CSVWriter(ByteSink())
        writer.writeRow(columns)
        for row in rows { writer.writeRow(row) }
        return String(decoding: writer.sink.memory, as: UTF8.self)
    }

    /// The table as a GitHub-flavoured Markdown table, with right-aligned columns marked
    /// `---:`.
    ///
    /// Pipes in cells are escaped as `\|` and line breaks show as `⏎`, so every row stays one
    /// table row.
    ///
    /// - Returns: the Markdown text, one row per line.
    public func markdown() -> String {
        func escape(_ cell: String) -> String {
            Self.singleLine(cell).replacingAll("|", with: "\\|")
        }
        var out = "| " + columns.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + alignments.map { $0 == .right ? "---:|" : "---|" }.joined() + "\n"
        for row in rows {
            let cells = columns.indices.map { $0 < row.count ? escape(row[$0]) : "" }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The table as an HTML `<table>` with a `<thead>` row of headers and a `<tbody>`, every
    /// cell HTML-escaped; right-aligned columns have `class="num"`, as in ``HTMLReport``.
    ///
    /// A short row is padded with empty cells and cells past the last column are left out,
    /// as in the other forms.
    ///
    /// - Returns: the HTML fragment, ending with a newline.
    public func html() -> String {
        let numeric = Set(alignments.indices.filter { alignments[$0] == .right })
        let cells = rows.map { row in columns.indices.map { $0 < row.count ? row[$0] : "" } }
        return HTMLReport.table(columns, cells, numeric: numeric)
    }

    private static func width(_ cell: String) -> Int { cell.count }

    /// Newlines shown as `⏎` so that one record stays on one line.
    static func singleLine(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return cell }
        return String(cell.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? "⏎" : $0 })
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
