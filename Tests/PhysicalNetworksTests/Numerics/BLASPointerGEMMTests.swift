import XCTest
@testable import PhysicalNetworks

/// `BLAS.gemm` (the GEMM under the backprop baseline) against the triple loop, for every
/// transpose combination, with β = 0 (overwrite, NaN ignored) and β = 1 (accumulate).
final class BLASPointerGEMMTests: XCTestCase {
    func testEveryTransposeCombinationMatchesTheTripleLoop() {
        let m = 3, n = 4, k = 5
        var generator = Xoshiro256StarStar(seed: 12)
        let a = (0..<(m * k)).map { _ in generator.nextDouble(in: -1..<1) }
        let b = (0..<(k * n)).map { _ in generator.nextDouble(in: -1..<1) }
        let start = (0..<(m * n)).map { _ in generator.nextDouble(in: -1..<1) }
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                // op(A)[i][p], op(B)[p][j] read from the stored layouts.
                func opA(_ i: Int, _ p: Int) -> Double { transposeA ? a[p * m + i] : a[i * k + p] }
                func opB(_ p: Int, _ j: Int) -> Double { transposeB ? b[j * k + p] : b[p * n + j] }
                for beta in [0.0, 1.0] {
                    var c = beta == 0 ? [Double](repeating: .nan, count: m * n) : start
                    BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 2,
                                      a, b, beta: beta, &c)
                    for i in 0..<m {
                        for j in 0..<n {
                            var sum = 0.0
                            for p in 0..<k { sum += opA(i, p) * opB(p, j) }
                            let expected = 2 * sum + (beta == 0 ? 0 : start[i * n + j])
                            XCTAssertEqual(c[i * n + j], expected, accuracy: 1e-14,
                                           "transposeA \(transposeA), transposeB \(transposeB), beta \(beta)")
                        }
                    }
                }
            }
        }
    }

    func testEmptyShapesLeaveTheOutputAlone() {
        var c = [7.0, 8.0]
        BLAS.gemm(m: 0, n: 2, k: 3, [1, 2, 3], [1, 2, 3, 4, 5, 6], beta: 0, &c)
        XCTAssertEqual(c, [7, 8])
        BLAS.gemm(m: 1, n: 2, k: 0, [0], [0], beta: 0.5, &c)  // k = 0: C ← βC
        XCTAssertEqual(c, [3.5, 4])
    }
}
