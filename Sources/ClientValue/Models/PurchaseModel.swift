#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The continuous-time models of repeat purchasing, which all read a client as
/// (x, t_x, T) (``PurchaseHistory``) and answer the same questions.
public enum PurchaseModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// BG/NBD (Fader, Hardie & Lee 2005): drop-out after a purchase.
    case bgnbd
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): drop-out at any time.
    case paretoNBD = "pareto-nbd"
    /// MBG/NBD (Batislam, Denizel & Filiztekin 2007): as BG/NBD, and a client may drop out
    /// right after its first purchase.
    case mbgnbd

    /// The name the literature writes: "BG/NBD", "Pareto/NBD", "MBG/NBD".
    public var displayName: String {
        switch self {
        case .bgnbd: "BG/NBD"
        case .paretoNBD: "Pareto/NBD"
        case .mbgnbd: "MBG/NBD"
        }
    }
}

/// A fitted continuous-time purchase model of any ``PurchaseModelKind``.
///
/// ```swift
/// let fit = try PurchaseModel.fit(.paretoNBD, histories, unit: .week)
/// fit.model.probabilityAlive(history, after: 52)   // alive a year after the end of observation
/// ```
public enum PurchaseModel: Sendable, Hashable, Codable {
    case bgnbd(BGNBDModel)
    case paretoNBD(ParetoNBDModel)
    case mbgnbd(MBGNBDModel)

    public var kind: PurchaseModelKind {
        switch self {
        case .bgnbd: .bgnbd
        case .paretoNBD: .paretoNBD
        case .mbgnbd: .mbgnbd
        }
    }

    /// The unit of every time the model reads and predicts.
    public var unit: TimeUnit {
        switch self {
        case .bgnbd(let m): m.unit
        case .paretoNBD(let m): m.unit
        case .mbgnbd(let m): m.unit
        }
    }

    /// The parameters by name, in the papers' order: (r, alpha, a, b) or (r, alpha, s, beta).
    public var parameters: [NamedValue] {
        switch self {
        case .bgnbd(let m): [NamedValue("r", m.r), NamedValue("alpha", m.alpha), NamedValue("a", m.a), NamedValue("b", m.b)]
        case .paretoNBD(let m): [NamedValue("r", m.r), NamedValue("alpha", m.alpha), NamedValue("s", m.s), NamedValue("beta", m.beta)]
        case .mbgnbd(let m): [NamedValue("r", m.r), NamedValue("alpha", m.alpha), NamedValue("a", m.a), NamedValue("b", m.b)]
        }
    }

    /// ln L of one history.
    public func logLikelihood(_ history: PurchaseHistory) -> Double {
        switch self {
        case .bgnbd(let m): m.logLikelihood(history)
        case .paretoNBD(let m): m.logLikelihood(history)
        case .mbgnbd(let m): m.logLikelihood(history)
        }
    }

    /// P(alive at the end of observation | history), in [0, 1].
    public func probabilityAlive(_ history: PurchaseHistory) -> Double {
        switch self {
        case .bgnbd(let m): m.probabilityAlive(history)
        case .paretoNBD(let m): m.probabilityAlive(history)
        case .mbgnbd(let m): m.probabilityAlive(history)
        }
    }

    /// P(alive `t` units after the end of observation | history), in [0, 1]; non-increasing in t.
    public func probabilityAlive(_ history: PurchaseHistory, after t: Double) -> Double {
        switch self {
        case .bgnbd(let m): m.probabilityAlive(history, after: t)
        case .paretoNBD(let m): m.probabilityAlive(history, after: t)
        case .mbgnbd(let m): m.probabilityAlive(history, after: t)
        }
    }

    /// Expected purchases in the next `t` units given the history.
    public func expectedPurchases(in t: Double, given history: PurchaseHistory) -> Double {
        switch self {
        case .bgnbd(let m): m.expectedPurchases(in: t, given: history)
        case .paretoNBD(let m): m.expectedPurchases(in: t, given: history)
        case .mbgnbd(let m): m.expectedPurchases(in: t, given: history)
        }
    }

