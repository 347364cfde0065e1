#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A correlation method.
public enum CorrelationMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Pearson's r: how closely two client measures (contacts and spend, say) follow a
    /// straight line, from −1 to 1.
    case pearson
    /// Spearman's ρ: Pearson's r on the ranks, so it measures any steadily rising or falling
    /// relation and is not swayed by a few very large clients; −1 to 1.
    case spearman
    /// Kendall's tau-b: the balance of agreeing over disagreeing pairs of clients, corrected
    /// for ties (common with 0–10 scores and whole contact counts); −1 to 1.
    case kendall
    /// Pearson on the residuals after regressing both variables on the controls.
    case partial
}

/// A confidence interval on a correlation coefficient.
public struct CorrelationInterval: Sendable, Hashable, Codable {
    /// The lower end of the interval, between −1 and 1.
    public var lower: Double
    /// The upper end of the interval, between −1 and 1, at least ``lower``.
    public var upper: Double
    /// The confidence level the interval was built for, between 0 and 1 (0.95 for 95%).
    public var confidence: Double
}

/// One correlation: the coefficient, its two-sided p-value and, where defined, an interval.
///
/// When the coefficient is undefined (fewer than 3 pairs, a constant column, too few degrees
/// of freedom) ``coefficient`` and ``pValue`` are `nil` and ``undefinedReason`` says why.
public struct CorrelationResult: Sendable, Hashable, Codable {
    /// The method that produced this result.
    public var method: CorrelationMethod
    /// The pairs used (pairs with a missing value are left out).
    public var n: Int
    /// The coefficient, between −1 and 1 (0: no relation; ±1: a perfect one), or `nil` when
    /// it is undefined (see ``undefinedReason``).
    public var coefficient: Double?
    /// The two-sided p-value, between 0 and 1: how often a relation at least this strong
    /// would appear by chance if the two measures were unrelated; `nil` when the coefficient
    /// is undefined.
    public var pValue: Double?
    /// Pearson only: the Fisher-z interval (n > 3).
    public var interval: CorrelationInterval?
    /// The degrees of freedom of the t statistic (Pearson, Spearman, partial).
    public var degreesOfFreedom: Double?
    /// Why the coefficient could not be computed (for example "fewer than 3 pairs" or "a
    /// column is constant"), or `nil` when it was.
    public var undefinedReason: String?

    static func undefined(_ method: CorrelationMethod, n: Int, _ reason: String) -> CorrelationResult {
        CorrelationResult(method: method, n: n, coefficient: nil, pValue: nil, interval: nil, degreesOfFreedom: nil, undefinedReason: reason)
    }
}

