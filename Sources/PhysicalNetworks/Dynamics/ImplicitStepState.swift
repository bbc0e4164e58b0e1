/// What every implicit one-step method keeps between steps: the accepted point and its charge
/// rate `M ẋ` (zero on algebraic rows), the previous point for dense output, the candidate
/// step, and the buffers of its Newton solves — allocated once per problem.
final class ImplicitStepState {
    let equations: NetworkEquations
    let newton: NewtonSolver
    let workspace: NewtonSolver.Workspace
    let isCurrent: [Bool]
    var time = 0.0
    var previousTime = 0.0
    var stepSize = 0.0
    /// Accepted state at `time`.
    let state: UnsafeMutableBufferPointer<Double>
    /// State at `previousTime`.
    let previousState: UnsafeMutableBufferPointer<Double>
    /// Candidate state at `time + stepSize`.
    let newState: UnsafeMutableBufferPointer<Double>
    /// M ẋ at `time` and at the candidate.
    let chargeRate, newRate: UnsafeMutableBufferPointer<Double>
    /// Scratch: a stage's right-hand side, M x_n, the local error.
    let rhs, massTimesX, error: UnsafeMutableBufferPointer<Double>

    init(equations: NetworkEquations, newton: NewtonSolver) {
        let n = equations.dimension
        self.equations = equations
        self.newton = newton
        workspace = NewtonSolver.Workspace(equations: equations)
        isCurrent = equations.network.unknowns.map { $0.kind == .branchCurrent }
        state = StepArithmetic.allocate(n)
        previousState = StepArithmetic.allocate(n)
        newState = StepArithmetic.allocate(n)
        chargeRate = StepArithmetic.allocate(n)
        newRate = StepArithmetic.allocate(n)
        rhs = StepArithmetic.allocate(n)
        massTimesX = StepArithmetic.allocate(n)
        error = StepArithmetic.allocate(n)
    }

    deinit {
        for buffer in [state, previousState, newState, chargeRate, newRate, rhs, massTimesX, error] {
            buffer.deallocate()
        }
    }

    /// Begins at `time`: M ẋ = −F(x) on differential rows.
    func start(time: Double, drive: Drive) {
        self.time = time
        previousTime = time
        _ = previousState.update(fromContentsOf: state)
        var d = drive
        d.time = time
        equations.evaluateResidual(UnsafeBufferPointer(state), drive: d, into: chargeRate)
        for i in 0..<equations.dimension {
            chargeRate[i] = equations.isAlgebraicRow[i] ? 0 : -chargeRate[i]
        }
    }

    /// Solves the stage `α M x + F(x, t) = rhs` in place in `x`, from its current value.
    func solveStage(alpha: Double, at t: Double, drive: Drive, into x: UnsafeMutableBufferPointer<Double>) -> SolverStatus? {
        var d = drive
        d.time = t
        if case .failed(let status, _) = newton.solve(
            equations, alpha: alpha, rhs: UnsafeBufferPointer(rhs), drive: d, state: x, workspace: workspace) {
            return status
        }
        return nil
    }

    /// Filters the raw local error in `error` (already multiplied by α) through the last
    /// iteration matrix, `e ← (αM + J)⁻¹ e`, and returns its norm.
    func filteredError(tolerances: Tolerances) -> StepAttempt {
        equations.solve(error)
        for i in 0..<equations.dimension where !newState[i].isFinite { return .failed(.nonFinite) }
        return .computed(errorNorm: StepArithmetic.errorNorm(
            error, state, newState, isCurrent: isCurrent, tolerances: tolerances))
    }

    /// Commits the candidate.
    func accept() {
        _ = previousState.update(fromContentsOf: state)
        previousTime = time
        _ = state.update(fromContentsOf: newState)
        _ = chargeRate.update(fromContentsOf: newRate)
        time = previousTime + stepSize
    }
}
