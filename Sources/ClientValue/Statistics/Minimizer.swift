/// The outcome of a minimisation.
struct Minimum {
    var point: [Double]
    var value: Double
    /// The largest absolute component of the gradient at `point`.
    var gradientNorm: Double
    var iterations: Int
    var evaluations: Int
    var converged: Bool
    /// Why the search stopped, in words.
    var reason: String
}

/// Quasi-Newton minimisation (BFGS) of a smooth function of unconstrained variables, with an
/// analytic gradient and a backtracking (Armijo) line search.
///
/// Converged means the largest gradient component fell below `gradientTolerance`. A search
/// that stops for another reason (too many iterations, a line search that cannot descend, a
/// value that is not finite) is reported with `converged == false` and its reason.
enum BFGSMinimizer {
    /// The iterations each run may take: 400. Bound to a smaller number (with
    /// `$iterationLimit.withValue`) only to see how a fit that does not converge is reported.
    @TaskLocal static var iterationLimit = 400

    /// - Parameter function: writes the gradient into its second argument and returns the value;
    ///   may return a non-finite value where the function is undefined.
    static func minimize(from start: [Double], maxIterations: Int = iterationLimit, gradientTolerance: Double = 1e-7,
                         function: ([Double], inout [Double]) -> Double) -> Minimum {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = function(x, &gradient)
        var evaluations = 1
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            return Minimum(point: x, value: value, gradientNorm: .nan, iterations: 0, evaluations: 1, converged: false,
                           reason: "the objective is not finite at the starting point")
        }
        // Inverse Hessian approximation, row-major, starting at the identity.
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n { h[i * n + i] = 1 }
        var direction = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        var trialGradient = [Double](repeating: 0, count: n)
        var iteration = 0
        while iteration < maxIterations {
            let norm = gradient.map(abs).max() ?? 0
            if norm < gradientTolerance {
                return Minimum(point: x, value: value, gradientNorm: norm, iterations: iteration, evaluations: evaluations,
                               converged: true, reason: "the gradient vanished")
            }
            iteration += 1
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum -= h[i * n + j] * gradient[j] }
                direction[i] = sum
            }
            var slope = zip(direction, gradient).reduce(0) { $0 + $1.0 * $1.1 }
            if !(slope < 0) {
                // Not a descent direction: restart from steepest descent.
                for i in 0..<n * n { h[i] = 0 }
                for i in 0..<n { h[i * n + i] = 1; direction[i] = -gradient[i] }
                slope = -gradient.reduce(0) { $0 + $1 * $1 }
            }
            // Keep steps moderate on the log scale: at most 2 (a factor e² in a parameter).
            let longest = direction.map(abs).max() ?? 0
            var step = longest > 2 ? 2 / longest : 1.0
            var trialValue = Double.nan
            var accepted = false
            for _ in 0..<60 {
                for i in 0..<n { trial[i] = x[i] + step * direction[i] }
                trialValue = function(trial, &trialGradient)
                evaluations += 1
                if trialValue.isFinite && trialValue <= value + 1e-4 * step * slope && trialGradient.allSatisfy(\.isFinite) {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else {
                let converged = norm < gradientTolerance * 1000
                return Minimum(point: x, value: value, gradientNorm: norm, iterations: iteration, evaluations: evaluations,
                               converged: converged,
                               reason: converged ? "no further descent possible at rounding level" : "the line search could not descend")
            }
            // BFGS update of the inverse Hessian with s = step, y = change of gradient.
            var s = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = trial[i] - x[i]
                y[i] = trialGradient[i] - gradient[i]
            }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if sy > 1e-12 {
                var hy = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var sum = 0.0
                    for j in 0..<n { sum += h[i * n + j] * y[j] }
                    hy[i] = sum
                }
                let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
                let rho = 1 / sy
                for i in 0..<n {
                    for j in 0..<n {
                        h[i * n + j] += (1 + yhy * rho) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
                    }
                }
            }
            x = trial
            gradient = trialGradient
            let previous = value
            value = trialValue
            if abs(previous - value) <= 1e-15 * max(1, abs(value)) && norm < gradientTolerance * 100 {
                return Minimum(point: x, value: value, gradientNorm: gradient.map(abs).max() ?? 0, iterations: iteration,
                               evaluations: evaluations, converged: true, reason: "the objective stopped changing")
            }
        }
        let norm = gradient.map(abs).max() ?? 0
        return Minimum(point: x, value: value, gradientNorm: norm, iterations: iteration, evaluations: evaluations,
                       converged: norm < gradientTolerance, reason: "reached \(maxIterations) iterations")
    }
}

extension BFGSMinimizer {
    /// The best converged minimum over several starting points, tried in order. The search
    /// stops early once two runs have converged to the same value (relative difference below
    /// 1e-9), the usual case for a well-behaved likelihood.
    static func minimize(fromEach starts: [[Double]], function: ([Double], inout [Double]) -> Double) -> MultiStartMinimum {
        var best: Minimum?
        var closest: Minimum?
        var converged = 0, evaluations = 0, tried = 0
        for start in starts {
            tried += 1
            let result = minimize(from: start, function: function)
            evaluations += result.evaluations
            guard result.converged else {
                // The failed run that came nearest to a stationary point, for the diagnosis.
                if let current = closest {
                    if result.gradientNorm.isFinite && !(current.gradientNorm <= result.gradientNorm) { closest = result }
                } else {
                    closest = result
                }
                continue
            }
            converged += 1
            if let previous = best {
                let agree = abs(previous.value - result.value) <= 1e-9 * max(1, abs(result.value))
                if result.value < previous.value { best = result }
                if agree { break }
            } else {
                best = result
            }
        }
        return MultiStartMinimum(best: best, closestFailure: closest, evaluations: evaluations, startsTried: tried,
                                 startsConverged: converged)
    }
}

/// The outcome of ``BFGSMinimizer/minimize(fromEach:function:)``.
struct MultiStartMinimum {
    var best: Minimum?
    /// Of the runs that did not converge, the one that ended with the smallest gradient.
    var closestFailure: Minimum?
    var evaluations: Int
    var startsTried: Int
    var startsConverged: Int

    /// Why no run converged, in words for ``ModelFitError/notConverged(model:diagnosis:suggestion:)``:
    /// how many starting points were tried, and how the closest run ended (its iterations, its
    /// largest gradient component, and why it stopped).
    func failureDiagnosis(_ data: String) -> String {
        var text = "none of \(startsTried) starting points reached a maximum of the likelihood (\(data))"
        if let run = closestFailure {
            let norm = run.gradientNorm.isFinite ? Self.scientific(run.gradientNorm) : "not finite"
            text += "; the closest stopped after \(run.iterations) iterations and \(evaluations) evaluations in all, with the largest gradient component at \(norm) (converged means below 1e-7): \(run.reason)"
        } else {
            text += "; no starting point was tried"
        }
        return text
    }

    /// `3.27e-5`: three significant digits.
    private static func scientific(_ value: Double) -> String {
        guard value > 0 else { return "0" }
        var mantissa = value, exponent = 0
        while mantissa >= 9.995 { mantissa /= 10; exponent += 1 }
        while mantissa < 0.9995 { mantissa *= 10; exponent -= 1 }
        return NumberText.fixed(mantissa, places: 2) + "e" + String(exponent)
    }
}
