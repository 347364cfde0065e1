@testable import ClientValue

/// Everything a reader returned for one input, for comparing in tests.
struct ReadBack: Equatable {
    var header: [String]
    var rows: [[String]]
    var lines: [Int]
}

/// Reads all of `bytes`, throwing the first error.
func readAll(_ bytes: [UInt8], _ options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> ReadBack {
    let reader = try CSVReader(.memory(bytes), file: "test.csv", options: options)
    var result = ReadBack(header: reader.header, rows: [], lines: [])
    while try reader.next() {
        result.rows.append(reader.record)
        result.lines.append(reader.line)
    }
    return result
}

func readAll(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> ReadBack {
    try readAll(Array(text.utf8), options)
}

/// Reads all of `text`, collecting errors instead of stopping, as `--on-error skip` does.
struct ReadWithErrors {
    var rows: [[String]] = []
    var errors: [CSVError] = []
    var rejected: [String] = []
}

func readSkippingErrors(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> ReadWithErrors {
    let reader = try CSVReader(.memory(Array(text.utf8)), file: "test.csv", options: options)
    var result = ReadWithErrors()
    while true {
        do {
            guard try reader.next() else { break }
            result.rows.append(reader.record)
        } catch {
            result.errors.append(error)
            result.rejected.append(String(decoding: reader.rejectedRecord, as: UTF8.self))
        }
    }
    return result
}
