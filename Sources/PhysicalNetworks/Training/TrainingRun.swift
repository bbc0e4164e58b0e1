import Foundation

/// A training run with its files: the dataset is split (seeded), every epoch trains on seeded
/// minibatches, evaluates the held-out samples, compares EP's gradient with the exact one on a
/// probe batch, appends a row to `metrics.csv` and writes `checkpoint.json` atomically; the end
/// writes `summary.json`. A run killed at any point and resumed from its folder computes exactly
/// what the uninterrupted run computes (epochs are deterministic given the checkpoint).
public enum TrainingRun {
    /// Columns of `metrics.csv` after `epoch`.
    public static let metricColumns = [
        "train_loss", "train_accuracy", "test_loss", "test_accuracy", "gradient_cosine",
        "wall_seconds", "physical_seconds", "energy_joules",
    ]

    /// The final figures of a run.
    public struct Summary: Sendable {
        public var epochs: Int
        public var trainLoss: Double
        public var trainAccuracy: Double
        public var testLoss: Double
        public var testAccuracy: Double
        public var parameters: [(name: String, value: Double)]
        public var status: SolverStatus
        public var wallSeconds: Double
        /// The last epoch's energy ledger of every training phase, with its update and sample counts.
        public var energy: (ledger: EnergyLedger, updates: Int, samples: Int, physicalSeconds: Double)?
    }

    /// Runs (or resumes, when the folder holds a checkpoint of the same configuration) until
    /// `configuration.epochs` epochs are done. Nothing random is carried from epoch to epoch: the
    /// minibatch order and the random signs come from per-epoch streams of the seed, so the
    /// checkpoint's generator is the run's base generator, kept for the record.
    /// - Parameters:
    ///   - progress: called after each minibatch with (batches done, batches in the run, a
    ///     one-line status).
    public static func run(
        _ configuration: TrainingConfiguration, network: Network, dataset: Dataset, folder: RunFolder,
        resume: Bool, progress: (Int, Int, String) -> Void = { _, _, _ in }
    ) throws -> Summary {
        let controller = try makeController(network: network, dataset: dataset, estimator: configuration.estimator,
                                            configuration: configuration)
        let bounds = parameterBounds(network, count: controller.trainable.count)
        let (train, test) = configuration.testFraction > 0
            ? dataset.split(testFraction: configuration.testFraction, seed: configuration.seed)
            : (dataset, Dataset(featureNames: dataset.featureNames, targetNames: dataset.targetNames,
                                features: [], targets: []))
        let trainer = Trainer(controller: controller, optimizer: configuration.makeOptimizer(), bounds: bounds,
                              estimator: configuration.estimator, beta: configuration.beta)
        trainer.thermal = configuration.thermal
        let fingerprint = Checkpoint.fingerprint(
            of: configuration.fingerprintText + problemIdentity(controller: controller, dataset: dataset))
        var startEpoch = 0
        var records: [MetricsRecord] = []
        if resume {
            let checkpoint = try Checkpoint.load(from: folder.checkpointPath, expectingFingerprint: fingerprint)
            guard checkpoint.parameterNames == controller.trainableNames else {
                throw RunFileError("the checkpoint trains \(checkpoint.parameterNames.joined(separator: " ")) "
                                   + "but the netlist trains \(controller.trainableNames.joined(separator: " "))",
                                   path: folder.checkpointPath)
            }
            trainer.parameters = checkpoint.parameters
            trainer.optimizer = checkpoint.optimizer
            startEpoch = checkpoint.epoch
            records = checkpoint.metrics
        } else {
            var initial = trainer.parameters
            _ = bounds.clamp(&initial)
            trainer.parameters = initial
        }
        var log = try MetricsLog(path: folder.metricsPath, columns: metricColumns, records: records)
        let batchesPerEpoch = (train.count + configuration.batchSize - 1) / configuration.batchSize
        let totalBatches = batchesPerEpoch * max(configuration.epochs, 1)
        var status = SolverStatus.converged
        var energy: (ledger: EnergyLedger, updates: Int, samples: Int, physicalSeconds: Double)?
        for epoch in startEpoch..<max(configuration.epochs, startEpoch) {
            let started = Date()
            var signs = Xoshiro256StarStar(seed: configuration.seed, stream: (1 << 32) + UInt64(epoch))
            var totals = Trainer.Outcome(loss: 0, correct: 0, count: 0, physicalTime: 0, dissipatedEnergy: 0,
                                         status: .converged)
            for (b, batch) in train.minibatches(size: configuration.batchSize, epoch: epoch,
                                                seed: configuration.seed).enumerated() {
                let sign: Double = configuration.estimator == .randomSign && signs.next() & 1 == 1 ? -1 : 1
                let outcome = try trainer.train(samples(of: train, rows: batch), sign: sign,
                                                noiseSeed: Trainer.noiseSeed(run: configuration.seed, epoch: epoch, batch: b))
                totals.loss += outcome.loss * Double(outcome.count)
                totals.correct += outcome.correct
                totals.count += outcome.count
                totals.physicalTime += outcome.physicalTime
                totals.dissipatedEnergy += outcome.dissipatedEnergy
                totals.ledger.add(outcome.ledger)
                if totals.status == .converged { totals.status = outcome.status }
                progress(epoch * batchesPerEpoch + b + 1, totalBatches,
                         "epoch \(epoch + 1)/\(configuration.epochs) loss \(String(format: "%.3g", outcome.loss))")
            }
            let evaluated = test.isEmpty ? nil : try trainer.evaluate(samples(of: test, rows: 0..<test.count))
            let probe = samples(of: train, rows: 0..<min(configuration.probeSize, train.count))
            let cosine = try trainer.gradientAgreement(
                probe, noiseSeed: Trainer.noiseSeed(run: configuration.seed, epoch: epoch, batch: batchesPerEpoch))
            if !totals.status.isSuccess {
                // A phase did not settle: no update came from it, and the run stops here with
                // its status rather than train on (the checkpoint keeps the last good epoch).
                status = totals.status
                break
            }
            let record = MetricsRecord(epoch: epoch + 1, values: [
                totals.loss / Double(max(totals.count, 1)), totals.accuracy,
                evaluated?.loss ?? .nan, evaluated?.accuracy ?? .nan, cosine,
                Date().timeIntervalSince(started), totals.physicalTime, totals.dissipatedEnergy,
            ])
            try log.append(record)
            energy = (totals.ledger, batchesPerEpoch, totals.count, totals.physicalTime)
            try Checkpoint(epoch: epoch + 1, parameterNames: controller.trainableNames, parameters: trainer.parameters,
                           optimizer: trainer.optimizer, generator: Xoshiro256StarStar(seed: configuration.seed),
                           metricColumns: metricColumns, metrics: log.records,
                           configFingerprint: fingerprint).save(to: folder.checkpointPath)
        }
        let finalTrain = try trainer.evaluate(samples(of: train, rows: 0..<train.count))
        let finalTest = test.isEmpty ? nil : try trainer.evaluate(samples(of: test, rows: 0..<test.count))
        let summary = Summary(
            epochs: max(configuration.epochs, startEpoch), trainLoss: finalTrain.loss,
            trainAccuracy: finalTrain.accuracy, testLoss: finalTest?.loss ?? .nan,
            testAccuracy: finalTest?.accuracy ?? .nan,
            parameters: Array(zip(controller.trainableNames, trainer.parameters)).map { (name: $0.0, value: $0.1) },
            status: status == .converged ? finalTrain.status : status,
            wallSeconds: log.records.reduce(0) { $0 + $1.values[5] }, energy: energy)
        try folder.writeSummary(json(summary, configuration))
        return summary
    }

