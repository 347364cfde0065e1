/// Simulates clients one at a time and writes their rows, reusing its buffers.
struct SampleSimulation {
    struct InvoiceLine {
        var day: Int
        var order: Int
        /// Lines with the same group share an invoice id; -1 marks a credit note.
        var group: Int
        var partner: Int
        var amount: Int64
        var cost: Int64
        var collected: Int64
        var standardValue: Int64
    }

    struct Response {
        var day: Int
        var order: Int
        var respondent: Int
        var score: Int
        /// Year index of the annual wave, or -1 for a transactional survey.
        var survey: Int
        /// Index into the band's comments, or -1 for none.
        var comment: Int
        var band: Int
    }

    let context: SampleContext
    let billing: CSVWriter
    let surveys: CSVWriter
    let contacts: CSVWriter
    let wallet: CSVWriter
    var summary = SampleSummary()

    private let dayCount: Int
    private var invoiceNumber = 0
    private var creditNoteNumber = 0
    private var lines: [InvoiceLine] = []
    private var responses: [Response] = []
    private var occasionDays: [Int] = []
    private var revenueByYear: [Int64]
    private var row: [UInt8] = []

    init(context: SampleContext, billing: CSVWriter, surveys: CSVWriter, contacts: CSVWriter, wallet: CSVWriter) {
        self.context = context
        self.billing = billing
        self.surveys = surveys
        self.contacts = contacts
        self.wallet = wallet
        dayCount = context.calendar.dayCount
        revenueByYear = Array(repeating: 0, count: context.calendar.years)
        row.reserveCapacity(512)
    }

    /// Draws client `index` and writes its rows to all four files.
    mutating func simulateClient(_ index: Int) throws(OutputError) {
        var root = SplitMix64(seed: SplitMix64.mix(context.seed ^ SplitMix64.mix(UInt64(index) &+ 1)))
        var profileRandom = SplitMix64(seed: root.next())
        var billingRandom = SplitMix64(seed: root.next())
        var surveyRandom = SplitMix64(seed: root.next())
        var contactRandom = SplitMix64(seed: root.next())
        var walletRandom = SplitMix64(seed: root.next())

        var client = try makeClient(index, &profileRandom)
        let activity = simulateBilling(client, &billingRandom)
        writeBilling(client)
        if activity.churned { client.scoreMean -= 0.7 }
        simulateSurveys(client, lastPurchase: activity.lastPurchase, &surveyRandom)
        writeSurveys(client)
        writeContacts(client, lastPurchase: activity.lastPurchase, churned: activity.churned, &contactRandom)
        writeWallet(client, &walletRandom)
    }

    // MARK: - Client profile

    private func makeClient(_ index: Int, _ random: inout SplitMix64) throws(OutputError) -> SampleClient {
        var client = SampleClient()
        client.id = [UInt8(ascii: "C")]
        SampleFormat.appendPadded(index + 1, width: 5, to: &client.id)
        client.name = SampleGenerator.encodedField(SampleGenerator.clientName(&random))
        client.isProspect = random.chance(0.03)

        let z = random.normal()
        client.size = SampleMath.exp(0.9 * z)
        client.contactRate = 12 * SampleMath.exp(0.55 * z + 0.5 * random.normal())
        client.scoreMean = 8.3 + 1.1 * SampleMath.log(client.contactRate / 12) + 0.9 * random.normal()

        let primary = random.pick(weights: SampleGenerator.partnerWeights)
        client.partners = [primary]
        var partnerCount = 1
        let morePartners = min(0.7, 0.2 * SampleMath.pow(client.size, 0.6))
        for _ in 0..<3 where random.chance(morePartners) { partnerCount += 1 }
        while client.partners.count < partnerCount {
            let candidate = random.pick(weights: SampleGenerator.partnerWeights)
            if !client.partners.contains(candidate) { client.partners.append(candidate) }
        }
        client.office = context.partnerOffice[primary]

        client.meanSpend = random.gamma(shape: 2, scale: 1500) * SampleMath.pow(client.size, 0.8)
        client.margin = random.uniform(0.2 ..< 0.5)
        client.realisation = random.uniform(0.82 ..< 0.99)
        client.fixedFeeShare = random.uniform(0 ..< 0.5)
        let purchasesPerYear = min(max(random.gamma(shape: 1.5, scale: 8), 0.05), 60)
        client.purchasesPerDay = purchasesPerYear / 365.25
        client.dropout = random.beta(1.2, 18)
        // More clients start early: the firm's existing book plus new clients later on.
        let start = Int(Double(dayCount) * SampleMath.pow(random.openUnit(), 1.8))
        client.firstDay = min(max(start, 0), dayCount - 1)

        client.surveyed = !client.isProspect && random.chance(0.62)
        if client.surveyed {
            var count = 1
            let moreRespondents = min(0.7, 0.35 * client.size.squareRoot())
            for _ in 0..<3 where random.chance(moreRespondents) { count += 1 }
            var names: [String] = []
            while names.count < count {
                let name = SampleGenerator.personName(&random)
                if names.contains(name) { continue }
                names.append(name)
                client.respondentNames.append(SampleGenerator.encodedField(name))
                client.respondentPartners.append(names.count == 1 ? primary : random.element(of: client.partners))
                client.respondentOffsets.append(0.6 * random.normal())
            }
        }
        return client
    }

