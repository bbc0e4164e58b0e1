import Foundation

/// A training run of a deep resistive network on the fast layered solver, with its files: every
/// epoch trains with EP (`DeepResistiveTrainer`), evaluates the test set, compares EP's estimate
/// with the exact gradient on a probe batch, appends to `metrics.csv` and writes
/// `checkpoint.json` atomically. At the end the backpropagation baseline (an MLP of the same
/// layer sizes, if configured) trains on the same data for the same epochs, and `summary.json`
/// records both:
///
///     {"status", "network", "ep": {test_accuracy, train_accuracy, test_cost, train_cost, epochs,
///      wall_seconds, samples_per_second}, "bp": {…, "multiply_adds_per_sample"},
///      "ep_exact_cosine", "ep_exact_cosine_per_block", "probe_samples", "beta",
///      "openblas_core", "settling": {…}}
///
/// A resumed run restores the conductances and Adam's state and computes what the uninterrupted
/// run computes; the baseline, seeded, is retrained from scratch at the end either way.
public enum LayeredTrainingRun {
    /// Columns of `metrics.csv` after `epoch`.
    public static let metricColumns = [
        "train_cost", "train_accuracy", "test_cost", "test_accuracy", "ep_exact_cosine", "wall_seconds",
        "free_sweeps", "nudged_sweeps", "energy_per_update_joules", "physical_seconds_per_update",
        "programming_pulses_per_update",
    ]

    /// The last epoch's energy report, kept for a resumed run that has no epoch left to run.
    public static let energyFile = "energy.json"
    /// The devices' state (fabrication spread, noise streams) of a run on non-ideal hardware
    /// after `epoch`, written with that epoch's checkpoint.
    public static func devicesFile(epoch: Int) -> String { "devices-epoch\(epoch).json" }

    /// Columns of `baseline_metrics.csv` after `epoch`: the backpropagation MLP after each epoch.
    public static let baselineColumns = ["train_accuracy", "test_accuracy", "train_loss", "test_loss"]

    /// The backpropagation baseline's figures.
    public struct BaselineResult: Sendable {
        public var trainAccuracy: Double
        public var testAccuracy: Double
        public var trainLoss: Double
        public var testLoss: Double
        public var wallSeconds: Double
        public var samplesPerSecond: Double
        public var multiplyAddsPerSample: Int
        public var epochs: Int
    }

    /// The final figures of a run.
    public struct Summary: Sendable {
        public var status: String
        public var epochs: Int
        public var trainAccuracy: Double
        public var trainCost: Double
        public var testAccuracy: Double
        public var testCost: Double
        public var wallSeconds: Double
        public var samplesPerSecond: Double
        /// Cosine of EP's estimate (gain-compensated as configured) and the exact gradient.
        public var cosine: Double
        public var blockCosines: [Double]
        public var baseline: BaselineResult?
        /// The last epoch's energy per update, and the digital processors' for the same step.
        public var energy: DeepResistiveEnergyReport?
        public var digital: DigitalComparison?
        /// What the run wants its user to know (ADC readings clipped, an unmeasured settling).
        public var warnings: [String] = []
        /// With drifting devices: the test accuracy (train, without a test set) read a time after
        /// the last programming, at each of `driftTimes`.
        public var drift: [(seconds: Double, accuracy: Double)] = []
        /// The physical relaxation of one test sample (`ResistiveLayersSettling`).
        public var settling: ResistiveLayersSettling.Result?
        public var json: JSONValue
    }

