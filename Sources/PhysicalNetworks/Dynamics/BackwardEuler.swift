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
        BackwardEulerCache(equations: equations, newton: newton)
    }
}

/// Buffers and stepping state of `BackwardEuler`.
public final class BackwardEulerCache: IntegratorCache {
    public private(set) var time = 0.0
    public let state: UnsafeMutableBufferPointer<Double>
    private let equations: NetworkEquations
    private let newton: NewtonSolver
    private let workspace: NewtonSolver.Workspace
    private let isCurrent: [Bool]
    private let chargeRate, newRate, newState, previousState, rhs, massTimesX, error: UnsafeMutableBufferPointer<Double>
    private var stepSize = 0.0
    private var previousTime = 0.0

    init(equations: NetworkEquations, newton: NewtonSolver) {
        let n = equations.dimension
        self.equations = equations
        self.newton = newton
        workspace = NewtonSolver.Workspace(equations: equations)
        isCurrent = equations.network.unknowns.map { $0.kind == .branchCurrent }
        state = StepArithmetic.allocate(n)
        chargeRate = StepArithmetic.allocate(n)
        newRate = StepArithmetic.allocate(n)
        newState = StepArithmetic.allocate(n)
        previousState = StepArithmetic.allocate(n)
        rhs = StepArithmetic.allocate(n)
        massTimesX = StepArithmetic.allocate(n)
        error = StepArithmetic.allocate(n)
    }

    deinit {
        for buffer in [state, chargeRate, newRate, newState, previousState, rhs, massTimesX, error] {
            buffer.deallocate()
        }
    }

    public func start(time: Double, drive: Drive) -> SolverStatus? {
        self.time = time
        previousTime = time
        _ = previousState.update(fromContentsOf: state)
        var d = drive
        d.time = time
        equations.evaluateResidual(UnsafeBufferPointer(state), drive: d, into: chargeRate)
        for i in 0..<equations.dimension {
            chargeRate[i] = equations.isAlgebraicRow[i] ? 0 : -chargeRate[i]
        }
        return nil
    }

    public func attempt(stepSize h: Double, drive: Drive, tolerances: Tolerances) -> StepAttempt {
        let n = equations.dimension
        let alpha = 1 / h
        stepSize = h
        equations.multiplyMass(UnsafeBufferPointer(state), into: massTimesX)
        for i in 0..<n { rhs[i] = alpha * massTimesX[i] }
        _ = newState.update(fromContentsOf: state)
        var d = drive
        d.time = time + h
        if case .failed(let status, _) = newton.solve(
            equations, alpha: alpha, rhs: UnsafeBufferPointer(rhs), drive: d,
            state: newState, workspace: workspace) {
            return .failed(status)
        }
        equations.multiplyMass(UnsafeBufferPointer(newState), into: newRate)
        for i in 0..<n {
            newRate[i] = equations.isAlgebraicRow[i] ? 0 : alpha * (newRate[i] - massTimesX[i])
            error[i] = alpha * 0.5 * h * (newRate[i] - chargeRate[i])
        }
        equations.solve(error)
        for i in 0..<n where !newState[i].isFinite { return .failed(.nonFinite) }
        return .computed(errorNorm: StepArithmetic.errorNorm(
            error, state, newState, isCurrent: isCurrent, tolerances: tolerances))
    }

    public func accept() {
        _ = previousState.update(fromContentsOf: state)
        previousTime = time
        _ = state.update(fromContentsOf: newState)
        _ = chargeRate.update(fromContentsOf: newRate)
        time = previousTime + stepSize
    }

    public func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) {
        let h = time - previousTime
        let s = h > 0 ? (t - previousTime) / h : 1
        for i in 0..<output.count { output[i] = previousState[i] + s * (state[i] - previousState[i]) }
    }
}
