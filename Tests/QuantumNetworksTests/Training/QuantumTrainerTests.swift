import PhysicalNetworks
import XCTest
@testable import QuantumNetworks

final class QuantumTrainerTests: XCTestCase {
    /// Two spins: the input's field is the data, the output should follow it.
    static let follower = """
        follower
        spin a
        spin o
        field x a 0
        zz J a o -0.2
        field h o 0.1
        transverse Ga a 0.6
        transverse Go o 0.6
        *@ input x
        *@ output o
        *@ train J h Go
        """

    /// Three modes on a chain, force inputs on the first two, the third the output.
    static let chain = """
        chain
        mode m1
        mode m2
        mode m3
        force f1 m1 0
        force f2 m2 0
        spring k1 m1 0 1.0
        spring k2 m2 0 1.5
        spring k3 m3 0 0.8
        spring k12 m1 m2 0.5
        spring k23 m2 m3 0.4
        spring k13 m1 m3 0.3
        *@ input f1 f2
        *@ output m3
        *@ train k1 k2 k3 k12 k23 k13
        """

    static let followerSamples: [QuantumTrainer.Sample] = [
        (features: [1.0][...], targets: [1.0][...]), (features: [-1.0][...], targets: [-1.0][...]),
    ]

    func problem(_ text: String) throws -> QuantumTrainingProblem {
        try QuantumTrainingProblem(model: QuantumModelParser.parse(contents: text, file: "test.quantum"))
    }

    func testSpinTrainingLowersTheLossAndClassifies() throws {
        let trainer = try QuantumTrainer(problem: problem(Self.follower), optimizer: .adam(Adam(learningRate: 0.05)),
                                         estimator: .centered, beta: 0.05)
        let before = try trainer.evaluate(Self.followerSamples)
        for _ in 0..<40 { try trainer.train(Self.followerSamples) }
        let after = try trainer.evaluate(Self.followerSamples)
        XCTAssertLessThan(after.loss, 0.5 * before.loss, "loss \(before.loss) → \(after.loss)")
        XCTAssertEqual(after.accuracy, 1)
        XCTAssertTrue(after.classicalLoss.isNaN)
        XCTAssertEqual(trainer.problem.trainableNames, ["j", "h", "go"])
    }

    func testBatchGradientIsTheMeanOfTheSamples() throws {
        let trainer = try QuantumTrainer(problem: problem(Self.follower), optimizer: .sgd(SGD(learningRate: 0.1)), beta: 0.01)
        let one = try trainer.gradient(Self.followerSamples[0]).gradient
        let two = try trainer.gradient(Self.followerSamples[1]).gradient
        let batch = try trainer.batchGradient(Self.followerSamples)
        for k in one.indices { XCTAssertEqual(batch.gradient[k], (one[k] + two[k]) / 2, accuracy: 1e-13) }
        // An SGD step moves θ by −lr × the mean gradient.
        let before = trainer.parameters
        try trainer.train(Self.followerSamples)
        for k in before.indices { XCTAssertEqual(trainer.parameters[k], before[k] - 0.1 * batch.gradient[k], accuracy: 1e-12) }
    }

    func testCenteredAgreesWithExactAtSmallBeta() throws {
        let trainer = try QuantumTrainer(problem: problem(Self.follower), optimizer: .sgd(SGD(learningRate: 0.1)), beta: 1e-3)
        for sample in Self.followerSamples {
            let exact = try trainer.gradient(sample, estimator: .exact).gradient
            let centered = try trainer.gradient(sample, estimator: .centered).gradient
            for k in exact.indices { XCTAssertEqual(centered[k], exact[k], accuracy: 1e-5 * max(1, abs(exact[k]))) }
        }
    }

    func testShotsCountExperimentsAndStayNearTheExactGradient() throws {
        let trainer = try QuantumTrainer(problem: problem(Self.follower), optimizer: .sgd(SGD(learningRate: 0.1)),
                                         beta: 0.2, shots: 4000)
        let noisy = try trainer.gradient(Self.followerSamples[0], shotSeed: 7)
        XCTAssertGreaterThan(noisy.experiments, 0)
        let exact = try trainer.gradient(Self.followerSamples[0], estimator: .exact).gradient
        for k in exact.indices { XCTAssertEqual(noisy.gradient[k], exact[k], accuracy: 0.15) }
        // The same seed gives the same shots.
        XCTAssertEqual(try trainer.gradient(Self.followerSamples[0], shotSeed: 7).gradient, noisy.gradient)
    }

