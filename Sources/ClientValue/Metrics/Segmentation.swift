/// A segment's name and recommended action.
public struct SegmentDefinition: Sendable, Hashable, Codable {
    /// The segment's name as partners see it, such as `At risk`.
    public var name: String
    /// What to do about its clients, such as `Partner visit now`.
    public var action: String

    /// A segment's name and action, as a config file gives them.
    ///
    /// - Parameters:
    ///   - name: the segment's name, such as `Red alert`.
    ///   - action: the recommended action, such as `Call today`.
    public init(name: String, action: String) {
        self.name = name
        self.action = action
    }
}

/// What a client's value tier is measured on.
public enum ValueBasis: String, Sendable, Hashable, Codable, CaseIterable {
    /// Net billing in the twelve months to the as-of date.
    case revenue
    /// The lifetime-value forecast.
    case clv
}

/// Options for ``Segmentation``, with documented defaults; a JSON config file decodes into it
/// (every key optional).
///
/// ```swift
/// var options = SegmentationOptions(thresholds: ABCThresholds(a: 0.7, b: 0.9), contactThreshold: 12)
/// options.segments["A-detractor"] = SegmentDefinition(name: "Red alert", action: "Call today")
/// ```
public struct SegmentationOptions: Sendable, Hashable, Codable {
    /// What the value tier is measured on: trailing-twelve-month billing (the default) or CLV.
    public var valueBasis: ValueBasis
    /// ABC thresholds on cumulative value: A makes the first 80%, B the next 15%, C the rest.
    public var thresholds: ABCThresholds
    /// One partner holding at least this share of a client's contacts and billing is a
    /// key-person risk.
    public var keyPersonShare: Double
    /// Contacts a year below which a client counts as under-contacted.
    public var contactThreshold: Int
    /// Segment names and actions by key `TIER-LOYALTY`: `A-promoter`, `B-detractor`,
    /// `C-not surveyed`, `none-passive` (tier `none`: no positive value).
    public var segments: [String: SegmentDefinition]

    enum CodingKeys: String, CodingKey {
        case thresholds, segments
        case valueBasis = "value_basis", keyPersonShare = "key_person_share", contactThreshold = "contact_threshold"
    }

    /// Options with the documented defaults, any of which can be changed.
    ///
    /// - Parameters:
    ///   - valueBasis: what the value tier is measured on; trailing revenue by default.
    ///   - thresholds: the ABC cut-offs on cumulative value; 80% and 95% by default.
    ///   - keyPersonShare: the share of a client's contacts and billing, 0…1, one partner must
    ///     hold to be a key-person risk; 0.8 by default.
    ///   - contactThreshold: contacts in twelve months below which a client is under-contacted;
    ///     10 by default.
    ///   - segments: names and actions by `TIER-LOYALTY` key; ``defaultSegments`` by default.
    public init(valueBasis: ValueBasis = .revenue, thresholds: ABCThresholds = ABCThresholds(), keyPersonShare: Double = 0.8,
                contactThreshold: Int = 10, segments: [String: SegmentDefinition] = SegmentationOptions.defaultSegments) {
        self.valueBasis = valueBasis
        self.thresholds = thresholds
        self.keyPersonShare = keyPersonShare
        self.contactThreshold = contactThreshold
        self.segments = segments
    }

