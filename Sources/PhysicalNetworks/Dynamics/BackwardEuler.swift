/// Backward Euler: `M (x₁ − x_n)/h + F(x₁, t + h) = 0`. First order, L-stable; the simplest
/// implicit method, and SPICE's choice for the first step after a discontinuity.
///
/// Local error: `e = (αM + J)⁻¹ α · ½ h (M ẋ₁ − M ẋ_n)`, α = 1/h (the second-derivative term of
/// the Taylor expansion, filtered through the iteration matrix). Dense output: linear.
public struct BackwardEuler: Integrator {
    public var newton: NewtonSolver

    public init(newton: NewtonSolver = NewtonSolver(relative: 1e-10, absoluteVoltage: 1e-12, absoluteCurrent: 1e-15)) {
        self.newton = newton
    }

    public var name: String { "backward Euler" }
    public var order: Int { 1 }
    public var requiresInvertibleMass: Bool { false }

    public func makeCache(for equations: NetworkEquations) -> BackwardEulerCache {
        BackwardEulerCache(ImplicitStepState(equations: equations, newton: newton))
    }
}

/// Stepping state of `BackwardEuler`.
public final class BackwardEulerCache: IntegratorCache {
    private let core: ImplicitStepState

    init(_ core: ImplicitStepState) { self.core = core }

    public var time: Double { core.time }
    public var state: UnsafeMutableBufferPointer<Double> { core.state }

    public func start(time: Double, drive: Drive) -> SolverStatus? {
        core.start(time: time, drive: drive)
        return nil
    }

    public func attempt(stepSize h: Double, drive: Drive, tolerances: Tolerances) -> StepAttempt {
        let c = core
        let equations = c.equations
        let alpha = 1 / h
        c.stepSize = h
        equations.multiplyMass(UnsafeBufferPointer(c.state), into: c.massTimesX)
        for i in 0..<equations.dimension { c.rhs[i] = alpha * c.massTimesX[i] }
        _ = c.newState.update(fromContentsOf: c.state)
        if let failure = c.solveStage(alpha: alpha, at: c.time + h, drive: drive, into: c.newState) {
            return .failed(failure)
        }
        equations.multiplyMass(UnsafeBufferPointer(c.newState), into: c.newRate)
        for i in 0..<equations.dimension {
            c.newRate[i] = equations.isAlgebraicRow[i] ? 0 : alpha * (c.newRate[i] - c.massTimesX[i])
            c.error[i] = alpha * 0.5 * h * (c.newRate[i] - c.chargeRate[i])
        }
        return c.filteredError(tolerances: tolerances)
    }

    public func accept() { core.accept() }

    public func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) {
        let h = core.time - core.previousTime
        let s = h > 0 ? (t - core.previousTime) / h : 1
        for i in 0..<output.count {
            output[i] = core.previousState[i] + s * (core.state[i] - core.previousState[i])
        }
    }
}
