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

extension ChunkedWork {
    /// The rows a block of a likelihood sum holds (see ``blockSums(count:width:blockSize:_:)``):
    /// enough to be worth a core's time, few enough that a large fit is spread over every core.
    static let likelihoodBlock = 16_384

    /// Sums of `width` quantities over the rows `0 ..< count`, as `body` gives them for a
    /// range of rows: the rows are taken in fixed blocks of `blockSize`, the blocks spread over
    /// the cores, and the blocks' sums added in block order.
    ///
    /// The blocks, and so the rounding of every sum, do not depend on the number of cores: a
    /// likelihood, its gradient and the fit that follows are the same to the last bit on any
    /// machine. With one block (`count` ≤ `blockSize`) the result is `body(0 ..< count)`.
    ///
    /// - Parameters:
    ///   - count: The number of rows.
    ///   - width: How many sums `body` returns.
    ///   - blockSize: The rows per block: enough to be worth a core's time.
    ///   - body: The `width` sums over a range of rows, added in row order.
    /// - Returns: The `width` sums over every row.
    static func blockSums(count: Int, width: Int, blockSize: Int, _ body: @Sendable (Range<Int>) -> [Double]) -> [Double] {
        let size = max(1, blockSize)
        let blocks = max(1, (count + size - 1) / size)
        let sums = DisjointWrites(repeating: 0.0, count: blocks * width)
        run(count: blocks, chunks: chunkCount(blocks, minimumPerChunk: 1)) { _, range in
            for block in range {
                let partial = body(block * size ..< min(count, (block + 1) * size))
                for k in 0..<width { sums[block * width + k] = partial[k] }
            }
        }
        let all = sums.finish()
        var totals = [Double](repeating: 0, count: width)
        for block in 0..<blocks {
            for k in 0..<width { totals[k] += all[block * width + k] }
        }
        return totals
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
