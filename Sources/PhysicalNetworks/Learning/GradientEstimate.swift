/// A gradient of the loss with respect to the trainable parameters, and how it was obtained.
public struct GradientEstimate: Sendable {
    /// The loss C at the free equilibrium.
    public var loss: Double
    /// dL/dθ per trainable parameter (for conductances, 1/S · V²).
    public var gradient: [Double]
    public var estimator: Estimator
    /// The nudge (S); 0 for the exact gradient.
    public var beta: Double
    /// Phases: relaxations run, the free phase included. For holomorphic EP, the free phase plus
    /// the N complex-nudged equilibria, which are solved directly and so add no physical time or
    /// heat to `reports` (a complex nudge has no physical realization to emulate).
    public var phases: Int
    /// The free equilibrium.
    public var freeState: [Double]
    /// Whether the free phase predicts the targets.
    public var isCorrect: Bool
    /// One report per relaxation, the free phase first.
    public var reports: [RelaxationReport]

    /// The first failed status among the phases, or `.converged`.
    public var status: SolverStatus {
        reports.first { !$0.status.isSuccess }?.status ?? .converged
    }

    /// Physical time of all phases together (s).
    public var physicalTime: Double { reports.reduce(0) { $0 + $1.time } }

    /// Heat dissipated over all phases (J).
    public var dissipatedEnergy: Double { reports.reduce(0) { $0 + $1.dissipatedEnergy } }
}
