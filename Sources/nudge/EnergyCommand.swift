import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge energy FILE|RUN_DIR [--json]`: where the energy goes. For a netlist, its relaxation's
/// ledger integrated along the transient (delivered by each source, heat per family, stored);
/// for a `.drn` network with `inputs = …`, its switch-on to equilibrium; for a training run's
/// folder, the energy per update by part beside the digital baselines (summary.json).
struct EnergyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energy",
        abstract: "Print the energy ledger of a circuit's relaxation or of a training run's updates.",
        discussion: """
            FILE (a netlist): relaxes it from its .ic/zero state, as 'nudge relax' does, and \
            prints what each source delivered, what each device family turned into heat and the \
            change of the stored energy (J), integrated along the accepted steps; the imbalance \
            delivered − heat − Δstored is the integration error. FILE.drn (with 'inputs = …'): the \
            network switched on from discharged nodes, integrated until it settles: the heat of \
            the transient, the stored energy and the steady power. RUN_DIR (a 'nudge train' \
            folder of a .drn network): the energy of one update by part (phases, converters, \
            programming), per sample and per epoch, the physical time, the digital baselines and \
            the ratio analog/digital, with the assumptions behind each number. See docs/energy.md.
            """)

    /// FILE: a netlist, a .drn network, or a training run's folder.
    @OptionGroup var circuit: CircuitOptions

    var target: String { circuit.file }

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingUserErrors {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
                throw UserFacingError("\(target): no such file or run folder")
            }
            if isDirectory.boolValue { return try printRun() }
            if target.lowercased().hasSuffix(".drn") { return try printSwitchOn() }
            if LearningProblem.isElastic(target) || LearningProblem.isOscillator(target) || RelaxCommand.isLAMMPSData(target) {
                throw UserFacingError("\(target): 'nudge energy' reads netlists, .drn networks and run folders; "
                                      + "'nudge relax --json' reports an elastic or oscillator network's dissipated energy")
            }
            try printRelaxation()
        }
    }

    private func printRelaxation() throws {
        let circuit = try circuit.loadCircuit()
        let result = IntegratorChoice.trbdf2.relax(RelaxationProblem(network: circuit.network, initialStates: circuit.initialState))
        let report = result.reports[0]
        let ledger = report.ledger
        if json {
            print(JSONValue.object([
                ("status", .string(report.status.rawValue)), ("time", .number(report.time)), ("ledger", ledger.json),
            ]).serialized())
        } else {
            var lines = ["\(target): relaxed to \(report.status.rawValue) in \(report.time) s (\(report.integrator))", "delivered by sources:"]
            lines += ledger.delivered.map { "  " + $0.name.padding(toLength: 32, withPad: " ", startingAt: 0) + EnergyTable.joules($0.energy).leftPadded(14) }
            lines.append("heat by device family:")
            lines += ledger.dissipated.map { "  " + $0.name.padding(toLength: 32, withPad: " ", startingAt: 0) + EnergyTable.joules($0.energy).leftPadded(14) }
            lines.append("  " + "stored (change)".padding(toLength: 32, withPad: " ", startingAt: 0) + EnergyTable.joules(ledger.storedChange).leftPadded(14))
            lines.append(String(format: "delivered %@ = heat %@ + stored %@; imbalance %.3g J (integration error)",
                                EnergyTable.joules(ledger.totalDelivered), EnergyTable.joules(ledger.totalDissipated),
                                EnergyTable.joules(ledger.storedChange), ledger.imbalance))
            print(lines.joined(separator: "\n"))
        }
        if !report.status.isSuccess {
            printError("\(target): \(report.status.rawValue): \(report.message)")
            throw numericalFailureExitCode
        }
    }

    private func printSwitchOn() throws {
        let description: DeepResistiveNetworkDescription
        let layers: ResistiveLayers
        do {
            description = try DeepResistiveNetworkDescription.parse(fileAt: target)
            layers = try ResistiveLayers(description)
        } catch { throw UserFacingError(error.description) }
        guard description.inputs.count == layers.featureCount, description.inputs.contains(where: { $0 != 0 }) else {
            throw UserFacingError("\(target): give the network's \(layers.featureCount) input values with 'inputs = …' "
                                  + "to measure its switch-on (or train it and run 'nudge energy RUN_DIR')")
        }
        let sample = Dataset(featureNames: (0..<layers.featureCount).map { "x\($0)" },
                             targetNames: (0..<layers.classCount).map { "y\($0)" },
                             features: description.inputs, targets: [Double](repeating: 0, count: layers.classCount))
        let parameters = ResistiveLayers.initialConductances(description, count: layers.parameterCount)
        let result = ResistiveLayersSettling(layers: layers, capacitance: description.capacitance)
            .measure(sample, row: 0, parameters: parameters)
        if json {
            print(result.json.serialized())
        } else {
            print("""
                \(target): inputs switched on at t = 0, nodes discharged (C = \(description.capacitance) F each)
                  settled after            \(String(format: "%.4g", result.settlingTime)) s (\(result.steps) backward-Euler steps)
                  heat of the transient    \(EnergyTable.joules(result.transientHeat))
                  stored at equilibrium    \(EnergyTable.joules(result.storedEnergy)) (½C‖V‖², heat again when it discharges)
                  steady power             \(String(format: "%.4g", result.equilibriumPower)) W
                  switching factor κ       \(String(format: "%.4g", result.switchingFactor)) (transient heat above steady over ½C‖V‖²)
                """)
        }
        if !result.settled {
            printError("\(target): not settled within \(result.steps) steps")
            throw numericalFailureExitCode
        }
    }

    private func printRun() throws {
        let path = target.hasSuffix("/") ? target + "summary.json" : target + "/summary.json"
        guard let data = FileManager.default.contents(atPath: path),
              let summary = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw UserFacingError("\(path): no readable summary.json (is \(target) a finished 'nudge train' run?)")
        }
        guard let energy = summary["energy"] as? [String: Any] else {
            throw UserFacingError("\(path): the run has no energy section (a run of an earlier version, or one that stopped before its first epoch ended)")
        }
        if json {
            var sections: [String: Any] = ["energy": energy]
            for key in ["digital", "analog_digital_ratio"] { sections[key] = summary[key] }
            let text = try JSONSerialization.data(withJSONObject: sections, options: [.sortedKeys])
            print(String(decoding: text, as: UTF8.self))
            return
        }
        func number(_ any: Any?) -> Double { (any as? Double) ?? (any as? Int).map(Double.init) ?? .nan }
        var lines = [String(format: "%@: energy per update %@ (per sample %@, per epoch %@), physical time %.3g s",
                            target, EnergyTable.joules(number(energy["per_update_joules"])),
                            EnergyTable.joules(number(energy["per_sample_joules"])),
                            EnergyTable.joules(number(energy["per_epoch_joules"])), number(energy["physical_seconds_per_update"]))]
        for part in energy["parts"] as? [[String: Any]] ?? [] {
            lines.append("  " + ((part["name"] as? String) ?? "?").padding(toLength: 34, withPad: " ", startingAt: 0)
                         + EnergyTable.joules(number(part["joules"])).leftPadded(12))
        }
        let ratios = summary["analog_digital_ratio"] as? [[String: Any]] ?? []
        for baseline in (summary["digital"] as? [String: Any])?["baselines"] as? [[String: Any]] ?? [] {
            let name = (baseline["name"] as? String) ?? "?"
            let ratio = ratios.first { ($0["baseline"] as? String) == name }.map { number($0["ratio"]) } ?? .nan
            lines.append("  digital: " + name.padding(toLength: 62, withPad: " ", startingAt: 0)
                         + EnergyTable.joules(number(baseline["joules"])).leftPadded(12)
                         + String(format: "   analog/digital %.2e", ratio))
        }
        let assumptions = (energy["assumptions"] as? [String] ?? [])
            + ((summary["digital"] as? [String: Any])?["assumptions"] as? [String] ?? [])
        if !assumptions.isEmpty { lines.append("assumptions:") }
        lines += assumptions.map { "  - " + $0 }
        print(lines.joined(separator: "\n"))
    }
}
