#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One fitted parameter with its standard error and 95% interval from the observed
/// information (the Hessian of the log-likelihood at the maximum).
///
/// Every model parameter is positive and is fitted on the log scale, so the interval is
/// exp(ln θ̂ ± z · se(ln θ̂)): asymmetric, and never below zero. The standard error is the
/// delta-method one on the natural scale, θ̂ · se(ln θ̂), which at a maximum equals the square
/// root of the diagonal of the inverse natural-scale Hessian.
public struct ParameterEstimate: Sendable, Hashable, Codable {
    /// The parameter's name as the model's paper writes it: `r`, `alpha`, `a`, `b`, …
    public var name: String
    /// The maximum-likelihood estimate, always positive, in the model's own units (a rate
    /// parameter such as `alpha` is in the fit's time unit).
    public var value: Double
    /// The standard error on the natural scale, θ̂ · se(ln θ̂), in the units of ``value``.
    public var standardError: Double
    /// The lower end of the 95% interval (or of the level the fit asked for), exp(ln θ̂ − z ·
    /// se(ln θ̂)); above zero.
    public var lower: Double
    /// The upper end of the interval, exp(ln θ̂ + z · se(ln θ̂)).
    public var upper: Double

    /// An estimate from its parts: the fits build them, and you can too, to restore a saved one
    /// or in a test.
    ///
    /// - Parameters:
    ///   - name: The parameter's name as the model's paper writes it (`r`, `alpha`, …).
    ///   - value: The estimate, positive.
    ///   - standardError: Its standard error on the natural scale.
    ///   - lower: The lower end of its interval.
    ///   - upper: The upper end of its interval.
    public init(name: String, value: Double, standardError: Double, lower: Double, upper: Double) {
        self.name = name
        self.value = value
        self.standardError = standardError
        self.lower = lower
        self.upper = upper
    }
}

/// Standard errors of maximum-likelihood estimates from the observed information matrix.
enum ObservedInformation {
    /// The estimates at `logPoint`, the maximum of the likelihood in log-parameters.
    ///
    /// The Hessian of the total negative log-likelihood is taken by central differences of the
    /// analytic gradient (step 1e-5 on the log scale, then symmetrised) and inverted by
    /// Cholesky factorisation.
    ///
    /// - Parameters:
    ///   - names: one name per parameter.
    ///   - logPoint: the optimum, ln θ̂.
    ///   - scale: what multiplies `function` to give the total negative log-likelihood (the
    ///     fits minimise the mean, so this is the number of clients).
    ///   - function: the objective: writes its gradient into the second argument.
    /// - Returns: nil when the Hessian is not positive definite (a flat ridge or a boundary
    ///   maximum: the likelihood does not identify every parameter) or not finite.
    static func estimates(names: [String], logPoint: [Double], scale: Double, confidence: Double = 0.95,
                          function: ([Double], inout [Double]) -> Double) -> [ParameterEstimate]? {
        let n = logPoint.count
        guard names.count == n, n > 0, scale > 0 else { return nil }
        guard let covariance = logScaleCovariance(at: logPoint, scale: scale, function: function) else { return nil }
        let z = NormalDistribution.quantile(0.5 + confidence / 2)
        var result: [ParameterEstimate] = []
        for i in 0..<n {
            let variance = covariance[i * n + i]
            guard variance.isFinite, variance > 0 else { return nil }
            let logSE = variance.squareRoot()
            let value = exp(logPoint[i])
            result.append(ParameterEstimate(name: names[i], value: value, standardError: value * logSE,
                                            lower: exp(logPoint[i] - z * logSE), upper: exp(logPoint[i] + z * logSE)))
        }
        return result
    }

    /// The inverse of the Hessian of `scale × function` at `point` (row-major), or nil when it
    /// is not positive definite.
    static func logScaleCovariance(at point: [Double], scale: Double,
                                   function: ([Double], inout [Double]) -> Double) -> [Double]? {
        let n = point.count
        let step = 1e-5
        var hessian = [Double](repeating: 0, count: n * n)
        var plus = [Double](repeating: 0, count: n), minus = [Double](repeating: 0, count: n)
        var shifted = point
        for j in 0..<n {
            shifted[j] = point[j] + step
            let up = function(shifted, &plus)
            shifted[j] = point[j] - step
            let down = function(shifted, &minus)
            shifted[j] = point[j]
            guard up.isFinite, down.isFinite else { return nil }
            for i in 0..<n { hessian[i * n + j] = scale * (plus[i] - minus[i]) / (2 * step) }
        }
        for i in 0..<n {
            for j in 0..<i {
                let mean = (hessian[i * n + j] + hessian[j * n + i]) / 2
                hessian[i * n + j] = mean
                hessian[j * n + i] = mean
            }
        }
        return SymmetricMatrix.inversePositiveDefinite(hessian, size: n)
    }
}

/// Small dense symmetric matrices, row-major.
enum SymmetricMatrix {
    /// The inverse by Cholesky factorisation, or nil when the matrix is not positive definite
    /// (a pivot at or below 1e-12 of the largest diagonal entry) or not finite.
    static func inversePositiveDefinite(_ matrix: [Double], size n: Int) -> [Double]? {
        guard matrix.count == n * n, matrix.allSatisfy(\.isFinite) else { return nil }
        let largest = (0..<n).map { abs(matrix[$0 * n + $0]) }.max() ?? 0
        guard largest > 0 else { return nil }
        // A = L Lᵀ.
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var pivot = matrix[j * n + j]
            for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
            guard pivot > 1e-12 * largest else { return nil }
            let diagonal = pivot.squareRoot()
            l[j * n + j] = diagonal
            for i in (j + 1)..<max(j + 1, n) {
                var sum = matrix[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = sum / diagonal
            }
        }
        // A⁻¹ column by column: solve L y = e_c, then Lᵀ x = y.
        var inverse = [Double](repeating: 0, count: n * n)
        var y = [Double](repeating: 0, count: n)
        for c in 0..<n {
            for i in 0..<n {
                var sum = i == c ? 1.0 : 0.0
                for k in 0..<i { sum -= l[i * n + k] * y[k] }
                y[i] = sum / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = y[i]
                for k in (i + 1)..<max(i + 1, n) { sum -= l[k * n + i] * inverse[k * n + c] }
                inverse[i * n + c] = sum / l[i * n + i]
            }
        }
        return inverse
    }
}
