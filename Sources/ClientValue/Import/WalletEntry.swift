/// A client's estimated spend in the firm's category for a year ("wallet"), or the share of
/// it the client reported giving the firm, with the firm's rank among its providers.
///
/// Each row needs `wallet_estimate` or `reported_share` (or both).
///
/// ```swift
/// let bytes = Array("client,year,wallet,share,rank,providers\nC1,2024,250000,35%,1,3\n".utf8)
/// let entry = try ImportedTable<WalletEntry>.read(.memory(bytes)).records[0]
/// print(entry.walletEstimate as Any, entry.reportedShare as Any, entry.rank as Any)
/// // Optional(250000.00) Optional(0.35) Optional(1)
/// ```
public struct WalletEntry: ImportableRecord, Hashable, Codable {
    /// The client's identifier (`client_id`), trimmed; it joins the wallet to billing.
    public var clientID: String
    /// The year the estimate is for (`year`), such as 2024, within ``ImportOptions/plausibleYears``.
    public var year: Int
    /// The client's estimated total spend in the category for the year (`wallet_estimate`),
    /// across every provider, in the billing file's currency.
    public var walletEstimate: Money?
    /// The share the client reported, as a fraction (0.35 for 35%).
    public var reportedShare: Double?
    /// The firm's rank among the client's providers (1 = main provider).
    public var rank: Int?
    /// How many providers the client uses.
    public var providers: Int?
    /// Values of the file's extra columns, in the order of ``ImportSummary/extraColumns``.
    public var extraValues: [String]
    /// The 1-based physical line of the record in its file.
    public var line: Int

    /// A wallet entry built in code, as in tests or when the data comes from elsewhere.
    ///
    /// - Parameters:
    ///   - clientID: The client's identifier.
    ///   - year: The year of the estimate.
    ///   - walletEstimate: The client's total category spend for the year, if estimated.
    ///   - reportedShare: The share the client reported giving the firm, as a fraction, if known.
    ///   - rank: The firm's rank among the client's providers (1 = main), if known.
    ///   - providers: How many providers the client uses, if known.
    ///   - extraValues: Values of extra columns, in the order of ``ImportSummary/extraColumns``.
    ///   - line: The physical line in a file, or 0 when there is none.
    public init(clientID: String, year: Int, walletEstimate: Money? = nil, reportedShare: Double? = nil, rank: Int? = nil,
                providers: Int? = nil, extraValues: [String] = [], line: Int = 0) {
        self.clientID = clientID
        self.year = year
        self.walletEstimate = walletEstimate
        self.reportedShare = reportedShare
        self.rank = rank
        self.providers = providers
        self.extraValues = extraValues
        self.line = line
    }

    /// The columns of a wallet export: `client_id` and `year` are required, and one of
    /// `wallet_estimate` and `reported_share`; `rank` and `providers` are optional.
    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", .text, required: true, aliases: CommonAliases.clientID),
        ColumnSpec("year", .integer, required: true, aliases: ["fiscal year", "fy", "period"]),
        ColumnSpec("wallet_estimate", .money, aliases: ["wallet", "estimated wallet", "wallet size", "total spend", "category spend", "spend"]),
        ColumnSpec("reported_share", .share, aliases: ["share", "share of wallet", "sow", "reported sow"]),
        ColumnSpec("rank", .integer, aliases: ["provider rank", "our rank"]),
        ColumnSpec("providers", .integer, aliases: ["number of providers", "provider count", "firms used", "n providers"]),
    ]

    /// The header must have `wallet_estimate` or `reported_share` (or both).
    public static let alternativeColumns = [["wallet_estimate", "reported_share"]]

    /// Reads a wallet entry from the current row of an import.
    ///
    /// - Parameter row: The row, with its fields in the order of ``columns``.
    /// - Throws: ``ImportError`` when the client or year is empty or not readable, an amount,
    ///   share or count cannot be read, the estimate is negative, both the estimate and the
    ///   share are empty, or the rank is not between 1 and the number of providers.
    public init(row: ImportRow) throws(ImportError) {
        clientID = try row.text(0)
        year = try row.year(1)
        walletEstimate = try row.optionalMoney(2)
        reportedShare = try row.optionalShare(3)
        rank = try row.optionalInteger(4)
        providers = try row.optionalInteger(5)
        extraValues = row.extraValues
        line = row.line
        if let rank, let providers, rank < 1 || providers < 1 || rank > providers {
            let problem = providers < 1 ? "is not a number of providers (at least 1)"
                : (rank < 1 ? "is not a rank (1 is the main provider)" : "is above the number of providers, \(providers)")
            let failure = FieldParseFailure(problem: problem, hint: "the Wallet Allocation Rule needs 1 ≤ rank ≤ providers")
            throw row.cursor.invalid(failure, row.cursor.fieldIndex[providers < 1 ? 5 : 4])
        }
        if let walletEstimate, walletEstimate.minorUnits < 0 {
            // A credit note can be negative; a client's total spend in a category cannot.
            let failure = FieldParseFailure(problem: "is a negative wallet", hint: "a wallet estimate is the client's total spend for the year, 0 or more")
            throw row.cursor.invalid(failure, row.cursor.fieldIndex[2])
        }
        if walletEstimate == nil && reportedShare == nil {
            let failure = FieldParseFailure(problem: "is empty", hint: "expected a wallet_estimate or a reported_share")
            throw row.cursor.invalid(failure, row.cursor.fieldIndex[row.has(2) ? 2 : 3])
        }
    }
}
