/// What ``SampleGenerator`` makes: how many clients, over which years, from which seed.
///
/// The data run from 1 January of `startYear` to 31 December of `startYear + years - 1`.
/// Values out of range are clamped: `clients` to 0 or more, `years` to 1...100, and
/// `startYear` so that every date has four digits.
public struct SampleOptions: Sendable, Hashable {
    /// Number of clients, prospects included (about 3% have contacts but no billing).
    public var clients: Int = 300
    /// The seed: the same options give byte-identical files on every platform.
    public var seed: UInt64 = 42
    /// First calendar year of the data.
    public var startYear: Int = 2021
    /// Number of calendar years.
    public var years: Int = 5

    /// Options for a sample of `clients` clients over `years` calendar years from `startYear`.
    ///
    /// The defaults give the bundled `SampleData/`: 300 clients, 2021 to 2025, seed 42.
    ///
    /// ```swift
    /// let small = SampleOptions(clients: 50, seed: 1, startYear: 2023, years: 2)   // 2023-01-01 to 2024-12-31
    /// ```
    ///
    /// - Parameters:
    ///   - clients: the number of clients, prospects included; clamped to 0 or more.
    ///   - seed: the random seed; the same options always give the same bytes.
    ///   - startYear: the first calendar year of the data; clamped to 1000 or later, and so
    ///     that the last year is at most 9999.
    ///   - years: the number of calendar years, clamped to 1...100.
    public init(clients: Int = 300, seed: UInt64 = 42, startYear: Int = 2021, years: Int = 5) {
        self.clients = clients
        self.seed = seed
        self.startYear = startYear
        self.years = years
    }
}
