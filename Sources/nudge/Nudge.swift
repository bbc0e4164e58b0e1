import ArgumentParser

/// `nudge`: emulate analog learning hardware.
@main
struct Nudge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nudge",
        abstract: "Emulate analog learning hardware: relax, simulate, export and train physical networks.",
        subcommands: [RelaxCommand.self, OperatingPointCommand.self, TransientCommand.self, TrainCommand.self,
                      ExportSpiceCommand.self, GradientCommand.self, GenerateCommand.self, ThermalSweepCommand.self,
                      QuantumCommand.self, ReportCommand.self, EnergyCommand.self, SweepCommand.self])
}
