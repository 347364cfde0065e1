#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where written bytes go: a file, standard output, or memory.
public enum ByteSinkKind: Sendable, Hashable {
    /// Creates or truncates the file at `path`.
    case file(path: String)
    /// The process's standard output (file descriptor 1), left open by ``ByteSink/close()``.
    case standardOutput
    /// The process's standard error (file descriptor 2), left open by ``ByteSink/close()``.
    case standardError
    /// A byte array in memory, read back from ``ByteSink/memory``; handy in tests.
    case memory
}

/// A buffered byte writer. Bytes reach a file in 256 KiB writes; call ``close()`` (or
/// ``flush()``) to push the rest and learn of any write error.
///
/// ```swift
/// let sink = try ByteSink(.file(path: "/tmp/totals.csv"))
/// sink.write("client,total\n")
/// sink.write("C1,1234.50\n")
/// try sink.close()
/// ```
///
/// A sink dropped without ``close()`` flushes what it holds, but a write error then goes
/// unreported.
public final class ByteSink {
    private var descriptor: Int32
    private let ownsDescriptor: Bool
    private var pending: [UInt8] = []
    private let isMemory: Bool
    private let path: String?
    /// Everything written, for a `.memory` sink.
    public private(set) var memory: [UInt8] = []

    private static let flushThreshold = 256 * 1024

    private init(descriptor: Int32, ownsDescriptor: Bool, isMemory: Bool, path: String?) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.isMemory = isMemory
        self.path = path
        pending.reserveCapacity(isMemory ? 0 : Self.flushThreshold + 4096)
    }

    /// A sink that keeps everything in ``memory``.
    public convenience init() {
        self.init(descriptor: -1, ownsDescriptor: false, isMemory: true, path: nil)
    }

    /// A sink writing to standard output.
    public static func standardOutput() -> ByteSink {
        ByteSink(descriptor: 1, ownsDescriptor: false, isMemory: false, path: "<stdout>")
    }

    /// A sink writing to standard error.
    public static func standardError() -> ByteSink {
        ByteSink(descriptor: 2, ownsDescriptor: false, isMemory: false, path: "<stderr>")
    }

    /// Opens the sink.
    /// - Parameter kind: A file path (created or truncated, mode 0644), standard output,
    ///   standard error or memory.
    /// - Throws: ``OutputError`` when the file cannot be created.
    public convenience init(_ kind: ByteSinkKind) throws(OutputError) {
        switch kind {
        case .file(let path):
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd < 0 { throw OutputError(path: path, message: "cannot create file: \(SystemCalls.lastErrorDescription())") }
            self.init(descriptor: fd, ownsDescriptor: true, isMemory: false, path: path)
        case .standardOutput:
            self.init(descriptor: 1, ownsDescriptor: false, isMemory: false, path: "<stdout>")
        case .standardError:
            self.init(descriptor: 2, ownsDescriptor: false, isMemory: false, path: "<stderr>")
        case .memory:
            self.init()
        }
    }

    deinit {
        try? flush()
        if ownsDescriptor && descriptor >= 0 { _ = SystemCalls.close(descriptor) }
    }

    /// Appends one byte to the buffer.
    ///
    /// - Parameter byte: The byte to write.
    @inline(__always)
    public func write(_ byte: UInt8) {
        if isMemory { memory.append(byte) } else { pending.append(byte) }
    }

    /// Appends bytes to the buffer, unchanged.
    ///
    /// - Parameter bytes: The bytes to write, such as an `[UInt8]` or a `String.UTF8View`.
    public func write<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if isMemory { memory.append(contentsOf: bytes) } else { pending.append(contentsOf: bytes) }
    }

    /// Appends text to the buffer as UTF-8, with no line ending added.
    ///
    /// - Parameter text: The text to write.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    /// Writes buffered bytes once enough have gathered; cheap to call often.
    ///
    /// Calling it after each row keeps the buffer near 256 KiB however much is written.
    ///
    /// - Throws: ``OutputError`` when writing to the file fails.
    @inline(__always)
    public func flushIfNeeded() throws(OutputError) {
        if pending.count >= Self.flushThreshold { try flush() }
    }

    /// Writes every buffered byte; does nothing for a `.memory` sink.
    ///
    /// - Throws: ``OutputError`` when writing fails (a full disk, a closed pipe); the
    ///   buffered bytes are dropped either way.
    public func flush() throws(OutputError) {
        guard !isMemory, !pending.isEmpty else { return }
        var offset = 0
        let failure: String? = pending.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            while offset < raw.count {
                let n = SystemCalls.write(descriptor, base + offset, raw.count - offset)
                if n < 0 {
                    if SystemCalls.isInterrupted { continue }
                    return SystemCalls.lastErrorDescription()
                }
                offset += n
            }
            return nil
        }
        pending.removeAll(keepingCapacity: true)
        if let failure { throw OutputError(path: path ?? "<output>", message: "write failed: \(failure)") }
    }

    /// Flushes and closes the file. Standard output and standard error are flushed but left open.
    ///
    /// - Throws: ``OutputError`` when the last bytes cannot be written or closing the file fails.
    public func close() throws(OutputError) {
        try flush()
        if ownsDescriptor && descriptor >= 0 {
            let result = SystemCalls.close(descriptor)
            descriptor = -1
            if result != 0 { throw OutputError(path: path ?? "<output>", message: "close failed: \(SystemCalls.lastErrorDescription())") }
        }
    }
}

/// A file could not be written.
///
/// Thrown by ``ByteSink``, ``CSVWriter`` and ``SampleGenerator``; its
/// ``description`` reads `report.html: error: cannot create file: Permission denied`.
public struct OutputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's path as given, or `<stdout>`, `<stderr>` or `<output>`.
    public var path: String
    /// What went wrong, in plain words, with the system's reason.
    public var message: String

    /// An error for a file that could not be written.
    ///
    /// - Parameters:
    ///   - path: The file's path as the user gave it.
    ///   - message: What went wrong, such as `cannot create file: Permission denied`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `PATH: error: MESSAGE`, the form of the other diagnostics.
    public var description: String { "\(path): error: \(message)" }
}

/// Not `Sendable`: a byte sink buffers writes and is used from one thread at a time.
@available(*, unavailable)
extension ByteSink: Sendable {}
