/// A client's estimated spend in the firm's category for a year ("wallet"), or the share of
/// it the client reported giving the firm, with the firm's rank among its providers.
///
/// Each row needs `wallet_estimate` or `reported_share` (or both).
public struct WalletEntry: ImportableRecord, Hashable, Codable {
    public var clientID: String
    public var year: Int
    public var walletEstimate: Money?
    /// The share the client reported, as a fraction (0.35 for 35%).
    public var reportedShare: Double?
    /// The firm's rank among the client's providers (1 = main provider).
    public var rank: Int?
    /// How many providers the client uses.
    public var providers: Int?
    public var extraValues: [String]
    public var line: Int

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

    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", .text, required: true, aliases: CommonAliases.clientID),
        ColumnSpec("year", .integer, required: true, aliases: ["fiscal year", "fy", "period"]),
        ColumnSpec("wallet_estimate", .money, aliases: ["wallet", "estimated wallet", "wallet size", "total spend", "category spend", "spend"]),
        ColumnSpec("reported_share", .share, aliases: ["share", "share of wallet", "sow", "reported sow"]),
        ColumnSpec("rank", .integer, aliases: ["provider rank", "our rank"]),
        ColumnSpec("providers", .integer, aliases: ["number of providers", "provider count", "firms used", "n providers"]),
    ]

    public static let alternativeColumns = [["wallet_estimate", "reported_share"]]

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
        if walletEstimate == nil && reportedShare == nil {
            let failure = FieldParseFailure(problem: "is empty", hint: "expected a wallet_estimate or a reported_share")
            throw row.cursor.invalid(failure, row.cursor.fieldIndex[row.has(2) ? 2 : 3])
        }
    }
}
