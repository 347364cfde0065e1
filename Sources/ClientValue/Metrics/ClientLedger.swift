/// One client's billing in one (calendar or fiscal) year.
public struct ClientYear: Sendable, Hashable, Codable {
    /// The year's label: `2024`, or `FY2025` for a fiscal year.
    public var year: String
    public var revenue: Money
    /// Cost and profit over the lines that give a cost; `nil` when none does.
    public var cost: Money?
    public var profit: Money?
    /// profit / revenue of the costed lines; `nil` without cost or with zero costed revenue.
    public var margin: Double?

    enum CodingKeys: String, CodingKey { case year, revenue, cost, profit, margin }
}

/// What a client has been worth: the exact ledger view of its billing.
public struct ClientValueHistory: Sendable, Hashable, Codable {
    public var clientID: String
    public var clientName: String?
    public var firstInvoice: Day
    public var lastInvoice: Day
    /// Years from the first invoice to the as-of date (days / 365.2425).
    public var tenureYears: Double
    /// Net revenue (credit notes included), and cost, profit and margin over the costed lines.
    public var revenue: Money
    public var cost: Money?
    public var profit: Money?
    public var margin: Double?
    /// Revenue per year of tenure, counting at least one year.
    public var annualisedRevenue: Double
    /// Σ amount / Σ standard_value over lines that give a standard value (realisation rate).
    public var realisation: Double?
    /// Σ collected / Σ amount over lines that give a collected amount (collection rate).
    public var collection: Double?
    /// Distinct practice areas billed (relationship breadth).
    public var practiceAreas: Int
    public var years: [ClientYear]

    /// The JSON names (snake_case whatever the encoder's key strategy).
    enum CodingKeys: String, CodingKey {
        case revenue, cost, profit, margin, realisation, collection, years
        case clientID = "client_id", clientName = "client_name", firstInvoice = "first_invoice", lastInvoice = "last_invoice"
        case tenureYears = "tenure_years", annualisedRevenue = "annualised_revenue", practiceAreas = "practice_areas"
    }
}

/// Revenue by first-year cohort × year: the clients whose first invoice fell in a year, and
/// what they were billed in each year since.
public struct CohortTable: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        public var cohort: String
        public var clients: Int
        /// Revenue in each of ``CohortTable/years``; zero before the cohort's first year.
        public var revenue: [Money]

        enum CodingKeys: String, CodingKey { case cohort, clients, revenue }
    }

    public var years: [String]
    public var rows: [Row]
}

/// The ledger view of every client, with totals and the cohort table.
public struct ValueHistory: Sendable, Hashable, Codable {
    public var asOf: Day
    public var clients: [ClientValueHistory]
    public var cohorts: CohortTable
    public var revenue: Money
    public var cost: Money?
    public var profit: Money?
    /// Profit / revenue over the costed lines, firm-wide: the margin `clv --margin from-cost` uses.
    public var margin: Double?
    public var linesAfterAsOf: Int

    enum CodingKeys: String, CodingKey {
        case clients, cohorts, revenue, cost, profit, margin
        case asOf = "as_of", linesAfterAsOf = "lines_after_as_of"
    }
}

/// Builds a ``ValueHistory`` from billing lines in any order, in one pass, exactly (money in
/// hundredths).
///
/// ```swift
/// var ledger = ClientLedger(asOf: Day(year: 2025, month: 12, day: 31)!)
/// for line in lines { try ledger.add(line) }
/// let history = ledger.history()
/// ```
public struct ClientLedger: Sendable {
    /// Lines after it are left out; `nil` means the latest invoice date.
    public let asOf: Day?
    public let calendar: PeriodCalendar
    private var index: [String: Int] = [:]
    /// For lines added by code: the account slot of each client code, -1 for none yet.
    private var codeSlots: [Int32] = []
    /// Practice areas numbered for lines added as ``BillingLine``s.
    private var areaCodes: [String: Int32] = [:]
    private var accounts: [Account] = []
    private var linesAfterAsOf = 0
    private var latest = Int32.min

