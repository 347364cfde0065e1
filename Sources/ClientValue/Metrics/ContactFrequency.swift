/// A count broken down by a label (a channel, a partner).
public struct LabelCount: Sendable, Hashable, Codable {
    public var label: String
    public var count: Int
}

/// One client's contacts in one calendar year.
public struct ClientContactYear: Sendable, Hashable, Codable {
    public var clientID: String
    public var year: Int
    public var contacts: Int
    public var byChannel: [LabelCount]
    public var byPartner: [LabelCount]
    public var distinctPartners: Int

    enum CodingKeys: String, CodingKey {
        case year, contacts
        case clientID = "client_id", byChannel = "by_channel", byPartner = "by_partner", distinctPartners = "distinct_partners"
    }
}

/// A client contacted less often than the threshold in the twelve months to the as-of date.
public struct UnderContactedClient: Sendable, Hashable, Codable {
    public var clientID: String
    /// Contacts in the trailing twelve months.
    public var contacts: Int
    /// Days from the last contact to the as-of date; `nil` when never contacted.
    public var daysSinceLastContact: Int?
    public var trailingBilling: Money?

    enum CodingKeys: String, CodingKey {
        case contacts
        case clientID = "client_id", daysSinceLastContact = "days_since_last_contact", trailingBilling = "trailing_billing"
    }
}

/// Contact frequency per client and year, and the clients below a yearly threshold.
///
/// "Below the threshold" is judged on the twelve months up to the as-of date, over every client
/// that has contacts or (when billing is given) billing in that window, so a billed client with
/// no contact at all is listed first among equals. The list is ranked by trailing-twelve-month
/// billing, largest first, then by fewest contacts.
public struct ContactFrequency: Sendable, Hashable, Codable {
    public var asOf: Day
    public var threshold: Int
    public var years: [ClientContactYear]
    public var belowThreshold: [UnderContactedClient]
    public var clients: Int
    public var contacts: Int

    enum CodingKeys: String, CodingKey {
        case threshold, years, clients, contacts
        case asOf = "as_of", belowThreshold = "below_threshold"
    }
}

/// Builds ``ContactFrequency`` from contact events in one pass.
public struct ContactFrequencyBuilder: Sendable {
    private struct Key: Hashable, Sendable {
        var client: String
        var year: Int
    }
    private struct Tally: Sendable {
        var contacts = 0
        var channels: [String: Int] = [:]
        var partners: [String: Int] = [:]
    }
    private var tallies: [Key: Tally] = [:]
    private var dates: [String: [Int32]] = [:]
    private var partnersByClient: [String: [DatedPartner]] = [:]
    private struct DatedPartner: Sendable {
        var day: Int32
        var partner: String
    }
    private var count = 0

    public init() {}

    public mutating func add(_ event: ContactEvent) {
        count += 1
        let key = Key(client: event.clientID, year: event.contactDate.year)
        tallies[key, default: Tally()].contacts += 1
        tallies[key, default: Tally()].channels[event.channel ?? "(none)", default: 0] += 1
        tallies[key, default: Tally()].partners[event.partner ?? "(none)", default: 0] += 1
        dates[event.clientID, default: []].append(event.contactDate.daysSince1970)
        if let partner = event.partner {
            partnersByClient[event.clientID, default: []].append(DatedPartner(day: event.contactDate.daysSince1970, partner: partner))
        }
    }

    /// The latest contact date, or `nil` without contacts.
    public var latestContact: Day? {
        dates.values.compactMap { $0.max() }.max().map(Day.init(daysSince1970:))
    }

    /// Contacts in the twelve months to `asOf`, per client.
    public func trailingContacts(asOf: Day) -> [String: Int] {
        let start = asOf.adding(months: -12).daysSince1970
        return dates.mapValues { days in days.filter { $0 > start && $0 <= asOf.daysSince1970 }.count }
    }

    /// Days from each client's last contact (on or before `asOf`) to `asOf`.
    public func daysSinceLastContact(asOf: Day) -> [String: Int] {
        dates.compactMapValues { days in days.filter { $0 <= asOf.daysSince1970 }.max().map { Int(asOf.daysSince1970 - $0) } }
    }

    /// Distinct partners in contact with each client in the twelve months to `asOf`.
    public func partnersInContact(asOf: Day) -> [String: Int] {
        let start = asOf.adding(months: -12).daysSince1970
        return partnersByClient.mapValues { dated in
            Set(dated.lazy.filter { $0.day > start && $0.day <= asOf.daysSince1970 }.map(\.partner)).count
        }
    }

    /// Contacts per client and partner after `start` and up to `end`.
    func partnerContacts(from start: Day, through end: Day) -> [String: [String: Int]] {
        partnersByClient.mapValues { dated in
            var counts: [String: Int] = [:]
            for d in dated where d.day > start.daysSince1970 && d.day <= end.daysSince1970 { counts[d.partner, default: 0] += 1 }
            return counts
        }.filter { !$0.value.isEmpty }
    }

    /// - Parameters:
    ///   - asOf: "today"; `nil` means the latest contact.
    ///   - billing: trailing-twelve-month billing per client, to rank and widen the list.
    public func frequency(asOf: Day? = nil, threshold: Int = 10, billing: ClientBillingWindow? = nil) -> ContactFrequency {
        let asOf = asOf ?? billing?.window.upperBound ?? latestContact ?? Day(daysSince1970: 0)
        let years = tallies.map { key, tally in
            ClientContactYear(clientID: key.client, year: key.year, contacts: tally.contacts,
                              byChannel: Self.counts(tally.channels), byPartner: Self.counts(tally.partners),
                              distinctPartners: tally.partners.keys.filter { $0 != "(none)" }.count)
        }.sorted { ($0.clientID, $0.year) < ($1.clientID, $1.year) }
        let trailing = trailingContacts(asOf: asOf)
        let last = daysSinceLastContact(asOf: asOf)
        var universe = Set(trailing.filter { $0.value > 0 }.keys)
        if let billing { universe.formUnion(billing.totals.filter { $0.value.minorUnits > 0 }.keys) }
        let below = universe.compactMap { client -> UnderContactedClient? in
            let contacts = trailing[client] ?? 0
            guard contacts < threshold else { return nil }
            return UnderContactedClient(clientID: client, contacts: contacts, daysSinceLastContact: last[client],
                                        trailingBilling: billing?.total(for: client))
        }.sorted { a, b in
            let va = a.trailingBilling ?? .zero, vb = b.trailingBilling ?? .zero
            if va != vb { return va > vb }
            if a.contacts != b.contacts { return a.contacts < b.contacts }
            return a.clientID < b.clientID
        }
        return ContactFrequency(asOf: asOf, threshold: threshold, years: years, belowThreshold: below,
                                clients: dates.count, contacts: count)
    }

    private static func counts(_ dictionary: [String: Int]) -> [LabelCount] {
        dictionary.map { LabelCount(label: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
    }
}
