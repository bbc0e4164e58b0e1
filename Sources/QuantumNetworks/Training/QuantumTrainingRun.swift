import Foundation
import PhysicalNetworks

/// A quantum training run with its files, as `TrainingRun` does for circuits: the dataset split
/// (seeded), seeded minibatches every epoch, the held-out samples evaluated, the gradient
/// compared with the exact one on a probe of training samples, a row appended to `metrics.csv`
/// and `checkpoint.json` written atomically after every epoch, `summary.json` at the end. A run
/// resumed from its folder computes what the uninterrupted run computes.
public enum QuantumTrainingRun {
    /// Columns of `metrics.csv` after `epoch`. Losses and accuracies of the training samples are
    /// those measured before each update; `classical_loss` is ½Σ(μ_o − y_o)² (modes; NaN for
    /// spins); `gradient_cosine` the mean cosine between the trained gradient and the exact
    /// quantum gradient on the probe samples (after the epoch); `experiments` the projective
    /// measurements of the epoch (0 without shots).
    public static let metricColumns = [
        "train_loss", "train_accuracy", "test_loss", "test_accuracy", "classical_loss", "gradient_cosine",
        "experiments", "wall_seconds",
    ]

    /// The final figures of a run (free states after the last update).
    public struct Summary: Sendable {
        public var epochs: Int
        public var trainLoss: Double
        public var trainClassicalLoss: Double
        public var trainAccuracy: Double
        public var testLoss: Double
        public var testAccuracy: Double
        /// The first epoch whose every training sample was right before its update (nil: none).
        public var firstPerfectEpoch: Int?
        /// Mean projective measurements per update.
        public var experimentsPerUpdate: Double
        public var parameters: [(name: String, value: Double)]
        public var wallSeconds: Double
    }

    /// The trainer for `problem` on `dataset`, its shape checked (one feature per input, one
    /// target per output) and its settings validated; no file is touched, so a command can
    /// check everything before it writes.
    public static func makeTrainer(_ configuration: QuantumTrainingConfiguration, problem: QuantumTrainingProblem,
                                   dataset: Dataset) throws(QuantumTrainingError) -> QuantumTrainer {
        guard dataset.featureCount == problem.inputIndices.count else {
            throw .dataShape("expected \(problem.inputIndices.count) feature column(s), one per input term ("
                             + "\(problem.inputNames.joined(separator: ", "))), found \(dataset.featureCount) ("
                             + "\(dataset.featureNames.joined(separator: ", ")))")
        }
        guard dataset.targetCount == problem.outputCount else {
            throw .dataShape("expected \(problem.outputCount) target column(s), one per output, found \(dataset.targetCount)")
        }
        return try QuantumTrainer(problem: problem, optimizer: configuration.makeOptimizer(), estimator: configuration.estimator,
                                  beta: configuration.beta, shots: configuration.shots, classical: configuration.classical,
                                  tolerance: QuantumTrainer.regressionTolerance(for: dataset.targets))
    }