    private struct Account: Sendable {
        var id: String
        var name: String?
        var first = Int32.max, last = Int32.min
        var revenue: Int64 = 0
        var costedRevenue: Int64 = 0, cost: Int64 = 0, costed = false
        var standardAmount: Int64 = 0, standard: Int64 = 0, hasStandard = false
        var collectedAmount: Int64 = 0, collected: Int64 = 0, hasCollected = false
        /// The codes of the practice areas billed, each once (a client has a handful).
        var practiceAreas: [Int32] = []
        /// Per year ordinal: revenue, costed revenue, cost, whether costed.
        var years: [Int: YearTotals] = [:]
    }

    private struct YearTotals: Sendable {
        var revenue: Int64 = 0, costedRevenue: Int64 = 0, cost: Int64 = 0, costed = false
    }

    /// - Parameter fiscalYearStartMonth: years run from this month (1 = calendar years).
    public init(asOf: Day? = nil, fiscalYearStartMonth: Int = 1) {
        self.asOf = asOf
        calendar = PeriodCalendar(length: .year, fiscalYearStartMonth: fiscalYearStartMonth)
    }

    /// Adds a line; with an as-of date, later lines are counted and left out.
    /// - Throws: ``BillingTotalOverflow`` when a total no longer fits in ``Money``.
    public mutating func add(_ line: BillingLine) throws(BillingTotalOverflow) {
        if let asOf, line.invoiceDate > asOf {
            linesAfterAsOf += 1
            return
        }
        let slot: Int
        if let existing = index[line.clientID] {
            slot = existing
        } else {
            slot = accounts.count
            index[line.clientID] = slot
            accounts.append(Account(id: line.clientID))
        }
        var area: Int32 = -1
        if let name = line.practiceArea {
            if let code = areaCodes[name] {
                area = code
            } else {
                area = Int32(areaCodes.count)
                areaCodes[name] = area
            }
        }
        try update(slot, name: line.clientName, day: line.invoiceDate.daysSince1970, amount: line.amount.minorUnits,
                   cost: line.cost?.minorUnits, standard: line.standardValue?.minorUnits, collected: line.collected?.minorUnits,
                   area: area, line: line.line)
    }

    /// Adds a line of the client numbered `client` by an importer's string table, whose
    /// practice area is numbered `area` (-1 for none) by another table; `clientID` and
    /// `clientName` are asked for only when needed. A ledger takes lines this way or as
    /// ``BillingLine``s, not both.
    mutating func add(client: Int32, clientID: () -> String, clientName: () -> String?, day: Int32, amount: Int64,
                      cost: Int64?, standard: Int64?, collected: Int64?, area: Int32, line: Int) throws(BillingTotalOverflow) {
        if let asOf, day > asOf.daysSince1970 {
            linesAfterAsOf += 1
            return
        }
        while codeSlots.count <= Int(client) { codeSlots.append(-1) }
        var slot = Int(codeSlots[Int(client)])
        if slot < 0 {
            slot = accounts.count
            codeSlots[Int(client)] = Int32(slot)
            accounts.append(Account(id: clientID()))
        }
        try update(slot, name: accounts[slot].name == nil ? clientName() : nil, day: day, amount: amount,
                   cost: cost, standard: standard, collected: collected, area: area, line: line)
    }

    private mutating func update(_ slot: Int, name: String?, day: Int32, amount: Int64, cost: Int64?, standard: Int64?,
                                 collected: Int64?, area: Int32, line: Int) throws(BillingTotalOverflow) {
        let overflow = BillingTotalOverflow(clientID: accounts[slot].id, line: line)
        func add(_ total: inout Int64, _ value: Int64) throws(BillingTotalOverflow) {
            let (sum, over) = total.addingReportingOverflow(value)
            guard !over else { throw overflow }
            total = sum
        }
        latest = max(latest, day)
        accounts[slot].name = accounts[slot].name ?? name
        accounts[slot].first = min(accounts[slot].first, day)
        accounts[slot].last = max(accounts[slot].last, day)
        try add(&accounts[slot].revenue, amount)
        let year = calendar.ordinal(of: Day(daysSince1970: day))
        var totals = accounts[slot].years[year] ?? YearTotals()
        try add(&totals.revenue, amount)
        if let cost {
            try add(&accounts[slot].costedRevenue, amount)
            try add(&accounts[slot].cost, cost)
            accounts[slot].costed = true
            try add(&totals.costedRevenue, amount)
            try add(&totals.cost, cost)
            totals.costed = true
        }
        accounts[slot].years[year] = totals
        if let standard {
            try add(&accounts[slot].standardAmount, amount)
            try add(&accounts[slot].standard, standard)
            accounts[slot].hasStandard = true
        }
        if let collected {
            try add(&accounts[slot].collectedAmount, amount)
            try add(&accounts[slot].collected, collected)
            accounts[slot].hasCollected = true
        }
        if area >= 0 && !accounts[slot].practiceAreas.contains(area) { accounts[slot].practiceAreas.append(area) }
    }

