/// One row being imported: typed access to the fields of the current record by the index of
/// its column in ``ImportableRecord/columns``. Errors carry the file, line, column and header.
///
/// An `ImportRow` is valid only inside ``ImportableRecord/init(row:)``.
///
/// A `slot` is the index of a column in the record's `columns` array, not the position of the
/// field in the file: the reader has already matched the header. A required getter throws
/// ``ImportError/Kind/emptyField`` for an empty field; an optional one returns `nil` for an
/// empty field or a column the file lacks. Both throw ``ImportError/Kind/invalidField(_:)``
/// for text that is not of the column's type.
///
/// ```swift
/// struct Retainer: ImportableRecord {
///     static let columns = [
///         ColumnSpec("client_id", .text, required: true, aliases: ["client"]),
///         ColumnSpec("monthly_fee", .money, required: true, aliases: ["fee"]),
///         ColumnSpec("start", .day),
///     ]
///     var clientID: String
///     var monthlyFee: Money
///     var start: Day?
///
///     init(row: ImportRow) throws(ImportError) {
///         clientID = try row.text(0)
///         monthlyFee = try row.money(1)
///         start = try row.optionalDay(2)
///     }
/// }
/// ```
public struct ImportRow {
    let cursor: ImportCursor

    /// The physical line the record starts on.
    public var line: Int { cursor.reader.line }

    /// True when the file has column `slot`.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    public func has(_ slot: Int) -> Bool { cursor.fieldIndex[slot] >= 0 }

    /// Required text, trimmed of surrounding spaces; an empty field is an error.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` of kind ``ImportError/Kind/emptyField`` when the field is
    ///   empty or only spaces.
    public func text(_ slot: Int) throws(ImportError) -> String {
        guard let value = optionalText(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    /// Optional text, trimmed; `nil` when the column is absent or the field is empty.
    ///
    /// Repeated values (a partner on every row) share one stored `String`.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    public func optionalText(_ slot: Int) -> String? {
        let index = cursor.fieldIndex[slot]
        guard index >= 0 else { return nil }
        return cursor.reader.withField(index) { bytes in
            let trimmed = FieldParser.trimmed(bytes)
            return trimmed.isEmpty ? nil : cursor.intern(trimmed, table: slot)
        }
    }

    /// Optional free text kept exactly as written (comments); `nil` when absent or empty.
    ///
    /// Unlike ``optionalText(_:)``, surrounding spaces are kept and nothing is shared.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    public func optionalVerbatimText(_ slot: Int) -> String? {
        let index = cursor.fieldIndex[slot]
        guard index >= 0 else { return nil }
        let value = cursor.reader.field(index)
        return value.isEmpty ? nil : value
    }

