import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits `0 ..< count` into contiguous chunks and runs them on the machine's cores.
///
/// Each chunk writes only its own results (its own slot of an output buffer), so the chunks
/// share no mutable state; the call returns when every chunk is done.
enum ChunkedWork {
    /// The number of chunks for `count` items: one per active core, fewer when the work is
    /// too small to be worth splitting (under `minimumPerChunk` items each).
    static func chunkCount(_ count: Int, minimumPerChunk: Int) -> Int {
        let cores = max(1, min(8, activeProcessorCount))
        return max(1, min(cores, count / max(1, minimumPerChunk)))
    }

    /// The number of processors online, at least 1.
    static let activeProcessorCount: Int = {
        #if canImport(Darwin) || canImport(Glibc) || canImport(Musl)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }()

    /// Runs `body(chunk, range)` for each chunk, concurrently when there is more than one.
    static func run(count: Int, chunks: Int, _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void) {
        guard chunks > 1 else {
            body(0, 0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = count * chunk / chunks, upper = count * (chunk + 1) / chunks
            body(chunk, lower..<upper)
        }
    }
}

/// A buffer that concurrent chunks write into at disjoint indices.
///
/// `@unchecked Sendable` is sound only under that discipline: ``ChunkedWork/run(count:chunks:_:)``
/// gives each chunk its own index range, and the owner reads the buffer after `run` returns.
struct DisjointWrites<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
        self.count = count
    }

    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Copies the contents out and frees the buffer; the value must not be used afterwards.
    func finish() -> [Element] {
        let result = Array(UnsafeBufferPointer(start: base, count: count))
        base.deinitialize(count: max(1, count))
        base.deallocate()
        return result
    }
}
