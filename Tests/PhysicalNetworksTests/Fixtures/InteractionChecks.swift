import XCTest
@testable import PhysicalNetworks

/// The one check every `Interaction` goes through: its derivatives against central finite
/// differences of itself, and its batch evaluation against one-row evaluations.
///
/// For a batch of states x_b (B ≥ 2) and parameters θ:
/// - (a) the Jacobian the family declares (`jacobianEntries`) and writes (`addJacobian`) equals
///   `[F(x + h e_j) − F(x − h e_j)] / 2h` column by column, assembled both entry by entry (one
///   slot per declared entry, so misordered writes show) and through `NetworkEquations`'s
///   sparse pattern; a family that calls itself linear has the same Jacobian at every state;
/// - (b) for a reciprocal family, `F = ∂E/∂x` by central differences of `addEnergy`;
/// - (c) `addParameterGradient` = ∂(Σ_b E_b)/∂θ by central differences over the parameters;
/// - (d) row b of every batch evaluation (residual, energy, dissipated power) equals the same
///   evaluation of row b alone, and the batch parameter gradient is the sum of the rows'.
///
/// Tolerances: an entry passes when `|analytic − fd| ≤ rtol·|fd| + 1e-2·rtol·scale`, where
/// scale is the largest analytic magnitude of the same row (or vector), which sits well above
/// the finite differences' rounding error (ε |F| / h ≈ 1e-10 scale for h = 1e-6).
struct InteractionChecks {
    var family: any Interaction
    /// Width n of a state row.
    var dimension: Int
    var parameters: [Double]
    var drive: Drive = .dc
    /// Finite-difference step for a state entry x: `stateStep · max(1, |x|)`.
    var stateStep = 1e-6
    /// Finite-difference step for a parameter θ: `parameterStep · |θ|` (θ ≠ 0).
    var parameterStep = 1e-6
    /// Relative tolerance rtol.
    var tolerance = 1e-6

    /// Every failed comparison, as a readable line (empty when the family passes).
    func failures(states: [[Double]]) -> [String] {
        precondition(states.count >= 2, "a batch check needs B ≥ 2 states, got \(states.count)")
        precondition(states.allSatisfy { $0.count == dimension }, "every state needs \(dimension) entries")
        var problems: [String] = []
        var firstJacobian: [[Double]]?
        for (b, x) in states.enumerated() {
            let analytic = jacobianByEntries(x)
            let assembled = jacobianThroughEquations(x)
            let numeric = jacobianByDifferences(x)
            for i in 0..<dimension {
                let scale = analytic[i].map(abs).max() ?? 0
                for j in 0..<dimension {
                    if !close(analytic[i][j], numeric[i][j], scale: scale) {
                        problems.append("state \(b): ∂F\(i)/∂x\(j) = \(analytic[i][j]), finite difference \(numeric[i][j])")
                    }
                    if abs(assembled[i][j] - analytic[i][j]) > 1e-12 * max(scale, .leastNormalMagnitude) {
                        problems.append("state \(b): ∂F\(i)/∂x\(j) through NetworkEquations = \(assembled[i][j]), entry by entry \(analytic[i][j])")
                    }
                }
            }
            if family.isLinear {
                if let first = firstJacobian, first != analytic {
                    problems.append("state \(b): family says it is linear but its Jacobian differs from state 0's")
                }
                firstJacobian = firstJacobian ?? analytic
            }
            if family.isReciprocal {
                let residual = self.residual(x)
                let gradient = energyGradientByDifferences(x)
                let scale = residual.map(abs).max() ?? 0
                for i in 0..<dimension where !close(residual[i], gradient[i], scale: scale) {
                    problems.append("state \(b): F\(i) = \(residual[i]) but ∂E/∂x\(i) by differences = \(gradient[i])")
                }
            }
        }
        problems += parameterGradientFailures(states)
        problems += batchFailures(states)
        return problems
    }

    // MARK: (a) Jacobian

