import Foundation

/// The local EP measurement ∂E/∂W and the parameter-Jacobian product.
extension DensePhaseCoupling {
    /// Adds `∂E/∂W_ij = −cos(φ_Ai − φ_Bj)` summed over the batch, as one GEMM:
    ///
    ///     ∂E/∂W = −(C_Aᵀ C_B + S_Aᵀ S_B) = −T_Aᵀ T_B     (inner dimension 2B)
    ///
    /// - Complexity: 2·B·m·n multiply-adds in a GEMM plus 2·B·(m + n) sines and cosines;
    ///   allocates nothing once the workspace holds this batch size.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: gradient.count)
        guard states.rows > 0, let g = gradient.baseAddress else { return }
        let batch = states.rows, m = countA, n = countB
        workspace.withScratch(Self.scratchCount(batch: batch, m: m, n: n)) { scratch in
            let trigA = scratch, trigB = trigA + 2 * batch * m
            Self.fillTrigonometric(states, start: layerA.lowerBound, size: m, into: trigA)
            Self.fillTrigonometric(states, start: layerB.lowerBound, size: n, into: trigB)
            BLAS.multiply(MatrixView(base: trigA, rows: 2 * batch, columns: m),
                          MatrixView(base: trigB, rows: 2 * batch, columns: n), transposing: .first,
                          into: MutableMatrixView(base: g + weightOffset, rows: m, columns: n), alpha: -1, beta: 1)
        }
    }

    /// Adds `λᵀ ∂F/∂W_ij = sin(φ_Ai − φ_Bj) (λ_Ai − λ_Bj)` as a rank-4 product Uᵀ V:
    ///
    ///     (s_Ai c_Bj − c_Ai s_Bj)(λ_Ai − λ_Bj) = Σ_r U_ri V_rj,
    ///     U = [λ_A s_A; −λ_A c_A; −s_A; c_A] (4 × m),   V = [c_B; s_B; λ_B c_B; λ_B s_B] (4 × n)
    ///
    /// - Complexity: 4·m·n multiply-adds in a GEMM plus m + n sines and cosines; allocates nothing.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: min(state.count, adjoint.count), parameters: gradient.count)
        guard let g = gradient.baseAddress else { return }
        let m = countA, n = countB, a0 = layerA.lowerBound, b0 = layerB.lowerBound
        workspace.withScratch(4 * (m + n)) { scratch in
            let u = scratch, v = scratch + 4 * m
            for i in 0..<m {
                let c = cos(state[a0 + i]), s = sin(state[a0 + i]), lambda = adjoint[a0 + i]
                u[i] = lambda * s
                u[m + i] = -lambda * c
                u[2 * m + i] = -s
                u[3 * m + i] = c
            }
            for j in 0..<n {
                let c = cos(state[b0 + j]), s = sin(state[b0 + j]), lambda = adjoint[b0 + j]
                v[j] = c
                v[n + j] = s
                v[2 * n + j] = lambda * c
                v[3 * n + j] = lambda * s
            }
            BLAS.multiply(MatrixView(base: u, rows: 4, columns: m), MatrixView(base: v, rows: 4, columns: n),
                          transposing: .first,
                          into: MutableMatrixView(base: g + weightOffset, rows: m, columns: n), alpha: 1, beta: 1)
        }
    }
}