    /// What a resumed run must find unchanged besides its settings: the trainable elements, the
    /// inputs and outputs, and the dataset's shape and contents (FNV-1a of its values' bits).
    static func problemIdentity(controller: EquilibriumPropagation, dataset: Dataset) -> String {
        "|trainable=\(controller.trainableNames.joined(separator: ","))"
            + "|inputs=\(controller.inputs.count)|outputs=\(controller.targetCount)"
            + "|data=\(dataset.featureNames.joined(separator: ","));\(dataset.targetNames.joined(separator: ","))"
            + ";\(dataset.contentIdentity)"
    }

    /// The controller for `network`, its cost matched to `dataset`'s shape: checks that the
    /// dataset has one feature per input and one target per output, and that the estimator can
    /// run on this network. No files are touched, so a command can validate before it writes.
    /// An oscillator network (phase unknowns) gets the configuration's torque cost and
    /// multi-start; others a squared error.
    public static func makeController(network: Network, dataset: Dataset, estimator: Estimator = .centered,
                                      configuration: TrainingConfiguration? = nil)
        throws(LearningError) -> EquilibriumPropagation {
        let controller: EquilibriumPropagation
        if network.hasPhases {
            controller = try EquilibriumPropagation(network: network, cost: (configuration?.phaseCost ?? .cosine).costKind)
            if let starts = configuration?.starts, starts > 1 {
                controller.multiStart = .init(count: starts, seed: configuration?.seed ?? 1)
            }
        } else {
            let levels = Set(dataset.targets)
            let separation = (levels.max() ?? 1) - (levels.min() ?? 0)
            // Two levels: a classification, right on the correct side of the middle. Otherwise a
            // regression, right within 10 % of the targets' spread (of their size when all are equal).
            let spread = separation > 0 ? separation : abs(levels.first ?? 0)
            let within = levels.count == 2 ? separation / 2 : max(spread, 1e-300) * 0.1
            controller = try EquilibriumPropagation(network: network, cost: .squaredError(correctWithin: within))
        }
        guard dataset.featureCount == controller.inputs.count else {
            throw .sampleSize(what: "feature columns (one per input: \(network.roles.inputs.joined(separator: ", "))); "
                              + "the data has \(dataset.featureNames.joined(separator: ", ")), that is",
                              expected: controller.inputs.count, got: dataset.featureCount)
        }
        guard dataset.targetCount == controller.targetCount else {
            throw .sampleSize(what: "target columns (one per output)", expected: controller.targetCount,
                              got: dataset.targetCount)
        }
        try controller.check(estimator)
        if let thermal = configuration?.thermal { try controller.check(thermal, requireValidEstimate: true) }
        return controller
    }

