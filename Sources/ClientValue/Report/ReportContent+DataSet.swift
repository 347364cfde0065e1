import Dispatch

extension ReportContent {
    /// Everything the report shows, computed from a firm's exports: NPS by year, the BG/NBD
    /// and Gamma-Gamma forecast, segments and the focus list, the client features, revenue
    /// concentration, and the trailing revenue.
    ///
    /// A section whose inputs are missing, or whose model cannot be fitted, is left out
    /// (`nil`) rather than failing the report. The segments are computed on one thread while
    /// the feature table, the NPS and the revenue concentration are computed on another.
    ///
    /// ```swift
    /// let data = try ClientDataSet.read(try ExportFiles(folder: "SampleData"))
    /// let page = HTMLReport.render(try ReportContent(analysing: data, title: "Key clients"))
    /// ```
    ///
    /// - Parameters:
    ///   - data: the exports, read with ``ClientDataSet/read(_:options:)``; billing read with
    ///     ``ClientDataOptions/keepsTransactions`` gives the forecast.
    ///   - title: the page's title.
    /// - Throws: ``ReportContentError/revenueTooLarge`` when the firm's trailing revenue passes
    ///   what ``Money`` holds.
    /// - Complexity: the models' fits dominate: O(clients × iterations).
    public init(analysing data: ClientDataSet, title: String = "Client value report") throws(ReportContentError) {
        let forecast = try? data.transactions.map { try LifetimeValueForecast($0.summary()) }
        let segmentInputs = SegmentationInputs(asOf: data.asOf, trailingBilling: data.billing, partnerBilling: data.partnerBilling,
                                               history: data.history, surveys: data.surveys, contacts: data.contacts,
                                               forecast: forecast ?? nil)
        // The feature table takes less time than the segments, so its thread also computes
        // the NPS and the revenue concentration.
        let computed = Concurrently.both({ Segmentation(segmentInputs) }, {
            (features: ClientFeatureTable(asOf: segmentInputs.asOf, contacts: segmentInputs.contacts, surveys: segmentInputs.surveys,
                                          billing: segmentInputs.trailingBilling, history: segmentInputs.history, forecast: segmentInputs.forecast),
             nps: data.surveys.flatMap { try? NPSAnalysis($0, billing: data.billing, options: NPSAnalysisOptions(period: .year, asOf: data.asOf)) },
             concentration: data.billing.map { RevenueConcentration($0.totals) })
        })
        var revenue: Money?
        if let totals = data.billing?.totals {
            var sum = Money.zero
            for amount in totals.values {
                let (next, overflow) = sum.addingReportingOverflow(amount)
                guard !overflow else { throw .revenueTooLarge }
                sum = next
            }
            revenue = sum
        }
        self.init(title: title, asOf: data.asOf, nps: computed.second.nps, surveys: data.surveys, segmentation: computed.first,
                  features: computed.second.features, concentration: computed.second.concentration, forecast: forecast ?? nil,
                  history: data.history, trailingRevenue: revenue, imports: data.imports)
    }
}

/// Why ``ReportContent/init(analysing:title:)`` could not compute the report.
public enum ReportContentError: Error, Sendable, Hashable {
    /// The firm's trailing-twelve-month revenue is too large to add up in hundredths (over
    /// about 92 quadrillion).
    case revenueTooLarge

    /// What went wrong, in plain words.
    public var message: String {
        switch self {
        case .revenueTooLarge: "the firm's trailing-12-month revenue is too large to add up in hundredths (over about 92 quadrillion)"
        }
    }
}

/// Two independent computations on two threads.
package enum Concurrently {
    /// The results of two independent computations.
    package struct Pair<First: Sendable, Second: Sendable>: Sendable {
        /// The first computation's result.
        package var first: First
        /// The second computation's result.
        package var second: Second
    }

    /// Runs `first` and `second` at once, each on its own thread, and returns both results.
    package static func both<First: Sendable, Second: Sendable>(_ first: @Sendable () -> First, _ second: @Sendable () -> Second) -> Pair<First, Second> {
        let results = Results<First, Second>()
        // Each iteration writes its own property; both are read after `concurrentPerform`
        // returns, which is after both iterations have finished.
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { results.first = first() } else { results.second = second() }
        }
        guard let a = results.first, let b = results.second else { return Pair(first: first(), second: second()) }
        return Pair(first: a, second: b)
    }

    private final class Results<First, Second>: @unchecked Sendable {
        var first: First?
        var second: Second?
    }
}
