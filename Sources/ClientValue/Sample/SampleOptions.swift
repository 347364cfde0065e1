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

    public init(clients: Int = 300, seed: UInt64 = 42, startYear: Int = 2021, years: Int = 5) {
        self.clients = clients
        self.seed = seed
        self.startYear = startYear
        self.years = years
    }
}
