import Testing
@testable import ClientValue

@Suite("ChunkedWork.blockSums")
struct ChunkedWorkTests {
    /// Values whose sums round differently in another order: magnitudes from 1e-8 to 1e8.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in (random.nextDouble() - 0.3) * pow10(Int(random.uniform(below: 17)) - 8) }
    }

    static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(exponent) { value *= 10 }
        return exponent < 0 ? 1 / value : value
    }

    @Test("the sums are the blocks' row-order sums added in block order, bit for bit, for every size around the block edges",
          arguments: [0, 1, 4_095, 4_096, 4_097, 12_289, 50_000])
    func blockOrder(count: Int) {
        let xs = Self.values(count, seed: UInt64(count) + 1)
        let sums = ChunkedWork.blockSums(count: count, width: 2, blockSize: 4_096) { range in
            var total = 0.0, squares = 0.0
            for i in range {
                total += xs[i]
                squares += xs[i] * xs[i]
            }
            return [total, squares]
        }
        // The same order written out: each block from its first row, then the blocks in turn.
        var total = 0.0, squares = 0.0
        var start = 0
        repeat {
            var blockTotal = 0.0, blockSquares = 0.0
            for i in start..<min(count, start + 4_096) {
                blockTotal += xs[i]
                blockSquares += xs[i] * xs[i]
            }
            total += blockTotal
            squares += blockSquares
            start += 4_096
        } while start < count
        #expect(sums[0].bitPattern == total.bitPattern)
        #expect(sums[1].bitPattern == squares.bitPattern)
    }

    @Test("one block is the plain sum in row order")
    func oneBlock() {
        let xs = Self.values(1_000, seed: 9)
        let sums = ChunkedWork.blockSums(count: xs.count, width: 1, blockSize: ChunkedWork.likelihoodBlock) { range in
            [range.reduce(0.0) { $0 + xs[$1] }]
        }
        #expect(sums[0].bitPattern == xs.reduce(0.0, +).bitPattern)
    }
}
