/// Linear resistors, each a conductance g (S) between two nodes — the trainable element of a
/// resistive learning network.
///
/// Energy (co-content, half the dissipated power; Kendall et al. 2020, Scellier 2024):
/// `E = ½ Σ_e g_e (V_a − V_b)²`. Current leaving a through e: `g_e (V_a − V_b) = ∂E/∂V_a`.
/// Local EP measurement: `∂E/∂g_e = ½ ΔV_e²`. Dissipated power: `Σ g ΔV²`.
///
/// - Complexity: O(B · edges) per residual, energy or gradient; 4 Jacobian entries per edge.
public struct Resistors: Interaction {
    /// Terminal nodes of each resistor (`Unknown.ground` for ground).
    public let terminals: [(a: Int, b: Int)]
    /// Index of the first conductance in the network's parameter vector.
    public let parameterOffset: Int

    public init(terminals: [(a: Int, b: Int)], parameterOffset: Int) {
        self.terminals = terminals
        self.parameterOffset = parameterOffset
    }

    public var familyName: String { "resistors" }
    public var isReciprocal: Bool { true }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for row in 0..<states.rows {
            for (e, t) in terminals.enumerated() {
                let current = parameters[parameterOffset + e] * (states[row, t.a] - states[row, t.b])
                residual.addCurrent(current, from: t.a, to: t.b, row: row)
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for t in terminals { Stamp.declareConductance(t.a, t.b, into: &entries) }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for (e, t) in terminals.enumerated() {
            Stamp.addConductance(parameters[parameterOffset + e], t.a, t.b,
                                 values: values, slots: slots, cursor: &cursor)
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            var sum = 0.0
            for (e, t) in terminals.enumerated() {
                let dv = states[row, t.a] - states[row, t.b]
                sum += 0.5 * parameters[parameterOffset + e] * dv * dv
            }
            energies[row] += sum
        }
    }

    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for (e, t) in terminals.enumerated() {
                let dv = states[row, t.a] - states[row, t.b]
                gradient[parameterOffset + e] += 0.5 * dv * dv
            }
        }
    }

    /// `∂F_a/∂g_e = ΔV_e`, `∂F_b/∂g_e = −ΔV_e`, so `λᵀ ∂F/∂g_e = (λ_a − λ_b) ΔV_e`.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (e, t) in terminals.enumerated() {
            let dv = (t.a < 0 ? 0 : state[t.a]) - (t.b < 0 ? 0 : state[t.b])
            let dl = (t.a < 0 ? 0 : adjoint[t.a]) - (t.b < 0 ? 0 : adjoint[t.b])
            gradient[parameterOffset + e] += dl * dv
        }
    }

    public func addDissipatedPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            var sum = 0.0
            for (e, t) in terminals.enumerated() {
                let dv = states[row, t.a] - states[row, t.b]
                sum += parameters[parameterOffset + e] * dv * dv
            }
            power[row] += sum
        }
    }

    /// Johnson–Nyquist noise: one source per resistor, `√(2kT g)` across it (two-sided density
    /// 2kTg, one-sided 4kTg).
    public func noiseSourceCount(_ model: NoiseModel) -> Int { model == .johnson ? terminals.count : 0 }

    public func addNoise(_ model: NoiseModel, temperature: Double, normals: UnsafeBufferPointer<Double>,
                         parameters: UnsafeBufferPointer<Double>, into force: UnsafeMutableBufferPointer<Double>) {
        guard model == .johnson else { return }
        for (e, t) in terminals.enumerated() {
            addAcross((2 * temperature * parameters[parameterOffset + e]).squareRoot() * normals[e], t.a, t.b, into: force)
        }
    }
}