    /// Reads a config where every key is optional; given segments replace the defaults one by one.
    ///
    /// The keys are snake_case: `value_basis`, `thresholds` (`a`, `b`), `key_person_share`,
    /// `contact_threshold` and `segments`.
    ///
    /// - Parameter decoder: the decoder of the JSON config, such as `JSONDecoder`'s.
    /// - Throws: the decoder's `DecodingError` when a key holds a value of the wrong type (an
    ///   unknown `value_basis`, a threshold that is not a number).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SegmentationOptions()
        valueBasis = try container.decodeIfPresent(ValueBasis.self, forKey: .valueBasis) ?? defaults.valueBasis
        thresholds = try container.decodeIfPresent(ABCThresholds.self, forKey: .thresholds) ?? defaults.thresholds
        keyPersonShare = try container.decodeIfPresent(Double.self, forKey: .keyPersonShare) ?? defaults.keyPersonShare
        contactThreshold = try container.decodeIfPresent(Int.self, forKey: .contactThreshold) ?? defaults.contactThreshold
        let given = try container.decodeIfPresent([String: SegmentDefinition].self, forKey: .segments) ?? [:]
        segments = defaults.segments.merging(given) { _, new in new }
    }

    /// The default segments: value tier × loyalty.
    public static let defaultSegments: [String: SegmentDefinition] = [
        "A-promoter": SegmentDefinition(name: "Advocate", action: "Protect the relationship and ask for referrals"),
        "A-passive": SegmentDefinition(name: "Core", action: "Partner review: what would make them promoters?"),
        "A-detractor": SegmentDefinition(name: "At risk", action: "Partner visit now"),
        "A-not surveyed": SegmentDefinition(name: "Blind spot", action: "Survey them: a top client with no voice"),
        "B-promoter": SegmentDefinition(name: "Rising", action: "Grow: propose a second practice area"),
        "B-passive": SegmentDefinition(name: "Steady", action: "Keep close; ask for feedback"),
        "B-detractor": SegmentDefinition(name: "Watch", action: "Find and fix the issue"),
        "B-not surveyed": SegmentDefinition(name: "Unknown", action: "Survey them"),
        "C-promoter": SegmentDefinition(name: "Grow", action: "Introduce a second practice"),
        "C-passive": SegmentDefinition(name: "Maintain", action: "Serve efficiently"),
        "C-detractor": SegmentDefinition(name: "Review", action: "Decide whether to keep serving"),
        "C-not surveyed": SegmentDefinition(name: "Long tail", action: "Serve efficiently; survey occasionally"),
        "none-promoter": SegmentDefinition(name: "Dormant advocate", action: "Re-engage: they liked working with us"),
        "none-passive": SegmentDefinition(name: "Dormant", action: "Re-engage or let go"),
        "none-detractor": SegmentDefinition(name: "Lost", action: "Learn why, then let go"),
        "none-not surveyed": SegmentDefinition(name: "Dormant", action: "Re-engage or let go"),
    ]
}

/// Where a client stands in its relationship with the firm.
public enum RelationshipStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Contacts, but no billing.
    case prospect
    /// First invoice less than 12 months before the as-of date.
    case new
    /// Billed, neither new, long-term nor lapsing.
    case established
    /// At least 3 years since the first invoice and at least 2 practice areas billed.
    case longTerm = "long-term"
    /// No invoice in the last 12 months after earlier work.
    case lapsing
}

/// One client's category, with the reasons for its place in the focus list.
public struct ClientSegment: Sendable, Hashable, Codable {
    /// The client, as in the input files.
    public var clientID: String
    /// A, B, C, or `none` for a client with no positive value.
    public var valueTier: String
    /// The value the tier is measured on (trailing revenue or CLV, currency units).
    public var value: Double
    /// promoter, passive, detractor or `not surveyed`.
    public var loyalty: String
    /// The period the loyalty comes from (`2025`), when surveyed.
    public var loyaltyPeriod: String?
    /// The segment's name, from the tier and loyalty (such as `At risk`).
    public var segment: String
    /// The segment's recommended action.
    public var action: String
    /// Where the client stands in its relationship; `nil` without the billing history, or for
    /// a client with neither billing nor contacts.
    public var stage: RelationshipStage?
    /// Distinct partners in contact in the last 12 months, and practice areas ever billed.
    public var partners: Int?
    /// Distinct practice areas billed; `nil` without billing history.
    public var practiceAreas: Int?
    /// The partner holding the key-person share, when there is key-person risk.
    public var keyPersonRisk: Bool
    /// The partner holding at least the key-person share of the client's contacts and
    /// billing; `nil` without key-person risk.
    public var keyPerson: String?
    /// Contacts in the twelve months to the as-of date; `nil` without a contact log.
    public var contacts12m: Int?
    /// The probability, 0…1, that the client is still buying, from the lifetime model;
    /// `nil` without a forecast for it.
    public var probabilityAlive: Double?
    /// value × risk: the focus list's order.
    public var priority: Double
    /// Why the client is where it is, one phrase per risk term that applies, in words a
    /// partner can check against the files.
    public var reasons: [String]

