/// Minimal residual iteration for `A x = b` with A symmetric, possibly indefinite (Paige &
/// Saunders 1975), in the conjugate-residual form with a three-term recurrence: each step
/// minimizes ‖b − A x‖ over the Krylov space, one product with A per step. Used to solve
/// `(H − E_k) λ = P C ψ_k` on the complement of an eigenstate (quantum EP's exact gradient),
/// where `H − E_k` is indefinite for an excited state.
public enum MINRES {
    public struct Result: Sendable {
        public var solution: [Double]
        /// ‖b − A x‖/‖b‖ at the end.
        public var relativeResidual: Double
        public var iterations: Int
        public var converged: Bool
    }

    /// Solves `A x = b` from x = 0; `apply(v, into: w)` computes w ← A v.
    public static func solve(dimension n: Int, rightHandSide b: [Double], tolerance: Double = 1e-12,
                             maxIterations: Int = 10_000,
                             apply: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) -> Result {
        var x = [Double](repeating: 0, count: n)
        var r = b
        let normB = dot(b, b).squareRoot()
        guard normB > 0 else { return Result(solution: x, relativeResidual: 0, iterations: 0, converged: true) }
        var p0 = r, p1 = r, p2 = [Double](repeating: 0, count: n)
        var s0 = [Double](repeating: 0, count: n), s2 = s0
        multiply(apply, p0, into: &s0)
        var s1 = s0
        var residual = 1.0
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            // p2 ← p1, p1 ← p0; s2 ← s1, s1 ← s0 (in place: the loop allocates nothing).
            swap(&p2, &p1)
            swap(&s2, &s1)
            for i in 0..<n {
                p1[i] = p0[i]
                s1[i] = s0[i]
            }
            let s1s1 = dot(s1, s1)
            guard s1s1 > 0 else { break }
            let alpha = dot(r, s1) / s1s1
            for i in 0..<n {
                x[i] += alpha * p1[i]
                r[i] -= alpha * s1[i]
            }
            residual = dot(r, r).squareRoot() / normB
            if residual < tolerance { break }
            for i in 0..<n { p0[i] = s1[i] }
            multiply(apply, s1, into: &s0)
            let beta1 = dot(s0, s1) / s1s1
            for i in 0..<n {
                p0[i] -= beta1 * p1[i]
                s0[i] -= beta1 * s1[i]
            }
            if iteration > 1 {
                let s2s2 = dot(s2, s2)
                if s2s2 > 0 {
                    let beta2 = dot(s0, s2) / s2s2
                    for i in 0..<n {
                        p0[i] -= beta2 * p2[i]
                        s0[i] -= beta2 * s2[i]
                    }
                }
            }
        }
        return Result(solution: x, relativeResidual: residual, iterations: iteration, converged: residual < tolerance)
    }

    private static func multiply(_ apply: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void,
                                 _ v: [Double], into w: inout [Double]) {
        v.withUnsafeBufferPointer { input in w.withUnsafeMutableBufferPointer { apply(input, $0) } }
    }
}
