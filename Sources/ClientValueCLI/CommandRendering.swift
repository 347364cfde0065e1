import ClientValue

/// What the commands add to the library's sections: facts about the files they read, which
/// only the command line knows.
extension ResultSection {
    /// Inserts `facts` after the fact labelled `label`, or at the top when `label` is `nil`
    /// or no fact has it.
    mutating func insert(_ facts: [ResultFact], after label: String? = nil) {
        let index = label.flatMap { label in self.facts.firstIndex { $0.label == label } }.map { $0 + 1 } ?? 0
        self.facts.insert(contentsOf: facts, at: index)
    }

    /// Writes `prefix` before and `suffix` after the value of the fact labelled `label`, when
    /// there is one.
    mutating func amendFact(_ label: String, prefix: String = "", suffix: String = "") {
        guard let index = facts.firstIndex(where: { $0.label == label }) else { return }
        facts[index].value = prefix + facts[index].value + suffix
    }
}

extension ImportSummary {
    /// `FILE: 1,234 rows read, 1,230 accepted, 4 rejected` (no rejected count when none was).
    var rowsDescription: String {
        var text = "\(file ?? "<input>"): \(NumberText.grouped(rowsRead)) rows read, \(NumberText.grouped(rowsAccepted)) accepted"
        if rowsRejected > 0 { text += ", \(NumberText.grouped(rowsRejected)) rejected" }
        return text
    }
}

extension OutputFormat {
    /// Whether `--limit` lists every row by default: in CSV and JSON, for programs; the
    /// formats for reading (table, Markdown, HTML) list the first 20.
    var listsInFull: Bool { self == .csv || self == .json }
}
