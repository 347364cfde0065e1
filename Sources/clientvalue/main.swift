import ClientValue
import ClientValueCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
// One malloc arena for all threads. By default glibc gives each reading thread its own arena,
// and what a thread frees there stays resident while the main thread allocates elsewhere:
// `firm` on 227 MB of billing peaks at 65-71 MB that way and at 55-61 MB with one arena, in
// the same time (the threads allocate rarely: their hot loops work on buffers they own).
// `mallopt` is in malloc.h, which the Glibc module does not import; -8 is M_ARENA_MAX.
if let mallopt = dlsym(nil, "mallopt") {
    _ = unsafeBitCast(mallopt, to: (@convention(c) (Int32, Int32) -> Int32).self)(-8, 1)
}
#endif

let code = CLI.run(arguments: Array(CommandLine.arguments.dropFirst()),
                   stdout: ByteSink.standardOutput(), stderr: ByteSink.standardError(),
                   stderrIsTerminal: isatty(2) != 0, exitsAfterward: true)
exit(code)