    enum CodingKeys: String, CodingKey {
        case value, loyalty, segment, action, stage, partners, priority, reasons
        case clientID = "client_id", valueTier = "value_tier", loyaltyPeriod = "loyalty_period", practiceAreas = "practice_areas"
        case keyPersonRisk = "key_person_risk", keyPerson = "key_person", contacts12m = "contacts_12m", probabilityAlive = "p_alive"
    }
}

/// How many clients, and what share of value, each segment holds.
public struct SegmentSummary: Sendable, Hashable, Codable {
    /// The segment's name.
    public var segment: String
    /// How many clients it holds.
    public var clients: Int
    /// Its share of the value of all clients, a fraction 0…1; 0 when no client has value.
    public var valueShare: Double

    enum CodingKeys: String, CodingKey {
        case segment, clients
        case valueShare = "revenue_share"
    }
}

/// The sources a segmentation can use; each is optional and the result says which were missing.
public struct SegmentationInputs: Sendable {
    /// "Today": the twelve-month windows, stages and loyalty years are judged at this date.
    public var asOf: Day
    /// Net billing per client in the twelve months to the as-of date.
    public var trailingBilling: ClientBillingWindow?
    /// Trailing-twelve-month billing per client and partner (key-person risk).
    public var partnerBilling: [String: [String: Money]]?
    /// The billing ledger, for the relationship stage and the practice areas billed.
    public var history: ValueHistory?
    /// The survey responses, for loyalty.
    public var surveys: SurveyTable?
    /// The contact log, for contacts in twelve months, partners in contact and key-person risk.
    public var contacts: ContactFrequencyBuilder?
    /// The lifetime-value forecast, for P(alive) and, with ``ValueBasis/clv``, the value.
    public var forecast: LifetimeValueForecast?

    /// The inputs of a segmentation; give whichever exist.
    ///
    /// ``ClientBilling/read(_:file:importOptions:options:wallet:)`` gives the three billing
    /// inputs from one read of the export.
    ///
    /// - Parameters:
    ///   - asOf: "today".
    ///   - trailingBilling: net billing per client in the twelve months to `asOf`.
    ///   - partnerBilling: the same per client and partner.
    ///   - history: the billing ledger to `asOf`.
    ///   - surveys: the survey responses.
    ///   - contacts: the contact log.
    ///   - forecast: the lifetime-value forecast.
    public init(asOf: Day, trailingBilling: ClientBillingWindow? = nil, partnerBilling: [String: [String: Money]]? = nil,
                history: ValueHistory? = nil, surveys: SurveyTable? = nil, contacts: ContactFrequencyBuilder? = nil,
                forecast: LifetimeValueForecast? = nil) {
        self.asOf = asOf
        self.trailingBilling = trailingBilling
        self.partnerBilling = partnerBilling
        self.history = history
        self.surveys = surveys
        self.contacts = contacts
        self.forecast = forecast
    }
}

/// Every client's value tier, loyalty, segment, stage, breadth and key-person risk, and the
/// focus list.
///
/// - Value tier: ABC over clients with positive value (trailing-twelve-month revenue, or CLV),
///   as ``RevenueConcentration`` classes them; `none` otherwise.
/// - Loyalty: the client-level class of its mean score in the latest calendar year in which
///   it answered (mean ≥ 9 promoter, 7 up to 9 passive, below 7 detractor).
/// - Stage: see ``RelationshipStage``; checked in the order prospect, lapsing, new, long-term,
///   established.
/// - Key-person risk: one partner holds at least ``SegmentationOptions/keyPersonShare`` of the
///   client's contacts and of its billing in the last twelve months (of whichever of the two
///   is known).
/// - Priority = value × risk, where risk adds: detractor 1.0, passive 0.5, not surveyed 0.4,
///   promoter 0.2; key-person risk +0.3; fewer contacts than the threshold +0.3; lapsing +0.3;
///   and 1 − P(alive) when the lifetime model gives it. Each term that applies is a reason.
///
/// Degenerate input: no inputs give no clients, segments or focus list, with every input
/// named in ``notAvailable``. A client without positive value is in tier `none` with value 0
/// and priority 0; when no client has value every segment's value share is 0 (not 0/0). One
/// client, or clients that all bill the same, are all in tier A (each starts below the A
/// threshold of the cumulative value).
///
/// ```swift
/// let asOf = Day(year: 2025, month: 12, day: 31)!
/// let billing = try ClientBilling.read(.file(path: "SampleData/billing.csv"), options: ClientBillingOptions(asOf: asOf))
/// let inputs = SegmentationInputs(asOf: asOf, trailingBilling: billing.trailingBilling,
///                                 partnerBilling: billing.partnerBilling, history: billing.history,
///                                 surveys: try SurveyTable.read(.file(path: "SampleData/surveys.csv")))
/// let segmentation = Segmentation(inputs)
/// for client in segmentation.focus.prefix(10) {
///     print(client.clientID, client.segment, client.action, client.reasons)
/// }
/// ```
public struct Segmentation: Sendable, Hashable, Codable {
    /// "Today", as given in the inputs.
    public var asOf: Day
    /// Every client found in any input, by client id.
    public var clients: [ClientSegment]
    /// Clients and value share per segment, largest value share first.
    public var segments: [SegmentSummary]
    /// Clients by priority, highest first (those with a priority above zero).
    public var focus: [ClientSegment]
    /// Inputs that were not given, so their parts of the result are missing.
    public var notAvailable: [String]

