/// Streams typed records out of a CSV export.
///
/// Headers are matched to the record's columns by canonical name or alias (case, spaces,
/// underscores and hyphens ignored) or by ``ImportOptions/columnMap``; other headers are
/// kept as extra columns. With ``ErrorPolicy/fail`` the first bad row throws; with
/// ``ErrorPolicy/skip`` bad rows are counted in ``summary``, listed in its issues, and written
/// unchanged with their reason to ``ImportOptions/rejectsPath``.
///
/// ```swift
/// let reader = try RecordReader<BillingLine>(.file(path: "billing.csv"))
/// var total = Money.zero
/// while let line = try reader.next() { total += line.amount }
/// ```
///
/// - Complexity: one pass, O(1) memory beyond the records you keep.
public final class RecordReader<Record: ImportableRecord> {
    /// The options the import runs with: CSV dialect, date order, decimal mark, error policy,
    /// column map and rejects file.
    public let options: ImportOptions
    /// Rows read, accepted and rejected so far; complete once `next()` has returned `nil`.
    public var summary: ImportSummary {
        var summary = recorded
        summary.rowsRead = state.pointee.rowsRead
        summary.rowsAccepted = state.pointee.rowsAccepted
        summary.emptyRowsSkipped = state.pointee.emptyRowsSkipped
        return summary
    }
    /// The summary but for the per-row counts, which live in `state`.
    private var recorded: ImportSummary
    let cursor: ImportCursor
    private let rejects: RejectsWriter?
    /// What changes on every row, behind a pointer: a class's stored `var` costs a dynamic
    /// exclusivity check on each access, and these are touched on every row.
    private let state: UnsafeMutablePointer<RowState>

    private struct RowState {
        var rowsRead = 0, rowsAccepted = 0, emptyRowsSkipped = 0
        var observer: ((CSVReader) -> Void)?
    }

    /// Opens an export and matches its header to `Record.columns`.
    ///
    /// With ``ErrorPolicy/skip`` and a ``ImportOptions/rejectsPath``, the rejects file is
    /// created here, with the input's header and two more columns.
    ///
    /// - Parameters:
    ///   - source: A file path, standard input, or bytes in memory.
    ///   - file: The name to use in messages and in the summary; the path by default.
    ///   - options: Dialect, date order, decimal mark, error policy, column map and rejects file.
    /// - Throws: ``ImportError`` when the file cannot be read, its header is malformed, a
    ///   required column is missing, or the mapping names an unknown column.
    public convenience init(_ source: ByteSourceKind, file: String? = nil, options: ImportOptions = ImportOptions()) throws(ImportError) {
        let reader: CSVReader
        do {
            reader = try CSVReader(source, file: file, options: options.csv)
        } catch {
            throw ImportError(error)
        }
        try self.init(reader: reader, options: options)
    }

