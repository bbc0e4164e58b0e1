/// How a solve ended. Numerical failure is a status, never a crash.
public enum SolverStatus: String, Error, Sendable, Equatable, Codable {
    /// The steady-state (or Newton) test holds.
    case converged
    /// The transient reached its stop time.
    case completed
    /// The step limit was reached first.
    case maxSteps
    /// The physical-time limit was reached before the network settled.
    case maxTime
    /// A NaN or infinity appeared in the state.
    case nonFinite
    /// The iteration matrix is singular (floating node, loop of voltage sources, ...).
    case singularMatrix
    /// Newton's method did not converge, even with gmin and source stepping.
    case newtonFailed
    /// The step size fell below the resolution of the time axis.
    case stepTooSmall
    /// The integrator cannot handle this network (explicit method on a DAE).
    case unsupported

    /// True for the statuses that mean success.
    public var isSuccess: Bool { self == .converged || self == .completed }
}