    /// Runs (or resumes) `configuration.epochs` epochs of `trainer` on `train`, testing on `test`.
    ///
    /// With a `communicator` of several processes every minibatch is shared over them
    /// (`DeepResistiveTrainer.communicator`); each process calls `run` alike. Rank 0 evaluates,
    /// writes the run folder and returns the summary; the others only train (their summary has
    /// NaN figures), reading a resumed run's checkpoint from the same folder.
    /// - Parameters:
    ///   - epochStarting: called by every process at the start of each epoch (0-based).
    ///   - progress: after each minibatch, (batches done, batches in the run, status).
    public static func run(
        _ configuration: LayeredTrainingConfiguration, description: DeepResistiveNetworkDescription,
        train: Dataset, test: Dataset, folder: RunFolder, resume: Bool,
        communicator: any Communicator = SingleProcess(),
        epochStarting: @escaping (Int) -> Void = { _ in },
        progress: (Int, Int, String) -> Void = { _, _, _ in }
    ) throws -> Summary {
        let session = try Session(configuration, description: description, train: train, test: test, folder: folder,
                                  resume: resume, communicator: communicator)
        session.epochStarting = epochStarting
        guard communicator.isRoot else { return try session.work() }
        let (trainer, meter, fingerprint) = (session.trainer, session.meter, session.fingerprint)
        let (original, originalTest) = (train, test)
        let (train, test) = (session.train, session.test)
        var clipping: String?, unmeasured: String?
        let names = parameterNames(trainer.layers)
        let startEpoch = session.startEpoch
        var energy = session.energy
        var log = try MetricsLog(path: folder.metricsPath, columns: metricColumns, records: session.records)
        let batchSize = configuration.training.batchSize
        let batchesPerEpoch = (train.count + batchSize - 1) / batchSize
        let probe = Array(0..<min(configuration.probeSize, train.count, batchSize))
        var status = "completed"
        for epoch in startEpoch..<max(configuration.epochs, startEpoch) {
            session.prepareEpoch(epoch)
            let started = Date()
            let report: DeepResistiveEpochReport
            do {
                report = try session.trainEpoch(epoch) { batch, cost in
                    progress(epoch * batchesPerEpoch + batch + 1, batchesPerEpoch * configuration.epochs,
                             "epoch \(epoch + 1)/\(configuration.epochs) cost \(String(format: "%.3g", cost))")
                }
            } catch {
                status = error.description
                break
            }
            let wall = Date().timeIntervalSince(started)
            let tested = test.isEmpty ? (accuracy: Double.nan, cost: Double.nan)
                : (try? trainer.evaluate(test)) ?? (accuracy: .nan, cost: .nan)
            let cosine = probe.isEmpty ? .nan : (try? agreement(trainer, train, probe))?.overall ?? .nan
            let hardware = configuration.hardware
            let epochEnergy = DeepResistiveEnergyReport(
                meter: meter, epoch: report, layers: trainer.layers, batchSize: batchSize,
                nudging: configuration.training.nudging, optimizer: configuration.training.optimizer,
                peripherals: hardware?.peripherals ?? .ideal,
                pulseEnergy: hardware?.device.nominalStep == nil ? nil : hardware?.device.pulseEnergy)
            energy = epochEnergy
            if let data = try? JSONEncoder().encode(epochEnergy) {
                try AtomicFile.write(String(decoding: data, as: UTF8.self), to: folder.file(energyFile))
            }
            if report.clippedReadings > 0, let adc = hardware?.peripherals.adc {
                let readings = 2 * trainer.layers.parameterCount * report.updates
                clipping = (String(format: "epoch %d: %d of %d device readings fell outside adc_range %g … %g and were clipped; "
                                   + "the readings are batch-summed ½ΔV² (up to batch × ½ × the largest drop²): widen adc_range",
                                   epoch + 1, report.clippedReadings, readings, adc.range.lowerBound, adc.range.upperBound))
            }
            if !epochEnergy.perUpdateJoules.isFinite {
                unmeasured = "epoch \(epoch + 1): the energy is not known: the settling measurement did not settle"
            }
            try log.append(MetricsRecord(epoch: epoch + 1, values: [
                report.trainCost, report.trainAccuracy, tested.cost, tested.accuracy, cosine, wall,
                report.freeSweeps, report.nudgedSweeps, epochEnergy.perUpdateJoules, epochEnergy.physicalSecondsPerUpdate,
                epochEnergy.pulsesPerUpdate,
            ]))
            try session.saveDevices(folder, epoch: epoch + 1)
            try Checkpoint(epoch: epoch + 1, parameterNames: names, parameters: trainer.parameters,
                           optimizer: trainer.optimizer, generator: Xoshiro256StarStar(seed: configuration.seed),
                           metricColumns: metricColumns, metrics: log.records,
                           configFingerprint: fingerprint).save(to: folder.checkpointPath)
            session.removeDevices(folder, epoch: epoch)
        }
        // After a failed epoch the conductances are those of the last good one; its figures are
        // still worth reporting, but any of them may fail the same way (NaN then).
        let finalTrain = (try? trainer.evaluate(train)) ?? (accuracy: .nan, cost: .nan)
        let finalTest = test.isEmpty ? (accuracy: Double.nan, cost: Double.nan)
            : (try? trainer.evaluate(test)) ?? (accuracy: .nan, cost: .nan)
        let cosines = probe.isEmpty ? (overall: Double.nan, blocks: [])
            : (try? agreement(trainer, train, probe)) ?? (overall: .nan, blocks: [])
        let wall = log.records.reduce(0) { $0 + $1.values[5] }
        let baseline = try configuration.baseline.map {
            try trainBaseline($0, layers: description.layers, epochs: configuration.epochs, batchSize: batchSize,
                              seed: configuration.seed, train: original, test: originalTest,
                              metricsPath: folder.file("baseline_metrics.csv"))
        }
        let digital = energy.map { energy in
            DigitalComparison(analogJoules: energy.perUpdateJoules, workloads: [
                .backpropagation(layerSizes: description.layers, batchSize: batchSize),
                .emulatedEP(nodeCounts: trainer.layers.nodeCounts, batchSize: batchSize,
                            freeSweeps: log.records.last?.values[6] ?? .nan,
                            nudgedSweeps: (log.records.last?.values[7] ?? .nan)
                                * (configuration.training.nudging == .centered ? 2 : 1),
                            measuredPhases: 2),
            ])
        }
        let drift = driftedAccuracies(trainer, configuration.hardware, on: test.isEmpty ? train : test)
        let settling = test.isEmpty && train.isEmpty ? nil
            : ResistiveLayersSettling(layers: trainer.layers, capacitance: description.capacitance)
                .measure(test.isEmpty ? train : test, row: 0, parameters: trainer.parameters)
        var summary = Summary(
            status: status, epochs: log.records.count, trainAccuracy: finalTrain.accuracy, trainCost: finalTrain.cost,
            testAccuracy: finalTest.accuracy, testCost: finalTest.cost, wallSeconds: wall,
            samplesPerSecond: wall > 0 ? Double(train.count * log.records.count) / wall : .nan,
            cosine: cosines.overall, blockCosines: cosines.blocks, baseline: baseline, energy: energy, digital: digital,
            warnings: [clipping, unmeasured].compactMap { $0 }, drift: drift, settling: settling, json: .null)
        summary.json = json(summary, configuration: configuration, description: description, probe: probe.count)
        try folder.writeSummary(summary.json)
        return summary
    }