    /// Expected repeat purchases of a new client in its first `t` units.
    public func expectedPurchases(newClientOver t: Double) -> Double {
        switch self {
        case .bgnbd(let m): m.expectedPurchases(newClientOver: t)
        case .paretoNBD(let m): m.expectedPurchases(newClientOver: t)
        case .mbgnbd(let m): m.expectedPurchases(newClientOver: t)
        }
    }

    /// Fits a model of `kind` by maximum likelihood (see each model's `fit`).
    /// - Throws: ``ModelFitError``.
    public static func fit(_ kind: PurchaseModelKind, _ histories: [PurchaseHistory], unit: TimeUnit = .week) throws(ModelFitError) -> PurchaseModelFit {
        switch kind {
        case .bgnbd:
            let fit = try BGNBDModel.fit(histories, unit: unit)
            return PurchaseModelFit(model: .bgnbd(fit.model), diagnostics: fit.diagnostics, parameterEstimates: fit.parameterEstimates)
        case .paretoNBD:
            let fit = try ParetoNBDModel.fit(histories, unit: unit)
            return PurchaseModelFit(model: .paretoNBD(fit.model), diagnostics: fit.diagnostics, parameterEstimates: fit.parameterEstimates)
        case .mbgnbd:
            let fit = try MBGNBDModel.fit(histories, unit: unit)
            return PurchaseModelFit(model: .mbgnbd(fit.model), diagnostics: fit.diagnostics, parameterEstimates: fit.parameterEstimates)
        }
    }
}

/// A name with a value, such as a model parameter.
public struct NamedValue: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// A fitted purchase model with how the fit went and its parameters' uncertainty.
public struct PurchaseModelFit: Sendable, Hashable, Codable {
    public var model: PurchaseModel
    public var diagnostics: FitDiagnostics
    /// Each parameter with its standard error and 95% interval from the observed information;
    /// nil when the likelihood is flat in some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?

    public init(model: PurchaseModel, diagnostics: FitDiagnostics, parameterEstimates: [ParameterEstimate]?) {
        self.model = model
        self.diagnostics = diagnostics
        self.parameterEstimates = parameterEstimates
    }

    /// Akaike's criterion, 2k − 2 ln L, for k = 4 parameters.
    public var aic: Double { diagnostics.aic(parameters: model.parameters.count) }

    /// Schwarz's Bayesian criterion, k ln n − 2 ln L, for k = 4 parameters and n clients.
    public var bic: Double { diagnostics.bic(parameters: model.parameters.count) }
}

extension BGNBDModel {
    /// P(alive `t` units after the end of observation | x, t_x, T).
    ///
    /// A client alive at T keeps buying at rate λ and drops out after each purchase with
    /// probability p, so it survives (T, T+t] with probability Σₙ e^{−λt}(λt)ⁿ/n! (1−p)ⁿ =
    /// e^{−λpt}. Given the history and alive at T, λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x)
    /// independently, and the Euler integral of ₂F₁ with Pfaff's transformation gives
    ///
    /// P(alive at T+t) = P(alive at T) · (1−z)^{r+x} ₂F₁(r+x, b+x; a+b+x; z), z = t/(α+T+t).
    ///
    /// At t = 0 this is ``probabilityAlive(_:)``; it falls towards 0 as t grows.
    public func probabilityAlive(_ history: PurchaseHistory, after t: Double) -> Double {
        let alive = probabilityAlive(history)
        guard t > 0 else { return alive }
        let x = Double(history.frequency)
        return alive * MBGNBDModel.poweredHypergeometric(r + x, b + x, a + b + x, t: t, scale: alpha + history.age)
    }
}

/// A calibration period that ends at `calibrationEnd` and a holdout period after it, to
/// `holdoutEnd`, for checking a model's predictions against what happened.
public struct HoldoutPeriod: Sendable, Hashable, Codable {
    public var calibrationEnd: Day
    public var holdoutEnd: Day

    public init(calibrationEnd: Day, holdoutEnd: Day) {
        self.calibrationEnd = calibrationEnd
        self.holdoutEnd = holdoutEnd
    }
}

