/// One titled part of a rendered result: labelled facts, then tables, notes and lists, in
/// order.
///
/// ``RenderableResult/renderedSections(options:)`` gives a result as sections, and
/// ``render(_:as:)`` writes them as the table, Markdown and HTML formats show them. Between
/// the two, sections are plain values: add a fact of your own, drop a section, or append
/// the sections of another result.
///
/// ```swift
/// var sections = analysis.renderedSections(options: RenderOptions(limit: 5))
/// sections[0].facts.append(ResultFact(label: "Source", value: "CRM export of 1 July"))
/// print(ResultSection.render(sections, as: .markdown))
/// // # Net Promoter Score
/// //
/// // - **Level**: respondent level: every response counts
/// // ...
/// ```
public struct ResultSection: Sendable, Hashable {
    /// What follows a section's facts, in order.
    public enum Block: Sendable, Hashable {
        /// A table of rows.
        case table(TextTable)
        /// A line of prose on its own, such as `None.`.
        case paragraph(String)
        /// Lines that belong together: plain lines in a terminal, bullets in Markdown, a
        /// `<ul>` in HTML.
        case list([String])
    }

    /// The heading; `nil` for a section that continues without one. The first section's
    /// title is the title of the whole result.
    public var title: String?
    /// Labelled values shown under the title, such as `As of: 2025-12-31`.
    public var facts: [ResultFact]
    /// The tables, paragraphs and lists after the facts, in order.
    public var blocks: [Block]
    /// The width the fact labels are padded to in the terminal form, so that the values line
    /// up; a label as long or longer is followed by one space. Markdown and HTML do not use
    /// it.
    public var labelWidth: Int

    /// A section with a title and, optionally, facts and blocks.
    ///
    /// - Parameters:
    ///   - title: the heading, or `nil` for none.
    ///   - facts: labelled values shown first.
    ///   - blocks: the tables, paragraphs and lists after the facts.
    ///   - labelWidth: the width fact labels are padded to in the terminal form; 11 by
    ///     default.
    public init(title: String?, facts: [ResultFact] = [], blocks: [Block] = [], labelWidth: Int = 11) {
        self.title = title
        self.facts = facts
        self.blocks = blocks
        self.labelWidth = labelWidth
    }
}

/// A labelled value in a ``ResultSection``, such as `Level: client level`.
public struct ResultFact: Sendable, Hashable {
    /// The label, short: `As of`, `Total CLV`.
    public var label: String
    /// The value, already formatted.
    public var value: String

    /// A fact.
    ///
    /// - Parameters:
    ///   - label: the label.
    ///   - value: the formatted value.
    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}

// MARK: - Rendering

extension ResultSection {
    /// Writes sections one after another as the table, Markdown or HTML format shows them.
    ///
    /// - Terminal (``OutputFormat/table``): the first title on the first line, facts as
    ///   aligned `Label      value` lines, each later title after a blank line, tables with
    ///   ``TextTable/terminal()``.
    /// - Markdown: the first title as `# Title`, facts as `- **Label**: value` bullets, later
    ///   titles as `## Title`, tables with ``TextTable/markdown()``, lists as bullets.
    /// - HTML: a `<section>` per section with an `<h2>` title, facts as a `<dl>`, tables with
    ///   ``TextTable/html()``, paragraphs as `<p>` and lists as `<ul>`; every text is
    ///   HTML-escaped.
    ///
    /// CSV and JSON come from the result itself, its primary table and its value, not from
    /// its sections: asked for ``OutputFormat/csv`` or ``OutputFormat/json``, this writes the
    /// terminal form, as ``TextTable/rendered(as:)`` does for JSON.
    ///
    /// - Parameters:
    ///   - sections: the sections, in order.
    ///   - format: the output form.
    /// - Returns: the text, ending with a newline (empty for no sections).
    public static func render(_ sections: [ResultSection], as format: OutputFormat) -> String {
        switch format {
        case .markdown: return markdown(sections)
        case .html: return html(sections)
        case .table, .csv, .json: return terminal(sections)
        }
    }

    private static func terminal(_ sections: [ResultSection]) -> String {
        var text = ""
        for (index, section) in sections.enumerated() {
            if let title = section.title { text += index == 0 ? "\(title)\n" : "\n\(title)\n" }
            for fact in section.facts {
                text += fact.label + String(repeating: " ", count: max(1, section.labelWidth - fact.label.count)) + fact.value + "\n"
            }
            for block in section.blocks {
                switch block {
                case .table(let table): text += table.terminal()
                case .paragraph(let paragraph): text += paragraph + "\n"
                case .list(let lines): for line in lines { text += line + "\n" }
                }
            }
        }
        return text
    }

    private static func markdown(_ sections: [ResultSection]) -> String {
        var text = ""
        for (index, section) in sections.enumerated() {
            if let title = section.title { text += index == 0 ? "# \(title)\n\n" : "\n## \(title)\n\n" }
            for fact in section.facts { text += "- **\(fact.label)**: \(fact.value)\n" }
            for block in section.blocks {
                switch block {
                case .table(let table): text += table.markdown()
                case .paragraph(let paragraph): text += paragraph + "\n"
                case .list(let lines): for line in lines { text += "- " + line + "\n" }
                }
            }
        }
        return text
    }

    private static func html(_ sections: [ResultSection]) -> String {
        let escape = SVGChart.escape
        var html = ""
        for section in sections {
            html += "<section>\n"
            if let title = section.title { html += "<h2>\(escape(title))</h2>\n" }
            if !section.facts.isEmpty {
                html += "<dl>\n"
                for fact in section.facts { html += "<dt>\(escape(fact.label))</dt><dd>\(escape(fact.value))</dd>\n" }
                html += "</dl>\n"
            }
            for block in section.blocks {
                switch block {
                case .table(let table): html += table.html()
                case .paragraph(let paragraph): html += "<p>\(escape(paragraph))</p>\n"
                case .list(let lines):
                    html += "<ul>\n"
                    for line in lines { html += "<li>\(escape(line))</li>\n" }
                    html += "</ul>\n"
                }
            }
            html += "</section>\n"
        }
        return html
    }
}
