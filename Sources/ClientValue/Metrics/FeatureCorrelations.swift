/// The correlations of one pair of client features: Pearson, Spearman, Kendall and the
/// partial correlation, each present when asked for.
///
/// ```swift
/// let x = table.column("contacts_per_year") ?? [], y = table.column("mean_score") ?? []
/// let all = Correlation.all(x, y)
/// let pair = CorrelationPair(x: "contacts_per_year", y: "mean_score", n: all.pearson.n,
///                            pearson: all.pearson, spearman: all.spearman, kendall: all.kendall)
/// ```
public struct CorrelationPair: Sendable, Hashable, Codable {
    /// The first feature's name.
    public var x: String
    /// The second feature's name.
    public var y: String
    /// The clients with both values (Pearson's n).
    public var n: Int
    /// Pearson's r with its p-value and interval; `nil` when not asked for.
    public var pearson: CorrelationResult?
    /// Spearman's ρ with its p-value; `nil` when not asked for.
    public var spearman: CorrelationResult?
    /// Kendall's tau-b with its p-value; `nil` when not asked for.
    public var kendall: CorrelationResult?
    /// The partial correlation controlling for ``control``; `nil` without controls.
    public var partial: CorrelationResult?
    /// The features the partial correlation controls for; empty without one.
    public var control: [String]

    /// A pair's correlations.
    ///
    /// - Parameters:
    ///   - x: the first feature's name.
    ///   - y: the second feature's name.
    ///   - n: the clients with both values.
    ///   - pearson: Pearson's result, if asked for.
    ///   - spearman: Spearman's result, if asked for.
    ///   - kendall: Kendall's result, if asked for.
    ///   - partial: the partial correlation, if any.
    ///   - control: the features the partial correlation controls for.
    public init(x: String, y: String, n: Int, pearson: CorrelationResult? = nil, spearman: CorrelationResult? = nil,
                kendall: CorrelationResult? = nil, partial: CorrelationResult? = nil, control: [String] = []) {
        self.x = x
        self.y = y
        self.n = n
        self.pearson = pearson
        self.spearman = spearman
        self.kendall = kendall
        self.partial = partial
        self.control = control
    }

    /// The result to state in words: Spearman's, else Pearson's, else Kendall's.
    package var headline: CorrelationResult? { spearman ?? pearson ?? kendall }
}

/// The coefficients of every pair of features by one method, with the n of each pair.
public struct CorrelationMatrix: Sendable, Hashable, Codable {
    /// The features, in the order of the rows and columns.
    public var features: [String]
    /// The method of every coefficient.
    public var method: CorrelationMethod
    /// `coefficients[i][j]`: the coefficient of features i and j, -1...1 (1 on the
    /// diagonal); `nil` where it is undefined.
    public var coefficients: [[Double?]]
    /// `n[i][j]`: the clients with values of both features i and j.
    public var n: [[Int]]

    /// Correlates every pair of the table's features.
    ///
    /// - Parameters:
    ///   - table: the client features.
    ///   - method: Pearson, Spearman or Kendall (partial computes Pearson's).
    /// - Complexity: O(features² × the method's cost on one pair).
    public init(_ table: ClientFeatureTable, method: CorrelationMethod) {
        features = table.features
        self.method = method
        let count = features.count
        var coefficients = [[Double?]](repeating: [Double?](repeating: nil, count: count), count: count)
        var n = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        for i in 0..<count {
            for j in i..<count {
                let a = table.column(features[i]) ?? [], b = table.column(features[j]) ?? []
                let result: CorrelationResult
                switch method {
                case .pearson, .partial: result = Correlation.pearson(a, b)
                case .spearman: result = Correlation.spearman(a, b)
                case .kendall: result = Correlation.kendall(a, b)
                }
                coefficients[i][j] = result.coefficient
                coefficients[j][i] = result.coefficient
                n[i][j] = result.n
                n[j][i] = result.n
            }
        }
        self.coefficients = coefficients
        self.n = n
    }
}

/// What the `correlate` command computes: the correlations of chosen pairs of client
/// features, and optionally the matrix of every pair.
///
/// ```swift
/// let table = ClientFeatureTable(asOf: asOf, contacts: contacts, surveys: surveys)
/// let x = table.column("contacts_per_year") ?? [], y = table.column("mean_score") ?? []
/// let all = Correlation.all(x, y)
/// let result = FeatureCorrelations(asOf: table.asOf, clients: table.clientIDs.count, features: table.features,
///                                  pairs: [CorrelationPair(x: "contacts_per_year", y: "mean_score", n: all.pearson.n,
///                                                          pearson: all.pearson, spearman: all.spearman)],
///                                  matrix: CorrelationMatrix(table, method: .spearman))
/// print(try result.rendered(as: .markdown))
/// ```
public struct FeatureCorrelations: Sendable, Hashable, Codable {
    /// The date the features are measured at.
    public var asOf: Day
    /// The clients in the feature table (a pair leaves out those missing a value).
    public var clients: Int
    /// Every feature available.
    public var features: [String]
    /// The pairs asked for, in order.
    public var pairs: [CorrelationPair]
    /// The matrix over every feature, when asked for.
    public var matrix: CorrelationMatrix?

    /// The correlations of a feature table.
    ///
    /// - Parameters:
    ///   - asOf: the date the features are measured at.
    ///   - clients: the clients in the feature table.
    ///   - features: every feature available.
    ///   - pairs: the pairs asked for.
    ///   - matrix: the matrix over every feature, if asked for.
    public init(asOf: Day, clients: Int, features: [String], pairs: [CorrelationPair], matrix: CorrelationMatrix? = nil) {
        self.asOf = asOf
        self.clients = clients
        self.features = features
        self.pairs = pairs
        self.matrix = matrix
    }
}