    /// ∂F/∂x with one value slot per declared entry, summed into a dense matrix.
    func jacobianByEntries(_ x: [Double]) -> [[Double]] {
        let entries = family.jacobianEntries()
        var values = [Double](repeating: 0, count: entries.count)
        let slots = Array(0..<entries.count)
        withParameters { parameters in
            x.withUnsafeBufferPointer { state in
                values.withUnsafeMutableBufferPointer { valueBuffer in
                    slots.withUnsafeBufferPointer { slotBuffer in
                        family.addJacobian(state, drive: drive, parameters: parameters,
                                           into: valueBuffer, slots: slotBuffer)
                    }
                }
            }
        }
        var dense = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for (entry, value) in zip(entries, values) { dense[entry.row][entry.column] += value }
        return dense
    }

    /// ∂F/∂x as `NetworkEquations` assembles it for a network of this family alone.
    func jacobianThroughEquations(_ x: [Double]) -> [[Double]] {
        let network = Network(
            unknowns: (0..<dimension).map { Unknown(name: "x\($0)", kind: .nodeVoltage) },
            interactions: [family], parameters: parameters,
            parameterNames: parameters.indices.map { "p\($0)" })
        let equations = NetworkEquations(network: network)
        x.withUnsafeBufferPointer { equations.evaluateJacobian($0, drive: drive) }
        return denseMatrix(equations.pattern, values: Array(equations.jacobianValues))
    }

    func jacobianByDifferences(_ x: [Double]) -> [[Double]] {
        var dense = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for j in 0..<dimension {
            let h = stateStep * max(1, abs(x[j]))
            var plus = x, minus = x
            plus[j] += h
            minus[j] -= h
            let fPlus = residual(plus), fMinus = residual(minus)
            for i in 0..<dimension { dense[i][j] = (fPlus[i] - fMinus[i]) / (plus[j] - minus[j]) }
        }
        return dense
    }

    // MARK: (b) residual = ∂E/∂x

    func energyGradientByDifferences(_ x: [Double]) -> [Double] {
        (0..<dimension).map { j in
            let h = stateStep * max(1, abs(x[j]))
            var plus = x, minus = x
            plus[j] += h
            minus[j] -= h
            return (energies([plus], parameters)[0] - energies([minus], parameters)[0]) / (plus[j] - minus[j])
        }
    }

    // MARK: (c) ∂E/∂θ

    func parameterGradientFailures(_ states: [[Double]]) -> [String] {
        let analytic = parameterGradient(states)
        let numeric = parameters.indices.map { k -> Double in
            let h = parameterStep * max(abs(parameters[k]), 1e-300)
            var plus = parameters, minus = parameters
            plus[k] += h
            minus[k] -= h
            let total = { (theta: [Double]) in self.energies(states, theta).reduce(0, +) }
            return (total(plus) - total(minus)) / (plus[k] - minus[k])
        }
        let scale = analytic.map(abs).max() ?? 0
        return parameters.indices.compactMap { k in
            close(analytic[k], numeric[k], scale: scale)
                ? nil : "∂E/∂θ\(k) = \(analytic[k]), finite difference \(numeric[k])"
        }
    }

    // MARK: (d) batch consistency

    func batchFailures(_ states: [[Double]]) -> [String] {
        var problems: [String] = []
        let batchResidual = residualBatch(states)
        let batchEnergy = energies(states, parameters)
        let batchPower = dissipatedPowers(states)
        let batchGradient = parameterGradient(states)
        var rowGradientSum = [Double](repeating: 0, count: parameters.count)
        withParameters { parameters in
            for x in states {
                withBatch([x]) { batch in
                    rowGradientSum.withUnsafeMutableBufferPointer {
                        family.addParameterGradient(batch, drive: drive, parameters: parameters, into: $0)
                    }
                }
            }
        }
        for (b, x) in states.enumerated() {
            if residual(x) != batchResidual[b] {
                problems.append("row \(b) of the batch residual \(batchResidual[b]) ≠ its own residual \(residual(x))")
            }
            if energies([x], parameters)[0] != batchEnergy[b] {
                problems.append("row \(b) of the batch energy \(batchEnergy[b]) ≠ its own energy \(energies([x], parameters)[0])")
            }
            if dissipatedPowers([x])[0] != batchPower[b] {
                problems.append("row \(b) of the batch power \(batchPower[b]) ≠ its own power \(dissipatedPowers([x])[0])")
            }
        }
        let scale = batchGradient.map(abs).max() ?? 0
        for k in parameters.indices where abs(batchGradient[k] - rowGradientSum[k]) > 1e-13 * scale {
            problems.append("batch ∂E/∂θ\(k) = \(batchGradient[k]) ≠ sum over rows \(rowGradientSum[k])")
        }
        return problems
    }

