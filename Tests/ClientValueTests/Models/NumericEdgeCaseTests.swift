import Foundation
import Testing
@testable import ClientValue

/// Issue 10, "Numeric edge cases", for the models: every fit on empty, single-client,
/// constant and extreme input gives a typed error or a finite result (`expectEncodesFinite`:
/// JSONEncoder throws on NaN or infinity anywhere in a value), and a fit that does not
/// converge throws ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` with its
/// diagnosis.
@Suite("Numeric edge cases: purchase and spend models")
struct ModelEdgeCaseTests {
    enum Outcome: Sendable, CustomStringConvertible {
        /// ``ModelFitError/invalidInput(model:message:)`` whose message contains the text.
        case invalidInput(String)
        /// A fit with every field finite, and finite predictions for every history.
        case finite
        /// Either of: a finite fit, or ``ModelFitError/notConverged(model:diagnosis:suggestion:)``
        /// with a diagnosis. Both are correct for data this extreme (which the optimiser meets
        /// depends on the model's likelihood surface); a NaN, a crash or a silent unconverged
        /// fit are not.
        case finiteOrNotConverged
        /// ``ModelFitError/notConverged(model:diagnosis:suggestion:)`` with a diagnosis.
        case notConverged

        var description: String {
            switch self {
            case .invalidInput(let text): "invalid input (\(text))"
            case .finite: "finite"
            case .finiteOrNotConverged: "finite or not converged"
            case .notConverged: "not converged"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var histories: [PurchaseHistory]
        var outcome: Outcome
        var testDescription: String { name }
    }

    /// Sixty varied clients: x = i mod 4 repeat purchases, recency up to 10, ages 12 to 21.
    static let varied: [PurchaseHistory] = (0..<60).map { i in
        PurchaseHistory(frequency: i % 4, recency: i % 4 == 0 ? 0 : Double(i % 10 + 1), age: Double(i % 10 + 12))
    }

    static let cases: [Case] = [
        Case(name: "no clients", histories: [], outcome: .invalidInput("no clients")),
        Case(name: "no client with a repeat purchase", histories: [PurchaseHistory(frequency: 0, recency: 0, age: 10),
                                                                    PurchaseHistory(frequency: 0, recency: 0, age: 3)],
             outcome: .invalidInput("no client made a repeat purchase")),
        Case(name: "recency after the end of observation", histories: [PurchaseHistory(frequency: 2, recency: 12, age: 10)],
             outcome: .invalidInput("after the end of observation")),
        Case(name: "a NaN recency", histories: varied + [PurchaseHistory(frequency: 1, recency: .nan, age: 10)], outcome: .invalidInput("finite")),
        Case(name: "an infinite age", histories: varied + [PurchaseHistory(frequency: 1, recency: 2, age: .infinity)], outcome: .invalidInput("finite")),
        Case(name: "a negative frequency", histories: varied + [PurchaseHistory(frequency: -1, recency: 0, age: 3)], outcome: .invalidInput("negative")),
        // No spread between clients: the homogeneous limit (documented on each fit).
        Case(name: "one client", histories: [PurchaseHistory(frequency: 3, recency: 10, age: 20)], outcome: .finite),
        Case(name: "a hundred identical histories", histories: Array(repeating: PurchaseHistory(frequency: 2, recency: 5, age: 10), count: 100),
             outcome: .finite),
        Case(name: "varied clients", histories: varied, outcome: .finite),
        Case(name: "ages of a million units", histories: varied.map { PurchaseHistory(frequency: $0.frequency, recency: $0.recency * 1e6, age: $0.age * 1e6) },
             outcome: .finiteOrNotConverged),
        Case(name: "ages of a millionth of a unit", histories: varied.map { PurchaseHistory(frequency: $0.frequency, recency: $0.recency * 1e-6, age: $0.age * 1e-6) },
             outcome: .finiteOrNotConverged),
        Case(name: "one client observed for 1e9 units", histories: varied + [PurchaseHistory(frequency: 1, recency: 1, age: 1e9)],
             outcome: .finiteOrNotConverged),
        Case(name: "one client with 100,000 repeat purchases", histories: varied + [PurchaseHistory(frequency: 100_000, recency: 20, age: 21)],
             outcome: .finiteOrNotConverged),
        Case(name: "every repeat purchase at age 0", histories: varied.map { PurchaseHistory(frequency: 0, recency: 0, age: $0.age) }
                                                     + [PurchaseHistory(frequency: 1, recency: 0, age: 0)],
             outcome: .finiteOrNotConverged),
    ]

    @Test("BG/NBD, Pareto/NBD and MBG/NBD: a typed error or a finite fit with finite predictions",
          arguments: cases, PurchaseModelKind.allCases)
    func purchaseModels(_ c: Case, _ kind: PurchaseModelKind) {
        let fit: PurchaseModelFit
        do {
            fit = try PurchaseModel.fit(kind, c.histories)
        } catch {
            switch (c.outcome, error) {
            case (.invalidInput(let text), .invalidInput(let model, let message)):
                #expect(model == kind.displayName)
                #expect(message.contains(text), "\(message)")
            case (.finiteOrNotConverged, .notConverged(let model, let diagnosis, let suggestion)),
                 (.notConverged, .notConverged(let model, let diagnosis, let suggestion)):
                #expect(model == kind.displayName)
                #expect(diagnosis.contains("iterations") && diagnosis.contains("gradient"), "\(diagnosis)")
                #expect(!suggestion.isEmpty)
            default:
                Issue.record("expected \(c.outcome), got \(error.message)")
            }
            return
        }
        switch c.outcome {
        case .invalidInput, .notConverged: Issue.record("expected \(c.outcome), got a fit: \(fit.model.parameters)")
        case .finite, .finiteOrNotConverged: break
        }
        Self.expectFinite(fit, c.histories)
    }

    /// Every field of the fit is finite and converged; predictions for each history (and a
    /// new client) are finite, P(alive) in [0, 1] and non-increasing, expected purchases ≥ 0.
    static func expectFinite(_ fit: PurchaseModelFit, _ histories: [PurchaseHistory], sourceLocation: SourceLocation = #_sourceLocation) {
        expectEncodesFinite(fit, sourceLocation: sourceLocation)
        #expect(fit.diagnostics.converged, sourceLocation: sourceLocation)
        #expect(fit.model.parameters.allSatisfy { $0.value > 0 && $0.value.isFinite }, sourceLocation: sourceLocation)
        #expect(fit.aic.isFinite && fit.bic.isFinite, sourceLocation: sourceLocation)
        for history in Set(histories) {
            let alive = fit.model.probabilityAlive(history), later = fit.model.probabilityAlive(history, after: 52)
            let purchases = fit.model.expectedPurchases(in: 52, given: history)
            #expect(alive >= 0 && alive <= 1 && later >= 0 && later <= alive + 1e-12, "\(history): P(alive) \(alive), later \(later)",
                    sourceLocation: sourceLocation)
            #expect(purchases >= 0 && purchases.isFinite, "\(history): E[purchases] \(purchases)", sourceLocation: sourceLocation)
        }
        let newClient = fit.model.expectedPurchases(newClientOver: 52)
        #expect(newClient >= 0 && newClient.isFinite, "new client: \(newClient)", sourceLocation: sourceLocation)
    }

