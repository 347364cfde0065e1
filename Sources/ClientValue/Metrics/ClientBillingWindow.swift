/// Each client's net billing over a window of days, such as the twelve months before an
/// as-of date. Credit notes (negative lines) are netted in, so a client's total can be zero or
/// negative.
///
/// ```swift
/// var billing = ClientBillingWindow(trailingTwelveMonthsTo: Day(year: 2025, month: 6, day: 30)!)
/// for line in try ImportedTable<BillingLine>.read(.file(path: "billing.csv")).records {
///     try billing.add(line)
/// }
/// billing.total(for: "C00042")
/// ```
public struct ClientBillingWindow: Sendable, Hashable {
    /// The days counted, both ends included.
    public let window: ClosedRange<Day>
    /// Net billing per client id, for clients with at least one line in the window.
    public private(set) var totals: [String: Money] = [:]
    /// Lines read, and lines that fell in the window.
    public private(set) var linesRead = 0
    /// The billing lines whose invoice date fell in the window, and so were added to a total.
    public private(set) var linesInWindow = 0

    /// An empty window over the given days, to which billing lines are then added.
    ///
    /// - Parameter window: the invoice dates to count, both ends included.
    public init(window: ClosedRange<Day>) {
        self.window = window
    }

    /// The twelve months up to and including `asOf`: from the day after the same date a year
    /// earlier (2024-06-30 → 2023-07-01 ... 2024-06-30).
    ///
    /// - Parameter asOf: "today", the last day of the window.
    public init(trailingTwelveMonthsTo asOf: Day) {
        self.init(window: asOf.adding(months: -12).adding(days: 1)...asOf)
    }

    /// Counts a billing line if its date falls in the window.
    ///
    /// - Parameter line: an imported billing line; its amount is added to its client's total
    ///   when its invoice date is in ``window``.
    /// - Throws: ``BillingTotalOverflow`` when a client's total no longer fits in ``Money``.
    public mutating func add(_ line: BillingLine) throws(BillingTotalOverflow) {
        try add(clientID: line.clientID, date: line.invoiceDate, amount: line.amount, line: line.line)
    }

    /// Counts a billing amount given by its fields, if its date falls in the window.
    ///
    /// - Parameters:
    ///   - clientID: the client the amount is billed to.
    ///   - date: the invoice date.
    ///   - amount: the amount billed, in currency units; negative for a credit note.
    ///   - line: the line of the export it came from, for the error; 0 when unknown.
    /// - Throws: ``BillingTotalOverflow`` when the client's total no longer fits in ``Money``;
    ///   the total is then left as it was.
    public mutating func add(clientID: String, date: Day, amount: Money, line: Int = 0) throws(BillingTotalOverflow) {
        linesRead += 1
        guard window.contains(date) else { return }
        linesInWindow += 1
        let (sum, overflow) = (totals[clientID] ?? .zero).addingReportingOverflow(amount)
        guard !overflow else { throw BillingTotalOverflow(clientID: clientID, line: line) }
        totals[clientID] = sum
    }

    /// A window with its totals already added up (by a coded read).
    init(window: ClosedRange<Day>, totals: [String: Money], linesRead: Int, linesInWindow: Int) {
        self.window = window
        self.totals = totals
        self.linesRead = linesRead
        self.linesInWindow = linesInWindow
    }

    /// The client's net billing in the window; zero for a client with no lines in it.
    ///
    /// - Parameter clientID: the client's id as it appears in the billing export.
    public func total(for clientID: String) -> Money {
        totals[clientID] ?? .zero
    }
}

/// A client's billing total exceeded what ``Money`` holds (about ±92 quadrillion).
public struct BillingTotalOverflow: Error, Hashable, Sendable {
    /// The client whose total would have overflowed.
    public var clientID: String
    /// The line whose amount overflowed the total.
    public var line: Int
}
