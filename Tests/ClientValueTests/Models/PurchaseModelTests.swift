import Foundation
import Testing
@testable import ClientValue

@Suite("PurchaseModel")
struct PurchaseModelTests {
    @Test("fitting through PurchaseModel is the model's own fit", arguments: PurchaseModelKind.allCases)
    func dispatch(kind: PurchaseModelKind) throws {
        let histories = try CDNOW.summary().map(\.history)
        let fit = try PurchaseModel.fit(kind, histories, unit: .week)
        #expect(fit.model.kind == kind && fit.model.unit == .week)
        let direct: Double
        switch kind {
        case .bgnbd: direct = try BGNBDModel.fit(histories).diagnostics.logLikelihood
        case .paretoNBD: direct = try ParetoNBDModel.fit(histories).diagnostics.logLikelihood
        case .mbgnbd: direct = try MBGNBDModel.fit(histories).diagnostics.logLikelihood
        }
        #expect(fit.diagnostics.logLikelihood == direct)
        #expect(fit.model.parameters.count == 4)
        #expect(fit.aic.isApproximatelyEqual(to: 8 - 2 * direct, absoluteTolerance: 1e-9))
        #expect(fit.bic.isApproximatelyEqual(to: 4 * log(2357.0) - 2 * direct, absoluteTolerance: 1e-9))
    }

    /// Reference: scipy 1.17.1, P(alive at T) × ∫₀¹ ((α+T)/(α+T+p t))^{r+x} Beta(p; a, b+x) dp by
    /// scipy.integrate.quad (the expectation over λ done in closed form), at lifetimes' CDNOW
    /// fit r 0.24259292827982182, α 4.413532265271819, a 0.7928859664406882, b 2.42575238262586.
    @Test("BG/NBD P(alive) at a later date agrees with a numerical integral", arguments: [
        (0, 0.0, 38.86, [0.9999999999999999, 0.9869626192661028, 0.9439628726603333, 0.7625679230566919]),
        (2, 30.43, 38.86, [0.7266091367990594, 0.6748913028580154, 0.5317073566309501, 0.19653372788251952]),
        (26, 30.85714, 31, [0.9688555732167641, 0.8099786488592622, 0.4977756456110038, 0.11857086668590261]),
        (5, 10, 39, [0.024408495432513718, 0.021910369428738488, 0.015698792861320327, 0.004603280998243784]),
    ])
    func bgnbdAliveLater(x: Int, recency: Double, age: Double, expected: [Double]) {
        let model = BGNBDPredictionTests.lifetimes
        let history = PurchaseHistory(frequency: x, recency: recency, age: age)
        for (t, value) in zip([0.0, 10, 52, 520], expected) {
            #expect(model.probabilityAlive(history, after: t).isApproximatelyEqual(to: value, absoluteTolerance: 1e-9), "t = \(t)")
        }
    }

    @Test("seeded property: P(alive) at later dates stays in [0, 1] and never rises, for every model", arguments: PurchaseModelKind.allCases)
    func aliveLaterProperty(kind: PurchaseModelKind) throws {
        let fit = try PurchaseModel.fit(kind, CDNOW.summary().map(\.history), unit: .week)
        var random = SplitMix64(seed: 31)
        for _ in 0..<200 {
            let age = random.nextDouble() * 80
            let x = Int(random.uniform(below: 30))
            let history = PurchaseHistory(frequency: x, recency: x == 0 ? 0 : random.nextDouble() * age, age: age)
            var previous = fit.model.probabilityAlive(history)
            #expect(previous >= 0 && previous <= 1)
            for t in [1.0, 5, 26, 52, 260, 2600] {
                let later = fit.model.probabilityAlive(history, after: t)
                #expect(later >= 0 && later <= previous * (1 + 1e-12), "\(kind) \(history) t \(t)")
                previous = later
            }
        }
    }
}

