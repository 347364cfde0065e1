/// One client's billing in one (calendar or fiscal) year.
public struct ClientYear: Sendable, Hashable, Codable {
    /// The year's label: `2024`, or `FY2025` for a fiscal year.
    public var year: String
    /// Net billing in the year, credit notes included, in currency units.
    public var revenue: Money
    /// Cost and profit over the lines that give a cost; `nil` when none does.
    public var cost: Money?
    /// Revenue − cost over the lines that give a cost; `nil` when none does.
    public var profit: Money?
    /// profit / revenue of the costed lines; `nil` without cost or with zero costed revenue.
    public var margin: Double?

    enum CodingKeys: String, CodingKey { case year, revenue, cost, profit, margin }
}

/// What a client has been worth: the exact ledger view of its billing.
public struct ClientValueHistory: Sendable, Hashable, Codable {
    /// The client's id in the billing export.
    public var clientID: String
    /// The first client name the export gives for it; `nil` when none does.
    public var clientName: String?
    /// The date of the client's first line (invoice or credit note) up to the as-of date.
    public var firstInvoice: Day
    /// The date of the client's last line up to the as-of date.
    public var lastInvoice: Day
    /// Years from the first invoice to the as-of date (days / 365.2425).
    public var tenureYears: Double
    /// Net revenue (credit notes included), and cost, profit and margin over the costed lines.
    public var revenue: Money
    /// Cost over the lines that give a cost; `nil` when none does.
    public var cost: Money?
    /// Revenue − cost over the lines that give a cost; `nil` when none does.
    public var profit: Money?
    /// Profit / revenue over the costed lines, a fraction (0.35 for 35%); `nil` without cost or
    /// with zero costed revenue.
    public var margin: Double?
    /// Revenue per year of tenure, counting at least one year.
    public var annualisedRevenue: Double
    /// Σ amount / Σ standard_value over lines that give a standard value (realisation rate).
    public var realisation: Double?
    /// Σ collected / Σ amount over lines that give a collected amount (collection rate).
    public var collection: Double?
    /// Distinct practice areas billed (relationship breadth).
    public var practiceAreas: Int
    /// The client's billing per (calendar or fiscal) year in which it was billed, oldest first.
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
    /// One cohort: the clients first billed in one year, and their revenue in every year.
    public struct Row: Sendable, Hashable, Codable {
        /// The year of the cohort's first invoice (`2022`, or `FY2023`).
        public var cohort: String
        /// How many clients were first billed in that year.
        public var clients: Int
        /// Revenue in each of ``CohortTable/years``; zero before the cohort's first year.
        public var revenue: [Money]

        enum CodingKeys: String, CodingKey { case cohort, clients, revenue }
    }

    /// The year labels of the columns, oldest first.
    public var years: [String]
    /// One row per cohort, oldest first.
    public var rows: [Row]
}

/// The ledger view of every client, with totals and the cohort table.
public struct ValueHistory: Sendable, Hashable, Codable {
    /// The as-of date the ledger runs to: the one given, or else the latest invoice date.
    public var asOf: Day
    /// Each client's history, in order of first appearance in the export.
    public var clients: [ClientValueHistory]
    /// Revenue by first-invoice year × year.
    public var cohorts: CohortTable
    /// The firm's net revenue up to the as-of date, in currency units.
    public var revenue: Money
    /// The firm's cost over the costed lines; `nil` when no line gives a cost.
    public var cost: Money?
    /// The firm's profit over the costed lines; `nil` when no line gives a cost.
    public var profit: Money?
    /// Profit / revenue over the costed lines, firm-wide: the margin `clv --margin from-cost` uses.
    public var margin: Double?
    /// Billing lines dated after the as-of date, left out.
    public var linesAfterAsOf: Int

    enum CodingKeys: String, CodingKey {
        case clients, cohorts, revenue, cost, profit, margin
        case asOf = "as_of", linesAfterAsOf = "lines_after_as_of"
    }
}

