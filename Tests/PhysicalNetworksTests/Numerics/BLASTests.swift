import XCTest
@testable import PhysicalNetworks

final class BLASTests: XCTestCase {
    /// Entry (i, j) of a strided row-major matrix, transposed when asked.
    private func entry(_ x: [Double], _ i: Int, _ j: Int, ld: Int, offset: Int, transposed: Bool) -> Double {
        transposed ? x[offset + j * ld + i] : x[offset + i * ld + j]
    }

    func testMatrixProductOnStridedBlocksInEveryTransposition() {
        var generator = SeededGenerator(seed: 5)
        let m = 5, n = 7, inner = 3
        for transposition in [BLAS.Transposition(), .first, .second, [.first, .second]] {
            let ta = transposition.contains(.first), tb = transposition.contains(.second)
            // A stored (ta ? inner × m : m × inner) inside rows of width 11 from column 2.
            let aRows = ta ? inner : m, aColumns = ta ? m : inner
            let bRows = tb ? n : inner, bColumns = tb ? inner : n
            let a = (0..<(aRows * 11)).map { _ in Double.random(in: -1...1, using: &generator) }
            let b = (0..<(bRows * 9)).map { _ in Double.random(in: -1...1, using: &generator) }
            var c = (0..<(m * 10)).map { _ in Double.random(in: -1...1, using: &generator) }
            let c0 = c
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        BLAS.multiply(MatrixView(base: pa.baseAddress! + 2, rows: aRows, columns: aColumns, leadingDimension: 11),
                                      MatrixView(base: pb.baseAddress! + 1, rows: bRows, columns: bColumns, leadingDimension: 9),
                                      transposing: transposition,
                                      into: MutableMatrixView(base: pc.baseAddress! + 3, rows: m, columns: n, leadingDimension: 10),
                                      alpha: -2, beta: 0.5)
                    }
                }
            }
            for i in 0..<m {
                for j in 0..<10 {
                    guard j >= 3 else {
                        XCTAssertEqual(c[i * 10 + j], c0[i * 10 + j], "outside the block")
                        continue
                    }
                    var sum = 0.0
                    for l in 0..<inner {
                        sum += entry(a, i, l, ld: 11, offset: 2, transposed: ta) * entry(b, l, j - 3, ld: 9, offset: 1, transposed: tb)
                    }
                    XCTAssertEqual(c[i * 10 + j], -2 * sum + 0.5 * c0[i * 10 + j], accuracy: 1e-14, "\(transposition) (\(i), \(j))")
                }
            }
        }
    }

    func testMatrixVectorProductWithStrides() {
        let a: [Double] = [1, 2, 3, 0,
                           4, 5, 6, 0]  // 2 × 3 in rows of 4
        let x: [Double] = [1, 9, -1, 9, 2]  // (1, −1, 2) at stride 2
        var y: [Double] = [10, 10, 10]
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    let view = MatrixView(base: pa.baseAddress!, rows: 2, columns: 3, leadingDimension: 4)
                    BLAS.multiply(view, vector: px.baseAddress!, stride: 2, into: py.baseAddress!, beta: 1)
                }
            }
        }
        let expected: [Double] = [15, 21, 10]  // 10 + (1 − 2 + 6), 10 + (4 − 5 + 12), untouched
        XCTAssertEqual(y, expected)
        var z: [Double] = [.nan, .nan, .nan]
        let u: [Double] = [1, 1]
        a.withUnsafeBufferPointer { pa in
            u.withUnsafeBufferPointer { pu in
                z.withUnsafeMutableBufferPointer { pz in
                    let view = MatrixView(base: pa.baseAddress!, rows: 2, columns: 3, leadingDimension: 4)
                    BLAS.multiply(view, transposed: true, vector: pu.baseAddress!, into: pz.baseAddress!)
                }
            }
        }
        XCTAssertEqual(z, [5, 7, 9], "β = 0 ignores NaN in y; Aᵀ·1 gives column sums")
    }

    func testEmptyInnerDimensionOnlyScales() {
        let empty: [Double] = []
        var c: [Double] = [1, 2, 3, 4]
        empty.withUnsafeBufferPointer { pe in
            c.withUnsafeMutableBufferPointer { pc in
                BLAS.multiply(MatrixView(pe, rows: 2, columns: 0), MatrixView(pe, rows: 0, columns: 2),
                              into: MutableMatrixView(pc, rows: 2, columns: 2), beta: 2)
            }
        }
        XCTAssertEqual(c, [2, 4, 6, 8])
    }
}
