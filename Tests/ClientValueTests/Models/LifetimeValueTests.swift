import Foundation
import Testing
@testable import ClientValue

@Suite("TransactionSummary")
struct TransactionSummaryTests {
    static func cdnowBuilder(unit: TimeUnit = .week) throws -> TransactionSummaryBuilder {
        let path = CDNOW.directory.appendingPathComponent("cdnow-billing.csv").path
        var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: unit, observationEnd: Day(year: 1997, month: 9, day: 30)!))
        let reader = try RecordReader<BillingLine>(.file(path: path))
        while let line = try reader.next() { builder.add(line) }
        return builder
    }

    @Test("the CDNOW log, in weeks to 1997-09-30, gives the published summary for every customer")
    func cdnowSummary() throws {
        let summary = try Self.cdnowBuilder().summary()
        let expected = try CDNOW.summary()
        #expect(summary.clients.count == 2357)
        #expect(summary.linesRead == 6919)
        let byID = Dictionary(uniqueKeysWithValues: summary.clients.map { ($0.clientID, $0) })
        var mismatches = 0
        for row in expected {
            guard let client = byID[String(row.id)] else { mismatches += 1; continue }
            // The published file rounds to 2 decimals.
            if client.history.frequency != row.history.frequency || abs(client.history.recency - row.history.recency) > 0.006
                || abs(client.history.age - row.history.age) > 0.006 || abs(client.meanRepeatSpend - row.meanRepeatSpend) > 0.006 {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        // lifetimes summary_data_from_transaction_data(freq='D', freq_multiplier=7): Σx = 2457,
        // Σt_x = 16135.571428..., ΣT = 77111.285714...
        #expect(summary.clients.reduce(0) { $0 + $1.history.frequency } == 2457)
        #expect(summary.clients.reduce(0) { $0 + $1.history.recency }.isApproximatelyEqual(to: 16135.57142857143, absoluteTolerance: 1e-8))
        #expect(summary.clients.reduce(0) { $0 + $1.history.age }.isApproximatelyEqual(to: 77111.28571428571, absoluteTolerance: 1e-8))
    }

    @Test("end to end from the transaction log, the BG/NBD fit gives the published parameters")
    func cdnowEndToEnd() throws {
        let fit = try BGNBDModel.fit(Self.cdnowBuilder().summary().clients.map(\.history), unit: .week)
        #expect([fit.model.r, fit.model.alpha, fit.model.a, fit.model.b].map { ($0 * 1000).rounded() / 1000 } == [0.243, 4.414, 0.793, 2.426])
        // lifetimes on its own D/7 summary of the log: r = 0.2425945434210672, log-likelihood −9582.429206673934.
        #expect(fit.model.r.isApproximatelyEqual(to: 0.2425945434210672, absoluteTolerance: 1e-6))
        #expect(fit.diagnostics.logLikelihood.isApproximatelyEqual(to: -9582.429206673934, absoluteTolerance: 1e-5))
    }

    @Test("same-day lines are one occasion, zero-value lines are purchases, credit notes are netted out of repeat spend")
    func conventions() {
        var builder = TransactionSummaryBuilder(options: TransactionSummaryOptions(unit: .day, observationEnd: Day(year: 2024, month: 1, day: 31)!))
        let day = { (d: Int) in Day(year: 2024, month: 1, day: d)! }
        builder.add(clientID: "A", date: day(1), amount: Money(minorUnits: 10_000))
        builder.add(clientID: "A", date: day(1), amount: Money(minorUnits: 5_000))     // same day: one occasion
        builder.add(clientID: "A", date: day(11), amount: Money(minorUnits: 0))        // zero-value: a purchase
        builder.add(clientID: "A", date: day(21), amount: Money(minorUnits: 30_000))
        builder.add(clientID: "A", date: day(25), amount: Money(minorUnits: -10_000))  // credit note after the first day
        builder.add(clientID: "A", date: day(1), amount: Money(minorUnits: -2_000))    // credit note on the first day
        builder.add(clientID: "B", date: day(5), amount: Money(minorUnits: -500))      // credit notes only
        builder.add(clientID: "C", date: Day(year: 2024, month: 2, day: 3)!, amount: Money(minorUnits: 100))   // after the end
        let summary = builder.summary()
        #expect(summary.clients.count == 1)
        let a = summary.clients[0]
        #expect(a.history == PurchaseHistory(frequency: 2, recency: 20, age: 30))
        #expect(a.meanRepeatSpend == (0 + 300 - 100) / 2.0)
        #expect(a.totalSpend == Money(minorUnits: 10_000 + 5_000 + 30_000 - 10_000 - 2_000))
        #expect(summary.creditNotes == 3)
        #expect(summary.clientsWithoutPurchases == 1)
        #expect(summary.clientsStartingAfterEnd == 1)
        #expect(summary.linesAfterEnd == 1)
        #expect(builder.occasions(after: day(10), through: day(21)) == ["A": 2])
    }
}

@Suite("LifetimeValueForecast")
struct LifetimeValueTests {
    /// lifetimes 0.11.3's models fitted on the CDNOW summary, and its CLV convention: months of
    /// 4.345 weeks (30.415 days), discounted by 1.01^k at the end of month k, over 12 months.
    static let bgnbd = BGNBDPredictionTests.lifetimes
    static let gammaGamma = GammaGammaModel(p: 6.248802496075312, q: 3.744588460923114, gamma: 15.44774806492914)
    static let lifetimesOptions = CLVOptions(horizonMonths: 12, monthlyDiscountRate: 0.01, margin: 1, daysPerMonth: 4.345 * 7)

    static func client(_ row: CDNOW.SummaryRow) -> ClientPurchases {
        ClientPurchases(clientID: String(row.id), history: row.history, meanRepeatSpend: row.meanRepeatSpend,
                        firstPurchase: Day(daysSince1970: 0), lastPurchase: Day(daysSince1970: 0), totalSpend: .zero)
    }

    /// `GammaGammaFitter.customer_lifetime_value(bgf, x, t_x, T, zbar, time=12, discount_rate=0.01, freq='W')`.
    @Test("per-client CLV agrees with lifetimes' customer_lifetime_value", arguments: [
        (1, 36.27849576362541), (2, 4.637466328569604), (6, 283.5235925903832), (7, 6.881406907981137), (9, 43.353642396861275),
    ])
    func perClient(_ id: Int, _ expected: Double) throws {
        let row = try #require(try CDNOW.summary().first { $0.id == id })
        let forecast = LifetimeValueForecast.forecast(Self.client(row), purchases: .bgnbd(Self.bgnbd), spend: Self.gammaGamma, options: Self.lifetimesOptions)
        #expect(forecast.clv.isApproximatelyEqual(to: expected, absoluteTolerance: 1e-8))
    }

    @Test("the total over all 2,357 CDNOW customers agrees with lifetimes (71509.899...)")
    func total() throws {
        let total = try CDNOW.summary().reduce(0.0) { sum, row in
            sum + LifetimeValueForecast.forecast(Self.client(row), purchases: .bgnbd(Self.bgnbd), spend: Self.gammaGamma, options: Self.lifetimesOptions).clv
        }
        #expect(total.isApproximatelyEqual(to: 71509.89931936466, absoluteTolerance: 1e-6))
    }

    @Test("the whole forecast from the transaction log: both fits, the spend selection, totals")
    func endToEnd() throws {
        let forecast = try LifetimeValueForecast(TransactionSummaryTests.cdnowBuilder().summary(), options: CLVOptions())
        #expect(forecast.spendSelection.clientsUsed == 946)
        #expect(forecast.spendSelection.withoutRepeatPurchases == 1411)
        #expect(forecast.spendSelection.withNonPositiveSpend == 0)
        // Pearson r of x and z̄ on the 946 (pandas, from the published summary): 0.1139.
        #expect(abs((forecast.spendSelection.frequencySpendCorrelation ?? 0) - 0.11388391048600437) < 1e-3)
        #expect(forecast.spendSelection.warning == nil)
        #expect(forecast.clients.count == 2357)
        #expect(forecast.totalCLV.isApproximatelyEqual(to: forecast.clients.reduce(0) { $0 + $1.clv }, absoluteTolerance: 1e-6))
        #expect(forecast.clients.allSatisfy { $0.probabilityAlive >= 0 && $0.probabilityAlive <= 1 && $0.clv >= 0 })
    }

    @Test("seeded property: CLV falls as the discount rate rises, and scales with the margin")
    func discountAndMargin() throws {
        var random = SplitMix64(seed: 12)
        let rows = try CDNOW.summary()
        for _ in 0..<50 {
            let row = rows[Int(random.uniform(below: UInt64(rows.count)))]
            var previous = Double.infinity
            for rate in [0.0, 0.005, 0.01, 0.05, 0.2] {
                let value = LifetimeValueForecast.forecast(Self.client(row), purchases: .bgnbd(Self.bgnbd), spend: Self.gammaGamma,
                                                           options: CLVOptions(monthlyDiscountRate: rate)).clv
                #expect(value < previous)
                previous = value
            }
            let full = LifetimeValueForecast.forecast(Self.client(row), purchases: .bgnbd(Self.bgnbd), spend: Self.gammaGamma).clv
            let half = LifetimeValueForecast.forecast(Self.client(row), purchases: .bgnbd(Self.bgnbd), spend: Self.gammaGamma, options: CLVOptions(margin: 0.5)).clv
            #expect(half.isApproximatelyEqual(to: full / 2, absoluteTolerance: 1e-9))
        }
    }

    @Test("invalid options are errors", arguments: [CLVOptions(horizonMonths: 0), CLVOptions(monthlyDiscountRate: -1), CLVOptions(daysPerMonth: 0)])
    func invalidOptions(_ options: CLVOptions) throws {
        let summary = try TransactionSummaryTests.cdnowBuilder().summary()
        #expect(throws: ModelFitError.self) { try LifetimeValueForecast(summary, options: options) }
    }
}

@Suite("HoldoutValidation")
struct HoldoutValidationTests {
    @Test("CDNOW: fit on 39 weeks, predict weeks 40 to 78")
    func cdnow() throws {
        let builder = try TransactionSummaryTests.cdnowBuilder()
        let holdout = try HoldoutValidation(builder, calibrationEnd: Day(year: 1997, month: 9, day: 30)!, holdoutEnd: Day(year: 1998, month: 6, day: 30)!)
        #expect(holdout.clients.count == 2357)
        #expect(abs(holdout.length - 39) < 0.001)
        // Reference computed with pandas 3.1.1 + lifetimes 0.11.3: summary_data_from_transaction_data of the
        // calibration lines (freq='D', freq_multiplier=7), BetaGeoFitter, then
        // conditional_expected_number_of_purchases_up_to_time(39, ...) against each client's distinct purchase
        // days in the holdout: actual 1882, predicted 1653.4087241799125, MAE 0.785454242610421, RMSE 1.6079820122763995.
        #expect(holdout.totalActual == 1882)
        #expect(holdout.totalPredicted.isApproximatelyEqual(to: 1653.4087241799125, absoluteTolerance: 0.01))
        #expect(holdout.meanAbsoluteError.isApproximatelyEqual(to: 0.785454242610421, absoluteTolerance: 1e-5))
        #expect(holdout.rootMeanSquaredError.isApproximatelyEqual(to: 1.6079820122763995, absoluteTolerance: 1e-5))
        #expect(throws: ModelFitError.self) {
            try HoldoutValidation(builder, calibrationEnd: Day(year: 1997, month: 9, day: 30)!, holdoutEnd: Day(year: 1997, month: 9, day: 1)!)
        }
    }
}

