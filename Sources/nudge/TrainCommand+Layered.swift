import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge train FILE.drn …`: a deep resistive network trains on the fast layered solver (exact
/// block coordinate descent for every phase, the whole minibatch at once), optionally beside the
/// backpropagation MLP of the same layer sizes (`--baseline mlp`).
extension TrainCommand {
    /// The training data a `.drn` run names with `--data`.
    enum LayeredData {
        /// `digits`: the shipped 8×8 UCI digits, split by `--test-fraction` (0.2 when not given).
        /// `fashion-mnist`: Debian's files, with their own 10,000 test images.
        /// Anything else: a CSV file, split by `--test-fraction`.
        static func load(_ name: String, classes: Int, testFraction: Double?, seed: UInt64)
            throws -> (train: Dataset, test: Dataset, testFraction: Double) {
            switch name.lowercased() {
            case "digits":
                let digits: DigitsDataset
                do { digits = try DigitsDataset.load() } catch { throw UserFacingError(error.description) }
                let fraction = testFraction ?? 0.2
                let split = digits.dataset.split(testFraction: fraction, seed: seed)
                return (split.train, split.test, fraction)
            case "fashion-mnist":
                let fashion: FashionMNIST
                do {
                    fashion = try FashionMNIST.load()
                } catch {
                    throw UserFacingError("\(error.description) (install the data with 'make fashion-mnist')")
                }
                return (fashion.train, fashion.test, 0)
            default:
                let dataset: Dataset
                do {
                    dataset = try DatasetCSV.read(path: name, targetCount: classes)
                } catch {
                    throw UserFacingError(error.description)
                }
                let fraction = testFraction ?? 0
                guard fraction > 0 else {
                    return (dataset, Dataset(featureNames: dataset.featureNames, targetNames: dataset.targetNames,
                                             features: [], targets: []), 0)
                }
                let split = dataset.split(testFraction: fraction, seed: seed)
                return (split.train, split.test, fraction)
            }
        }
    }

    func runLayered() throws {
        let communicator = try ParallelRuntime.communicator()
        try ParallelRuntime.guarding(communicator) {
            let (summary, folder) = try trainLayered(hardware: try loadHardware(), hardwareFile: hardware,
                                                     quiet: !communicator.isRoot, communicator: communicator)
            guard communicator.isRoot else { return }
            print(Self.layeredReport(summary, folder: folder))
            if communicator.size > 1 {
                print("trained by \(communicator.size) processes, each relaxing its share of every minibatch (MPI)")
            }
            if summary.status != "completed" {
                printError("\(circuit.file): \(summary.status)")
                throw numericalFailureExitCode
            }
        }
    }

    /// The `--hardware` file, parsed.
    func loadHardware() throws -> HardwareConfiguration? {
        guard let hardware else { return nil }
        let configuration: HardwareConfiguration
        do { configuration = try HardwareConfiguration.parse(fileAt: hardware) } catch { throw UserFacingError(error.description) }
        try Self.checkLayered(configuration, file: hardware)
        return configuration
    }

    /// Refuses what the layered trainer cannot model: wire resistance.
    static func checkLayered(_ configuration: HardwareConfiguration, file: String) throws {
        if let wire = configuration.wireResistance {
            throw UserFacingError("\(file): wire_resistance = \(wire) Ω: the layered solver has ideal wires; give "
                                  + "'wire_resistance' in the .drn file and train its expanded circuit "
                                  + "('nudge export-spice FILE.drn --output net.cir', then 'nudge train net.cir …')")
        }
    }

    /// The training options as arguments (what a sweep's points share), `--out` left out.
    func arguments(excludingOut: Bool) -> [String] {
        var arguments = [circuit.file, "--data", data, "--epochs", "\(epochs)", "--batch", "\(batch)", "--lr", "\(lr)",
                         "--optimizer", optimizer.rawValue, "--momentum", "\(momentum)", "--estimator", estimator.rawValue,
                         "--beta", "\(betaValue)", "--seed", "\(seed)", "--probe", "\(probe)", "--baseline", baseline.rawValue,
                         "--baseline-lr", "\(baselineLR)"]
        if let testFraction { arguments += ["--test-fraction", "\(testFraction)"] }
        if let hardware { arguments += ["--hardware", hardware] }
        if !excludingOut, let out { arguments += ["--out", out] }
        return arguments
    }

    /// Trains the `.drn` network on `hardware` into `--out` (or resumes `--resume`).
    /// - Parameters:
    ///   - hardwareFile: what configuration.json names as the hardware's origin.
    ///   - quiet: no header and no progress bar (a sweep's points).
    ///   - communicator: the processes sharing every minibatch (rank 0 writes the folder).
    func trainLayered(hardware hardwareConfiguration: HardwareConfiguration?, hardwareFile: String?,
                      quiet: Bool, communicator: any Communicator = SingleProcess()) throws -> (LayeredTrainingRun.Summary, RunFolder) {
        let file = circuit.file
        let description: DeepResistiveNetworkDescription
        do { description = try DeepResistiveNetworkDescription.parse(fileAt: file) } catch { throw UserFacingError(error.description) }
        let layers: ResistiveLayers
        do { layers = try ResistiveLayers(description) } catch { throw UserFacingError(error.description) }
        guard circuit.assignments.isEmpty else {
            throw UserFacingError("--set does not apply to a .drn training run: the inputs come from --data")
        }
        let nudging: DeepResistiveTrainingConfiguration.Nudging
        switch estimator {
        case .centered: nudging = .centered
        case .positive: nudging = .positive
        default:
            throw UserFacingError("a .drn network trains with --estimator centered or positive (got \(estimator.rawValue))")
        }
        let (train, test, fraction) = try LayeredData.load(data, classes: layers.classCount,
                                                           testFraction: testFraction, seed: seed)
        guard train.featureCount == layers.featureCount, train.targetCount == layers.classCount else {
            throw UserFacingError("\(file): the network takes \(layers.featureCount) features and \(layers.classCount) classes "
                                  + "(layers = \(description.layers.map(String.init).joined(separator: " "))), "
                                  + "but \(data) has \(train.featureCount) features and \(train.targetCount) targets")
        }
        let training = DeepResistiveTrainingConfiguration(batchSize: batch, beta: betaValue, nudging: nudging,
                                                          optimizer: optimizer, learningRate: lr, momentum: momentum)
        let configuration = LayeredTrainingConfiguration(
            network: file, data: data, epochs: epochs, training: training, seed: seed, testFraction: fraction,
            probeSize: probe, baseline: baseline == .mlp ? .init(learningRate: baselineLR) : nil,
            hardware: hardwareConfiguration, hardwareFile: hardwareFile)
        if communicator.size > 1 {
            let remainder = train.count % batch
            guard batch >= communicator.size, remainder == 0 || remainder >= communicator.size else {
                throw UserFacingError("every minibatch needs at least one sample per process: --batch \(batch) over "
                                      + "\(train.count) samples leaves \(remainder == 0 ? batch : remainder) in a minibatch "
                                      + "for \(communicator.size) processes")
            }
        }
        let folder: RunFolder
        do {
            if !communicator.isRoot {
                // The other processes write nothing; rank 0 makes (or checks) the folder.
                folder = RunFolder.unchecked(at: resume ?? out ?? "runs/\(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)")
            } else if let resume {
                folder = try RunFolder.open(at: resume)
            } else {
                let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                folder = try RunFolder.create(at: out ?? "runs/\(stem)")
                try folder.writeCommand(CommandLine.arguments)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let text = (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
                try AtomicFile.write(text, to: folder.path + "/configuration.json")
            }
        } catch {
            throw UserFacingError(error.description)
        }
        if !quiet {
            print("training \(file) (\(description.layers.map(String.init).joined(separator: "-")), block coordinate descent) "
                  + "on \(data): \(train.count) train, \(test.count) test samples, \(epochs) epochs")
        }
        var bar = ProgressBar(total: 1, label: "train")
        var skipped: Int?
        let summary: LayeredTrainingRun.Summary
        do {
            summary = try LayeredTrainingRun.run(configuration, description: description, train: train, test: test,
                                                 folder: folder, resume: resume != nil, communicator: communicator,
                                                 epochStarting: { ParallelRuntime.injectFault(communicator, epoch: $0) }) { done, total, status in
                if quiet { return }
                if skipped == nil {
                    skipped = done - 1
                    bar = ProgressBar(total: max(total - (done - 1), 1), label: "train")
                }
                bar.update(completed: done - (skipped ?? 0), status: status)
            }
        } catch let error as RunFileError {
            throw UserFacingError(error.description)
        } catch let error as DeepResistiveTrainingError {
            throw UserFacingError("\(file): \(error.description)")
        } catch let error as HardwareConfigurationError {
            throw UserFacingError("\(hardwareFile ?? "hardware"): \(error.description)")
        }
        return (summary, folder)
    }

    static func layeredReport(_ summary: LayeredTrainingRun.Summary, folder: RunFolder) -> String {
        func percent(_ x: Double) -> String { x.isNaN ? "—" : String(format: "%.2f%%", 100 * x) }
        var lines = [
            "",
            "                  test acc   train acc   wall (s)   samples/s",
            String(format: "EP (this network) %8@  %9@  %9.2f  %10.0f", percent(summary.testAccuracy),
                   percent(summary.trainAccuracy), summary.wallSeconds, summary.samplesPerSecond),
        ]
        if let bp = summary.baseline {
            lines.append(String(format: "BP (MLP)          %8@  %9@  %9.2f  %10.0f", percent(bp.testAccuracy),
                                percent(bp.trainAccuracy), bp.wallSeconds, bp.samplesPerSecond))
        }
        lines.append("")
        lines.append(String(format: "EP vs exact gradient, cosine %.6f (per block: %@)", summary.cosine,
                            summary.blockCosines.map { String(format: "%.6f", $0) }.joined(separator: ", ")))
        if let settling = summary.settling {
            lines.append(String(format: "physical settling of one sample: %.3g s (%d backward-Euler steps)",
                                settling.settlingTime, settling.steps))
        }
        lines += summary.warnings.map { "warning: " + $0 }
        if !summary.drift.isEmpty {
            lines.append("accuracy as the devices drift: " + summary.drift.map {
                String(format: "%@ after %.3g s", percent($0.accuracy), $0.seconds)
            }.joined(separator: ", "))
        }
        if let energy = summary.energy {
            lines.append("")
            lines += EnergyTable.lines(energy: energy, digital: summary.digital)
        }
        lines.append("epochs \(summary.epochs), status \(summary.status), OpenBLAS core \(BLASInfo.coreName)")
        lines.append("run folder: \(folder.path) (summary.json, metrics.csv, checkpoint.json)")
        return lines.joined(separator: "\n")
    }
}

/// `--baseline`: what trains beside a `.drn` network.
enum BaselineChoice: String, ExpressibleByArgument, CaseIterable {
    case none
    /// The MLP of the same layer sizes, hard-sigmoid hidden units, squared error, Adam.
    case mlp
}
