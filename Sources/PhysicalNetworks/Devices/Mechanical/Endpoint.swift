/// Where a mechanical element's endpoint is — a free node, named by the unknown index of its x
/// coordinate (y and, in 3-D, z follow), or a pinned one (index −1) at its fixed anchor — and
/// the geometry and stiffness stamps that every two-node element (spring, distance sensor)
/// shares.
enum Endpoint {
    /// The endpoint's position in a state row (z = 0 in 2-D).
    @inline(__always)
    static func position(_ index: Int, anchor: SIMD3<Double>, dimension: Int, in row: UnsafePointer<Double>) -> SIMD3<Double> {
        guard index >= 0 else { return anchor }
        return SIMD3(row[index], row[index + 1], dimension == 3 ? row[index + 2] : 0)
    }

    /// The distance r = |x_a − x_b| and the unit vector u = (x_a − x_b)/r (zero when r = 0).
    @inline(__always)
    static func separation(_ a: Int, _ anchorA: SIMD3<Double>, _ b: Int, _ anchorB: SIMD3<Double>, dimension: Int,
                           in row: UnsafePointer<Double>) -> (r: Double, u: SIMD3<Double>) {
        let d = position(a, anchor: anchorA, dimension: dimension, in: row)
            - position(b, anchor: anchorB, dimension: dimension, in: row)
        let r = (d * d).sum().squareRoot()
        return (r, r > 0 ? d / r : .zero)
    }

    /// Declares the d×d blocks (a,a), (a,b), (b,a), (b,b), row-major within each block, pinned
    /// endpoints skipped.
    static func declarePairBlocks(_ a: Int, _ b: Int, dimension: Int, into entries: inout [MatrixEntry]) {
        func block(_ p: Int, _ q: Int) {
            guard p >= 0 && q >= 0 else { return }
            for i in 0..<dimension {
                for j in 0..<dimension { entries.append(MatrixEntry(row: p + i, column: q + j)) }
            }
        }
        block(a, a)
        block(a, b)
        block(b, a)
        block(b, b)
    }

    /// Adds the pair stiffness `K = α u uᵀ + γ I` as `+K` on (a,a) and (b,b) and `−K` on (a,b)
    /// and (b,a), in the order `declarePairBlocks` declared, advancing `cursor`.
    @inline(__always)
    static func addPairBlocks(_ a: Int, _ b: Int, along u: SIMD3<Double>, alpha: Double, gamma: Double, dimension: Int,
                              values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>,
                              cursor: inout Int) {
        func block(_ p: Int, _ q: Int, _ sign: Double) {
            guard p >= 0 && q >= 0 else { return }
            for i in 0..<dimension {
                for j in 0..<dimension {
                    values[slots[cursor]] += sign * (alpha * u[i] * u[j] + (i == j ? gamma : 0))
                    cursor += 1
                }
            }
        }
        block(a, a, 1)
        block(a, b, -1)
        block(b, a, -1)
        block(b, b, 1)
    }
}
