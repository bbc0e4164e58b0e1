import ArgumentParser
import PhysicalNetworks
import QuantumNetworks

/// A quantum model file loaded for a command: the parsed model with `--set` applied, and its
/// Hamiltonian — spins (an `IsingModel`) or harmonic modes (a `HarmonicNetwork`) — with each
/// file term's parameter index.
struct QuantumProblem {
    enum System {
        case spins(IsingModel)
        case modes(HarmonicNetwork)
    }

    var model: QuantumModel
    var system: System
    /// File term name → index in the Hamiltonian's parameters.
    var parameterIndex: [String: Int]

    var file: String { model.file }
    /// The file's term names, in file order, and their parameter indices.
    var termNames: [String] { model.terms.map(\.name) }
    /// Parameter indices of the trainable terms, in `model.trainableNames` order.
    var trainable: [Int] { model.trainableNames.map { parameterIndex[$0]! } }
    /// Output site indices.
    var outputs: [Int] { model.roles.outputs.map { model.siteIndex($0)! } }

    /// The eigenstate trained: `--state` if given, else the file's `*@ state`.
    func level(_ state: Int?) -> Int { state ?? model.roles.state }
}

/// The model argument and `--set`, shared by the `quantum` subcommands.
struct QuantumModelOptions: ParsableArguments {
    @Argument(help: "A quantum model file (FILE.quantum, docs/quantum.md): spins with zz/xx/yy/field/transverse terms, or harmonic modes with springs and forces.")
    var file: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a term's value, e.g. --set h0=0.3 (SPICE suffixes allowed).",
                                                         valueName: "TERM=VALUE"))
    var assignments: [SourceAssignment] = []

    func load() throws -> QuantumProblem {
        var model: QuantumModel
        do { model = try QuantumModelParser.parse(fileAt: file) } catch { throw UserFacingError(error.description) }
        for assignment in assignments {
            guard let k = model.terms.firstIndex(where: { $0.name == assignment.name }) else {
                let names = model.terms.map(\.name).joined(separator: ", ")
                throw UserFacingError("\(file): --set: no term named '\(assignment.name)' (terms: \(names))")
            }
            model.terms[k].value = assignment.value
        }
        do {
            switch model.kind {
            case .spins:
                let (ising, index) = try model.isingModel()
                return QuantumProblem(model: model, system: .spins(ising), parameterIndex: index)
            case .modes:
                let (network, index) = try model.harmonicNetwork()
                return QuantumProblem(model: model, system: .modes(network), parameterIndex: index)
            }
        } catch {
            throw UserFacingError(error.description)
        }
    }
}

/// `nudge quantum …`: quantum networks (issue 8, docs/quantum.md).
struct QuantumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantum",
        abstract: "Quantum networks: eigenstates, quantum EP gradients and training (transverse-field Ising and harmonic models).",
        subcommands: [QuantumGroundCommand.self, QuantumGradientCommand.self, QuantumTrainCommand.self])
}
