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
            OptionSpec(name: "out", valueName: "<dir>", help: "The folder to write into (created if missing); with --only, - writes the file to standard output.", defaultValue: "SampleData"),
            OptionSpec(name: "only", valueName: "<file>", help: "Write only this file: billing, surveys, contacts or wallet."),
            OptionSpec(name: "format", valueName: "<format>", help: "How to print the summary: table, csv, json, markdown or html.", defaultValue: "table"),
        ],
        examples: [
            "clientvalue sample",
            "clientvalue sample --clients 100000 --seed 7 --out /tmp/firm",
            "clientvalue sample --clients 100000 --only surveys --out - | clientvalue nps - --period year",
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
        var only: String?
        if let name = arguments.value("only") {
            let file = name.lowercased().hasSuffix(".csv") ? name.lowercased() : name.lowercased() + ".csv"
            guard SampleGenerator.fileNames.contains(file) else {
                throw UsageError(message: "Invalid value '\(name)' for '--only'; expected billing, surveys, contacts or wallet", command: spec.name)
            }
            only = file
        }
        if directory == "-" {
            guard let only else {
                throw UsageError(message: "'--out -' writes one file to standard output; choose it with '--only', such as '--only surveys'", command: spec.name)
            }
            let total = options.clients
            let progress = io.progress { done in "sample: \(done) of \(total) clients" }
            _ = try SampleGenerator.write(options: options, only: only, to: CSVWriter(io.stdout), progress: progress)
            io.endProgress()
            return ExitCode.success
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory, message: "cannot create folder: \(error.localizedDescription)")
        }
        let total = options.clients
        let progress = io.progress { done in "sample: \(done) of \(total) clients" }
        var summary: SampleSummary
        if let only {
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + only
            let writer = try CSVWriter(.file(path: path))
            summary = try SampleGenerator.write(options: options, only: only, to: writer, progress: progress)
            try writer.close()
            summary.files = [path]
        } else {
            summary = try SampleGenerator.write(options: options, to: directory, progress: progress)
        }
        io.endProgress()
        if format == .json {
            io.stdout.write(try JSONText.encode(summary))
        } else {
            var table = TextTable(columns: ["file", "rows"], alignments: [.left, .right])
            let counts = [summary.billingLines, summary.surveyResponses, summary.contacts, summary.walletRows]
            for (file, count) in zip(SampleGenerator.fileNames, counts) {
                guard let path = summary.files.first(where: { $0.hasSuffix("/" + file) || $0 == file }) else { continue }
                table.append([path, String(count)])
            }
            io.stdout.write(table.rendered(as: format))
        }
        return ExitCode.success
    }
}
