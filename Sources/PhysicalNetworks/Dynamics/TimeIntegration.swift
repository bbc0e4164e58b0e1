/// The stepping loop every integrator runs under: step-size control from the local error
/// (`h ← h · clamp(0.9 ‖e‖^{−1/(p+1)}, 0.2, 5)`), landing exactly on source breakpoints,
/// retrying failed Newton solves with smaller steps, and asking the caller after each accepted
/// step whether to stop.
import Foundation

enum TimeIntegration {
    struct Outcome {
        var status: SolverStatus
        var steps: Int
        var rejectedSteps: Int
    }

    /// Integrates from the cache's current point towards `stopTime`.
    /// - Parameter onAccepted: called after every accepted step; returns true to stop.
    static func run<Cache: IntegratorCache>(
        _ cache: Cache, equations: NetworkEquations, order: Int, drive: Drive,
        stopTime: Double, control: StepControl, initialStep: Double,
        onAccepted: (Cache, Double) -> Bool
    ) -> Outcome {
        var steps = 0
        var rejected = 0
        var h = control.fixedStep ?? min(initialStep, control.maxStep)
        let exponent = -1.0 / Double(order + 1)
        // The failure that started the current run of failed attempts: when shrinking the step
        // gives up, it is the cause to report, not what a step of 1e-310 s runs into (1/h
        // overflows and the iteration matrix turns "singular").
        var firstFailure: SolverStatus?
        while cache.time < stopTime {
            if steps >= control.maxSteps {
                return Outcome(status: .maxSteps, steps: steps, rejectedSteps: rejected)
            }
            let t = cache.time
            let planned = min(h, control.maxStep)
            var step = min(planned, stopTime - t)
            // A step that landed on a breakpoint ends at t_n + (t_b − t_n), which may fall an ulp
            // short of t_b: breakpoints within 10⁻¹² relative of t count as passed.
            if drive.followsWaveforms,
               let breakpoint = equations.nextBreakpoint(after: t + 1e-12 * abs(t)),
               breakpoint < t + step * (1 + 1e-9) {
                step = breakpoint - t
            }
            if stopTime - (t + step) < 1e-9 * step { step = stopTime - t }
            guard step > 0, step > 64 * t.ulp else {
                return Outcome(status: .stepTooSmall, steps: steps, rejectedSteps: rejected)
            }
            switch cache.attempt(stepSize: step, drive: drive, tolerances: control.tolerances) {
            case .failed(let status):
                rejected += 1
                let cause = firstFailure ?? status
                firstFailure = cause
                if control.fixedStep != nil {
                    return Outcome(status: cause, steps: steps, rejectedSteps: rejected)
                }
                h = step / 4
                if h <= 64 * t.ulp {
                    return Outcome(status: cause, steps: steps, rejectedSteps: rejected)
                }
            case .computed(let norm):
                if control.fixedStep == nil && norm > 1 {
                    rejected += 1
                    h = step * max(0.2, 0.9 * pow(norm, exponent))
                    continue
                }
                cache.accept()
                firstFailure = nil
                steps += 1
                if onAccepted(cache, step) {
                    return Outcome(status: .converged, steps: steps, rejectedSteps: rejected)
                }
                if control.fixedStep == nil {
                    var factor = norm > 0 ? min(5, max(0.2, 0.9 * pow(norm, exponent))) : 5
                    // Growth below 1.5× is not worth a new iteration matrix (CVODE's rule): a
                    // linear network then reuses its factorization across steps.
                    if factor >= 1 && factor < 1.5 { factor = 1 }
                    // A step shortened to land on a breakpoint or the stop time keeps the plan.
                    h = step < planned ? max(step * factor, planned) : step * factor
                }
            }
        }
        return Outcome(status: .completed, steps: steps, rejectedSteps: rejected)
    }

    /// The fastest node time constant min_i C_ii / J_ii (s) at `state`, or nil without
    /// capacitance.
    static func fastestTimeConstant(
        _ equations: NetworkEquations, state: UnsafeBufferPointer<Double>, drive: Drive
    ) -> Double? {
        equations.evaluateJacobian(state, drive: drive)
        var fastest: Double?
        for i in 0..<equations.dimension where !equations.isAlgebraicRow[i] {
            let slot = equations.diagonalSlots[i]
            let conductance = abs(equations.jacobianValues[slot])
            let capacitance = equations.massValues[slot]
            guard conductance > 0, capacitance > 0 else { continue }
            let tau = capacitance / conductance
            fastest = min(fastest ?? tau, tau)
        }
        return fastest
    }

    /// Makes a DAE state consistent with two backward-Euler steps of ε = 10⁻³ of the first
    /// step. The first keeps the capacitor charges (up to ε·current) and solves the algebraic
    /// rows exactly — nodes without capacitance jump to their values, as in SPICE's first step
    /// from a UIC state; a capacitor between such a node and another node carries the jump
    /// across, and the branch current of the source driving it holds the impulse C·ΔV/ε. The
    /// second step starts from the consistent state, so the branch currents it leaves are the
    /// finite ones that the charge rates M ẋ are computed from.
    /// An ODE (every row differential) is consistent as it is: nothing is done.
    /// - Returns: the time the two steps took (2ε, or 0 for an ODE), or the failure.
    static func makeConsistent(
        _ equations: NetworkEquations, state: UnsafeMutableBufferPointer<Double>, drive: Drive,
        time: Double, firstStep: Double
    ) -> Result<Double, SolverStatus> {
        guard equations.isDifferentialAlgebraic else { return .success(0) }
        let epsilon = 1e-3 * firstStep
        let newton = NewtonSolver()
        let workspace = NewtonSolver.Workspace(equations: equations)
        var rhs = [Double](repeating: 0, count: equations.dimension)
        for step in 1...2 {
            rhs.withUnsafeMutableBufferPointer { equations.multiplyMass(UnsafeBufferPointer(state), into: $0) }
            for i in 0..<rhs.count { rhs[i] /= epsilon }
            var d = drive
            d.time = time + Double(step) * epsilon
            let outcome = rhs.withUnsafeBufferPointer {
                newton.solve(equations, alpha: 1 / epsilon, rhs: $0, drive: d, state: state, workspace: workspace)
            }
            if case .failed(let status, _) = outcome { return .failure(status) }
        }
        return .success(2 * epsilon)
    }
}
