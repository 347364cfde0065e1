/// One logged contact with a client: a meeting, call, e-mail or event.
public struct ContactEvent: ImportableRecord, Hashable, Codable {
    public var clientID: String
    public var contactDate: Day
    public var channel: String?
    public var partner: String?
    /// Length of the contact in minutes, when logged.
    public var durationMinutes: Int?
    public var extraValues: [String]
    public var line: Int

    public init(clientID: String, contactDate: Day, channel: String? = nil, partner: String? = nil,
                durationMinutes: Int? = nil, extraValues: [String] = [], line: Int = 0) {
        self.clientID = clientID
        self.contactDate = contactDate
        self.channel = channel
        self.partner = partner
        self.durationMinutes = durationMinutes
        self.extraValues = extraValues
        self.line = line
    }

    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", .text, required: true, aliases: CommonAliases.clientID),
        ColumnSpec("contact_date", .day, required: true,
                   aliases: ["contact date", "date", "activity date", "meeting date", "event date"]),
        ColumnSpec("channel", .text, aliases: ["type", "activity type", "contact type", "kind", "medium"]),
        ColumnSpec("partner", .text, aliases: CommonAliases.partner + ["owner", "contact owner", "activity owner"]),
        ColumnSpec("duration_minutes", .integer, aliases: ["duration", "minutes", "length", "duration mins"]),
    ]

    public init(row: ImportRow) throws(ImportError) {
        clientID = try row.text(0)
        contactDate = try row.day(1)
        channel = row.optionalText(2)
        partner = row.optionalText(3)
        durationMinutes = try row.optionalInteger(4)
        extraValues = row.extraValues
        line = row.line
    }
}
