import Foundation
import XCTest
@testable import PhysicalNetworks

/// The layered network's energy account against the ledger of the same circuit integrated along
/// its transient (TR-BDF2 on the expanded netlist, capacitors at every node, `EnergyLedger`).
final class ResistiveLayersEnergyMeterTests: XCTestCase {
    /// From discharged capacitors to the free equilibrium and on for a while: the transient's
    /// heat is the steady power times the time plus κ·½C‖V‖² of the switch (κ = 1 without gain
    /// and with the diodes off, measured on the layered transient otherwise), and the capacitors
    /// keep ½C‖V‖².
    func testFreePhaseMatchesTheCircuitsIntegratedLedger() throws {
        for (gain, inputs, tolerance) in [("none", "1.2 -0.9 0.7", 1e-3), ("4", "1.2 -0.9 0.7", 0.2),
                                          ("none", "8 -6 5", 0.05)] {
            let description = try ResistiveLayersSolverTests.description(gain: gain, inputs: inputs)
            let layers = try ResistiveLayers(description)
            let (solver, parameters) = try ResistiveLayersSolverTests.solver(description)
            _ = parameters.withUnsafeBufferPointer { solver.relax(parameters: $0) }
            let settling = ResistiveLayersSettling(layers: layers, capacitance: description.capacitance)
                .measure(ResistiveLayersSolverTests.sample(description), row: 0, parameters: parameters)
            let duration = 4 * settling.settlingTime
            let meter = ResistiveLayersEnergyMeter(layers: layers, capacitance: description.capacitance,
                                                   phaseDuration: duration, capacity: 1)
            if gain == "none" && inputs.hasPrefix("1.2") {
                XCTAssertEqual(settling.switchingFactor, 1, accuracy: 0.03, "linear reciprocal: κ = 1 up to backward Euler")
            } else {
                meter.switchingFactor = settling.switchingFactor
            }
            parameters.withUnsafeBufferPointer { meter.addPhase(solver, parameters: $0, beta: 0) }
            let power = parameters.withUnsafeBufferPointer { solver.power(parameters: $0, beta: 0) }
            let stored = 0.5 * description.capacitance * solver.freeNodeSquareSum()

            let circuit = try CircuitBuilder.build(DeepResistiveNetworkBuilder.netlist(description))
            var control = StepControl(tolerances: Tolerances(relative: 1e-8, absoluteVoltage: 1e-11))
            control.maxStep = settling.step
            let transient = simulateTransient(TransientProblem(network: circuit.network, stopTime: duration,
                                                               outputStep: duration, control: control), using: TRBDF2())
            XCTAssertTrue(transient.report.status.isSuccess, transient.report.message)
            let ledger = transient.report.ledger
            // The switch's extra heat, the derived term, against what the circuit spent above P·T.
            let switching = meter.heat.total - power.heat * duration
            let excess = ledger.totalDissipated - power.heat * duration
            print("drn energy (gain \(gain), inputs \(inputs)): metered heat \(meter.heat.total) J vs circuit \(ledger.totalDissipated) J; "
                  + "switching \(switching) J vs circuit's excess \(excess) J; stored \(stored) vs \(ledger.storedChange); "
                  + "steady power \(power.heat) W over \(duration) s; κ \(settling.switchingFactor)")
            // κ is a small difference of two large heats when amplifiers charge the nodes (2·10⁻⁴ of
            // the total for gain 4), so backward Euler's error shows in it; the total is still close.
            XCTAssertEqual(meter.heat.total / ledger.totalDissipated, 1, accuracy: 1e-4, "gain \(gain), inputs \(inputs)")
            XCTAssertEqual(switching / excess, 1, accuracy: tolerance, "gain \(gain), inputs \(inputs)")
            XCTAssertEqual(stored / ledger.storedChange, 1, accuracy: 1e-4, "gain \(gain), inputs \(inputs)")
            XCTAssertEqual(meter.delivered.total, meter.heat.total, accuracy: 1e-12 * meter.heat.total)
        }
    }