    // MARK: - Billing

    /// Runs the client's purchase process, filling `lines` (sorted by date),
    /// `occasionDays` and `revenueByYear`.
    private mutating func simulateBilling(_ client: SampleClient, _ random: inout SplitMix64)
        -> (lastPurchase: Int, churned: Bool) {
        lines.removeAll(keepingCapacity: true)
        occasionDays.removeAll(keepingCapacity: true)
        for y in revenueByYear.indices { revenueByYear[y] = 0 }
        guard !client.isProspect else { return (-1, false) }

        var time = Double(client.firstDay)
        var lastPurchase = client.firstDay
        var churned = false
        var group = 0
        let meanGap = 1 / client.purchasesPerDay
        while true {
            let day = Int(time)
            if day >= dayCount { break }
            addOccasion(client, day: day, group: &group, &random)
            lastPurchase = day
            if random.chance(client.dropout) {
                churned = true
                break
            }
            time += random.exponential(mean: meanGap)
        }
        sortLines()
        return (lastPurchase, churned)
    }

    /// One purchase occasion: one or more lines on the same day, mostly on one invoice,
    /// and sometimes a later credit note against one of them.
    private mutating func addOccasion(_ client: SampleClient, day: Int, group: inout Int, _ random: inout SplitMix64) {
        occasionDays.append(day)
        let firstLine = lines.count
        let oneInvoice = random.chance(0.8)
        group += 1
        let lead = random.chance(0.6) ? client.partners[0] : random.element(of: client.partners)
        addLine(client, day: day, group: group, partner: lead, &random)
        for partner in client.partners.dropFirst() where partner != lead && random.chance(0.25) {
            if !oneInvoice { group += 1 }
            addLine(client, day: day, group: group, partner: partner, &random)
        }
        if random.chance(0.1) {
            if !oneInvoice { group += 1 }
            addLine(client, day: day, group: group, partner: lead, &random)
        }
        for i in firstLine..<lines.count where lines[i].amount > 0 && random.chance(0.02) {
            let creditDay = day + random.uniform(7...75)
            guard creditDay < dayCount else { continue }
            let fraction = random.element(of: [0.1, 0.25, 0.5, 1.0])
            let credit = min(lines[i].amount, max(5_000, Int64((Double(lines[i].amount) * fraction).rounded())))
            appendLine(InvoiceLine(day: creditDay, order: lines.count, group: -1, partner: lines[i].partner,
                                   amount: -credit, cost: 0, collected: -credit, standardValue: 0))
        }
    }