    /// Continues from a reader that has read the header.
    init(reader: CSVReader, options: ImportOptions) throws(ImportError) {
        self.options = options
        let layout = try ColumnLayout(header: reader.header, columns: Record.columns, columnMap: options.columnMap, file: reader.file,
                                      headerLine: reader.headerLine, alternatives: Record.alternativeColumns)
        cursor = ImportCursor(reader: reader, columns: Record.columns, fieldIndex: layout.fieldIndex,
                              extraIndices: layout.extraIndices, options: options)
        recorded = ImportSummary(file: reader.file, dialect: reader.dialect, columns: layout.mappings,
                                 extraColumns: layout.extraIndices.map { reader.header[$0] })
        recorded.dateOrder = options.dateOrder
        state = UnsafeMutablePointer<RowState>.allocate(capacity: 1)
        state.initialize(to: RowState())
        if options.onError == .skip, let path = options.rejectsPath {
            do {
                rejects = try RejectsWriter(path: path, header: reader.header, delimiter: reader.dialect.delimiter)
            } catch {
                throw ImportError(.output(message: "cannot write rejects file: \(error.message)"),
                                  position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: path)
            }
        } else {
            rejects = nil
        }
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Called with the reader on every well-formed, non-empty row before it is decoded (inspect).
    var rowObserver: ((CSVReader) -> Void)? {
        get { state.pointee.observer }
        set { state.pointee.observer = newValue }
    }

    /// The next good record, or `nil` at the end of the file.
    /// - Throws: ``ImportError`` for a bad row under ``ErrorPolicy/fail``, or when the
    ///   rejects file cannot be written.
    public func next() throws(ImportError) -> Record? {
        try nextRow { row throws(ImportError) in try Record(row: row) }
    }

    /// Decodes the next good row with `decode` instead of building a `Record`, for columnar
    /// readers (``SurveyTable``); `nil` at the end of the file. `decode` must throw before it
    /// keeps anything from a row it rejects.
    func nextRow<T>(_ decode: (ImportRow) throws(ImportError) -> T) throws(ImportError) -> T? {
        let reader = cursor.reader
        while true {
            let hasRecord: Bool
            do {
                hasRecord = try reader.next()
            } catch {
                state.pointee.rowsRead += 1
                try reject(ImportError(error), raw: reader.rejectedRecord)
                continue
            }
            guard hasRecord else {
                try finish()
                return nil
            }
            if isEmptyRow(reader) {
                state.pointee.emptyRowsSkipped += 1
                continue
            }
            state.pointee.rowsRead += 1
            state.pointee.observer?(reader)
            do {
                let record = try decode(ImportRow(cursor: cursor))
                state.pointee.rowsAccepted += 1
                return record
            } catch {
                try reject(error, raw: reader.withRawRecord { Array($0) })
            }
        }
    }

    /// Reads every remaining record.
    ///
    /// - Returns: The good records in file order.
    /// - Throws: ``ImportError`` for a bad row under ``ErrorPolicy/fail``, or when the rejects
    ///   file cannot be written.
    /// - Complexity: O(n) in the file's bytes; memory for every record returned.
    public func readAll() throws(ImportError) -> [Record] {
        var records: [Record] = []
        while let record = try next() { records.append(record) }
        return records
    }

    private func isEmptyRow(_ reader: CSVReader) -> Bool {
        for index in 0..<reader.fieldCount where !reader.withField(index, { FieldParser.isBlank($0) }) {
            return false
        }
        return true
    }

    private func reject(_ error: ImportError, raw: [UInt8]) throws(ImportError) {
        guard options.onError == .skip else { throw error }
        recorded.rowsRejected += 1
        if recorded.issues.count < options.issueLimit {
            recorded.issues.append(ImportIssue(line: error.position.line, column: error.position.column,
                                              columnName: error.columnName, kind: error.kind.name, message: error.message))
        }
        do {
            try rejects?.write(raw: raw, line: error.position.line, reason: error.message)
        } catch {
            throw ImportError(.output(message: "cannot write rejects file: \(error.message)"),
                              position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: error.path)
        }
    }

    private func finish() throws(ImportError) {
        recorded.dateOrder = options.dateOrder ?? cursor.inferredDateOrder
        do {
            try rejects?.close()
        } catch {
            throw ImportError(.output(message: "cannot write rejects file: \(error.message)"),
                              position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: error.path)
        }
    }
}

/// A whole export read into memory: the records and what the import saw.
///
/// ```swift
/// let wallet = try ImportedTable<WalletEntry>.read(.file(path: "SampleData/wallet.csv"))
/// for entry in wallet.records where entry.rank == 1 { print(entry.clientID, entry.year) }
/// print(wallet.summary.rowsAccepted, wallet.summary.extraColumns)
/// ```
public struct ImportedTable<Record: ImportableRecord>: Sendable {
    /// The good records, in file order.
    public var records: [Record]
    /// What the import read, accepted and left out, and how it mapped the header.
    public var summary: ImportSummary

