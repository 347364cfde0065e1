extension Segmentation: RenderableResult {
    /// The segmentation as the `segment` command prints it: the as-of date, the inputs that
    /// were missing, the segments with their clients and value share, and the focus list.
    ///
    /// - Parameter options: how many clients of the focus list to show.
    /// - Returns: the sections, titled `Client segments`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        var facts = [ResultFact(label: "As of", value: asOf.description)]
        if !notAvailable.isEmpty { facts.append(ResultFact(label: "Missing", value: notAvailable.joined(separator: ", "))) }
        var segmentTable = TextTable(columns: ["segment", "clients", "value_share"], alignments: [.left, .right, .right])
        for s in segments {
            segmentTable.append([s.segment, String(s.clients), NumberText.fixed(s.valueShare * 100, places: 1) + "%"])
        }
        let listed = options.limited(focus)
        var focusTable = TextTable(columns: ["client_id", "segment", "action", "stage", "priority", "reasons"],
                                   alignments: [.left, .left, .left, .left, .right, .left])
        for c in listed {
            focusTable.append([c.clientID, c.segment, c.action, c.stage?.rawValue ?? "", NumberText.fixed(c.priority, places: 0), c.reasons.joined(separator: "; ")])
        }
        return [ResultSection(title: "Client segments", facts: facts),
                ResultSection(title: "Segments", blocks: [.table(segmentTable)]),
                ResultSection(title: "Focus list" + (listed.count < focus.count ? " (first \(listed.count) of \(focus.count))" : "") + ": priority = value × risk",
                              blocks: [.table(focusTable)])]
    }

    /// Every client, by client id: value tier and value, loyalty, segment and action, stage,
    /// breadth, key-person risk, contacts, P(alive), priority and reasons.
    ///
    /// - Parameter options: not used: the limit cuts the focus list, and this table lists
    ///   every client.
    /// - Returns: the client table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        var table = TextTable(columns: ["client_id", "value_tier", "value", "loyalty", "segment", "action", "stage", "partners", "practice_areas",
                                        "key_person_risk", "key_person", "contacts_12m", "p_alive", "priority", "reasons"])
        for c in clients {
            table.append([c.clientID, c.valueTier, NumberText.fixed(c.value, places: 2), c.loyalty, c.segment, c.action, c.stage?.rawValue ?? "",
                          c.partners.map(String.init) ?? "", c.practiceAreas.map(String.init) ?? "", c.keyPersonRisk ? "yes" : "no", c.keyPerson ?? "",
                          c.contacts12m.map(String.init) ?? "", c.probabilityAlive.map { NumberText.fixed($0, places: 3) } ?? "",
                          NumberText.fixed(c.priority, places: 2), c.reasons.joined(separator: "; ")])
        }
        return table
    }
}
