/// Dormand–Prince 5(4) (Dormand & Prince 1980; the tableau of Hairer, Nørsett & Wanner,
/// *Solving ODEs I*, Table II.5.2): explicit, adaptive, fifth order with an embedded fourth-
/// order error estimate and the FSAL property. For non-stiff networks in which every node has
/// a capacitance, so that `dx/dt = −M⁻¹ F(x, t)` is an ODE (M is factored once).
///
/// Dense output: the cubic Hermite interpolant through both ends and their derivatives.
public struct DormandPrince: Integrator {
    public init() {}
    public var name: String { "Dormand-Prince 5(4)" }
    public var order: Int { 5 }
    public var requiresInvertibleMass: Bool { true }

    public func makeCache(for equations: NetworkEquations) -> DormandPrinceCache {
        DormandPrinceCache(equations: equations)
    }
}

/// Buffers and stepping state of `DormandPrince`.
public final class DormandPrinceCache: IntegratorCache {
    private static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
    private static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ]
    /// b − b̂: fifth-order weights minus the embedded fourth-order ones.
    private static let errorWeights: [Double] = [
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
    ]

    public private(set) var time = 0.0
    public let state: UnsafeMutableBufferPointer<Double>
    private let equations: NetworkEquations
    private let isCurrent: [Bool]
    private let stages: [UnsafeMutableBufferPointer<Double>]
    private let stageState, newState, previousState, previousRate, error: UnsafeMutableBufferPointer<Double>
    private var stepSize = 0.0
    private var previousTime = 0.0

    init(equations: NetworkEquations) {
        let n = equations.dimension
        self.equations = equations
        isCurrent = equations.network.unknowns.map { $0.kind == .branchCurrent }
        state = StepArithmetic.allocate(n)
        stages = (0..<7).map { _ in StepArithmetic.allocate(n) }
        stageState = StepArithmetic.allocate(n)
        newState = StepArithmetic.allocate(n)
        previousState = StepArithmetic.allocate(n)
        previousRate = StepArithmetic.allocate(n)
        error = StepArithmetic.allocate(n)
    }

    deinit {
        for buffer in stages + [state, stageState, newState, previousState, previousRate, error] {
            buffer.deallocate()
        }
    }

    /// out ← −M⁻¹ F(x, t).
    private func rate(_ x: UnsafeMutableBufferPointer<Double>, drive: Drive, into out: UnsafeMutableBufferPointer<Double>) {
        equations.evaluateResidual(UnsafeBufferPointer(x), drive: drive, into: out)
        for i in 0..<out.count { out[i] = -out[i] }
        equations.solve(out)
    }

    public func start(time: Double, drive: Drive) -> SolverStatus? {
        if equations.isDifferentialAlgebraic { return .unsupported }
        if case .failure = equations.factorMass() { return .singularMatrix }
        self.time = time
        previousTime = time
        _ = previousState.update(fromContentsOf: state)
        var d = drive
        d.time = time
        rate(state, drive: d, into: stages[0])
        _ = previousRate.update(fromContentsOf: stages[0])
        return nil
    }

    public func attempt(stepSize h: Double, drive: Drive, tolerances: Tolerances) -> StepAttempt {
        let n = equations.dimension
        stepSize = h
        var d = drive
        for s in 1..<7 {
            let row = Self.a[s]
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<s { sum += row[j] * stages[j][i] }
                stageState[i] = state[i] + h * sum
            }
            d.time = time + Self.c[s] * h
            rate(stageState, drive: d, into: stages[s])
        }
        // Stage 7 was evaluated at the fifth-order solution (FSAL).
        _ = newState.update(fromContentsOf: stageState)
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<7 { sum += Self.errorWeights[j] * stages[j][i] }
            error[i] = h * sum
            if !newState[i].isFinite { return .failed(.nonFinite) }
        }
        return .computed(errorNorm: StepArithmetic.errorNorm(
            error, state, newState, isCurrent: isCurrent, tolerances: tolerances))
    }

    public func accept() {
        _ = previousState.update(fromContentsOf: state)
        _ = previousRate.update(fromContentsOf: stages[0])
        previousTime = time
        _ = state.update(fromContentsOf: newState)
        _ = stages[0].update(fromContentsOf: stages[6])
        time = previousTime + stepSize
    }

    public func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) {
        let h = time - previousTime
        guard h > 0 else {
            _ = output.update(fromContentsOf: state)
            return
        }
        let s = (t - previousTime) / h
        let h00 = (1 + 2 * s) * (1 - s) * (1 - s)
        let h10 = s * (1 - s) * (1 - s)
        let h01 = s * s * (3 - 2 * s)
        let h11 = s * s * (s - 1)
        for i in 0..<output.count {
            output[i] = h00 * previousState[i] + h * h10 * previousRate[i] + h01 * state[i]
                + h * h11 * stages[0][i]
        }
    }
}
