/// The four exports ClientValue reads.
///
/// The raw value is the name `clientvalue inspect --kind` takes and the JSON output shows.
public enum FileKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// One of the four exports: `billing`, invoice and credit-note lines (``BillingLine``);
    /// `surveys`, Net Promoter answers (``SurveyResponse``); `contacts`, logged meetings, calls
    /// and e-mails (``ContactEvent``); `wallet`, estimates of each client's total spend
    /// (``WalletEntry``).
    case billing, surveys, contacts, wallet

    /// The columns this kind reads.
    public var columns: [ColumnSpec] {
        switch self {
        case .billing: BillingLine.columns
        case .surveys: SurveyResponse.columns
        case .contacts: ContactEvent.columns
        case .wallet: WalletEntry.columns
        }
    }

    /// The kind a file name suggests: `billing.csv`, `invoices-2024.csv`, `nps_survey.csv`,
    /// `crm_contacts.csv`, `wallet.csv`.
    ///
    /// - Parameter name: A file name or path; only its last component is looked at, in any case.
    /// - Returns: The kind whose hint (`invoice`, `nps`, `crm`, `share` and others) the name
    ///   contains first, or `nil`.
    public static func guess(fromFileName name: String) -> FileKind? {
        let base = name.split(separator: "/").last.map(String.init)?.lowercased() ?? name.lowercased()
        let hints: [(String, FileKind)] = [
            ("billing", .billing), ("invoice", .billing), ("bill", .billing), ("fees", .billing),
            ("survey", .surveys), ("nps", .surveys), ("feedback", .surveys),
            ("contact", .contacts), ("activit", .contacts), ("crm", .contacts), ("meeting", .contacts),
            ("wallet", .wallet), ("share", .wallet),
        ]
        return hints.first { base.contains($0.0) }?.1
    }

    /// The kind whose required columns the header has, preferring the one that maps the most
    /// columns; `nil` when none fits.
    ///
    /// ```swift
    /// FileKind.guess(fromHeader: ["Account", "Activity Date", "Type"])   // contacts
    /// ```
    ///
    /// - Parameter header: The header row's names, matched by name and alias as an import does.
    public static func guess(fromHeader header: [String]) -> FileKind? {
        let normalized = header.map(ColumnSpec.normalized)
        var best: (kind: FileKind, matched: Int)?
        for kind in allCases {
            var matched = 0
            var missingRequired = false
            for spec in kind.columns {
                let found = normalized.contains { spec.matches(normalizedHeader: $0) }
                if found { matched += 1 } else if spec.isRequired { missingRequired = true }
            }
            if missingRequired { continue }
            if best == nil || matched > best?.matched ?? 0 { best = (kind, matched) }
        }
        return best?.kind
    }
}

/// A record of any file: every column is an extra column. Used to read a file whose kind is
/// not known, counting rows and CSV errors.
struct UntypedRecord: ImportableRecord {
    static let columns: [ColumnSpec] = []
    init(row: ImportRow) throws(ImportError) {}
}
