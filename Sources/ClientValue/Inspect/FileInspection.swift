/// How ClientValue reads a CSV file: its dialect, what each column maps to and holds, how many
/// rows it has and the first errors. The result of ``FileInspection/inspect(_:file:options:)``.
public struct FileInspection: Sendable, Hashable, Codable {
    /// One header column.
    public struct Column: Sendable, Hashable, Codable {
        /// 1-based.
        public var column: Int
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

    public var file: String?
    public var dialect: CSVDialect
    public var kind: FileKind?
    /// Where the kind came from: `option`, `file name` or `header`; `nil` when unknown.
    public var kindSource: String?
    public var columns: [Column]
    /// Required columns of the kind that the header lacks (then rows are checked as CSV only).
    public var missingColumns: [String]
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rowsRejected: Int
    public var emptyRowsSkipped: Int
    public var dateOrder: DateOrder?
    /// The first ``InspectOptions/errorLimit`` problems, CSV and typed.
    public var errors: [ImportIssue]
}

/// Options for ``FileInspection/inspect(_:file:options:)``.
public struct InspectOptions: Sendable, Hashable {
    /// The kind to check rows against; guessed from the file name, then the header, when `nil`.
    public var kind: FileKind?
    public var importOptions: ImportOptions
    public var errorLimit: Int
    /// How many non-empty values per column the type inference looks at.
    public var sampleRows: Int

    public init(kind: FileKind? = nil, importOptions: ImportOptions = ImportOptions(), errorLimit: Int = 10, sampleRows: Int = 1000) {
        self.kind = kind
        self.importOptions = importOptions
        self.errorLimit = errorLimit
        self.sampleRows = sampleRows
    }
}

extension FileInspection {
    /// Reads the whole file once, checking every row against its kind (when known), and
    /// collecting errors rather than stopping at the first (as ``ErrorPolicy/skip`` does; with
    /// ``ImportOptions/rejectsPath`` set, every bad row is written there).
    /// - Throws: ``ImportError`` only when the file cannot be opened or its header is malformed.
    /// - Parameter progress: called with the bytes read so far, every 65,536 rows.
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
        let records: RecordReader<Record>
        var preamble: [ImportIssue] = []
        do {
            records = try RecordReader<Record>(reader: reader, options: importOptions)
        } catch {
            // The header lacks what the kind needs: say so, and still read the rows as CSV.
            if case .missingColumn(let field) = error.kind { missing.append(field) }
            preamble.append(ImportIssue(line: error.position.line, column: error.position.column, columnName: nil,
                                        kind: error.kind.name, message: error.message))
            guard case .missingColumn = error.kind else { throw error }
            let untyped = try RecordReader<UntypedRecord>(reader: reader, options: importOptions)
            var inspection = try scan(untyped, reader, options, kind, kindSource, missing: missing, preamble: preamble, progress: progress)
            // Show what the columns that are there map to, though rows were checked as CSV only.
            let mappings = ColumnLayout.partialMappings(header: reader.header, columns: Record.columns, columnMap: importOptions.columnMap)
            for (index, mapping) in mappings.enumerated() where index < inspection.columns.count {
                inspection.columns[index].field = mapping.field
                inspection.columns[index].expectedType = mapping.type
            }
            return inspection
        }
        return try scan(records, reader, options, kind, kindSource, missing: missing, preamble: preamble, progress: progress)
    }

    private static func scan<Record: ImportableRecord>(
        _ records: RecordReader<Record>, _ reader: CSVReader, _ options: InspectOptions,
        _ kind: FileKind?, _ kindSource: String?, missing: [String], preamble: [ImportIssue], progress: ((Int) -> Void)?
    ) throws(ImportError) -> FileInspection {
        var inference = [ColumnTypeInference](repeating: ColumnTypeInference(), count: reader.header.count)
        let sampleRows = options.sampleRows
        var rows = 0
        records.rowObserver = { reader in
            rows += 1
            if let progress, rows & 0xFFFF == 0 { progress(reader.bytesConsumed) }
            for index in 0..<min(reader.fieldCount, inference.count) {
                reader.withField(index) { inference[index].observe(FieldParser.trimmed($0), limit: sampleRows) }
            }
        }
        while try records.next() != nil {}
        let summary = records.summary
        let columns = summary.columns.map { mapping in
            let seen = inference[mapping.column - 1]
            return Column(column: mapping.column, header: mapping.header, field: mapping.field, expectedType: mapping.type,
                          inferredType: seen.inferredType, example: seen.example, emptyCount: seen.emptyCount)
        }
        return FileInspection(file: summary.file, dialect: summary.dialect, kind: kind, kindSource: kindSource, columns: columns,
                              missingColumns: missing, rowsRead: summary.rowsRead, rowsAccepted: summary.rowsAccepted,
                              rowsRejected: summary.rowsRejected, emptyRowsSkipped: summary.emptyRowsSkipped,
                              dateOrder: summary.dateOrder, errors: Array((preamble + summary.issues).prefix(options.errorLimit)))
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

    mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) {
        if bytes.isEmpty { emptyCount += 1; return }
        if example == nil { example = String(decoding: bytes, as: UTF8.self) }
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