    /// Every client's history, in order of first appearance, with the cohort table.
    public func history() -> ValueHistory {
        let asOf = self.asOf ?? Day(daysSince1970: latest == .min ? 0 : latest)
        func ratio(_ a: Int64, _ b: Int64) -> Double? { b != 0 ? Double(a) / Double(b) : nil }
        var clients: [ClientValueHistory] = []
        var allYears = Set<Int>()
        var totalRevenue: Int64 = 0, totalCostedRevenue: Int64 = 0, totalCost: Int64 = 0, anyCost = false
        for account in accounts {
            let tenure = Double(asOf.daysSince1970 - account.first) / 365.2425
            let years = account.years.keys.sorted().map { ordinal -> ClientYear in
                let t = account.years[ordinal] ?? YearTotals()
                return ClientYear(year: Period(ordinal: ordinal, calendar: calendar).label, revenue: Money(minorUnits: t.revenue),
                                  cost: t.costed ? Money(minorUnits: t.cost) : nil,
                                  profit: t.costed ? Money(minorUnits: t.costedRevenue &- t.cost) : nil,
                                  margin: t.costed ? ratio(t.costedRevenue &- t.cost, t.costedRevenue) : nil)
            }
            allYears.formUnion(account.years.keys)
            totalRevenue &+= account.revenue
            if account.costed {
                anyCost = true
                totalCostedRevenue &+= account.costedRevenue
                totalCost &+= account.cost
            }
            clients.append(ClientValueHistory(
                clientID: account.id, clientName: account.name,
                firstInvoice: Day(daysSince1970: account.first), lastInvoice: Day(daysSince1970: account.last),
                tenureYears: tenure, revenue: Money(minorUnits: account.revenue),
                cost: account.costed ? Money(minorUnits: account.cost) : nil,
                profit: account.costed ? Money(minorUnits: account.costedRevenue &- account.cost) : nil,
                margin: account.costed ? ratio(account.costedRevenue &- account.cost, account.costedRevenue) : nil,
                annualisedRevenue: Double(account.revenue) / 100 / max(1, tenure),
                realisation: account.hasStandard ? ratio(account.standardAmount, account.standard) : nil,
                collection: account.hasCollected ? ratio(account.collected, account.collectedAmount) : nil,
                practiceAreas: account.practiceAreas.count, years: years))
        }
        // Cohorts: first-invoice year × year.
        let ordinals = allYears.sorted()
        let column = Dictionary(uniqueKeysWithValues: ordinals.enumerated().map { ($1, $0) })
        var cohortRows: [Int: (clients: Int, revenue: [Int64])] = [:]
        for account in accounts {
            let cohort = calendar.ordinal(of: Day(daysSince1970: account.first))
            var row = cohortRows[cohort] ?? (0, Array(repeating: 0, count: ordinals.count))
            row.clients += 1
            for (ordinal, totals) in account.years { if let c = column[ordinal] { row.revenue[c] &+= totals.revenue } }
            cohortRows[cohort] = row
        }
        let cohorts = CohortTable(
            years: ordinals.map { Period(ordinal: $0, calendar: calendar).label },
            rows: cohortRows.keys.sorted().map { cohort in
                let row = cohortRows[cohort] ?? (0, [])
                return CohortTable.Row(cohort: Period(ordinal: cohort, calendar: calendar).label, clients: row.clients,
                                       revenue: row.revenue.map { Money(minorUnits: $0) })
            })
        return ValueHistory(asOf: asOf, clients: clients, cohorts: cohorts, revenue: Money(minorUnits: totalRevenue),
                            cost: anyCost ? Money(minorUnits: totalCost) : nil,
                            profit: anyCost ? Money(minorUnits: totalCostedRevenue &- totalCost) : nil,
                            margin: anyCost ? ratio(totalCostedRevenue &- totalCost, totalCostedRevenue) : nil,
                            linesAfterAsOf: linesAfterAsOf)
    }
}