    func testHarmonicQuantumAndClassicalEPDifferAndBothTrain() throws {
        let samples: [QuantumTrainer.Sample] = [
            (features: [1.0, 0.5][...], targets: [0.6][...]), (features: [-0.5, 1.0][...], targets: [0.2][...]),
        ]
        let quantum = try QuantumTrainer(problem: problem(Self.chain), optimizer: .sgd(SGD(learningRate: 0.2)), beta: 1e-3)
        let classical = try QuantumTrainer(problem: problem(Self.chain), optimizer: .sgd(SGD(learningRate: 0.2)), beta: 1e-3,
                                           classical: true)
        let q = try quantum.batchGradient(samples), c = try classical.batchGradient(samples)
        XCTAssertEqual(q.loss, c.loss)
        XCTAssertGreaterThan(zip(q.gradient, c.gradient).map { abs($0 - $1) }.max()!, 1e-3, "the zero-point term")
        let before = try quantum.evaluate(samples)
        for _ in 0..<30 {
            try quantum.train(samples)
            try classical.train(samples)
        }
        let afterQuantum = try quantum.evaluate(samples), afterClassical = try classical.evaluate(samples)
        XCTAssertLessThan(afterQuantum.loss, before.loss)
        XCTAssertLessThan(afterClassical.classicalLoss, before.classicalLoss)
        XCTAssertNotEqual(quantum.parameters, classical.parameters)
        XCTAssertTrue(quantum.bounds.contains(quantum.parameters))
    }

    func testRefusesSettingsTheModelCannotUse() throws {
        XCTAssertThrowsError(try QuantumTrainer(problem: problem(Self.chain), optimizer: .sgd(SGD(learningRate: 0.1)), shots: 100))
        XCTAssertThrowsError(try QuantumTrainer(problem: problem(Self.follower), optimizer: .sgd(SGD(learningRate: 0.1)),
                                                classical: true))
        XCTAssertThrowsError(try QuantumTrainer(problem: problem(Self.follower), optimizer: .sgd(SGD(learningRate: 0.1)),
                                                estimator: .holomorphic(points: 4)))
        XCTAssertThrowsError(try problem("no outputs\nspin a\nfield h a 1\n")) { error in
            XCTAssertTrue("\(error)".hasPrefix("test.quantum:1:1:"), "\(error)")
        }
        let dataset = Dataset(featureNames: ["x", "y"], targetNames: ["o"], features: [1, 2], targets: [1])
        XCTAssertThrowsError(try QuantumTrainingRun.makeTrainer(QuantumTrainingConfiguration(model: "m", data: "d", epochs: 1),
                                                                problem: problem(Self.follower), dataset: dataset)) { error in
            XCTAssertTrue("\(error)".contains("expected 1 feature column"), "\(error)")
        }
    }

    func testRunWritesItsFolderAndResumesToTheSameNumbers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataset = Dataset(featureNames: ["x"], targetNames: ["o"], features: [1, -1, 0.5, -0.5], targets: [1, -1, 1, -1])
        var configuration = QuantumTrainingConfiguration(model: "follower", data: "d", epochs: 4, batchSize: 2, beta: 0.05)
        let whole = try QuantumTrainingRun.run(configuration, problem: problem(Self.follower), modelText: Self.follower,
                                               dataset: dataset, folder: RunFolder.create(at: directory + "/whole"), resume: false)
        configuration.epochs = 2
        _ = try QuantumTrainingRun.run(configuration, problem: problem(Self.follower), modelText: Self.follower, dataset: dataset,
                                       folder: RunFolder.create(at: directory + "/part"), resume: false)
        configuration.epochs = 4
        let resumed = try QuantumTrainingRun.run(configuration, problem: problem(Self.follower), modelText: Self.follower,
                                                 dataset: dataset, folder: RunFolder.open(at: directory + "/part"), resume: true)
        XCTAssertEqual(whole.parameters.map(\.value), resumed.parameters.map(\.value))
        XCTAssertEqual(whole.trainLoss, resumed.trainLoss)
        let metrics = try String(contentsOfFile: directory + "/whole/metrics.csv", encoding: .utf8)
        XCTAssertEqual(metrics.split(separator: "\n").count, 5)
        XCTAssertTrue(metrics.hasPrefix("epoch," + QuantumTrainingRun.metricColumns.joined(separator: ",")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/whole/summary.json"))
        // Another β is another run.
        configuration.beta = 0.1
        XCTAssertThrowsError(try QuantumTrainingRun.run(configuration, problem: problem(Self.follower), modelText: Self.follower,
                                                        dataset: dataset, folder: RunFolder.open(at: directory + "/part"), resume: true))
    }
}
