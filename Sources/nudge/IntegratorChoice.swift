import ArgumentParser
import PhysicalNetworks

/// The integrators a user can pick with `--integrator`.
enum IntegratorChoice: String, ExpressibleByArgument, CaseIterable {
    /// TR-BDF2: implicit, L-stable, second order; handles nodes without capacitance.
    case trbdf2
    /// Backward Euler: implicit, L-stable, first order.
    case euler
    /// Dormand–Prince 5(4): explicit; needs a capacitance at every node.
    case dopri5

    func relax(_ problem: RelaxationProblem) -> RelaxationResult {
        switch self {
        case .trbdf2: return PhysicalNetworks.relax(problem, using: TRBDF2())
        case .euler: return PhysicalNetworks.relax(problem, using: BackwardEuler())
        case .dopri5: return PhysicalNetworks.relax(problem, using: DormandPrince())
        }
    }

    func simulate(_ problem: TransientProblem) -> TransientResult {
        switch self {
        case .trbdf2: return simulateTransient(problem, using: TRBDF2())
        case .euler: return simulateTransient(problem, using: BackwardEuler())
        case .dopri5: return simulateTransient(problem, using: DormandPrince())
        }
    }
}