    /// The checkpoint's metrics in today's columns: a run checkpointed before columns were added
    /// at the end (the energy columns) gets NaN in them.
    static func metrics(of checkpoint: Checkpoint, path: String) throws(RunFileError) -> [MetricsRecord] {
        let old = checkpoint.metricColumns
        guard old != metricColumns else { return checkpoint.metrics }
        guard old.count < metricColumns.count, Array(metricColumns.prefix(old.count)) == old else {
            throw RunFileError("its metrics columns (\(old.joined(separator: ", "))) are not this version's", path: path)
        }
        let missing = [Double](repeating: .nan, count: metricColumns.count - old.count)
        return checkpoint.metrics.map { MetricsRecord(epoch: $0.epoch, values: $0.values + missing) }
    }

    /// Read times after programming (s) at which drifting devices are evaluated: 1 hour, 1 day,
    /// 1 month, 1 year.
    public static let driftTimes: [Double] = [3600, 86_400, 2_592_000, 31_536_000]

    /// The accuracy on `dataset` of the trained conductances drifted to each of `driftTimes`
    /// (`DeviceArray.drift`, w(t) = w(t₀)(t/t₀)^(−ν)); empty without drift. The trainer keeps its
    /// conductances.
    static func driftedAccuracies(_ trainer: DeepResistiveTrainer, _ hardware: HardwareConfiguration?,
                                  on dataset: Dataset) -> [(seconds: Double, accuracy: Double)] {
        guard let devices = trainer.hardware?.devices, (hardware?.device.drift ?? 0) > 0, !dataset.isEmpty else { return [] }
        let programmed = trainer.parameters, optimizer = trainer.optimizer
        defer { trainer.setParameters(programmed, optimizer: optimizer) }
        return driftTimes.map { t in
            var drifted = programmed
            devices.drift(&drifted, elapsed: t)
            trainer.setParameters(drifted)
            return (t, (try? trainer.evaluate(dataset))?.accuracy ?? .nan)
        }
    }

    /// Cosine similarity of EP's estimate and the exact gradient on `rows`, overall and per block.
    public static func agreement(_ trainer: DeepResistiveTrainer, _ dataset: Dataset, _ rows: [Int])
        throws(DeepResistiveTrainingError) -> (overall: Double, blocks: [Double]) {
        let estimate = try trainer.gradientEstimate(on: dataset, rows: rows)
        let exact = try trainer.exactGradient(on: dataset, rows: rows)
        let blocks = (0..<trainer.layers.blockCount).map { l in
            let range = trainer.layers.blockParameters(l)
            return cosine(estimate[range], exact[range])
        }
        return (cosine(estimate[...], exact[...]), blocks)
    }

