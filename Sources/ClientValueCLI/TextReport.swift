import ClientValue

/// A report as text for the terminal or as Markdown: a title, labelled facts, headed sections
/// with tables, and plain lines (bullets in Markdown).
struct TextReport {
    let markdown: Bool
    private(set) var text: String

    init(title: String, format: OutputFormat) {
        markdown = format == .markdown
        text = markdown ? "# \(title)\n\n" : "\(title)\n"
    }

    /// `Label      value` lines, aligned; `- **Label**: value` in Markdown.
    mutating func facts(_ facts: [(label: String, value: String)]) {
        for (label, value) in facts {
            text += markdown ? "- **\(label)**: \(value)\n" : label + String(repeating: " ", count: max(1, 11 - label.count)) + value + "\n"
        }
    }

    mutating func heading(_ title: String) {
        text += markdown ? "\n## \(title)\n\n" : "\n\(title)\n"
    }

    mutating func table(_ table: TextTable) {
        text += markdown ? table.markdown() : table.terminal()
    }

    /// One line of prose; a bullet in Markdown, so that consecutive lines stay apart.
    mutating func line(_ line: String) {
        text += (markdown ? "- " : "") + line + "\n"
    }

    /// Text exactly as given.
    mutating func raw(_ raw: String) {
        text += raw
    }
}
