/// One row being imported: typed access to the fields of the current record by the index of
/// its column in ``ImportableRecord/columns``. Errors carry the file, line, column and header.
///
/// An `ImportRow` is valid only inside ``ImportableRecord/init(row:)``.
public struct ImportRow {
    let cursor: ImportCursor

    /// The physical line the record starts on.
    public var line: Int { cursor.reader.line }

    /// True when the file has column `slot`.
    public func has(_ slot: Int) -> Bool { cursor.fieldIndex[slot] >= 0 }

    /// Required text, trimmed of surrounding spaces; an empty field is an error.
    public func text(_ slot: Int) throws(ImportError) -> String {
        guard let value = optionalText(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    /// Optional text, trimmed; `nil` when the column is absent or the field is empty.
    public func optionalText(_ slot: Int) -> String? {
        let index = cursor.fieldIndex[slot]
        guard index >= 0 else { return nil }
        return cursor.reader.withField(index) { bytes in
            let trimmed = FieldParser.trimmed(bytes)
            return trimmed.isEmpty ? nil : cursor.intern(trimmed)
        }
    }

    /// Optional free text kept exactly as written (comments); `nil` when absent or empty.
    public func optionalVerbatimText(_ slot: Int) -> String? {
        let index = cursor.fieldIndex[slot]
        guard index >= 0 else { return nil }
        let value = cursor.reader.field(index)
        return value.isEmpty ? nil : value
    }

    public func day(_ slot: Int) throws(ImportError) -> Day {
        guard let value = try optionalDay(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    public func optionalDay(_ slot: Int) throws(ImportError) -> Day? {
        try cursor.parse(slot) { (bytes, cursor) in
            FieldParser.day(bytes, options: cursor.dayOptions, inferredOrder: &cursor.inferredOrders[slot])
        }
    }

    public func money(_ slot: Int) throws(ImportError) -> Money {
        guard let value = try optionalMoney(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    public func optionalMoney(_ slot: Int) throws(ImportError) -> Money? {
        try cursor.parse(slot) { (bytes, cursor) in FieldParser.money(bytes, decimalComma: cursor.decimalComma) }
    }

    public func score(_ slot: Int) throws(ImportError) -> Int {
        guard let value = try cursor.parse(slot, { (bytes, _) in FieldParser.score(bytes) }) else {
            throw cursor.emptyError(slot)
        }
        return value
    }

    public func integer(_ slot: Int) throws(ImportError) -> Int {
        guard let value = try optionalInteger(slot) else { throw cursor.emptyError(slot) }
        return value
    }

    public func optionalInteger(_ slot: Int) throws(ImportError) -> Int? {
        try cursor.parse(slot) { (bytes, _) in FieldParser.integer(bytes) }
    }

    /// A share as a fraction: `35%` and `35` read as 0.35 (a number above 1 is a percentage),
    /// `0.35` as 0.35.
    public func optionalShare(_ slot: Int) throws(ImportError) -> Double? {
        try cursor.parse(slot) { (bytes, _) in FieldParser.share(bytes) }
    }

    /// The values of the extra columns (see ``ImportSummary/extraColumns``), in file order.
    public var extraValues: [String] {
        cursor.extraIndices.map { index in
            cursor.reader.withField(index) { cursor.intern(FieldParser.trimmed($0)) }
        }
    }
}

/// The state an import keeps between rows: the reader, where each column is, per-column
/// date-order inference and the string table.
final class ImportCursor {
    let reader: CSVReader
    /// For each column slot of the record kind, the 0-based field index, or -1 when absent.
    let fieldIndex: [Int]
    let extraIndices: [Int]
    let columns: [ColumnSpec]
    let dayOptions: FieldParser.DayOptions
    let decimalComma: Bool
    var inferredOrders: [DateOrder?]
    private var interner = StringInterner()
    private let encoding: TextEncoding

    init(reader: CSVReader, columns: [ColumnSpec], fieldIndex: [Int], extraIndices: [Int], options: ImportOptions) {
        self.reader = reader
        self.columns = columns
        self.fieldIndex = fieldIndex
        self.extraIndices = extraIndices
        dayOptions = FieldParser.DayOptions(order: options.dateOrder, excelSerial: options.excelDates)
        decimalComma = options.decimalComma
        inferredOrders = [DateOrder?](repeating: nil, count: columns.count)
        encoding = options.csv.encoding
    }

    @inline(__always)
    func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let encoding = self.encoding
        return interner.intern(bytes) { TextDecoding.string($0, encoding: encoding) }
    }

    /// Parses field `slot` with `parser`; `nil` when the column is absent or the field empty.
    @inline(__always)
    func parse<T>(_ slot: Int, _ parser: (UnsafeBufferPointer<UInt8>, ImportCursor) -> Result<T, FieldParseFailure>) throws(ImportError) -> T? {
        let index = fieldIndex[slot]
        guard index >= 0 else { return nil }
        let result: Result<T, FieldParseFailure>? = reader.withField(index) { bytes in
            if FieldParser.isBlank(bytes) { return nil }
            return parser(bytes, self)
        }
        switch result {
        case nil: return nil
        case .success(let value)?: return value
        case .failure(let failure)?:
            throw ImportError(.invalidField(failure), position: reader.fieldPosition(index), file: reader.file,
                              columnName: reader.columnName(index), found: reader.field(index))
        }
    }

    func emptyError(_ slot: Int) -> ImportError {
        let index = fieldIndex[slot]
        return ImportError(.emptyField, position: reader.fieldPosition(index), file: reader.file,
                           columnName: reader.columnName(index) ?? columns[slot].name)
    }
}
