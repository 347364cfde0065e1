#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The time unit of a purchase history. Models fitted in one unit predict in that unit.
public enum TimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Days: for firms whose clients buy often, or to match data summarised daily.
    case day
    /// Weeks of 7 days, the unit of the published CDNOW analyses and the default.
    case week
    /// Average Gregorian months of 365.2425 / 12 days, for clients who buy a few times a year.
    case month

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
    /// x: the client's repeat purchase occasions (occasions after the first), 0 or more.
    public var frequency: Int
    /// t_x: the time from the first purchase occasion to the last, in the history's unit;
    /// 0 when there is no repeat purchase.
    public var recency: Double
    /// T: the time from the first purchase occasion to the end of observation, in the
    /// history's unit; at least ``recency``.
    public var age: Double

    /// A history from its three numbers, all in the same ``TimeUnit``.
    ///
    /// ```swift
    /// let history = PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86)   // weeks
    /// ```
    ///
    /// Values are not checked here; a fit rejects impossible ones with
    /// ``ModelFitError/invalidInput(model:message:)``.
    ///
    /// - Parameters:
    ///   - frequency: x, the repeat purchase occasions, 0 or more.
    ///   - recency: t_x, the time from the first occasion to the last; 0 when x = 0.
    ///   - age: T, the time from the first occasion to the end of observation, at least
    ///     `recency`.
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
        // Histories are equal by `==`, as `PurchaseHistory`'s own equality has them: −0 equals
        // 0, and a NaN equals nothing, so it is a row of its own.
        var table = DistinctRowTable(expected: histories.count)
        var frequencies = FrequencySlots()
        for history in histories {
            totalWeight += 1
            let hash = DistinctRowTable.mix(UInt64(truncatingIfNeeded: history.frequency), DistinctRowTable.bits(history.recency),
                                            DistinctRowTable.bits(history.age))
            let row = table.row(hash: hash, newRow: frequency.count) { row in
                frequency[row] == history.frequency && recency[row] == history.recency && age[row] == history.age
            }
            if row < frequency.count {
                weight[row] += 1
                continue
            }
            frequency.append(history.frequency)
            recency.append(history.recency)
            age.append(history.age)
            weight.append(1)
            frequencySlot.append(frequencies.slot(of: history.frequency))
        }
        distinctFrequencies = frequencies.distinct
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

    /// The error in one sentence for the user: the model's name, what went wrong and, for
    /// a fit that did not converge, what to try.
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
    /// Whether the optimiser met its tolerance; a fit that did not converge throws instead,
    /// so a returned fit says `true`.
    public var converged: Bool
    /// Iterations of the best run, and the objective evaluations over all runs.
    public var iterations: Int
    /// The evaluations of the log-likelihood and its gradient over all starting points.
    public var evaluations: Int
    /// Starting points tried, and the largest gradient component at the estimate (of the
    /// mean log-likelihood with respect to the log-parameters).
    public var startingPoints: Int
    /// The largest gradient component at the estimate (of the mean log-likelihood with
    /// respect to the log-parameters); near 0 at a proper maximum.
    public var gradientNorm: Double
    /// Clients used, and distinct histories after identical ones were merged.
    public var clients: Int
    /// The distinct histories after identical ones were merged; at most ``clients``.
    public var distinctHistories: Int

    /// Akaike's criterion, 2k − 2 ln L, for a model of k parameters.
    ///
    /// Lower is better; compare models fitted on the same clients only.
    ///
    /// - Parameter k: The model's number of parameters (4 for BG/NBD, 2 for sBG).
    /// - Returns: The AIC.
    public func aic(parameters k: Int) -> Double { 2 * Double(k) - 2 * logLikelihood }

    /// Schwarz's Bayesian criterion, k ln n − 2 ln L, for k parameters and n = ``clients``.
    ///
    /// Lower is better; ``ModelComparison`` chooses by it when there is no holdout period.
    ///
    /// - Parameter k: The model's number of parameters.
    /// - Returns: The BIC.
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