@Suite("ModelComparison")
struct ModelComparisonTests {
    /// Log-likelihoods: BG/NBD −9582.43 and Pareto/NBD −9595.0 (published), MBG/NBD −9582.14;
    /// all have four parameters, so BIC follows the log-likelihood.
    @Test("on CDNOW, BIC picks MBG/NBD by a hair over BG/NBD, and says the data hardly tell them apart")
    func byBIC() throws {
        let summary = try TransactionSummaryTests.cdnowBuilder().summary()
        let comparison = try ModelComparison(summary)
        #expect(comparison.entries.map(\.model) == PurchaseModelKind.allCases)
        #expect(comparison.chosen == .mbgnbd && comparison.criterion == "BIC")
        #expect(comparison.reason.contains("MBG/NBD has the smallest BIC") && comparison.reason.contains("next is BG/NBD"))
        #expect(comparison.reason.contains("a difference under 2"))
        let pareto = try #require(comparison.entries.first { $0.model == .paretoNBD })
        #expect(abs((pareto.logLikelihood ?? 0) + 9595.0) < 0.05)
        #expect(comparison.entries.allSatisfy { $0.error == nil && $0.holdoutMeanAbsoluteError == nil })
    }

    /// lifetimes 0.11.3 (pandas 3.1.1): each fitter with penalizer_coef=0 on
    /// summary_data_from_transaction_data(freq='D', freq_multiplier=7) of the calibration lines
    /// to 1997-09-30, conditional_expected_number_of_purchases_up_to_time(39 weeks), against the
    /// distinct purchase days to 1998-06-30 (1,882 in all).
    @Test("with a holdout, the smallest holdout error picks Pareto/NBD; the errors agree with lifetimes")
    func byHoldout() throws {
        let builder = try TransactionSummaryTests.cdnowBuilder()
        let period = HoldoutPeriod(calibrationEnd: try #require(Day(year: 1997, month: 9, day: 30)),
                                   holdoutEnd: try #require(Day(year: 1998, month: 6, day: 30)))
        let comparison = try ModelComparison(builder.summary(), holdout: period, transactions: builder)
        #expect(comparison.chosen == .paretoNBD && comparison.criterion == "holdout MAE")
        let expected: [PurchaseModelKind: (mae: Double, rmse: Double, predicted: Double)] = [
            .bgnbd: (0.785454242610421, 1.6079820122763995, 1653.4087241799125),
            .paretoNBD: (0.7545234381768631, 1.6028484206812565, 1665.5182712561946),
            .mbgnbd: (0.7647789429263504, 1.6071826609596465, 1576.728265888569),
        ]
        for entry in comparison.entries {
            let reference = try #require(expected[entry.model])
            let mae = try #require(entry.holdoutMeanAbsoluteError), rmse = try #require(entry.holdoutRootMeanSquaredError)
            let predicted = try #require(entry.holdoutPredicted)
            #expect(abs(mae - reference.mae) < 1e-4)
            #expect(abs(rmse - reference.rmse) < 1e-4)
            #expect(abs(predicted - reference.predicted) < 0.5)
        }
        #expect(throws: ModelFitError.self) { try ModelComparison(builder.summary(), holdout: period) }
    }
}

@Suite("CollapsedHistories")
struct CollapsedHistoriesTests {
    /// The rows a `Dictionary` keyed by `PurchaseHistory` gives: distinct histories in order of
    /// first appearance, each with its count, and each frequency's place among the distinct
    /// frequencies in order of first appearance.
    static func reference(_ histories: [PurchaseHistory]) -> (rows: [PurchaseHistory], weights: [Double], frequencies: [Int], slots: [Int]) {
        var index = [PurchaseHistory: Int](), rows: [PurchaseHistory] = [], weights: [Double] = []
        var frequencyIndex = [Int: Int](), frequencies: [Int] = [], slots: [Int] = []
        for history in histories {
            if let row = index[history] {
                weights[row] += 1
                continue
            }
            index[history] = rows.count
            rows.append(history)
            weights.append(1)
            if frequencyIndex[history.frequency] == nil {
                frequencyIndex[history.frequency] = frequencies.count
                frequencies.append(history.frequency)
            }
            slots.append(frequencyIndex[history.frequency] ?? -1)
        }
        return (rows, weights, frequencies, slots)
    }

