#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One client's repeat spending: `frequency` repeat purchases with mean value `meanSpend`
/// (currency units).
public struct SpendHistory: Sendable, Hashable, Codable {
    /// x: the client's repeat purchase occasions; the model needs at least 1.
    public var frequency: Int
    /// z̄: the mean net value of those repeat occasions, in the billing's currency units;
    /// the model needs it positive.
    public var meanSpend: Double

    /// A client's repeat spending from its count and mean.
    ///
    /// - Parameters:
    ///   - frequency: x, the repeat purchase occasions.
    ///   - meanSpend: z̄, their mean value in currency units.
    public init(frequency: Int, meanSpend: Double) {
        self.frequency = frequency
        self.meanSpend = meanSpend
    }
}

/// The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, "The Gamma-Gamma Model of
/// Monetary Value"; Colombo & Jiang 1999).
///
/// Each purchase of a client is Gamma(p, ν) with ν ~ Gamma(q, γ) across clients, so the mean
/// spend of a client with x purchases averaging z̄ is predicted as
/// E[M | x, z̄] = p(γ + x z̄) / (p x + q − 1): a weighted mean of the population mean p γ / (q − 1)
/// and the client's own z̄. The model assumes spend is independent of purchase frequency.
public struct GammaGammaModel: Sendable, Hashable, Codable {
    /// p, the shape of the gamma distribution of each purchase's value around the client's
    /// own mean; positive.
    public var p: Double
    /// q, the shape of the gamma distribution of the clients' scale parameters ν; the
    /// population mean spend is finite only when q > 1.
    public var q: Double
    /// γ, the scale of that distribution, in currency units.
    public var gamma: Double

    /// A model with known parameters, say from an earlier fit or a published analysis.
    ///
    /// ```swift
    /// let spend = GammaGammaModel(p: 6.25, q: 3.74, gamma: 15.44)   // CDNOW, in dollars
    /// spend.expectedSpend(SpendHistory(frequency: 2, meanSpend: 35))
    /// ```
    ///
    /// - Parameters:
    ///   - p: The shape of the spread of a client's purchases around its own mean, positive.
    ///   - q: The shape of the spread of the clients' means, positive (above 1 for a finite
    ///     population mean).
    ///   - gamma: The scale of that spread, positive, in currency units.
    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// The population mean spend per purchase, p γ / (q − 1); infinite when q ≤ 1.
    public var populationMeanSpend: Double {
        q > 1 ? p * gamma / (q - 1) : .infinity
    }

    /// The expected spend per purchase of a client: its posterior mean. A client with no
    /// repeat purchase gets the population mean.
    ///
    /// E[M | x, z̄] = p(γ + x z̄) / (p x + q − 1): the more repeat purchases a client has made,
    /// the more its own mean counts against the population's.
    ///
    /// - Parameter history: The client's repeat purchase count and mean spend.
    /// - Returns: The expected value of one future purchase, in currency units.
    public func expectedSpend(_ history: SpendHistory) -> Double {
        guard history.frequency > 0 else { return populationMeanSpend }
        let x = Double(history.frequency)
        return p * (gamma + x * history.meanSpend) / (p * x + q - 1)
    }

    /// ln f(z̄ | x): the log-density of a client's mean repeat spend (Fader & Hardie 2013, eq. 3).
    ///
    /// - Parameter history: The client's repeat purchase count (at least 1) and positive
    ///   mean spend.
    /// - Returns: The natural log of the density of its mean spend.
    public func logLikelihood(_ history: SpendHistory) -> Double {
        let x = Double(history.frequency), z = history.meanSpend
        let px = p * x
        return SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - SpecialFunctions.logGamma(q)
            + q * log(gamma) + (px - 1) * log(z) + px * log(x) - (px + q) * log(gamma + x * z)
    }

