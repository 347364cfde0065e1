/// A table of text cells with named columns, rendered as an aligned terminal table, CSV or
/// Markdown. Numbers should be formatted by the caller; right-aligned columns are marked.
public struct TextTable: Sendable, Hashable {
    public enum Alignment: Sendable, Hashable { case left, right }

    public var columns: [String]
    public var alignments: [Alignment]
    public var rows: [[String]]

    public init(columns: [String], alignments: [Alignment]? = nil, rows: [[String]] = []) {
        self.columns = columns
        self.alignments = alignments ?? Array(repeating: .left, count: columns.count)
        self.rows = rows
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Renders for `format`. JSON is encoded from the result value itself (see ``JSONText``),
    /// not from its table, so a table asked for `.json` renders as `.table`.
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .table, .json: return terminal()
        case .csv: return csv()
        case .markdown: return markdown()
        }
    }

    /// Columns padded to their widest cell, separated by two spaces, with a rule under the header.
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

    public func csv() -> String {
        let writer = CSVWriter(ByteSink())
        writer.writeRow(columns)
        for row in rows { writer.writeRow(row) }
        return String(decoding: writer.sink.memory, as: UTF8.self)
    }

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
