import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge relax NET.data` or `nudge relax NET.elastic`: a LAMMPS data file (atoms and harmonic
/// bonds; atom type 2 pinned) or an elastic network file (docs/elastic.md) is an elastic network, relaxed by overdamped gradient flow `γ dx/dt = −∂E/∂x` (γ = 1 N·s/m on
/// every free node; an elastic file's own `.drag`) until it settles, or minimized by FIRE or
/// Newton's method (`--method`). Nodes are named by atom id (LAMMPS) or by name; `--json` gives
/// each its coordinates (`"17": [x, y]`), and an elastic file's sensors their distances.
extension RelaxCommand {
    /// Whether `path` names a LAMMPS data file: extension `.data`, `.lmp` or `.lammps`, or a
    /// name starting with `data.` (LAMMPS's own examples).
    static func isLAMMPSData(_ path: String) -> Bool {
        let name = URL(fileURLWithPath: path).lastPathComponent.lowercased()
        return name.hasPrefix("data.") || ["data", "lmp", "lammps"].contains(URL(fileURLWithPath: name).pathExtension)
    }

    func relaxElastic() throws {
        let file = circuit.file
        let elastic: ElasticNetwork
        var sensors: [ElasticNetlist.Sensor] = []
        if LearningProblem.isElastic(file) {
            let netlist = try circuit.loadElastic()
            elastic = netlist.elastic
            sensors = netlist.sensors
        } else {
            guard circuit.assignments.isEmpty else { throw UserFacingError("--set does not apply to a LAMMPS data file (\(file))") }
            do { elastic = try LAMMPSData.read(path: file) } catch { throw UserFacingError(error.description) }
        }
        let (report, state) = method.relax(elastic, maxTime: maxTime?.value, integrator: integrator)
        let positions = elastic.positions(state)
        let nodes: [(name: String, position: [Double])] = zip(elastic.nodes, positions).map { node, p in
            (node.name, (0..<elastic.dimension).map { p[$0] })
        }
        let distances: [(name: String, value: Double)] = sensors.map { sensor in
            let d = positions[sensor.a] - positions[sensor.b]
            return (sensor.name, (d * d).sum().squareRoot())
        }
        let energies = (initial: elastic.energy(elastic.initialState), final: elastic.energy(state))
        let text: String
        if json {
            text = JSONValue.object([
                ("status", .string(report.status.rawValue)),
                ("nodes", .object(nodes.map { ($0.name, .array($0.position.map { .number($0) })) })),
                ("time", .number(report.time)),
                ("steps", .integer(report.steps)),
                ("residual", .number(report.residual)),
                ("rejectedSteps", .integer(report.rejectedSteps)),
                ("energy", .number(energies.final)),
                ("dissipatedEnergy", .number(energies.initial - energies.final)),
                ("integrator", .string(report.integrator)),
            ] + (sensors.isEmpty ? [] : [("sensors", .object(distances.map { ($0.name, .number($0.value)) }))])).serialized()
        } else {
            let width = max(6, (nodes.map(\.name.count) + sensors.map(\.name.count)).max() ?? 0)
            var lines = [
                "status    \(report.status.rawValue) (\(report.message))",
                method == .flow
                    ? "time      \(report.time) s (settling time with drag \(elastic.drag) N·s/m per node, \(report.integrator))"
                    : "time      none (\(report.integrator) minimizes; use --method flow for the physical settling time)",
                "steps     \(report.steps) accepted, \(report.rejectedSteps) rejected",
                "residual  \(report.residual) N",
                "energy    \(energies.final) J (\(energies.initial - energies.final) J dissipated)",
                "",
                "node".padding(toLength: width, withPad: " ", startingAt: 0) + "  position (m)",
            ]
            lines += nodes.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + $0.position.map { "\($0)" }.joined(separator: " ") }
            if !sensors.isEmpty {
                lines += ["", "sensor".padding(toLength: width, withPad: " ", startingAt: 0) + "  distance (m)"]
                lines += distances.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \($0.value)" }
            }
            text = lines.joined(separator: "\n")
        }
        try OutputFile.write(text, to: output)
        if !report.status.isSuccess {
            printError("\(file): \(report.status.rawValue): \(report.message)")
            throw numericalFailureExitCode
        }
    }
}

/// How `nudge relax` brings an elastic network to equilibrium.
enum ElasticRelaxation: String, ExpressibleByArgument, CaseIterable {
    /// Overdamped dynamics with drag 1 N·s/m per node, the chosen integrator; settling time in s.
    case flow
    /// FIRE (Bitzek et al. 2006) to forces ≤ 1e-10 N; "time" is 0 (no physical trajectory).
    case fire
    /// FIRE to forces ≤ 1e-6 N, then Newton's method to the rounding floor (Newton alone from
    /// a stressed start wanders off on large networks).
    case newton

    func relax(_ elastic: ElasticNetwork, maxTime: Double?, integrator: IntegratorChoice) -> (RelaxationReport, [Double]) {
        let network = elastic.network()
        switch self {
        case .flow:
            var problem = RelaxationProblem(network: network, initialStates: elastic.initialState)
            if let maxTime { problem.maxTime = maxTime }
            let result = integrator.relax(problem)
            return (result.reports[0], Array(result.state(0)))
        case .fire, .newton:
            var state = elastic.initialState
            let equations = NetworkEquations(network: network), fire = FIRE(initialStep: elastic.fireStep)
            let report = self == .fire ? fire.minimize(equations, state: &state) : fire.minimizeAndPolish(equations, state: &state)
            return (RelaxationReport(status: report.status, steps: report.iterations, rejectedSteps: 0, time: 0,
                                     residual: report.residual, dissipatedEnergy: 0,
                                     integrator: self == .fire ? "FIRE" : "FIRE + Newton"), state)
        }
    }
}