    /// The roles' bounds per trainable parameter (an elastic network's, by kind), else the
    /// netlist's conductance `*@ bounds`, else (0, ∞) kept positive — except for an oscillator
    /// network, whose couplings and field phases may take either sign: unbounded.
    static func parameterBounds(_ network: Network, count: Int) -> ParameterBounds {
        let roles = network.roles
        if roles.bounds == nil, network.hasPhases { return .unbounded(count: count) }
        if roles.trainableBounds.count == count {
            return ParameterBounds(lower: roles.trainableBounds.map(\.lowerBound), upper: roles.trainableBounds.map(\.upperBound))
        }
        return ParameterBounds(count: count, lower: roles.bounds?.lowerBound ?? 1e-12, upper: roles.bounds?.upperBound ?? .infinity)
    }

    static func samples(of dataset: Dataset, rows: some Collection<Int>)
        -> [(features: ArraySlice<Double>, targets: ArraySlice<Double>)] {
        rows.map { (features: dataset.features(ofRow: $0), targets: dataset.targets(ofRow: $0)) }
    }

    static func json(_ summary: Summary, _ configuration: TrainingConfiguration) -> JSONValue {
        .object([
            ("status", .string(summary.status.rawValue)),
            ("epochs", .integer(summary.epochs)),
            ("train_loss", .number(summary.trainLoss)),
            ("train_accuracy", .number(summary.trainAccuracy)),
            ("test_loss", .number(summary.testLoss)),
            ("test_accuracy", .number(summary.testAccuracy)),
            ("estimator", .string(configuration.thermal?.estimator.rawValue ?? configuration.estimator.name)),
            ("beta", .number(configuration.beta)),
            ("wall_seconds", .number(summary.wallSeconds)),
            ("parameters", .object(summary.parameters.map { ($0.name, .number($0.value)) })),
        ] + (summary.energy.map { [("energy", energyJSON($0))] } ?? []))
    }

    /// The `"energy"` section: the last epoch's ledger per update (heat by device family as the
    /// parts, energy by source as "delivered"), per sample and per epoch.
    static func energyJSON(_ energy: (ledger: EnergyLedger, updates: Int, samples: Int, physicalSeconds: Double)) -> JSONValue {
        let perUpdate = 1 / Double(max(energy.updates, 1))
        let heat = energy.ledger.totalDissipated
        return .object([
            ("per_update_joules", .number(heat * perUpdate)),
            ("per_sample_joules", .number(heat / Double(max(energy.samples, 1)))),
            ("per_epoch_joules", .number(heat)),
            ("physical_seconds_per_update", .number(energy.physicalSeconds * perUpdate)),
            ("updates_per_epoch", .integer(energy.updates)),
            ("parts", .array(energy.ledger.dissipated.map {
                .object([("name", .string($0.name)), ("joules", .number($0.energy * perUpdate))])
            })),
            ("delivered", .array(energy.ledger.delivered.map {
                .object([("name", .string($0.name)), ("joules", .number($0.energy * perUpdate))])
            })),
            ("stored_change_per_update_joules", .number(energy.ledger.storedChange * perUpdate)),
            ("assumptions", .array([
                .string("heat integrated along every phase's relaxation (the ledger of each phase: Tellegen's balance)"),
                .string("phases run one after another, each from where the previous one settled; the free phase from the network's start"),
                .string("converters and programming pulses are counted for .drn runs (--hardware), not here"),
            ])),
        ])
    }
}