    /// Fits the model by maximum likelihood on clients with at least one repeat purchase and a
    /// positive mean repeat spend, with the parameters on the log scale (BFGS, analytic
    /// gradient, several starting points).
    ///
    /// Degenerate input: spend that is the same for every client has no spread to fit (q runs
    /// off to infinity) and gives ``ModelFitError/notConverged(model:diagnosis:suggestion:)``;
    /// two clients, or spend of 1e15 or 1e−9, give a finite fit (q may then be very large, and
    /// ``GammaGammaFit/parameterEstimates`` nil), never NaN.
    ///
    /// ```swift
    /// let repeaters = summary.clients.filter { $0.history.frequency > 0 && $0.meanRepeatSpend > 0 }
    ///     .map { SpendHistory(frequency: $0.history.frequency, meanSpend: $0.meanRepeatSpend) }
    /// let spend = try GammaGammaModel.fit(repeaters)
    /// print(spend.model.populationMeanSpend)
    /// ```
    ///
    /// - Parameter histories: One ``SpendHistory`` per client with at least one repeat
    ///   purchase and a positive mean repeat spend.
    /// - Returns: The fitted model, its ``FitDiagnostics`` and the parameters' standard errors.
    /// - Throws: ``ModelFitError/invalidInput(model:message:)`` when a history has no repeat
    ///   purchase or a spend that is not positive (leave those clients out first), or when
    ///   fewer than two clients remain;
    ///   ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` when no starting point
    ///   converges.
    /// - Complexity: O(n) per likelihood evaluation for n clients, times a few hundred
    ///   evaluations per starting point.
    public static func fit(_ histories: [SpendHistory]) throws(ModelFitError) -> GammaGammaFit {
        if let index = histories.firstIndex(where: { $0.frequency < 1 || !($0.meanSpend > 0) || !$0.meanSpend.isFinite }) {
            let h = histories[index]
            throw .invalidInput(model: "Gamma-Gamma",
                                message: "history \(index + 1) has \(h.frequency) repeat purchases with mean spend \(h.meanSpend); the model needs at least one repeat purchase and a positive mean spend")
        }
        guard histories.count >= 2 else {
            throw .invalidInput(model: "Gamma-Gamma", message: "\(histories.count) client(s) with repeat purchases; at least 2 are needed")
        }
        let rows = SpendRows(histories)
        let n = Double(histories.count)
        let mean = histories.reduce(0) { $0 + $1.meanSpend } / n
        let starts: [[Double]] = [[1, 1, 1], [2, 3, mean], [6, 4, max(mean / 2, 1e-3)], [0.5, 2, max(mean / 10, 1e-3)]]
        let search = BFGSMinimizer.minimize(fromEach: starts.map { $0.map { log($0) } }) { theta, gradient in
            negativeMeanLogLikelihood(theta, rows, &gradient)
        }
        let evaluations = search.evaluations
        guard let best = search.best else {
            throw .notConverged(model: "Gamma-Gamma",
                                diagnosis: search.failureDiagnosis("\(histories.count) clients"),
                                suggestion: "Spend that varies very little between clients, or a few extreme values, can make q run off to infinity; check the amounts.")
        }
        let model = GammaGammaModel(p: exp(best.point[0]), q: exp(best.point[1]), gamma: exp(best.point[2]))
        let diagnostics = FitDiagnostics(logLikelihood: -best.value * n, converged: true, iterations: best.iterations,
                                         evaluations: evaluations, startingPoints: search.startsTried, gradientNorm: best.gradientNorm,
                                         clients: histories.count, distinctHistories: rows.count)
        let estimates = ObservedInformation.estimates(names: ["p", "q", "gamma"], logPoint: best.point, scale: n) { theta, gradient in
            negativeMeanLogLikelihood(theta, rows, &gradient)
        }
        return GammaGammaFit(model: model, diagnostics: diagnostics, parameterEstimates: estimates)
    }

    /// −(1/N) Σ ln f and its gradient with respect to (ln p, ln q, ln γ). The gamma-function
    /// terms depend on x only, so they are computed once per distinct frequency.
    static func negativeMeanLogLikelihood(_ theta: [Double], _ rows: SpendRows, _ gradient: inout [Double]) -> Double {
        let p = exp(theta[0]), q = exp(theta[1]), gamma = exp(theta[2])
        guard p.isFinite, q.isFinite, gamma.isFinite, p > 0, q > 0, gamma > 0 else { return .nan }
        let lgQ = SpecialFunctions.logGamma(q), psiQ = SpecialFunctions.digamma(q), logGamma = log(gamma)
        let k = rows.distinctFrequencies.count
        var gammaTerms = [Double](repeating: 0, count: k), psiDifference = [Double](repeating: 0, count: k)
        var psiSum = [Double](repeating: 0, count: k)
        for (slot, frequency) in rows.distinctFrequencies.enumerated() {
            let px = p * Double(frequency)
            let psiPXQ = SpecialFunctions.digamma(px + q)
            gammaTerms[slot] = SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - lgQ + q * logGamma
            psiDifference[slot] = psiPXQ - SpecialFunctions.digamma(px)
            psiSum[slot] = psiPXQ - psiQ + logGamma
        }
        // Rows summed in blocks on the cores, the blocks' sums in block order (see
        // ``ChunkedWork/blockSums(count:width:blockSize:_:)``).
        let terms = FrequencyTerms(gammaTerms: gammaTerms, psiDifference: psiDifference, psiSum: psiSum)
        let sums = ChunkedWork.blockSums(count: rows.count, width: 4, blockSize: ChunkedWork.likelihoodBlock) { range in
            blockSums(range, rows, terms, p: p, q: q, gamma: gamma)
        }
        let total = sums[0], gp = sums[1], gq = sums[2], gg = sums[3]
        let n = rows.totalWeight
        gradient[0] = -gp * p / n
        gradient[1] = -gq * q / n
        gradient[2] = -gg * gamma / n
        return -total / n
    }
}