    private mutating func addLine(_ client: SampleClient, day: Int, group: Int, partner: Int, _ random: inout SplitMix64) {
        let target = min(client.meanSpend * random.lognormalFactor(sigma: 0.6), 2_000_000)  // dollars
        let rate = Double(SampleGenerator.hourlyRates[context.partnerArea[partner]])
        let realisation = min(max(client.realisation + 0.04 * random.normal(), 0.6), 1.08)
        var amount: Int64
        var standard: Int64
        var cost: Int64
        var collected: Int64
        if random.chance(0.006) {
            // Written off: the work was done, nothing billed.
            let tenths = max(1, (target / rate * 10).rounded())
            standard = Int64(tenths * rate * 10)
            amount = 0
            cost = Int64((Double(standard) * 0.55).rounded())
            collected = 0
        } else {
            if random.chance(client.fixedFeeShare) {
                amount = Int64(max(1, (target / 50).rounded())) * 5_000
                standard = Int64((Double(amount) / realisation).rounded())
            } else {
                let tenths = max(1, (target / (rate * realisation) * 10).rounded())
                standard = Int64(tenths * rate * 10)
                amount = Int64((Double(standard) * realisation).rounded())
            }
            let margin = min(max(client.margin + 0.06 * random.normal(), -0.15), 0.75)
            cost = Int64((Double(amount) * (1 - margin)).rounded())
            let u = random.nextDouble()
            let recent = dayCount - 1 - day < 45
            let (unpaid, partial) = recent ? (0.45, 0.65) : (0.015, 0.08)
            if u < unpaid {
                collected = 0
            } else if u < partial {
                collected = Int64((Double(amount) * random.uniform(0.4 ..< 0.95)).rounded())
            } else {
                collected = amount
            }
        }
        appendLine(InvoiceLine(day: day, order: lines.count, group: group, partner: partner, amount: amount,
                               cost: cost, collected: collected, standardValue: standard))
    }

    private mutating func appendLine(_ line: InvoiceLine) {
        lines.append(line)
        revenueByYear[Int(context.calendar.yearOfDay[line.day])] += line.amount
    }

    /// Insertion sort by (day, order): the lines are almost sorted already (only credit
    /// notes come early), and the order is the same on every platform.
    private mutating func sortLines() {
        guard lines.count > 1 else { return }
        for i in 1..<lines.count {
            let line = lines[i]
            var j = i
            while j > 0 && (lines[j - 1].day > line.day || (lines[j - 1].day == line.day && lines[j - 1].order > line.order)) {
                lines[j] = lines[j - 1]
                j -= 1
            }
            lines[j] = line
        }
    }

    private mutating func writeBilling(_ client: SampleClient) {
        let calendar = context.calendar
        var lastGroup = 0
        for line in lines {
            row.removeAll(keepingCapacity: true)
            if line.group < 0 {
                creditNoteNumber += 1
                row.append(contentsOf: "CN-".utf8)
                SampleFormat.appendPadded(creditNoteNumber, width: 7, to: &row)
            } else {
                if line.group != lastGroup {
                    invoiceNumber += 1
                    lastGroup = line.group
                }
                row.append(contentsOf: "INV-".utf8)
                SampleFormat.appendPadded(invoiceNumber, width: 7, to: &row)
            }
            row.append(comma)
            row.append(contentsOf: client.id)
            row.append(comma)
            row.append(contentsOf: client.name)
            row.append(comma)
            calendar.appendDate(line.day, to: &row)
            row.append(comma)
            SampleFormat.appendCents(line.amount, to: &row)
            row.append(comma)
            SampleFormat.appendCents(line.cost, to: &row)
            row.append(comma)
            SampleFormat.appendCents(line.collected, to: &row)
            row.append(comma)
            SampleFormat.appendCents(line.standardValue, to: &row)
            row.append(comma)
            row.append(contentsOf: context.currency)
            row.append(comma)
            row.append(contentsOf: context.practiceAreas[context.partnerArea[line.partner]])
            row.append(comma)
            row.append(contentsOf: context.partnerNames[line.partner])
            row.append(comma)
            row.append(contentsOf: context.offices[client.office])
            row.append(newline)
            billing.writeRaw(row)
        }
        summary.billingLines += lines.count
    }

    // MARK: - Surveys

