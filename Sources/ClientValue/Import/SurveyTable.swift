/// Survey responses held column by column, for analysis. Repeated text (client ids,
/// respondents, survey waves, partners, extra columns) is stored once per distinct value and
/// each row refers to it by a code, so grouping compares integers, not strings.
///
/// Read one straight from an export with ``read(_:file:options:)`` (the fast path, with the
/// same errors, rejects and summary as ``RecordReader``), or build one from records.
///
/// ```swift
/// let table = try SurveyTable.read(.file(path: "surveys.csv"))
/// print(table.count, table[0].score)
/// ```
///
/// - Complexity: Memory about 40 bytes a response (4 more per extra column), plus each
///   distinct text value once and the comments' bytes.
public struct SurveyTable: Sendable {
    /// One text column: a code per row (-1 when the field is empty or the column absent) and
    /// the distinct values, indexed by code.
    struct CodedColumn: Sendable {
        var codes: [Int32] = []
        var values: [String] = []

        func value(_ row: Int) -> String? {
            let code = Int(codes[row])
            return code >= 0 ? values[code] : nil
        }
    }

    var days: [Int32] = []
    var scores: [UInt8] = []
    var lines: [Int] = []
    /// Comments, UTF-8, back to back: row r's is `commentBytes[commentEnds[r - 1] ..< commentEnds[r]]`.
    var commentBytes: [UInt8] = []
    var commentEnds: [Int] = []
    var clients = CodedColumn()
    var respondents = CodedColumn()
    var surveys = CodedColumn()
    var partners = CodedColumn()
    var extras: [CodedColumn]
    /// Headers kept for grouping that map to no canonical field, in file order.
    public let extraColumns: [String]
    /// What the import read, accepted and left out; `nil` for a table built from records.
    public internal(set) var summary: ImportSummary?

    /// The number of responses.
    public var count: Int { scores.count }

    /// A table of `responses`; `extraColumns` names the entries of each record's `extraValues`.
    ///
    /// ```swift
    /// let day = Day(year: 2024, month: 3, day: 5)!
    /// let table = SurveyTable([
    ///     SurveyResponse(clientID: "C1", responseDate: day, score: 9, extraValues: ["London"]),
    ///     SurveyResponse(clientID: "C2", responseDate: day, score: 4, extraValues: ["Paris"]),
    /// ], extraColumns: ["Office"])
    /// print(table.count, table.column(named: "office") as Any)   // 2 Optional(ClientValue.SurveyColumn.extra(0))
    /// ```
    ///
    /// - Parameters:
    ///   - responses: The answers, in the order the table keeps them.
    ///   - extraColumns: The names of the extra columns, in the order of each response's
    ///     ``SurveyResponse/extraValues``; a response with fewer values gets empty ones.
    /// - Complexity: O(n) for n responses.
    public init(_ responses: [SurveyResponse], extraColumns: [String] = []) {
        self.extraColumns = extraColumns
        extras = Array(repeating: CodedColumn(), count: extraColumns.count)
        var coders = [[String: Int32]](repeating: [:], count: 4 + extraColumns.count)
        func code(_ value: String?, _ column: Int, into target: inout CodedColumn) {
            guard let value else { return target.codes.append(-1) }
            if let existing = coders[column][value] { return target.codes.append(existing) }
            let new = Int32(target.values.count)
            coders[column][value] = new
            target.values.append(value)
            target.codes.append(new)
        }
        for response in responses {
            days.append(response.responseDate.daysSince1970)
            scores.append(UInt8(clamping: response.score))
            lines.append(response.line)
            commentBytes.append(contentsOf: (response.comment ?? "").utf8)
            commentEnds.append(commentBytes.count)
            code(response.clientID, 0, into: &clients)
            code(response.respondent, 1, into: &respondents)
            code(response.survey, 2, into: &surveys)
            code(response.partner, 3, into: &partners)
            for k in extras.indices {
                code(k < response.extraValues.count ? response.extraValues[k] : "", 4 + k, into: &extras[k])
            }
        }
    }

    /// Reads a survey export. Bad rows follow `options.onError` exactly as ``RecordReader`` does.
    ///
    /// A regular file of 4 MiB or more is read on all processors (up to 8), with the same
    /// result, errors, rejects and summary as reading it from start to end.
    ///
    /// - Parameters:
    ///   - source: A file path, standard input, or bytes in memory.
    ///   - file: The name to use in messages and in the summary; the path by default.
    ///   - options: Dialect, date order, error policy, column map and rejects file.
    /// - Returns: The table, with its ``summary``.
    /// - Throws: ``ImportError`` for a malformed file, a missing column, or (with
    ///   ``ErrorPolicy/fail``) the first bad row.
    /// - Complexity: O(n) in the file's bytes. Read sequentially, memory is the table's; read
    ///   in parallel, the whole file is also held in memory while it is read.
    public static func read(_ source: ByteSourceKind, file: String? = nil, options: ImportOptions = ImportOptions()) throws(ImportError) -> SurveyTable {
        try read(source, file: file, options: options, plan: .automatic)
    }

