import XCTest
@testable import PhysicalNetworks

/// A deep resistive network training through non-ideal hardware: the optimizer's step sent as
/// pulses (counted by hand from the exact trainer's step), readings through noise and the ADC,
/// inputs through the DAC.
final class DeepResistiveHardwareTests: XCTestCase {
    static func network() throws -> DeepResistiveNetworkDescription {
        try DeepResistiveNetworkDescription.parse(contents: """
            layers = 4 6 3
            gain = 4
            diode = ideal
            init = uniform 10u 100u
            seed = 3
            bounds = 1u 1m
            output = differential
            """, file: "t.drn")
    }

    static func data() -> Dataset {
        var features: [Double] = [], targets: [Double] = []
        var generator = Xoshiro256StarStar(seed: 5)
        for k in 0..<8 {
            features += (0..<4).map { _ in generator.nextUnitDouble() }
            targets += (0..<3).map { $0 == k % 3 ? 1 : 0 }
        }
        return Dataset(featureNames: (0..<4).map { "x\($0)" }, targetNames: ["a", "b", "c"], features: features, targets: targets)
    }

    /// One update of 8 samples: each device moves by ⌈|Δ|/Δg_min⌉ whole steps in the direction of
    /// the exact trainer's Δ, and the pulses and their energy are those counts.
    func testConstantStepDevicesTakeWholePulsesOfTheExactStep() throws {
        let configuration = DeepResistiveTrainingConfiguration(batchSize: 8, beta: 1e-6, learningRate: 3e-6)
        let exact = try DeepResistiveTrainer(try Self.network(), configuration: configuration, seed: 1)
        let pulsed = try DeepResistiveTrainer(try Self.network(), configuration: configuration, seed: 1)
        let hardware = try HardwareConfiguration.parse(contents: """
            dw_min = 1u
            pulse_energy = 2p
            """, file: "h.hw")
        try pulsed.install(hardware: hardware)
        XCTAssertEqual(pulsed.parameters, exact.parameters, "no levels, tolerance or stuck devices: programmed as drawn")
        let start = exact.parameters
        _ = try exact.trainEpoch(on: Self.data(), epoch: 0)
        let report = try pulsed.trainEpoch(on: Self.data(), epoch: 0)
        var pulses = 0
        for k in start.indices {
            let change = exact.parameters[k] - start[k]
            let count = Int((abs(change) / 1e-6 - 1e-9).rounded(.up))
            pulses += count
            let expected = min(max(start[k] + (change < 0 ? -1.0 : 1.0) * Double(count) * 1e-6, 1e-6), 1e-3)
            XCTAssertEqual(pulsed.parameters[k], expected, accuracy: 1e-15, "device \(k): Δ \(change)")
        }
        XCTAssertGreaterThan(pulses, 0)
        XCTAssertEqual(report.programming.pulses, pulses)
        XCTAssertEqual(report.programming.energy, Double(pulses) * 2e-12, accuracy: 1e-24)
        XCTAssertEqual(report.updates, 1)
    }

    /// Read noise on the measurements makes the gradient noisy: its spread over seeds matches
    /// what independent readings of the two phases' measurements predict.
    func testReadNoiseActsOnEachPhasesMeasurement() throws {
        let configuration = DeepResistiveTrainingConfiguration(batchSize: 8, beta: 1e-3, nudging: .positive,
                                                               optimizer: .sgd, learningRate: 1e-12)
        let reference = try DeepResistiveTrainer(try Self.network(), configuration: configuration, seed: 1)
        let rows = Array(0..<8)
        // The exact measurements of the two phases, batch-summed: m_free and m_nudged per device.
        let solver = reference.solver
        let data = Self.data()
        solver.load(data, rows: rows)
        solver.reset()
        _ = reference.parameters.withUnsafeBufferPointer { solver.relax(parameters: $0) }
        var free = [Double](repeating: 0, count: reference.layers.parameterCount)
        free.withUnsafeMutableBufferPointer { solver.addMeasurement(scale: 1, into: $0) }
        _ = reference.parameters.withUnsafeBufferPointer { solver.relax(parameters: $0, beta: 1e-3) }
        var nudged = [Double](repeating: 0, count: reference.layers.parameterCount)
        nudged.withUnsafeMutableBufferPointer { solver.addMeasurement(scale: 1, into: $0) }
        let exactEstimate = try reference.gradientEstimate(on: data, rows: rows)

        let rho = 0.01, seeds = 400, device = 7
        var values: [Double] = []
        for seed in 1...seeds {
            let trainer = try DeepResistiveTrainer(try Self.network(), configuration: configuration, seed: 1)
            try trainer.install(hardware: HardwareConfiguration.parse(contents: "read_noise = \(rho)\nseed = \(seed)", file: "h.hw"))
            let before = trainer.parameters[device]
            _ = try trainer.trainEpoch(on: data, epoch: 0)
            values.append((before - trainer.parameters[device]) / 1e-12)  // SGD: Δg = −lr·ĝ
        }
        let mean = values.reduce(0, +) / Double(seeds)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(seeds - 1)
        // Device 7 is in block 0, whose estimate the trainer multiplies by the gain compensation.
        let scale = reference.layers.gainCompensation(block: 0) / (1e-3 * 8)
        let predicted = scale * scale * rho * rho * (free[device] * free[device] + nudged[device] * nudged[device])
        XCTAssertEqual(mean, exactEstimate[device], accuracy: 5 * (predicted / Double(seeds)).squareRoot())
        XCTAssertEqual(variance / predicted, 1, accuracy: 0.25, "variance \(variance) vs \(predicted)")
    }