    /// The power at an equilibrium, against the conductance matrix of a network without gain
    /// whose diodes stay off: Σ G ΔV² computed element by element, and Tellegen's balance.
    func testSteadyPowerIsTheSumOverResistors() throws {
        let description = try ResistiveLayersSolverTests.description(gain: "none", inputs: "1.2 -0.9 0.7")
        let layers = try ResistiveLayers(description)
        let (solver, parameters) = try ResistiveLayersSolverTests.solver(description)
        _ = parameters.withUnsafeBufferPointer { solver.relax(parameters: $0, beta: 2e-4) }
        let power = parameters.withUnsafeBufferPointer { solver.power(parameters: $0, beta: 2e-4) }
        var heat = 0.0, input = 0.0
        for l in 0..<layers.blockCount {
            let n = layers.nodeCounts[l + 1], offset = layers.blockParameters(l).lowerBound
            for i in 0..<layers.nodeCounts[l] {
                for j in 0..<n {
                    let drop = solver.voltage(sample: 0, layer: l, node: i) - solver.voltage(sample: 0, layer: l + 1, node: j)
                    heat += parameters[offset + i * n + j] * drop * drop
                    if l == 0 { input += parameters[offset + i * n + j] * drop * solver.voltage(sample: 0, layer: 0, node: i) }
                }
            }
        }
        XCTAssertEqual(power.resistorHeat, heat, accuracy: 1e-12 * heat)
        XCTAssertEqual(power.inputPower, input, accuracy: 1e-12 * heat)
        XCTAssertNotEqual(power.nudgePower, 0)
        // No gain, diodes off: only the inputs and the nudge deliver, so the supplies' share is ~0.
        XCTAssertEqual(power.supplyPower, 0, accuracy: 1e-6 * heat)
    }

    /// A metered training epoch: three phases per batch when centered, two when positive; the
    /// sources deliver exactly the heat over each sample's cycle.
    func testTrainingEpochBooksEveryPhase() throws {
        let description = try DeepResistiveNetworkDescription.parse(contents: """
            layers = 4 6 3
            gain = 4
            diode = ideal
            init = uniform 10u 100u
            seed = 3
            capacitance = 1n
            output = differential
            """, file: "t.drn")
        var features: [Double] = [], targets: [Double] = []
        var generator = Xoshiro256StarStar(seed: 5)
        for k in 0..<10 {
            features += (0..<4).map { _ in generator.nextUnitDouble() }
            targets += (0..<3).map { $0 == k % 3 ? 1 : 0 }
        }
        let data = Dataset(featureNames: (0..<4).map { "x\($0)" }, targetNames: ["a", "b", "c"],
                           features: features, targets: targets)
        for (nudging, phases) in [(DeepResistiveTrainingConfiguration.Nudging.centered, 3), (.positive, 2)] {
            let trainer = try DeepResistiveTrainer(description, configuration: .init(batchSize: 4, beta: 1e-6, nudging: nudging),
                                                   seed: 1)
            let meter = ResistiveLayersEnergyMeter(layers: trainer.layers, capacitance: 1e-9, phaseDuration: 1e-6, capacity: 4)
            trainer.energyMeter = meter
            _ = try trainer.trainEpoch(on: data, epoch: 0)
            XCTAssertEqual(meter.phases, 3 * phases, "\(nudging)")
            XCTAssertEqual(meter.physicalSeconds, Double(10 * phases) * 1e-6, accuracy: 1e-18)
            XCTAssertGreaterThan(meter.heat[ResistiveLayersEnergyMeter.freeHeat], 0)
            XCTAssertGreaterThan(meter.heat[ResistiveLayersEnergyMeter.dischargeHeat], 0)
            XCTAssertEqual(meter.delivered.total, meter.heat.total, accuracy: 1e-12 * meter.heat.total)
            _ = try trainer.evaluate(data)
            XCTAssertEqual(meter.phases, 3 * phases, "evaluation is not metered")
        }
    }
}
