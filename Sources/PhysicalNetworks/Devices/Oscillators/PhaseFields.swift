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
/// **Parameters.** Field strengths h_i and field phases ψ_i, each at its own parameter index:
/// contiguous (`strengthOffset + i`, `phaseOffset + i`) with the offsets initializer, or any
/// indices with `init(oscillators:strengths:phases:)`. A field whose ψ is a clamped input
/// oscillator's phase is that input's coupling to a free oscillator: `−W cos(φ − ψ_input)`
/// with h = W; several fields may then share one ψ parameter (one input driving many
/// oscillators), and their measurements ∂E/∂ψ add up in it.
///
/// - Complexity: O(B·N) for N oscillators.
public struct PhaseFields: Interaction {
    /// Unknown index of each oscillator's phase (free oscillators only).
    public let oscillators: [Int]
    /// Parameter index of each field's strength h_i.
    public let strengths: [Int]
    /// Parameter index of each field's phase ψ_i.
    public let phases: [Int]

    /// Fields with h_i at `strengthOffset + i` and ψ_i at `phaseOffset + i`.
    public init(oscillators: [Int], strengthOffset: Int, phaseOffset: Int) {
        precondition(strengthOffset >= 0 && phaseOffset >= 0,
                     "parameter offsets must be non-negative, got \(strengthOffset), \(phaseOffset)")
        self.init(oscillators: oscillators, strengths: oscillators.indices.map { strengthOffset + $0 },
                  phases: oscillators.indices.map { phaseOffset + $0 })
    }

    /// Field i acts on unknown `oscillators[i]` with h at parameter `strengths[i]` and ψ at
    /// parameter `phases[i]`.
    public init(oscillators: [Int], strengths: [Int], phases: [Int]) {
        precondition(oscillators.allSatisfy { $0 >= 0 }, "fields act on free oscillators only")
        precondition(strengths.count == oscillators.count && phases.count == oscillators.count,
                     "\(oscillators.count) fields need as many strength and phase indices, got \(strengths.count), \(phases.count)")
        precondition((strengths + phases).allSatisfy { $0 >= 0 }, "field parameter indices must be non-negative")
        self.oscillators = oscillators
        self.strengths = strengths
        self.phases = phases
    }

    public var familyName: String { "phase fields" }
    public var isReciprocal: Bool { true }
    /// Potential energy: what the relaxation takes from it is heat in the drags (energy ledger).
    public var storesEnergy: Bool { true }
    public var isLinear: Bool { false }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns, out = residual.base + b * residual.columns
            for (i, node) in oscillators.enumerated() {
                out[node] += parameters[strengths[i]] * sin(row[node] - parameters[phases[i]])
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
            values[slots[i]] += parameters[strengths[i]] * cos(state[node] - parameters[phases[i]])
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for (i, node) in oscillators.enumerated() {
                energies[b] -= parameters[strengths[i]] * cos(row[node] - parameters[phases[i]])
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
                let delta = row[node] - parameters[phases[i]]
                gradient[strengths[i]] -= cos(delta)
                gradient[phases[i]] -= parameters[strengths[i]] * sin(delta)
            }
        }
    }

    /// Adds `λᵀ ∂F/∂h_i = λ_i sin(φ_i − ψ_i)` and `λᵀ ∂F/∂ψ_i = −λ_i h_i cos(φ_i − ψ_i)`.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (i, node) in oscillators.enumerated() {
            let delta = state[node] - parameters[phases[i]]
            gradient[strengths[i]] += adjoint[node] * sin(delta)
            gradient[phases[i]] -= adjoint[node] * parameters[strengths[i]] * cos(delta)
        }
    }
}
