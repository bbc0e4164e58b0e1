import Foundation

/// A relaxation problem: a network, a batch of initial states, the drive, and when to call it
/// settled. Data only; `relax(_:using:)` solves it.
public struct RelaxationProblem: Sendable {
    public var network: Network
    /// B × n initial states, row-major.
    public var initialStates: [Double]
    public var batchSize: Int
    /// What the sources apply (DC values by default).
    public var drive: Drive
    public var control: StepControl
    public var steadyState: SteadyStateTest
    /// Give up after this much physical time (s).
    public var maxTime: Double

    public init(network: Network, initialStates: [Double]? = nil, batchSize: Int = 1,
                drive: Drive = .dc, control: StepControl = StepControl(tolerances: .relaxation),
                steadyState: SteadyStateTest = SteadyStateTest(), maxTime: Double = .infinity) {
        let n = network.dimension
        let states = initialStates ?? [Double](repeating: 0, count: batchSize * n)
        precondition(states.count == batchSize * n,
                     "initial states hold \(states.count) values, expected \(batchSize) × \(n)")
        self.network = network
        self.initialStates = states
        self.batchSize = batchSize
        self.drive = drive
        self.control = control
        self.steadyState = steadyState
        self.maxTime = maxTime
    }
}

/// What one relaxation did.
public struct RelaxationReport: Sendable, Equatable {
    public var status: SolverStatus
    /// Accepted steps.
    public var steps: Int
    public var rejectedSteps: Int
    /// Physical settling time (s): when the steady-state test first held.
    public var time: Double
    /// max_i |F_i| over node rows at the end: the KCL residual (A).
    public var residual: Double
    /// Energy turned into heat during the relaxation, ∫ P dt (J).
    public var dissipatedEnergy: Double
    /// The integrator used.
    public var integrator: String
    /// Where the energy went: delivered per source, heat per family, stored change (J).
    /// Empty for solvers that do not integrate it.
    public var ledger: EnergyLedger

    public init(status: SolverStatus, steps: Int, rejectedSteps: Int, time: Double, residual: Double,
                dissipatedEnergy: Double, integrator: String, ledger: EnergyLedger = EnergyLedger()) {
        self.status = status
        self.steps = steps
        self.rejectedSteps = rejectedSteps
        self.time = time
        self.residual = residual
        self.dissipatedEnergy = dissipatedEnergy
        self.integrator = integrator
        self.ledger = ledger
    }

    /// A one-line explanation for a failed status.
    public var message: String {
        switch status {
        case .converged, .completed: return "settled after \(steps) steps"
        case .maxSteps: return "not settled after \(steps) steps (step limit)"
        case .maxTime: return "not settled within the time limit (\(time) s)"
        case .nonFinite: return "the state became NaN or infinite"
        case .singularMatrix: return "singular matrix: a node without a DC path, or a loop of voltage sources"
        case .newtonFailed: return "Newton's method did not converge"
        case .stepTooSmall: return "the time step fell below the resolution of the time axis"
        case .unsupported:
            return "\(integrator) needs a capacitance at every node (the network is differential-algebraic)"
        }
    }
}

/// The settled states of a batch and a report per member.
public struct RelaxationResult: Sendable {
    /// B × n settled states, row-major.
    public var states: [Double]
    public var reports: [RelaxationReport]
    public var dimension: Int

    /// The state of member `row`.
    public func state(_ row: Int) -> ArraySlice<Double> {
        states[(row * dimension)..<((row + 1) * dimension)]
    }
}

/// Relaxes every member of the batch by integrating `M dx/dt + F(x) = 0` with `integrator`
/// until the steady-state test holds (see `SteadyStateTest`), reporting the physical settling
/// time, the energy dissipated on the way and its ledger (see `EnergyLedger`).
public func relax<I: Integrator>(_ problem: RelaxationProblem, using integrator: I) -> RelaxationResult {
    let equations = NetworkEquations(network: problem.network)
    let n = equations.dimension
    var states = problem.initialStates
    var reports: [RelaxationReport] = []
    for row in 0..<problem.batchSize {
        var state = Array(states[(row * n)..<((row + 1) * n)])
        reports.append(relax(equations, state: &state, drive: problem.drive, control: problem.control,
                             steadyState: problem.steadyState, maxTime: problem.maxTime, using: integrator))
        states.replaceSubrange((row * n)..<((row + 1) * n), with: state)
    }
    return RelaxationResult(states: states, reports: reports, dimension: n)
}

