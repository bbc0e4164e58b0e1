import Foundation

/// Inertial dynamics of a gradient network (springs): `m ẍ = −∂E/∂x − γ ẋ` on every unknown,
/// integrated with the velocity-Verlet scheme split with an exact friction half-step on each
/// side (Strang splitting: `v ← v e^{−γh/2m}`, kick, drift, kick, `v ← v e^{−γh/2m}`), which is
/// second order and, with γ = 0, the symplectic velocity Verlet whose energy error stays
/// bounded (O(h²)) instead of drifting. The forces are `−F(x)` from `NetworkEquations`, so any
/// reciprocal family works; families' mass matrices are not used (m and γ are the scheme's).
///
/// `relax` runs from rest until every force is at most `forceTolerance` and every velocity at
/// most `forceTolerance · h / m` (the motion a residual force would cause in a step), and
/// reports the physical time that took.
public struct DampedVerlet: Sendable {
    /// Mass m of every coordinate (kg).
    public var mass: Double
    /// Drag γ (N·s/m).
    public var damping: Double
    /// Time step h (s).
    public var step: Double
    public var forceTolerance: Double
    public var maxSteps: Int

    public init(mass: Double = 1, damping: Double = 1, step: Double, forceTolerance: Double = 1e-10,
                maxSteps: Int = 10_000_000) {
        precondition(mass > 0 && damping >= 0 && step > 0 && forceTolerance > 0 && maxSteps > 0,
                     "mass \(mass), damping \(damping), step \(step), tolerance \(forceTolerance), steps \(maxSteps)")
        self.mass = mass
        self.damping = damping
        self.step = step
        self.forceTolerance = forceTolerance
        self.maxSteps = maxSteps
    }

    /// What one run did.
    public struct Report: Sendable, Equatable {
        public var status: SolverStatus
        public var steps: Int
        /// Physical time (s) until settled (or simulated, for `simulate`).
        public var time: Double
        /// Largest force component at the end (N).
        public var residual: Double
    }

    /// Relaxes `state` in place from rest until it settles (see the type).
    public func relax(_ equations: NetworkEquations, state: inout [Double]) -> Report {
        var velocity = [Double](repeating: 0, count: state.count)
        return run(equations, state: &state, velocity: &velocity, steps: maxSteps, stopWhenSettled: true) { _, _, _ in }
    }

    /// Integrates `steps` steps from (state, velocity), calling `observe(step, x, v)` after each.
    public func simulate(_ equations: NetworkEquations, state: inout [Double], velocity: inout [Double], steps: Int,
                         observe: (Int, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Void) -> Report {
        run(equations, state: &state, velocity: &velocity, steps: steps, stopWhenSettled: false, observe: observe)
    }

    private func run(_ equations: NetworkEquations, state: inout [Double], velocity: inout [Double], steps: Int,
                     stopWhenSettled: Bool,
                     observe: (Int, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Void) -> Report {
        let n = state.count
        precondition(n == equations.dimension && velocity.count == n, "state and velocity need \(equations.dimension) entries")
        var residual = [Double](repeating: 0, count: n)
        let friction = exp(-damping * step / (2 * mass)), kick = step / (2 * mass)
        let settledSpeed = forceTolerance * step / mass
        return state.withUnsafeMutableBufferPointer { x in
            velocity.withUnsafeMutableBufferPointer { v in
                residual.withUnsafeMutableBufferPointer { f in
                    equations.evaluateResidual(UnsafeBufferPointer(x), drive: .dc, into: f)
                    for k in 1...steps {
                        for i in 0..<n { v[i] = (v[i] * friction - kick * f[i]) }
                        for i in 0..<n { x[i] += step * v[i] }
                        equations.evaluateResidual(UnsafeBufferPointer(x), drive: .dc, into: f)
                        var force = 0.0, speed = 0.0
                        for i in 0..<n {
                            v[i] = (v[i] - kick * f[i]) * friction
                            force = max(force, abs(f[i]))
                            speed = max(speed, abs(v[i]))
                        }
                        observe(k, UnsafeBufferPointer(x), UnsafeBufferPointer(v))
                        guard force.isFinite && speed.isFinite else {
                            return Report(status: .nonFinite, steps: k, time: Double(k) * step, residual: force)
                        }
                        if stopWhenSettled && force <= forceTolerance && speed <= settledSpeed {
                            return Report(status: .converged, steps: k, time: Double(k) * step, residual: force)
                        }
                        if k == steps {
                            return Report(status: stopWhenSettled ? .maxSteps : .completed, steps: k,
                                          time: Double(k) * step, residual: force)
                        }
                    }
                    return Report(status: .maxSteps, steps: steps, time: Double(steps) * step, residual: .infinity)
                }
            }
        }
    }
}