    @Test("seeded histories collapse as a Dictionary keyed by history does", arguments: [UInt64(1), 2, 3, 4, 5])
    func sameAsDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Few distinct values, so that many histories repeat; large frequencies, zeros of both
        // signs and NaN among them.
        let times: [Double] = [0, -0.0, 1, 2.5, 7, 52.142857142857146, .nan]
        let histories = (0..<5_000).map { _ in
            PurchaseHistory(frequency: [0, 1, 2, 3, 4_095, 4_096, 100_000, -1].randomElement(using: &random) ?? 0,
                            recency: times.randomElement(using: &random) ?? 0, age: times.randomElement(using: &random) ?? 0)
        }
        let collapsed = CollapsedHistories(histories)
        let expected = Self.reference(histories)
        #expect(collapsed.count == expected.rows.count)
        #expect(collapsed.frequency == expected.rows.map(\.frequency))
        // Bit for bit, so that −0 and NaN rows are checked too.
        #expect(collapsed.recency.map(\.bitPattern) == expected.rows.map(\.recency.bitPattern))
        #expect(collapsed.age.map(\.bitPattern) == expected.rows.map(\.age.bitPattern))
        #expect(collapsed.weight == expected.weights)
        #expect(collapsed.distinctFrequencies == expected.frequencies)
        #expect(collapsed.frequencySlot == expected.slots)
        #expect(collapsed.totalWeight == 5_000)
    }

    @Test("no histories give no rows")
    func empty() {
        let collapsed = CollapsedHistories([])
        #expect(collapsed.count == 0 && collapsed.totalWeight == 0 && collapsed.distinctFrequencies.isEmpty)
    }
}

@Suite("SpendRows")
struct SpendRowsTests {
    @Test("seeded spend histories collapse as a Dictionary keyed by history does, with the same logs", arguments: [UInt64(1), 2, 3])
    func sameAsDictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let spends: [Double] = [0.01, 12.5, 12.5000001, 99, 1e6, -0.0, 0]
        let histories = (0..<5_000).map { _ in
            SpendHistory(frequency: [1, 2, 3, 4_095, 4_096, 1 << 54, (1 << 54) + 1].randomElement(using: &random) ?? 1,
                         meanSpend: spends.randomElement(using: &random) ?? 1)
        }
        var index = [SpendHistory: Int](), rows: [SpendHistory] = [], weights: [Double] = []
        for h in histories {
            if let row = index[h] { weights[row] += 1 } else {
                index[h] = rows.count
                rows.append(h)
                weights.append(1)
            }
        }
        var distinct: [Int] = []
        for h in rows where !distinct.contains(h.frequency) { distinct.append(h.frequency) }
        let collapsed = SpendRows(histories)
        #expect(collapsed.count == rows.count)
        #expect(collapsed.weight == weights && collapsed.totalWeight == 5_000)
        // 2^54 and 2^54 + 1 are the same Double but two frequencies: two rows each.
        #expect(collapsed.frequency == rows.map { Double($0.frequency) })
        #expect(collapsed.meanSpend.map(\.bitPattern) == rows.map(\.meanSpend.bitPattern))
        #expect(collapsed.logFrequency.map(\.bitPattern) == rows.map { log(Double($0.frequency)).bitPattern })
        #expect(collapsed.logMeanSpend.map(\.bitPattern) == rows.map { log($0.meanSpend).bitPattern })
        #expect(collapsed.distinctFrequencies == distinct)
        #expect(collapsed.frequencySlot == rows.map { row in distinct.firstIndex(of: row.frequency) ?? -1 })
    }
}