/// Builds a ``ValueHistory`` from billing lines in any order, in one pass, exactly (money in
/// hundredths).
///
/// Every total is checked as each line is added: a line that would take one past what
/// ``Money`` holds (about ±92 quadrillion hundredths) throws ``BillingTotalOverflow`` and
/// changes nothing, so no total is ever a wrapped number. The totals checked are each client's
/// revenue, cost, profit, standard and collected amounts, the same per client and year, the
/// firm's revenue, cost and profit, and each year's invoices and credit notes counted apart,
/// which bounds every cell of the cohort table whatever each client's first year turns out to be.
///
/// ```swift
/// let lines = try RecordReader<BillingLine>(.file(path: "SampleData/billing.csv"))
/// var ledger = ClientLedger(asOf: Day(year: 2025, month: 12, day: 31))
/// while let line = try lines.next() { try ledger.add(line) }
/// let history = ledger.history()
/// ```
///
/// - Complexity: O(1) per line (amortised); memory per client and year, not per line.
public struct ClientLedger: Sendable {
    /// Lines after it are left out; `nil` means the latest invoice date.
    public let asOf: Day?
    /// How invoice dates map to the ledger's years: calendar or fiscal years.
    public let calendar: PeriodCalendar
    private var index: [String: Int] = [:]
    /// For lines added by code: the account slot of each client code, -1 for none yet.
    private var codeSlots: [Int32] = []
    /// Practice areas numbered for lines added as ``BillingLine``s.
    private var areaCodes: [String: Int32] = [:]
    private var accounts: [Account] = []
    private var linesAfterAsOf = 0
    private var latest = Int32.min
    /// The firm's revenue, costed revenue, cost and profit, checked line by line like a client's.
    private var firm = YearTotals()
    /// Per year ordinal: the sum of the lines of zero or more, and the sum of the credit notes.
    /// A file spans a handful of years, so a short list searched from the last year used is
    /// quicker than a dictionary on every line.
    private var yearBounds: [(year: Int, invoiced: Int64, credited: Int64)] = []
    private var lastYearIndex = 0
    /// The year of a line through the last line's year's first and last day: lines come in
    /// runs of one client and year.
    private var ordinals: PeriodOrdinalCache

    private struct Account: Sendable {
        var id: String
        var name: String?
        var first = Int32.max, last = Int32.min
        var revenue: Int64 = 0
        var costedRevenue: Int64 = 0, cost: Int64 = 0, costed = false
        /// costedRevenue − cost, kept so that it is checked as it changes.
        var profit: Int64 = 0
        var standardAmount: Int64 = 0, standard: Int64 = 0, hasStandard = false
        var collectedAmount: Int64 = 0, collected: Int64 = 0, hasCollected = false
        /// The codes of the practice areas billed, each once (a client has a handful).
        var practiceAreas: [Int32] = []
        /// Per year ordinal, each once, in the order first billed: revenue, costed revenue,
        /// cost, whether costed. A client bills in a handful of years, so a short list searched
        /// from its latest entry is quicker than a dictionary on every line.
        var years: [(ordinal: Int, totals: YearTotals)] = []
    }

    private struct YearTotals: Sendable {
        var revenue: Int64 = 0, costedRevenue: Int64 = 0, cost: Int64 = 0, profit: Int64 = 0, costed = false
    }

    /// An empty ledger.
    ///
    /// - Parameters:
    ///   - asOf: "today": later lines are counted and left out; `nil` keeps every line and
    ///     takes the latest invoice date as the as-of date.
    ///   - fiscalYearStartMonth: years run from this month (1 = calendar years).
    public init(asOf: Day? = nil, fiscalYearStartMonth: Int = 1) {
        self.asOf = asOf
        calendar = PeriodCalendar(length: .year, fiscalYearStartMonth: fiscalYearStartMonth)
        ordinals = PeriodOrdinalCache(calendar)
    }