@Suite("TransactionSummaryBuilder: adding after reading")
struct TransactionSummaryAddAfterReadTests {
    /// Found by the importers fuzz target (Tests/Fuzz/findings/builder-index-billing.importers):
    /// the read left the builder's id index empty, so a line added by id became a new client.
    @Test("a line added by id after reading a file belongs to the client read")
    func addAfterRead() throws {
        let text = "client_id,invoice_date,amount\nC1,2024-01-01,1\n"
        var builder = try TransactionSummaryBuilder.read(.memory(Array(text.utf8))).builder
        builder.add(clientID: "C1", date: try #require(Day(year: 2024, month: 3, day: 1)), amount: Money(minorUnits: 500))
        let summary = builder.summary()
        #expect(summary.clients.count == 1)
        #expect(summary.clients.first?.history.frequency == 1)
    }
}

@Suite("LifetimeValueForecast: degenerate spend")
struct LifetimeValueDegenerateSpendTests {
    /// The 300-client sample of seed 1 gives a Gamma-Gamma fit with q = 0.997 ≤ 1, whose
    /// population mean spend p γ / (q − 1) is infinite. Clients without repeat purchases must
    /// still get a finite value (the observed mean repeat spend), with a warning, so that no
    /// JSON encoder or chart meets an infinity.
    @Test("q ≤ 1: every CLV finite, clients without repeat purchases at the observed mean, and a warning")
    func infinitePopulationMean() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cv-q-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SampleGenerator.write(options: SampleOptions(clients: 300, seed: 1), to: folder)
        let log = try TransactionSummaryBuilder.read(.file(path: folder + "/billing.csv"))
        let forecast = try LifetimeValueForecast(log.builder.summary())
        #expect(forecast.spendModel.model.q <= 1)
        #expect(forecast.clients.allSatisfy { $0.clv.isFinite && $0.expectedSpend.isFinite })
        #expect(forecast.totalCLV.isFinite)
        #expect(forecast.spendSelection.warning?.contains("population mean spend is infinite") == true)
        let repeaters = log.builder.summary().clients.filter { $0.history.frequency > 0 && $0.meanRepeatSpend > 0 }
        let observed = repeaters.reduce(0) { $0 + $1.meanRepeatSpend } / Double(repeaters.count)
        for client in forecast.clients where client.frequency == 0 {
            #expect(client.expectedSpend.isApproximatelyEqual(to: observed, absoluteTolerance: 1e-9 * observed))
        }
    }
}
