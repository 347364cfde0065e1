/// A record kind that can be imported from a CSV export: the columns it reads and how one
/// row becomes a value. ``BillingLine``, ``SurveyResponse``, ``ContactEvent`` and
/// ``WalletEntry`` conform; an embedder can add its own.
public protocol ImportableRecord: Sendable {
    /// The columns, in the order `init(row:)` refers to them by index.
    static var columns: [ColumnSpec] { get }
    /// Builds a record from the current row.
    /// - Throws: ``ImportError`` from the row's typed getters.
    init(row: ImportRow) throws(ImportError)
}
