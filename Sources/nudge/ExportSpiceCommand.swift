import ArgumentParser
import PhysicalNetworks

/// `nudge export-spice FILE`: a flat SPICE netlist (subcircuits expanded, parameters evaluated)
/// that `ngspice -b` accepts.
struct ExportSpiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-spice",
        abstract: "Write a flat SPICE netlist that ngspice accepts.")

    @OptionGroup var circuit: CircuitOptions

    @Option(help: "Write the netlist to this file (written whole, or not at all).")
    var output: String?

    func run() throws {
        try reportingUserErrors {
            let circuit = try circuit.loadCircuit()
            try OutputFile.write(SpiceWriter.spice(circuit.netlist), to: output)
        }
    }
}
