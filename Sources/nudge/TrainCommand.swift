import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge train FILE --data DATA.csv --epochs N [...] [--out RUN_DIR] [--resume RUN_DIR]`:
/// train the network in place with EP on a CSV dataset, writing a run folder (configuration,
/// command, metrics.csv, checkpoint.json after every epoch, summary.json). A `.drn` network
/// trains on the layered solver instead (`TrainCommand+Layered.swift`).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network in place with Equilibrium Propagation on a dataset.",
        discussion: """
            A netlist trains on DATA.csv, every phase integrated as a circuit; an elastic network \
            (FILE.elastic) likewise, its inputs the '*@ input' bonds' rest lengths (m) and its \
            targets the outputs' distances or coordinates (m); an oscillator network (FILE.osc) \
            likewise, inputs and targets phases (rad), with a torque cost (--phase-cost), optional \
            multi-start (--starts) and --data digits phase-encoded (W24: pixels to [−π/2, π/2], \
            one-hot targets to ±π/2, read out by argmax sin φ). A deep resistive \
            network (FILE.drn) trains on the layered solver (exact block coordinate descent, whole \
            minibatches at once) on --data digits (shipped), fashion-mnist (make fashion-mnist) or \
            a CSV with one column per feature and one per class; --baseline mlp trains the \
            backprop MLP of the same sizes beside it. \
            DATA.csv has a header; its last K columns are the targets, one per output node (K = the \
            number of '*@ output' nodes), the others the inputs' values, one per '*@ input' source. \
            The run folder holds configuration.json, command.txt, metrics.csv, checkpoint.json \
            (written atomically after every epoch) and summary.json. Run the same command with \
            --resume RUN_DIR instead of --out to continue a killed run: it ends where the \
            uninterrupted run would have. \
            At finite temperature (--estimator thermal-nudged or thermal-covariance with \
            --temperature T, --noise boltzmann or johnson, --samples M; docs/thermal.md) every \
            sample's gradient comes from Langevin runs; with thermal-covariance the outputs are \
            never clamped or nudged. metrics.csv's train loss is then ⟨C⟩ at T, its \
            gradient_cosine the agreement with the Gaussian closed form, its energy NaN; the \
            final losses are the noiseless network's.
            """)

    @OptionGroup var circuit: CircuitOptions

    @Option(help: "The dataset (CSV with a header; targets in the last columns).")
    var data: String

    @Option(help: "Number of epochs.")
    var epochs: Int

    @Option(help: "Minibatch size.")
    var batch: Int = 1

    @Option(help: "Learning rate (for conductances: siemens per step with Adam).")
    var lr: Double = 1e-6

    @Option(help: "Optimizer: sgd or adam.")
    var optimizer: TrainingConfiguration.OptimizerKind = .adam

    @Option(help: "SGD momentum.")
    var momentum: Double = 0

    @Option(help: "Adam's ε: gradients much smaller than it take smaller steps (lower it for spring networks, whose dL/dk is tiny).")
    var adamEpsilon: Double = 1e-8

    @Option(help: "Gradient estimator: exact, positive, negative, centered, random-sign, richardson, holomorphic, coupled-learning; at finite temperature (with --temperature) thermal-nudged or thermal-covariance.")
    var estimator: EstimatorChoice = .centered

    @OptionGroup var thermal: ThermalOptions

    @Option(help: "The nudge β (S; SPICE suffixes allowed): the nudge current is β·(y − V_o). For an elastic network N/m, the nudge force β·(y − d); for an oscillator network J, the torque β·∂C/∂φ. (default: 1e-6 S, 1e-3 N/m, 0.1 J; for thermal-nudged a fifth of the outputs' Thévenin conductance at the start)")
    var beta: SpiceQuantity?

    var betaValue: Double { beta?.value ?? LearningProblem.defaultBeta(for: circuit.file) }

    @Option(help: "Points on the circle for --estimator holomorphic.")
    var points: Int = 4

    @Option(help: "The clamping factor η in (0, 1] of --estimator coupled-learning.")
    var eta: Double = 0.1

    @Option(help: "Seed of the split, the minibatch order, random signs, the random starts of --starts and the thermal noise.")
    var seed: UInt64 = 1

    @Option(help: "Share of the samples held out for testing (default 0; 0.2 for --data digits).")
    var testFraction: Double?

    @Option(help: "Samples on which EP's gradient is compared with the exact one every epoch.")
    var probe: Int = 4

    @Option(help: "Run folder for a new run (default: runs/<netlist name>).")
    var out: String?

    @Option(help: "Continue the run in this folder.")
    var resume: String?

    @OptionGroup var oscillators: OscillatorOptions

    @Option(help: "For a .drn network: also train the backpropagation MLP of the same layer sizes (none or mlp).")
    var baseline: BaselineChoice = .none

    @Option(help: "Adam's learning rate of the --baseline MLP.")
    var baselineLR: Double = 1e-3

    @Option(help: "A hardware file (key = value lines: device update model, levels, bounds, noise, drift, converters, energies; docs/energy.md) whose non-ideal devices and converters a .drn network trains through.")
    var hardware: String?

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive") }
        guard (0..<1).contains(momentum) else { throw ValidationError("--momentum must be in [0, 1)") }
        guard adamEpsilon > 0, adamEpsilon.isFinite else { throw ValidationError("--adam-epsilon must be positive") }
        guard betaValue > 0 else { throw ValidationError("--beta must be positive (S, or N/m for an elastic network)") }
        guard points >= 2 else { throw ValidationError("--points must be at least 2") }
        guard eta > 0, eta <= 1 else { throw ValidationError("--eta must be in (0, 1]") }
        guard (0..<1).contains(testFraction ?? 0) else { throw ValidationError("--test-fraction must be in [0, 1)") }
        guard probe >= 0 else { throw ValidationError("--probe must be non-negative") }
        guard out == nil || resume == nil else { throw ValidationError("give --out for a new run or --resume, not both") }
        try thermal.validate(for: estimator)
        if thermal.nudgeElement == .resistor, estimator != .thermalNudged {
            throw ValidationError("--nudge-element resistor is for --estimator thermal-nudged")
        }
    }

    func run() throws {
        try reportingUserErrors {
            if circuit.file.lowercased().hasSuffix(".drn") { return try runLayered() }
            guard hardware == nil else {
                throw UserFacingError("--hardware applies to .drn networks (the layered trainer); \(circuit.file) is not one")
            }
            guard try ParallelRuntime.communicator().size == 1 else {
                throw UserFacingError("data-parallel training (mpirun) is for .drn networks; train \(circuit.file) as one process")
            }
            let problem = try circuit.loadLearningProblem()
            let dataset: Dataset
            let digits = data == "digits" && problem.isOscillator
            do {
                dataset = digits ? try DigitsDataset.load().dataset.phaseEncoded()
                    : try DatasetCSV.read(path: data, targetCount: problem.network.roles.outputs.count)
            } catch let error as DatasetError {
                throw UserFacingError(error.description)
            }
            var configuration = TrainingConfiguration(
                netlist: self.circuit.file, data: data, epochs: epochs, batchSize: batch,
                optimizer: optimizer, learningRate: lr, momentum: momentum, adamEpsilon: adamEpsilon,
                estimator: estimator.estimator(points: points, eta: eta), beta: betaValue, seed: seed,
                testFraction: testFraction ?? (digits ? 0.2 : 0), probeSize: probe,
                assignments: Dictionary(self.circuit.assignments.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }))
            configuration.thermal = thermal.settings(estimator)
            if problem.isOscillator {
                configuration.phaseCost = oscillators.phaseCost
                configuration.starts = oscillators.starts > 1 ? oscillators.starts : nil
            }
            // Everything a user can get wrong is checked before the run folder is touched.
            do {
                let controller = try TrainingRun.makeController(network: problem.network, dataset: dataset,
                                                                estimator: configuration.estimator,
                                                                configuration: configuration)
                if beta == nil, configuration.thermal?.estimator == .nudged, let thermalBeta = controller.thermalDefaultBeta() {
                    configuration.beta = thermalBeta
                }
            } catch let error as LearningError {
                throw UserFacingError("\(self.circuit.file), \(data): \(error.description)")
            }
            let folder: RunFolder
            do {
                if let resume {
                    folder = try RunFolder.open(at: resume)
                } else {
                    let stem = URL(fileURLWithPath: self.circuit.file).deletingPathExtension().lastPathComponent
                    folder = try RunFolder.create(at: out ?? "runs/\(stem)")
                    try folder.writeCommand(CommandLine.arguments)
                    try AtomicFile.write(Self.configurationJSON(configuration), to: folder.path + "/configuration.json")
                }
            } catch let error as RunFileError {
                throw UserFacingError(error.description)
            }
            var bar = ProgressBar(total: 1, label: "train")
            // A resumed run starts part-way: the bar counts this process's batches only, so that
            // its rate and time left are this process's too.
            var skipped: Int?
            let summary: TrainingRun.Summary
            do {
                summary = try TrainingRun.run(configuration, network: problem.network, dataset: dataset, folder: folder,
                                              resume: resume != nil) { done, total, status in
                    if skipped == nil {
                        skipped = done - 1
                        bar = ProgressBar(total: max(total - (done - 1), 1), label: "train")
                    }
                    bar.update(completed: done - (skipped ?? 0), status: status)
                }
            } catch let error as LearningError {
                throw UserFacingError("\(self.circuit.file): \(error.description)")
            } catch let error as RunFileError {
                throw UserFacingError(error.description)
            }
            print(Self.report(summary, folder: folder))
            if !summary.status.isSuccess { throw numericalFailureExitCode }
        }
    }

    /// The run's settings as pretty JSON, kept beside the results.
    static func configurationJSON(_ configuration: TrainingConfiguration) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
    }

    static func report(_ summary: TrainingRun.Summary, folder: RunFolder) -> String {
        var lines = [
            "status          \(summary.status.rawValue)",
            "epochs          \(summary.epochs)",
            "train loss      \(summary.trainLoss)   accuracy \(summary.trainAccuracy)",
        ]
        if !summary.testLoss.isNaN {
            lines.append("test loss       \(summary.testLoss)   accuracy \(summary.testAccuracy)")
        }
        lines.append("wall time       \(String(format: "%.2f", summary.wallSeconds)) s")
        lines.append("run folder      \(folder.path)")
        return lines.joined(separator: "\n")
    }
}
