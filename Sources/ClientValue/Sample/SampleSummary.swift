/// What ``SampleGenerator/write(options:to:progress:)`` wrote: data rows per file (headers not
/// counted) and the paths of the files. Encodes with snake_case keys (`billing_lines`).
public struct SampleSummary: Sendable, Hashable, Codable {
    /// The number of clients simulated, prospects with no billing included.
    public var clients: Int
    /// Data rows in `billing.csv`: invoice lines, credit notes and write-offs.
    public var billingLines: Int
    /// Data rows in `surveys.csv`: one per survey response.
    public var surveyResponses: Int
    /// Data rows in `contacts.csv`: meetings, calls, emails, events and lunches.
    public var contacts: Int
    /// Data rows in `wallet.csv`: one per client and year with a wallet estimate.
    public var walletRows: Int
    /// The files written: billing, surveys, contacts, wallet, in that order.
    public var files: [String]

    /// A summary with the given counts; ``SampleGenerator`` fills one in as it writes.
    ///
    /// - Parameters:
    ///   - clients: the number of clients simulated.
    ///   - billingLines: data rows in `billing.csv`.
    ///   - surveyResponses: data rows in `surveys.csv`.
    ///   - contacts: data rows in `contacts.csv`.
    ///   - walletRows: data rows in `wallet.csv`.
    ///   - files: the paths written, billing, surveys, contacts, wallet in that order; empty
    ///     for files made in memory.
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
