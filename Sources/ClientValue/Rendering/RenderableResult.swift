/// A result that renders as a terminal table, CSV, JSON, Markdown or an HTML fragment: the
/// same text the `clientvalue` command prints for it.
///
/// Every main result conforms: ``NPSAnalysis``, ``LifetimeValueForecast``, ``ValueHistory``,
/// ``AnnualValueForecast``, ``RetentionForecast``, ``ShareOfWalletAnalysis``,
/// ``ContactFrequency``, ``FeatureCorrelations``, ``Segmentation``, ``FirmMetrics`` and
/// ``FileInspection``.
///
/// - ``OutputFormat/table``, ``OutputFormat/markdown`` and ``OutputFormat/html`` write the
///   result's sections (``renderedSections(options:)``) with ``ResultSection/render(_:as:)``.
/// - ``OutputFormat/csv`` writes its one primary table (``primaryTable(options:)``), with
///   formulas neutralised as ``CSVWriter`` does.
/// - ``OutputFormat/json`` is the result's own snake_case JSON,
///   ``JSONText/encode(_:convertingKeys:)`` of the value.
///
/// ```swift
/// let analysis = try NPSAnalysis(table, options: NPSAnalysisOptions(period: .year))
/// let page = try analysis.rendered(as: .html, options: RenderOptions(limit: 10))
/// // <section>
/// // <h2>Net Promoter Score</h2>
/// // <dl>
/// // <dt>Level</dt><dd>respondent level: every response counts</dd>
/// // ...
/// ```
public protocol RenderableResult: Encodable, Sendable {
    /// The result as titled sections of facts, tables and notes, as the table, Markdown and
    /// HTML formats show them.
    ///
    /// - Parameter options: the row limit of long lists and the decimals of estimates.
    /// - Returns: the sections, the first one titled with the result's name.
    func renderedSections(options: RenderOptions) -> [ResultSection]

    /// The one table that stands for the result in CSV: its main list (clients, groups,
    /// pairs, columns), with estimates at more decimals than the sections show.
    ///
    /// - Parameter options: the row limit and the decimals of estimates.
    /// - Returns: the table, with snake_case column names.
    func primaryTable(options: RenderOptions) -> TextTable
}

extension RenderableResult {
    /// The result in `format`.
    ///
    /// - Parameters:
    ///   - format: table, CSV, JSON, Markdown or HTML.
    ///   - options: the row limit of long lists and the decimals of estimates; JSON is the
    ///     whole result whatever they say. Everything, at each result's own precision, by
    ///     default.
    /// - Returns: the text, ending with a newline.
    /// - Throws: `EncodingError` for JSON only, when the result holds a number that is not
    ///   finite (see ``JSONText/encode(_:convertingKeys:)``).
    public func rendered(as format: OutputFormat, options: RenderOptions = RenderOptions()) throws -> String {
        switch format {
        case .json: return try JSONText.encode(self)
        case .csv: return primaryTable(options: options).csv()
        case .table, .markdown, .html: return ResultSection.render(renderedSections(options: options), as: format)
        }
    }
}
