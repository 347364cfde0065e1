import Foundation
import Testing
@testable import ClientValue

@Suite("ObservedInformation")
struct ObservedInformationTests {
    /// The inverse of a symmetric positive-definite matrix, checked by multiplying back.
    @Test("the Cholesky inverse times the matrix is the identity", arguments: [1, 2, 3, 5])
    func inverse(size n: Int) throws {
        var generator = SplitMix64(seed: UInt64(n))
        // B Bᵀ + n I is positive definite.
        let b = (0..<n * n).map { _ in Double(generator.next() % 2001) / 1000 - 1 }
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                matrix[i * n + j] = (0..<n).reduce(0) { $0 + b[i * n + $1] * b[j * n + $1] } + (i == j ? Double(n) : 0)
            }
        }
        let inverse = try #require(SymmetricMatrix.inversePositiveDefinite(matrix, size: n))
        for i in 0..<n {
            for j in 0..<n {
                let product = (0..<n).reduce(0) { $0 + matrix[i * n + $1] * inverse[$1 * n + j] }
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-12)
            }
        }
    }

    @Test("a singular or indefinite matrix has no inverse", arguments: [[1.0, 1, 1, 1], [1.0, 2, 2, 1], [0.0, 0, 0, 0], [Double.nan, 0, 0, 1]])
    func singular(matrix: [Double]) {
        #expect(SymmetricMatrix.inversePositiveDefinite(matrix, size: 2) == nil)
    }

    /// For n draws of a normal sample, −ln L in (ln μ, ln σ) has its maximum at the sample
    /// mean and the MLE σ̂; the standard errors are σ̂/√n for μ and σ̂/√(2n) for σ.
    @Test("a normal sample's standard errors are σ/√n and σ/√(2n)")
    func normalSample() throws {
        let sample = [4.1, 5.3, 3.8, 6.0, 5.1, 4.7, 5.5, 4.4]
        let n = Double(sample.count)
        let mean = sample.reduce(0, +) / n
        let sigma = (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        let point = [log(mean), log(sigma)]
        let estimates = try #require(ObservedInformation.estimates(names: ["mu", "sigma"], logPoint: point, scale: n) { theta, gradient in
            let mu = exp(theta[0]), s = exp(theta[1])
            var value = log(s), dMu = 0.0, dS = 1.0
            for x in sample {
                value += (x - mu) * (x - mu) / (2 * s * s) / n
                dMu -= (x - mu) / (s * s) / n
                dS -= (x - mu) * (x - mu) / (s * s) / n
            }
            gradient[0] = dMu * mu
            gradient[1] = dS
            return value
        })
        #expect(abs(estimates[0].standardError - sigma / n.squareRoot()) < 1e-6)
        #expect(abs(estimates[1].standardError - sigma / (2 * n).squareRoot()) < 1e-6)
        #expect(estimates[0].lower < mean && mean < estimates[0].upper)
    }
}
