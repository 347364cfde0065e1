extension NPSAnalysis: RenderableResult {
    /// The analysis as the `nps` command prints it: the level, as-of date and intervals; the
    /// scores of the whole and of every group; the comparison; the critical incidents and
    /// the follow-up list.
    ///
    /// - Parameter options: how many incidents and follow-ups to list (the headings give the
    ///   totals) and the decimals of scores and intervals (1 by default).
    /// - Returns: the sections, titled `Net Promoter Score`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        var facts = [ResultFact(label: "Level", value: Self.levelDescription(level))]
        var asOfText = asOf.description
        if responsesAfterAsOf > 0 {
            asOfText += " (\(NumberText.grouped(responsesAfterAsOf)) later \(responsesAfterAsOf == 1 ? "response" : "responses") left out)"
        }
        facts.append(ResultFact(label: "As of", value: asOfText))
        if let window = billingWindow {
            facts.append(ResultFact(label: "Billing", value: "trailing 12 months \(window.lowerBound) to \(window.upperBound)"))
        }
        if level == .revenueWeighted {
            facts.append(ResultFact(label: "Left out", value: "\(NumberText.grouped(clientsWithoutBilling)) surveyed clients with no positive billing in the window"))
        }
        var intervals = "\(confidenceText) Wald, and adjusted Wald (Rocks 2016: +3 pseudo-responses), which behaves for small groups"
        if level == .revenueWeighted { intervals += "; n is the effective sample size" }
        if overall.bootstrap != nil { intervals += "; bootstrap percentile" }
        facts.append(ResultFact(label: "Intervals", value: intervals))
        var sections = [ResultSection(title: "Net Promoter Score", facts: facts)]

        var scores = ResultSection(title: "Scores (NPS in points, -100 to 100)", blocks: [.table(scoreTable(places: options.places(1)))])
        if !groupsWithoutBilledClients.isEmpty {
            scores.blocks.append(.paragraph("Left out, no billed client: " + groupsWithoutBilledClients.joined(separator: ", ")))
        }
        sections.append(scores)
        if let comparison {
            let difference = comparison.difference
            sections.append(ResultSection(title: "Comparison", blocks: [.list([
                "\(comparison.column) = \(comparison.first): NPS \(NumberText.fixed(comparison.firstNPS.score, places: 1)) (n = \(comparison.firstNPS.responses))",
                "\(comparison.column) = \(comparison.second): NPS \(NumberText.fixed(comparison.secondNPS.score, places: 1)) (n = \(comparison.secondNPS.responses))",
                "Difference \(NumberText.fixed(difference.difference, places: 1)) points, SE \(NumberText.fixed(difference.standardError, places: 2)), "
                    + "z = \(NumberText.fixed(difference.z, places: 3)), p = \(NumberText.fixed(difference.pValue, places: 4)), "
                    + "\(confidenceText) CI \(NumberText.fixed(difference.interval.lower, places: 1)) to \(NumberText.fixed(difference.interval.upper, places: 1))",
            ])]))
        }
        let window = recentStart.map { "since \($0)" } ?? "all dates"
        let drop = NumberText.fixed(incidentDrop, places: incidentDrop.rounded() == incidentDrop ? 0 : 1)
        sections.append(ResultSection(
            title: "Critical incidents: score fell by \(drop) points or more, \(window) (\(Self.count(incidents.count, options)))",
            blocks: [incidents.isEmpty ? .paragraph("None.") : .table(incidentTable(options))]))
        let who = followUpPassives ? "detractors and passives" : "detractors"
        sections.append(ResultSection(
            title: "Follow up: \(who), latest answer of each respondent, \(window) (\(Self.count(followUp.count, options)))",
            blocks: [followUp.isEmpty ? .paragraph("None.") : .table(followUpTable(options))]))
        return sections
    }

    /// The overall score and every group's, one row each, with counts, standard error,
    /// Wald and adjusted Wald intervals, and the bootstrap interval and the change from the
    /// previous period when there are any.
    ///
    /// - Parameter options: the decimals of scores and intervals (4 by default; the standard
    ///   error gets one more). The limit does not apply: every group is listed.
    /// - Returns: the score table, `overall` first.
    public func primaryTable(options: RenderOptions) -> TextTable {
        scoreTable(places: options.places(4))
    }

    // MARK: Tables

    /// The overall score and every group, one row each.
    /// - Parameter places: decimals for scores and intervals (the standard error gets one more).
    private func scoreTable(places: Int) -> TextTable {
        let hasBootstrap = overall.bootstrap != nil
        let hasTrend = groups.contains { $0.change != nil }
        var columns = ["group", "responses", "promoters", "passives", "detractors", "nps", "standard_error",
                       "ci_low", "ci_high", "adjusted_low", "adjusted_high"]
        if hasBootstrap { columns += ["bootstrap_low", "bootstrap_high"] }
        if hasTrend { columns += ["change", "change_p_value"] }
        var table = TextTable(columns: columns, alignments: [.left] + Array(repeating: .right, count: columns.count - 1))
        func number(_ value: Double, _ extra: Int = 0) -> String { NumberText.fixed(value, places: places + extra) }
        func row(_ key: String, _ nps: NetPromoterScore, _ change: NPSComparison?) -> [String] {
            var cells = [key, String(nps.responses), String(nps.promoters), String(nps.passives), String(nps.detractors),
                         number(nps.score), number(nps.standardError, 1), number(nps.wald.lower), number(nps.wald.upper),
                         number(nps.adjustedWald.lower), number(nps.adjustedWald.upper)]
            if hasBootstrap { cells += [nps.bootstrap.map { number($0.lower) } ?? "", nps.bootstrap.map { number($0.upper) } ?? ""] }
            if hasTrend {
                cells += [change.map { (($0.difference > 0) ? "+" : "") + number($0.difference) } ?? "",
                          change.map { NumberText.fixed($0.pValue, places: 4) } ?? ""]
            }
            return cells
        }
        table.append(row("overall", overall, nil))
        for group in groups { table.append(row(group.key, group.nps, group.change)) }
        return table
    }

    private func incidentTable(_ options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["client_id", "respondent", "previous_date", "previous_score", "date", "score", "drop", "trailing_billing"],
                              alignments: [.left, .left, .left, .right, .left, .right, .right, .right])
        for incident in options.limited(incidents) {
            let places = incident.subject == .client ? 1 : 0
            table.append([incident.clientID, incident.respondent ?? (incident.period.map { "(client, \(incident.previousPeriod ?? "") → \($0))" } ?? ""),
                          incident.previousDate.description, NumberText.fixed(incident.previousScore, places: places),
                          incident.date.description, NumberText.fixed(incident.score, places: places),
                          NumberText.fixed(incident.drop, places: places), incident.trailingBilling?.description ?? ""])
        }
        return table
    }

    private func followUpTable(_ options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["client_id", "respondent", "date", "score", "partner", "trailing_billing", "comment"],
                              alignments: [.left, .left, .left, .right, .left, .right, .left])
        for item in options.limited(followUp) {
            table.append([item.clientID, item.respondent ?? "", item.date.description, String(item.score), item.partner ?? "",
                          item.trailingBilling?.description ?? "", String((item.comment ?? "").prefix(60))])
        }
        return table
    }

    // MARK: Wording

    private static func levelDescription(_ level: NPSLevel) -> String {
        switch level {
        case .respondent: "respondent level: every response counts"
        case .client: "client level: each client counts once, from its mean score"
        case .revenueWeighted: "revenue-weighted: each client once, weighted by trailing-12-month billing"
        }
    }

    /// The confidence level as a percentage: `95%`, `97.5%`.
    private var confidenceText: String {
        let level = overall.confidence * 100
        return NumberText.fixed(level, places: level.rounded() == level ? 0 : 1) + "%"
    }

    /// `25`, or `first 20 of 25` when the limit cuts the list.
    private static func count(_ total: Int, _ options: RenderOptions) -> String {
        options.cuts(total) ? "first \(options.limit) of \(NumberText.grouped(total))" : NumberText.grouped(total)
    }
}
