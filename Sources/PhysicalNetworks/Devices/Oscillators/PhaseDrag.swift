/// Friction on phase oscillators: a torque `−γ_i dφ_i/dt` on every free oscillator (γ in
/// J·s/rad²), so that with `PhaseCouplings`, `PhaseFields` and `InjectionLocking` a network
/// relaxes by overdamped phase dynamics `γ dφ/dt = −∂E/∂φ` (PHYSICS.md §4; γ = 1 gives W24's
/// `dφ/dt = −∂E/∂φ`). It contributes only to the mass matrix M of `M dx/dt + F(x) = 0` (γ on
/// the oscillator's diagonal) and sets the physical time scale of the settling (τ ≈ γ/W).
///
/// Phases are unknowns of kind `.phase` (radians, modulo 2π); integration runs on the unwrapped
/// phase, and settled states are wrapped into (−π, π] (`Network.wrapPhases`).
public struct PhaseDrag: MassOnlyInteraction {
    /// Unknown index of each oscillator's phase.
    public let oscillators: [Int]
    /// Index of γ of the first oscillator in the parameter vector.
    public let parameterOffset: Int

    public init(oscillators: [Int], parameterOffset: Int) {
        precondition(oscillators.allSatisfy { $0 >= 0 }, "drag acts on free oscillators only")
        precondition(parameterOffset >= 0, "parameter offset \(parameterOffset) is negative")
        self.oscillators = oscillators
        self.parameterOffset = parameterOffset
    }

    public var familyName: String { "phase drag" }
    /// Drag turns the oscillators' energy into heat: power `γ φ̇² = F²/γ` per oscillator.
    public var massDissipates: Bool { true }
    public func massEntries() -> [MatrixEntry] { oscillators.map { MatrixEntry(row: $0, column: $0) } }

    public func addMass(
        parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        for i in oscillators.indices { values[slots[i]] += parameters[parameterOffset + i] }
    }

    /// Boltzmann noise: one source per oscillator, `√(2T γ)` (the heat bath of the drag).
    public func noiseSourceCount(_ model: NoiseModel) -> Int { model == .boltzmann ? oscillators.count : 0 }

    public func addNoise(_ model: NoiseModel, temperature: Double, normals: UnsafeBufferPointer<Double>,
                         parameters: UnsafeBufferPointer<Double>, into force: UnsafeMutableBufferPointer<Double>) {
        guard model == .boltzmann else { return }
        for (i, oscillator) in oscillators.enumerated() {
            force[oscillator] += (2 * temperature * parameters[parameterOffset + i]).squareRoot() * normals[i]
        }
    }
}
