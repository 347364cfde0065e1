/// How ClientValue reads a CSV file: its dialect, what each column maps to and holds, how many
/// rows it has and the first errors. The result of ``FileInspection/inspect(_:file:options:progress:)``.
///
/// It is what `clientvalue inspect` prints, and encodes to the JSON of `--format json`.
public struct FileInspection: Sendable, Hashable, Codable {
    /// One header column.
    public struct Column: Sendable, Hashable, Codable {
        /// 1-based.
        public var column: Int
        /// The header's text as it is in the file.
        public var header: String
        /// The canonical field it maps to, or `nil` for an extra column.
        public var field: String?
        /// The type the field must have, for a mapped column.
        public var expectedType: ColumnType?
        /// The type the first non-empty values have (up to ``InspectOptions/sampleRows``).
        public var inferredType: ColumnType?
        /// The first non-empty value.
        public var example: String?
        /// Empty fields among the rows read.
        public var emptyCount: Int
    }

    /// A data row whose fields are all equal to an earlier row's.
    public struct DuplicateRow: Sendable, Hashable, Codable {
        /// The physical line of the repeat.
        public var line: Int
        /// The physical line of the first row with these fields.
        public var firstLine: Int
    }

    /// The file name as the caller gave it (else the path, or `<stdin>`), or `nil` for bytes
    /// in memory read without a name.
    public var file: String?
    /// The CSV format found: delimiter and whether it was sniffed, byte order mark, `sep=`
    /// line, encoding, quoting and line ending.
    public var dialect: CSVDialect
    /// The kind of export the rows were checked against, or `nil` when it is unknown (then
    /// rows are checked as CSV only).
    public var kind: FileKind?
    /// Where the kind came from: `option`, `file name` or `header`; `nil` when unknown.
    public var kindSource: String?
    /// Every header column in file order: what it maps to and what it seems to hold.
    public var columns: [Column]
    /// Required columns of the kind that the header lacks (then rows are checked as CSV only).
    public var missingColumns: [String]
    /// Fields of the kind whose column name the header repeats, so that which column to read
    /// is unclear (then rows are checked as CSV only).
    public var duplicateColumns: [String]
    /// Data rows read, good or bad (`rowsRead == rowsAccepted + rowsRejected`).
    public var rowsRead: Int
    /// Rows an import would accept.
    public var rowsAccepted: Int
    /// Rows an import would stop at (``ErrorPolicy/fail``) or leave out (``ErrorPolicy/skip``).
    public var rowsRejected: Int
    /// Rows whose every field was empty, skipped and not counted as read.
    public var emptyRowsSkipped: Int
    /// The day-month order in force at the end: given in the options, or inferred from the
    /// dates; `nil` when no date settled it.
    public var dateOrder: DateOrder?
    /// The first ``InspectOptions/errorLimit`` problems, CSV and typed.
    public var errors: [ImportIssue]
    /// Data rows whose fields are all equal to an earlier row's, accepted or not. They are
    /// kept by every import (two equal invoice lines can be real); this is for a person to check.
    public var duplicateRowCount: Int
    /// The first ``InspectOptions/duplicateLimit`` duplicate rows, in file order.
    public var duplicateRows: [DuplicateRow]
}

/// Options for ``FileInspection/inspect(_:file:options:progress:)``.
public struct InspectOptions: Sendable, Hashable {
    /// The kind to check rows against; guessed from the file name, then the header, when `nil`.
    public var kind: FileKind?
    /// How the file is read: dialect, date order, decimal mark, column map and rejects file.
    /// Its error policy is ignored: an inspection always reads on past bad rows.
    public var importOptions: ImportOptions
    /// How many problems ``FileInspection/errors`` lists (all are counted).
    public var errorLimit: Int
    /// How many non-empty values per column the type inference looks at.
    public var sampleRows: Int
    /// How many duplicate rows to list (all are counted).
    public var duplicateLimit: Int