extension GammaGammaModel {
    /// The terms of the log-likelihood that depend on x only, one entry per distinct frequency.
    struct FrequencyTerms: Sendable {
        var gammaTerms, psiDifference, psiSum: [Double]
    }

    /// Σ w ln f and the three gradient sums (with respect to p, q, γ) over `range` of the rows.
    static func blockSums(_ range: Range<Int>, _ rows: SpendRows, _ terms: FrequencyTerms,
                          p: Double, q: Double, gamma: Double) -> [Double] {
        var total = 0.0, gp = 0.0, gq = 0.0, gg = 0.0
        for row in range {
            let slot = rows.frequencySlot[row]
            let x = rows.frequency[row], z = rows.meanSpend[row], w = rows.weight[row]
            let px = p * x
            let logDenominator = log(gamma + x * z)
            total += w * (terms.gammaTerms[slot] + (px - 1) * rows.logMeanSpend[row] + px * rows.logFrequency[row] - (px + q) * logDenominator)
            gp += w * x * (terms.psiDifference[slot] + rows.logMeanSpend[row] + rows.logFrequency[row] - logDenominator)
            gq += w * (terms.psiSum[slot] - logDenominator)
            gg += w * (q / gamma - (px + q) / (gamma + x * z))
        }
        return [total, gp, gq, gg]
    }
}

/// Spend histories merged when identical, with the logarithms that do not depend on the
/// parameters computed once.
struct SpendRows: Sendable {
    var frequency: [Double] = []
    var meanSpend: [Double] = []
    var logFrequency: [Double] = []
    var logMeanSpend: [Double] = []
    var weight: [Double] = []
    var frequencySlot: [Int] = []
    var distinctFrequencies: [Int] = []
    var totalWeight = 0.0

    init(_ histories: [SpendHistory]) {
        // Histories equal by `==` share a row, as `SpendHistory`'s own equality has them.
        var table = DistinctRowTable(expected: histories.count)
        var frequencies = FrequencySlots()
        var logOfFrequency: [Double] = []   // per distinct frequency
        var rowFrequency: [Int] = []
        for h in histories {
            totalWeight += 1
            let hash = DistinctRowTable.mix(UInt64(truncatingIfNeeded: h.frequency), DistinctRowTable.bits(h.meanSpend))
            let row = table.row(hash: hash, newRow: weight.count) { row in
                rowFrequency[row] == h.frequency && meanSpend[row] == h.meanSpend
            }
            if row < weight.count {
                weight[row] += 1
                continue
            }
            let slot = frequencies.slot(of: h.frequency)
            if slot == logOfFrequency.count { logOfFrequency.append(log(Double(h.frequency))) }
            frequency.append(Double(h.frequency))
            meanSpend.append(h.meanSpend)
            logFrequency.append(logOfFrequency[slot])
            logMeanSpend.append(log(h.meanSpend))
            weight.append(1)
            frequencySlot.append(slot)
            rowFrequency.append(h.frequency)
        }
        distinctFrequencies = frequencies.distinct
    }

    var count: Int { weight.count }
}

/// A fitted Gamma-Gamma model with how the fit went.
public struct GammaGammaFit: Sendable, Hashable, Codable {
    /// The model at the maximum-likelihood estimate.
    public var model: GammaGammaModel
    /// The log-likelihood, convergence, iterations and client counts of the fit.
    public var diagnostics: FitDiagnostics
    /// p, q and γ with standard errors and 95% intervals; nil when the likelihood is flat in
    /// some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?
}
