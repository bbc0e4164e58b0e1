import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge relax NET.osc`: an oscillator network (docs/oscillators.md) relaxed by overdamped
/// phase dynamics `γ dφ/dt = −∂E/∂φ (+ γω)` from its file phases, inputs at their file phases
/// (or `--set NAME=PHASE`), until it settles. Phases print wrapped into (−π, π]; `--json` gives
/// `"phases": {"h_1": φ, ...}`. A network with natural frequencies is not a gradient system
/// and may never settle (a drifting, unlocked group): that is reported, not hidden.
extension RelaxCommand {
    func relaxOscillators() throws {
        let problem = try circuit.loadOscillators()
        let network = problem.network
        let complete = network.interactions.allSatisfy(\.hasCompleteJacobian)
        guard complete || integrator == .dopri5 else {
            throw UserFacingError("\(problem.file): a lattice of more than \(OscillatorNetlist.denseLatticeJacobianLimit) "
                                  + "sites declares only the diagonal of its Jacobian; relax it with --integrator dopri5")
        }
        var relaxation = RelaxationProblem(network: network, initialStates: network.startingState)
        if let maxTime { relaxation.maxTime = maxTime.value }
        let result = integrator.relax(relaxation)
        let report = result.reports[0]
        let settled = Array(result.state(0))
        var state = settled
        network.wrapPhases(&state)
        let equations = NetworkEquations(network: network)
        let energy = state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        let phases = zip(network.unknowns, state).map { (name: $0.0.name, phase: $0.1) }
        let text: String
        if json {
            text = JSONValue.object([
                ("status", .string(report.status.rawValue)),
                ("phases", .object(phases.map { ($0.name, .number($0.phase)) })),
                ("time", .number(report.time)),
                ("steps", .integer(report.steps)),
                ("residual", .number(report.residual)),
                ("rejectedSteps", .integer(report.rejectedSteps)),
                ("energy", .number(energy)),
                ("dissipatedEnergy", .number(report.dissipatedEnergy)),
                ("integrator", .string(report.integrator)),
            ]).serialized()
        } else {
            let width = max(10, phases.map(\.name.count).max() ?? 0)
            var lines = [
                "status    \(report.status.rawValue) (\(report.message))",
                "time      \(report.time) s (settling time, \(report.integrator))",
                "steps     \(report.steps) accepted, \(report.rejectedSteps) rejected",
                "residual  \(report.residual) J (largest torque)",
                "energy    \(energy) J (\(report.dissipatedEnergy) J dissipated by the drag)",
                "",
                "oscillator".padding(toLength: width, withPad: " ", startingAt: 0) + "  phase (rad, wrapped to (−π, π])",
            ]
            lines += phases.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \($0.phase)" }
            text = lines.joined(separator: "\n")
        }
        try OutputFile.write(text, to: output)
        if !report.status.isSuccess {
            printError("\(problem.file): \(report.status.rawValue): \(report.message)")
            throw numericalFailureExitCode
        }
    }
}
