import ArgumentParser
import PhysicalNetworks

/// The netlist argument and `--set` overrides shared by every subcommand that reads a circuit.
struct CircuitOptions: ParsableArguments {
    @Argument(help: "A SPICE netlist (see docs/netlist.md), or a deep resistive network description, FILE.drn (see docs/drn.md).")
    var file: String

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Set an independent source's DC value, e.g. --set VIN=0.5 (SPICE suffixes allowed).",
        valueName: "NAME=VALUE"))
    var assignments: [SourceAssignment] = []

    /// Parses the file, applies `--set`, builds the circuit. Errors print as `file:line:col: …`.
    func loadCircuit(transient: CircuitBuilder.TransientSettings? = nil) throws -> Circuit {
        do {
            var netlist = file.lowercased().hasSuffix(".drn")
                ? try DeepResistiveNetworkBuilder.netlist(fileAt: file) : try NetlistParser.parse(fileAt: file)
            for assignment in assignments {
                try netlist.setSourceValue(assignment.name, to: assignment.value)
            }
            return try CircuitBuilder.build(netlist, transient: transient)
        } catch {
            throw UserFacingError(error.description)
        }
    }
}

/// `NAME=VALUE` from `--set`.
struct SourceAssignment: ExpressibleByArgument {
    var name: String
    var value: Double

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, let value = SpiceNumber.parse(parts[1]), value.isFinite else {
            return nil
        }
        name = String(parts[0]).lowercased()
        self.value = value
    }
}

/// A SPICE number on the command line (`1m`, `10u`, `2.5`).
struct SpiceQuantity: ExpressibleByArgument {
    var value: Double

    init(value: Double) { self.value = value }

    /// Shown as the default in `--help`.
    var defaultValueDescription: String { "\(value)" }

    init?(argument: String) {
        guard let value = SpiceNumber.parse(argument), value.isFinite else { return nil }
        self.value = value
    }
}