    /// Reads every record of an export.
    ///
    /// ```swift
    /// let options = ImportOptions(onError: .skip)
    /// let contacts = try ImportedTable<ContactEvent>.read(.file(path: "SampleData/contacts.csv"), options: options)
    /// print(contacts.records.count, contacts.summary.rowsRejected)
    /// ```
    ///
    /// - Parameters:
    ///   - source: A file path, standard input, or bytes in memory.
    ///   - file: The name to use in messages and in the summary; the path by default.
    ///   - options: Dialect, date order, decimal mark, error policy, column map and rejects file.
    /// - Returns: The records and the summary.
    /// - Throws: ``ImportError`` when the file cannot be read, its header lacks a required
    ///   column, or (with ``ErrorPolicy/fail``) at the first bad row.
    /// - Complexity: One pass, O(n) in the file's bytes; memory for every record.
    public static func read(_ source: ByteSourceKind, file: String? = nil, options: ImportOptions = ImportOptions()) throws(ImportError) -> ImportedTable {
        let reader = try RecordReader<Record>(source, file: file, options: options)
        let records = try reader.readAll()
        return ImportedTable(records: records, summary: reader.summary)
    }
}

/// Which header column feeds which record column.
struct ColumnLayout {
    var fieldIndex: [Int]
    var extraIndices: [Int]
    var mappings: [ColumnMapping]

    /// The mapping of the columns that match, without requiring the required ones; `[]` when
    /// the explicit mapping itself is wrong.
    static func partialMappings(header: [String], columns: [ColumnSpec], columnMap: [String: String]) -> [ColumnMapping] {
        let optional = columns.map { spec -> ColumnSpec in
            var spec = spec
            spec.isRequired = false
            return spec
        }
        return (try? ColumnLayout(header: header, columns: optional, columnMap: columnMap, file: nil, checkingRepeats: false))?.mappings ?? []
    }

    /// - Throws: ``ImportError`` for a mapping that names an unknown field or header, a missing
    ///   required column, or a column a field reads whose name another column repeats.
    init(header: [String], columns: [ColumnSpec], columnMap: [String: String], file: String?, headerLine: Int = 1,
         alternatives: [[String]] = [], checkingRepeats: Bool = true) throws(ImportError) {
        let normalizedHeader = header.map(ColumnSpec.normalized)
        var fieldIndex = [Int](repeating: -1, count: columns.count)
        var taken = Set<Int>()
        let headerPosition = SourcePosition(line: headerLine, column: 1, byteOffset: 0)
        // Explicit mapping first.
        for (field, headerName) in columnMap.sorted(by: { $0.key.precedesInCodePointOrder($1.key) }) {
            guard let slot = columns.firstIndex(where: { ColumnSpec.normalized($0.name) == ColumnSpec.normalized(field) }) else {
                let known = columns.map(\.name).joined(separator: ", ")
                throw ImportError(.unknownMapping("--map names field '\(field)', which this file kind does not read; expected one of \(known)"),
                                  position: headerPosition, file: file)
            }
            guard let index = header.firstIndex(of: headerName) ?? normalizedHeader.firstIndex(of: ColumnSpec.normalized(headerName)) else {
                throw ImportError(.unknownMapping("--map \(field)=\"\(headerName)\": no such header; found \(Self.list(header))"),
                                  position: headerPosition, file: file)
            }
            fieldIndex[slot] = index
            taken.insert(index)
        }
        // Then canonical names, then aliases in the order listed.
        for (slot, spec) in columns.enumerated() where fieldIndex[slot] < 0 {
            let candidates = [spec.name] + spec.aliases
            for candidate in candidates {
                let wanted = ColumnSpec.normalized(candidate)
                if let index = normalizedHeader.indices.first(where: { !taken.contains($0) && normalizedHeader[$0] == wanted }) {
                    fieldIndex[slot] = index
                    taken.insert(index)
                    break
                }
            }
        }
        for (slot, spec) in columns.enumerated() where spec.isRequired && fieldIndex[slot] < 0 {
            throw ImportError(.missingColumn(field: spec.name), position: headerPosition, file: file, found: Self.list(header))
        }
        for group in alternatives where !group.contains(where: { name in
            columns.firstIndex { $0.name == name }.map { fieldIndex[$0] >= 0 } ?? false
        }) {
            throw ImportError(.missingColumn(field: group.joined(separator: " or ")), position: headerPosition, file: file, found: Self.list(header))
        }
        // Two columns of the same name, one of them read as a field: which holds the values is
        // unclear, so neither is chosen silently. (Repeated names of extra columns are kept.)
        let read = checkingRepeats ? fieldIndex.enumerated().filter { $0.element >= 0 }.sorted { $0.element < $1.element } : []
        for (slot, index) in read {
            let name = normalizedHeader[index]
            guard let other = normalizedHeader.indices.first(where: { $0 != index && normalizedHeader[$0] == name }) else { continue }
            let (first, second) = (min(index, other), max(index, other))
            throw ImportError(.duplicateColumn(field: columns[slot].name, firstColumn: first + 1),
                              position: SourcePosition(line: headerLine, column: second + 1, byteOffset: 0), file: file,
                              columnName: header[second])
        }
        self.fieldIndex = fieldIndex
        extraIndices = header.indices.filter { !taken.contains($0) }
        mappings = header.indices.map { index in
            if let slot = fieldIndex.firstIndex(of: index) {
                return ColumnMapping(column: index + 1, header: header[index], field: columns[slot].name, type: columns[slot].type)
            }
            return ColumnMapping(column: index + 1, header: header[index], field: nil, type: nil)
        }
    }

