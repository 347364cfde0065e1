/// One option a command accepts.
struct OptionSpec {
    /// The long name without dashes, such as `format`.
    var name: String
    /// A one-letter alias without the dash, if any.
    var short: Character?
    /// The placeholder for its value, such as `<format>`; `nil` for a flag.
    var valueName: String?
    var help: String
    /// Shown as `(default: …)`.
    var defaultValue: String?
    var repeatable = false

    var isFlag: Bool { valueName == nil }
}

/// A command's name, help text and options.
struct CommandSpec {
    var name: String
    var overview: String
    /// The positional arguments, as `(name, help)`.
    var arguments: [(name: String, help: String)]
    var options: [OptionSpec]
    var examples: [String]

    func helpText() -> String {
        var out = "OVERVIEW: \(overview)\n\n"
        let positional = arguments.map { " <\($0.name)>" }.joined()
        out += "USAGE: clientvalue \(name)\(positional) [<options>]\n\n"
        if !arguments.isEmpty {
            out += "ARGUMENTS:\n"
            for argument in arguments { out += Self.row("<\(argument.name)>", argument.help) }
            out += "\n"
        }
        out += "OPTIONS:\n"
        for option in options + [Self.helpOption] {
            var label = option.short.map { "-\($0), " } ?? ""
            label += "--\(option.name)"
            if let value = option.valueName { label += " \(value)" }
            var help = option.help
            if let value = option.defaultValue { help += " (default: \(value))" }
            out += Self.row(label, help)
        }
        if !examples.isEmpty {
            out += "\nEXAMPLES:\n"
            for example in examples { out += "  \(example)\n" }
        }
        return out
    }

    static let helpOption = OptionSpec(name: "help", short: "h", valueName: nil, help: "Show help information.")

    private static func row(_ label: String, _ help: String) -> String {
        let padded = label.count < 26 ? label + String(repeating: " ", count: 26 - label.count) : label + "\n" + String(repeating: " ", count: 28)
        return "  \(padded)\(help)\n"
    }
}

/// The parsed command line of one command.
struct ParsedArguments {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var wantsHelp = false

    func value(_ name: String) -> String? { values[name]?.last }
    func has(_ name: String) -> Bool { flags.contains(name) }
}

/// A mistake in how the command was called: exit 64, the usage shown.
struct UsageError: Error {
    var message: String
    var command: String?
}

extension CommandSpec {
    /// Parses `--name value`, `--name=value`, `-x value`, flags and positionals; `--` ends options.
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "-h" || argument == "--help" { parsed.wantsHelp = true; continue }
            var name: String
            var inlineValue: String?
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
            } else {
                name = String(argument.dropFirst())
            }
            guard let option = options.first(where: { $0.name == name || ($0.short.map(String.init) == name && name.count == 1) }) else {
                throw UsageError(message: "Unknown option '\(argument)'", command: self.name)
            }
            if option.isFlag {
                if inlineValue != nil { throw UsageError(message: "Option '--\(option.name)' takes no value", command: self.name) }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError(message: "Missing value for '--\(option.name) \(option.valueName ?? "")'", command: self.name)
                }
                value = arguments[index]
                index += 1
            }
            if !option.repeatable, parsed.values[option.name] != nil {
                throw UsageError(message: "Option '--\(option.name)' given more than once", command: self.name)
            }
            parsed.values[option.name, default: []].append(value)
        }
        return parsed
    }
}