    static func cosine(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
        var dot = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            dot += x * y
            aa += x * x
            bb += y * y
        }
        return dot / (aa.squareRoot() * bb.squareRoot())
    }

    /// The MLP of the same layer sizes, trained with Adam on the same minibatches and epochs.
    /// Each epoch's accuracies and losses go to `baseline_metrics.csv` (not timed).
    static func trainBaseline(_ baseline: LayeredTrainingConfiguration.Baseline, layers: [Int], epochs: Int,
                              batchSize: Int, seed: UInt64, train: Dataset, test: Dataset,
                              metricsPath: String) throws(RunFileError) -> BaselineResult {
        var mlp = MultilayerPerceptron(layerSizes: layers, activation: baseline.activation, loss: .squaredError, seed: seed)
        var adam = Adam(learningRate: baseline.learningRate)
        var log = try MetricsLog(path: metricsPath, columns: baselineColumns, records: [])
        var wall = 0.0
        for epoch in 0..<epochs {
            let started = Date()
            mlp.trainEpoch(on: train, batchSize: batchSize, epoch: epoch, seed: seed, optimizer: &adam)
            wall += Date().timeIntervalSince(started)
            let trained = mlp.evaluate(train)
            let tested = test.isEmpty ? (loss: Double.nan, accuracy: Double.nan) : mlp.evaluate(test)
            try log.append(MetricsRecord(epoch: epoch + 1, values: [trained.accuracy, tested.accuracy, trained.loss, tested.loss]))
        }
        let trained = mlp.evaluate(train)
        let tested = test.isEmpty ? (loss: Double.nan, accuracy: Double.nan) : mlp.evaluate(test)
        return BaselineResult(trainAccuracy: trained.accuracy, testAccuracy: tested.accuracy, trainLoss: trained.loss,
                              testLoss: tested.loss, wallSeconds: wall,
                              samplesPerSecond: wall > 0 ? Double(train.count * epochs) / wall : .nan,
                              multiplyAddsPerSample: mlp.flopCount.trainingMultiplyAddsPerSample, epochs: epochs)
    }

    /// `r{k}_{i}_{j}`, the names `DeepResistiveNetworkBuilder` gives the same resistors.
    static func parameterNames(_ layers: ResistiveLayers) -> [String] {
        (0..<layers.blockCount).flatMap { l in
            (0..<layers.nodeCounts[l]).flatMap { i in (0..<layers.nodeCounts[l + 1]).map { j in "r\(l + 1)_\(i)_\(j)" } }
        }
    }

    static func json(_ summary: Summary, configuration: LayeredTrainingConfiguration,
                     description: DeepResistiveNetworkDescription, probe: Int) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("status", .string(summary.status)),
            ("network", .object([
                ("file", .string(configuration.network)),
                ("layers", .array(description.layers.map { .integer($0) })),
                ("solver", .string("block coordinate descent")),
            ])),
            ("ep", .object([
                ("test_accuracy", .number(summary.testAccuracy)),
                ("train_accuracy", .number(summary.trainAccuracy)),
                ("test_cost", .number(summary.testCost)),
                ("train_cost", .number(summary.trainCost)),
                ("epochs", .integer(summary.epochs)),
                ("wall_seconds", .number(summary.wallSeconds)),
                ("samples_per_second", .number(summary.samplesPerSecond)),
                ("nudging", .string(configuration.training.nudging.rawValue)),
                ("beta", .number(configuration.training.beta)),
            ])),
        ]
        if let bp = summary.baseline {
            fields.append(("bp", .object([
                ("test_accuracy", .number(bp.testAccuracy)),
                ("train_accuracy", .number(bp.trainAccuracy)),
                ("test_loss", .number(bp.testLoss)),
                ("train_loss", .number(bp.trainLoss)),
                ("epochs", .integer(bp.epochs)),
                ("wall_seconds", .number(bp.wallSeconds)),
                ("samples_per_second", .number(bp.samplesPerSecond)),
                ("multiply_adds_per_sample", .integer(bp.multiplyAddsPerSample)),
                ("activation", .string(configuration.baseline?.activation.rawValue ?? "")),
            ])))
        }
        if let energy = summary.energy { fields.append(("energy", energy.json)) }
        if let digital = summary.digital { fields += digital.json }
        if let file = configuration.hardwareFile { fields.append(("hardware_file", .string(file))) }
        if !summary.warnings.isEmpty { fields.append(("warnings", .array(summary.warnings.map { .string($0) }))) }
        if !summary.drift.isEmpty {
            fields.append(("drift", .array(summary.drift.map {
                .object([("seconds_after_programming", .number($0.seconds)), ("accuracy", .number($0.accuracy))])
            })))
        }
        fields.append(("ep_exact_cosine", .number(summary.cosine)))
        fields.append(("ep_exact_cosine_per_block", .array(summary.blockCosines.map { .number($0) })))
        fields.append(("probe_samples", .integer(probe)))
        if let settling = summary.settling {
            fields.append(("settling", settling.json))
        }
        fields.append(("openblas_core", .string(BLASInfo.coreName)))
        return .object(fields)
    }
}
