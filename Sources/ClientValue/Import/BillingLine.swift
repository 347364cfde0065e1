/// One line of a billing export: an invoice (or credit note) line for a client.
///
/// Amounts are exact (``Money``, hundredths). A negative `amount` is a credit note.
///
/// ```swift
/// let bytes = Array("Client ID,Invoice Date,Fees,Partner\nC1,2024-03-05,\"1,234.50\",A. Smith\n".utf8)
/// let lines = try ImportedTable<BillingLine>.read(.memory(bytes), file: "billing.csv").records
/// print(lines[0].clientID, lines[0].invoiceDate, lines[0].amount, lines[0].partner ?? "")
/// // C1 2024-03-05 1234.50 A. Smith
/// ```
public struct BillingLine: ImportableRecord, Hashable, Codable {
    /// The client's identifier as the billing system writes it (`client_id`), trimmed of
    /// surrounding spaces; every per-client result is keyed by it.
    public var clientID: String
    /// The day of the invoice or credit note (`invoice_date`); it places the line in a year,
    /// a period and a purchase history.
    public var invoiceDate: Day
    /// The amount billed on the line (`amount`), in the file's currency; negative for a
    /// credit note.
    public var amount: Money
    /// The client's name (`client_name`), when the export has it; results show it beside the id.
    public var clientName: String?
    /// The practice area, department or service line (`practice_area`), such as `Tax`.
    public var practiceArea: String?
    /// The partner responsible for the client or the invoice (`partner`).
    public var partner: String?
    /// The direct cost of the work billed (`cost`), when the export has it.
    public var cost: Money?
    /// The cash received against the line so far (`collected`), for the collection rate.
    public var collected: Money?
    /// The value of the work at standard rates, before write-downs (for realisation).
    public var standardValue: Money?
    /// The currency code as written (`currency`), such as `GBP`. Amounts are not converted:
    /// a file's amounts are taken to share one currency.
    public var currency: String?
    /// Values of the file's extra columns, in the order of ``ImportSummary/extraColumns``.
    public var extraValues: [String]
    /// The physical line of the record in its file.
    public var line: Int

    /// A billing line built in code, as in tests or when the data comes from elsewhere.
    ///
    /// - Parameters:
    ///   - clientID: The client's identifier.
    ///   - invoiceDate: The day of the invoice or credit note.
    ///   - amount: The amount billed; negative for a credit note.
    ///   - clientName: The client's name, if known.
    ///   - practiceArea: The practice area or service line, if known.
    ///   - partner: The responsible partner, if known.
    ///   - cost: The direct cost of the work, if known.
    ///   - collected: The cash received so far, if known.
    ///   - standardValue: The value of the work at standard rates, if known.
    ///   - currency: The currency code, if known.
    ///   - extraValues: Values of extra columns, in the order of ``ImportSummary/extraColumns``.
    ///   - line: The physical line in a file, or 0 when there is none.
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

    /// The columns of a billing export: `client_id`, `invoice_date` and `amount` are required;
    /// `client_name`, `practice_area`, `partner`, `cost`, `collected`, `standard_value` and
    /// `currency` are optional. Each lists the aliases a header may use (`Fees`, `Invoice Date`).
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

    /// Reads a billing line from the current row of an import.
    ///
    /// - Parameter row: The row, with its fields in the order of ``columns``.
    /// - Throws: ``ImportError`` when the client, date or amount is empty, or a date or an
    ///   amount (`amount`, `cost`, `collected`, `standard_value`) cannot be read.
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
