// libFuzzer entry point for the ClientValue fuzz targets.
//
// Every target is compiled into one binary together with the library's sources (same module,
// so the targets reach internal API); CLIENTVALUE_FUZZ_TARGET picks the target at start-up.
// Tests/Fuzz/run.sh builds and runs it; see Tests/Fuzz/README.md.
//
// Not part of the Swift package: Package.swift declares no target here, so `swift build` and
// `swift test` never see these files.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The fuzz targets by name.
enum FuzzTargets {
    static let all: [(name: String, run: (UnsafeBufferPointer<UInt8>) -> Void)] = [
        ("csv-reader", CSVReaderFuzz.run),
        ("importers", ImportersFuzz.run),
        ("field-parsers", FieldParsersFuzz.run),
        ("writer-round-trip", WriterRoundTripFuzz.run),
    ]

    static let selected: (UnsafeBufferPointer<UInt8>) -> Void = {
        let name = getenv("CLIENTVALUE_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        if let target = all.first(where: { $0.name == name }) { return target.run }
        let names = all.map(\.name).joined(separator: ", ")
        fputs("set CLIENTVALUE_FUZZ_TARGET to one of: \(names) (found '\(name)')\n", stderr)
        exit(2)
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: size > 0 ? data : nil, count: size)
    FuzzTargets.selected(bytes)
    return 0
}

/// Stops the run with `message` when an invariant does not hold; libFuzzer saves the input.
@inline(never)
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
               file: StaticString = #fileID, line: UInt = #line) {
    if condition() { return }
    fputs("\nFUZZ INVARIANT FAILED at \(file):\(line): \(message())\n", stderr)
    fflush(stderr)
    abort()
}

/// Reads option bytes off the front of an input; missing bytes read as 0.
struct FuzzInput {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Everything not read yet.
    var rest: [UInt8] { offset < bytes.count ? Array(bytes[offset...]) : [] }
}

/// A fresh directory under TMPDIR (or /tmp), removed by `remove()`.
struct FuzzScratch {
    let path: String

    init() {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/clientvalue-fuzz-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        fuzzCheck(made, "cannot create a scratch directory under \(base)")
        path = String(cString: template)
    }

    func store(_ name: String, _ bytes: [UInt8]) -> String {
        let file = path + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        fuzzCheck(fd >= 0, "cannot create \(file)")
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            fuzzCheck(n > 0, "cannot write \(file)")
            done += n
        }
        close(fd)
        return file
    }

    func load(_ name: String) -> [UInt8]? {
        let fd = open(path + "/" + name, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 65536) }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    func remove() {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(path)
    }
}

/// Shows bytes as a Swift-ish literal for messages.
func fuzzShow(_ bytes: [UInt8], limit: Int = 200) -> String {
    var out = ""
    for b in bytes.prefix(limit) {
        if b >= 0x20 && b < 0x7F && b != 0x5C && b != 0x22 { out.unicodeScalars.append(Unicode.Scalar(b)) }
        else { out += "\\x" + String(b, radix: 16).leftPadded(to: 2) }
    }
    if bytes.count > limit { out += "…(\(bytes.count) bytes)" }
    return "\"" + out + "\""
}

/// Switches for findings already reported, which the targets otherwise step around so that
/// they keep looking for new problems. CLIENTVALUE_FUZZ_FINDINGS=all checks them all again;
/// a comma-separated list of names checks those (see Tests/Fuzz/README.md, "Findings").
enum FuzzFindings {
    static let names: Set<String> = [
        "contacts-equivalent-names", "builder-index", "firm-names", "firm-overflow-column",
        "writer-sep-line", "writer-bom", "share-infinity",
    ]

    static let enabled: Set<String> = {
        guard let value = getenv("CLIENTVALUE_FUZZ_FINDINGS") else { return [] }
        let asked = Set(String(cString: value).split(separator: ",").map { String($0) })
        if asked.contains("all") { return names }
        for name in asked where !names.contains(name) {
            fputs("unknown finding '\(name)' in CLIENTVALUE_FUZZ_FINDINGS; known: all, \(names.sorted().joined(separator: ", "))\n", stderr)
            exit(2)
        }
        return asked
    }()

    /// The findings fixed in Sources: their checks are always on.
    static let fixed: Set<String> = names

    /// Whether the check for finding `name` is on.
    static func check(_ name: String) -> Bool {
        precondition(names.contains(name), "unknown finding \(name)")
        return fixed.contains(name) || enabled.contains(name)
    }
}
