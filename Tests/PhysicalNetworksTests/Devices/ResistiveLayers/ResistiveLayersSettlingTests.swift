import Foundation
import XCTest
@testable import PhysicalNetworks

/// The layered network's physical settling (backward Euler by block updates) against the
/// circuit's own transient (TR-BDF2 on the expanded netlist, capacitors at every node).
final class ResistiveLayersSettlingTests: XCTestCase {
    func testSettlingTimeAgreesWithTheCircuitsTransient() throws {
        for gain in ["4", "none"] {
            let description = try ResistiveLayersSolverTests.description(gain: gain)
            let layers = try ResistiveLayers(description)
            let parameters = ResistiveLayers.initialConductances(description, count: layers.parameterCount)
            let settling = ResistiveLayersSettling(layers: layers, capacitance: description.capacitance)
            let fast = settling.measure(ResistiveLayersSolverTests.sample(description), row: 0, parameters: parameters)
            XCTAssertTrue(fast.settled, "gain \(gain)")

            // The circuit from rest, on a grid of a tenth of the fastest time constant.
            let circuit = try CircuitBuilder.build(DeepResistiveNetworkBuilder.netlist(description))
            var control = StepControl(tolerances: Tolerances(relative: 1e-7, absoluteVoltage: 1e-10))
            control.maxStep = fast.step
            let grid = fast.fastestTimeConstant / 10
            let transient = simulateTransient(TransientProblem(network: circuit.network, stopTime: 2 * fast.settlingTime,
                                                               outputStep: grid, control: control), using: TRBDF2())
            XCTAssertTrue(transient.report.status.isSuccess, "gain \(gain): \(transient.report.message)")
            let (solver, _) = try ResistiveLayersSolverTests.solver(description)
            _ = parameters.withUnsafeBufferPointer { solver.relax(parameters: $0) }
            let equilibrium = ResistiveLayersSolverTests.namedVoltages(solver)
            let indices = equilibrium.keys.map { name in (circuit.nodeNames.firstIndex(of: name)!, equilibrium[name]!) }
            let distances = transient.states.map { state in indices.map { abs(state[$0.0] - $0.1) }.max()! }
            guard let first = distances.firstIndex(where: { $0 <= fast.tolerance }), first > 0 else {
                return XCTFail("gain \(gain): the circuit did not settle within \(2 * fast.settlingTime) s")
            }
            let before = distances[first - 1], after = distances[first]
            let fraction: Double = after > 0 ? Foundation.log(before / fast.tolerance) / Foundation.log(before / after) : 1
            let circuitTime = transient.times[first - 1] + fraction * grid
            let ratio = fast.settlingTime / circuitTime
            print("drn settling (gain \(gain)): layered \(fast.settlingTime) s in \(fast.steps) steps, circuit TR-BDF2 \(circuitTime) s, ratio \(ratio); τ_fast \(fast.fastestTimeConstant) s")
            XCTAssertEqual(ratio, 1, accuracy: 0.02, "gain \(gain)")
        }
    }
}