    private static func list(_ header: [String]) -> String {
        header.isEmpty ? "no columns" : header.map { "'\($0)'" }.joined(separator: ", ")
    }
}

/// Writes rejected rows: the input's header plus `rejected_line` and `rejected_because`,
/// then each rejected row's bytes exactly as they were in the input, followed by its line
/// number and reason. Deleting the last two columns gives rows that can be fixed and re-imported.
package final class RejectsWriter {
    private let writer: CSVWriter

    package init(path: String, header: [String], delimiter: CSVDelimiter) throws(OutputError) {
        writer = try CSVWriter(.file(path: path), options: CSVWriteOptions(delimiter: delimiter))
        writer.writeRow(header + ["rejected_line", "rejected_because"])
    }

    package func write(raw: [UInt8], line: Int, reason: String) throws(OutputError) {
        writer.writeRaw(raw)
        writer.writeDelimiter()
        writer.writeField(String(line))
        writer.writeDelimiter()
        writer.writeField(reason)
        writer.endRow()
        try writer.flushIfNeeded()
    }

    package func close() throws(OutputError) { try writer.close() }
}

extension RecordReader where Record == BillingLine {
    /// The next billing line without its extra columns' values, for readers that only use
    /// the canonical fields: unique text such as invoice numbers is then never decoded.
    ///
    /// The line's ``BillingLine/extraValues`` is empty; everything else is as ``next()`` gives it.
    ///
    /// ```swift
    /// let reader = try RecordReader<BillingLine>(.file(path: "SampleData/billing.csv"))
    /// var totals: [String: Money] = [:]
    /// while let line = try reader.nextWithoutExtraValues() {
    ///     totals[line.clientID, default: .zero] += line.amount
    /// }
    /// ```
    ///
    /// - Returns: The next good line, or `nil` at the end of the file.
    /// - Throws: ``ImportError`` for a bad row under ``ErrorPolicy/fail``, or when the rejects
    ///   file cannot be written.
    public func nextWithoutExtraValues() throws(ImportError) -> BillingLine? {
        try nextRow { row throws(ImportError) in try BillingLine(row: row, keepingExtraValues: false) }
    }
}

/// Not `Sendable`: a reader's position and string tables change with every row; use one reader per thread.
@available(*, unavailable)
extension RecordReader: Sendable {}
