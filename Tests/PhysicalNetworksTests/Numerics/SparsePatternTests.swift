import XCTest
@testable import PhysicalNetworks

final class SparsePatternTests: XCTestCase {
    func testCompressedColumnsWithSortedRowsAndFullDiagonal() {
        let pattern = SparsePattern(dimension: 4, entries: [
            MatrixEntry(row: 3, column: 0), MatrixEntry(row: 1, column: 0), MatrixEntry(row: 0, column: 2),
            MatrixEntry(row: 2, column: 3),
        ])
        // Column 0: rows 0 (diagonal), 1, 3; column 1: 1; column 2: 0, 2; column 3: 2, 3.
        XCTAssertEqual(pattern.columnStarts, [0, 3, 4, 6, 8])
        XCTAssertEqual(pattern.rowIndices, [0, 1, 3, 1, 0, 2, 2, 3])
        XCTAssertEqual(pattern.nonzeroCount, 8)
        XCTAssertEqual(pattern.diagonalSlots(), [0, 3, 5, 7])
    }

    func testSlotsAreUniqueAndDuplicatesShareOne() {
        let entries = [MatrixEntry(row: 0, column: 1), MatrixEntry(row: 2, column: 1), MatrixEntry(row: 0, column: 1),
                       MatrixEntry(row: 1, column: 1), MatrixEntry(row: 2, column: 1)]
        let pattern = SparsePattern(dimension: 3, entries: entries)
        XCTAssertEqual(pattern.nonzeroCount, 3 + 2, "diagonal plus (0,1) and (2,1), duplicates merged")
        let slots = entries.map { pattern.slot(row: $0.row, column: $0.column) }
        XCTAssertEqual(slots[0], slots[2])
        XCTAssertEqual(slots[1], slots[4])
        // Every stored position has exactly one slot, and the slot points back at it.
        var seen = Set<Int>()
        for column in 0..<3 {
            for row in 0..<3 {
                guard let slot = pattern.slot(row: row, column: column) else { continue }
                XCTAssertTrue(seen.insert(slot).inserted, "slot \(slot) reused")
                XCTAssertEqual(Int(pattern.rowIndices[slot]), row)
                XCTAssertTrue((Int(pattern.columnStarts[column])..<Int(pattern.columnStarts[column + 1])).contains(slot))
            }
        }
        XCTAssertEqual(seen.count, pattern.nonzeroCount)
        XCTAssertNil(pattern.slot(row: 1, column: 0))
        XCTAssertNil(pattern.slot(row: 2, column: 0))
    }

    func testMultiplyAddMatchesDenseProduct() {
        var generator = SeededGenerator(seed: 31)
        let n = 7
        var entries: [MatrixEntry] = []
        for _ in 0..<15 {
            entries.append(MatrixEntry(row: Int.random(in: 0..<n, using: &generator),
                                       column: Int.random(in: 0..<n, using: &generator)))
        }
        let pattern = SparsePattern(dimension: n, entries: entries)
        let values = (0..<pattern.nonzeroCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let dense = denseMatrix(pattern, values: values)
        let x = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
        var y = [Double](repeating: 0.5, count: n)
        values.withUnsafeBufferPointer { v in
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { pattern.multiplyAdd(values: v, xb, into: $0) }
            }
        }
        for i in 0..<n {
            let expected = 0.5 + (0..<n).map { dense[i][$0] * x[$0] }.reduce(0, +)
            XCTAssertEqual(y[i], expected, accuracy: 1e-14)
        }
    }

    func testEmptyPattern() {
        let pattern = SparsePattern(dimension: 0, entries: [])
        XCTAssertEqual(pattern.columnStarts, [0])
        XCTAssertEqual(pattern.nonzeroCount, 0)
        XCTAssertEqual(pattern.diagonalSlots(), [])
    }
}
