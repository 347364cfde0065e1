import Foundation
import Testing
@testable import ClientValue

/// The hand-worked NPS fixture (`Fixtures/nps-surveys.csv` with `nps-billing.csv`, see
/// NPSAnalysisTests), revenue-weighted by year as of 2024-12-31, in every format.
@Suite("NPSAnalysis rendering (golden files)")
struct NPSAnalysisRenderingTests {
    static func analysis() throws -> NPSAnalysis {
        try NPSAnalysisTests.analysis(NPSAnalysisOptions(level: .revenueWeighted, period: .year), billing: true)
    }

    static func extensionOf(_ format: OutputFormat) -> String {
        switch format {
        case .table: "txt"
        case .csv: "csv"
        case .json: "json"
        case .markdown: "md"
        case .html: "html"
        }
    }

    @Test("matches its golden file", arguments: OutputFormat.allCases)
    func golden(_ format: OutputFormat) throws {
        let text = try Self.analysis().rendered(as: format, options: RenderOptions(limit: 2))
        try expectGolden(text, "rendering/nps-revenue-weighted.\(Self.extensionOf(format))")
    }
}
