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
    /// - Throws: ``ImportError`` for a malformed file, a missing column, or (with
    ///   ``ErrorPolicy/fail``) the first bad row.
    public static func read(_ source: ByteSourceKind, file: String? = nil, options: ImportOptions = ImportOptions()) throws(ImportError) -> SurveyTable {
        let reader = try RecordReader<SurveyResponse>(source, file: file, options: options)
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
        return table
    }

    private init(extraColumns: [String]) {
        self.extraColumns = extraColumns
        extras = Array(repeating: CodedColumn(), count: extraColumns.count)
    }

    /// The response in row `row` (0-based, in file order).
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

// MARK: - Columns for grouping

/// A text column of a survey file that responses can be grouped by.
public enum SurveyColumn: Sendable, Hashable {
    case clientID, respondent, survey, partner
    /// The k-th extra column (see ``SurveyTable/extraColumns``).
    case extra(Int)
}

extension SurveyTable {
    /// The column called `name`: a canonical field (`partner`, `survey`, `respondent`,
    /// `client_id`), one of its aliases, the header mapped to it, or an extra column's header.
    /// Names match ignoring case, spaces, underscores and hyphens; `nil` when nothing matches.
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
