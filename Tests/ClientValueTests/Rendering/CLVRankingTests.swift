import Testing
@testable import ClientValue

/// The client lists of the CLV renderings: the first `limit` clients by CLV, highest first,
/// ties by id, however they are picked.
@Suite("CLVText.ranked")
struct CLVRankingTests {
    struct Client: Equatable {
        var id: String
        var clv: Double
    }

    /// The definition: sort everyone, take the first `limit` (all for 0).
    static func expected(_ clients: [Client], limit: Int) -> [Client] {
        let sorted = clients.sorted { $0.clv != $1.clv ? $0.clv > $1.clv : $0.id.precedesInCodePointOrder($1.id) }
        return limit > 0 ? Array(sorted.prefix(limit)) : sorted
    }

    @Test("the picked list is the sorted list's prefix (seeded; many ties, negative and zero values)", arguments: 0..<40)
    func matchesSort(seed: Int) {
        var random = SplitMix64(seed: 0xC1_0000 + UInt64(seed))
        let count = random.uniform(0...3000)
        let clients = (0..<count).map { index in
            Client(id: "C\(random.uniform(0...99_999))-\(index)",
                   clv: random.uniform(0...3) == 0 ? Double(random.uniform(-5...5)) : random.uniform(-100.0..<10_000.0))
        }
        for limit in [0, 1, 3, 20, random.uniform(1...400), count, count + 5] {
            let picked = CLVText.ranked(clients, limit: limit, clv: \.clv, id: \.id)
            #expect(picked == Self.expected(clients, limit: limit), "seed \(seed), \(count) clients, limit \(limit)")
        }
    }
}
