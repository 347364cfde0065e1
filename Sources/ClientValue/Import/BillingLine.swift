/// One line of a billing export: an invoice (or credit note) line for a client.
///
/// Amounts are exact (``Money``, hundredths). A negative `amount` is a credit note.
public struct BillingLine: ImportableRecord, Hashable, Codable {
    public var clientID: String
    public var invoiceDate: Day
    public var amount: Money
    public var clientName: String?
    public var practiceArea: String?
    public var partner: String?
    public var cost: Money?
    public var collected: Money?
    /// The value of the work at standard rates, before write-downs (for realisation).
    public var standardValue: Money?
    public var currency: String?
    /// Values of the file's extra columns, in the order of ``ImportSummary/extraColumns``.
    public var extraValues: [String]
    /// The physical line of the record in its file.
    public var line: Int

    public init(clientID: String, invoiceDate: Day, amount: Money, clientName: String? = nil, practiceArea: String? = nil,
                partner: String? = nil, cost: Money? = nil, collected: Money? = nil, standardValue: Money? = nil,
                currency: String? = nil, extraValues: [String] = [], line: Int = 0) {
        self.clientID = clientID
        self.invoiceDate = invoiceDate
        self.amount = amount
        self.clientName = clientName
        self.practiceArea = practiceArea
        self.partner = partner
        self.cost = cost
        self.collected = collected
        self.standardValue = standardValue
        self.currency = currency
        self.extraValues = extraValues
        self.line = line
    }

    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", .text, required: true, aliases: CommonAliases.clientID),
        ColumnSpec("invoice_date", .day, required: true,
                   aliases: ["invoice date", "date", "bill date", "billing date", "invoiced", "invoice dt", "posting date"]),
        ColumnSpec("amount", .money, required: true,
                   aliases: ["invoice amount", "fees", "fee", "billed", "billed amount", "net amount", "amount billed", "revenue", "net fees"]),
        ColumnSpec("client_name", .text, aliases: ["client name", "name", "account name", "customer name", "client description"]),
        ColumnSpec("practice_area", .text, aliases: ["practice", "practice area", "department", "service line", "service", "practice group"]),
        ColumnSpec("partner", .text, aliases: CommonAliases.partner),
        ColumnSpec("cost", .money, aliases: ["costs", "direct cost", "cost of work"]),
        ColumnSpec("collected", .money, aliases: ["paid", "receipts", "amount paid", "cash collected", "collections"]),
        ColumnSpec("standard_value", .money, aliases: ["standard", "standard value", "worked value", "wip value", "value at standard", "standard fees"]),
        ColumnSpec("currency", .text, aliases: ["ccy", "currency code"]),
    ]

    public init(row: ImportRow) throws(ImportError) {
        try self.init(row: row, keepingExtraValues: true)
    }

    /// Reads a row; without `keepingExtraValues`, the extra columns (such as unique invoice
    /// numbers) are not turned into strings, for readers that never look at them.
    init(row: ImportRow, keepingExtraValues: Bool) throws(ImportError) {
        clientID = try row.text(0)
        invoiceDate = try row.day(1)
        amount = try row.money(2)
        clientName = row.optionalText(3)
        practiceArea = row.optionalText(4)
        partner = row.optionalText(5)
        cost = try row.optionalMoney(6)
        collected = try row.optionalMoney(7)
        standardValue = try row.optionalMoney(8)
        currency = row.optionalText(9)
        extraValues = keepingExtraValues ? row.extraValues : []
        line = row.line
    }
}

/// Aliases shared by several file kinds.
enum CommonAliases {
    static let clientID = ["client", "client id", "clientid", "client no", "client number", "client code", "account", "account id",
                           "account number", "matter client", "customer", "customer id"]
    static let partner = ["relationship partner", "billing partner", "responsible partner", "client partner", "originating partner"]
}