    private mutating func simulateSurveys(_ client: SampleClient, lastPurchase: Int, _ random: inout SplitMix64) {
        responses.removeAll(keepingCapacity: true)
        guard client.surveyed, !lines.isEmpty else { return }
        let calendar = context.calendar
        for year in 0..<calendar.years {
            // Fielded 1 October to 29 November to clients active in the past year.
            let waveStart = calendar.firstOfMonth(year: year, month: 10)
            guard client.firstDay <= waveStart && lastPurchase >= waveStart - 365 else { continue }
            for respondent in client.respondentNames.indices where random.chance(0.8) {
                addResponse(client, day: waveStart + random.uniform(0...59), respondent: respondent, survey: year, &random)
            }
        }
        for day in occasionDays where random.chance(0.06) {
            let responseDay = day + random.uniform(7...40)
            guard responseDay < dayCount else { continue }
            let respondent = random.uniform(0...(client.respondentNames.count - 1))
            addResponse(client, day: responseDay, respondent: respondent, survey: -1, &random)
        }
        if responses.isEmpty {
            let responseDay = min(dayCount - 1, client.firstDay + random.uniform(7...40))
            addResponse(client, day: responseDay, respondent: 0, survey: -1, &random)
        }
        sortResponses()
    }

    private mutating func addResponse(_ client: SampleClient, day: Int, respondent: Int, survey: Int,
                                      _ random: inout SplitMix64) {
        var value = client.scoreMean + client.respondentOffsets[respondent] + 1.2 * random.normal()
        if random.chance(0.03) { value -= random.uniform(3 ..< 5.5) }  // a critical incident
        let score = Int(min(max(value.rounded(), 0), 10))
        let band = score >= 9 ? 0 : score >= 7 ? 1 : 2
        let comment = random.chance(0.35) ? random.uniform(0...(context.comments[band].count - 1)) : -1
        responses.append(Response(day: day, order: responses.count, respondent: respondent, score: score,
                                  survey: survey, comment: comment, band: band))
    }

    private mutating func sortResponses() {
        guard responses.count > 1 else { return }
        for i in 1..<responses.count {
            let response = responses[i]
            var j = i
            while j > 0 && (responses[j - 1].day > response.day
                || (responses[j - 1].day == response.day && responses[j - 1].order > response.order)) {
                responses[j] = responses[j - 1]
                j -= 1
            }
            responses[j] = response
        }
    }

    private mutating func writeSurveys(_ client: SampleClient) {
        for response in responses {
            row.removeAll(keepingCapacity: true)
            row.append(contentsOf: client.id)
            row.append(comma)
            row.append(contentsOf: client.respondentNames[response.respondent])
            row.append(comma)
            context.calendar.appendDate(response.day, to: &row)
            row.append(comma)
            SampleFormat.appendInt(response.score, to: &row)
            row.append(comma)
            row.append(contentsOf: response.survey < 0 ? context.transactionalSurvey : context.annualSurveys[response.survey])
            row.append(comma)
            row.append(contentsOf: context.partnerNames[client.respondentPartners[response.respondent]])
            row.append(comma)
            if response.comment >= 0 { row.append(contentsOf: context.comments[response.band][response.comment]) }
            row.append(newline)
            surveys.writeRaw(row)
        }
        summary.surveyResponses += responses.count
    }

    // MARK: - Contacts

    /// Contacts from a little before the first invoice until a few months after the last
    /// (or the end of the period), at the client's rate with year-to-year variation.
    private mutating func writeContacts(_ client: SampleClient, lastPurchase: Int, churned: Bool,
                                        _ random: inout SplitMix64) {
        let calendar = context.calendar
        var start: Int
        var end = dayCount - 1
        var rate = client.contactRate
        if client.isProspect {
            start = Int(Double(dayCount) * random.uniform(0.4 ..< 0.95))
            rate *= 0.5
        } else {
            start = max(0, client.firstDay - Int(random.exponential(mean: 45)))
            if churned { end = min(end, lastPurchase + Int(min(random.exponential(mean: 150), 3650))) }
        }
        start = min(start, end)
        var count = 0
        for year in Int(calendar.yearOfDay[start])...Int(calendar.yearOfDay[end]) {
            let segmentStart = max(start, calendar.yearStarts[year])
            let segmentEnd = min(end, calendar.yearStarts[year + 1] - 1)
            let meanGap = 365.25 / (rate * random.lognormalFactor(sigma: 0.3))
            var time = Double(segmentStart) + random.exponential(mean: meanGap)
            while time < Double(segmentEnd + 1) {
                writeContact(client, day: Int(time), &random)
                count += 1
                time += random.exponential(mean: meanGap)
            }
        }
        summary.contacts += count
    }