    // MARK: Gamma-Gamma

    struct SpendCase: Sendable, CustomTestStringConvertible {
        var name: String
        var histories: [SpendHistory]
        var outcome: Outcome
        var testDescription: String { name }
    }

    static let spendCases: [SpendCase] = [
        SpendCase(name: "no clients", histories: [], outcome: .invalidInput("at least 2")),
        SpendCase(name: "a client without repeat purchases", histories: [SpendHistory(frequency: 0, meanSpend: 0), SpendHistory(frequency: 2, meanSpend: 50)],
                  outcome: .invalidInput("at least one repeat purchase")),
        SpendCase(name: "one repeater", histories: [SpendHistory(frequency: 3, meanSpend: 120)], outcome: .invalidInput("at least 2")),
        SpendCase(name: "zero spend", histories: [SpendHistory(frequency: 1, meanSpend: 0), SpendHistory(frequency: 2, meanSpend: 50)],
                  outcome: .invalidInput("positive mean spend")),
        SpendCase(name: "a NaN spend", histories: [SpendHistory(frequency: 1, meanSpend: .nan), SpendHistory(frequency: 2, meanSpend: 50)],
                  outcome: .invalidInput("positive mean spend")),
        SpendCase(name: "an infinite spend", histories: [SpendHistory(frequency: 1, meanSpend: .infinity), SpendHistory(frequency: 2, meanSpend: 50)],
                  outcome: .invalidInput("positive mean spend")),
        // Every client spends the same: the spread of spend is 0, q runs to infinity.
        SpendCase(name: "constant spend", histories: (1...20).map { SpendHistory(frequency: $0 % 5 + 1, meanSpend: 100) }, outcome: .notConverged),
        SpendCase(name: "varied spend", histories: (1...20).map { SpendHistory(frequency: $0 % 5 + 1, meanSpend: Double($0 * 37 % 101) + 10) },
                  outcome: .finiteOrNotConverged),
        SpendCase(name: "spend of 1e15", histories: (1...20).map { SpendHistory(frequency: $0 % 5 + 1, meanSpend: Double($0) * 1e15) },
                  outcome: .finiteOrNotConverged),
        SpendCase(name: "spend of 1e-9", histories: (1...20).map { SpendHistory(frequency: $0 % 5 + 1, meanSpend: Double($0) * 1e-9) },
                  outcome: .finiteOrNotConverged),
    ]