    /// Adds a line; with an as-of date, later lines are counted and left out.
    ///
    /// - Parameter line: an imported billing line; lines may come in any order.
    /// - Throws: ``BillingTotalOverflow`` when a total (the client's, or one across clients)
    ///   would no longer fit in ``Money``; the ledger is then as it was before the line.
    public mutating func add(_ line: BillingLine) throws(BillingTotalOverflow) {
        if let asOf, line.invoiceDate > asOf {
            linesAfterAsOf += 1
            return
        }
        let slot: Int
        let isNew: Bool
        if let existing = index[line.clientID] {
            slot = existing
            isNew = false
        } else {
            slot = accounts.count
            index[line.clientID] = slot
            accounts.append(Account(id: line.clientID))
            isNew = true
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
        do {
            try update(slot, name: line.clientName, day: line.invoiceDate.daysSince1970, amount: line.amount.minorUnits,
                       cost: line.cost?.minorUnits, standard: line.standardValue?.minorUnits, collected: line.collected?.minorUnits,
                       area: area, line: line.line)
        } catch {
            // A client whose first line fails (a total across clients overflowed) is not kept.
            if isNew {
                accounts.removeLast()
                index[line.clientID] = nil
            }
            throw error
        }
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
        let isNew = slot < 0
        if isNew {
            slot = accounts.count
            codeSlots[Int(client)] = Int32(slot)
            accounts.append(Account(id: clientID()))
        }
        do {
            try update(slot, name: accounts[slot].name == nil ? clientName() : nil, day: day, amount: amount,
                       cost: cost, standard: standard, collected: collected, area: area, line: line)
        } catch {
            if isNew {
                accounts.removeLast()
                codeSlots[Int(client)] = -1
            }
            throw error
        }
    }

    private mutating func update(_ slot: Int, name: String?, day: Int32, amount: Int64, cost: Int64?, standard: Int64?,
                                 collected: Int64?, area: Int32, line: Int) throws(BillingTotalOverflow) {
        // The error is made only when a total overflows: not a copy of the id per line.
        func overflow() -> BillingTotalOverflow { BillingTotalOverflow(clientID: accounts[slot].id, line: line) }
        func sum(_ total: Int64, _ value: Int64) throws(BillingTotalOverflow) -> Int64 {
            let (sum, over) = total.addingReportingOverflow(value)
            guard !over else { throw overflow() }
            return sum
        }
        // Every new total is computed before any is stored, so a line that overflows one
        // changes nothing.
        let year = ordinals.ordinal(of: Day(daysSince1970: day))
        var yearIndex = lastYearIndex
        if yearIndex >= yearBounds.count || yearBounds[yearIndex].year != year {
            yearIndex = yearBounds.firstIndex { $0.year == year } ?? yearBounds.count
        }
        let bounds = yearIndex < yearBounds.count ? yearBounds[yearIndex] : (year: year, invoiced: 0, credited: 0)
        let invoiced = try amount >= 0 ? sum(bounds.invoiced, amount) : bounds.invoiced
        let credited = try amount < 0 ? sum(bounds.credited, amount) : bounds.credited
        func adding(to totals: YearTotals) throws(BillingTotalOverflow) -> YearTotals {
            var next = totals
            next.revenue = try sum(totals.revenue, amount)
            if let cost {
                let (profit, over) = amount.subtractingReportingOverflow(cost)
                guard !over else { throw overflow() }
                next.costedRevenue = try sum(totals.costedRevenue, amount)
                next.cost = try sum(totals.cost, cost)
                next.profit = try sum(totals.profit, profit)
                next.costed = true
            }
            return next
        }
        let firmTotals = try adding(to: firm)
        let yearSlot = accounts[slot].years.lastIndex { $0.ordinal == year }
        let yearTotals = try adding(to: yearSlot.map { accounts[slot].years[$0].totals } ?? YearTotals())
        // Field by field, not a copy of the account: a copy alive while its years are updated
        // below would make that update copy the dictionary on every line.
        let clientTotals = try adding(to: YearTotals(revenue: accounts[slot].revenue, costedRevenue: accounts[slot].costedRevenue,
                                                     cost: accounts[slot].cost, profit: accounts[slot].profit, costed: accounts[slot].costed))
        var standardTotals: (amount: Int64, value: Int64)?
        if let standard { standardTotals = (try sum(accounts[slot].standardAmount, amount), try sum(accounts[slot].standard, standard)) }
        var collectedTotals: (amount: Int64, value: Int64)?
        if let collected { collectedTotals = (try sum(accounts[slot].collectedAmount, amount), try sum(accounts[slot].collected, collected)) }

        firm = firmTotals
        if yearIndex == yearBounds.count { yearBounds.append((year, invoiced, credited)) } else { yearBounds[yearIndex] = (year, invoiced, credited) }
        lastYearIndex = yearIndex
        latest = max(latest, day)
        // The account's fields stored in one access to it, not one (with its checks) per field.
        func store(_ account: inout Account) {
            account.name = account.name ?? name
            account.first = min(account.first, day)
            account.last = max(account.last, day)
            account.revenue = clientTotals.revenue
            account.costedRevenue = clientTotals.costedRevenue
            account.cost = clientTotals.cost
            account.profit = clientTotals.profit
            account.costed = clientTotals.costed
            if let yearSlot { account.years[yearSlot].totals = yearTotals } else { account.years.append((year, yearTotals)) }
            if let totals = standardTotals {
                account.standardAmount = totals.amount
                account.standard = totals.value
                account.hasStandard = true
            }
            if let totals = collectedTotals {
                account.collectedAmount = totals.amount
                account.collected = totals.value
                account.hasCollected = true
            }
            if area >= 0 && !account.practiceAreas.contains(area) { account.practiceAreas.append(area) }
        }
        store(&accounts[slot])
    }

    /// Every client's history, in order of first appearance, with the cohort table.
    public func history() -> ValueHistory {
        let asOf = self.asOf ?? Day(daysSince1970: latest == .min ? 0 : latest)
        func ratio(_ a: Int64, _ b: Int64) -> Double? { b != 0 ? Double(a) / Double(b) : nil }
        var clients: [ClientValueHistory] = []
        var allYears = Set<Int>()
        var anyCost = false
        // Each year's label made once (a file spans a handful of years), not once per client.
        var labels: [(ordinal: Int, label: String)] = []
        func label(_ ordinal: Int) -> String {
            if let known = labels.last(where: { $0.ordinal == ordinal }) { return known.label }
            let made = Period(ordinal: ordinal, calendar: calendar).label
            labels.append((ordinal, made))
            return made
        }
        for account in accounts {
            let tenure = Double(asOf.daysSince1970 - account.first) / 365.2425
            let years = account.years.sorted { $0.ordinal < $1.ordinal }.map { ordinal, t -> ClientYear in
                ClientYear(year: label(ordinal), revenue: Money(minorUnits: t.revenue),
                                  cost: t.costed ? Money(minorUnits: t.cost) : nil,
                                  profit: t.costed ? Money(minorUnits: t.profit) : nil,
                                  margin: t.costed ? ratio(t.profit, t.costedRevenue) : nil)
            }
            for (ordinal, _) in account.years { allYears.insert(ordinal) }
            anyCost = anyCost || account.costed
            clients.append(ClientValueHistory(
                clientID: account.id, clientName: account.name,
                firstInvoice: Day(daysSince1970: account.first), lastInvoice: Day(daysSince1970: account.last),
                tenureYears: tenure, revenue: Money(minorUnits: account.revenue),
                cost: account.costed ? Money(minorUnits: account.cost) : nil,
                profit: account.costed ? Money(minorUnits: account.profit) : nil,
                margin: account.costed ? ratio(account.profit, account.costedRevenue) : nil,
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
            // Cannot overflow: a cell sums some of its year's lines, and the year's invoices
            // and credit notes were each checked to fit (see ``update``).
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
        return ValueHistory(asOf: asOf, clients: clients, cohorts: cohorts, revenue: Money(minorUnits: firm.revenue),
                            cost: anyCost ? Money(minorUnits: firm.cost) : nil,
                            profit: anyCost ? Money(minorUnits: firm.profit) : nil,
                            margin: anyCost ? ratio(firm.profit, firm.costedRevenue) : nil,
                            linesAfterAsOf: linesAfterAsOf)
    }
}
