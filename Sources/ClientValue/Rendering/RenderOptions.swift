/// How much of a result to render, and how precisely: the options of
/// ``RenderableResult/rendered(as:options:)``.
///
/// The defaults render everything at each result's own precision, so
/// `try analysis.rendered(as: .markdown)` needs no options. JSON is the whole result whatever
/// the options say.
///
/// ```swift
/// let options = RenderOptions(limit: 10)           // the first ten incidents and follow-ups
/// let precise = RenderOptions(decimalPlaces: 3)    // NPS scores and intervals to 3 decimals
/// print(try analysis.rendered(as: .table, options: options))
/// ```
public struct RenderOptions: Sendable, Hashable {
    /// How many rows of each long list to show (incidents, follow-ups, clients, shares); 0,
    /// the default, shows every row. A negative number counts as 0. A list that is cut says
    /// so in its heading, such as `(first 20 of 25)`.
    public var limit: Int
    /// Decimal places of the estimates in tables: NPS scores and intervals (the standard
    /// error gets one more), and the model figures of the lifetime-value forecasts (recency,
    /// age and expected purchases or active years; probabilities and DERL keep at least 3).
    /// `nil`, the default, uses each result's own: fewer for reading (table, Markdown, HTML)
    /// and more for CSV. Money keeps its two decimals, shares their one, and other results
    /// their fixed precision. A negative number counts as 0.
    public var decimalPlaces: Int?

    /// Options for rendering a result.
    ///
    /// - Parameters:
    ///   - limit: how many rows of each long list to show; 0 (the default) shows all.
    ///   - decimalPlaces: decimals of the estimates in tables; `nil` (the default) for each
    ///     result's own.
    public init(limit: Int = 0, decimalPlaces: Int? = nil) {
        self.limit = limit
        self.decimalPlaces = decimalPlaces
    }
}

extension RenderOptions {
    /// Whether `count` rows are more than the limit lets through.
    func cuts(_ count: Int) -> Bool { limit > 0 && count > limit }

    /// The first ``limit`` of `items`, or all of them without a limit.
    func limited<C: Collection>(_ items: C) -> C.SubSequence {
        limit > 0 ? items.prefix(limit) : items[...]
    }

    /// The decimals to write: ``decimalPlaces`` when given, else `standard`.
    func places(_ standard: Int) -> Int { max(0, decimalPlaces ?? standard) }

    /// ` (first 20 of 1,234)` when the limit cuts a list of `count`, else empty.
    func firstOf(_ count: Int) -> String {
        cuts(count) ? " (first \(limit) of \(NumberText.grouped(count)))" : ""
    }
}
