/// TR-BDF2 (Bank et al. 1985; Hosea & Shampine 1996): a trapezoidal stage to t + γh, then a
/// BDF2 stage to t + h, with γ = 2 − √2 so both stages share one iteration matrix
/// `α M + J`, α = 2/(γ h) = (2 − γ)/((1 − γ) h). Second order, L-stable, stiffly accurate: the
/// method for stiff RC networks and circuits with nodes without capacitance (DAEs).
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
        TRBDF2Cache(ImplicitStepState(equations: equations, newton: newton))
    }
}

/// Stepping state of `TRBDF2`.
public final class TRBDF2Cache: IntegratorCache {
    static let gamma = 2 - 2.0.squareRoot()

    private let core: ImplicitStepState
    /// The trapezoidal stage x_γ and its charge rate M ẋ_γ.
    private let stageState, stageRate: UnsafeMutableBufferPointer<Double>

    init(_ core: ImplicitStepState) {
        self.core = core
        stageState = StepArithmetic.allocate(core.equations.dimension)
        stageRate = StepArithmetic.allocate(core.equations.dimension)
    }

    deinit {
        stageState.deallocate()
        stageRate.deallocate()
    }

    public var time: Double { core.time }
    public var state: UnsafeMutableBufferPointer<Double> { core.state }

    public func start(time: Double, drive: Drive) -> SolverStatus? {
        core.start(time: time, drive: drive)
        return nil
    }

    public func attempt(stepSize h: Double, drive: Drive, tolerances: Tolerances) -> StepAttempt {
        let c = core
        let equations = c.equations
        let n = equations.dimension
        let gamma = Self.gamma
        let alpha = 2 / (gamma * h)
        c.stepSize = h

        // Stage 1: trapezoidal rule to t + γh.
        equations.multiplyMass(UnsafeBufferPointer(c.state), into: c.massTimesX)
        for i in 0..<n { c.rhs[i] = alpha * c.massTimesX[i] + c.chargeRate[i] }
        _ = stageState.update(fromContentsOf: c.state)
        if let failure = c.solveStage(alpha: alpha, at: c.time + gamma * h, drive: drive, into: stageState) {
            return .failed(failure)
        }
        equations.multiplyMass(UnsafeBufferPointer(stageState), into: stageRate)
        for i in 0..<n {
            stageRate[i] = equations.isAlgebraicRow[i]
                ? 0 : alpha * (stageRate[i] - c.massTimesX[i]) - c.chargeRate[i]
        }

        // Stage 2: BDF2 through x_n, x_γ to t + h, predicted by extrapolating the first stage.
        let scale = 1 / ((1 - gamma) * h)
        equations.multiplyMass(UnsafeBufferPointer(stageState), into: c.rhs)
        for i in 0..<n {
            c.rhs[i] = scale * (c.rhs[i] / gamma - (1 - gamma) * (1 - gamma) / gamma * c.massTimesX[i])
            c.newState[i] = c.state[i] + (stageState[i] - c.state[i]) / gamma
        }
        if let failure = c.solveStage(alpha: alpha, at: c.time + h, drive: drive, into: c.newState) {
            return .failed(failure)
        }
        equations.multiplyMass(UnsafeBufferPointer(c.newState), into: c.newRate)
        for i in 0..<n {
            c.newRate[i] = equations.isAlgebraicRow[i] ? 0 : alpha * c.newRate[i] - c.rhs[i]
        }

        // Local error, Hosea & Shampine.
        let k = (-3 * gamma * gamma + 4 * gamma - 2) / (12 * (2 - gamma))
        for i in 0..<n {
            let tau = 2 * k * h * (c.chargeRate[i] / gamma - stageRate[i] / (gamma * (1 - gamma))
                + c.newRate[i] / (1 - gamma))
            c.error[i] = alpha * tau
        }
        return c.filteredError(tolerances: tolerances)
    }

    public func accept() { core.accept() }

    public func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) {
        let h = core.time - core.previousTime
        guard h > 0 else {
            _ = output.update(fromContentsOf: core.state)
            return
        }
        // Lagrange quadratic through s = 0, γ, 1 (s = (t − t_n)/h); x_γ of the accepted step is
        // still in stageState, since the driver samples before attempting the next step.
        let s = (t - core.previousTime) / h
        let gamma = Self.gamma
        let l0 = (s - gamma) * (s - 1) / gamma
        let l1 = s * (s - 1) / (gamma * (gamma - 1))
        let l2 = s * (s - gamma) / (1 - gamma)
        for i in 0..<output.count {
            output[i] = l0 * core.previousState[i] + l1 * stageState[i] + l2 * core.state[i]
        }
    }
}
