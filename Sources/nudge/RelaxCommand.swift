import ArgumentParser
import PhysicalNetworks

/// `nudge relax FILE [--set NAME=VALUE ...] [--json]`: integrate the circuit's dynamics from
/// its `.ic`/zero state, with DC sources, until it settles; print the settled state. A LAMMPS
/// data file relaxes as an elastic network (`RelaxCommand+Elastic.swift`).
struct RelaxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relax",
        abstract: "Relax a circuit, an elastic network (FILE.elastic or a LAMMPS data file) or an oscillator network (FILE.osc) by integrating its dynamics until it settles.")

    @OptionGroup var circuit: CircuitOptions

    @Flag(help: "Print one JSON object: status, nodes, time, steps, residual, ...")
    var json = false

    @Option(help: "Integrator: trbdf2 (default), euler, dopri5 (needs a capacitance at every node).")
    var integrator: IntegratorChoice = .trbdf2

    @Option(help: "Give up after this much physical time (s, SPICE suffixes allowed).")
    var maxTime: SpiceQuantity?

    @Option(help: "Write the result to this file (written whole, or not at all).")
    var output: String?

    @Option(help: "Elastic networks: flow (overdamped dynamics, settling time), fire (FIRE minimizer) or newton.")
    var method: ElasticRelaxation = .flow

    func run() throws {
        try reportingUserErrors {
            if Self.isLAMMPSData(circuit.file) || LearningProblem.isElastic(circuit.file) { return try relaxElastic() }
            if LearningProblem.isOscillator(circuit.file) { return try relaxOscillators() }
            let circuit = try circuit.loadCircuit()
            var problem = RelaxationProblem(network: circuit.network, initialStates: circuit.initialState)
            if let maxTime { problem.maxTime = maxTime.value }
            let result = integrator.relax(problem)
            let report = result.reports[0]
            let nodes = circuit.nodeVoltages(result.states)
            let text = json ? Self.json(report, nodes: nodes) : Self.table(report, nodes: nodes)
            try OutputFile.write(text, to: output)
            if !report.status.isSuccess {
                printError("\(circuit.netlist.file): \(report.status.rawValue): \(report.message)")
                throw numericalFailureExitCode
            }
        }
    }

    static func json(_ report: RelaxationReport, nodes: [(name: String, volts: Double)]) -> String {
        JSONValue.object([
            ("status", .string(report.status.rawValue)),
            ("nodes", .object(nodes.map { ($0.name, .number($0.volts)) })),
            ("time", .number(report.time)),
            ("steps", .integer(report.steps)),
            ("residual", .number(report.residual)),
            ("rejectedSteps", .integer(report.rejectedSteps)),
            ("dissipatedEnergy", .number(report.dissipatedEnergy)),
            ("integrator", .string(report.integrator)),
        ]).serialized()
    }

    static func table(_ report: RelaxationReport, nodes: [(name: String, volts: Double)]) -> String {
        NodeTable.render(header: [
            ("status", "\(report.status.rawValue) (\(report.message))"),
            ("time", "\(report.time) s (settling time, \(report.integrator))"),
            ("steps", "\(report.steps) accepted, \(report.rejectedSteps) rejected"),
            ("residual", "\(report.residual) A"),
            ("energy", "\(report.dissipatedEnergy) J dissipated"),
        ], nodes: nodes)
    }
}

/// Runs `body`, printing a `UserFacingError` to standard error as it is and exiting with 1.
func reportingUserErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as UserFacingError {
        printError(error.description)
        throw ExitCode.failure
    }
}
