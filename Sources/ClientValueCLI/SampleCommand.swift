import ClientValue
import Foundation

/// `clientvalue sample`: a deterministic synthetic firm.
enum SampleCommand: Command {
    static let spec = CommandSpec(
        name: "sample",
        overview: "Write a deterministic synthetic firm: billing, surveys, contacts and wallet CSVs.",
        arguments: [],
        options: [
            OptionSpec(name: "clients", valueName: "<n>", help: "How many clients.", defaultValue: "300"),
            OptionSpec(name: "seed", valueName: "<n>", help: "Random seed; the same seed gives the same files.", defaultValue: "42"),
            OptionSpec(name: "start-year", valueName: "<year>", help: "First calendar year of data.", defaultValue: "2021"),
            OptionSpec(name: "years", valueName: "<n>", help: "How many years of data.", defaultValue: "5"),
            OptionSpec(name: "out", valueName: "<dir>", help: "The folder to write into (created if missing).", defaultValue: "SampleData"),
            OptionSpec(name: "format", valueName: "<format>", help: "How to print the summary: table, csv, json, markdown or html.", defaultValue: "table"),
        ],
        examples: [
            "clientvalue sample",
            "clientvalue sample --clients 100000 --seed 7 --out /tmp/firm",
        ])

    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32 {
        guard arguments.positionals.isEmpty else {
            throw UsageError(message: "Unexpected argument '\(arguments.positionals[0])'", command: spec.name)
        }
        var options = SampleOptions()
        options.clients = try CommonOptions.integer(arguments, command: spec.name, "clients", default: options.clients, range: 1...10_000_000)
        options.seed = UInt64(try CommonOptions.integer(arguments, command: spec.name, "seed", default: Int(options.seed), range: 0...Int.max))
        options.startYear = try CommonOptions.integer(arguments, command: spec.name, "start-year", default: options.startYear, range: 1900...2200)
        options.years = try CommonOptions.integer(arguments, command: spec.name, "years", default: options.years, range: 1...50)
        let format = try CommonOptions.format(arguments, command: spec.name)
        let directory = arguments.value("out") ?? "SampleData"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory, message: "cannot create folder: \(error.localizedDescription)")
        }
        let total = options.clients
        let progress = io.progress { done in "sample: \(done) of \(total) clients" }
        let summary = try SampleGenerator.write(options: options, to: directory, progress: progress)
        io.endProgress()
        if format == .json {
            io.stdout.write(try JSONText.encode(summary))
        } else {
            var table = TextTable(columns: ["file", "rows"], alignments: [.left, .right])
            let counts = [summary.billingLines, summary.surveyResponses, summary.contacts, summary.walletRows]
            for (file, count) in zip(summary.files, counts) { table.append([file, String(count)]) }
            io.stdout.write(table.rendered(as: format))
        }
        return ExitCode.success
    }
}
