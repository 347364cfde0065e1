// The firm's fixed cast (practice areas, offices, partners, channels, survey comments) and
// the word lists that client and respondent names are drawn from.

extension SampleGenerator {
    struct Partner: Sendable {
        var name: String
        var practiceArea: Int
        var office: Int
    }

    static let practiceAreas = ["Tax", "Audit", "Advisory", "Litigation", "Corporate", "Employment"]

    /// Standard hourly rate in dollars, by practice area.
    static let hourlyRates: [Int64] = [550, 400, 650, 750, 700, 450]

    static let offices = ["London", "New York", "Singapore", "Frankfurt"]

    static let partners: [Partner] = [
        Partner(name: "Alice Morgan", practiceArea: 0, office: 0),
        Partner(name: "Benjamin Okafor", practiceArea: 1, office: 1),
        Partner(name: "Chloé Dubois", practiceArea: 2, office: 0),
        Partner(name: "David Chen", practiceArea: 4, office: 2),
        Partner(name: "Elena Rossi", practiceArea: 3, office: 0),
        Partner(name: "Farid Haddad", practiceArea: 5, office: 1),
        Partner(name: "Grace Whitfield", practiceArea: 0, office: 1),
        Partner(name: "Hiroshi Tanaka", practiceArea: 2, office: 2),
        Partner(name: "Isabel García", practiceArea: 4, office: 1),
        Partner(name: "James O'Connor", practiceArea: 1, office: 0),
        Partner(name: "Katarzyna Nowak", practiceArea: 3, office: 3),
        Partner(name: "Lukas Becker", practiceArea: 0, office: 3),
    ]

    /// How likely each partner is to lead a new client (some are rainmakers).
    static let partnerWeights = [12, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 4]

    static let channels = ["meeting", "call", "email", "event", "lunch"]
    static let channelWeights = [30, 28, 24, 7, 11]

    /// Survey comments by the score band they go with: promoter, passive, detractor.
    /// Some hold commas, quotes, line breaks (LF and CRLF) and non-ASCII letters; some
    /// start with `=`, `-` or `+`, which the CSV writer neutralises with a leading `'`.
    static let comments: [[String]] = [
        [
            "Excellent advice, always responsive.",
            "The partner knows our business inside out.",
            "Best advisers we have worked with",
            "Clear, practical and on time.",
            "=) very happy with the support",
            "- responsive, knowledgeable, fair fees",
            "+1 for the tax team",
            "Très bon service, merci",
            "They \"get\" our industry.",
            "Responsive team.\r\nThank you!",
        ],
        [
            "Great team, but \"slow\" on\ninvoices",
            "Good work; fees are high.",
            "Solid, if a little \"corporate\".",
            "Good advice.\nWould like more proactive updates.",
            "Fine, nothing special",
            "Sehr gut – aber teuer",
            "Would be a 9 with clearer estimates",
        ],
        [
            "Missed deadlines twice this year.",
            "Billing surprises, again",
            "Too many handovers between associates,\nnobody owns our file.",
            "-slow to return calls",
            "=not worth the fees",
            "Fees went up 20%, service did not.",
            "Partner hard to reach; \"urgent\" means next week",
        ],
    ]

    static let surnames = [
        "Smith", "Jones", "Patel", "Nguyen", "Okafor", "Müller", "García", "Rossi", "Kowalski", "Andersen",
        "Tanaka", "Kim", "Chen", "O'Brien", "Dubois", "Fischer", "Silva", "Haddad", "Cohen", "Novak",
        "Larsen", "Murphy", "Schmidt", "Walker", "Hughes", "Bennett", "Clarke", "Foster", "Grant", "Hayes",
        "Ibrahim", "Jensen", "Khan", "Lindqvist", "Moreau", "Nakamura", "Oliveira", "Petrov", "Quinn", "Reyes",
        "Sato", "Thompson", "Usman", "Varga", "Wright", "Young", "Zhang", "Åberg", "Brennan", "Castillo",
    ]

    static let firstNames = [
        "Maria", "John", "Priya", "Wei", "Amara", "Lars", "Sofia", "Ahmed", "Emma", "Kenji",
        "Olivia", "Mateo", "Chidi", "Anna", "Raj", "Hannah", "Luca", "Fatima", "Noah", "Ingrid",
        "Daniel", "Aisha", "Tom", "Mei", "Carlos", "Zoë", "Peter", "Leila", "Sam", "Nadia",
        "George", "Yuki", "Rachel", "Omar", "Claire", "Björn", "Grace", "Ivan", "Lucy", "Marek",
    ]

    static let brandWords = [
        "Acme", "Apex", "Beacon", "Cobalt", "Crescent", "Evergreen", "Falcon", "Granite", "Harbour", "Horizon",
        "Ironwood", "Juniper", "Keystone", "Lighthouse", "Meridian", "Northwind", "Oakridge", "Pinnacle",
        "Quantum", "Redwood", "Sterling", "Summit", "Tidewater", "Unity", "Vantage", "Willow", "Zenith",
        "Orchard", "Bluebird", "Copperleaf",
    ]

    static let industries = [
        "Logistics", "Pharma", "Capital", "Foods", "Energy", "Media", "Retail", "Engineering", "Shipping",
        "Software", "Biotech", "Properties", "Insurance", "Textiles", "Mining", "Hotels", "Aviation",
        "Telecom", "Healthcare", "Automotive",
    ]

    static let legalSuffixes = ["Ltd", "Inc", "LLC", "plc", "GmbH", "AG", "SA", "BV", "Pte Ltd", "Group", "Holdings"]

    static let cities = ["Bristol", "Rotterdam", "Osaka", "Lagos", "Denver", "Zürich", "Lyon", "Auckland"]

    /// Weights of the name patterns in ``clientName(_:)``.
    private static let namePatternWeights = [34, 12, 10, 5, 10, 6, 8, 4, 11]

    /// A realistic firm name; about one in six holds a comma and one in twenty quotes.
    static func clientName(_ rng: inout SplitMix64) -> String {
        let pattern = rng.pick(weights: namePatternWeights)
        let first = Int(rng.uniform(below: UInt64(surnames.count)))
        var second = Int(rng.uniform(below: UInt64(surnames.count)))
        if second == first { second = (first + 1) % surnames.count }
        let surname = surnames[first], other = surnames[second]
        let brand = rng.element(of: brandWords)
        let industry = rng.element(of: industries)
        let suffix = rng.element(of: legalSuffixes)
        switch pattern {
        case 0: return "\(brand) \(industry) \(suffix)"
        case 1: return "\(surname) & \(other) LLP"
        case 2: return "\(surname), \(other) & Co"
        case 3: return "\"\(brand)\" Holdings Ltd"
        case 4: return "\(surname) \(industry)"
        case 5: return "\(brand) \(industry), Inc."
        case 6: return "\(rng.element(of: cities)) \(industry) \(suffix)"
        case 7: return "The \(surname) Family Office"
        default:
            var partnerBrand = rng.element(of: brandWords)
            if partnerBrand == brand { partnerBrand = "Partners" }
            return "\(brand) & \(partnerBrand) \(suffix)"
        }
    }

    /// A person's name, for survey respondents.
    static func personName(_ rng: inout SplitMix64) -> String {
        "\(rng.element(of: firstNames)) \(rng.element(of: surnames))"
    }
}
