/// A read-only view of a batch of states: `rows` states of `columns` unknowns each, row-major
/// and contiguous (B × n). A single state is a batch of one.
public struct StateBatch {
    public let base: UnsafePointer<Double>
    public let rows: Int
    public let columns: Int

    public init(base: UnsafePointer<Double>, rows: Int, columns: Int) {
        self.base = base
        self.rows = rows
        self.columns = columns
    }

    /// The state of batch member `row`.
    @inlinable
    public func row(_ row: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: base + row * columns, count: columns)
    }

    /// Element `column` of batch member `row`; ground (`Unknown.ground`) reads as 0 V.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        column < 0 ? 0 : base[row * columns + column]
    }
}

/// A writable view of a batch of states, row-major B × n.
public struct MutableStateBatch {
    public let base: UnsafeMutablePointer<Double>
    public let rows: Int
    public let columns: Int

    public init(base: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        self.base = base
        self.rows = rows
        self.columns = columns
    }

    /// Adds `value` to element `column` of member `row`; writes to ground are dropped.
    @inlinable
    public func add(_ value: Double, row: Int, column: Int) {
        if column >= 0 { base[row * columns + column] += value }
    }

    /// Adds a current i (A) that leaves node `from` and enters node `to` into the KCL rows of
    /// member `row` (F sums the currents leaving each node).
    @inlinable
    public func addCurrent(_ current: Double, from: Int, to: Int, row: Int) {
        add(current, row: row, column: from)
        add(-current, row: row, column: to)
    }

    public var readOnly: StateBatch { StateBatch(base: UnsafePointer(base), rows: rows, columns: columns) }
}
