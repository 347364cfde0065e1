/// A record kind that can be imported from a CSV export: the columns it reads and how one
/// row becomes a value. ``BillingLine``, ``SurveyResponse``, ``ContactEvent`` and
/// ``WalletEntry`` conform; an embedder can add its own.
public protocol ImportableRecord: Sendable {
    /// The columns, in the order `init(row:)` refers to them by index.
    static var columns: [ColumnSpec] { get }
    /// Groups of column names of which the header must have at least one each (wallet:
    /// `wallet_estimate` or `reported_share`). None by default.
    static var alternativeColumns: [[String]] { get }
    /// Builds a record from the current row.
    /// - Parameter row: The row, read through its typed getters by the index of each column
    ///   in ``columns``.
    /// - Throws: ``ImportError`` from the row's typed getters.
    init(row: ImportRow) throws(ImportError)
}

extension ImportableRecord {
    /// No alternative columns: only the required ones must be present.
    public static var alternativeColumns: [[String]] { [] }
}
