/// What ``SampleGenerator/write(options:to:)`` wrote: data rows per file (headers not
/// counted) and the paths of the files. Encodes with snake_case keys (`billing_lines`).
public struct SampleSummary: Sendable, Hashable, Codable {
    public var clients: Int
    public var billingLines: Int
    public var surveyResponses: Int
    public var contacts: Int
    public var walletRows: Int
    /// The files written: billing, surveys, contacts, wallet, in that order.
    public var files: [String]

    public init(clients: Int = 0, billingLines: Int = 0, surveyResponses: Int = 0, contacts: Int = 0,
                walletRows: Int = 0, files: [String] = []) {
        self.clients = clients
        self.billingLines = billingLines
        self.surveyResponses = surveyResponses
        self.contacts = contacts
        self.walletRows = walletRows
        self.files = files
    }

    enum CodingKeys: String, CodingKey {
        case clients
        case billingLines = "billing_lines"
        case surveyResponses = "survey_responses"
        case contacts
        case walletRows = "wallet_rows"
        case files
    }
}