/// The continuous-time models compared on one data set: fit, log-likelihood, AIC and BIC on
/// the calibration data, and the holdout error when a holdout is given. ``chosen`` is the
/// model with the smallest holdout mean absolute error when there is a holdout, else the
/// smallest BIC; ``reason`` says which and by how much.
public struct ModelComparison: Sendable, Hashable, Codable {
    /// One model's showing.
    public struct Entry: Sendable, Hashable, Codable {
        public var model: PurchaseModelKind
        /// nil when the fit failed (see ``error``).
        public var logLikelihood: Double?
        public var parameters: Int
        public var aic: Double?
        public var bic: Double?
        public var holdoutMeanAbsoluteError: Double?
        public var holdoutRootMeanSquaredError: Double?
        public var holdoutPredicted: Double?
        /// Why the model could not be fitted.
        public var error: String?
    }

    public var entries: [Entry]
    public var chosen: PurchaseModelKind
    /// "holdout MAE" or "BIC".
    public var criterion: String
    public var reason: String

    /// Compares every kind in `kinds` on `summary`; with a `holdout` period, fits each on
    /// `transactions` up to the calibration end instead and predicts the holdout period.
    /// - Throws: ``ModelFitError`` when no model can be fitted (the first model's error), or
    ///   when a holdout is given without the transactions.
    public init(_ summary: TransactionSummary, kinds: [PurchaseModelKind] = PurchaseModelKind.allCases,
                holdout: HoldoutPeriod? = nil, transactions: TransactionSummaryBuilder? = nil) throws(ModelFitError) {
        if holdout != nil && transactions == nil {
            throw .invalidInput(model: "model choice", message: "a holdout check needs the transactions, not only their summary")
        }
        var entries: [Entry] = []
        var firstError: ModelFitError?
        for kind in kinds {
            do {
                if let holdout, let transactions {
                    let validation = try HoldoutValidation(transactions, calibrationEnd: holdout.calibrationEnd,
                                                           holdoutEnd: holdout.holdoutEnd, model: kind)
                    let fit = validation.purchaseModel
                    entries.append(Entry(model: kind, logLikelihood: fit.diagnostics.logLikelihood, parameters: fit.model.parameters.count,
                                         aic: fit.aic, bic: fit.bic, holdoutMeanAbsoluteError: validation.meanAbsoluteError,
                                         holdoutRootMeanSquaredError: validation.rootMeanSquaredError,
                                         holdoutPredicted: validation.totalPredicted))
                } else {
                    let fit = try PurchaseModel.fit(kind, summary.clients.map(\.history), unit: summary.unit)
                    entries.append(Entry(model: kind, logLikelihood: fit.diagnostics.logLikelihood, parameters: fit.model.parameters.count,
                                         aic: fit.aic, bic: fit.bic))
                }
            } catch {
                firstError = firstError ?? error
                entries.append(Entry(model: kind, parameters: 4, error: error.message))
            }
        }
        let byHoldout = holdout != nil
        let scored = entries.compactMap { entry -> (kind: PurchaseModelKind, score: Double)? in
            guard let score = byHoldout ? entry.holdoutMeanAbsoluteError : entry.bic, score.isFinite else { return nil }
            return (entry.model, score)
        }
        guard let best = scored.min(by: { $0.score < $1.score }) else {
            throw firstError ?? .invalidInput(model: "model choice", message: "no model to compare")
        }
        self.entries = entries
        chosen = best.kind
        criterion = byHoldout ? "holdout MAE" : "BIC"
        let runnerUp = scored.filter { $0.kind != best.kind }.min { $0.score < $1.score }
        let places = byHoldout ? 4 : 1
        var reason = "\(best.kind.displayName) has the smallest \(criterion) (\(NumberText.fixed(best.score, places: places)))"
        if let runnerUp {
            reason += "; next is \(runnerUp.kind.displayName) at \(NumberText.fixed(runnerUp.score, places: places))"
            if !byHoldout && runnerUp.score - best.score < 2 {
                reason += ", a difference under 2, so the data hardly tell them apart"
            }
        }
        if !byHoldout { reason += ". Give --calibration-end and --holdout-end to choose by predictive error instead" }
        self.reason = reason
    }
}
