import Testing
@testable import ClientValue

@Suite("RenderOptions")
struct RenderOptionsTests {
    @Test("a limit lists the first rows and the heading says how many there are")
    func limit() throws {
        let forecast = try RenderingFixtures.forecast()
        let text = try forecast.rendered(as: .table, options: RenderOptions(limit: 2))
        #expect(text.contains("\nClients by CLV (first 2 of 7)\n"))
        let table = forecast.primaryTable(options: RenderOptions(limit: 2))
        #expect(table.rows.count == 2)
        #expect(table.rows.map { $0[0] } == Array(forecast.clients.sorted { $0.clv > $1.clv }.prefix(2).map(\.clientID)))
    }

    @Test("0, the default, and a negative limit list every row", arguments: [0, -3])
    func noLimit(_ limit: Int) throws {
        let forecast = try RenderingFixtures.forecast()
        #expect(forecast.primaryTable(options: RenderOptions(limit: limit)).rows.count == 7)
        #expect(try forecast.rendered(as: .table, options: RenderOptions(limit: limit)).contains("\nClients by CLV\n"))
    }

    @Test("NPS: the limit cuts incidents and follow-ups, never the groups")
    func npsLimit() throws {
        let analysis = try RenderingFixtures.nps()
        #expect(analysis.followUp.count == 2)
        let text = try analysis.rendered(as: .table, options: RenderOptions(limit: 1))
        #expect(text.contains("(first 1 of 2)\n"))
        #expect(analysis.primaryTable(options: RenderOptions(limit: 1)).rows.count == 1 + analysis.groups.count)
    }

    @Test("decimal places: by default fewer for reading than in CSV; when given, the same in both")
    func decimalPlaces() throws {
        let analysis = try RenderingFixtures.nps()
        let score = analysis.overall.score
        func npsCell(_ table: TextTable) -> String? { table.rows.first?[5] }
        let readingTable = analysis.renderedSections(options: RenderOptions()).compactMap { section -> TextTable? in
            if case .table(let table) = section.blocks.first { return table } else { return nil }
        }.first
        #expect(readingTable.flatMap(npsCell) == NumberText.fixed(score, places: 1))
        #expect(npsCell(analysis.primaryTable(options: RenderOptions())) == NumberText.fixed(score, places: 4))
        #expect(npsCell(analysis.primaryTable(options: RenderOptions(decimalPlaces: 2))) == NumberText.fixed(score, places: 2))
        #expect(npsCell(analysis.primaryTable(options: RenderOptions(decimalPlaces: -1))) == NumberText.fixed(score, places: 0))
    }
}