    @Test("Gamma-Gamma: a typed error or a finite fit with finite expected spend", arguments: spendCases)
    func gammaGamma(_ c: SpendCase) {
        do {
            let fit = try GammaGammaModel.fit(c.histories)
            switch c.outcome {
            case .invalidInput, .notConverged: Issue.record("expected \(c.outcome), got \(fit.model)")
            case .finite, .finiteOrNotConverged: break
            }
            expectEncodesFinite(fit)
            for history in c.histories {
                let spend = fit.model.expectedSpend(history)
                #expect(spend > 0 && spend.isFinite, "\(history): \(spend)")
            }
            // Documented: the population mean is infinite when q ≤ 1, finite otherwise.
            #expect(fit.model.populationMeanSpend.isFinite == (fit.model.q > 1))
        } catch {
            switch (c.outcome, error) {
            case (.invalidInput(let text), .invalidInput(let model, let message)):
                #expect(model == "Gamma-Gamma" && message.contains(text), "\(message)")
            case (.finiteOrNotConverged, .notConverged(_, let diagnosis, _)), (.notConverged, .notConverged(_, let diagnosis, _)):
                #expect(diagnosis.contains("iterations") && diagnosis.contains("gradient"), "\(diagnosis)")
            default:
                Issue.record("expected \(c.outcome), got \(error.message)")
            }
        }
    }

    // MARK: BG/BB and sBG

    struct BinaryCase: Sendable, CustomTestStringConvertible {
        var name: String
        var histories: [BinaryPurchaseHistory]
        var weights: [Double]?
        /// nil: a finite fit.
        var invalid: String?
        var testDescription: String { name }
    }