    /// Runs (or resumes) until `configuration.epochs` epochs are done.
    /// - Parameters:
    ///   - modelText: the model file's contents, part of the resume fingerprint.
    ///   - progress: after each minibatch: (batches done, batches in the run, a status line).
    public static func run(_ configuration: QuantumTrainingConfiguration, problem: QuantumTrainingProblem, modelText: String,
                           dataset: Dataset, folder: RunFolder, resume: Bool,
                           progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> Summary {
        let trainer = try makeTrainer(configuration, problem: problem, dataset: dataset)
        let (train, test) = configuration.testFraction > 0
            ? dataset.split(testFraction: configuration.testFraction, seed: configuration.seed)
            : (dataset, Dataset(featureNames: dataset.featureNames, targetNames: dataset.targetNames, features: [], targets: []))
        let fingerprint = Checkpoint.fingerprint(of: configuration.fingerprintText + "|model=\(fnv(modelText))"
                                                 + "|trainable=\(problem.trainableNames.joined(separator: ","))"
                                                 + "|data=\(dataset.contentIdentity)")
        var startEpoch = 0
        var records: [MetricsRecord] = []
        if resume {
            let checkpoint = try Checkpoint.load(from: folder.checkpointPath, expectingFingerprint: fingerprint)
            trainer.parameters = checkpoint.parameters
            trainer.optimizer = checkpoint.optimizer
            startEpoch = checkpoint.epoch
            records = checkpoint.metrics
        } else {
            var initial = trainer.parameters
            _ = trainer.bounds.clamp(&initial)
            trainer.parameters = initial
        }
        var log = try MetricsLog(path: folder.metricsPath, columns: metricColumns, records: records)
        let batchesPerEpoch = (train.count + configuration.batchSize - 1) / configuration.batchSize
        let totalBatches = batchesPerEpoch * max(configuration.epochs, 1)
        for epoch in startEpoch..<max(configuration.epochs, startEpoch) {
            let started = Date()
            var loss = 0.0, classicalLoss = 0.0, correct = 0, count = 0, experiments = 0
            for (b, rows) in train.minibatches(size: configuration.batchSize, epoch: epoch, seed: configuration.seed).enumerated() {
                let batch = samples(of: train, rows: rows)
                let seeds = batch.indices.map {
                    QuantumTrainer.shotSeed(run: configuration.seed, epoch: epoch, batch: b, sample: $0)
                }
                let result = try trainer.train(batch, shotSeeds: seeds)
                loss += result.loss * Double(result.count)
                classicalLoss += result.classicalLoss * Double(result.count)
                correct += result.correct
                count += result.count
                experiments += result.experiments
                progress(epoch * batchesPerEpoch + b + 1, totalBatches,
                         "epoch \(epoch + 1)/\(configuration.epochs) loss \(String(format: "%.3g", result.loss))")
            }
            let evaluated = test.isEmpty ? nil : try trainer.evaluate(samples(of: test, rows: 0..<test.count))
            let cosine = try gradientAgreement(trainer, samples(of: train, rows: 0..<min(configuration.probeSize, train.count)))
            let n = Double(max(count, 1))
            try log.append(MetricsRecord(epoch: epoch + 1, values: [
                loss / n, Double(correct) / n, evaluated?.loss ?? .nan, evaluated?.accuracy ?? .nan, classicalLoss / n, cosine,
                Double(experiments), Date().timeIntervalSince(started),
            ]))
            try Checkpoint(epoch: epoch + 1, parameterNames: problem.trainableNames, parameters: trainer.parameters,
                           optimizer: trainer.optimizer, generator: Xoshiro256StarStar(seed: configuration.seed),
                           metricColumns: metricColumns, metrics: log.records,
                           configFingerprint: fingerprint).save(to: folder.checkpointPath)
        }
        let finalTrain = try trainer.evaluate(samples(of: train, rows: 0..<train.count))
        let finalTest = test.isEmpty ? nil : try trainer.evaluate(samples(of: test, rows: 0..<test.count))
        let experimentColumn = metricColumns.firstIndex(of: "experiments")!
        let summary = Summary(
            epochs: max(configuration.epochs, startEpoch), trainLoss: finalTrain.loss, trainClassicalLoss: finalTrain.classicalLoss,
            trainAccuracy: finalTrain.accuracy, testLoss: finalTest?.loss ?? .nan, testAccuracy: finalTest?.accuracy ?? .nan,
            firstPerfectEpoch: log.records.first { $0.values[1] == 1 }?.epoch,
            experimentsPerUpdate: log.records.reduce(0) { $0 + $1.values[experimentColumn] }
                / Double(max(log.records.count * batchesPerEpoch, 1)),
            parameters: Array(zip(problem.trainableNames, trainer.parameters)).map { (name: $0.0, value: $0.1) },
            wallSeconds: log.records.reduce(0) { $0 + $1.values[experimentColumn + 1] })
        try folder.writeSummary(json(summary, configuration))
        return summary
    }

    /// Mean cosine between the trainer's gradient (its method, shots included) and the exact
    /// quantum gradient, over `probe` (NaN for an empty probe).
    static func gradientAgreement(_ trainer: QuantumTrainer, _ probe: [QuantumTrainer.Sample]) throws(QuantumTrainingError) -> Double {
        guard !probe.isEmpty else { return .nan }
        var total = 0.0
        for (s, sample) in probe.enumerated() {
            let estimate = try trainer.gradient(sample, shotSeed: UInt64(s + 1)).gradient
            let exact = try trainer.gradient(sample, estimator: .exact, classical: false).gradient
            let norms = (dotProduct(estimate, estimate) * dotProduct(exact, exact)).squareRoot()
            total += norms > 0 ? dotProduct(estimate, exact) / norms : (estimate == exact ? 1 : 0)
        }
        return total / Double(probe.count)
    }

    static func dotProduct(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    static func samples(of dataset: Dataset, rows: some Collection<Int>) -> [QuantumTrainer.Sample] {
        rows.map { (features: dataset.features(ofRow: $0), targets: dataset.targets(ofRow: $0)) }
    }

    /// FNV-1a of a text, hex.
    static func fnv(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    static func json(_ summary: Summary, _ configuration: QuantumTrainingConfiguration) -> JSONValue {
        .object([
            ("epochs", .integer(summary.epochs)),
            ("train_loss", .number(summary.trainLoss)),
            ("train_classical_loss", .number(summary.trainClassicalLoss)),
            ("train_accuracy", .number(summary.trainAccuracy)),
            ("test_loss", .number(summary.testLoss)),
            ("test_accuracy", .number(summary.testAccuracy)),
            ("first_perfect_epoch", summary.firstPerfectEpoch.map { .integer($0) } ?? .null),
            ("estimator", .string(configuration.estimator.name)),
            ("beta", .number(configuration.beta)),
            ("shots", configuration.shots.map { .integer($0) } ?? .null),
            ("experiments_per_update", .number(summary.experimentsPerUpdate)),
            ("classical", .bool(configuration.classical)),
            ("wall_seconds", .number(summary.wallSeconds)),
            ("parameters", .object(summary.parameters.map { ($0.name, .number($0.value)) })),
        ])
    }
}
