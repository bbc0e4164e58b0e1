/// TR-BDF2 (Bank et al. 1985; Hosea & Shampine 1996): a trapezoidal stage to t + γh, then a
/// BDF2 stage to t + h, with γ = 2 − √2 so both stages share one iteration matrix
/// `α M + J`, α = 1/(d h), d = γ/2. Second order, L-stable, stiffly accurate: the method for
/// stiff RC networks and circuits with nodes without capacitance (DAEs).
///
///     stage 1:  α M x_γ + F(x_γ) = α M x_n + M ẋ_n
///     stage 2:  α M x₁ + F(x₁) = (M x_γ / γ − (1−γ)²/γ M x_n) / ((1−γ) h)
///
/// Local error (Hosea & Shampine's estimate, filtered through the iteration matrix):
/// `e = (αM + J)⁻¹ α · 2kh [M ẋ_n/γ − M ẋ_γ/(γ(1−γ)) + M ẋ₁/(1−γ)]`, k = (−3γ² + 4γ − 2)/(12(2 − γ)).
/// Dense output: the quadratic through x_n, x_γ, x₁.
public struct TRBDF2: Integrator {
    public var newton: NewtonSolver

    public init(newton: NewtonSolver = NewtonSolver(relative: 1e-10, absoluteVoltage: 1e-12, absoluteCurrent: 1e-15)) {
        self.newton = newton
    }

    public var name: String { "TR-BDF2" }
    public var order: Int { 2 }
    public var requiresInvertibleMass: Bool { false }

    public func makeCache(for equations: NetworkEquations) -> TRBDF2Cache {
        TRBDF2Cache(equations: equations, newton: newton)
    }
}

/// Buffers and stepping state of `TRBDF2`.
public final class TRBDF2Cache: IntegratorCache {
    static let gamma = 2 - 2.0.squareRoot()

    public private(set) var time = 0.0
    public let state: UnsafeMutableBufferPointer<Double>
    private let equations: NetworkEquations
    private let newton: NewtonSolver
    private let workspace: NewtonSolver.Workspace
    private let isCurrent: [Bool]
    /// M ẋ at the current point (zero on algebraic rows).
    private let chargeRate: UnsafeMutableBufferPointer<Double>
    private let stageState, newState, previousState: UnsafeMutableBufferPointer<Double>
    private let stageRate, newRate, rhs, massTimesX, error: UnsafeMutableBufferPointer<Double>
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
        stageState = StepArithmetic.allocate(n)
        newState = StepArithmetic.allocate(n)
        previousState = StepArithmetic.allocate(n)
        stageRate = StepArithmetic.allocate(n)
        newRate = StepArithmetic.allocate(n)
        rhs = StepArithmetic.allocate(n)
        massTimesX = StepArithmetic.allocate(n)
        error = StepArithmetic.allocate(n)
    }

    deinit {
        for buffer in [state, chargeRate, stageState, newState, previousState, stageRate, newRate, rhs,
                       massTimesX, error] {
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
        let gamma = Self.gamma
        let alpha = 2 / (gamma * h)
        stepSize = h

        // Stage 1: trapezoidal rule to t + γh.
        equations.multiplyMass(UnsafeBufferPointer(state), into: massTimesX)
        for i in 0..<n { rhs[i] = alpha * massTimesX[i] + chargeRate[i] }
        _ = stageState.update(fromContentsOf: state)
        var d = drive
        d.time = time + gamma * h
        if case .failed(let status, _) = newton.solve(
            equations, alpha: alpha, rhs: UnsafeBufferPointer(rhs), drive: d,
            state: stageState, workspace: workspace) {
            return .failed(status)
        }
        equations.multiplyMass(UnsafeBufferPointer(stageState), into: stageRate)
        for i in 0..<n {
            stageRate[i] = equations.isAlgebraicRow[i]
                ? 0 : alpha * (stageRate[i] - massTimesX[i]) - chargeRate[i]
        }

        // Stage 2: BDF2 through x_n, x_γ to t + h.
        let c = 1 / ((1 - gamma) * h)
        equations.multiplyMass(UnsafeBufferPointer(stageState), into: rhs)
        for i in 0..<n {
            rhs[i] = c * (rhs[i] / gamma - (1 - gamma) * (1 - gamma) / gamma * massTimesX[i])
            newState[i] = state[i] + (stageState[i] - state[i]) / gamma
        }
        d.time = time + h
        if case .failed(let status, _) = newton.solve(
            equations, alpha: alpha, rhs: UnsafeBufferPointer(rhs), drive: d,
            state: newState, workspace: workspace) {
            return .failed(status)
        }
        equations.multiplyMass(UnsafeBufferPointer(newState), into: newRate)
        for i in 0..<n {
            newRate[i] = equations.isAlgebraicRow[i] ? 0 : alpha * newRate[i] - rhs[i]
        }

        // Local error estimate, filtered: e = (αM + J)⁻¹ α τ_M.
        let k = (-3 * gamma * gamma + 4 * gamma - 2) / (12 * (2 - gamma))
        for i in 0..<n {
            let tau = 2 * k * h * (chargeRate[i] / gamma - stageRate[i] / (gamma * (1 - gamma))
                + newRate[i] / (1 - gamma))
            error[i] = alpha * tau
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
        guard h > 0 else {
            _ = output.update(fromContentsOf: state)
            return
        }
        // Lagrange quadratic through s = 0, γ, 1 (s = (t − t_n)/h); x_γ is still in stageState.
        let s = (t - previousTime) / h
        let gamma = Self.gamma
        let l0 = (s - gamma) * (s - 1) / gamma
        let l1 = s * (s - 1) / (gamma * (gamma - 1))
        let l2 = s * (s - gamma) / (1 - gamma)
        for i in 0..<output.count {
            output[i] = l0 * previousState[i] + l1 * stageState[i] + l2 * state[i]
        }
    }
}
