/// The local EP measurement and the exact gradient (implicit differentiation) of the loaded
/// batch, both as GEMMs over the batch plus row and column sums.
extension ResistiveLayersSolver {
    /// Adds `scale · Σ_b ½ (a_l V_bi − V_bj)²` — every device's measurement `∂E_phys/∂G`,
    /// summed over the batch — into the conductances' slots of `gradient`:
    ///
    ///     Σ_b ½ (a V_i − V_j)² = ½ a² Σ_b V_bi² + ½ Σ_b V_bj² − a (V_lᵀ V_{l+1})_ij
    ///
    /// - Complexity: B·n_l·n_{l+1} multiply-adds per block in one GEMM, plus O(n_l n_{l+1}).
    public func addMeasurement(scale: Double, into gradient: UnsafeMutableBufferPointer<Double>) {
        precondition(gradient.count >= layers.parameterCount, "\(gradient.count) slots for \(layers.parameterCount) devices")
        let counts = layers.nodeCounts
        for l in 0..<layers.blockCount {
            let a = layers.gains[l], m = counts[l], n = counts[l + 1]
            let block = gradient.baseAddress! + layers.blockParameters(l).lowerBound
            BLAS.gemm(transposeA: true, m: m, n: n, k: rows, alpha: -a * scale, voltages[l], voltages[l + 1],
                      beta: 1, block)
            let rowTerms = sums.baseAddress!, columnTerms = sums.baseAddress! + m
            halfSquareColumnSums(voltages[l], columns: m, scale: a * a * scale, into: rowTerms)
            halfSquareColumnSums(voltages[l + 1], columns: n, scale: scale, into: columnTerms)
            for i in 0..<m {
                for j in 0..<n { block[i * n + j] += rowTerms[i] + columnTerms[j] }
            }
        }
    }

    /// The gradient of the mean cost `(1/B) Σ_b C_b` over the loaded batch at the current
    /// state, which must be the free equilibrium (β = 0), by implicit differentiation:
    ///
    ///     J ν = ∂C̄/∂V,   dC̄/dG_l[i,j] = −(w_l / w_{L−1}) Σ_b (a_l V_bi − V_bj)(a_l ν_bi − ν_bj)      [D]
    ///
    /// with J the Jacobian of the node equations (rectifier conductances included; nodes an
    /// ideal diode pins, and the inputs, have ν = 0). J = S⁻¹H with H the Hessian of the
    /// weighted energy and S its layer weights, so block Gauss–Seidel on J ν = r is block
    /// Gauss–Seidel on the symmetric positive definite H ν = S r and converges; it runs with
    /// the relaxation's GEMMs until a sweep changes ν by at most 1e-13 of its largest entry.
    /// The result replaces `gradient`'s conductance slots.
    @discardableResult
    public func exactGradient(parameters: UnsafeBufferPointer<Double>,
                              into gradient: UnsafeMutableBufferPointer<Double>) -> SweepReport {
        precondition(rows > 0, "load and relax a batch before differentiating")
        let report = solveAdjoint(conductances: parameters.baseAddress!)
        let counts = layers.nodeCounts
        for l in 0..<layers.blockCount {
            let a = layers.gains[l], m = counts[l], n = counts[l + 1]
            let scale = -layers.gainCompensation(block: l)
            let block = gradient.baseAddress! + layers.blockParameters(l).lowerBound
            // Σ_b (aV_i − V_j)(aν_i − ν_j) = a² Σ V_i ν_i − a Σ V_i ν_j − a Σ ν_i V_j + Σ V_j ν_j
            BLAS.gemm(transposeA: true, m: m, n: n, k: rows, alpha: -a * scale, voltages[l], adjoint[l + 1],
                      beta: 0, block)
            let rowTerms = sums.baseAddress!, columnTerms = sums.baseAddress! + m
            rowTerms.update(repeating: 0, count: m)
            if l > 0 {
                BLAS.gemm(transposeA: true, m: m, n: n, k: rows, alpha: -a * scale, adjoint[l], voltages[l + 1],
                          beta: 1, block)
                columnDots(voltages[l], adjoint[l], columns: m, scale: a * a * scale, into: rowTerms)
            }
            columnDots(voltages[l + 1], adjoint[l + 1], columns: n, scale: scale, into: columnTerms)
            for i in 0..<m {
                for j in 0..<n { block[i * n + j] += rowTerms[i] + columnTerms[j] }
            }
        }
        return report
    }

    /// Block Gauss–Seidel for `J ν = ∂C̄/∂V` into `adjoint`.
    private func solveAdjoint(conductances g: UnsafePointer<Double>) -> SweepReport {
        let counts = layers.nodeCounts, batch = Double(rows)
        for l in 1...lastLayer { adjoint[l].update(repeating: 0, count: rows * counts[l]) }
        for sweep in 1...maxSweeps {
            var change = 0.0, size = 0.0
            for first in 1...2 {
                for l in stride(from: first, through: lastLayer, by: 2) {
                    computeDrive(layer: l, from: adjoint, includeInput: false, conductances: g)
                    let n = counts[l], nu = adjoint[l], c = drives[l], d = diagonals[l], v = voltages[l]
                    for b in 0..<rows {
                        for j in 0..<n {
                            let k = b * n + j
                            let next: Double
                            if l < lastLayer {
                                guard let diode = layers.rectifierConductance(at: v[k]) else {
                                    nu[k] = 0
                                    continue
                                }
                                next = c[k] / (d[j] + diode)
                            } else {
                                next = (c[k] + costDerivative(sample: b, node: j) / batch) / d[j]
                            }
                            change = max(change, abs(next - nu[k]))
                            size = max(size, abs(next))
                            nu[k] = next
                        }
                    }
                }
            }
            if !change.isFinite { return SweepReport(sweeps: sweep, lastChange: change, status: .diverged) }
            if change <= 1e-13 * size { return SweepReport(sweeps: sweep, lastChange: change, status: .settled) }
        }
        return SweepReport(sweeps: maxSweeps, lastChange: .infinity, status: .sweepLimit)
    }

    /// ∂C_b/∂V of output node j of sample b: ±(V⁺ − V⁻ − y) for a pair, V − y for a single node.
    func costDerivative(sample b: Int, node j: Int) -> Double {
        guard layers.differentialOutput else { return output(sample: b, class: j) - target(sample: b, class: j) }
        let error = output(sample: b, class: j / 2) - target(sample: b, class: j / 2)
        return j % 2 == 0 ? error : -error
    }

    /// `scale · ½ Σ_b X_bj²` for each column j of the rows × columns batch matrix X.
    private func halfSquareColumnSums(_ x: UnsafePointer<Double>, columns: Int, scale: Double,
                                      into out: UnsafeMutablePointer<Double>) {
        out.update(repeating: 0, count: columns)
        for b in 0..<rows {
            let row = x + b * columns
            for j in 0..<columns { out[j] += row[j] * row[j] }
        }
        for j in 0..<columns { out[j] *= 0.5 * scale }
    }

    /// `scale · Σ_b X_bj Y_bj` for each column j.
    private func columnDots(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, columns: Int, scale: Double,
                            into out: UnsafeMutablePointer<Double>) {
        out.update(repeating: 0, count: columns)
        for b in 0..<rows {
            let xRow = x + b * columns, yRow = y + b * columns
            for j in 0..<columns { out[j] += xRow[j] * yRow[j] }
        }
        for j in 0..<columns { out[j] *= scale }
    }
}