/// Pearson, Spearman and Kendall tau-b correlations and partial correlation, computed as
/// `scipy.stats` computes them (`pearsonr`, `spearmanr`, `kendalltau` with `method='auto'`,
/// and partial correlation by the residual method).
///
/// - Pearson: r with the t-test p-value (df = n − 2) and the Fisher-z interval
///   tanh(atanh r ± z/√(n − 3)).
/// - Spearman: Pearson on mid-ranks (ties get the mean of their ranks), p from the
///   t approximation t = ρ √((n − 2)/((1 + ρ)(1 − ρ))), df = n − 2.
/// - Kendall tau-b: (concordant − discordant)/√((n₀ − n₁)(n₀ − n₂)) counted in O(n log n);
///   the exact p-value when there are no ties and n ≤ 33 (or at most one discordant or
///   concordant pair), the tie-corrected normal approximation otherwise.
/// - Partial: Pearson of the residuals of x and y on the controls (least squares with an
///   intercept), p from t with df = n − 2 − k.
///
/// Pairs where either value is NaN or infinite are left out; `n` counts the pairs used.
///
/// Degenerate input: fewer than 3 pairs, or a column whose values are all equal (exactly, as
/// numbers: `0.1` three times is constant however its mean rounds), gives a result with
/// ``CorrelationResult/coefficient`` and ``CorrelationResult/pValue`` `nil` and the reason in
/// ``CorrelationResult/undefinedReason``; so does a partial correlation with too few pairs for
/// its controls, collinear or constant controls, or a variable the controls explain entirely.
/// Perfectly correlated columns give ±1 with p = 0 and Pearson's interval [±1, ±1]. Values as
/// large as 1e300 or as small as 1e−300 give the coefficients of the same values rescaled:
/// no intermediate sum overflows or underflows, and no NaN or infinity reaches a result.
///
/// ```swift
/// let r = Correlation.pearson(contacts, scores)
/// print(r.coefficient as Any, r.pValue as Any, r.interval as Any)
/// ```
public enum Correlation: Sendable {
    /// The pairs where both values are finite numbers.
    static func complete(_ x: [Double], _ y: [Double]) -> (x: [Double], y: [Double]) {
        let n = min(x.count, y.count)
        if x.count == y.count, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) { return (x, y) }
        var a: [Double] = [], b: [Double] = []
        for i in 0..<n where x[i].isFinite && y[i].isFinite {
            a.append(x[i])
            b.append(y[i])
        }
        return (a, b)
    }

    // MARK: Pearson

    /// Pearson's correlation between two client measures, with its t-test p-value and a
    /// Fisher-z confidence interval, as `scipy.stats.pearsonr` gives them.
    ///
    /// ```swift
    /// let r = Correlation.pearson(contactsPerYear, meanScores, confidence: 0.9)
    /// if let lower = r.interval?.lower, lower > 0 { print("more contact goes with higher scores") }
    /// ```
    ///
    /// - Parameters:
    ///   - x: The first measure, one value per client (for example contacts per year).
    ///   - y: The second measure, in the same client order as `x`. Pairs where either value
    ///     is NaN or infinite are left out, and so are values past the shorter column's end.
    ///   - confidence: The confidence level of the interval, between 0 and 1; 0.95 by default.
    /// - Returns: The coefficient r, its two-sided p-value (df = n − 2) and, with more than 3
    ///   pairs, the interval tanh(atanh r ± z/√(n − 3)); an undefined result with the reason
    ///   when there are fewer than 3 pairs or a column is constant.
    /// - Complexity: O(n), two passes over the pairs.
    public static func pearson(_ x: [Double], _ y: [Double], confidence: Double = 0.95) -> CorrelationResult {
        let (x, y) = complete(x, y)
        let n = x.count
        guard n >= 3 else { return .undefined(.pearson, n: n, "fewer than 3 pairs") }
        guard let r = pearsonCoefficient(x, y) else { return .undefined(.pearson, n: n, "a column is constant") }
        let df = Double(n - 2)
        let p = abs(r) >= 1 ? 0 : StudentT.twoSidedPValue(r * (df / ((1 - r) * (1 + r))).squareRoot(), degreesOfFreedom: df)
        var interval: CorrelationInterval?
        if n > 3 {
            let z = atanh(r), se = 1 / Double(n - 3).squareRoot()
            let critical = NormalDistribution.quantile(0.5 + confidence / 2)
            interval = CorrelationInterval(lower: tanh(z - critical * se), upper: tanh(z + critical * se), confidence: confidence)
        }
        return CorrelationResult(method: .pearson, n: n, coefficient: r, pValue: p, interval: interval, degreesOfFreedom: df, undefinedReason: nil)
    }

    /// Pearson's r of equal-length columns of finite values, or nil when either is constant
    /// (all its values equal).
    ///
    /// Two passes (means, then sums of products of deviations) for ordinary columns. When the
    /// sums overflow or underflow (values beyond about 1e150 or below 1e−150: squares of 1e300
    /// overflow, squares of 1e−300 underflow to 0), or a column is so nearly constant that its
    /// spread could be the rounding of its mean (`0.1` three times: its mean is not 0.1 in
    /// binary), ``carefulPearsonCoefficient(_:_:)`` decides instead.
    static func pearsonCoefficient(_ x: [Double], _ y: [Double]) -> Double? {
        guard !x.isEmpty else { return nil }
        let n = Double(x.count)
        var mx = 0.0, my = 0.0
        for i in x.indices {
            mx += x[i]
            my += y[i]
        }
        mx /= n
        my /= n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        // A constant column's deviations are its mean's rounding errors, each below about
        // n ulps of the mean: their squares add up to below this.
        func couldBeConstant(_ squares: Double, _ mean: Double) -> Bool {
            let noise = n * Double.ulpOfOne * abs(mean)
            return squares <= 4 * n * noise * noise
        }
        let product = sxx * syy
        guard product.isNormal, sxy.isFinite, !couldBeConstant(sxx, mx), !couldBeConstant(syy, my) else {
            return carefulPearsonCoefficient(x, y)
        }
        return max(-1, min(1, sxy / product.squareRoot()))
    }

    /// Pearson's r for the columns ``pearsonCoefficient(_:_:)`` passes on: nil when a column's
    /// values are all equal (compared exactly); otherwise computed on the columns rescaled by
    /// powers of two (``Magnitude/rescaled(_:largest:)``), which r does not depend on.
    static func carefulPearsonCoefficient(_ x: [Double], _ y: [Double]) -> Double? {
        guard let firstX = x.first, let firstY = y.first else { return nil }
        var xMin = firstX, xMax = firstX, yMin = firstY, yMax = firstY
        for i in x.indices {
            xMin = min(xMin, x[i])
            xMax = max(xMax, x[i])
            yMin = min(yMin, y[i])
            yMax = max(yMax, y[i])
        }
        guard xMin < xMax, yMin < yMax else { return nil }
        let xs = Magnitude.rescaled(x, largest: max(-xMin, xMax)) ?? x, ys = Magnitude.rescaled(y, largest: max(-yMin, yMax)) ?? y
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in xs.indices {
            let dx = xs[i] - mx, dy = ys[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx.squareRoot() * syy.squareRoot())))
    }

    // MARK: Spearman

    /// Spearman's rank correlation between two client measures, with its p-value, as
    /// `scipy.stats.spearmanr` gives them: Pearson's r on mid-ranks, p from the t
    /// approximation with df = n − 2.
    ///
    /// ```swift
    /// let rho = Correlation.spearman(revenue, meanScores)
    /// print(rho.coefficient as Any, rho.pValue as Any)
    /// ```
    ///
    /// - Parameters:
    ///   - x: The first measure, one value per client.
    ///   - y: The second measure, in the same client order as `x`. Pairs where either value
    ///     is NaN or infinite are left out.
    /// - Returns: The coefficient ρ (−1 to 1) and its two-sided p-value; no interval. An
    ///   undefined result with the reason when there are fewer than 3 pairs or a column is
    ///   constant.
    /// - Complexity: O(n) after ranking each column, which is a radix sort in O(n).
    public static func spearman(_ x: [Double], _ y: [Double]) -> CorrelationResult {
        let (x, y) = complete(x, y)
        let n = x.count
        guard n >= 3 else { return .undefined(.spearman, n: n, "fewer than 3 pairs") }
        return spearman(ranks: Ranking(x), Ranking(y))
    }

    static func spearman(ranks rx: Ranking, _ ry: Ranking) -> CorrelationResult {
        let n = rx.midRanks.count
        guard let rho = pearsonCoefficient(rx.midRanks, ry.midRanks) else { return .undefined(.spearman, n: n, "a column is constant") }
        let df = Double(n - 2)
        let p = abs(rho) >= 1 ? 0 : StudentT.twoSidedPValue(rho * (df / ((rho + 1) * (1 - rho))).squareRoot(), degreesOfFreedom: df)
        return CorrelationResult(method: .spearman, n: n, coefficient: rho, pValue: p, interval: nil, degreesOfFreedom: df, undefinedReason: nil)
    }

    // MARK: Kendall

    /// Kendall's tau-b between two client measures, with its p-value, as
    /// `scipy.stats.kendalltau` gives them with `method='auto'`: the exact p-value without
    /// ties for n ≤ 33, the tie-corrected normal approximation otherwise.
    ///
    /// ```swift
    /// let tau = Correlation.kendall(contactsPerYear, meanScores)
    /// print(tau.coefficient as Any, tau.pValue as Any)
    /// ```
    ///
    /// - Parameters:
    ///   - x: The first measure, one value per client.
    ///   - y: The second measure, in the same client order as `x`. Pairs where either value
    ///     is NaN or infinite are left out.
    /// - Returns: The coefficient tau-b (−1 to 1) and its two-sided p-value; no interval or
    ///   degrees of freedom. An undefined result with the reason when there are fewer than 3
    ///   pairs or a column is constant.
    /// - Complexity: O(n log n): the discordant pairs are counted with a Fenwick tree.
    public static func kendall(_ x: [Double], _ y: [Double]) -> CorrelationResult {
        let (x, y) = complete(x, y)
        let n = x.count
        guard n >= 3 else { return .undefined(.kendall, n: n, "fewer than 3 pairs") }
        return kendall(ranks: Ranking(x), Ranking(y))
    }

    static func kendall(ranks rx: Ranking, _ ry: Ranking) -> CorrelationResult {
        let n = rx.dense.count
        // Order by y, then stably by x: sorted by (x, y). Keep each pair's dense ranks in that
        // order, contiguous, for the two passes below.
        var xs = [Int32](repeating: 0, count: n), ys = [Int32](repeating: 0, count: n)
        var start = [Int](repeating: 0, count: rx.distinct + 1)
        for i in 0..<n { start[Int(rx.dense[i]) + 1] += 1 }
        for k in 0..<rx.distinct { start[k + 1] += start[k] }
        for index in ry.order {
            let k = Int(rx.dense[Int(index)])
            xs[start[k]] = Int32(k)
            ys[start[k]] = ry.dense[Int(index)]
            start[k] += 1
        }
        // Discordant pairs: inversions of y along that order (strictly greater y earlier),
        // counted with a Fenwick tree over y's dense ranks; joint ties: runs of equal (x, y).
        var tree = [Int](repeating: 0, count: ry.distinct + 1)
        var discordant = 0, jointTies = 0, run = 1
        let distinctY = ry.distinct
        xs.withUnsafeBufferPointer { xs in
            ys.withUnsafeBufferPointer { ys in
                tree.withUnsafeMutableBufferPointer { tree in
                    for seen in 0..<n {
                        let rank = Int(ys[seen]) + 1
                        var atMost = 0, k = rank
                        while k > 0 {
                            atMost &+= tree[k]
                            k -= k & -k
                        }
                        discordant &+= seen - atMost
                        k = rank
                        while k <= distinctY {
                            tree[k] &+= 1
                            k += k & -k
                        }
                        if seen > 0 {
                            if xs[seen] == xs[seen - 1] && ys[seen] == ys[seen - 1] {
                                run += 1
                            } else {
                                jointTies &+= run * (run - 1) / 2
                                run = 1
                            }
                        }
                    }
                }
            }
        }
        jointTies += run * (run - 1) / 2
        let total = n * (n - 1) / 2
        let xt = rx.tieStatistics, yt = ry.tieStatistics
        guard xt.pairs != total, yt.pairs != total else { return .undefined(.kendall, n: n, "a column is constant") }
        let concordantMinusDiscordant = Double(total - xt.pairs - yt.pairs + jointTies - 2 * discordant)
        let tau = max(-1, min(1, concordantMinusDiscordant / (Double(total - xt.pairs).squareRoot() * Double(total - yt.pairs).squareRoot())))
        let p: Double
        if xt.pairs == 0 && yt.pairs == 0 && (n <= 33 || min(discordant, total - discordant) <= 1) {
            p = exactKendallPValue(n: n, concordant: total - discordant)
        } else {
            let m = Double(n) * Double(n - 1)
            var variance = (m * Double(2 * n + 5) - xt.cubic - yt.cubic) / 18 + 2 * Double(xt.pairs) * Double(yt.pairs) / m
            variance += n > 2 ? xt.triples * yt.triples / (9 * m * Double(n - 2)) : 0
            p = NormalDistribution.twoSidedPValue(concordantMinusDiscordant / variance.squareRoot())
        }
        return CorrelationResult(method: .kendall, n: n, coefficient: tau, pValue: p, interval: nil, degreesOfFreedom: nil, undefinedReason: nil)
    }

    /// The exact two-sided p-value of Kendall's statistic without ties (Kendall, Rank
    /// Correlation Methods, 1970), as scipy computes it.
    static func exactKendallPValue(n: Int, concordant: Int) -> Double {
        let total = n * (n - 1) / 2
        let c = min(concordant, total - concordant)
        func factorial(_ k: Int) -> Double { (1...max(1, k)).reduce(1.0) { $0 * Double($1) } }
        if n <= 1 { return 1 }
        if n == 2 { return 1 }
        if c == 0 { return n < 171 ? min(1, 2 / factorial(n)) : 0 }
        if c == 1 { return n < 172 ? min(1, 2 / factorial(n - 1)) : 0 }
        if 4 * c == n * (n - 1) { return 1 }
        var counts = [Double](repeating: 0, count: c + 1)
        counts[0] = 1
        counts[1] = 1
        if n < 171 {
            for j in 3...n {
                for k in 1...c { counts[k] += counts[k - 1] }
                if j <= c { for k in stride(from: c, through: j, by: -1) { counts[k] -= counts[k - j] } }
            }
            return min(1, max(0, 2 * counts.reduce(0, +) / factorial(n)))
        }
        for j in 3...n {
            for k in 1...c { counts[k] += counts[k - 1] }
            for k in 0...c { counts[k] /= Double(j) }
            if j <= c { for k in stride(from: c, through: j, by: -1) { counts[k] -= counts[k - j] } }
        }
        return min(1, max(0, counts.reduce(0, +)))
    }

    // MARK: Partial

    /// The correlation of x and y controlling for `controls` (each a column as long as x).
    ///
    /// Both variables are regressed on the controls (least squares with an intercept) and
    /// Pearson's r is taken on the residuals; the p-value is from t with df = n − 2 − k for
    /// k controls. Use it to ask, say, whether contact still goes with loyalty once the size
    /// of the client is allowed for.
    ///
    /// ```swift
    /// let r = Correlation.partial(contactsPerYear, meanScores, controls: [revenue])
    /// print(r.coefficient as Any, r.pValue as Any, r.degreesOfFreedom as Any)
    /// ```
    ///
    /// - Parameters:
    ///   - x: The first measure, one value per client.
    ///   - y: The second measure, in the same client order as `x`.
    ///   - controls: The measures to allow for, each a column in the same client order. Rows
    ///     where any value (of x, y or a control) is NaN or infinite are left out.
    /// - Returns: The partial coefficient (−1 to 1) and its two-sided p-value; an undefined
    ///   result with the reason when there are fewer than k + 3 rows, the controls are
    ///   collinear or constant, or the controls explain a variable entirely.
    /// - Complexity: O(n · k²) to build the normal equations, plus O(k³) to solve them.
    public static func partial(_ x: [Double], _ y: [Double], controls: [[Double]]) -> CorrelationResult {
        let k = controls.count
        var rows: [Int] = []
        let n0 = min(x.count, y.count)
        for i in 0..<n0 where x[i].isFinite && y[i].isFinite && controls.allSatisfy({ i < $0.count && $0[i].isFinite }) { rows.append(i) }
        let n = rows.count
        guard n - 2 - k >= 1 else { return .undefined(.partial, n: n, "too few pairs for \(k) control(s): need at least \(k + 3)") }
        // Each column brought to a safe magnitude first: the residuals' correlation does not
        // change when a variable or a control is multiplied by a positive number.
        func column(_ values: [Double]) -> [Double] {
            let picked = rows.map { values[$0] }
            return Magnitude.rescaled(picked, largest: picked.reduce(0) { max($0, abs($1)) }) ?? picked
        }
        let xs = column(x), ys = column(y), scaledControls = controls.map(column)
        let design = rows.indices.map { i in [1.0] + scaledControls.map { $0[i] } }
        guard let rx = residuals(xs, design), let ry = residuals(ys, design) else {
            return .undefined(.partial, n: n, "the controls are collinear or constant")
        }
        // A variable the controls explain entirely (a constant one included) leaves residuals
        // that are rounding noise: below 1e-10 of its own spread, nothing is left to correlate.
        for (original, residual) in [(xs, rx), (ys, ry)]
        where original.allSatisfy({ $0 == original[0] }) || sumOfSquaredDeviations(residual) <= 1e-20 * sumOfSquaredDeviations(original) {
            return .undefined(.partial, n: n, "a variable is a linear function of the controls, so nothing is left to correlate")
        }
        guard let r = pearsonCoefficient(rx, ry) else { return .undefined(.partial, n: n, "a residual column is constant") }
        let df = Double(n - 2 - k)
        let p = abs(r) >= 1 ? 0 : StudentT.twoSidedPValue(r * (df / ((1 - r) * (1 + r))).squareRoot(), degreesOfFreedom: df)
        return CorrelationResult(method: .partial, n: n, coefficient: r, pValue: p, interval: nil, degreesOfFreedom: df, undefinedReason: nil)
    }

    /// Σ (v − mean)² of a column of safe magnitude.
    static func sumOfSquaredDeviations(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }

    /// The residuals of least squares of `values` on the design rows, or nil when singular.
    static func residuals(_ values: [Double], _ design: [[Double]]) -> [Double]? {
        let p = design.first?.count ?? 0
        var normal = [Double](repeating: 0, count: p * p), rhs = [Double](repeating: 0, count: p)
        for (row, v) in zip(design, values) {
            for a in 0..<p {
                rhs[a] += row[a] * v
                for b in 0..<p { normal[a * p + b] += row[a] * row[b] }
            }
        }
        // Gaussian elimination with partial pivoting.
        var m = normal, beta = rhs
        for col in 0..<p {
            guard let pivot = (col..<p).max(by: { abs(m[$0 * p + col]) < abs(m[$1 * p + col]) }) else { return nil }
            let scale = (0..<p).reduce(0.0) { max($0, abs(normal[col * p + $1])) }
            guard abs(m[pivot * p + col]) > 1e-12 * max(1, scale) else { return nil }
            if pivot != col {
                for j in 0..<p { m.swapAt(col * p + j, pivot * p + j) }
                beta.swapAt(col, pivot)
            }
            for row in (col + 1)..<max(col + 1, p) {
                let f = m[row * p + col] / m[col * p + col]
                for j in col..<p { m[row * p + j] -= f * m[col * p + j] }
                beta[row] -= f * beta[col]
            }
        }
        var coefficients = [Double](repeating: 0, count: p)
        for row in stride(from: p - 1, through: 0, by: -1) {
            var sum = beta[row]
            for j in (row + 1)..<max(row + 1, p) { sum -= m[row * p + j] * coefficients[j] }
            coefficients[row] = sum / m[row * p + row]
        }
        return zip(design, values).map { row, v in v - zip(row, coefficients).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}

/// Bringing a column of extreme values to where its squares, their sums and products of two
/// such sums are safe from overflow and underflow, for statistics that do not change when a
/// column is multiplied by a positive number (a correlation, the shares of weights).
enum Magnitude {
    /// `values` multiplied by a power of two (exactly, but for values that underflow next to
    /// the largest) so that the largest magnitude lies in [1, 2), when `largest`, the largest
    /// magnitude, is beyond 2²⁰⁰ (about 1.6e60) or below 2⁻²⁰⁰ (about 6e−61); nil when it is
    /// between, or 0, and the values are safe as they are.
    static func rescaled(_ values: [Double], largest: Double) -> [Double]? {
        guard largest.isFinite, largest > 0x1p200 || (largest > 0 && largest < 0x1p-200) else { return nil }
        // Two factors, each within Double's range even for a subnormal `largest` (2^1074).
        let half = -largest.exponent / 2, rest = -largest.exponent - half
        let first = Double(sign: .plus, exponent: half, significand: 1), second = Double(sign: .plus, exponent: rest, significand: 1)
        return values.map { $0 * first * second }
    }
}

/// The ranks of a column: mid-ranks (ties share the mean rank, 1-based), dense ranks (0, 1,
/// 2 … per distinct value), the order that sorts it, and tie statistics for Kendall's
/// variance.
struct Ranking: Sendable {
    var midRanks: [Double]
    var dense: [Int32]
    /// Indices in ascending order of value (stable).
    var order: [Int32]
    var distinct: Int
    /// Σ t(t−1)/2 tied pairs, Σ t(t−1)(t−2) and Σ t(t−1)(2t+5) over groups of t equal values.
    var tieStatistics: (pairs: Int, triples: Double, cubic: Double)

    init(_ values: [Double]) {
        let n = values.count
        let (order, keys) = Self.radixOrder(values)
        var mid = [Double](repeating: 0, count: n)
        var dense = [Int32](repeating: 0, count: n)
        var pairs = 0, triples = 0.0, cubic = 0.0
        var start = 0, group: Int32 = 0
        while start < n {
            var end = start + 1
            while end < n && keys[end] == keys[start] { end += 1 }
            let rank = Double(start + end + 1) / 2   // mean of 1-based ranks start+1 … end
            for k in start..<end {
                mid[Int(order[k])] = rank
                dense[Int(order[k])] = group
            }
            let t = end - start
            if t > 1 {
                pairs += t * (t - 1) / 2
                triples += Double(t) * Double(t - 1) * Double(t - 2)
                cubic += Double(t) * Double(t - 1) * Double(2 * t + 5)
            }
            group += 1
            start = end
        }
        midRanks = mid
        self.dense = dense
        self.order = order
        distinct = Int(group)
        tieStatistics = (pairs, triples, cubic)
    }

    /// The indices that sort `values` ascending, and the sorted order-preserving keys, by an
    /// LSD radix sort on the values' bit patterns (8 bits a pass; a pass where every key has
    /// the same byte is skipped, so small integers take two or three passes). Equal keys mean
    /// equal values (−0 is read as 0); values must not be NaN.
    static func radixOrder(_ values: [Double]) -> (order: [Int32], keys: [UInt64]) {
        let n = values.count
        var keys = values.map { value -> UInt64 in
            let bits = (value == 0 ? 0.0 : value).bitPattern
            return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        }
        var order = (0..<Int32(n)).map { $0 }
        var keysOut = [UInt64](repeating: 0, count: n)
        var orderOut = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            for k in 0..<256 { counts[k] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFF)] += 1 }
            if counts.contains(n) { continue }
            var sum = 0
            for k in 0..<256 {
                let c = counts[k]
                counts[k] = sum
                sum += c
            }
            for i in 0..<n {
                let bucket = Int((keys[i] >> shift) & 0xFF)
                let position = counts[bucket]
                keysOut[position] = keys[i]
                orderOut[position] = order[i]
                counts[bucket] = position + 1
            }
            swap(&keys, &keysOut)
            swap(&order, &orderOut)
        }
        return (order, keys)
    }
}

