import ArgumentParser
import Foundation
import PhysicalNetworks
import QuantumNetworks

/// `nudge quantum train FILE.quantum --data DATA.csv --epochs N [...] [--out RUN_DIR]
/// [--resume RUN_DIR]`: train a quantum model in place (issue 8), spins by quantum EP (with
/// optional shot noise), harmonic modes by quantum or classical EP, writing a run folder
/// (configuration.json, command.txt, metrics.csv, checkpoint.json after every epoch,
/// summary.json).
struct QuantumTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a quantum model in place with quantum Equilibrium Propagation on a dataset.",
        discussion: """
            DATA.csv has a header; its last K columns are the targets, one per '*@ output' site \
            (⟨Z⟩ targets for spins, positions for modes), the others the values of the '*@ input' \
            terms, in order (e.g. longitudinal fields on input spins, forces on input modes). Every \
            sample's gradient comes from the device protocol: the free eigenstate and the nudged \
            ones (--estimator, --beta), every ⟨∂H/∂θ⟩ exact or, for spins, the mean of --shots \
            projective measurements per setting and phase; --classical trains a harmonic network \
            with classical EP's gradient (μ only, no zero-point covariance) for comparison. \
            Gradients are averaged over the minibatch, then the optimizer steps. Accuracy: spins, \
            every ⟨Z_o⟩ within 1 of its target (the right sign for ±1 targets); modes, every \
            |μ_o − y_o| within 10 % of the targets' spread. metrics.csv per epoch: train_loss, \
            train_accuracy (before each update), test_loss, test_accuracy, classical_loss \
            (modes: ½Σ(μ_o − y_o)²), gradient_cosine (against the exact quantum gradient on \
            --probe samples), experiments (projective measurements), wall_seconds. Run the same \
            command with --resume RUN_DIR instead of --out to continue a killed run.
            """)

    @OptionGroup var model: QuantumModelOptions

    @Option(help: "The dataset (CSV with a header; targets in the last columns).")
    var data: String

    @Option(help: "Number of epochs.")
    var epochs: Int

    @Option(help: "Minibatch size.")
    var batch: Int = 1

    @Option(help: "Learning rate.")
    var lr: Double = 0.05

    @Option(help: "Optimizer: sgd or adam.")
    var optimizer: TrainingConfiguration.OptimizerKind = .adam

    @Option(help: "exact, positive, negative, centered or richardson.")
    var estimator: QuantumEstimatorChoice = .centered

    @Option(help: "The nudge β (energy units per unit cost).")
    var beta: Double = 0.1

    @Option(help: "Spins: projective measurements per setting and phase (none: exact expectations).")
    var shots: Int?

    @Option(help: "Seed of the split, the minibatch order and the shots.")
    var seed: UInt64 = 1

    @Option(help: "Share of the samples held out for testing.")
    var testFraction: Double = 0

    @Option(help: "Samples on which the gradient is compared with the exact one every epoch.")
    var probe: Int = 4

    @Flag(help: "Harmonic modes: train by classical EP (∂E/∂θ at the mean only) instead of quantum EP.")
    var classical = false

    @Option(help: "Run folder for a new run (default: runs/<model name>).")
    var out: String?

    @Option(help: "Continue the run in this folder.")
    var resume: String?

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive") }
        guard beta > 0, beta.isFinite else { throw ValidationError("--beta must be positive") }
        if let shots { guard shots >= 2 else { throw ValidationError("--shots must be at least 2") } }
        if shots != nil, estimator == .exact { throw ValidationError("--shots needs a nudged estimator (exact measures nothing)") }
        guard (0..<1).contains(testFraction) else { throw ValidationError("--test-fraction must be in [0, 1)") }
        guard probe >= 0 else { throw ValidationError("--probe must be non-negative") }
        guard out == nil || resume == nil else { throw ValidationError("give --out for a new run or --resume, not both") }
    }

    func run() throws {
        try reportingUserErrors {
            let loaded = try model.load()
            let problem: QuantumTrainingProblem
            do { problem = try QuantumTrainingProblem(model: loaded.model) } catch { throw UserFacingError("\(error)") }
            let dataset: Dataset
            do {
                dataset = try DatasetCSV.read(path: data, targetCount: problem.outputCount)
            } catch {
                throw UserFacingError("\(error)")
            }
            let configuration = QuantumTrainingConfiguration(
                model: model.file, data: data, epochs: epochs, batchSize: batch, optimizer: optimizer, learningRate: lr,
                estimator: estimator.estimator, beta: beta, shots: shots, classical: classical, seed: seed,
                testFraction: testFraction, probeSize: probe)
            // Everything a user can get wrong is checked before the run folder is touched.
            do {
                _ = try QuantumTrainingRun.makeTrainer(configuration, problem: problem, dataset: dataset)
            } catch {
                throw UserFacingError("\(model.file), \(data): \(error)")
            }
            let folder: RunFolder
            do {
                if let resume {
                    folder = try RunFolder.open(at: resume)
                } else {
                    let stem = URL(fileURLWithPath: model.file).deletingPathExtension().lastPathComponent
                    folder = try RunFolder.create(at: out ?? "runs/\(stem)")
                    try folder.writeCommand(CommandLine.arguments)
                    try AtomicFile.write(Self.configurationJSON(configuration), to: folder.path + "/configuration.json")
                }
            } catch let error as RunFileError {
                throw UserFacingError("\(error)")
            }
            var bar = ProgressBar(total: 1, label: "train")
            var skipped: Int?
            let summary: QuantumTrainingRun.Summary
            do {
                summary = try QuantumTrainingRun.run(configuration, problem: problem, modelText: Self.modelText(loaded.model),
                                                     dataset: dataset, folder: folder, resume: resume != nil) { done, total, status in
                    if skipped == nil {
                        skipped = done - 1
                        bar = ProgressBar(total: max(total - (done - 1), 1), label: "train")
                    }
                    bar.update(completed: done - (skipped ?? 0), status: status)
                }
            } catch let error as QuantumTrainingError {
                throw UserFacingError("\(model.file): \(error.description)")
            } catch let error as RunFileError {
                throw UserFacingError("\(error)")
            }
            print(Self.report(summary, configuration, folder: folder))
        }
    }

    /// What a resume must find unchanged in the model: its terms' values (after --set) and roles.
    static func modelText(_ model: QuantumModel) -> String {
        model.terms.map { "\($0.name)=\($0.value.bitPattern)" }.joined(separator: ";") + "|\(model.roles)"
    }

    static func configurationJSON(_ configuration: QuantumTrainingConfiguration) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
    }

    static func report(_ summary: QuantumTrainingRun.Summary, _ configuration: QuantumTrainingConfiguration,
                       folder: RunFolder) -> String {
        var lines = [
            "epochs          \(summary.epochs)",
            "train loss      \(summary.trainLoss)   accuracy \(summary.trainAccuracy)",
        ]
        if !summary.trainClassicalLoss.isNaN { lines.append("classical loss  \(summary.trainClassicalLoss)   (½Σ(μ_o − y_o)², no zero-point spread)") }
        if !summary.testLoss.isNaN { lines.append("test loss       \(summary.testLoss)   accuracy \(summary.testAccuracy)") }
        if let epoch = summary.firstPerfectEpoch { lines.append("100 % train     from epoch \(epoch)") }
        if configuration.shots != nil {
            lines.append("experiments     \(Int(summary.experimentsPerUpdate.rounded())) projective measurements per update")
        }
        lines.append("parameters      " + summary.parameters.map { "\($0.name)=\(String(format: "%.6g", $0.value))" }.joined(separator: " "))
        lines.append("wall time       \(String(format: "%.2f", summary.wallSeconds)) s")
        lines.append("run folder      \(folder.path)")
        return lines.joined(separator: "\n")
    }
}
