#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bytes of a CSV file come from: a file, standard input or memory.
///
/// A source hands out bytes in the order they appear; the reader asks for at most one
/// buffer's worth at a time, so memory stays bounded however large the input is.
///
/// ```swift
/// let fromFile = try CSVReader(.file(path: "SampleData/billing.csv"))
/// let fromMemory = try CSVReader(.memory(Array("client,amount\nC1,100\n".utf8)))
/// ```
public enum ByteSourceKind: Sendable, Hashable {
    /// The file at `path`, opened read-only; a path that cannot be opened is a ``CSVError``
    /// of kind `io`.
    case file(path: String)
    /// The process's standard input, read to its end (`clientvalue inspect -`, a pipe).
    case standardInput
    /// Bytes already in memory, such as a file's contents or a test's literal.
    case memory([UInt8])
}

/// Reads raw bytes from a file descriptor or from memory.
final class ByteSource {
    private var descriptor: Int32
    private let ownsDescriptor: Bool
    private var memory: [UInt8]
    private var memoryOffset = 0
    private let isMemory: Bool

    /// Opens `kind` for reading.
    /// - Throws: `CSVError` with kind `.io` when the file cannot be opened.
    init(_ kind: ByteSourceKind, displayName: String?) throws(CSVError) {
        switch kind {
        case .file(let path):
            let fd = open(path, O_RDONLY)
            if fd < 0 {
                throw CSVError(.io(message: "cannot open file: \(SystemCalls.lastErrorDescription())"),
                               position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: displayName ?? path)
            }
            descriptor = fd
            ownsDescriptor = true
            memory = []
            isMemory = false
        case .standardInput:
            descriptor = 0
            ownsDescriptor = false
            memory = []
            isMemory = false
        case .memory(let bytes):
            descriptor = -1
            ownsDescriptor = false
            memory = bytes
            isMemory = true
        }
    }

    deinit {
        if ownsDescriptor { _ = SystemCalls.close(descriptor) }
    }

    /// Reads up to `count` bytes into `destination`; returns 0 at the end of the input.
    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
        if isMemory {
            let n = min(count, memory.count - memoryOffset)
            if n > 0 {
                memory.withUnsafeBufferPointer { src in
                    guard let base = src.baseAddress else { return }
                    destination.update(from: base + memoryOffset, count: n)
                }
                memoryOffset += n
            }
            return n
        }
        while true {
            let n = SystemCalls.read(descriptor, destination, count)
            if n >= 0 { return n }
            if SystemCalls.isInterrupted { continue }
            throw CSVError(.io(message: "read failed: \(SystemCalls.lastErrorDescription())"),
                           position: SourcePosition(line: 0, column: 0, byteOffset: 0), file: nil)
        }
    }

}
