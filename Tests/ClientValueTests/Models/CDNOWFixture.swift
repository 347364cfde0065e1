import Foundation
@testable import ClientValue

/// The CDNOW reference data in `Fixtures/cdnow` (see its README for the source).
enum CDNOW {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cdnow")

    struct SummaryRow {
        var id: Int
        var history: PurchaseHistory
        var meanRepeatSpend: Double
    }

    /// `cdnow_customers_summary_with_transactions.csv`: ID, x, t_x, T (weeks), zbar.
    static func summary() throws -> [SummaryRow] {
        let path = directory.appendingPathComponent("cdnow_customers_summary_with_transactions.csv").path
        let reader = try CSVReader(.file(path: path))
        var rows: [SummaryRow] = []
        while try reader.next() {
            let fields = reader.record
            guard let id = Int(fields[0]), let x = Int(fields[1]), let tx = Double(fields[2]), let t = Double(fields[3]),
                  let zbar = Double(fields[4]) else { continue }
            rows.append(SummaryRow(id: id, history: PurchaseHistory(frequency: x, recency: tx, age: t), meanRepeatSpend: zbar))
        }
        return rows
    }
}
