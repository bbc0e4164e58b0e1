/// FIRE, the Fast Inertial Relaxation Engine (Bitzek, Koskinen, Gähler, Moseler & Gumbsch,
/// PRL 97, 170201, 2006): a minimizer, not a physical trajectory. Unit-mass molecular dynamics
/// whose velocity is steered towards the force, `v ← (1 − α) v + α |v| F̂`, with the step growing
/// (×1.1, up to `maxStep`) and α shrinking (×0.99) while the power F·v stays positive for more
/// than 5 steps, and the velocity zeroed, the step halved and α reset to 0.1 as soon as it turns
/// negative. The paper's parameters. It stops when every force component is at most
/// `forceTolerance`.
public struct FIRE: Sendable {
    /// Initial step Δt and its ceiling (10 Δt in the paper).
    public var initialStep: Double
    public var maxStep: Double
    public var forceTolerance: Double
    public var maxIterations: Int

    public init(initialStep: Double, maxStep: Double? = nil, forceTolerance: Double = 1e-10, maxIterations: Int = 1_000_000) {
        precondition(initialStep > 0 && forceTolerance > 0 && maxIterations > 0, "step, tolerance and iterations must be positive")
        self.initialStep = initialStep
        self.maxStep = maxStep ?? 10 * initialStep
        self.forceTolerance = forceTolerance
        self.maxIterations = maxIterations
    }

    public struct Report: Sendable, Equatable {
        public var status: SolverStatus
        public var iterations: Int
        /// Largest force component at the end.
        public var residual: Double
    }

    /// Minimizes the network's energy from `state`, in place.
    public func minimize(_ equations: NetworkEquations, state: inout [Double]) -> Report {
        let n = state.count
        precondition(n == equations.dimension, "the state needs \(equations.dimension) entries")
        var velocity = [Double](repeating: 0, count: n), residual = [Double](repeating: 0, count: n)
        var dt = initialStep, alpha = 0.1, positiveSteps = 0
        return state.withUnsafeMutableBufferPointer { x in
            velocity.withUnsafeMutableBufferPointer { v in
                residual.withUnsafeMutableBufferPointer { f in
                    equations.evaluateResidual(UnsafeBufferPointer(x), drive: .dc, into: f)
                    for iteration in 1...maxIterations {
                        // F = −f. Power P = F·v, and the norms for the steering.
                        var power = 0.0, vv = 0.0, ff = 0.0
                        for i in 0..<n {
                            power -= f[i] * v[i]
                            vv += v[i] * v[i]
                            ff += f[i] * f[i]
                        }
                        if power > 0 {
                            let scale = ff > 0 ? alpha * (vv / ff).squareRoot() : 0
                            for i in 0..<n { v[i] = (1 - alpha) * v[i] - scale * f[i] }
                            positiveSteps += 1
                            if positiveSteps > 5 {
                                dt = min(dt * 1.1, maxStep)
                                alpha *= 0.99
                            }
                        } else {
                            for i in 0..<n { v[i] = 0 }
                            dt *= 0.5
                            alpha = 0.1
                            positiveSteps = 0
                        }
                        // Velocity Verlet with unit mass.
                        for i in 0..<n {
                            v[i] -= 0.5 * dt * f[i]
                            x[i] += dt * v[i]
                        }
                        equations.evaluateResidual(UnsafeBufferPointer(x), drive: .dc, into: f)
                        var force = 0.0
                        for i in 0..<n {
                            v[i] -= 0.5 * dt * f[i]
                            force = max(force, abs(f[i]))
                        }
                        guard force.isFinite else { return Report(status: .nonFinite, iterations: iteration, residual: force) }
                        if force <= forceTolerance { return Report(status: .converged, iterations: iteration, residual: force) }
                    }
                    return Report(status: .maxSteps, iterations: maxIterations, residual: f.map(abs).max() ?? 0)
                }
            }
        }
    }
}

extension FIRE {
    /// FIRE until the forces are at most `coarseTolerance`, then Newton's method
    /// (`OperatingPointSolver`) to the rounding floor: the fast way to an exact minimum, since
    /// Newton alone from a stressed start can wander off on a large non-convex network, and FIRE
    /// alone converges only linearly. The report's iterations count both; its residual and
    /// status are Newton's.
    public func minimizeAndPolish(_ equations: NetworkEquations, state: inout [Double],
                                  coarseTolerance: Double = 1e-6) -> Report {
        var coarse = self
        coarse.forceTolerance = max(coarseTolerance, forceTolerance)
        let start = coarse.minimize(equations, state: &state)
        guard start.status.isSuccess else { return start }
        let newton = state.withUnsafeMutableBufferPointer { OperatingPointSolver().solve(equations, state: $0) }
        return Report(status: newton.status, iterations: start.iterations + newton.iterations, residual: newton.residual)
    }
}
