extension ContactFrequency: RenderableResult {
    /// The contact frequency as the `contacts` command prints it: the contacts counted, the
    /// threshold, the clients below it, and the latest year's contacts by client with their
    /// channels and partners.
    ///
    /// - Parameter options: how many clients to list in each table.
    /// - Returns: the sections, titled `Contact frequency`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        let listed = options.limited(belowThreshold)
        let rankedByBilling = belowThreshold.first?.trailingBilling != nil
        var sections = [
            ResultSection(title: "Contact frequency", facts: [
                ResultFact(label: "Contacts", value: "\(NumberText.grouped(contacts)) contacts with \(NumberText.grouped(clients)) clients"),
                ResultFact(label: "As of", value: "\(asOf); the last 12 months are counted against \(threshold) contacts a year"),
                ResultFact(label: "Below", value: "\(NumberText.grouped(belowThreshold.count)) clients" + (rankedByBilling ? Self.billingOrder : "")),
            ]),
            ResultSection(title: "Clients below \(threshold) contacts in the last 12 months" + (listed.count < belowThreshold.count ? " (first \(listed.count))" : ""),
                          blocks: [.table(primaryTable(options: options))]),
        ]
        if let latestYear = years.map(\.year).max() {
            let rows = years.filter { $0.year == latestYear }.sorted { $0.contacts > $1.contacts }
            var table = TextTable(columns: ["client_id", "contacts", "channels", "partners"], alignments: [.left, .right, .left, .left])
            for row in options.limited(rows) {
                table.append([row.clientID, String(row.contacts), row.byChannel.map { "\($0.label) \($0.count)" }.joined(separator: ", "),
                              row.byPartner.map { "\($0.label) \($0.count)" }.joined(separator: ", ")])
            }
            sections.append(ResultSection(title: "Contacts in \(latestYear) by client" + (options.cuts(rows.count) ? " (first \(options.limit) of \(rows.count))" : ""),
                                          blocks: [.table(table)]))
        }
        return sections
    }

    /// The clients below the threshold, largest trailing billing first: contacts in the last
    /// twelve months, days since the last contact, and trailing billing.
    ///
    /// - Parameter options: how many clients to list.
    /// - Returns: the client table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["client_id", "contacts_12m", "days_since_last_contact", "trailing_billing"], alignments: [.left, .right, .right, .right])
        for c in options.limited(belowThreshold) {
            table.append([c.clientID, String(c.contacts), c.daysSinceLastContact.map(String.init) ?? "never", c.trailingBilling?.description ?? ""])
        }
        return table
    }

    /// How the list below the threshold is ordered when billing was given: added to the
    /// `Below` fact.
    package static let billingOrder = ", largest trailing-12-month billing first"
}
