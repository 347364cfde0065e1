extension FeatureCorrelations: RenderableResult {
    /// The correlations as the `correlate` command prints them: the clients and features,
    /// every pair's coefficients and p-values, each pair in words, and the matrix.
    ///
    /// - Parameter options: not used: every pair is listed at fixed precision.
    /// - Returns: the sections, titled `Correlations`.
    public func renderedSections(options: RenderOptions) -> [ResultSection] {
        var sections = [
            ResultSection(title: "Correlations", facts: [
                ResultFact(label: "Clients", value: "\(NumberText.grouped(clients)) (pairs with a missing value are left out; n per pair)"),
                ResultFact(label: "Features", value: features.joined(separator: ", ")),
            ]),
            ResultSection(title: "Pairs", blocks: [.table(primaryTable(options: options))]),
            ResultSection(title: "What it means", blocks: [.list(pairs.map { pair in
                var line = "\(pair.x) and \(pair.y): " + (pair.headline.map(CorrelationWording.describe) ?? "")
                if let partial = pair.partial {
                    line += "; controlling for \(pair.control.joined(separator: ", ")): " + CorrelationWording.describe(partial)
                }
                return line
            })]),
        ]
        if let matrix {
            var table = TextTable(columns: [""] + matrix.features, alignments: [.left] + matrix.features.map { _ in .right })
            for (i, name) in matrix.features.enumerated() {
                table.append([name] + matrix.coefficients[i].map { $0.map { NumberText.fixed($0, places: 2) } ?? "" })
            }
            sections.append(ResultSection(title: "Matrix (\(matrix.method.rawValue))", blocks: [.table(table)]))
        }
        return sections
    }

    /// Every pair, one row each: n, Pearson's r, p and 95% interval, Spearman's ρ and p,
    /// Kendall's tau-b and p, and the partial r and p; empty where not asked for.
    ///
    /// - Parameter options: not used.
    /// - Returns: the pair table.
    public func primaryTable(options: RenderOptions) -> TextTable {
        func number(_ v: Double?, _ places: Int = 4) -> String { v.map { NumberText.fixed($0, places: places) } ?? "" }
        func p(_ v: Double?) -> String { v.map { $0 < 0.0001 ? NumberText.scientific($0) : NumberText.fixed($0, places: 4) } ?? "" }
        var table = TextTable(columns: ["x", "y", "n", "pearson_r", "pearson_p", "ci95", "spearman_rho", "spearman_p", "kendall_tau_b", "kendall_p", "partial_r", "partial_p"],
                              alignments: [.left, .left] + Array(repeating: .right, count: 10))
        for pair in pairs {
            table.append([pair.x, pair.y, String(pair.n), number(pair.pearson?.coefficient), p(pair.pearson?.pValue),
                          pair.pearson?.interval.map { "\(NumberText.fixed($0.lower, places: 3)) to \(NumberText.fixed($0.upper, places: 3))" } ?? "",
                          number(pair.spearman?.coefficient), p(pair.spearman?.pValue), number(pair.kendall?.coefficient), p(pair.kendall?.pValue),
                          number(pair.partial?.coefficient), p(pair.partial?.pValue)])
        }
        return table
    }
}
