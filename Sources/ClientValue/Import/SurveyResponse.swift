/// One answer to a Net Promoter survey: a respondent at a client scoring the firm 0–10.
public struct SurveyResponse: ImportableRecord, Hashable, Codable {
    public var clientID: String
    public var responseDate: Day
    /// "How likely are you to recommend us?", 0 (not at all) to 10 (extremely).
    public var score: Int
    public var respondent: String?
    public var comment: String?
    /// The survey wave or kind, such as `2024 Annual`.
    public var survey: String?
    public var partner: String?
    public var extraValues: [String]
    public var line: Int

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