    /// Reads a survey export in parallel when `plan` and the file allow (see ``ParallelImport``),
    /// else sequentially.
    static func read(_ source: ByteSourceKind, file: String?, options: ImportOptions, plan: ParallelImport.Plan) throws(ImportError) -> SurveyTable {
        if let table = readInParallel(source, file: file, options: options, plan: plan) { return table }
        return try SurveyTable(reading: RecordReader<SurveyResponse>(source, file: file, options: options))
    }

    /// The table read in parts on several threads; `nil` when the file does not qualify or the
    /// parallel read could differ from the sequential one (a bad row, say), which the caller
    /// then reads from the start.
    static func readInParallel(_ source: ByteSourceKind, file: String?, options: ImportOptions, plan: ParallelImport.Plan) -> SurveyTable? {
        let result = ParallelImport.readCoded(source, file: file, options: options, plan: plan, as: SurveyResponse.self) {
            reader throws(ImportError) in try SurveyTable(reading: reader)
        }
        return result.map(SurveyTable.init(merging:))
    }

    /// Reads every remaining row of `reader`.
    init(reading reader: RecordReader<SurveyResponse>) throws(ImportError) {
        var table = SurveyTable(extraColumns: reader.summary.extraColumns)
        // Decode a row's checked fields first, so that a rejected row leaves nothing behind.
        while try reader.nextRow({ row throws(ImportError) -> Bool in
            let client = try row.code(0)
            let day = try row.day(1).daysSince1970
            let score = UInt8(truncatingIfNeeded: try row.score(2))
            table.clients.codes.append(client)
            table.days.append(day)
            table.scores.append(score)
            table.lines.append(row.line)
            table.respondents.codes.append(row.optionalCode(3))
            row.appendVerbatim(4, to: &table.commentBytes)
            table.commentEnds.append(table.commentBytes.count)
            table.surveys.codes.append(row.optionalCode(5))
            table.partners.codes.append(row.optionalCode(6))
            for k in table.extras.indices { table.extras[k].codes.append(row.extraCode(k)) }
            return true
        }) != nil {}
        let cursor = reader.cursor
        table.clients.values = cursor.values(table: 0)
        table.respondents.values = cursor.values(table: 3)
        table.surveys.values = cursor.values(table: 5)
        table.partners.values = cursor.values(table: 6)
        let base = SurveyResponse.columns.count
        for k in table.extras.indices { table.extras[k].values = cursor.values(table: base + k) }
        table.summary = reader.summary
        self = table
    }

    private init(extraColumns: [String]) {
        self.extraColumns = extraColumns
        extras = Array(repeating: CodedColumn(), count: extraColumns.count)
    }

    /// The response in row `row` (0-based, in file order).
    ///
    /// - Parameter row: The 0-based row, less than ``count``.
    /// - Returns: The response rebuilt from the table's columns.
    public subscript(row: Int) -> SurveyResponse {
        SurveyResponse(clientID: clients.value(row) ?? "", responseDate: day(row), score: Int(scores[row]),
                       respondent: respondents.value(row), comment: comment(row), survey: surveys.value(row),
                       partner: partners.value(row), extraValues: extras.map { $0.value(row) ?? "" }, line: lines[row])
    }

    /// Every response, in file order.
    public var responses: [SurveyResponse] { (0..<count).map { self[$0] } }

    /// The comment of row `row`, exactly as written; `nil` when empty.
    func comment(_ row: Int) -> String? {
        let start = row == 0 ? 0 : commentEnds[row - 1], end = commentEnds[row]
        guard end > start else { return nil }
        return String(decoding: commentBytes[start..<end], as: UTF8.self)
    }

    /// The latest response date, or `nil` for an empty table.
    public var latestResponseDate: Day? { days.max().map(Day.init(daysSince1970:)) }

    @inline(__always)
    func day(_ row: Int) -> Day { Day(daysSince1970: days[row]) }
}

// MARK: - Merging parts read in parallel

