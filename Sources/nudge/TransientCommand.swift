import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge transient FILE --tstop T --tstep DT [--set ...] [--csv]`: the transient from the
/// `.ic`/zero state, sampled on the uniform grid 0, DT, 2·DT, … ≤ T.
struct TransientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transient",
        abstract: "Simulate a transient and print node voltages on a uniform time grid.")

    @OptionGroup var circuit: CircuitOptions

    @Option(help: "Stop time T (s, SPICE suffixes allowed).")
    var tstop: SpiceQuantity

    @Option(help: "Output grid spacing DT (s); also SPICE's default PULSE rise and fall time.")
    var tstep: SpiceQuantity

    @Flag(help: "Print CSV with header time,v(<node>),...")
    var csv = false

    @Option(help: "Integrator: trbdf2 (default), euler, dopri5.")
    var integrator: IntegratorChoice = .trbdf2

    @Option(help: "Relative tolerance of the local error.")
    var reltol: Double = 1e-5

    @Option(help: "Write the result to this file (written whole, or not at all).")
    var output: String?

    func validate() throws {
        guard tstop.value > 0 else { throw ValidationError("--tstop must be positive") }
        guard tstep.value > 0, tstep.value <= tstop.value else {
            throw ValidationError("--tstep must be positive and at most --tstop")
        }
        guard tstop.value / tstep.value <= 10_000_000 else {
            throw ValidationError("--tstop/--tstep asks for more than 10^7 output rows")
        }
        guard reltol > 0, reltol < 1 else { throw ValidationError("--reltol must be in (0, 1)") }
    }

    func run() throws {
        try reportingUserErrors {
            let settings = CircuitBuilder.TransientSettings(step: tstep.value, stop: tstop.value)
            let circuit = try circuit.loadCircuit(transient: settings)
            var problem = TransientProblem(network: circuit.network, initialState: circuit.initialState,
                                           stopTime: tstop.value, outputStep: tstep.value)
            problem.control.tolerances.relative = reltol
            let result = integrator.simulate(problem)
            let separator = csv ? "," : "  "
            var lines = [(["time"] + circuit.nodeNames.map { "v(\($0))" }).joined(separator: separator)]
            let count = circuit.nodeNames.count
            for (time, state) in zip(result.times, result.states) {
                // Grid times print to 15 significant digits (k·DT carries rounding noise beyond).
                let row = [String(format: "%.15g", time)] + state.prefix(count).map { "\($0)" }
                lines.append(row.joined(separator: separator))
            }
            try OutputFile.write(lines.joined(separator: "\n"), to: output)
            let report = result.report
            if !report.status.isSuccess {
                printError("\(circuit.netlist.file): \(report.status.rawValue) at t = \(report.time) s: \(report.message)")
                throw numericalFailureExitCode
            }
        }
    }
}
