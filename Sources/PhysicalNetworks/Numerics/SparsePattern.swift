/// The nonzero structure of a square sparse matrix in compressed-sparse-column (CSC) form.
///
/// Built once per problem from the entries every family declares; afterwards each family writes
/// its values through precomputed *slots* (indices into the value array), as SPICE devices keep
/// pointers into the matrix. Duplicate entries share one slot.
///
/// - Complexity: construction O(nnz log nnz) with O(1) allocations; `slot(row:column:)`
///   O(log nnz_column).
public struct SparsePattern: Sendable {
    /// Matrix dimension n (the matrix is n × n).
    public let dimension: Int
    /// Column pointers, n + 1 entries (Int32 for KLU).
    public let columnStarts: [Int32]
    /// Row index of each stored value, sorted within each column.
    public let rowIndices: [Int32]

    /// Number of stored values.
    public var nonzeroCount: Int { rowIndices.count }

    /// Builds the pattern holding every `(row, column)` in `entries` plus the full diagonal
    /// (the diagonal is always present so that shunts and mass terms have a slot).
    public init(dimension: Int, entries: [MatrixEntry]) {
        precondition(dimension >= 0, "dimension \(dimension) must be non-negative")
        // One sorted list of column-major keys (column · n + row), deduplicated: a handful of
        // allocations however large the matrix.
        var keys: [Int] = []
        keys.reserveCapacity(entries.count + dimension)
        for index in 0..<dimension { keys.append(index * dimension + index) }
        for entry in entries {
            precondition(
                (0..<dimension).contains(entry.row) && (0..<dimension).contains(entry.column),
                "entry (\(entry.row), \(entry.column)) outside a \(dimension)×\(dimension) matrix")
            keys.append(entry.column * dimension + entry.row)
        }
        keys.sort()
        var starts = [Int32](repeating: 0, count: dimension + 1)
        var rows: [Int32] = []
        rows.reserveCapacity(keys.count)
        var previous = -1
        for key in keys where key != previous {
            previous = key
            rows.append(Int32(key % dimension))
            starts[key / dimension + 1] += 1
        }
        for column in 0..<dimension { starts[column + 1] += starts[column] }
        self.dimension = dimension
        self.columnStarts = starts
        self.rowIndices = rows
    }

    /// The index in the value array of entry `(row, column)`, or nil when it is not stored.
    public func slot(row: Int, column: Int) -> Int? {
        var low = Int(columnStarts[column])
        var high = Int(columnStarts[column + 1]) - 1
        let target = Int32(row)
        while low <= high {
            let middle = (low + high) / 2
            let value = rowIndices[middle]
            if value == target { return middle }
            if value < target { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// Slots of the diagonal entries, in row order.
    public func diagonalSlots() -> [Int] {
        (0..<dimension).map { index in
            guard let slot = slot(row: index, column: index) else {
                preconditionFailure("diagonal entry \(index) missing from the pattern")
            }
            return slot
        }
    }

    /// y += A x for values `values` stored in this pattern.
    public func multiplyAdd(
        values: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
        into y: UnsafeMutableBufferPointer<Double>
    ) {
        for column in 0..<dimension {
            let xc = x[column]
            if xc == 0 { continue }
            for k in Int(columnStarts[column])..<Int(columnStarts[column + 1]) {
                y[Int(rowIndices[k])] += values[k] * xc
            }
        }
    }
}

/// A position in a square matrix.
public struct MatrixEntry: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}