    static let donationsLike: [BinaryPurchaseHistory] = [
        .init(frequency: 6, recency: 6, periods: 6), .init(frequency: 5, recency: 6, periods: 6), .init(frequency: 4, recency: 6, periods: 6),
        .init(frequency: 3, recency: 5, periods: 6), .init(frequency: 2, recency: 4, periods: 6), .init(frequency: 1, recency: 1, periods: 6),
        .init(frequency: 0, recency: 0, periods: 6), .init(frequency: 2, recency: 2, periods: 6), .init(frequency: 1, recency: 3, periods: 6),
    ]
    static let donationsWeights: [Double] = [1203, 728, 512, 357, 234, 129, 3464, 335, 247]

    static let binaryCases: [BinaryCase] = [
        BinaryCase(name: "no clients", histories: [], invalid: "no clients"),
        BinaryCase(name: "all alive: a transaction at every opportunity", histories: (1...6).map { .init(frequency: $0, recency: $0, periods: $0) },
                   invalid: "no one lapsed"),
        BinaryCase(name: "all gone: no repeat transaction", histories: (1...6).map { .init(frequency: 0, recency: 0, periods: $0) },
                   invalid: "no client made a repeat transaction"),
        BinaryCase(name: "no opportunity observed", histories: [.init(frequency: 0, recency: 0, periods: 0)], invalid: "no client has an opportunity"),
        BinaryCase(name: "weights of zero", histories: donationsLike, weights: donationsLike.map { _ in 0 }, invalid: "add up to zero"),
        BinaryCase(name: "an infinite weight", histories: donationsLike, weights: donationsWeights.dropLast() + [.infinity], invalid: "finite"),
        BinaryCase(name: "weights adding up beyond Double", histories: donationsLike, weights: donationsLike.map { _ in 1e308 },
                   invalid: "more than a Double holds"),
        BinaryCase(name: "donations-like counts", histories: donationsLike, weights: donationsWeights, invalid: nil),
        // Only the weights' ratios matter; their total is beyond Int, the client count held at Int.max.
        BinaryCase(name: "weights of 1e300", histories: donationsLike, weights: donationsWeights.map { $0 * 1e300 }, invalid: nil),
    ]

    @Test("BG/BB: empty, all alive, all gone and extreme weights are typed errors; the rest finite", arguments: binaryCases)
    func bgbb(_ c: BinaryCase) throws {
        guard let invalid = c.invalid else {
            let fit = try BGBBModel.fit(c.histories, weights: c.weights)
            expectEncodesFinite(fit)
            for history in c.histories {
                let alive = fit.model.probabilityAlive(history), purchases = fit.model.expectedPurchases(in: 5, given: history)
                #expect(alive >= 0 && alive <= 1 && purchases >= 0 && purchases <= 5, "\(history)")
            }
            return
        }
        #expect {
            try BGBBModel.fit(c.histories, weights: c.weights)
        } throws: { error in
            guard case .invalidInput(let model, let message) = error as? ModelFitError else { return false }
            return model == "BG/BB" && message.contains(invalid)
        }
    }

    @Test("BG/BB: weights of 1e300 give the same model as the counts, and a client count held at Int.max")
    func bgbbHugeWeights() throws {
        let counts = try BGBBModel.fit(Self.donationsLike, weights: Self.donationsWeights)
        let huge = try BGBBModel.fit(Self.donationsLike, weights: Self.donationsWeights.map { $0 * 1e300 })
        #expect(huge.diagnostics.clients == Int.max)
        for (a, b) in zip([counts.model.alpha, counts.model.beta, counts.model.gamma, counts.model.delta],
                          [huge.model.alpha, huge.model.beta, huge.model.gamma, huge.model.delta]) {
            #expect(abs(a - b) <= 1e-4 * a, "\(a) vs \(b)")
        }
    }

    struct CohortCase: Sendable, CustomTestStringConvertible {
        var name: String
        var cohorts: [CohortSurvival]
        /// nil: a finite fit.
        var invalid: String?
        var testDescription: String { name }
    }

    static let highEnd = CohortSurvival(alive: [1000, 869, 743, 653, 593, 551, 517, 491])

