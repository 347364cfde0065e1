/// The Wallet Allocation Rule (Keiningham, Aksoy, Buoye & Cooil, "Customer Loyalty Isn't
/// Enough. Grow Your Share of Wallet", Harvard Business Review, October 2011; Keiningham et
/// al., "The Wallet Allocation Rule", 2015): a provider ranked r among a client's n providers
/// can expect a share of (1 − r/(n + 1)) × 2/n of the client's spend.
///
/// The expected shares of ranks 1…n sum to 1. For n = 3 they are 0.5, 0.333 and 0.167; for
/// n = 4, 0.4, 0.3, 0.2 and 0.1.
///
/// Ties: providers tied over ranks r…r + k − 1 each expect the mean of those ranks' shares,
/// so the shares still sum to 1 (``expectedShare(tiedRanks:providers:)``).
public enum WalletAllocationRule: Sendable {
    /// The expected share, 0…1, of the provider ranked `rank` (1 = preferred) among `providers`.
    ///
    /// ```swift
    /// let first = try WalletAllocationRule.expectedShare(rank: 1, providers: 3)    // 0.5
    /// let second = try WalletAllocationRule.expectedShare(rank: 2, providers: 3)   // 0.333
    /// ```
    ///
    /// - Parameters:
    ///   - rank: the firm's rank in the client's eyes, 1 for its preferred provider.
    ///   - providers: how many firms the client uses in the category, at least 1.
    /// - Returns: (1 − rank/(providers + 1)) × 2/providers, a fraction of the client's wallet.
    /// - Throws: ``WalletRuleError`` when there is no provider, or the rank is below 1 or
    ///   above the number of providers.
    public static func expectedShare(rank: Int, providers: Int) throws(WalletRuleError) -> Double {
        try expectedShare(tiedRanks: rank...rank, providers: providers)
    }

    /// The expected share of a provider tied with others over `tiedRanks`: the mean of the
    /// expected shares of those ranks.
    ///
    /// Two firms tied for second and third of three each expect (0.333 + 0.167) / 2 = 0.25, so
    /// the shares of all providers still sum to 1.
    ///
    /// ```swift
    /// let tied = try WalletAllocationRule.expectedShare(tiedRanks: 2...3, providers: 3)   // 0.25
    /// ```
    ///
    /// - Parameters:
    ///   - tiedRanks: the ranks the tied providers share, such as `2...3`; a single rank
    ///     `r...r` gives that rank's share.
    ///   - providers: how many firms the client uses in the category, at least 1.
    /// - Returns: the mean expected share over the tied ranks, a fraction 0…1.
    /// - Throws: ``WalletRuleError/noProviders(_:)`` when `providers` is below 1, and
    ///   ``WalletRuleError/rankOutOfRange(rank:providers:)`` when a tied rank is below 1 or
    ///   above `providers`.
    public static func expectedShare(tiedRanks: ClosedRange<Int>, providers: Int) throws(WalletRuleError) -> Double {
        guard providers >= 1 else { throw .noProviders(providers) }
        guard tiedRanks.lowerBound >= 1, tiedRanks.upperBound <= providers else {
            throw .rankOutOfRange(rank: tiedRanks.lowerBound < 1 ? tiedRanks.lowerBound : tiedRanks.upperBound, providers: providers)
        }
        let n = Double(providers)
        let total = tiedRanks.reduce(0.0) { $0 + (1 - Double($1) / (n + 1)) * 2 / n }
        return total / Double(tiedRanks.count)
    }
}

/// A rank the Wallet Allocation Rule cannot use.
public enum WalletRuleError: Error, Hashable, Sendable {
    /// The number of providers is below 1.
    case noProviders(Int)
    /// The rank is below 1 or above the number of providers.
    case rankOutOfRange(rank: Int, providers: Int)

    /// The problem in plain words, naming the rank and the number of providers, for an
    /// error message.
    public var message: String {
        switch self {
        case .noProviders(let n):
            return "the number of providers must be at least 1; found \(n)"
        case .rankOutOfRange(let rank, let providers):
            return "rank \(rank) is outside 1...\(providers), the number of providers"
        }
    }
}
