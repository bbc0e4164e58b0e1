import XCTest
@testable import PhysicalNetworks

final class SparseLUTests: XCTestCase {
    /// Gaussian elimination with partial pivoting on a dense copy (independent of KLU and LAPACK).
    private func denseSolve(_ matrix: [[Double]], _ b: [Double]) -> [Double] {
        var a = matrix
        var x = b
        let n = b.count
        for k in 0..<n {
            let pivot = (k..<n).max { abs(a[$0][k]) < abs(a[$1][k]) } ?? k
            a.swapAt(k, pivot)
            x.swapAt(k, pivot)
            for i in (k + 1)..<max(n, k + 1) {
                let factor = a[i][k] / a[k][k]
                for j in k..<n { a[i][j] -= factor * a[k][j] }
                x[i] -= factor * x[k]
            }
        }
        for k in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[k]
            for j in (k + 1)..<max(n, k + 1) { sum -= a[k][j] * x[j] }
            x[k] = sum / a[k][k]
        }
        return x
    }

    /// A random sparse n × n pattern (about `perColumn` off-diagonal entries per column) and
    /// values making it well conditioned: diagonally dominant unless `zeroDiagonal`, in which
    /// case a cyclic permutation of a dominant matrix (every diagonal zero, pivoting needed).
    private func randomSystem(n: Int, perColumn: Int, zeroDiagonal: Bool, seed: UInt64)
        -> (pattern: SparsePattern, values: [Double], dense: [[Double]]) {
        var generator = SeededGenerator(seed: seed)
        var dense = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for column in 0..<n {
            for _ in 0..<perColumn {
                dense[Int.random(in: 0..<n, using: &generator)][column] = Double.random(in: -1...1, using: &generator)
            }
        }
        for i in 0..<n { dense[i][i] = Double(perColumn + 2) * (Bool.random(using: &generator) ? 1 : -1) }
        if zeroDiagonal { dense = (0..<n).map { dense[($0 + 1) % n] } }
        var entries: [MatrixEntry] = []
        for i in 0..<n { for j in 0..<n where dense[i][j] != 0 { entries.append(MatrixEntry(row: i, column: j)) } }
        let pattern = SparsePattern(dimension: n, entries: entries)
        var values = [Double](repeating: 0, count: pattern.nonzeroCount)
        for entry in entries {
            if let slot = pattern.slot(row: entry.row, column: entry.column) { values[slot] = dense[entry.row][entry.column] }
        }
        return (pattern, values, dense)
    }

    private func solve(_ lu: SparseLU, values: [Double], b: [Double]) -> (Result<Void, SparseLU.Failure>, [Double]) {
        var v = values
        let result = v.withUnsafeMutableBufferPointer { lu.factor(values: $0) }
        var x = b
        if case .success = result { x.withUnsafeMutableBufferPointer { lu.solve($0) } }
        return (result, x)
    }

    func testSolvesRandomSparseSystemsLikeADenseSolve() {
        for (seed, n, zeroDiagonal) in [(UInt64(1), 5, false), (2, 20, false), (3, 60, false), (4, 30, true), (5, 9, true)] {
            let system = randomSystem(n: n, perColumn: 3, zeroDiagonal: zeroDiagonal, seed: seed)
            var generator = SeededGenerator(seed: seed + 100)
            let b = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
            let (result, x) = solve(SparseLU(pattern: system.pattern), values: system.values, b: b)
            XCTAssertNil(failure(result), "seed \(seed)")
            let expected = denseSolve(system.dense, b)
            for i in 0..<n { XCTAssertEqual(x[i], expected[i], accuracy: 1e-12, "seed \(seed), n \(n), x[\(i)]") }
            // And A x = b itself.
            for i in 0..<n {
                let ax = (0..<n).map { system.dense[i][$0] * x[$0] }.reduce(0, +)
                XCTAssertEqual(ax, b[i], accuracy: 1e-12, "seed \(seed), row \(i)")
            }
        }
    }

    func testRefactorWithNewValuesAndBadOldPivots() {
        // The same pattern factored twice: first diagonally dominant, then with its diagonal
        // zeroed out of the first rows, so the first factorization's pivots are unusable.
        let system = randomSystem(n: 12, perColumn: 4, zeroDiagonal: false, seed: 9)
        let lu = SparseLU(pattern: system.pattern)
        let b = (0..<12).map { Double($0) - 5.5 }
        let first = solve(lu, values: system.values, b: b)
        XCTAssertNil(failure(first.0))
        var dense = system.dense
        var values = system.values
        for i in 0..<12 {
            let scale = i < 4 ? 0.0 : 1.5
            dense[i][i] *= scale
            if let slot = system.pattern.slot(row: i, column: i) { values[slot] *= scale }
        }
        // Keep it nonsingular: move weight onto an off-diagonal entry of each zeroed row.
        for i in 0..<4 {
            let j = (i + 5) % 12
            guard let slot = system.pattern.slot(row: i, column: j) else { continue }
            values[slot] = 9
            dense[i][j] = 9
        }
        let second = solve(lu, values: values, b: b)
        let expected = denseSolve(dense, b)
        XCTAssertNil(failure(second.0))
        for i in 0..<12 { XCTAssertEqual(second.1[i], expected[i], accuracy: 1e-10 * max(1, abs(expected[i]))) }
        // A third factorization back at the first values reproduces the first solution.
        let third = solve(lu, values: system.values, b: b)
        for i in 0..<12 { XCTAssertEqual(third.1[i], first.1[i], accuracy: 1e-13) }
    }

    func testSingularMatricesAreReported() {
        // A zero column (a node nothing connects to).
        let pattern = SparsePattern(dimension: 3, entries: [MatrixEntry(row: 0, column: 1), MatrixEntry(row: 1, column: 0)])
        let zeroColumn = denseToValues(pattern, [[2, 1, 0], [1, 2, 0], [0, 0, 0]])
        XCTAssertEqual(failure(solve(SparseLU(pattern: pattern), values: zeroColumn, b: [1, 1, 1]).0), .singular)
        // Two equal rows (two voltage sources in parallel).
        let full = SparsePattern(dimension: 3, entries: (0..<3).flatMap { i in (0..<3).map { MatrixEntry(row: i, column: $0) } })
        let equalRows = denseToValues(full, [[1, 2, 3], [1, 2, 3], [0, 1, 4]])
        XCTAssertEqual(failure(solve(SparseLU(pattern: full), values: equalRows, b: [1, 1, 1]).0), .singular)
        // The same factorization object recovers once the values are nonsingular again.
        let lu = SparseLU(pattern: full)
        XCTAssertEqual(failure(solve(lu, values: equalRows, b: [1, 1, 1]).0), .singular)
        let fixed = denseToValues(full, [[1, 2, 3], [1, 3, 3], [0, 1, 4]])
        let (result, x) = solve(lu, values: fixed, b: [1, 1, 1])
        XCTAssertNil(failure(result))
        let expected = denseSolve([[1, 2, 3], [1, 3, 3], [0, 1, 4]], [1, 1, 1])
        for i in 0..<3 { XCTAssertEqual(x[i], expected[i], accuracy: 1e-14) }
    }

    private func failure(_ result: Result<Void, SparseLU.Failure>) -> SparseLU.Failure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    private func denseToValues(_ pattern: SparsePattern, _ dense: [[Double]]) -> [Double] {
        var values = [Double](repeating: 0, count: pattern.nonzeroCount)
        for column in 0..<pattern.dimension {
            for k in Int(pattern.columnStarts[column])..<Int(pattern.columnStarts[column + 1]) {
                values[k] = dense[Int(pattern.rowIndices[k])][column]
            }
        }
        return values
    }
}
