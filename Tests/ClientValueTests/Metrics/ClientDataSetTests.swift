import Foundation
import Testing
@testable import ClientValue

@Suite("ExportFiles")
struct ExportFilesTests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleData").path

    static func scratchFolder(_ name: String, files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exportfiles-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, text) in files { try text.write(toFile: (folder as NSString).appendingPathComponent(file), atomically: true, encoding: .utf8) }
        return folder
    }

    @Test("the sample folder's four exports are found by their usual names")
    func sampleFolder() throws {
        let files = try ExportFiles(folder: Self.sampleData)
        #expect(files.billing == ExportFile(path: Self.sampleData + "/billing.csv"))
        #expect(files.surveys?.name == Self.sampleData + "/surveys.csv")
        #expect(files.contacts?.name == Self.sampleData + "/contacts.csv")
        #expect(files.wallet?.name == Self.sampleData + "/wallet.csv")
    }

    @Test("a folder with only some exports leaves the others nil; other names are ignored")
    func partialFolder() throws {
        let folder = try Self.scratchFolder("partial", files: ["surveys.csv": "client_id,response_date,score\n", "Billing.CSV.bak": "x\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = try ExportFiles(folder: folder)
        #expect(files.surveys != nil)
        #expect(files.billing == nil && files.contacts == nil && files.wallet == nil)
    }

    @Test("a missing folder, a file given as the folder, and a folder without exports are errors naming the path",
          arguments: ["missing", "file", "walletOnly"])
    func folderErrors(case name: String) throws {
        let folder = try Self.scratchFolder(name, files: ["wallet.csv": "client_id,year,wallet_estimate\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = switch name {
        case "missing": folder + "/nowhere"
        case "file": folder + "/wallet.csv"
        default: folder
        }
        let expected: ExportFilesError = name == "walletOnly" ? .noExports(folder: path) : .notAFolder(path)
        #expect(throws: expected) { try ExportFiles(folder: path) }
        #expect(expected.description.hasPrefix(path + ": "))
    }
}

@Suite("ClientDataSet")
struct ClientDataSetTests {
    static let sampleData = ExportFilesTests.sampleData

    @Test("the sample folder read as a data set: every export read once, in order, as each reader reads it alone")
    func sampleDataSet() throws {
        let files = try ExportFiles(folder: Self.sampleData)
        let data = try ClientDataSet.read(files)
        let contacts = try ContactFrequencyBuilder.read(.file(path: Self.sampleData + "/contacts.csv"))
        let surveys = try SurveyTable.read(.file(path: Self.sampleData + "/surveys.csv"))
        // "Today" is the latest contact or response date when not given.
        let latest = try #require([contacts.builder.latestContact, surveys.latestResponseDate].compactMap { $0 }.max())
        #expect(data.asOf == latest)
        #expect(data.contacts == contacts.builder)
        #expect(data.surveys?.count == surveys.count)
        #expect(data.imports.map(\.file) == ["contacts", "surveys", "wallet", "billing"].map { Self.sampleData + "/\($0).csv" })
        #expect(data.imports.allSatisfy { $0.rowsRead == $0.rowsAccepted + $0.rowsRejected && $0.rowsRead > 0 })
        let billing = try ClientBilling.read(.file(path: Self.sampleData + "/billing.csv"), options: ClientBillingOptions(asOf: latest, keepsTransactions: true))
        #expect(data.billing == billing.trailingBilling)
        #expect(data.history == billing.history)
        #expect(data.transactions?.summary() == billing.transactions?.summary())
        #expect(data.wallet != nil)
    }

    @Test("bytes in memory read as the same files do")
    func memorySources() throws {
        func bytes(_ name: String) throws -> ExportFile {
            ExportFile(.memory(Array(try Data(contentsOf: URL(fileURLWithPath: Self.sampleData + "/" + name)))), name: name)
        }
        let fromMemory = try ClientDataSet.read(ExportFiles(billing: try bytes("billing.csv"), surveys: try bytes("surveys.csv"), contacts: try bytes("contacts.csv")))
        var files = try ExportFiles(folder: Self.sampleData)
        files.wallet = nil
        let fromFiles = try ClientDataSet.read(files)
        #expect(fromMemory.asOf == fromFiles.asOf)
        #expect(fromMemory.billing == fromFiles.billing && fromMemory.history == fromFiles.history && fromMemory.contacts == fromFiles.contacts)
        #expect(fromMemory.imports.map(\.rowsAccepted) == fromFiles.imports.map(\.rowsAccepted))
    }

    @Test("billing alone: today is its latest invoice date, from a first pass; given, it is used as is")
    func asOfFromBilling() throws {
        let text = "client_id,invoice_date,amount\nA,2024-03-01,100\nB,2024-11-30,50\nA,2023-01-10,10\n"
        let file = ExportFile(.memory(Array(text.utf8)), name: "billing.csv")
        let found = try ClientDataSet.read(ExportFiles(billing: file))
        #expect(found.asOf == Day(year: 2024, month: 11, day: 30))
        #expect(found.billing?.totals == ["A": Money(minorUnits: 10_000), "B": Money(minorUnits: 5_000)])
        let given = try ClientDataSet.read(ExportFiles(billing: file), options: ClientDataOptions(asOf: Day(year: 2024, month: 6, day: 30)))
        #expect(given.asOf == Day(year: 2024, month: 6, day: 30))
        #expect(given.billing?.totals == ["A": Money(minorUnits: 10_000)])
        #expect(found.transactions != nil)
        #expect(try ClientDataSet.read(ExportFiles(billing: file), options: ClientDataOptions(keepsTransactions: false)).transactions == nil)
    }

    @Test("billing from standard input as the only dated input needs today given")
    func asOfNeeded() throws {
        let files = ExportFiles(billing: ExportFile(.standardInput, name: "<stdin>"))
        #expect(throws: ClientDataError.asOfNeeded(file: "<stdin>")) { try ClientDataSet.read(files) }
    }

    @Test("a bad row fails with its file, line and column; skipped, it goes to the export's own rejects file")
    func badRows() throws {
        let surveys = ExportFile(.memory(Array("client_id,response_date,score\nA,2024-01-02,9\nB,2024-01-03,11\n".utf8)), name: "surveys.csv")
        let billing = ExportFile(.memory(Array("client_id,invoice_date,amount\nA,2024-01-02,10\nB,2024-13-01,5\n".utf8)), name: "billing.csv")
        let error = #expect(throws: ClientDataError.self) { try ClientDataSet.read(ExportFiles(billing: billing, surveys: surveys)) }
        #expect(error?.file == "surveys.csv" && error?.position.line == 3 && error?.position.column == 3)
        let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-rejects-\(getpid()).csv").path
        defer {
            for suffix in ["", ".surveys.csv", ".billing.csv"] { try? FileManager.default.removeItem(atPath: rejects + suffix) }
        }
        let options = ClientDataOptions(importOptions: ImportOptions(onError: .skip, rejectsPath: rejects))
        let data = try ClientDataSet.read(ExportFiles(billing: billing, surveys: surveys), options: options)
        #expect(data.imports.map(\.rowsRejected) == [1, 1])
        #expect(try String(contentsOfFile: rejects + ".surveys.csv", encoding: .utf8).contains("B,2024-01-03,11"))
        #expect(try String(contentsOfFile: rejects + ".billing.csv", encoding: .utf8).contains("B,2024-13-01,5"))
        #expect(!FileManager.default.fileExists(atPath: rejects))
    }

    @Test("the report's content from the sample folder: every section computed")
    func reportContent() throws {
        let data = try ClientDataSet.read(try ExportFiles(folder: Self.sampleData))
        let content = try ReportContent(analysing: data, title: "Sample")
        #expect(content.title == "Sample" && content.asOf == data.asOf)
        #expect(content.nps != nil && content.forecast != nil && content.segmentation != nil && content.features != nil)
        #expect(content.trailingRevenue == data.billing.map { $0.totals.values.reduce(Money.zero, +) })
        #expect(HTMLReport.render(content).contains("<title>Sample</title>"))
    }
}
