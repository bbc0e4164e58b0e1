/// The power flows of the loaded batch at its current state (an equilibrium, free or nudged),
/// summed over the batch: what the energy ledger of a layered training run integrates over the
/// physical time of each phase (`ResistiveLayersEnergyMeter`).
extension ResistiveLayersSolver {
    /// Powers (W) summed over the loaded samples.
    public struct Power: Sendable, Equatable {
        /// Heat in the resistors, `Σ_l Σ_ij G_l[i,j] (a_l V_i − V_j)²`.
        public var resistorHeat = 0.0
        /// Heat in the rectifiers' diodes, `Σ_h j(V_h − high)(V_h − high) + j(low − V_h)(low − V_h)`
        /// (zero for ideal diodes, whose drop is zero when they conduct).
        public var rectifierHeat = 0.0
        /// Power the input sources deliver, `Σ_i a₀x_i Σ_j G_0[i,j] (a₀x_i − V_j)` (a₀ = 1 for a DRN).
        public var inputPower = 0.0
        /// Power the nudge current sources deliver, `Σ_o i_o V_o` with `i_o = −β ∂C/∂V_o` into
        /// each output node (zero in the free phase).
        public var nudgePower = 0.0

        /// What the amplifiers' supplies and the rectifiers' rails deliver: at a steady state no
        /// current flows into a capacitor, so by Tellegen's theorem everything the devices turn
        /// into heat was delivered by some source.
        public var supplyPower: Double { resistorHeat + rectifierHeat - inputPower - nudgePower }
        /// Every device's heat.
        public var heat: Double { resistorHeat + rectifierHeat }

        public init() {}
    }

    /// The power flows of the current state, with the nudge `beta` (S) of the phase that
    /// produced it. Uses the drive buffers as scratch (they hold nothing between relaxations).
    ///
    /// Per block, with row sums r_i, column sums c_j, `s_i = Σ_b V_bi²`, `t_j = Σ_b V_bj²`:
    ///
    ///     Σ_b Σ_ij G_ij (a V_bi − V_bj)² = a² Σ_i r_i s_i + Σ_j c_j t_j − 2a Σ_b Σ_j (V_l G)_bj V_bj
    ///
    /// - Complexity: one GEMM of B·n_l·n_{l+1} multiply-adds per block, plus O(Σ n_l n_{l+1}).
    public func power(parameters: UnsafeBufferPointer<Double>, beta: Double) -> Power {
        precondition(rows > 0, "load and relax a batch before measuring its power")
        precondition(parameters.count >= layers.parameterCount, "\(parameters.count) conductances for \(layers.parameterCount) devices")
        var power = Power()
        let counts = layers.nodeCounts
        for l in 0..<layers.blockCount {
            let a = layers.gains[l], m = counts[l], n = counts[l + 1]
            let g = parameters.baseAddress! + layers.blockParameters(l).lowerBound
            let product = drives[l + 1]
            BLAS.gemm(m: rows, n: n, k: m, alpha: 1, voltages[l], g, beta: 0, product)
            var cross = 0.0
            let upper = voltages[l + 1]
            for k in 0..<(rows * n) { cross += product[k] * upper[k] }
            var rowTerm = 0.0, columnTerm = 0.0
            for i in 0..<m {
                var rowSum = 0.0
                for j in 0..<n { rowSum += g[i * n + j] }
                rowTerm += rowSum * columnSquareSum(voltages[l], columns: m, column: i)
            }
            for j in 0..<n {
                var columnSum = 0.0
                for i in 0..<m { columnSum += g[i * n + j] }
                columnTerm += columnSum * columnSquareSum(upper, columns: n, column: j)
            }
            power.resistorHeat += a * a * rowTerm + columnTerm - 2 * a * cross
            // The sources hold a₀x at the input nodes and push Σ_j G(a₀x − V_j) through block 0.
            if l == 0 { power.inputPower = a * a * rowTerm - a * cross }
        }
        if case .shockley(let junction) = layers.rectifier {
            for l in 1..<lastLayer {
                let v = voltages[l]
                for k in 0..<(rows * counts[l]) {
                    let up = v[k] - layers.biasHigh, down = layers.biasLow - v[k]
                    power.rectifierHeat += junction.currentAndConductance(up).current * up
                        + junction.currentAndConductance(down).current * down
                }
            }
        }
        if beta != 0 {
            let v = voltages[lastLayer], n = counts[lastLayer]
            for b in 0..<rows {
                for j in 0..<n { power.nudgePower -= beta * costDerivative(sample: b, node: j) * v[b * n + j] }
            }
        }
        return power
    }

    /// `Σ_b Σ_h V_bh²` over every free node (hidden and output) of the loaded samples: twice the
    /// energy (per farad) their node capacitances store.
    public func freeNodeSquareSum() -> Double {
        var total = 0.0
        for l in 1...lastLayer {
            let v = voltages[l]
            for k in 0..<(rows * layers.nodeCounts[l]) { total += v[k] * v[k] }
        }
        return total
    }

    /// `Σ_b Σ_h (V_bh − U_bh)²` over every free node, against `other` (a copy of a state).
    func squaredDistance(from other: LayerBuffers) -> Double {
        var total = 0.0
        for l in 1...lastLayer {
            let v = voltages[l], u = other[l]
            for k in 0..<(rows * layers.nodeCounts[l]) { total += (v[k] - u[k]) * (v[k] - u[k]) }
        }
        return total
    }

    /// Copies the free nodes' voltages into `other`.
    func copyState(into other: LayerBuffers) {
        for l in 1...lastLayer { other[l].update(from: voltages[l], count: rows * layers.nodeCounts[l]) }
    }

    /// `Σ_b X_bj²` of column j of a rows × columns batch matrix.
    private func columnSquareSum(_ x: UnsafePointer<Double>, columns: Int, column j: Int) -> Double {
        var total = 0.0
        for b in 0..<rows { total += x[b * columns + j] * x[b * columns + j] }
        return total
    }
}