    /// A required date in ``ImportOptions/plausibleYears``, read by ``FieldParser/day(_:options:)``
    /// with the import's date order and Excel setting.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is empty, is not a date, is ambiguous
    ///   (`05/03/2024` with no date order known), or falls outside the plausible years.
    public func day(_ slot: Int) throws(ImportError) -> Day {
        guard let value = try optionalDay(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    /// A date in ``ImportOptions/plausibleYears``; `nil` when the column is absent or the field empty.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is not a date, is ambiguous, or falls outside
    ///   the plausible years.
    public func optionalDay(_ slot: Int) throws(ImportError) -> Day? {
        let options = cursor.dayOptions
        let orders = cursor.inferredOrders
        let plausible = cursor.plausibleDays
        // The common form first, without building a `Result`: the general parser reads such a
        // field the same way, and explains any other.
        let index = cursor.fieldIndex[slot]
        if index >= 0, let day = cursor.reader.withField(index, { cursor.isoDay($0, slot: slot) }), plausible.contains(day.daysSince1970) {
            return day
        }
        return try cursor.parse(slot) { bytes in
            let result = FieldParser.day(bytes, options: options, inferredOrder: &orders[slot])
            if case .success(let day) = result, !plausible.contains(day.daysSince1970) { return .failure(cursor.implausibleDate) }
            return result
        }
    }

    /// A required year, a whole number in ``ImportOptions/plausibleYears``.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is empty, is not a whole number, or is not a
    ///   plausible year (`24` is not 2024).
    public func year(_ slot: Int) throws(ImportError) -> Int {
        let years = cursor.plausibleYears
        let failure = FieldParseFailure(problem: "is not a plausible year",
                                        hint: "expected a year from \(years.lowerBound) to \(years.upperBound)")
        guard let value = try cursor.parse(slot, { bytes in
            FieldParser.integer(bytes).flatMap { years.contains($0) ? .success($0) : .failure(failure) }
        }) else {
            throw cursor.emptyError(slot)
        }
        return value
    }

    /// A required amount of money, read by ``FieldParser/money(_:decimalComma:)``
    /// with the import's decimal mark.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is empty, is not an amount, has more than two
    ///   decimal places, or is too large.
    public func money(_ slot: Int) throws(ImportError) -> Money {
        guard let value = try optionalMoney(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    /// An optional amount of money; `nil` when the column is absent or the field empty.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is not an amount, has more than two decimal
    ///   places, or is too large.
    public func optionalMoney(_ slot: Int) throws(ImportError) -> Money? {
        let decimalComma = cursor.decimalComma
        // The common form first, without building a `Result` (see ``FieldParser/plainMoney(_:decimalComma:)``).
        let index = cursor.fieldIndex[slot]
        if index >= 0, let plain = cursor.reader.withField(index, { FieldParser.plainMoney($0, decimalComma: decimalComma) }) {
            return plain
        }
        return try cursor.parse(slot) { bytes in FieldParser.money(bytes, decimalComma: decimalComma) }
    }

    /// A required Net Promoter score, a whole number from 0 to 10.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is empty or is not a whole number from 0 to 10
    ///   (`11`, `9.5`, `N/A`).
    public func score(_ slot: Int) throws(ImportError) -> Int {
        // The common form first, without building a `Result` (see ``FieldParser/plainScore(_:)``).
        let index = cursor.fieldIndex[slot]
        if index >= 0, let plain = cursor.reader.withField(index, { FieldParser.plainScore($0) }) {
            return plain
        }
        guard let value = try cursor.parse(slot, { bytes in FieldParser.score(bytes) }) else {
            throw cursor.emptyError(slot)
        }
        return value
    }

    /// A required whole number, optionally signed; `12.0` reads as 12.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is empty, is not a whole number, or does not
    ///   fit in `Int`.
    public func integer(_ slot: Int) throws(ImportError) -> Int {
        guard let value = try optionalInteger(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    /// An optional whole number; `nil` when the column is absent or the field empty.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Throws: ``ImportError`` when the field is not a whole number or does not fit in `Int`.
    public func optionalInteger(_ slot: Int) throws(ImportError) -> Int? {
        // The common form first, without building a `Result` (see ``FieldParser/plainInteger(_:)``).
        let index = cursor.fieldIndex[slot]
        if index >= 0, let plain = cursor.reader.withField(index, { FieldParser.plainInteger($0) }) {
            return plain
        }
        return try cursor.parse(slot) { bytes in FieldParser.generalInteger(bytes) }
    }

    /// A share as a fraction: `35%` and `35` read as 0.35 (a number above 1 is a percentage),
    /// `0.35` as 0.35.
    ///
    /// - Parameter slot: The index of the column in the record's `columns`.
    /// - Returns: The share, or `nil` when the column is absent or the field empty.
    /// - Throws: ``ImportError`` when the field is not a number or a percentage (a negative
    ///   share is not one).
    public func optionalShare(_ slot: Int) throws(ImportError) -> Double? {
        try cursor.parse(slot) { bytes in FieldParser.share(bytes) }
    }

    /// Required text as its code in the column's table (see ``ImportCursor/values(table:)``);
    /// an empty field is an error.
    func code(_ slot: Int) throws(ImportError) -> Int32 {
        let value = optionalCode(slot)
        guard value >= 0 else { throw cursor.emptyError(slot) }
        return value
    }

    /// Optional text as its code in the column's table; -1 when absent or empty.
    func optionalCode(_ slot: Int) -> Int32 {
        let index = cursor.fieldIndex[slot]
        guard index >= 0 else { return -1 }
        return cursor.reader.withField(index) { bytes in
            let trimmed = FieldParser.trimmed(bytes)
            return trimmed.isEmpty ? -1 : cursor.code(trimmed, table: slot)
        }
    }

    /// The code of the k-th extra column's value (an empty value has a code too).
    func extraCode(_ k: Int) -> Int32 {
        cursor.reader.withField(cursor.extraIndices[k]) { cursor.code(FieldParser.trimmed($0), table: cursor.columns.count + k) }
    }

    /// Appends free text exactly as written (comments), as UTF-8, to `buffer`; nothing when
    /// the column is absent or the field empty.
    func appendVerbatim(_ slot: Int, to buffer: inout [UInt8]) {
        let index = cursor.fieldIndex[slot]
        guard index >= 0 else { return }
        let encoding = cursor.reader.options.encoding
        cursor.reader.withField(index) { bytes in
            if encoding == .utf8 {
                buffer.append(contentsOf: bytes)
            } else {
                buffer.append(contentsOf: TextDecoding.string(bytes, encoding: encoding).utf8)
            }
        }
    }

    /// The values of the extra columns (see ``ImportSummary/extraColumns``), in file order.
    public var extraValues: [String] {
        let base = cursor.columns.count
        return cursor.extraIndices.enumerated().map { (k, index) in
            cursor.reader.withField(index) { cursor.intern(FieldParser.trimmed($0), table: base + k) }
        }
    }
}

/// A valid month (year × 100 + month, -1 for none yet), its first day and its length in days.
struct MonthOfLastDate {
    var key = -1
    var firstDay: Int32 = 0
    var length = 0
}

/// The state an import keeps between rows: the reader, where each column is, per-column
/// date-order inference and string tables. Mutable state sits behind pointers so that the
/// per-field calls pay no dynamic exclusivity checks.
final class ImportCursor {
    let reader: CSVReader
    /// For each column slot of the record kind, the 0-based field index, or -1 when absent.
    let fieldIndex: [Int]
    let extraIndices: [Int]
    let columns: [ColumnSpec]
    let dayOptions: FieldParser.DayOptions
    let decimalComma: Bool
    let plausibleYears: ClosedRange<Int>
    /// ``ImportOptions/plausibleYears`` as days since 1970, for a cheap check on every date.
    let plausibleDays: ClosedRange<Int32>
    let implausibleDate: FieldParseFailure
    /// Per column slot: the date order inferred so far.
    let inferredOrders: UnsafeMutablePointer<DateOrder?>
    /// Per column slot: the month of the last `YYYY-MM-DD` date read (see ``isoDay(_:slot:)``).
    private let months: UnsafeMutablePointer<MonthOfLastDate>
    /// One string table per column slot, then one per extra column.
    private let interners: UnsafeMutablePointer<StringInterner>
    private let internerCount: Int
    private let encoding: TextEncoding

    init(reader: CSVReader, columns: [ColumnSpec], fieldIndex: [Int], extraIndices: [Int], options: ImportOptions) {
        self.reader = reader
        self.columns = columns
        self.fieldIndex = fieldIndex
        self.extraIndices = extraIndices
        dayOptions = FieldParser.DayOptions(order: options.dateOrder, excelSerial: options.excelDates)
        decimalComma = options.decimalComma
        plausibleYears = options.plausibleYears
        let first = Day(year: max(1, min(9999, options.plausibleYears.lowerBound)), month: 1, day: 1)
        let last = Day(year: max(1, min(9999, options.plausibleYears.upperBound)), month: 12, day: 31)
        plausibleDays = (first?.daysSince1970 ?? .min)...(last?.daysSince1970 ?? .max)
        implausibleDate = FieldParseFailure(problem: "is not a plausible date",
                                            hint: "expected a date from \(first.map(\.description) ?? "") to \(last.map(\.description) ?? "")")
        inferredOrders = .allocate(capacity: max(1, columns.count))
        inferredOrders.initialize(repeating: nil, count: max(1, columns.count))
        months = .allocate(capacity: max(1, columns.count))
        months.initialize(repeating: MonthOfLastDate(), count: max(1, columns.count))
        internerCount = columns.count + extraIndices.count
        interners = .allocate(capacity: max(1, internerCount))
        interners.initialize(repeating: StringInterner(), count: max(1, internerCount))
        encoding = options.csv.encoding
    }

    deinit {
        inferredOrders.deinitialize(count: max(1, columns.count))
        inferredOrders.deallocate()
        months.deinitialize(count: max(1, columns.count))
        months.deallocate()
        interners.deinitialize(count: max(1, internerCount))
        interners.deallocate()
    }

    /// The date order inferred by the first date column that settled one.
    var inferredDateOrder: DateOrder? {
        (0..<columns.count).lazy.compactMap { self.inferredOrders[$0] }.first
    }

    /// The field's text through string table `table` (a column slot, or `columns.count + k`
    /// for the k-th extra column).
    @inline(__always)
    func intern(_ bytes: UnsafeBufferPointer<UInt8>, table: Int) -> String {
        let encoding = self.encoding
        return interners[table].intern(bytes) { TextDecoding.string($0, encoding: encoding) }
    }

    /// The day of a field that is exactly `YYYY-MM-DD` and a valid date, for column `slot`;
    /// `nil` for anything else, which ``FieldParser/day(_:options:inferredOrder:)`` reads (or
    /// explains). The month's first day and length are kept from the column's last date:
    /// exports list a client's lines in date order, so most dates fall in the month before
    /// them, and a date is then found without calendar arithmetic.
    @inline(__always)
    func isoDay(_ bytes: UnsafeBufferPointer<UInt8>, slot: Int) -> Day? {
        guard let parts = FieldParser.isoDateParts(bytes) else { return nil }
        let month = months + slot
        let key = parts.year &* 100 &+ parts.month
        if month.pointee.key != key {
            guard let first = Day(year: parts.year, month: parts.month, day: 1) else { return nil }
            month.pointee = MonthOfLastDate(key: key, firstDay: first.daysSince1970,
                                            length: Day.daysInMonth(year: parts.year, month: parts.month))
        }
        guard parts.day >= 1 && parts.day <= month.pointee.length else { return nil }
        return Day(daysSince1970: month.pointee.firstDay &+ Int32(truncatingIfNeeded: parts.day - 1))
    }

    /// The field's code in string table `table`; the table must only ever be used for codes.
    @inline(__always)
    func code(_ bytes: UnsafeBufferPointer<UInt8>, table: Int) -> Int32 {
        let encoding = self.encoding
        return interners[table].code(bytes) { TextDecoding.string($0, encoding: encoding) }
    }

    /// The values of a table used for codes, indexed by code.
    func values(table: Int) -> [String] {
        interners[table].values
    }

    /// How many values table `table` has numbered: the code the next new value will get.
    func valueCount(table: Int) -> Int {
        interners[table].count
    }

    /// Parses field `slot` with `parser`; `nil` when the column is absent or the field empty.
    @inline(__always)
    func parse<T>(_ slot: Int, _ parser: (UnsafeBufferPointer<UInt8>) -> Result<T, FieldParseFailure>) throws(ImportError) -> T? {
        let index = fieldIndex[slot]
        guard index >= 0 else { return nil }
        let result: Result<T, FieldParseFailure>? = reader.withField(index) { bytes in
            if FieldParser.isBlank(bytes) { return nil }
            return parser(bytes)
        }
        switch result {
        case nil: return nil
        case .success(let value)?: return value
        case .failure(let failure)?: throw invalid(failure, index)
        }
    }

    func invalid(_ failure: FieldParseFailure, _ index: Int) -> ImportError {
        ImportError(.invalidField(failure), position: reader.fieldPosition(index), file: reader.file,
                    columnName: reader.columnName(index), found: reader.field(index))
    }

    func emptyError(_ slot: Int) -> ImportError {
        let index = fieldIndex[slot]
        return ImportError(.emptyField, position: reader.fieldPosition(index), file: reader.file,
                           columnName: reader.columnName(index) ?? columns[slot].name)
    }
}

/// Not `Sendable`: a row is a view of its reader's current record, valid only inside the closure it is passed to.
@available(*, unavailable)
extension ImportRow: Sendable {}