extension SurveyTable {
    /// The parts' rows one after another, in file order, with the file's line numbers and each
    /// text column's codes renumbered in order of first appearance in the file, as a
    /// sequential read numbers them.
    ///
    /// The first part's codes stay as they are; later parts' values are looked up in, or added
    /// to, the first part's string tables, which tell values apart by their bytes exactly as
    /// a sequential read's tables do.
    init(merging result: ParallelImport.Result<ParallelImport.CodedPart<SurveyTable>>) {
        let parts = result.parts
        guard let first = parts.first else {
            self.init(extraColumns: result.summary.extraColumns)
            summary = result.summary
            return
        }
        var table = first.value.value
        let cursor = first.value.cursor.value
        let rows = parts.reduce(0) { $0 + $1.value.value.count }
        table.days.reserveCapacity(rows)
        table.scores.reserveCapacity(rows)
        table.lines.reserveCapacity(rows)
        table.commentEnds.reserveCapacity(rows)
        if first.lineShift != 0 {
            for row in table.lines.indices { table.lines[row] += first.lineShift }
        }
        let extraBase = SurveyResponse.columns.count
        for part in parts.dropFirst() {
            let value = part.value.value, shift = part.lineShift
            table.days.append(contentsOf: value.days)
            table.scores.append(contentsOf: value.scores)
            table.lines.append(contentsOf: value.lines.lazy.map { $0 + shift })
            let commentBase = table.commentBytes.count
            table.commentBytes.append(contentsOf: value.commentBytes)
            table.commentEnds.append(contentsOf: value.commentEnds.lazy.map { $0 + commentBase })
            Self.append(value.clients, to: &table.clients, recoding: cursor, table: 0)
            Self.append(value.respondents, to: &table.respondents, recoding: cursor, table: 3)
            Self.append(value.surveys, to: &table.surveys, recoding: cursor, table: 5)
            Self.append(value.partners, to: &table.partners, recoding: cursor, table: 6)
            for k in table.extras.indices {
                Self.append(value.extras[k], to: &table.extras[k], recoding: cursor, table: extraBase + k)
            }
        }
        table.clients.values = cursor.values(table: 0)
        table.respondents.values = cursor.values(table: 3)
        table.surveys.values = cursor.values(table: 5)
        table.partners.values = cursor.values(table: 6)
        for k in table.extras.indices { table.extras[k].values = cursor.values(table: extraBase + k) }
        table.summary = result.summary
        self = table
    }

    /// Appends `part`'s codes to `target`, renumbered through string table `index` of `cursor`.
    private static func append(_ part: CodedColumn, to target: inout CodedColumn, recoding cursor: ImportCursor, table index: Int) {
        let codes = cursor.recode(part.values, table: index)
        target.codes.reserveCapacity(target.codes.count + part.codes.count)
        for code in part.codes { target.codes.append(code < 0 ? code : codes[Int(code)]) }
    }
}

// MARK: - Columns for grouping

/// A text column of a survey file that responses can be grouped by.
public enum SurveyColumn: Sendable, Hashable {
    /// A canonical field of the survey export: `clientID` groups by client, `respondent` by
    /// the person who answered, `survey` by survey wave or kind, `partner` by responsible partner.
    case clientID, respondent, survey, partner
    /// The k-th extra column (see ``SurveyTable/extraColumns``).
    case extra(Int)
}

extension SurveyTable {
    /// The column called `name`: a canonical field (`partner`, `survey`, `respondent`,
    /// `client_id`), one of its aliases, the header mapped to it, or an extra column's header.
    /// Names match ignoring case, spaces, underscores and hyphens; `nil` when nothing matches.
    ///
    /// ```swift
    /// let table = try SurveyTable.read(.file(path: "SampleData/surveys.csv"))
    /// print(table.column(named: "Relationship Partner") as Any)   // Optional(ClientValue.SurveyColumn.partner)
    /// ```
    ///
    /// - Parameter name: A column name as a user types it, such as `partner` or `Office`.
    public func column(named name: String) -> SurveyColumn? {
        let wanted = ColumnSpec.normalized(name)
        let groupable: [(String, SurveyColumn)] = [("client_id", .clientID), ("respondent", .respondent),
                                                    ("survey", .survey), ("partner", .partner)]
        for (field, column) in groupable {
            if let spec = SurveyResponse.columns.first(where: { $0.name == field }), spec.matches(normalizedHeader: wanted) {
                return column
            }
            if let header = summary?.columns.first(where: { $0.field == field })?.header, ColumnSpec.normalized(header) == wanted {
                return column
            }
        }
        if let k = extraColumns.firstIndex(where: { ColumnSpec.normalized($0) == wanted }) { return .extra(k) }
        return nil
    }

    /// The names ``column(named:)`` accepts, for messages: the canonical fields, then the extra headers.
    public var groupableColumnNames: [String] {
        ["client_id", "respondent", "survey", "partner"] + extraColumns
    }

    func coded(_ column: SurveyColumn) -> CodedColumn {
        switch column {
        case .clientID: clients
        case .respondent: respondents
        case .survey: surveys
        case .partner: partners
        case .extra(let k): extras[k]
        }
    }
}
