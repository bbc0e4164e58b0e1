/// The natural-frequency dispersion of real oscillators: each free oscillator, left alone,
/// would run at its own angular frequency ω_i (rad/s). With `PhaseDrag` (γ_i) and the energy
/// families (`PhaseCouplings`, `PhaseFields`, `InjectionLocking`) the phases follow the
/// Kuramoto/Adler dynamics
///
///     γ_i dφ_i/dt = −∂E/∂φ_i + γ_i ω_i
///
/// In the residual convention `M dx/dt + F(x) = 0` (M = γ from `PhaseDrag`, F = ∂E/∂φ from the
/// energy families) this family adds the constant drift
///
///     F_i = −γ_i ω_i,   ∂F_i/∂φ = 0,   ∂F_i/∂ω_i = −γ_i,   ∂F_i/∂γ_i = −ω_i
///
/// **Why ω multiplies γ.** ω is a frequency, not a torque: a lone oscillator must turn at
/// dφ/dt = ω whatever its drag, which needs the torque γω. The family therefore reads γ_i
/// from the *same* parameter entries as the oscillators' `PhaseDrag` (`dragOffset`), so that
/// changing the drag rescales time but leaves the natural frequencies and the locked phases
/// (sin Δ* = γΔω/2W for two oscillators coupled by W) as physics says.
///
/// **Not a gradient system.** A constant torque on a phase is not the gradient of any
/// single-valued energy on the circle (it would be −γωφ, which does not return to itself after
/// a turn), so `isReciprocal` is false, there is no energy, and ∂E/∂θ is left at the default
/// (nothing): EP's local measurements do not apply. `addParameterJacobianProduct` gives
/// λᵀ∂F/∂θ for implicit differentiation. A steady state exists only in the frame rotating with
/// the network's mean frequency, i.e. when Σ γ_i ω_i is balanced by the fields (with couplings
/// alone: Σ γ_i ω_i = 0); otherwise a locked group drifts at a common frequency.
///
/// **Parameters.** ω_i (rad/s) at `frequencyOffset + i`; γ_i (J·s/rad²) at `dragOffset + i`,
/// normally `PhaseDrag`'s own parameter offset for the same oscillators in the same order.
///
/// - Complexity: O(B·N) for N oscillators.
public struct NaturalFrequencies: Interaction {
    /// Unknown index of each oscillator's phase (free oscillators only).
    public let oscillators: [Int]
    /// Index of ω of the first oscillator in the parameter vector.
    public let frequencyOffset: Int
    /// Index of γ of the first oscillator in the parameter vector (shared with `PhaseDrag`).
    public let dragOffset: Int

    public init(oscillators: [Int], frequencyOffset: Int, dragOffset: Int) {
        precondition(oscillators.allSatisfy { $0 >= 0 }, "natural frequencies act on free oscillators only")
        precondition(frequencyOffset >= 0 && dragOffset >= 0,
                     "parameter offsets must be non-negative, got \(frequencyOffset), \(dragOffset)")
        self.oscillators = oscillators
        self.frequencyOffset = frequencyOffset
        self.dragOffset = dragOffset
    }

    public var familyName: String { "natural frequencies" }
    public var isReciprocal: Bool { false }
    /// The drift does not depend on the phases.
    public var isLinear: Bool { true }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for b in 0..<states.rows {
            let out = residual.base + b * residual.columns
            for (i, node) in oscillators.enumerated() {
                out[node] -= parameters[dragOffset + i] * parameters[frequencyOffset + i]
            }
        }
    }

    /// A constant drift: no entries.
    public func jacobianEntries() -> [MatrixEntry] { [] }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {}

    /// Adds `λᵀ ∂F/∂ω_i = −λ_i γ_i` and `λᵀ ∂F/∂γ_i = −λ_i ω_i`.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (i, node) in oscillators.enumerated() {
            gradient[frequencyOffset + i] -= adjoint[node] * parameters[dragOffset + i]
            gradient[dragOffset + i] -= adjoint[node] * parameters[frequencyOffset + i]
        }
    }
}
