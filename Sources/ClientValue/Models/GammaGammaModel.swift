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
    public var frequency: Int
    public var meanSpend: Double

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
    public var p: Double
    public var q: Double
    public var gamma: Double

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
    public func expectedSpend(_ history: SpendHistory) -> Double {
        guard history.frequency > 0 else { return populationMeanSpend }
        let x = Double(history.frequency)
        return p * (gamma + x * history.meanSpend) / (p * x + q - 1)
    }

    /// ln f(z̄ | x): the log-density of a client's mean repeat spend (Fader & Hardie 2013, eq. 3).
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
    /// - Throws: ``ModelFitError/invalidInput(model:message:)`` when a history has no repeat
    ///   purchase or a spend that is not positive (leave those clients out first), or when
    ///   fewer than two clients remain;
    ///   ``ModelFitError/notConverged(model:diagnosis:suggestion:)``.
    public static func fit(_ histories: [SpendHistory]) throws(ModelFitError) -> GammaGammaFit {
        if let index = histories.firstIndex(where: { $0.frequency < 1 || !($0.meanSpend > 0) || !$0.meanSpend.isFinite }) {
            let h = histories[index]
            throw .invalidInput(model: "Gamma-Gamma",
                                message: "history \(index + 1) has \(h.frequency) repeat purchases with mean spend \(h.meanSpend); the model needs at least one repeat purchase and a positive mean spend")
        }
        guard histories.count >= 2 else {
            throw .invalidInput(model: "Gamma-Gamma", message: "\(histories.count) client(s) with repeat purchases; at least 2 are needed")
        }
        // Merge identical histories.
        var weights = [SpendHistory: Double]()
        for h in histories { weights[h, default: 0] += 1 }
        let rows = weights.sorted { ($0.key.frequency, $0.key.meanSpend) < ($1.key.frequency, $1.key.meanSpend) }
        let n = Double(histories.count)
        let mean = histories.reduce(0) { $0 + $1.meanSpend } / n
        let starts: [[Double]] = [[1, 1, 1], [2, 3, mean], [6, 4, max(mean / 2, 1e-3)], [0.5, 2, max(mean / 10, 1e-3)]]
        var best: Minimum?
        var evaluations = 0
        for start in starts {
            let result = BFGSMinimizer.minimize(from: start.map { log($0) }) { theta, gradient in
                negativeMeanLogLikelihood(theta, rows, n, &gradient)
            }
            evaluations += result.evaluations
            guard result.converged else { continue }
            if best == nil || result.value < best!.value { best = result }
        }
        guard let best else {
            throw .notConverged(model: "Gamma-Gamma",
                                diagnosis: "none of \(starts.count) starting points reached a maximum of the likelihood on \(histories.count) clients",
                                suggestion: "Spend that varies very little between clients, or a few extreme values, can make q run off to infinity; check the amounts.")
        }
        let model = GammaGammaModel(p: exp(best.point[0]), q: exp(best.point[1]), gamma: exp(best.point[2]))
        let diagnostics = FitDiagnostics(logLikelihood: -best.value * n, converged: true, iterations: best.iterations,
                                         evaluations: evaluations, startingPoints: starts.count, gradientNorm: best.gradientNorm,
                                         clients: histories.count, distinctHistories: rows.count)
        return GammaGammaFit(model: model, diagnostics: diagnostics)
    }

    static func negativeMeanLogLikelihood(_ theta: [Double], _ rows: [(key: SpendHistory, value: Double)], _ n: Double,
                                          _ gradient: inout [Double]) -> Double {
        let p = exp(theta[0]), q = exp(theta[1]), gamma = exp(theta[2])
        guard p.isFinite, q.isFinite, gamma.isFinite, p > 0, q > 0, gamma > 0 else { return .nan }
        let lgQ = SpecialFunctions.logGamma(q), psiQ = SpecialFunctions.digamma(q), logGamma = log(gamma)
        var total = 0.0, gp = 0.0, gq = 0.0, gg = 0.0
        for (history, w) in rows {
            let x = Double(history.frequency), z = history.meanSpend
            let px = p * x
            let logZ = log(z), logX = log(x), logDenominator = log(gamma + x * z)
            let psiPXQ = SpecialFunctions.digamma(px + q)
            total += w * (SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - lgQ + q * logGamma
                          + (px - 1) * logZ + px * logX - (px + q) * logDenominator)
            gp += w * x * (psiPXQ - SpecialFunctions.digamma(px) + logZ + logX - logDenominator)
            gq += w * (psiPXQ - psiQ + logGamma - logDenominator)
            gg += w * (q / gamma - (px + q) / (gamma + x * z))
        }
        gradient[0] = -gp * p / n
        gradient[1] = -gq * q / n
        gradient[2] = -gg * gamma / n
        return -total / n
    }
}

/// A fitted Gamma-Gamma model with how the fit went.
public struct GammaGammaFit: Sendable, Hashable, Codable {
    public var model: GammaGammaModel
    public var diagnostics: FitDiagnostics
}