    /// Options for an inspection; the defaults guess the kind and list the first 10 problems.
    ///
    /// - Parameters:
    ///   - kind: The kind to check rows against, or `nil` to guess it.
    ///   - importOptions: How the file is read, as for an import.
    ///   - errorLimit: How many problems to list; 10 by default.
    ///   - sampleRows: How many non-empty values per column the type inference looks at;
    ///     1,000 by default.
    ///   - duplicateLimit: How many duplicate rows to list; 10 by default.
    public init(kind: FileKind? = nil, importOptions: ImportOptions = ImportOptions(), errorLimit: Int = 10, sampleRows: Int = 1000,
                duplicateLimit: Int = 10) {
        self.kind = kind
        self.importOptions = importOptions
        self.errorLimit = errorLimit
        self.sampleRows = sampleRows
        self.duplicateLimit = duplicateLimit
    }
}

extension FileInspection {
    /// Reads the whole file once, checking every row against its kind (when known), and
    /// collecting errors rather than stopping at the first (as ``ErrorPolicy/skip`` does; with
    /// ``ImportOptions/rejectsPath`` set, every bad row is written there).
    ///
    /// The kind is the one in `options`, else the one the file name suggests, else the one the
    /// header fits. A header that lacks a required column, or repeats one, is reported in
    /// ``missingColumns`` or ``duplicateColumns`` rather than thrown, and the rows are then
    /// checked as CSV only.
    ///
    /// ```swift
    /// let inspection = try FileInspection.inspect(.file(path: "SampleData/billing.csv"))
    /// print(inspection.kind as Any, inspection.dialect.delimiter, inspection.rowsRead, inspection.rowsRejected)
    /// for column in inspection.columns {
    ///     print(column.column, column.header, column.field ?? "(extra)", column.inferredType as Any)
    /// }
    /// for issue in inspection.errors { print(issue.line, issue.message) }
    /// ```
    ///
    /// - Parameters:
    ///   - source: A file path, standard input, or bytes in memory.
    ///   - file: The name to use in messages and to guess the kind from; the path by default.
    ///   - options: The kind, how to read the file, and how many problems, sampled values and
    ///     duplicate rows to look at.
    ///   - progress: called with the bytes read so far, every 65,536 rows.
    /// - Returns: What the file holds and how it reads.
    /// - Throws: ``ImportError`` only when the file cannot be opened or its header is malformed.
    /// - Complexity: One pass, O(n) in the file's bytes. Memory: the reader's buffer, and about
    ///   16 bytes a row to find duplicate rows.
    public static func inspect(_ source: ByteSourceKind, file: String? = nil, options: InspectOptions = InspectOptions(),
                               progress: ((Int) -> Void)? = nil) throws(ImportError) -> FileInspection {
        let reader: CSVReader
        do {
            reader = try CSVReader(source, file: file, options: options.importOptions.csv)
        } catch {
            throw ImportError(error)
        }
        var kind = options.kind
        var kindSource: String? = kind == nil ? nil : "option"
        if kind == nil, let name = reader.file, let guessed = FileKind.guess(fromFileName: name) {
            kind = guessed
            kindSource = "file name"
        }
        if kind == nil, let guessed = FileKind.guess(fromHeader: reader.header) {
            kind = guessed
            kindSource = "header"
        }
        var importOptions = options.importOptions
        importOptions.onError = .skip
        importOptions.issueLimit = options.errorLimit
        switch kind {
        case .billing?: return try run(BillingLine.self, reader, importOptions, options, kind, kindSource, progress)
        case .surveys?: return try run(SurveyResponse.self, reader, importOptions, options, kind, kindSource, progress)
        case .contacts?: return try run(ContactEvent.self, reader, importOptions, options, kind, kindSource, progress)
        case .wallet?: return try run(WalletEntry.self, reader, importOptions, options, kind, kindSource, progress)
        case nil: return try run(UntypedRecord.self, reader, importOptions, options, nil, nil, progress)
        }
    }

