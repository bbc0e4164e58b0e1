import ArgumentParser
import PhysicalNetworks

/// `nudge op FILE`: the DC operating point by Newton's method (with gmin and source stepping),
/// the direct solve that relaxation must agree with.
struct OperatingPointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "op",
        abstract: "Solve the DC operating point directly (Newton, gmin and source stepping).")

    @OptionGroup var circuit: CircuitOptions

    @Flag(help: "Print one JSON object: status, nodes, iterations, strategy, residual.")
    var json = false

    @Option(help: "Write the result to this file (written whole, or not at all).")
    var output: String?

    func run() throws {
        try reportingUserErrors {
            let circuit = try circuit.loadCircuit()
            let equations = NetworkEquations(network: circuit.network)
            var state = circuit.initialState
            let report = state.withUnsafeMutableBufferPointer { OperatingPointSolver().solve(equations, state: $0) }
            let nodes = circuit.nodeVoltages(state)
            let text: String
            if json {
                text = JSONValue.object([
                    ("status", .string(report.status.rawValue)),
                    ("nodes", .object(nodes.map { ($0.name, .number($0.volts)) })),
                    ("iterations", .integer(report.iterations)),
                    ("strategy", .string(report.strategy)),
                    ("residual", .number(report.residual)),
                ]).serialized()
            } else {
                text = NodeTable.render(header: [
                    ("status", "\(report.status.rawValue) (\(report.strategy), \(report.iterations) iterations)"),
                    ("residual", "\(report.residual) A"),
                ], nodes: nodes)
            }
            try OutputFile.write(text, to: output)
            if !report.status.isSuccess { throw numericalFailureExitCode }
        }
    }
}