    enum CodingKeys: String, CodingKey {
        case clients, segments, focus
        case asOf = "as_of", notAvailable = "not_available"
    }

    /// Categorises every client and ranks the focus list.
    ///
    /// - Parameters:
    ///   - inputs: the billing, surveys, contacts and forecast available.
    ///   - options: the value basis, thresholds and segment names; the documented defaults
    ///     when left out.
    /// - Complexity: O(n log n) in the clients, plus one pass over the surveys and contacts.
    public init(_ inputs: SegmentationInputs, options: SegmentationOptions = SegmentationOptions()) {
        asOf = inputs.asOf
        var missing: [String] = []
        if inputs.trailingBilling == nil { missing.append("billing") }
        if inputs.surveys == nil { missing.append("surveys") }
        if inputs.contacts == nil { missing.append("contacts") }
        if inputs.forecast == nil { missing.append("lifetime model") }
        notAvailable = missing

        // Every client gets a number in a `ClientIndex`, inserted source by source in the
        // order value, loyalty, history, contacts, so that an id given in two spellings equal
        // as `String`s is spelled as in the first source that has it; each source is then an
        // array by number.
        var index = ClientIndex(capacity: inputs.history?.clients.count ?? inputs.trailingBilling?.totals.count ?? 0)

        // Value per client (a later entry for the same id replaces the value, not the
        // spelling, as in a dictionary).
        var valued: [(client: Int, value: Double)] = []
        switch options.valueBasis {
        case .revenue:
            for (client, money) in inputs.trailingBilling?.totals ?? [:] { valued.append((index.insert(client), money.doubleValue)) }
        case .clv:
            for client in inputs.forecast?.clients ?? [] { valued.append((index.insert(client.clientID), client.clv)) }
        }

        // Loyalty from the latest surveyed calendar year: per client code, the latest year's
        // total and count, then one entry per client (codes whose ids are equal as Strings
        // are one client).
        var tallied: [(client: Int, year: Int, total: Int, count: Int)] = []
        if let surveys = inputs.surveys {
            let names = surveys.clients.values
            var latestYear = [Int](repeating: .min, count: names.count)
            var total = [Int](repeating: 0, count: names.count), count = [Int](repeating: 0, count: names.count)
            for row in 0..<surveys.count where surveys.days[row] <= inputs.asOf.daysSince1970 {
                let code = Int(surveys.clients.codes[row])
                let year = surveys.day(row).year
                if year > latestYear[code] {
                    latestYear[code] = year
                    total[code] = 0
                    count[code] = 0
                }
                if year == latestYear[code] {
                    total[code] += Int(surveys.scores[row])
                    count[code] += 1
                }
            }
            for code in names.indices where count[code] > 0 {
                tallied.append((index.insert(names[code]), latestYear[code], total[code], count[code]))
            }
        }

        // The ledger's clients (the first entry of an id counts) and the contacted clients.
        // Of each history, only the dates and counts the stage needs (no ids or yearly rows to
        // copy and release per client).
        var historied: [(client: Int, facts: HistoryFacts)] = []
        if let ledger = inputs.history?.clients {
            historied.reserveCapacity(ledger.count)
            for row in ledger.indices {
                historied.append((index.insert(ledger[row].clientID),
                                  HistoryFacts(firstInvoice: ledger[row].firstInvoice, lastInvoice: ledger[row].lastInvoice,
                                               tenureYears: ledger[row].tenureYears, practiceAreas: ledger[row].practiceAreas)))
            }
        }
        let contactIDs = inputs.contacts?.clientIDs ?? []
        let contacted = inputs.contacts?.contactedMask ?? []
        var contactCode = [Int](repeating: -1, count: contactIDs.count)
        for code in contactIDs.indices where contacted[code] { contactCode[code] = index.insert(contactIDs[code]) }

        let n = index.count
        var value = [Double?](repeating: nil, count: n)
        for (client, v) in valued { value[client] = v }
        var loyalty = [(category: NPSCategory, year: Int, mean: Double)?](repeating: nil, count: n)
        do {
            var tallies = [(year: Int, total: Int, count: Int)?](repeating: nil, count: n)
            for (client, year, total, count) in tallied {
                let current = tallies[client]
                if current == nil || year > current?.year ?? .min {
                    tallies[client] = (year, total, count)
                } else if let current, current.year == year {
                    tallies[client] = (current.year, current.total + total, current.count + count)
                }
            }
            for client in 0..<n {
                guard let tally = tallies[client] else { continue }
                let mean = Double(tally.total) / Double(tally.count)
                loyalty[client] = (mean >= 9 ? .promoter : (mean >= 7 ? .passive : .detractor), tally.year, mean)
            }
        }
        var histories = [HistoryFacts?](repeating: nil, count: n)
        for (client, facts) in historied where histories[client] == nil { histories[client] = facts }
        var alive = [Double?](repeating: nil, count: n)
        for client in inputs.forecast?.clients ?? [] {
            if let number = index.number(of: client.clientID), alive[number] == nil { alive[number] = client.probabilityAlive }
        }
        var partnerBilling = [[String: Money]?](repeating: nil, count: n)
        for (client, partners) in inputs.partnerBilling ?? [:] {
            if let number = index.number(of: client) { partnerBilling[number] = partners }
        }

        // Contacts per client number: in the last twelve months, whether any on or before the
        // as-of date, and the contacts per partner in the last twelve months (as many runs as
        // partners in contact).
        let contactsKnown = inputs.contacts != nil
        var trailingContacts = [Int](repeating: 0, count: n)
        var lastContact = [Bool](repeating: false, count: n)
        var partnerRuns = [Range<Int>](repeating: 0..<0, count: n)
        let runs = inputs.contacts?.partnerContactRuns(from: inputs.asOf.adding(months: -12), through: inputs.asOf) ?? []
        if let contacts = inputs.contacts {
            let counts = contacts.trailingCounts(asOf: inputs.asOf)
            let last = contacts.lastContactDays(asOf: inputs.asOf)
            for (code, client) in contactCode.enumerated() where client >= 0 {
                trailingContacts[client] = counts[code]
                lastContact[client] = last[code] != .min
            }
            var k = 0
            while k < runs.count {
                var next = k + 1
                while next < runs.count && runs[next].client == runs[k].client { next += 1 }
                partnerRuns[contactCode[Int(runs[k].client)]] = k..<next
                k = next
            }
        }

        // Value in hundredths, clamped so that an absurd forecast cannot trap, and its ABC
        // class (as ``RevenueConcentration`` classes it): 0 A, 1 B, 2 C, 3 none.
        var tierOf = [Int](repeating: 3, count: n)
        do {
            var positive: [(client: Int, cents: Int64)] = []
            for client in 0..<n {
                guard let v = value[client] else { continue }
                let cents = (v * 100).rounded()
                let minor = cents.isNaN ? 0 : (cents >= 9.2e18 ? Int64.max : (cents <= -9.2e18 ? Int64.min : Int64(cents)))
                if minor > 0 { positive.append((client, minor)) }
            }
            let ids = index.ids
            positive.sort { $0.cents != $1.cents ? $0.cents > $1.cents : ids[$0.client].precedesInCodePointOrder(ids[$1.client]) }
            let total = positive.reduce(0.0) { $0 + Double($1.cents) }
            if total > 0 {
                let slots = RevenueConcentration.abcSlots(positive.map(\.cents), total: total, thresholds: options.thresholds)
                for (entry, slot) in zip(positive, slots) { tierOf[entry.client] = slot }
            }
        }

        // The segment of each tier and loyalty, and the summary row its name counts in.
        let tierNames = ["A", "B", "C", "none"]
        let loyaltyNames = [NPSCategory.promoter.rawValue, NPSCategory.passive.rawValue, NPSCategory.detractor.rawValue, "not surveyed"]
        var definitions: [SegmentDefinition] = [], summaryRow: [Int] = [], summaryNames: [String] = []
        for tier in tierNames {
            for loyaltyText in loyaltyNames {
                let definition = options.segments["\(tier)-\(loyaltyText)"] ?? SegmentDefinition(name: "\(tier)-\(loyaltyText)", action: "")
                definitions.append(definition)
                if let row = summaryNames.firstIndex(of: definition.name) {
                    summaryRow.append(row)
                } else {
                    summaryRow.append(summaryNames.count)
                    summaryNames.append(definition.name)
                }
            }
        }

        let yearAgo = inputs.asOf.adding(months: -12)
        var result: [ClientSegment] = []
        result.reserveCapacity(n)
        var rowOfClient: [Int] = []
        rowOfClient.reserveCapacity(n)
        for client in index.numbersInCodePointOrder() {
            let id = index.ids[client]
            let tierSlot = tierOf[client]
            let tier = tierNames[tierSlot]
            let clientValue = max(0, value[client] ?? 0)
            let clientLoyalty = loyalty[client]
            let loyaltySlot = switch clientLoyalty?.category {
            case .promoter?: 0
            case .passive?: 1
            case .detractor?: 2
            case nil: 3
            }
            let loyaltyText = loyaltyNames[loyaltySlot]
            let definition = definitions[tierSlot * 4 + loyaltySlot]
            rowOfClient.append(summaryRow[tierSlot * 4 + loyaltySlot])
            let history = histories[client]
            // Stage.
            var stage: RelationshipStage?
            if let history {
                if history.lastInvoice <= yearAgo {
                    stage = .lapsing
                } else if history.firstInvoice > yearAgo {
                    stage = .new
                } else if history.tenureYears >= 3 && history.practiceAreas >= 2 {
                    stage = .longTerm
                } else {
                    stage = .established
                }
            } else if inputs.history != nil, lastContact[client] {
                stage = .prospect
            }
            // Key-person risk.
            var keyPerson: String?
            var keyShares: [String] = []
            let clientRuns = partnerRuns[client]
            let contactShare = clientRuns.isEmpty ? nil : Self.topShare(runs[clientRuns].lazy.map { (key: $0.partner, value: $0.count) }, Double.init)
            let billingShare = partnerBilling[client].flatMap { Self.topShare($0, \.doubleValue) }
            let known = [contactShare, billingShare].compactMap { $0 }
            if !known.isEmpty, known.allSatisfy({ $0.share >= options.keyPersonShare }),
               Set(known.map(\.partner)).count == 1, let partner = known.first?.partner {
                keyPerson = partner
                if let c = contactShare { keyShares.append("\(NumberText.fixed(c.share * 100, places: 0))% of contacts") }
                if let b = billingShare { keyShares.append("\(NumberText.fixed(b.share * 100, places: 0))% of billing") }
            }
            // Priority and reasons.
            var risk = 0.0
            var reasons: [String] = []
            if tier != "none" {
                reasons.append("\(tier) client: \(NumberText.fixed(clientValue, places: 0)) \(options.valueBasis == .clv ? "lifetime value" : "billed in the last 12 months")")
            }
            switch clientLoyalty?.category {
            case .detractor?:
                risk += 1
                reasons.append("detractor in \(clientLoyalty?.year ?? 0) (mean score \(NumberText.fixed(clientLoyalty?.mean ?? 0, places: 1)))")
            case .passive?:
                risk += 0.5
                reasons.append("passive in \(clientLoyalty?.year ?? 0) (mean score \(NumberText.fixed(clientLoyalty?.mean ?? 0, places: 1)))")
            case .promoter?:
                risk += 0.2
            case nil:
                risk += 0.4
                if inputs.surveys != nil { reasons.append("never surveyed") }
            }
            if let keyPerson {
                risk += 0.3
                reasons.append("\(keyPerson) holds \(keyShares.joined(separator: " and "))")
            }
            let contacts12m = contactsKnown ? trailingContacts[client] : nil
            if let contacts12m, contacts12m < options.contactThreshold {
                risk += 0.3
                reasons.append("\(contacts12m) contacts in the last 12 months")
            }
            if stage == .lapsing {
                risk += 0.3
                reasons.append("no invoice since \(history?.lastInvoice.description ?? "")")
            }
            let probabilityAlive = alive[client]
            if let p = probabilityAlive {
                risk += 1 - p
                if p < 0.5 { reasons.append("P(alive) \(NumberText.fixed(p, places: 2))") }
            }
            result.append(ClientSegment(clientID: id, valueTier: tier, value: clientValue, loyalty: loyaltyText,
                                        loyaltyPeriod: clientLoyalty.map { String($0.year) }, segment: definition.name, action: definition.action,
                                        stage: stage, partners: contactsKnown ? partnerRuns[client].count : nil,
                                        practiceAreas: history?.practiceAreas, keyPersonRisk: keyPerson != nil, keyPerson: keyPerson,
                                        contacts12m: contacts12m, probabilityAlive: probabilityAlive, priority: clientValue * risk, reasons: reasons))
        }
        clients = result
        let totalValue = result.reduce(0) { $0 + $1.value }
        // Clients and value per segment name (spelled as its first client's), each added in
        // client order.
        var bySegment = [(name: String, clients: Int, value: Double)?](repeating: nil, count: summaryNames.count)
        for (row, client) in zip(rowOfClient, result) {
            let current = bySegment[row] ?? (client.segment, 0, 0)
            bySegment[row] = (current.name, current.clients + 1, current.value + client.value)
        }
        segments = bySegment.compactMap { row in
            row.map { SegmentSummary(segment: $0.name, clients: $0.clients, valueShare: totalValue > 0 ? $0.value / totalValue : 0) }
        }.sorted { $0.valueShare != $1.valueShare ? $0.valueShare > $1.valueShare : $0.segment.precedesInCodePointOrder($1.segment) }
        // By priority, highest first; clients are in id order, so ties go by position.
        let ranked = result.indices.filter { result[$0].priority > 0 }
            .sorted { result[$0].priority != result[$1].priority ? result[$0].priority > result[$1].priority : $0 < $1 }
        focus = ranked.map { result[$0] }
    }

