import XCTest
@testable import PhysicalNetworks

/// The Lyapunov solver against a residual check and a 2 × 2 closed form.
final class LyapunovTests: XCTestCase {
    func testSolvesANonSymmetricStableSystem() throws {
        let n = 4
        var generator = Xoshiro256StarStar(seed: 9)
        var a = (0..<(n * n)).map { _ in Double.random(in: -0.5..<0.5, using: &generator) }
        for i in 0..<n { a[i * n + i] += 3 }
        var s = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { s[i * n + j] = Double(min(i, j) + 1) } }
        let sigma = try Lyapunov.solve(a, s, dimension: n).get()
        for i in 0..<n {
            for j in 0..<n {
                var lhs = 0.0
                for k in 0..<n { lhs += a[i * n + k] * sigma[k * n + j] + sigma[i * n + k] * a[j * n + k] }
                XCTAssertEqual(lhs, s[i * n + j], accuracy: 1e-12)
            }
        }
    }

    /// A = diag(a₁, a₂): Σ_ij = S_ij/(a_i + a_j).
    func testDiagonalClosedForm() throws {
        let sigma = try Lyapunov.solve([1, 0, 0, 3], [2, 1, 1, 4], dimension: 2).get()
        for (x, y) in zip(sigma, [1, 0.25, 0.25, 4.0 / 6]) { XCTAssertEqual(x, y, accuracy: 1e-14) }
    }
}
