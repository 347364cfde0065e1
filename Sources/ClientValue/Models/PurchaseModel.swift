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
    /// A BG/NBD model: a client may drop out after each purchase.
    case bgnbd(BGNBDModel)
    /// A Pareto/NBD model: a client may drop out at any moment.
    case paretoNBD(ParetoNBDModel)
    /// An MBG/NBD model: as BG/NBD, and a client may drop out right after its first purchase.
    case mbgnbd(MBGNBDModel)

    /// Which of the three models this is.
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
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: The natural log of the history's likelihood under the model.
    public func logLikelihood(_ history: PurchaseHistory) -> Double {
        switch self {
        case .bgnbd(let m): m.logLikelihood(history)
        case .paretoNBD(let m): m.logLikelihood(history)
        case .mbgnbd(let m): m.logLikelihood(history)
        }
    }

    /// P(alive at the end of observation | history), in [0, 1].
    ///
    /// - Parameter history: The client's (x, t_x, T), in the model's ``unit``.
    /// - Returns: The probability that the client is still a client at the end of observation.
    public func probabilityAlive(_ history: PurchaseHistory) -> Double {
        switch self {
        case .bgnbd(let m): m.probabilityAlive(history)
        case .paretoNBD(let m): m.probabilityAlive(history)
        case .mbgnbd(let m): m.probabilityAlive(history)
        }
    }

    /// P(alive `t` units after the end of observation | history), in [0, 1]; non-increasing in t.
    ///
    /// - Parameters:
    ///   - history: The client's (x, t_x, T), in the model's ``unit``.
    ///   - t: The time after the end of observation, in the same unit (52 for a year in weeks).
    /// - Returns: The probability that the client is still a client then.
    public func probabilityAlive(_ history: PurchaseHistory, after t: Double) -> Double {
        switch self {
        case .bgnbd(let m): m.probabilityAlive(history, after: t)
        case .paretoNBD(let m): m.probabilityAlive(history, after: t)
        case .mbgnbd(let m): m.probabilityAlive(history, after: t)
        }
    }

    /// Expected purchases in the next `t` units given the history.
    ///
    /// - Parameters:
    ///   - t: The length of the forecast period after the end of observation, in the model's
    ///     ``unit``.
    ///   - history: The client's (x, t_x, T), in the same unit.
    /// - Returns: The expected number of purchases in the period; 0 when `t` ≤ 0.
    public func expectedPurchases(in t: Double, given history: PurchaseHistory) -> Double {
        switch self {
        case .bgnbd(let m): m.expectedPurchases(in: t, given: history)
        case .paretoNBD(let m): m.expectedPurchases(in: t, given: history)
        case .mbgnbd(let m): m.expectedPurchases(in: t, given: history)
        }
    }

    /// Expected repeat purchases of a new client in its first `t` units.
    ///
    /// - Parameter t: The time since the new client's first purchase, in the model's ``unit``.
    /// - Returns: The expected number of repeat purchases in that time.
    public func expectedPurchases(newClientOver t: Double) -> Double {
        switch self {
        case .bgnbd(let m): m.expectedPurchases(newClientOver: t)
        case .paretoNBD(let m): m.expectedPurchases(newClientOver: t)
        case .mbgnbd(let m): m.expectedPurchases(newClientOver: t)
        }
    }

    /// Fits a model of `kind` by maximum likelihood (see each model's `fit`).
    ///
    /// ```swift
    /// let fit = try PurchaseModel.fit(.mbgnbd, summary.clients.map(\.history), unit: summary.unit)
    /// print(fit.model.parameters, fit.bic)
    /// ```
    ///
    /// - Parameters:
    ///   - kind: The model to fit.
    ///   - histories: One (x, t_x, T) per client, all in `unit`.
    ///   - unit: The time unit of the histories; weeks by default.
    /// - Returns: The fitted model with its diagnostics and standard errors.
    /// - Throws: ``ModelFitError``: ``ModelFitError/invalidInput(model:message:)`` for no
    ///   histories, impossible values or no repeat purchase at all;
    ///   ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` when no run converges.
    /// - Complexity: O(d) per likelihood evaluation for d distinct histories, times a few
    ///   hundred evaluations per starting point.
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
    /// The name, such as `alpha`.
    public var name: String
    /// The value.
    public var value: Double

    /// A named value.
    ///
    /// - Parameters:
    ///   - name: The name, such as `alpha`.
    ///   - value: The value.
    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// A fitted purchase model with how the fit went and its parameters' uncertainty.
