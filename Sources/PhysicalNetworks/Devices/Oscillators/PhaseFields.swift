import Foundation

/// Local fields on phase oscillators — an external reference signal each oscillator locks to
/// (PHYSICS.md §4; Wang, Wanjura & Marquardt 2024):
///
///     E = −Σ_i h_i cos(φ_i − ψ_i),   δ_i = φ_i − ψ_i
///     F_i = ∂E/∂φ_i = h_i sin δ_i,   ∂F_i/∂φ_i = h_i cos δ_i
///     ∂E/∂h_i = −cos δ_i,   ∂E/∂ψ_i = −h_i sin δ_i             (the local EP measurements)
///
/// with φ, ψ in radians and h (and E) in joules.
///
/// **Parameters.** Field strengths h_i at `strengthOffset + i` and field phases ψ_i at
/// `phaseOffset + i`; both are trainable.
///
/// - Complexity: O(B·N) for N oscillators.
public struct PhaseFields: Interaction {
    /// Unknown index of each oscillator's phase (free oscillators only).
    public let oscillators: [Int]
    /// Index of h of the first oscillator in the parameter vector.
    public let strengthOffset: Int
    /// Index of ψ of the first oscillator in the parameter vector.
    public let phaseOffset: Int

    public init(oscillators: [Int], strengthOffset: Int, phaseOffset: Int) {
        precondition(oscillators.allSatisfy { $0 >= 0 }, "fields act on free oscillators only")
        precondition(strengthOffset >= 0 && phaseOffset >= 0,
                     "parameter offsets must be non-negative, got \(strengthOffset), \(phaseOffset)")
        self.oscillators = oscillators
        self.strengthOffset = strengthOffset
        self.phaseOffset = phaseOffset
    }

    public var familyName: String { "phase fields" }
    public var isReciprocal: Bool { true }
    public var isLinear: Bool { false }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns, out = residual.base + b * residual.columns
            for (i, node) in oscillators.enumerated() {
                out[node] += parameters[strengthOffset + i] * sin(row[node] - parameters[phaseOffset + i])
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        oscillators.map { MatrixEntry(row: $0, column: $0) }
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        for (i, node) in oscillators.enumerated() {
            values[slots[i]] += parameters[strengthOffset + i] * cos(state[node] - parameters[phaseOffset + i])
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for (i, node) in oscillators.enumerated() {
                energies[b] -= parameters[strengthOffset + i] * cos(row[node] - parameters[phaseOffset + i])
            }
        }
    }

    /// Adds `∂E/∂h_i = −cos(φ_i − ψ_i)` and `∂E/∂ψ_i = −h_i sin(φ_i − ψ_i)`, summed over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for (i, node) in oscillators.enumerated() {
                let delta = row[node] - parameters[phaseOffset + i]
                gradient[strengthOffset + i] -= cos(delta)
                gradient[phaseOffset + i] -= parameters[strengthOffset + i] * sin(delta)
            }
        }
    }

    /// Adds `λᵀ ∂F/∂h_i = λ_i sin(φ_i − ψ_i)` and `λᵀ ∂F/∂ψ_i = −λ_i h_i cos(φ_i − ψ_i)`.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (i, node) in oscillators.enumerated() {
            let delta = state[node] - parameters[phaseOffset + i]
            gradient[strengthOffset + i] += adjoint[node] * sin(delta)
            gradient[phaseOffset + i] -= adjoint[node] * parameters[strengthOffset + i] * cos(delta)
        }
    }
}