/// Relaxes `state` in place on equations assembled once — the form a learning controller uses,
/// relaxing the same network phase after phase with new inputs, nudges and parameters.
public func relax<I: Integrator>(
    _ equations: NetworkEquations, state: inout [Double], drive: Drive = .dc,
    control: StepControl = StepControl(tolerances: .relaxation),
    steadyState: SteadyStateTest = SteadyStateTest(), maxTime: Double = .infinity, using integrator: I
) -> RelaxationReport {
    let cache = integrator.makeCache(for: equations)
    _ = cache.state.update(fromContentsOf: state)
    let residual = StepArithmetic.allocate(equations.dimension)
    defer { residual.deallocate() }
    let report = relaxOne(equations: equations, integrator: integrator, cache: cache, drive: drive,
                          control: control, steadyState: steadyState, maxTime: maxTime, residual: residual)
    state = Array(cache.state)
    return report
}

private func relaxOne<I: Integrator>(
    equations: NetworkEquations, integrator: I, cache: I.Cache, drive: Drive, control: StepControl,
    steadyState: SteadyStateTest, maxTime: Double, residual: UnsafeMutableBufferPointer<Double>
) -> RelaxationReport {
    var report = RelaxationReport(status: .converged, steps: 0, rejectedSteps: 0, time: 0,
                                  residual: 0, dissipatedEnergy: 0, integrator: integrator.name)
    let meter = EnergyMeter(equations: equations)
    func finish(_ status: SolverStatus) -> RelaxationReport {
        report.status = status
        report.dissipatedEnergy = meter.totalDissipated
        report.ledger = meter.ledger
        report.residual = OperatingPointSolver.nodeResidual(
            equations, drive: drive, state: UnsafeBufferPointer(cache.state))
        return report
    }
    if integrator.requiresInvertibleMass && equations.isDifferentialAlgebraic { return finish(.unsupported) }
    var distance = settlingDistance(equations, cache.state, drive: drive, test: steadyState,
                                    residual: residual)
    if distance <= 1 { return finish(.converged) }
    let tau = TimeIntegration.fastestTimeConstant(equations, state: UnsafeBufferPointer(cache.state), drive: drive)
    let initialStep = control.initialStep ?? 1e-3 * (tau ?? 1e-9)
    let time: Double
    switch TimeIntegration.makeConsistent(equations, state: cache.state, drive: drive, time: 0,
                                          firstStep: initialStep) {
    case .success(let elapsed): time = elapsed
    case .failure(let status): return finish(status)
    }
    if let failure = cache.start(time: time, drive: drive) { return finish(failure) }
    meter.start(UnsafeBufferPointer(cache.state), drive: drive)
    var settlingTime = time
    let outcome = TimeIntegration.run(
        cache, equations: equations, order: integrator.order, drive: drive,
        stopTime: maxTime, control: control, initialStep: initialStep
    ) { cache, step in
        let previous = distance
        distance = settlingDistance(equations, cache.state, drive: drive, test: steadyState,
                                    residual: residual)
        guard distance <= 1 else {
            meter.advance(UnsafeBufferPointer(cache.state), drive: drive, step: step)
            return false
        }
        // The test first held inside this step: place the crossing by assuming the distance
        // decays exponentially across the step (it does, near a stable equilibrium).
        let fraction = distance > 0 && previous > 1 ? min(1, log(previous) / log(previous / distance)) : 1
        settlingTime = cache.time - step * (1 - fraction)
        // Energy up to the settling time only (the reported time), with the powers interpolated
        // linearly across the step: the rest of the step happens after the network settled.
        meter.advance(UnsafeBufferPointer(cache.state), drive: drive, step: step, fraction: fraction)
        return true
    }
    report.steps = outcome.steps
    report.rejectedSteps = outcome.rejectedSteps
    report.time = outcome.status == .converged ? settlingTime : cache.time
    return finish(outcome.status == .completed ? .maxTime : outcome.status)
}

/// The steady-state test of `SteadyStateTest` at `state`, as a distance: the largest ratio of a
/// row's remaining change to its tolerance. The network is settled when it is at most 1.
func settlingDistance(
    _ equations: NetworkEquations, _ state: UnsafeMutableBufferPointer<Double>, drive: Drive,
    test: SteadyStateTest, residual: UnsafeMutableBufferPointer<Double>
) -> Double {
    let x = UnsafeBufferPointer(state)
    equations.evaluateResidual(x, drive: drive, into: residual)
    equations.evaluateJacobian(x, drive: drive)
    var distance = 0.0
    for i in 0..<equations.dimension {
        let diagonal = abs(equations.jacobianValues[equations.diagonalSlots[i]])
        let change = diagonal > 0 ? abs(residual[i]) / diagonal : abs(residual[i])
        // A branch row's residual is a voltage error; its unknown is a current, no scale for it.
        let reference = equations.isNodeRow[i] ? abs(x[i]) : 0
        let ratio = change / (test.relative * reference + test.absolute)
        guard ratio.isFinite else { return .infinity }
        distance = max(distance, ratio)
    }
    return distance
}
