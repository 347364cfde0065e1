/// One answer to a Net Promoter survey: a respondent at a client scoring the firm 0–10.
///
/// For analysis, read a survey export into a ``SurveyTable`` instead: it holds the same
/// answers in far less memory.
///
/// ```swift
/// let bytes = Array("Client,Submitted,Likelihood to recommend,Comments\nC1,2024-03-05,9,Quick and clear\n".utf8)
/// let answers = try ImportedTable<SurveyResponse>.read(.memory(bytes)).records
/// print(answers[0].score, answers[0].comment ?? "")   // 9 Quick and clear
/// ```
public struct SurveyResponse: ImportableRecord, Hashable, Codable {
    /// The client's identifier (`client_id`), trimmed; it joins answers to billing.
    public var clientID: String
    /// The day the answer was given (`response_date`).
    public var responseDate: Day
    /// "How likely are you to recommend us?", 0 (not at all) to 10 (extremely).
    public var score: Int
    /// Who answered (`respondent`): a name or an e-mail address, as the survey tool writes it.
    public var respondent: String?
    /// The respondent's comment (`comment`), exactly as written, spaces and line breaks kept.
    public var comment: String?
    /// The survey wave or kind, such as `2024 Annual`.
    public var survey: String?
    /// The partner responsible for the client (`partner`).
    public var partner: String?
    /// Values of the file's extra columns, in the order of ``ImportSummary/extraColumns``.
    public var extraValues: [String]
    /// The 1-based physical line of the record in its file.
    public var line: Int

    /// An answer built in code, as in tests or when the data comes from elsewhere.
    ///
    /// - Parameters:
    ///   - clientID: The client's identifier.
    ///   - responseDate: The day of the answer.
    ///   - score: The likelihood to recommend, 0 to 10 (not checked here).
    ///   - respondent: Who answered, if known.
    ///   - comment: The comment, if any.
    ///   - survey: The survey wave or kind, if known.
    ///   - partner: The responsible partner, if known.
    ///   - extraValues: Values of extra columns, in the order of ``ImportSummary/extraColumns``.
    ///   - line: The physical line in a file, or 0 when there is none.
    public init(clientID: String, responseDate: Day, score: Int, respondent: String? = nil, comment: String? = nil,
                survey: String? = nil, partner: String? = nil, extraValues: [String] = [], line: Int = 0) {
        self.clientID = clientID
        self.responseDate = responseDate
        self.score = score
        self.respondent = respondent
        self.comment = comment
        self.survey = survey
        self.partner = partner
        self.extraValues = extraValues
        self.line = line
    }

    /// The columns of a survey export: `client_id`, `response_date` and `score` are required;
    /// `respondent`, `comment`, `survey` and `partner` are optional, each with its aliases
    /// (`NPS`, `Rating` and `Likelihood to recommend` all mean `score`).
    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", .text, required: true, aliases: CommonAliases.clientID),
        ColumnSpec("response_date", .day, required: true,
                   aliases: ["response date", "date", "survey date", "completed", "completed at", "submitted", "submitted at", "responded"]),
        ColumnSpec("score", .score, required: true,
                   aliases: ["likelihood to recommend", "nps", "nps score", "rating", "recommend", "ltr", "recommendation score"]),
        ColumnSpec("respondent", .text, aliases: ["respondent name", "contact", "contact name", "email", "respondent email"]),
        ColumnSpec("comment", .text, aliases: ["comments", "feedback", "verbatim", "reason", "why"]),
        ColumnSpec("survey", .text, aliases: ["wave", "survey name", "survey wave", "kind", "campaign"]),
        ColumnSpec("partner", .text, aliases: CommonAliases.partner),
    ]

    /// Reads an answer from the current row of an import.
    ///
    /// - Parameter row: The row, with its fields in the order of ``columns``.
    /// - Throws: ``ImportError`` when the client, date or score is empty, the date cannot be
    ///   read, or the score is not a whole number from 0 to 10.
    public init(row: ImportRow) throws(ImportError) {
        clientID = try row.text(0)
        responseDate = try row.day(1)
        score = try row.score(2)
        respondent = row.optionalText(3)
        comment = row.optionalVerbatimText(4)
        survey = row.optionalText(5)
        partner = row.optionalText(6)
        extraValues = row.extraValues
        line = row.line
    }
}
