import Foundation
import PhysicalNetworks

/// What `gradient` and `train` need of a network file, whichever family it describes: a circuit
/// netlist (outputs are node voltages, the nudge a conductance), an elastic network file
/// (`FILE.elastic`: outputs are distances or coordinates, the nudge a stiffness) or an
/// oscillator network file (`FILE.osc`: outputs are phases, the nudge a torque cost's weight, J).
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

    /// Whether outputs are oscillator phases (trained with a torque cost, `PhaseCost`).
    var isOscillator: Bool { network.hasPhases }

    /// The units a family's numbers print in.
    struct Units {
        /// Of an output value (V, m or rad).
        var output: String
        /// Of the nudge β (S, N/m or J).
        var beta: String
        /// Of the loss (V², m², or none for a torque cost).
        var loss: String
        /// The column header of the gradient table.
        var gradientHeader: String

        static let circuit = Units(output: "V", beta: "S", loss: "V²", gradientHeader: "dL/dg (V²/S)")
        static let elastic = Units(output: "m", beta: "N/m", loss: "m²", gradientHeader: "dL/dθ (m²/(N/m) for k, m for l)")
        static let oscillator = Units(output: "rad", beta: "J", loss: "(dimensionless)",
                                      gradientHeader: "dL/dθ (1/J for couplings, fields, locks; 1/rad for field phases)")
    }

    /// Whether `path` names an elastic network file (`.elastic`).
    static func isElastic(_ path: String) -> Bool {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "elastic"
    }

    /// Whether `path` names an oscillator network file (`.osc`).
    static func isOscillator(_ path: String) -> Bool {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "osc"
    }

    /// The nudge when none is given: 1 µS for a circuit, 1 mN/m for an elastic network (whose
    /// bonds are about 1 N/m), 0.1 J for an oscillator network (W24's β, couplings about 1 J).
    static func defaultBeta(for path: String) -> Double {
        isOscillator(path) ? 0.1 : isElastic(path) ? 1e-3 : 1e-6
    }

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


    init(oscillators netlist: OscillatorNetlist, network: Network) {
        file = netlist.file
        self.network = network
        outputNames = netlist.roles.outputs
        knownNames = Set(network.unknowns.map(\.name))
        units = .oscillator
    }
}

extension CircuitOptions {
    /// The circuit, the elastic network of a `.elastic` file with `--set` applied to its
    /// parameters (an input's name sets its rest length), or the oscillator network of a `.osc`
    /// file with `--set` applied (an input's name sets its phase, any parameter by its name).
    func loadLearningProblem() throws -> LearningProblem {
        if LearningProblem.isOscillator(file) { return try loadOscillators() }
        guard LearningProblem.isElastic(file) else { return LearningProblem(circuit: try loadCircuit()) }
        return LearningProblem(elastic: try loadElastic())
    }

    /// The oscillator network file with `--set NAME=VALUE` applied.
    func loadOscillators() throws -> LearningProblem {
        let netlist: OscillatorNetlist
        do { netlist = try OscillatorNetlistParser.parse(fileAt: file) } catch { throw UserFacingError(error.description) }
        var network = netlist.network()
        for assignment in assignments {
            guard let index = network.parameterNames.firstIndex(of: assignment.name)
                    ?? network.parameterNames.firstIndex(of: assignment.name + ".phase") else {
                throw UserFacingError("\(file): --set: no parameter or input named '\(assignment.name)'")
            }
            network.parameters[index] = assignment.value
        }
        return LearningProblem(oscillators: netlist, network: network)
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
