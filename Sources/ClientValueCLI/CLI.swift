import ClientValue

/// The `clientvalue` command line: parses arguments, calls the library and renders results.
///
/// Exit codes follow sysexits as swift-argument-parser does: 0 success, 1 a data error
/// (`FILE:LINE:COLUMN: error: MESSAGE` on stderr), 64 a usage error.
public enum CLI: Sendable {
    public static let version = "0.1.0"

    static var commands: [any Command.Type] { [CLVCommand.self, ContactsCommand.self, CorrelateCommand.self, FirmCommand.self, InspectCommand.self, NPSCommand.self, ReportCommand.self, SampleCommand.self, SegmentCommand.self, WalletCommand.self] }

    /// Runs one invocation. `arguments` excludes the program name.
    /// - Parameters:
    ///   - stdout: where results go.
    ///   - stderr: where errors and notes go.
    ///   - stdin: what `-` reads.
    ///   - stderrIsTerminal: whether to show progress of long runs on `stderr`.
    ///   - exitsAfterward: whether the process exits right after this call, as `clientvalue`
    ///     does; then the command's results are left in memory for the exit to reclaim rather
    ///     than freed one allocation at a time. Leave it `false` when running commands in a
    ///     process that goes on.
    /// - Returns: the process exit code.
    public static func run(arguments: [String], stdout: ByteSink, stderr: ByteSink, stdin: ByteSourceKind = .standardInput,
                           stderrIsTerminal: Bool = false, exitsAfterward: Bool = false) -> Int32 {
        let io = CommandIO(stdout: stdout, stderr: stderr, stdin: stdin, stderrIsTerminal: stderrIsTerminal, exitsAfterward: exitsAfterward)
        let code = dispatch(arguments, io)
        do {
            try stdout.flush()
        } catch {
            stderr.write("clientvalue: error: \(error.message)\n")
            try? stderr.flush()
            return ExitCode.dataError
        }
        try? stderr.flush()
        return code
    }

    private static func dispatch(_ arguments: [String], _ io: CommandIO) -> Int32 {
        guard let first = arguments.first else {
            io.stdout.write(mainHelp())
            return ExitCode.success
        }
        if first == "--help" || first == "-h" || first == "help" {
            if first == "help", arguments.count > 1, let command = commands.first(where: { $0.spec.name == arguments[1] }) {
                io.stdout.write(command.spec.helpText())
            } else {
                io.stdout.write(mainHelp())
            }
            return ExitCode.success
        }
        if first == "--version" {
            io.stdout.write("clientvalue \(version)\n")
            return ExitCode.success
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            return usageFailure(UsageError(message: "Unknown command '\(first)'", command: nil), io)
        }
        do {
            let parsed = try command.spec.parse(Array(arguments.dropFirst()))
            if parsed.wantsHelp {
                io.stdout.write(command.spec.helpText())
                return ExitCode.success
            }
            return try command.run(parsed, io)
        } catch let error as UsageError {
            return usageFailure(error, io)
        } catch let error as any PositionedError {
            io.stderr.write(error.diagnostic + "\n")
            return ExitCode.dataError
        } catch let error as OutputError {
            io.stderr.write(error.description + "\n")
            return ExitCode.dataError
        } catch {
            io.stderr.write("clientvalue: error: \(error)\n")
            return ExitCode.dataError
        }
    }

    private static func usageFailure(_ error: UsageError, _ io: CommandIO) -> Int32 {
        io.stderr.write("Error: \(error.message)\n")
        if let name = error.command, let command = commands.first(where: { $0.spec.name == name }) {
            let positional = command.spec.arguments.map { " <\($0.name)>" }.joined()
            io.stderr.write("Usage: clientvalue \(name)\(positional) [<options>]\n")
            io.stderr.write("  See 'clientvalue \(name) --help' for more information.\n")
        } else {
            io.stderr.write("Usage: clientvalue <command> [<options>]\n")
            io.stderr.write("  See 'clientvalue --help' for more information.\n")
        }
        return ExitCode.usage
    }

    static func mainHelp() -> String {
        var out = """
        OVERVIEW: Client analytics for professional-services firms, from billing, survey,
        contact and wallet exports.

        USAGE: clientvalue <command> [<arguments>] [<options>]

        COMMANDS:

        """
        for command in commands {
            let name = command.spec.name
            out += "  " + name + String(repeating: " ", count: max(2, 12 - name.count)) + command.spec.overview + "\n"
        }
        out += """

        OPTIONS:
          --version                 Show the version.
          -h, --help                Show help information.

          See 'clientvalue <command> --help' for each command's options and an example.

        """
        return out
    }
}

/// Exit codes (sysexits).
enum ExitCode {
    static let success: Int32 = 0
    static let dataError: Int32 = 1
    static let usage: Int32 = 64
}

/// The streams a command writes to and reads from.
struct CommandIO {
    var stdout: ByteSink
    var stderr: ByteSink
    var stdin: ByteSourceKind
    var stderrIsTerminal = false
    /// Whether the process exits once the command returns (as `clientvalue` does), so that
    /// what it computed need not be freed: see ``leaveForExit(_:)``.
    var exitsAfterward = false

    /// Keeps `value` (a command's results) in memory for the process's exit to reclaim, when
    /// the process exits once the command returns; else does nothing, and `value` is freed
    /// as usual. The report on 100,000 clients holds millions of small allocations (ids,
    /// reasons, yearly histories) that take about 0.1 s to free one by one, just before the
    /// operating system would reclaim them at once; compilers skip that step the same way.
    func leaveForExit<Value>(_ value: Value) {
        guard exitsAfterward else { return }
        _ = Unmanaged.passRetained(LeftForExit(value))
    }

    /// A progress callback that rewrites one status line on stderr, or `nil` when stderr is
    /// not a terminal (progress is for people, not for logs).
    func progress(_ describe: @escaping (Int) -> String) -> ((Int) -> Void)? {
        guard stderrIsTerminal else { return nil }
        let stderr = self.stderr
        return { value in
            stderr.write("\r\u{1B}[K" + describe(value))
            try? stderr.flush()
        }
    }

    /// Clears the status line left by ``progress(_:)``.
    func endProgress() {
        guard stderrIsTerminal else { return }
        stderr.write("\r\u{1B}[K")
    }
}

/// What ``CommandIO/leaveForExit(_:)`` keeps: never released.
private final class LeftForExit<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A subcommand.
protocol Command {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments, _ io: CommandIO) throws -> Int32
}
