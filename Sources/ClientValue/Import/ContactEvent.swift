/// One logged contact with a client: a meeting, call, e-mail or event.
///
/// ```swift
/// let bytes = Array("Account,Activity Date,Type,Owner\nC1,2024-03-05,Meeting,A. Smith\n".utf8)
/// let events = try ImportedTable<ContactEvent>.read(.memory(bytes)).records
/// print(events[0].clientID, events[0].contactDate, events[0].channel ?? "")   // C1 2024-03-05 Meeting
/// ```
public struct ContactEvent: ImportableRecord, Hashable, Codable {
    /// The client's identifier (`client_id`), trimmed; it joins contacts to billing and surveys.
    public var clientID: String
    /// The day of the contact (`contact_date`).
    public var contactDate: Day
    /// How the contact was made (`channel`), as the CRM writes it: `Meeting`, `Call`, `Email`.
    public var channel: String?
    /// Who at the firm made the contact (`partner`, also `owner`).
    public var partner: String?
    /// Length of the contact in minutes, when logged.
    public var durationMinutes: Int?
    /// Values of the file's extra columns, in the order of ``ImportSummary/extraColumns``.
    public var extraValues: [String]
    /// The 1-based physical line of the record in its file.
    public var line: Int

    /// A contact built in code, as in tests or when the data comes from elsewhere.
    ///
    /// - Parameters:
    ///   - clientID: The client's identifier.
    ///   - contactDate: The day of the contact.
    ///   - channel: How the contact was made, if known.
    ///   - partner: Who at the firm made it, if known.
    ///   - durationMinutes: Its length in minutes, if logged.
    ///   - extraValues: Values of extra columns, in the order of ``ImportSummary/extraColumns``.
    ///   - line: The physical line in a file, or 0 when there is none.
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

    /// The columns of a contacts export: `client_id` and `contact_date` are required;
    /// `channel`, `partner` and `duration_minutes` are optional, each with its aliases.
    public static let columns: [ColumnSpec] = [
        ColumnSpec("client_id", .text, required: true, aliases: CommonAliases.clientID),
        ColumnSpec("contact_date", .day, required: true,
                   aliases: ["contact date", "date", "activity date", "meeting date", "event date"]),
        ColumnSpec("channel", .text, aliases: ["type", "activity type", "contact type", "kind", "medium"]),
        ColumnSpec("partner", .text, aliases: CommonAliases.partner + ["owner", "contact owner", "activity owner"]),
        ColumnSpec("duration_minutes", .integer, aliases: ["duration", "minutes", "length", "duration mins"]),
    ]

    /// Reads a contact from the current row of an import.
    ///
    /// - Parameter row: The row, with its fields in the order of ``columns``.
    /// - Throws: ``ImportError`` when the client or date is empty, the date cannot be read,
    ///   or the duration is not a whole number of minutes, 0 or more.
    public init(row: ImportRow) throws(ImportError) {
        clientID = try row.text(0)
        contactDate = try row.day(1)
        channel = row.optionalText(2)
        partner = row.optionalText(3)
        durationMinutes = try Self.duration(row)
        extraValues = row.extraValues
        line = row.line
    }

    /// The row's `duration_minutes`: `nil` when absent or empty; an error when it is not a
    /// whole number of minutes, 0 or more. Shared with the coded contacts reader, which keeps
    /// no durations but rejects the same rows.
    static func duration(_ row: ImportRow) throws(ImportError) -> Int? {
        guard let minutes = try row.optionalInteger(4) else { return nil }
        guard minutes >= 0 else {
            let failure = FieldParseFailure(problem: "is a negative duration", hint: "expected the contact's length in minutes, 0 or more")
            throw row.cursor.invalid(failure, row.cursor.fieldIndex[4])
        }
        return minutes
    }
}
