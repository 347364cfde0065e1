import Testing
@testable import ClientValue

@Suite("ResultSection")
struct ResultSectionTests {
    static let sections = [
        ResultSection(title: "Clients", facts: [ResultFact(label: "As of", value: "2025-12-31"), ResultFact(label: "Source", value: "CRM <export>")]),
        ResultSection(title: "Top", blocks: [
            .table(TextTable(columns: ["client", "revenue"], alignments: [.left, .right], rows: [["A & Co", "1,200"], ["B", "80"]])),
            .paragraph("Left out: \"C\"."),
        ]),
        ResultSection(title: "Notes", blocks: [.list(["one", "two"])]),
    ]

    @Test("the terminal form: title, aligned facts, a blank line before each later title")
    func terminal() {
        #expect(ResultSection.render(Self.sections, as: .table) == """
            Clients
            As of      2025-12-31
            Source     CRM <export>

            Top
            client  revenue
            ------  -------
            A & Co    1,200
            B            80
            Left out: "C".

            Notes
            one
            two

            """)
    }

    @Test("Markdown: # and ## titles, facts and lists as bullets")
    func markdown() {
        #expect(ResultSection.render(Self.sections, as: .markdown) == """
            # Clients

            - **As of**: 2025-12-31
            - **Source**: CRM <export>

            ## Top

            | client | revenue |
            |---|---:|
            | A & Co | 1,200 |
            | B | 80 |
            Left out: "C".

            ## Notes

            - one
            - two

            """)
    }

    @Test("HTML: a <section> each with <h2>, a <dl> of facts, the table, <p> and <ul>, all escaped")
    func html() {
        let html = ResultSection.render(Self.sections, as: .html)
        #expect(html == """
            <section>
            <h2>Clients</h2>
            <dl>
            <dt>As of</dt><dd>2025-12-31</dd>
            <dt>Source</dt><dd>CRM &lt;export&gt;</dd>
            </dl>
            </section>
            <section>
            <h2>Top</h2>
            <table>
            <thead><tr><th scope="col">client</th><th class="num" scope="col">revenue</th></tr></thead>
            <tbody>
            <tr><td>A &amp; Co</td><td class="num">1,200</td></tr>
            <tr><td>B</td><td class="num">80</td></tr>
            </tbody>
            </table>
            <p>Left out: &quot;C&quot;.</p>
            </section>
            <section>
            <h2>Notes</h2>
            <ul>
            <li>one</li>
            <li>two</li>
            </ul>
            </section>

            """)
        #expect(isWellFormed(html))
    }

    @Test("an untitled first section opens with its facts, padded to its label width")
    func untitled() {
        let sections = [ResultSection(title: nil, facts: [ResultFact(label: "File", value: "a.csv"), ResultFact(label: "Line endings", value: "LF")], labelWidth: 14),
                        ResultSection(title: "Columns", blocks: [.paragraph("None.")])]
        #expect(ResultSection.render(sections, as: .table) == "File          a.csv\nLine endings  LF\n\nColumns\nNone.\n")
        #expect(ResultSection.render(sections, as: .html).hasPrefix("<section>\n<dl>\n"))
    }

    @Test("a label as long as the width is followed by one space")
    func longLabel() {
        let section = ResultSection(title: "T", facts: [ResultFact(label: "Model choice", value: "BG/NBD")])
        #expect(ResultSection.render([section], as: .table) == "T\nModel choice BG/NBD\n")
    }

    @Test("CSV and JSON come from the result, so sections asked for them render as the table", arguments: [OutputFormat.csv, .json])
    func csvAndJSON(_ format: OutputFormat) {
        #expect(ResultSection.render(Self.sections, as: format) == ResultSection.render(Self.sections, as: .table))
    }

    @Test("no sections render as nothing", arguments: OutputFormat.allCases)
    func empty(_ format: OutputFormat) {
        #expect(ResultSection.render([], as: format) == "")
    }
}

@Suite("TextTable.html()")
struct TextTableHTMLTests {
    @Test("right-aligned columns are marked num; short rows are padded and extra cells dropped; cells are escaped")
    func html() {
        let table = TextTable(columns: ["id", "n"], alignments: [.left, .right], rows: [["<a>"], ["\"q\"", "2", "extra"]])
        #expect(table.html() == """
            <table>
            <thead><tr><th scope="col">id</th><th class="num" scope="col">n</th></tr></thead>
            <tbody>
            <tr><td>&lt;a&gt;</td><td class="num"></td></tr>
            <tr><td>&quot;q&quot;</td><td class="num">2</td></tr>
            </tbody>
            </table>

            """)
        #expect(table.rendered(as: .html) == table.html())
    }
}