    private static func run<Record: ImportableRecord>(
        _: Record.Type, _ reader: CSVReader, _ importOptions: ImportOptions, _ options: InspectOptions,
        _ kind: FileKind?, _ kindSource: String?, _ progress: ((Int) -> Void)?
    ) throws(ImportError) -> FileInspection {
        var missing: [String] = []
        var duplicated: [String] = []
        let records: RecordReader<Record>
        var preamble: [ImportIssue] = []
        do {
            records = try RecordReader<Record>(reader: reader, options: importOptions)
        } catch {
            // The header lacks what the kind needs, or repeats a column it reads: say so, and
            // still read the rows as CSV.
            switch error.kind {
            case .missingColumn(let field): missing.append(field)
            case .duplicateColumn(let field, _): duplicated.append(field)
            default: throw error
            }
            preamble.append(ImportIssue(line: error.position.line, column: error.position.column, columnName: error.columnName,
                                        kind: error.kind.name, message: error.message))
            let untyped = try RecordReader<UntypedRecord>(reader: reader, options: importOptions)
            var inspection = try scan(untyped, reader, options, kind, kindSource, missing: missing, duplicated: duplicated,
                                      preamble: preamble, progress: progress)
            // Show what the columns that are there map to, though rows were checked as CSV only.
            let mappings = ColumnLayout.partialMappings(header: reader.header, columns: Record.columns, columnMap: importOptions.columnMap)
            for (index, mapping) in mappings.enumerated() where index < inspection.columns.count {
                inspection.columns[index].field = mapping.field
                inspection.columns[index].expectedType = mapping.type
            }
            return inspection
        }
        return try scan(records, reader, options, kind, kindSource, missing: missing, duplicated: duplicated, preamble: preamble,
                        progress: progress)
    }

    private static func scan<Record: ImportableRecord>(
        _ records: RecordReader<Record>, _ reader: CSVReader, _ options: InspectOptions,
        _ kind: FileKind?, _ kindSource: String?, missing: [String], duplicated: [String], preamble: [ImportIssue],
        progress: ((Int) -> Void)?
    ) throws(ImportError) -> FileInspection {
        var inference = [ColumnTypeInference](repeating: ColumnTypeInference(), count: reader.header.count)
        let sampleRows = options.sampleRows
        let encoding = reader.options.encoding
        var rows = 0
        var duplicates = DuplicateRowFinder(limit: options.duplicateLimit)
        records.rowObserver = { reader in
            rows += 1
            if let progress, rows & 0xFFFF == 0 { progress(reader.bytesConsumed) }
            for index in 0..<min(reader.fieldCount, inference.count) {
                reader.withField(index) { inference[index].observe(FieldParser.trimmed($0), limit: sampleRows, encoding: encoding) }
            }
            duplicates.observe(reader)
        }
        while try records.next() != nil {}
        let summary = records.summary
        let columns = summary.columns.map { mapping in
            let seen = inference[mapping.column - 1]
            return Column(column: mapping.column, header: mapping.header, field: mapping.field, expectedType: mapping.type,
                          inferredType: seen.inferredType, example: seen.example, emptyCount: seen.emptyCount)
        }
        return FileInspection(file: summary.file, dialect: summary.dialect, kind: kind, kindSource: kindSource, columns: columns,
                              missingColumns: missing, duplicateColumns: duplicated, rowsRead: summary.rowsRead,
                              rowsAccepted: summary.rowsAccepted, rowsRejected: summary.rowsRejected,
                              emptyRowsSkipped: summary.emptyRowsSkipped, dateOrder: summary.dateOrder,
                              errors: Array((preamble + summary.issues).prefix(options.errorLimit)),
                              duplicateRowCount: duplicates.count, duplicateRows: duplicates.listed)
    }
}

/// Finds rows whose fields are all equal to an earlier row's. Each row is remembered by a
/// 64-bit hash of its fields and its line, not by its bytes: 16 bytes a row in the table's
/// entries, about 50 at the peak while the table grows; two different rows are taken for equal only if their hashes collide (for a million
/// rows, a chance of about 1 in 37 million).
struct DuplicateRowFinder {
    private var firstLines: [Int: Int] = [:]
    private(set) var count = 0
    private(set) var listed: [FileInspection.DuplicateRow] = []
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    mutating func observe(_ reader: CSVReader) {
        let fields = reader.fieldCount
        var state = Self.mix(0x243F_6A88_85A3_08D3, UInt64(fields))
        for index in 0..<fields {
            reader.withField(index) { bytes in state = Self.mix(state, bytes) }
        }
        let key = Int(truncatingIfNeeded: Self.finish(state))
        if let first = firstLines[key] {
            count += 1
            if listed.count < limit { listed.append(FileInspection.DuplicateRow(line: reader.line, firstLine: first)) }
        } else {
            firstLines[key] = reader.line
        }
    }

