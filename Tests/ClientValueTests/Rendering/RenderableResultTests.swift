import Foundation
import Testing
@testable import ClientValue

@Suite("RenderableResult: every result in every format")
struct RenderableResultTests {
    @Test("each result renders in each format: sections, primary table or its own JSON", arguments: RenderingCase.all, OutputFormat.allCases)
    func rendersEachFormat(_ c: RenderingCase, _ format: OutputFormat) throws {
        let result = try c.make()
        let text = try result.rendered(as: format)
        #expect(text.hasSuffix("\n"))
        let sections = result.renderedSections(options: RenderOptions())
        switch format {
        case .json:
            #expect(text == (try JSONText.encode(result)))
        case .csv:
            #expect(text == result.primaryTable(options: RenderOptions()).csv())
        case .table:
            #expect(text == ResultSection.render(sections, as: .table))
            if let title = sections.first?.title { #expect(text.hasPrefix(title + "\n")) }
            #expect(text.contains(c.marker))
        case .markdown:
            #expect(text == ResultSection.render(sections, as: .markdown))
            if let title = sections.first?.title { #expect(text.hasPrefix("# " + title + "\n\n")) }
        case .html:
            #expect(text == ResultSection.render(sections, as: .html))
            #expect(text.hasPrefix("<section>\n") && text.hasSuffix("</section>\n"))
            #expect(text.components(separatedBy: "<section>").count == sections.count + 1)
            #expect(text.contains("<table>\n<thead><tr>"))
        }
    }

    @Test("HTML escapes <, >, & and \" in every text from the data and is well-formed", arguments: RenderingCase.all)
    func htmlEscapes(_ c: RenderingCase) throws {
        let html = try c.make().rendered(as: .html)
        let escaped = c.marker.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        #expect(html.contains(escaped), "\(html)")
        #expect(!html.contains(c.marker))
        #expect(!html.contains("<&>") && !html.contains("<b>"))
        #expect(isWellFormed(html), "\(html)")
    }

    @Test("CSV prefixes ' to cells starting with =, +, -, @, tab or CR, as CSVWriter does", arguments: RenderingCase.all.filter { $0.formula != nil })
    func csvNeutralisesFormulas(_ c: RenderingCase) throws {
        let formula = try #require(c.formula)
        let csv = try c.make().rendered(as: .csv)
        let cells = try readAll(csv).rows.joined()
        #expect(cells.contains("'" + formula))
        #expect(cells.contains(CSVWriter.neutralized(formula)))
        #expect(!cells.contains(formula))
        for cell in cells { #expect(CSVWriter.neutralized(cell) == cell, "\(cell) would run as a formula") }
    }

    @Test("the HTML shows NPS's comments escaped, quotes included")
    func commentEscaped() throws {
        let html = try RenderingFixtures.nps().rendered(as: .html)
        #expect(html.contains("<td>Slow &lt;b&gt;replies&lt;/b&gt;, &quot;twice&quot;</td>"))
        #expect(html.contains("<td>" + RenderingFixtures.markupEscaped + "</td>"))
    }

    @Test("JSON is the result's own snake_case JSON: no camelCase key, whatever the options", arguments: RenderingCase.all)
    func jsonIsTheResult(_ c: RenderingCase) throws {
        let result = try c.make()
        let json = try result.rendered(as: .json, options: RenderOptions(limit: 1, decimalPlaces: 0))
        #expect(json == (try JSONText.encode(result)))
        func keys(_ value: Any) -> [String] {
            if let object = value as? [String: Any] { return object.keys + object.values.flatMap(keys) }
            if let array = value as? [Any] { return array.flatMap(keys) }
            return []
        }
        let all = keys(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        #expect(!all.isEmpty)
        // Field names are identifiers; keys that are data (client ids keying a dictionary) are not.
        let fieldNames = all.filter { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } }
        #expect(!fieldNames.isEmpty)
        #expect(fieldNames.filter { $0 != $0.lowercased() } == [])
    }
}