public struct PurchaseModelFit: Sendable, Hashable, Codable {
    /// The model at the maximum-likelihood estimate.
    public var model: PurchaseModel
    /// The log-likelihood, convergence, iterations and client counts of the fit.
    public var diagnostics: FitDiagnostics
    /// Each parameter with its standard error and 95% interval from the observed information;
    /// nil when the likelihood is flat in some direction at the estimate.
    public var parameterEstimates: [ParameterEstimate]?

    /// A fit from its parts, as ``PurchaseModel/fit(_:_:unit:)`` builds it.
    ///
    /// - Parameters:
    ///   - model: The fitted model.
    ///   - diagnostics: How the fit went.
    ///   - parameterEstimates: Each parameter's standard error and interval, or `nil`.
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
    ///
    /// ```swift
    /// let model = BGNBDModel(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
    /// model.probabilityAlive(PurchaseHistory(frequency: 2, recency: 30.43, age: 38.86), after: 52)
    /// ```
    ///
    /// - Parameters:
    ///   - history: The client's (x, t_x, T), in the model's ``unit``.
    ///   - t: The time after the end of observation, in the same unit (52 for a year in weeks).
    /// - Returns: The probability, between 0 and 1, that the client is still a client then.
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
    /// The last day of the calibration period, the data the models are fitted on.
    public var calibrationEnd: Day
    /// The last day of the holdout period, whose purchases are predicted and compared.
    public var holdoutEnd: Day

    /// A calibration period to `calibrationEnd` and a holdout period after it to `holdoutEnd`.
    ///
    /// - Parameters:
    ///   - calibrationEnd: The last day the models may see.
    ///   - holdoutEnd: The last day of the holdout period; after `calibrationEnd`.
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
        /// The model this entry is about.
        public var model: PurchaseModelKind
        /// The log-likelihood on the calibration data; nil when the fit failed (see ``error``).
        public var logLikelihood: Double?
        /// The model's number of parameters (4 for each of the three).
        public var parameters: Int
        /// Akaike's criterion on the calibration data; lower is better; nil when the fit failed.
        public var aic: Double?
        /// Schwarz's Bayesian criterion on the calibration data; lower is better; nil when the
        /// fit failed.
        public var bic: Double?
        /// The mean absolute difference, per client, between predicted and actual repeat
        /// purchases in the holdout period; nil without a holdout.
        public var holdoutMeanAbsoluteError: Double?
        /// The root-mean-square of those differences, which weighs large misses more; nil
        /// without a holdout.
        public var holdoutRootMeanSquaredError: Double?
        /// The total repeat purchases the model predicts for the holdout period, over all
        /// clients; nil without a holdout.
        public var holdoutPredicted: Double?
        /// Why the model could not be fitted.
        public var error: String?
    }

    /// Each model compared, in the order of the `kinds` given, failed fits included.
    public var entries: [Entry]
    /// The model with the best score on ``criterion``.
    public var chosen: PurchaseModelKind
    /// "holdout MAE" or "BIC".
    public var criterion: String
    /// Why ``chosen`` was chosen, in a sentence: its score, the runner-up's, and whether the
    /// data hardly tell them apart (a BIC difference under 2).
    public var reason: String

    /// Compares every kind in `kinds` on `summary`; with a `holdout` period, fits each on
    /// `transactions` up to the calibration end instead and predicts the holdout period.
    ///
    /// ```swift
    /// let choice = try ModelComparison(summary)
    /// print(choice.chosen.displayName, choice.reason)
    /// ```
    ///
    /// - Parameters:
    ///   - summary: The clients' purchase histories; used when there is no holdout.
    ///   - kinds: The models to compare; all three by default.
    ///   - holdout: The calibration and holdout periods, to choose by holdout error; `nil`,
    ///     the default, to choose by BIC.
    ///   - transactions: The billing lines, needed with a holdout to refit on the calibration
    ///     period and count the holdout purchases.
    /// - Complexity: One fit per kind (see ``PurchaseModel/fit(_:_:unit:)``); with a holdout,
    ///   also a pass over the lines per kind.
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