    // A 64-bit hash of the row: each field's hash (the string tables' own, which mixes in its
    // length, so field boundaries count) folded into a running value. Rows are not chosen by
    // an adversary here, and a match only ever adds a line to a report for a person to check,
    // so a fast non-keyed hash is enough; Swift's seeded `Hasher` cost a quarter of
    // `inspect`'s instructions.
    @inline(__always)
    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        var x = (state ^ word) &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return x
    }

    private static func mix(_ state: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        mix(state, StringInterner.hash(bytes))
    }

    private static func finish(_ state: UInt64) -> UInt64 {
        var x = state
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}

/// Guesses a column's type from its values: the narrowest of integer, day, money and text
/// that every sampled value reads as. (A score is a small integer; only the mapping says so.)
struct ColumnTypeInference {
    private var candidates: Set<ColumnType> = [.integer, .day, .money]
    private var sampled = 0
    private var dateOrder: DateOrder?
    private(set) var example: String?
    private(set) var emptyCount = 0

    /// - Parameter encoding: the file's; UTF-8 rows have been checked before they get here, so
    ///   no byte becomes U+FFFD.
    mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, encoding: TextEncoding) {
        if bytes.isEmpty { emptyCount += 1; return }
        if example == nil { example = TextDecoding.string(bytes, encoding: encoding) }
        guard sampled < limit, !candidates.isEmpty else { return }
        sampled += 1
        if candidates.contains(.integer), case .failure = FieldParser.integer(bytes) { candidates.remove(.integer) }
        if candidates.contains(.day),
           case .failure = FieldParser.day(bytes, options: FieldParser.DayOptions(), inferredOrder: &dateOrder) {
            candidates.remove(.day)
        }
        if candidates.contains(.money), case .failure = FieldParser.money(bytes, decimalComma: false) { candidates.remove(.money) }
    }

    var inferredType: ColumnType? {
        guard sampled > 0 else { return nil }
        for type in [ColumnType.integer, .day, .money] where candidates.contains(type) { return type }
        return .text
    }
}

extension FileInspection.Column {
    private enum CodingKeys: String, CodingKey { case column, header, field, expectedType, inferredType, example, emptyCount }

    /// Writes every key; an extra column's `field` and `expectedType`, and an unknown type or
    /// example, are `null`.
    ///
    /// - Parameter encoder: The encoder to write the keys to.
    /// - Throws: Whatever the encoder throws, such as `EncodingError.invalidValue`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(column, forKey: .column)
        try container.encode(header, forKey: .header)
        try container.encode(field, forKey: .field)
        try container.encode(expectedType, forKey: .expectedType)
        try container.encode(inferredType, forKey: .inferredType)
        try container.encode(example, forKey: .example)
        try container.encode(emptyCount, forKey: .emptyCount)
    }
}

extension FileInspection {
    private enum CodingKeys: String, CodingKey {
        case file, dialect, kind, kindSource, columns, missingColumns, duplicateColumns, rowsRead, rowsAccepted, rowsRejected
        case emptyRowsSkipped, dateOrder, errors, duplicateRowCount, duplicateRows
    }

    /// Writes every key; an unknown file name, kind, kind source or date order is `null`.
    ///
    /// - Parameter encoder: The encoder to write the keys to.
    /// - Throws: Whatever the encoder throws, such as `EncodingError.invalidValue`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(dialect, forKey: .dialect)
        try container.encode(kind, forKey: .kind)
        try container.encode(kindSource, forKey: .kindSource)
        try container.encode(columns, forKey: .columns)
        try container.encode(missingColumns, forKey: .missingColumns)
        try container.encode(duplicateColumns, forKey: .duplicateColumns)
        try container.encode(rowsRead, forKey: .rowsRead)
        try container.encode(rowsAccepted, forKey: .rowsAccepted)
        try container.encode(rowsRejected, forKey: .rowsRejected)
        try container.encode(emptyRowsSkipped, forKey: .emptyRowsSkipped)
        try container.encode(dateOrder, forKey: .dateOrder)
        try container.encode(errors, forKey: .errors)
        try container.encode(duplicateRowCount, forKey: .duplicateRowCount)
        try container.encode(duplicateRows, forKey: .duplicateRows)
    }
}