    // MARK: Evaluations

    func residual(_ x: [Double]) -> [Double] { residualBatch([x])[0] }

    func residualBatch(_ states: [[Double]]) -> [[Double]] {
        var flat = [Double](repeating: 0, count: states.count * dimension)
        withParameters { parameters in
            withBatch(states) { batch in
                flat.withUnsafeMutableBufferPointer { out in
                    guard let base = out.baseAddress else { return }
                    family.addResidual(batch, drive: drive, parameters: parameters,
                                       into: MutableStateBatch(base: base, rows: states.count, columns: dimension))
                }
            }
        }
        return (0..<states.count).map { Array(flat[($0 * dimension)..<(($0 + 1) * dimension)]) }
    }

    func energies(_ states: [[Double]], _ theta: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: states.count)
        theta.withUnsafeBufferPointer { parameters in
            withBatch(states) { batch in
                out.withUnsafeMutableBufferPointer {
                    family.addEnergy(batch, drive: drive, parameters: parameters, into: $0)
                }
            }
        }
        return out
    }

    /// Σ_b ∂E/∂θ as the family accumulates it.
    func parameterGradient(_ states: [[Double]]) -> [Double] {
        var out = [Double](repeating: 0, count: parameters.count)
        withParameters { parameters in
            withBatch(states) { batch in
                out.withUnsafeMutableBufferPointer {
                    family.addParameterGradient(batch, drive: drive, parameters: parameters, into: $0)
                }
            }
        }
        return out
    }

    func dissipatedPowers(_ states: [[Double]]) -> [Double] {
        var out = [Double](repeating: 0, count: states.count)
        withParameters { parameters in
            withBatch(states) { batch in
                out.withUnsafeMutableBufferPointer {
                    family.addDissipatedPower(batch, drive: drive, parameters: parameters, into: $0)
                }
            }
        }
        return out
    }

    private func withParameters(_ body: (UnsafeBufferPointer<Double>) -> Void) {
        parameters.withUnsafeBufferPointer(body)
    }

    private func withBatch(_ states: [[Double]], _ body: (StateBatch) -> Void) {
        let flat = states.flatMap { $0 }
        flat.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            body(StateBatch(base: base, rows: states.count, columns: dimension))
        }
    }

    private func close(_ analytic: Double, _ numeric: Double, scale: Double) -> Bool {
        abs(analytic - numeric) <= tolerance * abs(numeric) + 1e-2 * tolerance * scale
    }
}

/// Asserts that `family` passes every `InteractionChecks` comparison on `states`.
func assertInteractionDerivatives(
    _ family: any Interaction, dimension: Int, parameters: [Double], states: [[Double]],
    drive: Drive = .dc, tolerance: Double = 1e-6, file: StaticString = #filePath, line: UInt = #line
) {
    var checks = InteractionChecks(family: family, dimension: dimension, parameters: parameters, drive: drive)
    checks.tolerance = tolerance
    for problem in checks.failures(states: states) {
        XCTFail("\(family.familyName): \(problem)", file: file, line: line)
    }
}

/// The dense matrix of `values` stored in `pattern`.
func denseMatrix(_ pattern: SparsePattern, values: [Double]) -> [[Double]] {
    var dense = [[Double]](repeating: [Double](repeating: 0, count: pattern.dimension), count: pattern.dimension)
    for column in 0..<pattern.dimension {
        for k in Int(pattern.columnStarts[column])..<Int(pattern.columnStarts[column + 1]) {
            dense[Int(pattern.rowIndices[k])][column] = values[k]
        }
    }
    return dense
}

/// A seeded SplitMix64 generator (Steele, Lea & Flood 2014), so random fixtures repeat.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` states of `dimension` entries, each uniform in `range`.
    mutating func states(_ count: Int, dimension: Int, in range: ClosedRange<Double>) -> [[Double]] {
        (0..<count).map { _ in (0..<dimension).map { _ in Double.random(in: range, using: &self) } }
    }
}