    /// What the stage and the segment table take from a client's billing history.
    private struct HistoryFacts {
        var firstInvoice: Day, lastInvoice: Day
        var tenureYears: Double
        var practiceAreas: Int
    }

    /// The largest share and its holder, or nil for no data; `amounts` are the holders and
    /// their values (a dictionary, or contact counts per partner), `amount` reads each value as
    /// a number (without copying the dictionary).
    static func topShare<Amounts: Sequence, Value>(_ amounts: Amounts, _ amount: (Value) -> Double) -> (partner: String, share: Double)?
    where Amounts.Element == (key: String, value: Value) {
        var total = 0.0
        var top: (partner: String, value: Double)?
        for (partner, raw) in amounts {
            let value = amount(raw)
            total += max(0, value)
            if let current = top, current.value > value || (current.value == value && current.partner <= partner) { continue }
            top = (partner, value)
        }
        guard total > 0, let top else { return nil }
        return (top.partner, max(0, top.value) / total)
    }
}

extension ContactFrequencyBuilder {
    /// Contacts per client and partner in the twelve months to `asOf`.
    ///
    /// - Parameter asOf: the last day of the twelve months.
    /// - Returns: for each client id, contacts per partner; contacts without a partner are
    ///   not counted.
    public func partnerContactCounts(asOf: Day) -> [String: [String: Int]] {
        partnerContacts(from: asOf.adding(months: -12), through: asOf)
    }
}
