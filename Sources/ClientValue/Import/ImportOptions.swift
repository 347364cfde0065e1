/// What to do with a row that cannot be imported.
public enum ErrorPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop at the first bad row with its error (the default).
    case fail
    /// Leave the row out, count it, and write it to the rejects file if one is given.
    case skip
}

/// Options for importing an export into typed records. The defaults read most exports.
///
/// ```swift
/// // Day-first dates and amounts written 1.234,50; bad rows left out and copied aside.
/// var options = ImportOptions(dateOrder: .dmy, decimalComma: true, onError: .skip,
///                             rejectsPath: "/tmp/billing-rejects.csv")
/// options.csv.delimiter = .semicolon
/// options.columnMap = ["amount": "Honoraires HT"]
/// let billing = try ImportedTable<BillingLine>.read(.file(path: "billing.csv"), options: options)
/// print(billing.summary.rowsAccepted, billing.summary.rowsRejected)
/// ```
public struct ImportOptions: Sendable, Hashable {
    /// How the CSV itself is read: delimiter (sniffed by default), quoting and encoding.
    public var csv: CSVReadOptions
    /// Day-first or month-first for dates like `05/03/2024`; `nil` infers it from the first
    /// date that can only be read one way, and makes an ambiguous date before that an error.
    public var dateOrder: DateOrder?
    /// Read plain numbers in date columns as Excel serial days (45356 = 2024-03-05).
    public var excelDates: Bool
    /// The years a date (or a wallet's year) in an export may fall in; a date outside them is
    /// an error, not a client with centuries of tenure. 1900...2099 by default: `0001-01-01`,
    /// Excel's zero date `1899-12-30` and a mistyped `2204-03-05` are errors.
    public var plausibleYears: ClosedRange<Int>
    /// Amounts are written `1.234,50`: comma for decimals, dot or space for thousands.
    public var decimalComma: Bool
    /// What a bad row does: stop the import (``ErrorPolicy/fail``, the default) or be left
    /// out and counted (``ErrorPolicy/skip``).
    public var onError: ErrorPolicy
    /// Explicit column mapping: canonical field name (`score`) → header (`How likely...`).
    public var columnMap: [String: String]
    /// With `onError == .skip`: where to write every rejected row unchanged, with its reason.
    public var rejectsPath: String?
    /// How many issues the summary keeps in memory (all of them reach the rejects file).
    public var issueLimit: Int

    /// Options for an import; every parameter has the default most exports need.
    ///
    /// - Parameters:
    ///   - csv: The CSV dialect: delimiter, quoting, encoding.
    ///   - dateOrder: Day-first or month-first for numeric dates, or `nil` to infer it.
    ///   - excelDates: Whether plain numbers in date columns are Excel serial days.
    ///   - decimalComma: Whether amounts are written `1.234,50`.
    ///   - onError: Whether a bad row stops the import or is skipped.
    ///   - columnMap: Canonical field name → header, for headers no alias matches.
    ///   - rejectsPath: With ``ErrorPolicy/skip``, a file to copy every rejected row to.
    ///   - issueLimit: How many rejected rows the summary lists; 1,000 by default.
    ///   - plausibleYears: The years dates may fall in; 1900...2099 by default.
    public init(csv: CSVReadOptions = CSVReadOptions(), dateOrder: DateOrder? = nil, excelDates: Bool = false,
                decimalComma: Bool = false, onError: ErrorPolicy = .fail, columnMap: [String: String] = [:],
                rejectsPath: String? = nil, issueLimit: Int = 1000, plausibleYears: ClosedRange<Int> = 1900...2099) {
        self.csv = csv
        self.dateOrder = dateOrder
        self.excelDates = excelDates
        self.plausibleYears = plausibleYears
        self.decimalComma = decimalComma
        self.onError = onError
        self.columnMap = columnMap
        self.rejectsPath = rejectsPath
        self.issueLimit = issueLimit
    }
}

/// What an import read, accepted and left out. `rowsRead == rowsAccepted + rowsRejected`.
public struct ImportSummary: Sendable, Hashable, Codable {
    /// The file name as the caller gave it (else the path, or `<stdin>`), or `nil` for bytes
    /// in memory read without a name.
    public var file: String?
    /// The CSV format found: delimiter, byte order mark, encoding, line ending.
    public var dialect: CSVDialect
    /// Every header column in file order, with the field it maps to (if any) and its type.
    public var columns: [ColumnMapping]
    /// Headers kept for grouping that map to no canonical field, in file order.
    public var extraColumns: [String]
    /// Data rows read, good or bad; rows with every field empty are not counted here.
    public var rowsRead = 0
    /// Rows that became records.
    public var rowsAccepted = 0
    /// Rows left out under ``ErrorPolicy/skip``.
    public var rowsRejected = 0
    /// Rows whose every field was empty (spreadsheets leave them at the end); not counted as read.
    public var emptyRowsSkipped = 0
    /// The date order in force at the end: given, or inferred from the data.
    public var dateOrder: DateOrder?
    /// The first ``ImportOptions/issueLimit`` rejected rows.
    public var issues: [ImportIssue] = []
}
