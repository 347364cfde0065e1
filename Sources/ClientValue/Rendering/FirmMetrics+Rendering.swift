extension FirmMetrics: RenderableResult {
    /// The metrics as the `firm` command prints them: revenue concentration (top shares, HHI,
    /// Gini, ABC), the Pareto curve, realisation and collection by partner, practice area
    /// and year, and the clients by revenue.
    ///
    /// - Parameter options: how many clients to list.
    /// - Returns: the sections, titled `Firm metrics`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        let c = concentration
        let facts = [
            ResultFact(label: "Revenue", value: "\(c.revenue) from \(NumberText.grouped(c.clients)) clients with positive revenue"
                       + (c.clientsWithoutRevenue > 0 ? " (\(NumberText.grouped(c.clientsWithoutRevenue)) at zero or below left out)" : "")),
            ResultFact(label: "Top shares", value: c.topShares.map { "top \($0.clients) \(NumberText.percent($0.share))" }.joined(separator: ", ")),
            ResultFact(label: "HHI", value: NumberText.fixed(c.hhi, places: 1) + " (0 to 10,000)"),
            ResultFact(label: "Gini", value: NumberText.fixed(c.gini, places: 4)),
            ResultFact(label: "ABC", value: c.abc.map { "\($0.name): \(NumberText.grouped($0.clients)) clients, \(NumberText.percent($0.share))" }.joined(separator: "; ")
                       + " (thresholds \(NumberText.fixed(c.thresholds.a * 100, places: 0))% and \(NumberText.fixed(c.thresholds.b * 100, places: 0))%)"),
        ]
        var pareto = TextTable(columns: ["top_clients", "revenue_share"], alignments: [.right, .right])
        for point in c.pareto { pareto.append([NumberText.percent(point.clientShare), NumberText.percent(point.revenueShare)]) }
        return [ResultSection(title: "Firm metrics", facts: facts),
                ResultSection(title: "Pareto curve: revenue share of the top clients", blocks: [.table(pareto)]),
                ResultSection(title: "By partner", blocks: [.table(Self.rateTable(byPartner, key: "partner"))]),
                ResultSection(title: "By practice area", blocks: [.table(Self.rateTable(byPracticeArea, key: "practice_area"))]),
                ResultSection(title: "By year", blocks: [.table(Self.rateTable(byYear, key: "year"))]),
                ResultSection(title: "Clients by revenue" + options.firstOf(byClient.count), blocks: [.table(primaryTable(options: options))])]
    }

    /// The clients by revenue: revenue, realisation, collection and ABC class.
    ///
    /// - Parameter options: how many clients to list.
    /// - Returns: the client table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        Self.rateTable(Array(options.limited(byClient)), key: "client_id", classes: concentration.classOfClient)
    }

    private static func rateTable(_ groups: [RateGroup], key: String, classes: [String: String]? = nil) -> TextTable {
        var columns = [key, "revenue", "realisation", "collection"]
        if classes != nil { columns.append("abc") }
        var table = TextTable(columns: columns, alignments: [.left, .right, .right, .right, .left])
        for group in groups {
            var row = [group.key, group.revenue.description, NumberText.percent(group.realisation), NumberText.percent(group.collection)]
            if let classes { row.append(classes[group.key] ?? "") }
            table.append(row)
        }
        return table
    }
}
