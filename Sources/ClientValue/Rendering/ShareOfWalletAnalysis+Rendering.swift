extension ShareOfWalletAnalysis: RenderableResult {
    /// The analysis as the `wallet` command prints it: the totals, headroom by partner and by
    /// practice area, the largest shortfalls against the Wallet Allocation Rule, and the
    /// shares by headroom.
    ///
    /// - Parameter options: how many shares to list; with a limit, the shares with the most
    ///   headroom come first.
    /// - Returns: the sections, titled `Share of wallet`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        var sections = [ResultSection(title: "Share of wallet", facts: [
            ResultFact(label: "Total", value: "revenue \(revenue), wallet \(wallet), headroom \(headroom) (client-years with an estimate)"),
            ResultFact(label: "Over 100%", value: "\(overWallet) client-years billed above their wallet estimate (estimate too low)"),
        ])]
        for (name, groups) in [("partner", byPartner), ("practice area", byPracticeArea)] {
            sections.append(ResultSection(title: "Headroom by \(name) (each client-year credited to its main \(name))",
                                          blocks: [.table(Self.headroomTable(groups, key: name == "partner" ? "partner" : "practice_area"))]))
        }
        sections.append(ResultSection(title: "Largest shortfalls against the Wallet Allocation Rule",
                                      blocks: [largestShortfalls.isEmpty ? .paragraph("None (no rank and providers given).") : .table(Self.shareTable(largestShortfalls))]))
        sections.append(ResultSection(title: "Shares by headroom" + options.firstOf(shares.count), blocks: [.table(primaryTable(options: options))]))
        return sections
    }

    /// The shares of wallet, one row per client-year: revenue, wallet, share and its source,
    /// rank, the expected share and the gap to it, headroom, partner and flag.
    ///
    /// - Parameter options: how many shares to list; with a limit, those with the most
    ///   headroom, else every share in the wallet file's order.
    /// - Returns: the share table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        Self.shareTable(listedShares(limit: options.limit))
    }

    /// Every share in the wallet file's order, or with a limit the `limit` with the most
    /// headroom.
    package func listedShares(limit: Int) -> [WalletShare] {
        limit > 0 ? Array(shares.sorted { ($0.headroom ?? .zero) > ($1.headroom ?? .zero) }.prefix(limit)) : shares
    }

    private static func shareTable(_ shares: [WalletShare]) -> TextTable {
        var table = TextTable(columns: ["client_id", "year", "revenue", "wallet", "share", "source", "rank", "expected_share", "gap", "headroom", "partner", "flag"],
                              alignments: [.left, .right, .right, .right, .right, .left, .right, .right, .right, .right, .left, .left])
        for s in shares {
            table.append([s.clientID, String(s.year), s.revenue.description, s.wallet?.description ?? "", NumberText.percent(s.share), s.source?.rawValue ?? "",
                          s.rank.map { r in s.providers.map { "\(r) of \($0)" } ?? String(r) } ?? "", NumberText.percent(s.expectedShare),
                          s.gap.map { NumberText.fixed($0 * 100, places: 1) + " pts" } ?? "", s.headroom?.description ?? "",
                          s.partner ?? "", s.flag ?? ""])
        }
        return table
    }

    private static func headroomTable(_ groups: [HeadroomGroup], key: String) -> TextTable {
        var table = TextTable(columns: [key, "clients", "revenue", "wallet", "share", "headroom"],
                              alignments: [.left, .right, .right, .right, .right, .right])
        for group in groups {
            table.append([group.key, String(group.clients), group.revenue.description, group.wallet.description, NumberText.percent(group.share), group.headroom.description])
        }
        return table
    }
}
