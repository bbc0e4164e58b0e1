/// A time-integration method for `M dx/dt + F(x, t) = 0`: a small struct of options that makes
/// a cache (its buffers, allocated once per problem) which takes the steps. The driver
/// (`TimeIntegration`) owns step-size control, breakpoints and stopping; methods know no device
/// type.
public protocol Integrator: Sendable {
    associatedtype Cache: IntegratorCache
    /// A short name for reports, e.g. `"TR-BDF2"`.
    var name: String { get }
    /// Classical order p (the local error is O(h^{p+1})).
    var order: Int { get }
    /// Explicit methods need an invertible M: every node must have a capacitance.
    var requiresInvertibleMass: Bool { get }
    func makeCache(for equations: NetworkEquations) -> Cache
}

/// The outcome of trying one step.
public enum StepAttempt: Sendable, Equatable {
    /// The step was computed; `errorNorm` ≤ 1 means its local error is within tolerance.
    case computed(errorNorm: Double)
    /// The step could not be computed (Newton failure, singular matrix, NaN).
    case failed(SolverStatus)
}

/// The stepping state of one method on one problem.
public protocol IntegratorCache: AnyObject {
    /// Time (s) of the last accepted point.
    var time: Double { get }
    /// State at `time`.
    var state: UnsafeMutableBufferPointer<Double> { get }
    /// Begins stepping from `state` (already set, and consistent for a DAE) at `time`.
    func start(time: Double, drive: Drive) -> SolverStatus?
    /// Computes a step of size `h` from the current point without committing it.
    func attempt(stepSize h: Double, drive: Drive, tolerances: Tolerances) -> StepAttempt
    /// Commits the last computed step.
    func accept()
    /// The state at `t` inside the last accepted step, by the method's dense output.
    func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>)
}

/// Shared arithmetic of the methods' caches.
enum StepArithmetic {
    /// Weighted RMS norm of `error` with the weights of `Tolerances` (a = x_n, b = x_{n+1}).
    static func errorNorm(
        _ error: UnsafeMutableBufferPointer<Double>, _ a: UnsafeMutableBufferPointer<Double>,
        _ b: UnsafeMutableBufferPointer<Double>, isCurrent: [Bool], tolerances: Tolerances
    ) -> Double {
        let n = error.count
        guard n > 0 else { return 0 }
        // For `.change`, the reference is the step's largest change among unknowns of the same
        // kind: a single node turning around (its own change passing through zero) must not
        // force the tolerance of the whole step down to the absolute floor.
        var largestVoltageChange = 0.0
        var largestCurrentChange = 0.0
        if tolerances.reference == .change {
            for i in 0..<n {
                let change = abs(b[i] - a[i])
                if isCurrent[i] {
                    largestCurrentChange = max(largestCurrentChange, change)
                } else {
                    largestVoltageChange = max(largestVoltageChange, change)
                }
            }
        }
        var sum = 0.0
        var counted = 0
        for i in 0..<n {
            // Branch currents of voltage sources are algebraic and may follow the derivative of
            // a node voltage (the current charging a capacitor on a driven node); like SPICE,
            // which estimates truncation error from capacitor charges only, they are left out
            // unless asked for.
            if isCurrent[i] && !tolerances.controlsBranchCurrents { continue }
            let absolute = isCurrent[i] ? tolerances.absoluteCurrent : tolerances.absoluteVoltage
            let reference = tolerances.reference == .state
                ? max(abs(a[i]), abs(b[i]))
                : (isCurrent[i] ? largestCurrentChange : largestVoltageChange)
            let scale = absolute + tolerances.relative * reference
            let ratio = error[i] / scale
            sum += ratio * ratio
            counted += 1
        }
        guard counted > 0 else { return 0 }
        let norm = (sum / Double(counted)).squareRoot()
        return norm.isFinite ? norm : .infinity
    }

    static func allocate(_ n: Int) -> UnsafeMutableBufferPointer<Double> {
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(n, 1))
        buffer.initialize(repeating: 0)
        return buffer
    }
}
