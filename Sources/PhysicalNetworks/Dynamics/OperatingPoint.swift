/// The DC operating point: the state where `F(x) = 0` with every source at its DC value —
/// the endpoint relaxation must reach. Solved directly by Newton's method, falling back on
/// SPICE's two homotopies when plain Newton fails: gmin stepping (a shunt conductance from
/// every node to ground, shrunk decade by decade) and source stepping (sources ramped from 0).
public struct OperatingPointSolver: Sendable {
    public var newton: NewtonSolver
    /// First shunt of gmin stepping (S).
    public var initialShunt: Double
    /// Number of source-stepping increments to try first (halved on failure).
    public var sourceSteps: Int

    public init(newton: NewtonSolver = NewtonSolver(), initialShunt: Double = 1e-2, sourceSteps: Int = 10) {
        self.newton = newton
        self.initialShunt = initialShunt
        self.sourceSteps = sourceSteps
    }

    /// What the solve did.
    public struct Report: Sendable, Equatable {
        public var status: SolverStatus
        /// Newton iterations over all attempts.
        public var iterations: Int
        /// Which strategy succeeded: `newton`, `gmin stepping`, `source stepping`, or the
        /// last one tried.
        public var strategy: String
        /// max_i |F_i| over node rows at the solution (A).
        public var residual: Double
    }

    /// Solves for the operating point, starting from `state` (overwritten with the solution).
    public func solve(_ equations: NetworkEquations, drive: Drive = .dc,
                      state: UnsafeMutableBufferPointer<Double>) -> Report {
        let workspace = NewtonSolver.Workspace(equations: equations)
        let start = Array(state)
        var iterations = 0
        func attempt(shunt: Double, scale: Double) -> NewtonSolver.Outcome {
            var scaled = drive
            scaled.sourceScale *= scale
            let outcome = newton.solve(equations, alpha: 0, rhs: nil, drive: scaled, shunt: shunt,
                                       state: state, workspace: workspace)
            switch outcome {
            case .converged(let k), .failed(_, let k): iterations += k
            }
            return outcome
        }
        func report(_ status: SolverStatus, _ strategy: String) -> Report {
            Report(status: status, iterations: iterations, strategy: strategy,
                   residual: Self.nodeResidual(equations, drive: drive, state: UnsafeBufferPointer(state)))
        }

        var last = attempt(shunt: 0, scale: 1)
        if case .converged = last { return report(.converged, "newton") }

        // gmin stepping.
        _ = state.update(fromContentsOf: start)
        var shunt = initialShunt
        var gminFailed = false
        while shunt >= 1e-13 {
            if case .failed = attempt(shunt: shunt, scale: 1) { gminFailed = true; break }
            shunt /= 10
        }
        if !gminFailed {
            last = attempt(shunt: 0, scale: 1)
            if case .converged = last { return report(.converged, "gmin stepping") }
        }

        // Source stepping, with the increment halved after a failure.
        for i in 0..<state.count { state[i] = 0 }
        var scale = 0.0
        var increment = 1.0 / Double(max(sourceSteps, 1))
        var accepted = Array(state)
        while scale < 1 {
            let next = min(1, scale + increment)
            if case .converged = attempt(shunt: 0, scale: next) {
                scale = next
                accepted = Array(state)
                increment *= 1.5
            } else {
                _ = state.update(fromContentsOf: accepted)
                increment /= 4
                if increment < 1e-6 {
                    if case .failed(let status, _) = last { return report(status, "source stepping") }
                    return report(.newtonFailed, "source stepping")
                }
            }
        }
        return report(.converged, "source stepping")
    }

    /// max_i |F_i(x)| over node rows (A): the KCL residual.
    public static func nodeResidual(
        _ equations: NetworkEquations, drive: Drive, state: UnsafeBufferPointer<Double>
    ) -> Double {
        var residual = [Double](repeating: 0, count: equations.dimension)
        residual.withUnsafeMutableBufferPointer { equations.evaluateResidual(state, drive: drive, into: $0) }
        var worst = 0.0
        for i in 0..<equations.dimension where equations.isNodeRow[i] {
            // Swift's max drops a NaN argument; a NaN residual must reach the report.
            if residual[i].isNaN { return .nan }
            worst = max(worst, abs(residual[i]))
        }
        return worst
    }
}
