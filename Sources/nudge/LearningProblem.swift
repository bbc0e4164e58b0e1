import Foundation
import PhysicalNetworks

/// What `gradient` and `train` need of a network file, whichever family it describes: a circuit
/// netlist (outputs are node voltages, the nudge a conductance) or an elastic network file
/// (`FILE.elastic`: outputs are distances or coordinates, the nudge a stiffness).
struct LearningProblem {
    var file: String
    var network: Network
    /// Output names, in `network.roles.outputs` order.
    var outputNames: [String]
    /// Every name an output could have been (for "not an output" messages).
    var knownNames: Set<String>
    var units: Units
    /// What the printed settling figures do not capture, if anything.
    var caveat: String?

    /// The units a family's numbers print in.
    struct Units {
        /// Of an output value (V or m).
        var output: String
        /// Of the nudge β (S or N/m).
        var beta: String
        /// Of the loss (V² or m²).
        var loss: String { output + "²" }
        /// The column header of the gradient table.
        var gradientHeader: String

        static let circuit = Units(output: "V", beta: "S", gradientHeader: "dL/dg (V²/S)")
        static let elastic = Units(output: "m", beta: "N/m", gradientHeader: "dL/dθ (m²/(N/m) for k, m for l)")
    }

    /// Whether `path` names an elastic network file (`.elastic`).
    static func isElastic(_ path: String) -> Bool {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "elastic"
    }

    /// The nudge when none is given: 1 µS for a circuit, 1 mN/m for an elastic network (whose
    /// bonds are about 1 N/m).
    static func defaultBeta(for path: String) -> Double { isElastic(path) ? 1e-3 : 1e-6 }

    init(circuit: Circuit) {
        file = circuit.netlist.file
        network = circuit.network
        outputNames = circuit.netlist.roles.outputs
        knownNames = Set(circuit.nodeNames)
        units = .circuit
    }

    init(elastic netlist: ElasticNetlist) {
        file = netlist.file
        network = netlist.network()
        outputNames = netlist.roles.outputs
        knownNames = Set(network.unknowns.map(\.name))
        units = .elastic
        let sensors = Set(netlist.sensors.map(\.name))
        if netlist.roles.outputs.contains(where: sensors.contains) {
            caveat = "nudged phases' time and energy are lower bounds with sensor outputs (docs/elastic.md, Not yet)"
        }
    }
}

extension CircuitOptions {
    /// The circuit, or the elastic network of a `.elastic` file with `--set` applied to its
    /// parameters (an input's name sets its rest length).
    func loadLearningProblem() throws -> LearningProblem {
        guard LearningProblem.isElastic(file) else { return LearningProblem(circuit: try loadCircuit()) }
        return LearningProblem(elastic: try loadElastic())
    }

    /// The elastic network file with `--set NAME=VALUE` applied.
    func loadElastic() throws -> ElasticNetlist {
        do {
            var netlist = try ElasticNetlistParser.parse(fileAt: file)
            for assignment in assignments { try netlist.setParameter(assignment.name, to: assignment.value) }
            return netlist
        } catch let error as NetlistError {
            throw UserFacingError(error.description)
        } catch {
            throw UserFacingError("\(error)")
        }
    }
}