    private mutating func writeContact(_ client: SampleClient, day: Int, _ random: inout SplitMix64) {
        let channel = random.pick(weights: SampleGenerator.channelWeights)
        let partner = random.chance(0.65) ? client.partners[0] : random.element(of: client.partners)
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: client.id)
        row.append(comma)
        context.calendar.appendDate(day, to: &row)
        row.append(comma)
        row.append(contentsOf: context.channels[channel])
        row.append(comma)
        row.append(contentsOf: context.partnerNames[partner])
        row.append(comma)
        switch channel {
        case 0: SampleFormat.appendInt(15 * random.uniform(2...8), to: &row)   // meeting, 30–120
        case 1: SampleFormat.appendInt(5 * random.uniform(1...12), to: &row)   // call, 5–60
        case 3: SampleFormat.appendInt(30 * random.uniform(2...8), to: &row)   // event, 60–240
        case 4: SampleFormat.appendInt(15 * random.uniform(4...8), to: &row)   // lunch, 60–120
        default: break                                                         // email: no duration
        }
        row.append(newline)
        contacts.writeRaw(row)
    }

    // MARK: - Wallet

    /// For some of the years the client was billed: the client's total spend on such
    /// services (usually more than it paid the firm), the share it reports, the firm's
    /// rank among its providers. Shares follow the Wallet Allocation Rule with noise.
    private mutating func writeWallet(_ client: SampleClient, _ random: inout SplitMix64) {
        guard !client.isProspect else { return }
        let calendar = context.calendar
        let keyAccount = 0.25 + 0.3 * min(1, client.size / 2)
        let strength = min(max((client.scoreMean - 5) / 5, 0), 1)
        for year in 0..<calendar.years where revenueByYear[year] > 0 && random.chance(keyAccount) {
            let revenue = Double(revenueByYear[year]) / 100
            let providers = 1 + random.pick(weights: [5, 15, 25, 25, 18, 12])
            let rank = min(providers, 1 + Int(Double(providers) * SampleMath.pow(random.openUnit(), 1 + 2 * strength)))
            var share: Double
            if providers == 1 {
                share = random.uniform(0.85 ..< 1)
            } else {
                let expected = (1 - Double(rank) / Double(providers + 1)) * 2 / Double(providers)
                share = min(max(expected * random.lognormalFactor(sigma: 0.25), 0.02), 0.98)
            }
            var estimate = revenue / share
            if random.chance(0.05) { estimate = revenue * random.uniform(0.7 ..< 0.97) }  // an underestimate
            let step = estimate >= 10_000 ? 1_000.0 : 100.0
            let roundedEstimate = Int64(max(100, (estimate / step).rounded() * step))
            let onlyReported = random.chance(0.05)
            let reported = onlyReported || random.chance(0.5)
            let reportedShare = min(max((share * random.lognormalFactor(sigma: 0.15) * 20).rounded() * 5, 5), 100)

            row.removeAll(keepingCapacity: true)
            row.append(contentsOf: client.id)
            row.append(comma)
            SampleFormat.appendInt(calendar.startYear + year, to: &row)
            row.append(comma)
            if !onlyReported { SampleFormat.appendInt(roundedEstimate, to: &row) }
            row.append(comma)
            if reported {
                SampleFormat.appendInt(Int64(reportedShare), to: &row)
                row.append(UInt8(ascii: "%"))
            }
            row.append(comma)
            SampleFormat.appendInt(rank, to: &row)
            row.append(comma)
            SampleFormat.appendInt(providers, to: &row)
            row.append(newline)
            wallet.writeRaw(row)
            summary.walletRows += 1
        }
    }
}

private let comma = UInt8(ascii: ",")
private let newline = UInt8(ascii: "\n")
