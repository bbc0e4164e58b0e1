import Foundation

/// The torques F = ∂E/∂φ, their Jacobian and the energy.
extension DensePhaseCoupling {
    /// Adds the torques of the whole batch with two GEMMs over the stacked trigonometric
    /// matrices (rows = batch members):
    ///
    ///     [C_B Wᵀ; S_B Wᵀ] = T_B Wᵀ:   F_Ai += s_Ai (C_B Wᵀ)_i − c_Ai (S_B Wᵀ)_i
    ///     [C_A W;  S_A W ] = T_A W:    F_Bj += s_Bj (C_A W)_j  − c_Bj (S_A W)_j
    ///
    /// - Complexity: 4·B·m·n multiply-adds in GEMMs plus 2·B·(m + n) sines and cosines;
    ///   allocates nothing once the workspace holds this batch size.
    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        precondition(residual.rows == states.rows && residual.columns == states.columns,
                     "dense phase coupling residual \(residual.rows) × \(residual.columns) for states \(states.rows) × \(states.columns)")
        checkFits(width: states.columns, parameters: parameters.count)
        guard states.rows > 0, let p = parameters.baseAddress else { return }
        let batch = states.rows, m = countA, n = countB, width = states.columns
        let w = weights(in: p)
        workspace.withScratch(Self.scratchCount(batch: batch, m: m, n: n)) { scratch in
            let trigA = scratch, trigB = trigA + 2 * batch * m, product = trigB + 2 * batch * n
            fillTrigonometricA(states, parameters: p, into: trigA)
            Self.fillTrigonometric(states, start: layerB.lowerBound, size: n, into: trigB)

            if !clampsLayerA {
                BLAS.multiply(MatrixView(base: trigB, rows: 2 * batch, columns: n), w, transposing: .second,
                              into: MutableMatrixView(base: product, rows: 2 * batch, columns: m))
                for b in 0..<batch {
                    let out = residual.base + b * width + layerA.lowerBound
                    let c = trigA + b * m, s = trigA + (batch + b) * m
                    let wc = product + b * m, ws = product + (batch + b) * m
                    for i in 0..<m { out[i] += s[i] * wc[i] - c[i] * ws[i] }
                }
            }

            BLAS.multiply(MatrixView(base: trigA, rows: 2 * batch, columns: m), w,
                          into: MutableMatrixView(base: product, rows: 2 * batch, columns: n))
            for b in 0..<batch {
                let out = residual.base + b * width + layerB.lowerBound
                let c = trigB + b * n, s = trigB + (batch + b) * n
                let cw = product + b * n, sw = product + (batch + b) * n
                for j in 0..<n { out[j] += s[j] * cw[j] - c[j] * sw[j] }
            }
        }
    }

    /// Declares the diagonal entries of layer A, then of layer B, then for each (i, j) in
    /// row-major order the pair (A_i, B_j), (B_j, A_i); for a clamped layer A, only B's diagonal.
    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        if clampsLayerA { return layerB.map { MatrixEntry(row: $0, column: $0) } }
        entries.reserveCapacity(countA + countB + 2 * parameterCount)
        for node in layerA { Stamp.declare(row: node, column: node, into: &entries) }
        for node in layerB { Stamp.declare(row: node, column: node, into: &entries) }
        for i in layerA {
            for j in layerB {
                Stamp.declare(row: i, column: j, into: &entries)
                Stamp.declare(row: j, column: i, into: &entries)
            }
        }
        return entries
    }

    /// Adds, with k_ij = W_ij cos(φ_Ai − φ_Bj) = W_ij (c_Ai c_Bj + s_Ai s_Bj):
    ///
    ///     ∂F_Ai/∂φ_Ai = Σ_j k_ij,   ∂F_Bj/∂φ_Bj = Σ_i k_ij,   ∂F_Ai/∂φ_Bj = ∂F_Bj/∂φ_Ai = −k_ij
    ///
    /// - Complexity: O(m·n) plus m + n sines and cosines; allocates nothing.
    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        checkFits(width: state.count, parameters: parameters.count)
        guard let x = state.baseAddress, let p = parameters.baseAddress else { return }
        let m = countA, n = countB
        let single = StateBatch(base: x, rows: 1, columns: state.count)
        workspace.withScratch(2 * (m + n)) { scratch in
            let trigA = scratch, trigB = scratch + 2 * m
            fillTrigonometricA(single, parameters: p, into: trigA)
            Self.fillTrigonometric(single, start: layerB.lowerBound, size: n, into: trigB)
            let rowsA = clampsLayerA ? 0 : m
            var cursor = rowsA + n
            for i in 0..<m {
                let cA = trigA[i], sA = trigA[m + i], row = p + weightOffset + i * n
                var diagonal = 0.0
                for j in 0..<n {
                    let k = row[j] * (cA * trigB[j] + sA * trigB[n + j])
                    diagonal += k
                    values[slots[rowsA + j]] += k
                    guard !clampsLayerA else { continue }
                    values[slots[cursor]] -= k
                    values[slots[cursor + 1]] -= k
                    cursor += 2
                }
                if !clampsLayerA { values[slots[i]] += diagonal }
            }
        }
    }

    /// Adds `E_b = −Σ_i [c_Ai (C_B Wᵀ)_bi + s_Ai (S_B Wᵀ)_bi]` (J) for each batch member:
    /// one GEMM T_B Wᵀ and a pass over layer A.
    ///
    /// - Complexity: 2·B·m·n multiply-adds in a GEMM plus 2·B·(m + n) sines and cosines;
    ///   allocates nothing once the workspace holds this batch size.
    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: parameters.count)
        precondition(energies.count >= states.rows, "\(energies.count) energies for \(states.rows) states")
        guard states.rows > 0, let p = parameters.baseAddress else { return }
        let batch = states.rows, m = countA, n = countB
        workspace.withScratch(Self.scratchCount(batch: batch, m: m, n: n)) { scratch in
            let trigA = scratch, trigB = trigA + 2 * batch * m, product = trigB + 2 * batch * n
            fillTrigonometricA(states, parameters: p, into: trigA)
            Self.fillTrigonometric(states, start: layerB.lowerBound, size: n, into: trigB)
            BLAS.multiply(MatrixView(base: trigB, rows: 2 * batch, columns: n), weights(in: p), transposing: .second,
                          into: MutableMatrixView(base: product, rows: 2 * batch, columns: m))
            for b in 0..<batch {
                let c = trigA + b * m, s = trigA + (batch + b) * m
                let wc = product + b * m, ws = product + (batch + b) * m
                var total = 0.0
                for i in 0..<m { total += c[i] * wc[i] + s[i] * ws[i] }
                energies[b] -= total
            }
        }
    }
}
