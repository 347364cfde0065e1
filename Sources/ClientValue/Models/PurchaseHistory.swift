#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The time unit of a purchase history. Models fitted in one unit predict in that unit.
public enum TimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case day, week, month

    /// The unit's length in days; a month is an average Gregorian month, 365.2425 / 12 days.
    public var days: Double {
        switch self {
        case .day: 1
        case .week: 7
        case .month: 365.2425 / 12
        }
    }
}

/// One client's purchases as the buy-till-you-die models see them: (x, t_x, T).
///
/// - `frequency` (x): repeat purchase occasions, that is occasions after the first.
/// - `recency` (t_x): time from the first to the last purchase occasion; 0 when x = 0.
/// - `age` (T): time from the first purchase to the end of observation; T ≥ t_x ≥ 0.
///
/// Times are in the history's ``TimeUnit``.
public struct PurchaseHistory: Sendable, Hashable, Codable {
    public var frequency: Int
    public var recency: Double
    public var age: Double

    public init(frequency: Int, recency: Double, age: Double) {
        self.frequency = frequency
        self.recency = recency
        self.age = age
    }

    /// Nil when the values cannot describe a purchase history: a negative or non-finite
    /// value, recency above age, or recency non-zero with no repeat purchase.
    var problem: String? {
        guard frequency >= 0 else { return "frequency \(frequency) is negative" }
        guard recency.isFinite, age.isFinite, recency >= 0, age >= 0 else { return "recency \(recency) and age \(age) must be finite and non-negative" }
        guard recency <= age * (1 + 1e-12) else { return "recency \(recency) is after the end of observation (age \(age))" }
        guard frequency > 0 || recency == 0 else { return "recency \(recency) with no repeat purchase" }
        return nil
    }
}

/// Identical histories merged, each with the number of clients that share it, so that a fit
/// evaluates each distinct (x, t_x, T) once.
struct CollapsedHistories {
    var frequency: [Int] = []
    var recency: [Double] = []
    var age: [Double] = []
    var weight: [Double] = []
    /// For each row, the index of its frequency in `distinctFrequencies`.
    var frequencySlot: [Int] = []
    var distinctFrequencies: [Int] = []
    var totalWeight = 0.0

    init(_ histories: [PurchaseHistory]) {
        var index = [PurchaseHistory: Int]()
        var frequencyIndex = [Int: Int]()
        for history in histories {
            totalWeight += 1
            if let row = index[history] {
                weight[row] += 1
                continue
            }
            index[history] = frequency.count
            frequency.append(history.frequency)
            recency.append(history.recency)
            age.append(history.age)
            weight.append(1)
            if let slot = frequencyIndex[history.frequency] {
                frequencySlot.append(slot)
            } else {
                frequencyIndex[history.frequency] = distinctFrequencies.count
                frequencySlot.append(distinctFrequencies.count)
                distinctFrequencies.append(history.frequency)
            }
        }
    }

    var count: Int { frequency.count }
}

/// A model fit that failed: not enough data, or no convergence. ``message`` says why and
/// what to try.
public enum ModelFitError: Error, Hashable, Sendable {
    /// The input cannot be fitted (empty, or values that are not a purchase history).
    case invalidInput(model: String, message: String)
    /// The optimiser did not converge from any starting point.
    case notConverged(model: String, diagnosis: String, suggestion: String)

    public var message: String {
        switch self {
        case .invalidInput(let model, let message):
            return "\(model): \(message)"
        case .notConverged(let model, let diagnosis, let suggestion):
            return "\(model) fit did not converge: \(diagnosis). \(suggestion)"
        }
    }
}

/// How a maximum-likelihood fit went.
public struct FitDiagnostics: Sendable, Hashable, Codable {
    /// The total log-likelihood at the estimate (natural log, summed over clients).
    public var logLikelihood: Double
    public var converged: Bool
    /// Iterations of the best run, and the objective evaluations over all runs.
    public var iterations: Int
    public var evaluations: Int
    /// Starting points tried, and the largest gradient component at the estimate (of the
    /// mean log-likelihood with respect to the log-parameters).
    public var startingPoints: Int
    public var gradientNorm: Double
    /// Clients used, and distinct histories after identical ones were merged.
    public var clients: Int
    public var distinctHistories: Int

    /// Akaike's criterion, 2k − 2 ln L, for a model of k parameters.
    public func aic(parameters k: Int) -> Double { 2 * Double(k) - 2 * logLikelihood }

    /// Schwarz's Bayesian criterion, k ln n − 2 ln L, for k parameters and n = ``clients``.
    public func bic(parameters k: Int) -> Double { Double(k) * log(Double(max(1, clients))) - 2 * logLikelihood }

    /// A client count from a total weight: rounded, and `Int.max` when it is beyond `Int`'s
    /// range (weights are any non-negative numbers; converting 1e300 would trap).
    static func count(_ weight: Double) -> Int {
        let rounded = weight.rounded()
        guard !rounded.isNaN else { return 0 }
        guard rounded < 9_223_372_036_854_775_807.0 else { return .max }
        return rounded > 0 ? Int(rounded) : 0
    }
}