    static let cohortCases: [CohortCase] = [
        CohortCase(name: "no cohorts", cohorts: [], invalid: "no cohorts"),
        CohortCase(name: "an empty cohort", cohorts: [CohortSurvival(alive: [])], invalid: "cohort 1"),
        CohortCase(name: "no period observed", cohorts: [CohortSurvival(alive: [100])], invalid: "no cohort has been observed"),
        CohortCase(name: "all alive", cohorts: [CohortSurvival(alive: [100, 100, 100, 100])], invalid: "no client was lost"),
        CohortCase(name: "all lost after the first period", cohorts: [CohortSurvival(alive: [100, 0, 0])], invalid: "every client was lost after the first period"),
        CohortCase(name: "one period only", cohorts: [CohortSurvival(alive: [100, 80])], invalid: "one period only"),
        CohortCase(name: "counts that rise", cohorts: [CohortSurvival(alive: [100, 80, 90])], invalid: "cohort 1"),
        CohortCase(name: "the High End cohort", cohorts: [highEnd], invalid: nil),
        // Sizes near Int.max: their sum is beyond Int, the client count held at Int.max.
        CohortCase(name: "cohorts of Int.max clients", cohorts: [CohortSurvival(alive: highEnd.alive.map { Int.max / 1000 * $0 }),
                                                                  CohortSurvival(alive: highEnd.alive.map { Int.max / 1000 * $0 })], invalid: nil),
    ]

    @Test("sBG: empty, all alive and all lost are typed errors; the rest finite", arguments: cohortCases)
    func sbg(_ c: CohortCase) throws {
        guard let invalid = c.invalid else {
            let fit = try ShiftedBetaGeometricModel.fit(c.cohorts)
            expectEncodesFinite(fit)
            let survival = fit.model.survivalCurve(through: 10)
            #expect(survival.allSatisfy { $0 >= 0 && $0 <= 1 } && zip(survival, survival.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(fit.model.discountedExpectedResidualLifetime(renewals: 3, discountRate: 0.1).isFinite)
            return
        }
        #expect {
            try ShiftedBetaGeometricModel.fit(c.cohorts)
        } throws: { error in
            guard case .invalidInput(let model, let message) = error as? ModelFitError else { return false }
            return model == "sBG" && message.contains(invalid)
        }
    }

    /// A constant retention rate (no rise with tenure): the documented not-converged case.
    @Test("sBG: constant retention is reported as not converged, with its diagnosis")
    func sbgGeometric() {
        #expect {
            try ShiftedBetaGeometricModel.fit(CohortSurvival(alive: [1000, 500, 250, 125, 62]))
        } throws: { error in
            guard case .notConverged(_, let diagnosis, _) = error as? ModelFitError else { return false }
            return diagnosis.contains("grow without bound")
        }
    }

    // MARK: Non-convergence

    /// With the optimiser held to one iteration per start, no fit can converge: each throws
    /// `notConverged` whose diagnosis gives the iterations, the gradient and why it stopped.
    @Test("a fit held to one iteration throws notConverged with iterations, gradient and reason",
          arguments: ["BG/NBD", "Pareto/NBD", "MBG/NBD", "Gamma-Gamma", "BG/BB", "sBG"])
    func notConverged(_ model: String) {
        BFGSMinimizer.$iterationLimit.withValue(1) {
            do throws(ModelFitError) {
                switch model {
                case "BG/NBD": _ = try BGNBDModel.fit(Self.varied)
                case "Pareto/NBD": _ = try ParetoNBDModel.fit(Self.varied)
                case "MBG/NBD": _ = try MBGNBDModel.fit(Self.varied)
                case "Gamma-Gamma": _ = try GammaGammaModel.fit((1...20).map { SpendHistory(frequency: $0 % 5 + 1, meanSpend: Double($0 * 37 % 101) + 10) })
                case "BG/BB": _ = try BGBBModel.fit(Self.donationsLike, weights: Self.donationsWeights)
                default: _ = try ShiftedBetaGeometricModel.fit(Self.highEnd)
                }
                Issue.record("\(model) converged in one iteration")
            } catch {
                guard case .notConverged(let name, let diagnosis, let suggestion) = error else {
                    Issue.record("expected notConverged, got \(error.message)")
                    return
                }
                #expect(name == model)
                #expect(diagnosis.contains("after 1 iterations"), "\(diagnosis)")
                #expect(diagnosis.contains("largest gradient component at "), "\(diagnosis)")
                #expect(diagnosis.contains("reached 1 iterations"), "\(diagnosis)")
                #expect(!suggestion.isEmpty)
                #expect(error.message.hasPrefix("\(model) fit did not converge: none of 4 starting points"))
            }
        }
        // Without the limit the same data fit.
        #expect(throws: Never.self) { _ = try BGNBDModel.fit(Self.varied) }
    }
}