/// Pearson, Spearman and Kendall of one pair of columns, ranking each column once.
public struct CorrelationSet: Sendable, Hashable, Codable {
    /// Pearson's r, p-value and interval (see ``Correlation/pearson(_:_:confidence:)``).
    public var pearson: CorrelationResult
    /// Spearman's ρ and p-value (see ``Correlation/spearman(_:_:)``).
    public var spearman: CorrelationResult
    /// Kendall's tau-b and p-value (see ``Correlation/kendall(_:_:)``).
    public var kendall: CorrelationResult
}

extension Correlation {
    /// All three correlations; the two columns are ranked at the same time on two cores.
    ///
    /// The results are the same as calling ``pearson(_:_:confidence:)`` (at 95%),
    /// ``spearman(_:_:)`` and ``kendall(_:_:)`` one by one, but each column is ranked once.
    ///
    /// ```swift
    /// let set = Correlation.all(contactsPerYear, meanScores)
    /// print(set.pearson.coefficient as Any, set.spearman.coefficient as Any, set.kendall.coefficient as Any)
    /// ```
    ///
    /// - Parameters:
    ///   - x: The first measure, one value per client.
    ///   - y: The second measure, in the same client order as `x`. Pairs where either value
    ///     is NaN or infinite are left out.
    /// - Returns: The three results; each is undefined, with the reason, when there are fewer
    ///   than 3 pairs or a column is constant.
    /// - Complexity: O(n log n), dominated by Kendall's count of discordant pairs.
    public static func all(_ x: [Double], _ y: [Double]) -> CorrelationSet {
        let (x, y) = complete(x, y)
        let n = x.count
        guard n >= 3 else {
            return CorrelationSet(pearson: .undefined(.pearson, n: n, "fewer than 3 pairs"),
                                  spearman: .undefined(.spearman, n: n, "fewer than 3 pairs"),
                                  kendall: .undefined(.kendall, n: n, "fewer than 3 pairs"))
        }
        let rankings = DisjointWrites<Ranking?>(repeating: nil, count: 2)
        ChunkedWork.run(count: 2, chunks: n >= 50_000 ? 2 : 1) { _, range in
            for column in range { rankings[column] = Ranking(column == 0 ? x : y) }
        }
        let ranked = rankings.finish()
        guard let rx = ranked[0], let ry = ranked[1] else {
            return CorrelationSet(pearson: pearson(x, y), spearman: spearman(x, y), kendall: kendall(x, y))
        }
        return CorrelationSet(pearson: pearson(x, y), spearman: spearman(ranks: rx, ry), kendall: kendall(ranks: rx, ry))
    }
}