    /// The DAC presents every feature on its grid.
    func testDACQuantizesTheInputs() throws {
        let hardware = try HardwareConfiguration.parse(contents: "dac_bits = 3\ndac_range = 0 1", file: "h.hw")
        let converted = hardware.peripherals.converted(Self.data())
        for value in converted.features {
            let code = value * 7
            XCTAssertEqual(code, code.rounded(), accuracy: 1e-12, "\(value) is on the 3-bit grid of [0, 1]")
        }
        XCTAssertEqual(converted.targets, Self.data().targets)
    }

    /// Drifting devices: each read time's accuracy is that of the conductances scaled by
    /// (t/t₀)^(−ν_i), and the trainer keeps its own. (A common ν scales every conductance alike,
    /// which leaves the equilibrium unchanged; the device-to-device spread of ν is what costs
    /// accuracy.)
    func testDriftedAccuraciesUseThePowerLaw() throws {
        let trainer = try DeepResistiveTrainer(try Self.network(), configuration: .init(batchSize: 8), seed: 1)
        let hardware = try HardwareConfiguration.parse(contents: "drift = 0.05\ndrift_dtod = 0.5\nbounds = 1u 1m\ndw_min = 100n", file: "h.hw")
        try trainer.install(hardware: hardware)
        _ = try trainer.trainEpoch(on: Self.data(), epoch: 0)
        let trained = trainer.parameters
        let drifted = LayeredTrainingRun.driftedAccuracies(trainer, hardware, on: Self.data())
        XCTAssertEqual(drifted.map(\.seconds), LayeredTrainingRun.driftTimes)
        XCTAssertEqual(trainer.parameters, trained)
        let check = try DeepResistiveTrainer(try Self.network(), configuration: .init(batchSize: 8), seed: 1)
        let exponents = try XCTUnwrap(trainer.hardware?.devices.driftExponents)
        XCTAssertGreaterThan(Set(exponents).count, 1)
        check.setParameters(trained.indices.map { trained[$0] * pow(86_400, -exponents[$0]) })
        XCTAssertEqual(drifted[1].accuracy, try check.evaluate(Self.data()).accuracy)
        XCTAssertTrue(LayeredTrainingRun.driftedAccuracies(trainer, .ideal, on: Self.data()).isEmpty)
    }

    /// Steps too fine for their range are refused up front (they would take millions of pulses
    /// per update), also when the devices take the trainer's bounds; the requested change is
    /// limited to the range, so a huge step costs at most the range's pulses.
    func testPulseCountsStayBounded() throws {
        XCTAssertThrowsError(try HardwareConfiguration.parse(contents: "bounds = 1u 1m\ndw_min = 1e-30", file: "h.hw")) { error in
            XCTAssertTrue("\(error)".contains("h.hw:2:"), "\(error)")
        }
        let trainer = try DeepResistiveTrainer(try Self.network(), configuration: .init(batchSize: 8), seed: 1)
        XCTAssertThrowsError(try trainer.install(hardware: HardwareConfiguration.parse(contents: "dw_min = 1e-18", file: "h.hw")))
        var devices = try HardwareConfiguration.parse(contents: "bounds = 0 1\ndw_min = 0.01", file: "h.hw").makeDevices(count: 2)
        var values = [0.5, 0.5]
        let statistics = devices.apply([1e12, -1e12], to: &values)
        XCTAssertEqual(values, [1, 0])
        XCTAssertEqual(statistics.pulses, 100)
    }

    /// An ADC whose range misses the readings clips them, and the trainer counts them.
    func testClippedReadingsAreCounted() throws {
        let trainer = try DeepResistiveTrainer(try Self.network(), configuration: .init(batchSize: 8), seed: 1)
        try trainer.install(hardware: HardwareConfiguration.parse(contents: "adc_bits = 8\nadc_range = 0 1e-6", file: "h.hw"))
        let report = try trainer.trainEpoch(on: Self.data(), epoch: 0)
        XCTAssertGreaterThan(report.clippedReadings, 0)
        let wide = try DeepResistiveTrainer(try Self.network(), configuration: .init(batchSize: 8), seed: 1)
        try wide.install(hardware: HardwareConfiguration.parse(contents: "adc_bits = 12\nadc_range = 0 100", file: "h.hw"))
        XCTAssertEqual(try wide.trainEpoch(on: Self.data(), epoch: 0).clippedReadings, 0)
    }
}