@Suite("Numeric edge cases: lifetime value")
struct LifetimeValueEdgeCaseTests {
    static func day(_ offset: Int) -> Day { Day(daysSince1970: Int32(19_000 + offset)) }
    static let sampleBilling = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData/billing.csv").path

    /// Forty clients: client i buys every (i mod 7 + 5) days from day i, for i mod 9 + 1
    /// purchases, of 10 + 13·(i mod 11) units each (a credit note of 5 for every third client).
    static func builder(extra: [(String, Int, Int64)] = []) -> TransactionSummaryBuilder {
        var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .week, observationEnd: day(200)))
        for i in 0..<40 {
            for k in 0..<(i % 9 + 1) {
                builder.add(clientID: "C\(i)", date: day(i + k * (i % 7 + 5)), amount: Money(minorUnits: Int64(1000 + 1300 * (i % 11) + 100 * k)))
            }
            if i % 3 == 0 { builder.add(clientID: "C\(i)", date: day(i + 30), amount: Money(minorUnits: -500)) }
        }
        for (client, offset, cents) in extra { builder.add(clientID: client, date: day(offset), amount: Money(minorUnits: cents)) }
        return builder
    }

    struct OptionsCase: Sendable, CustomTestStringConvertible {
        var name: String
        var options: CLVOptions
        var message: String
        var testDescription: String { name }
    }

    static let invalidOptions: [OptionsCase] = [
        OptionsCase(name: "a horizon of 0 months", options: CLVOptions(horizonMonths: 0), message: "at least one month"),
        OptionsCase(name: "a discount rate of −1", options: CLVOptions(monthlyDiscountRate: -1), message: "above −1"),
        OptionsCase(name: "a NaN discount rate", options: CLVOptions(monthlyDiscountRate: .nan), message: "above −1"),
        OptionsCase(name: "an infinite discount rate", options: CLVOptions(monthlyDiscountRate: .infinity), message: "above −1"),
        OptionsCase(name: "a NaN margin", options: CLVOptions(margin: .nan), message: "margin"),
        OptionsCase(name: "a month of 0 days", options: CLVOptions(daysPerMonth: 0), message: "positive number of days"),
    ]

    @Test("invalid options are a typed error before any fit", arguments: invalidOptions)
    func options(_ c: OptionsCase) {
        #expect(throws: ModelFitError.invalidInput(model: "CLV", message: c.options.problem ?? "")) {
            try LifetimeValueForecast(Self.builder().summary(), options: c.options)
        }
        #expect(c.options.problem?.contains(c.message) == true)
    }

    @Test("no clients, and one client, are typed errors naming the model that cannot be fitted")
    func tooFewClients() {
        let empty = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .week, observationEnd: Self.day(10))).summary()
        #expect(throws: ModelFitError.invalidInput(model: "BG/NBD", message: "no clients to fit")) { try LifetimeValueForecast(empty) }
        var one = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .week, observationEnd: Self.day(100)))
        for k in 0..<5 { one.add(clientID: "A", date: Self.day(7 * k), amount: Money(minorUnits: 10_000)) }
        // BG/NBD fits one client (its homogeneous limit); Gamma-Gamma needs two repeaters.
        #expect(throws: ModelFitError.invalidInput(model: "Gamma-Gamma", message: "1 client(s) with repeat purchases; at least 2 are needed")) {
            try LifetimeValueForecast(one.summary())
        }
    }

    /// A long horizon with a high discount, and a client billing ninety trillion: every
    /// forecast finite, every probability in [0, 1].
    @Test("extreme horizon, discount and spend: every forecast finite", arguments: [
        CLVOptions(horizonMonths: 1200, monthlyDiscountRate: 0.5), CLVOptions(horizonMonths: 1, monthlyDiscountRate: -0.99),
        CLVOptions(horizonMonths: 24, margin: 0, aliveAt: day(900)),
    ])
    func extreme(_ options: CLVOptions) throws {
        var builder = try TransactionSummaryBuilder.read(.file(path: Self.sampleBilling)).builder
        let end = builder.summary().observationEnd
        for (offset, cents) in [(-300, Int64(9_000_000_000_000_000)), (-200, 9_000_000_000_000_000), (-100, 1)] {
            builder.add(clientID: "BIG", date: end.adding(days: offset), amount: Money(minorUnits: cents))
        }
        var options = options
        options.aliveAt = options.aliveAt.map { _ in end.adding(days: 400) }
        let forecast = try LifetimeValueForecast(builder.summary(), options: options)
        expectEncodesFinite(forecast)
        for client in forecast.clients {
            #expect(client.probabilityAlive >= 0 && client.probabilityAlive <= 1)
            #expect(client.probabilityAliveLater.map { $0 >= 0 && $0 <= client.probabilityAlive + 1e-12 } ?? true)
        }
        // BIG: its first occasion, then two repeats: (9e15 + 1)/2 hundredths.
        let big = try #require(forecast.clients.first { $0.clientID == "BIG" })
        #expect(big.frequency == 2 && big.monetary == (9_000_000_000_000_000.0 + 1) / 100 / 2)
    }

    /// TransactionSummary documents that a client's total beyond Money's range is held at the
    /// limit, and that the mean repeat spend is summed in Double and stays right.
    @Test("a client's spend beyond Money's range: total held at the limit, mean repeat spend right")
    func spendBeyondMoney() throws {
        var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .week, observationEnd: Self.day(100)))
        for k in 0..<3 { builder.add(clientID: "HUGE", date: Self.day(10 * k), amount: Money(minorUnits: .max)) }
        // Day 20 twice: one occasion of 2 × Int64.max hundredths, which no Int64 holds.
        builder.add(clientID: "HUGE", date: Self.day(20), amount: Money(minorUnits: .max))
        let client = try #require(builder.summary().clients.first)
        #expect(client.history.frequency == 2)
        #expect(client.totalSpend == Money(minorUnits: .max))
        // Repeats: day 10 (Int64.max) and day 20 (2 · Int64.max), in hundredths: mean 1.5 · Int64.max / 100.
        #expect(abs(client.meanRepeatSpend - 1.5 * Double(Int64.max) / 100) <= 1e-12 * client.meanRepeatSpend)
        let year = try #require(builder.annualActivity(end: Self.day(100)).clients.first)
        #expect(year.spend == [Money(minorUnits: .max)])
    }

    @Test("yearly models on no activity are typed errors")
    func yearlyEmpty() {
        let activity = AnnualActivity(end: Self.day(0), clients: [])
        #expect(throws: ModelFitError.invalidInput(model: "BG/BB", message: "no clients to fit")) { try AnnualValueForecast(activity) }
        #expect { try RetentionForecast(activity) } throws: { error in
            guard case .invalidInput(let model, _) = error as? ModelFitError else { return false }
            return model == "sBG"
        }
    }
}
