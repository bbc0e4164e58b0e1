/// Error tolerances of time integration, per kind of unknown (SPICE keeps separate absolute
/// tolerances for voltages, `VNTOL`, and currents, `ABSTOL`).
///
/// A local error e_i is acceptable when the weighted RMS norm
/// `‖e‖ = sqrt(mean_i (e_i / (atol_i + rtol · r_i))²)` is at most 1, where the reference r_i is
/// `max(|x_i|, |x̂_i|)` (`.state`, the classical choice for transients) or the step's largest
/// change `max_j |x̂_j − x_j|` over unknowns of the same kind (`.change`, for relaxations: the transient stays resolved to the same relative
/// accuracy however small it has become, so the settling time is the physical one and not an
/// artefact of an L-stable method stepping over a decay it no longer resolves).
public struct Tolerances: Sendable, Equatable {
    /// What the relative tolerance is relative to.
    public enum Reference: Sendable, Equatable {
        case state
        case change
    }

    /// Relative tolerance of the local truncation error.
    public var relative: Double
    /// Absolute tolerance for voltages (V).
    public var absoluteVoltage: Double
    /// Absolute tolerance for branch currents (A).
    public var absoluteCurrent: Double
    public var reference: Reference
    /// Whether branch currents enter the error norm. Off by default, as in SPICE: they are
    /// algebraic, and the current of a source driving a capacitor follows dv/dt, whose local
    /// error does not shrink with the step.
    public var controlsBranchCurrents: Bool

    public init(relative: Double = 1e-5, absoluteVoltage: Double = 1e-8, absoluteCurrent: Double = 1e-11,
                reference: Reference = .state, controlsBranchCurrents: Bool = false) {
        self.relative = relative
        self.absoluteVoltage = absoluteVoltage
        self.absoluteCurrent = absoluteCurrent
        self.reference = reference
        self.controlsBranchCurrents = controlsBranchCurrents
    }

    /// The default for relaxations: 10⁻³ of each step's change, with absolute floors below the
    /// default steady-state test.
    public static let relaxation = Tolerances(
        relative: 1e-3, absoluteVoltage: 1e-12, absoluteCurrent: 1e-15, reference: .change)

    /// The absolute tolerance of unknown `kind`.
    @inlinable
    public func absolute(for kind: Unknown.Kind) -> Double {
        kind == .branchCurrent ? absoluteCurrent : absoluteVoltage
    }
}

/// The steady-state test that ends a relaxation.
///
/// Row i is settled when `|F_i| / |J_ii| ≤ relative · |x_i| + absolute`: for a node with
/// capacitance this reads `|dv/dt| · τ_i ≤ …` with `τ_i = C_ii / J_ii` the node's own time
/// constant (the voltage change still to come), and for a node without capacitance it bounds
/// the KCL residual by the voltage error it implies. Branch rows (J_ii = 0) are volts already.
public struct SteadyStateTest: Sendable, Equatable {
    public var relative: Double
    /// Volts.
    public var absolute: Double

    public init(relative: Double = 1e-9, absolute: Double = 1e-11) {
        self.relative = relative
        self.absolute = absolute
    }
}
