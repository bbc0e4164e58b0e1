/// Matrix stamps shared by every family, so that the entries a family declares and the values
/// it later writes always line up. Entries touching ground (`Unknown.ground`) are skipped in
/// both, in the same order.
///
/// A family declares with `declare…` once, then writes with `add…` in the same element order,
/// carrying a `cursor` into its slot list.
public enum Stamp {
    /// Declares entry (row, column) unless it touches ground.
    @inlinable
    public static func declare(row: Int, column: Int, into entries: inout [MatrixEntry]) {
        if row >= 0 && column >= 0 { entries.append(MatrixEntry(row: row, column: column)) }
    }

    /// Adds `value` at the next declared slot unless (row, column) touches ground.
    @inlinable
    public static func add(
        _ value: Double, row: Int, column: Int,
        values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>, cursor: inout Int
    ) {
        if row >= 0 && column >= 0 {
            values[slots[cursor]] += value
            cursor += 1
        }
    }

    /// Declares the four entries of a two-terminal conductance between nodes a and b.
    @inlinable
    public static func declareConductance(_ a: Int, _ b: Int, into entries: inout [MatrixEntry]) {
        declare(row: a, column: a, into: &entries)
        declare(row: a, column: b, into: &entries)
        declare(row: b, column: a, into: &entries)
        declare(row: b, column: b, into: &entries)
    }

    /// Adds conductance g between a and b: +g on the diagonal, −g off it.
    @inlinable
    public static func addConductance(
        _ g: Double, _ a: Int, _ b: Int,
        values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>, cursor: inout Int
    ) {
        add(g, row: a, column: a, values: values, slots: slots, cursor: &cursor)
        add(-g, row: a, column: b, values: values, slots: slots, cursor: &cursor)
        add(-g, row: b, column: a, values: values, slots: slots, cursor: &cursor)
        add(g, row: b, column: b, values: values, slots: slots, cursor: &cursor)
    }

    /// Declares the incidence of a branch current `branch` flowing from node p to node n:
    /// entries (p, branch), (n, branch), (branch, p), (branch, n).
    @inlinable
    public static func declareBranch(_ p: Int, _ n: Int, branch: Int, into entries: inout [MatrixEntry]) {
        declare(row: p, column: branch, into: &entries)
        declare(row: n, column: branch, into: &entries)
        declare(row: branch, column: p, into: &entries)
        declare(row: branch, column: n, into: &entries)
    }

    /// Adds the branch incidence: ±1 in the KCL rows of p and n, ±1 in the branch row.
    @inlinable
    public static func addBranch(
        _ p: Int, _ n: Int, branch: Int,
        values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>, cursor: inout Int
    ) {
        add(1, row: p, column: branch, values: values, slots: slots, cursor: &cursor)
        add(-1, row: n, column: branch, values: values, slots: slots, cursor: &cursor)
        add(1, row: branch, column: p, values: values, slots: slots, cursor: &cursor)
        add(-1, row: branch, column: n, values: values, slots: slots, cursor: &cursor)
    }
}
