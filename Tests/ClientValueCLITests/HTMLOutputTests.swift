import ClientValue
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ClientValueCLI

/// `--format html` on every command whose output goes through the library's rendering: small
/// fixtures whose client ids, partners, comments and headers hold `<`, `&`, `>` and `"`.
@Suite("CLI: --format html")
struct HTMLOutputTests {
    static func path(_ name: String) -> String { Fixtures.path("escaping/" + name) }

    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        /// Text from the data that must appear, escaped.
        var escaped: String
        var testDescription: String { arguments.prefix(3).joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["nps", path("surveys.csv"), "--by", "partner"], escaped: "<td>Pat &lt;&amp;&gt;</td>"),
        Case(arguments: ["nps", path("surveys.csv"), "--level", "client"], escaped: "Slow &lt;b&gt;replies&lt;/b&gt;, &quot;twice&quot;"),
        Case(arguments: ["clv", path("billing.csv"), "--historical"], escaped: "<td>A&lt;&amp;&gt;</td>"),
        Case(arguments: ["clv", path("billing.csv"), "--model", "bgbb"], escaped: "<td>A&lt;&amp;&gt;</td>"),
        Case(arguments: ["clv", path("retainers.csv"), "--model", "sbg", "--as-of", "2025-12-31"], escaped: "<td>R&lt;&amp;&gt;01</td>"),
        Case(arguments: ["wallet", path("billing.csv"), path("wallet.csv")], escaped: "<td>A&lt;&amp;&gt;</td>"),
        Case(arguments: ["firm", path("billing.csv")], escaped: "<td>Pat &lt;&amp;&gt;</td>"),
        Case(arguments: ["contacts", path("contacts.csv"), "--billing", path("billing.csv")], escaped: "<td>A&lt;&amp;&gt;</td>"),
        Case(arguments: ["correlate", "--table", path("features.csv"), "--x", "visits<&>", "--y", "score", "--matrix"], escaped: "<td>visits&lt;&amp;&gt;</td>"),
        Case(arguments: ["segment", Fixtures.path("escaping")], escaped: "<td>A&lt;&amp;&gt;</td>"),
        Case(arguments: ["inspect", path("billing.csv")], escaped: "<td>A&lt;&amp;&gt;</td>"),
        Case(arguments: ["inspect", path("surveys.csv"), "--rows"], escaped: "<td>Slow &lt;b&gt;replies&lt;/b&gt;, &quot;twice&quot;</td>"),
    ]

    @Test("well-formed, with every text from the data escaped", arguments: cases)
    func escaped(_ c: Case) throws {
        let run = runCLI(c.arguments + ["--format", "html"])
        #expect(run.code == 0, "\(run.stderr)")
        let html = run.stdout
        #expect(html.contains("<table>\n<thead><tr>"))
        #expect(html.contains("</tr></thead>\n<tbody>\n"))
        #expect(html.contains(c.escaped), "\(html)")
        #expect(!html.contains("<&>") && !html.contains("<b>"))
        #expect(isWellFormed(html))
    }

    @Test("the sections of a result: a <section> with an <h2> and a <dl> of facts")
    func sections() {
        let html = runCLI(["contacts", Self.path("contacts.csv"), "--format", "html"]).stdout
        #expect(html.hasPrefix("<section>\n<h2>Contact frequency</h2>\n<dl>\n<dt>Contacts</dt><dd>"))
        #expect(html.hasSuffix("</table>\n</section>\n"))
    }
}

/// Whether `html` parses as XML once wrapped in one root element: tags closed in order and no
/// bare `<` or `&`, checked by Foundation's own parser rather than by code of ours.
func isWellFormed(_ html: String) -> Bool {
    XMLParser(data: Data("<fragment>\(html)</fragment>".utf8)).parse()
}
