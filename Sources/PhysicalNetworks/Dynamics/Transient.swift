/// A transient problem: a network driven by its sources' waveforms from an initial state, with
/// output on a uniform grid. Data only; `simulateTransient(_:using:)` solves it.
public struct TransientProblem: Sendable {
    public var network: Network
    /// Initial state (n values): capacitor voltages from `.ic`, zero elsewhere.
    public var initialState: [Double]
    /// Stop time (s).
    public var stopTime: Double
    /// Output grid spacing (s): rows at 0, Δ, 2Δ, … ≤ stopTime.
    public var outputStep: Double
    public var control: StepControl

    public init(network: Network, initialState: [Double]? = nil, stopTime: Double, outputStep: Double,
                control: StepControl? = nil) {
        self.network = network
        self.initialState = initialState ?? [Double](repeating: 0, count: network.dimension)
        self.stopTime = stopTime
        self.outputStep = outputStep
        self.control = control ?? StepControl(tolerances: Tolerances(), maxStep: stopTime / 50)
    }
}

/// States on the output grid and a report.
public struct TransientResult: Sendable {
    /// Grid times (s).
    public var times: [Double]
    /// One state per grid time, each n values.
    public var states: [[Double]]
    public var report: RelaxationReport
}

/// Integrates the transient with `integrator`, sampling the dense output on the grid; the
/// report carries the heat and the energy ledger of the whole run (see `EnergyLedger`).
/// A differential-algebraic start is first made consistent (see `TimeIntegration`); the row at
/// t = 0 is that consistent state.
public func simulateTransient<I: Integrator>(_ problem: TransientProblem, using integrator: I) -> TransientResult {
    let equations = NetworkEquations(network: problem.network)
    let cache = integrator.makeCache(for: equations)
    _ = cache.state.update(fromContentsOf: problem.initialState)
    let drive = Drive.transient(at: 0)
    var report = RelaxationReport(status: .completed, steps: 0, rejectedSteps: 0, time: 0, residual: 0,
                                  dissipatedEnergy: 0, integrator: integrator.name)
    let meter = EnergyMeter(equations: equations)
    var times: [Double] = []
    var states: [[Double]] = []
    let gridCount = Int((problem.stopTime / problem.outputStep * (1 + 1e-12)).rounded(.down)) + 1
    func finish(_ status: SolverStatus) -> TransientResult {
        report.status = status
        report.time = cache.time
        report.dissipatedEnergy = meter.totalDissipated
        report.ledger = meter.ledger
        var d = drive
        d.time = cache.time
        report.residual = OperatingPointSolver.nodeResidual(equations, drive: d, state: UnsafeBufferPointer(cache.state))
        return TransientResult(times: times, states: states, report: report)
    }
    if integrator.requiresInvertibleMass && equations.isDifferentialAlgebraic { return finish(.unsupported) }
    let tau = TimeIntegration.fastestTimeConstant(equations, state: UnsafeBufferPointer(cache.state), drive: drive)
    let initialStep = problem.control.initialStep
        ?? min(1e-3 * (tau ?? problem.stopTime), 1e-2 * problem.outputStep)
    let startTime: Double
    switch TimeIntegration.makeConsistent(equations, state: cache.state, drive: drive, time: 0,
                                          firstStep: initialStep) {
    case .success(let elapsed): startTime = elapsed
    case .failure(let status): return finish(status)
    }
    times.append(0)
    states.append(Array(cache.state))
    if let failure = cache.start(time: startTime, drive: drive) { return finish(failure) }
    var startDrive = drive
    startDrive.time = startTime
    meter.start(UnsafeBufferPointer(cache.state), drive: startDrive)
    var sample = [Double](repeating: 0, count: equations.dimension)
    // Whether the last accepted step ended on a corner of a source waveform (steps land on them).
    var onCorner = false
    let outcome = TimeIntegration.run(
        cache, equations: equations, order: integrator.order, drive: drive,
        stopTime: problem.stopTime, control: problem.control, initialStep: initialStep
    ) { cache, step in
        var d = drive
        d.time = cache.time
        meter.advance(UnsafeBufferPointer(cache.state), drive: d, step: step, afterCorner: onCorner)
        let start = cache.time - step
        onCorner = equations.nextBreakpoint(after: start + 1e-12 * abs(start))
            .map { $0 <= cache.time * (1 + 1e-12) } ?? false
        while times.count < gridCount {
            let t = Double(times.count) * problem.outputStep
            guard t <= cache.time * (1 + 1e-12) else { break }
            sample.withUnsafeMutableBufferPointer { cache.interpolate(at: t, into: $0) }
            times.append(t)
            states.append(sample)
        }
        return false
    }
    report.steps = outcome.steps
    report.rejectedSteps = outcome.rejectedSteps
    return finish(outcome.status)
}
