import ClientValue
import ClientValueCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

let code = CLI.run(arguments: Array(CommandLine.arguments.dropFirst()),
                   stdout: ByteSink.standardOutput(), stderr: ByteSink.standardError(),
                   stderrIsTerminal: isatty(2) != 0)
exit(code)
