/// A family of physical elements of one kind (all resistors, all diodes, a crossbar, ...):
/// the single contract between devices and everything above them.
///
/// A network's dynamics are `M dx/dt + F(x, t) = 0`, where `F` sums every family's
/// *residual* — at a circuit node, the current leaving the node through the family's elements
/// (A); in a branch row, the family's branch equation (V) — and `M` sums every family's *mass*
/// (capacitances, F). For a gradient (reciprocal) family, `F = ∂E/∂x` with `E` its energy (the
/// co-content, ½ Σ g ΔV² for resistors), so relaxation is gradient flow `C dv/dt = −∂E/∂v`.
/// Non-reciprocal families (controlled sources) contribute forces but no energy.
///
/// Families loop over their own elements; the solver never switches on device type, and there
/// is one dynamic dispatch per family per evaluation. Matrix entries are declared once
/// (`jacobianEntries`, `massEntries`) and written through slots afterwards, so evaluation
/// allocates nothing.
public protocol Interaction: Sendable {
    /// A short name of the family for reports, e.g. `"resistors"`.
    var familyName: String { get }

    /// Whether the family's residual is the gradient of its `energy` (true for resistors,
    /// diodes, capacitors, current sources; false for controlled sources).
    var isReciprocal: Bool { get }

    /// Whether F is affine in x (its Jacobian does not depend on the state), so a Newton solve
    /// converges in one step and a factorization can be reused while the step size holds.
    var isLinear: Bool { get }

    /// Adds F(x) of every batch member into `residual` (same shape as `states`).
    func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch)

    /// The Jacobian entries ∂F_row/∂x_column this family writes, in a fixed order
    /// (ground excluded). Called once when a problem is set up.
    func jacobianEntries() -> [MatrixEntry]

    /// Adds ∂F/∂x at `state` through `slots` (one per declared entry, same order).
    func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>)

    /// Whether `jacobianEntries` cover every nonzero of ∂F/∂x (true for every family but one
    /// that declares only part of a dense Jacobian, like a large FFT lattice): Newton-based
    /// methods need it; explicit integrators need only the residual.
    var hasCompleteJacobian: Bool { get }

    /// The mass-matrix entries this family writes (capacitances), in a fixed order.
    func massEntries() -> [MatrixEntry]

    /// Whether the family's mass is a friction (a drag, `γ dx/dt`) rather than a store of
    /// energy (a capacitance): then its rows dissipate `ẋᵀMẋ = Fᵀ M⁻¹ F` along a relaxation.
    var massDissipates: Bool { get }

    /// Adds the mass matrix through `slots` (one per declared mass entry).
    func addMass(
        parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>)

    /// Adds the family's energy E of each batch member into `energies` (J for springs, W —
    /// the co-content, half the dissipated power for resistors — for circuits).
    func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>)

    /// Adds ∂E/∂θ — the quantity EP measures locally (½ΔV² for a resistor) — summed over the
    /// batch, into `gradient` (length = the network's parameter count).
    func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>)

    /// Adds `λᵀ ∂F/∂θ` at `state` into `gradient` (length = parameter count): how the residual
    /// moves with each parameter, projected on an adjoint vector λ. Implicit differentiation
    /// of an equilibrium needs exactly this (`dL/dθ = −λᵀ ∂F/∂θ` with `Jᵀ λ = ∂C/∂x`).
    func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>)

    /// Adds the power (W) turned into heat by the family's elements for each batch member.
    func addDissipatedPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>)

    /// Names of the family's sources of energy (independent sources, the supplies of controlled
    /// sources), one entry each in an energy ledger; empty for a passive family (the default).
    var energySourceNames: [String] { get }

    /// Whether the family's energy E_f (`addEnergy`) is stored potential energy — springs,
    /// phase couplings and fields, which give it back — so that an energy ledger counts its
    /// change as stored, not as heat. False (the default) for co-contents such as a resistor's
    /// ½gΔV², which store nothing.
    var storesEnergy: Bool { get }

    /// Adds the power (W) each of the family's sources delivers into the rest of the network at
    /// each batch member, `−Σ_nodes V_k F_k` over the source's own terminal currents (Tellegen):
    /// `power[row · m + k]` for source k of the m in `energySourceNames`. Positive when the
    /// source supplies energy, negative when it absorbs it (a battery being charged).
    func addDeliveredPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>)

    /// The largest fraction (0, 1] of the Newton update `step` from `state` that the family
    /// accepts (junction-voltage limiting for exponential devices, SPICE's `pnjlim`).
    func newtonStepFraction(
        from state: UnsafeBufferPointer<Double>, step: UnsafeBufferPointer<Double>) -> Double

    /// The first instant after `time` at which the family's drive has a corner (a PULSE edge,
    /// a PWL point), or nil. Integrators land exactly on these.
    func nextBreakpoint(after time: Double) -> Double?

    /// The family's independent thermal noise sources under `model` (0: it does not fluctuate).
    func noiseSourceCount(_ model: NoiseModel) -> Int

    /// Adds the family's noise forces for one instant into `force` (a state-shaped vector, the
    /// right-hand side of `M dx/dt = −F + noise`): source k adds `√(2 T d_k) ξ_k` across its
    /// element (+ at one terminal, − at the other), ξ_k = `normals[k]`, d_k its dissipative
    /// coefficient under `model` (see `NoiseModel`).
    func addNoise(_ model: NoiseModel, temperature: Double, normals: UnsafeBufferPointer<Double>,
                  parameters: UnsafeBufferPointer<Double>, into force: UnsafeMutableBufferPointer<Double>)
}

extension Interaction {
    public var isLinear: Bool { true }
    public var hasCompleteJacobian: Bool { true }
    public func massEntries() -> [MatrixEntry] { [] }
    public var massDissipates: Bool { false }
    public func addMass(
        parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {}
    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {}
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {}
    public func addDissipatedPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {}
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {}
    public var energySourceNames: [String] { [] }
    public var storesEnergy: Bool { false }
    public func addDeliveredPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {}
    public func newtonStepFraction(
        from state: UnsafeBufferPointer<Double>, step: UnsafeBufferPointer<Double>
    ) -> Double { 1 }
    public func nextBreakpoint(after time: Double) -> Double? { nil }
    public func noiseSourceCount(_ model: NoiseModel) -> Int { 0 }
    public func addNoise(_ model: NoiseModel, temperature: Double, normals: UnsafeBufferPointer<Double>,
                         parameters: UnsafeBufferPointer<Double>, into force: UnsafeMutableBufferPointer<Double>) {}
}

/// Adds `amplitude` into `force` at `a` and subtracts it at `b` (ground, −1, is skipped): a
/// noise force across a two-terminal element.
@inline(__always)
func addAcross(_ amplitude: Double, _ a: Int, _ b: Int, into force: UnsafeMutableBufferPointer<Double>) {
    if a >= 0 { force[a] += amplitude }
    if b >= 0 { force[b] -= amplitude }
}
