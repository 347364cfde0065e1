import Foundation
import Testing
@testable import ClientValue

/// Billing lines for `annualActivity`: (client, ISO date, cents).
private func builder(_ lines: [(String, String, Int64)]) throws -> TransactionSummaryBuilder {
    var builder = TransactionSummaryBuilder()
    for (client, date, cents) in lines {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        builder.add(clientID: client, date: try #require(Day(year: parts[0], month: parts[1], day: parts[2])), amount: Money(minorUnits: cents))
    }
    return builder
}

@Suite("AnnualActivity")
struct AnnualActivityTests {
    /// Worked by hand, years ending 2025-06-30: year 0 is 2024-07-01…2025-06-30, year −1
    /// 2023-07-01…2024-06-30, year −2 2022-07-01…2023-06-30.
    @Test("years are the twelve-month periods ending on the end date; a credit alone is no purchase")
    func years() throws {
        let activity = try builder([
            ("A", "2025-06-30", 100_00), ("A", "2024-07-01", 50_00), ("A", "2024-06-30", 10_00), ("A", "2022-07-01", 5_00),
            ("B", "2023-01-15", 70_00), ("B", "2024-03-01", -20_00), ("B", "2025-07-01", 1_00),
            ("C", "2024-12-01", -5_00),
        ]).annualActivity(end: try #require(Day(year: 2025, month: 6, day: 30)))
        #expect(activity.clients.map(\.clientID) == ["A", "B"])
        #expect(activity.clients[0].activeYears == [-2, -1, 0])
        #expect(activity.clients[0].spend == [Money(minorUnits: 5_00), Money(minorUnits: 10_00), Money(minorUnits: 150_00)])
        // B: 2024-03-01 is only a credit note, and 2025-07-01 is after the end.
        #expect(activity.clients[1].activeYears == [-2])
        #expect(activity.binaryHistories == [BinaryPurchaseHistory(frequency: 2, recency: 2, periods: 2),
                                             BinaryPurchaseHistory(frequency: 0, recency: 0, periods: 2)])
        #expect(activity.cohorts == [YearCohort(firstYear: -2, survival: CohortSurvival(alive: [2, 1, 1]))])
    }
}

@Suite("AnnualValueForecast and RetentionForecast")
struct AnnualForecastTests {
    /// 120 clients over six years, seeded: each active year with probability 0.7 while alive;
    /// half the clients stay from year to year with probability 0.95, half with 0.5 (churn
    /// that varies between clients, which the sBG model needs to be identified).
    static func activity() throws -> AnnualActivity {
        var random = SplitMix64(seed: 9)
        var lines: [(String, String, Int64)] = []
        for c in 0..<120 {
            let start = 2019 + Int(random.uniform(below: 3))
            let stay = c % 2 == 0 ? 0.95 : 0.5
            var alive = true
            for year in start...2024 {
                guard alive else { break }
                if year == start || random.nextDouble() < 0.7 {
                    lines.append(("C\(c)", "\(year)-0\(1 + Int(random.uniform(below: 9)))-15", Int64(1_000_00 + random.uniform(below: 500_00))))
                }
                alive = random.nextDouble() < stay
            }
        }
        return try builder(lines).annualActivity(end: try #require(Day(year: 2024, month: 12, day: 31)))
    }

    @Test("BG/BB value is the discounted sum of the model's yearly expectations × spend × margin")
    func bgbb() throws {
        let activity = try Self.activity()
        let options = CLVOptions(horizonMonths: 36, monthlyDiscountRate: 0.01, margin: 0.4)
        let forecast = try AnnualValueForecast(activity, options: options)
        #expect(forecast.horizonYears == 3 && forecast.clients.count == activity.clients.count)
        let model = forecast.purchaseModel.model
        for (client, history) in zip(forecast.clients, activity.binaryHistories) {
            var expected = 0.0, previous = 0.0
            for k in 1...3 {
                let cumulative = model.expectedPurchases(in: k, given: history)
                expected += (cumulative - previous) / pow(1.01, Double(12 * k))
                previous = cumulative
            }
            #expect(client.clv.isApproximatelyEqual(to: expected * client.expectedAnnualSpend * 0.4, absoluteTolerance: 1e-9))
            #expect(client.probabilityAliveNextYear <= client.probabilityAlive)
        }
        #expect(forecast.totalCLV.isApproximatelyEqual(to: forecast.clients.reduce(0) { $0 + $1.clv }, absoluteTolerance: 1e-6))
    }

    @Test("sBG values only current clients, by DERL at the yearly rate")
    func sbg() throws {
        let activity = try Self.activity()
        let forecast = try RetentionForecast(activity, options: CLVOptions(monthlyDiscountRate: 0.01, margin: 0.5))
        #expect(forecast.yearlyDiscountRate.isApproximatelyEqual(to: pow(1.01, 12) - 1, absoluteTolerance: 1e-15))
        let current = activity.clients.filter { $0.activeYears.last == 0 && $0.activeYears.count == 1 - ($0.activeYears.first ?? 1) }
        #expect(forecast.clients.map(\.clientID) == current.map(\.clientID))
        for (client, forecastClient) in zip(current, forecast.clients) {
            let derl = forecast.retentionModel.model.discountedExpectedResidualLifetime(renewals: client.activeYears.count - 1,
                                                                                        discountRate: forecast.yearlyDiscountRate)
            #expect(forecastClient.clv.isApproximatelyEqual(to: Double(client.spend.last?.minorUnits ?? 0) / 100 * 0.5 * derl, absoluteTolerance: 1e-6))
        }
        #expect(forecast.projectedSurvival.first == 1 && forecast.projectedSurvival.count == 11)
        #expect(zip(forecast.projectedSurvival, forecast.projectedSurvival.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test("one year of data cannot be fitted: a typed error")
    func tooShort() throws {
        let activity = try builder([("A", "2024-03-01", 100_00), ("B", "2024-05-01", 50_00)])
            .annualActivity(end: try #require(Day(year: 2024, month: 12, day: 31)))
        #expect(throws: ModelFitError.self) { try AnnualValueForecast(activity) }
        #expect(throws: ModelFitError.self) { try RetentionForecast(activity) }
    }
}
