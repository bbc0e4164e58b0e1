import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// The projector cost 1 − Π (1 + y_o Z_o)/2: its value is the readout's miss probability, and
/// quantum EP's gradient of it matches finite differences on case 4's Hamiltonian, ground and
/// excited states.
final class SpinProjectorCostTests: XCTestCase {
    func testCostIsTheMissProbability() {
        // Two spins, outputs both, targets (+1, −1): only basis state 0b10 (spin 0 up, spin 1
        // down) is the target configuration.
        let cost = SpinProjectorCost(spins: 2, outputs: [0, 1], targets: [1, -1])
        XCTAssertEqual(cost.denseMatrix(), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        let psi = [0.5, 0.5, 0.5, 0.5]
        XCTAssertEqual(cost.expectation(psi), 0.75, accuracy: 1e-15)
        XCTAssertFalse(cost.isCorrect(psi))
        XCTAssertTrue(cost.isCorrect([0, 0, 1, 0]))
    }

    func testExactAndCenteredGradientsMatchFiniteDifferences() throws {
        let cost = SpinProjectorCost(spins: 2, outputs: [0], targets: [1])
        for level in 0..<2 {
            let ep = QuantumEquilibriumPropagation(hamiltonian: QuantumEquilibriumPropagationTests.caseFour(), cost: cost,
                                                   level: level, solve: jacobiSolve)
            let exact = try ep.exactGradient().gradient
            let centered = try ep.gradient(.centered, beta: 0.001).gradient
            for k in 0..<5 {
                var plus = QuantumEquilibriumPropagationTests.caseFour(), minus = plus
                plus.parameters[k] += 1e-5
                minus.parameters[k] -= 1e-5
                let difference = (cost.expectation(jacobiEigen(plus.denseMatrix()).vectors[level])
                                  - cost.expectation(jacobiEigen(minus.denseMatrix()).vectors[level])) / 2e-5
                XCTAssertEqual(exact[k], difference, accuracy: 1e-7, "level \(level), parameter \(k)")
                XCTAssertEqual(centered[k], exact[k], accuracy: 1e-5, "level \(level), parameter \(k)")
            }
        }
    }

    func testModelFilesChooseTheCost() throws {
        let text = "t\nspin a\nspin b\nzz j a b 1\ntransverse g a 0.5\n*@ output b\n*@ cost projector\n"
        let model = try QuantumModelParser.parse(contents: text, file: "m")
        XCTAssertEqual(model.roles.cost, .projector)
        XCTAssertTrue(model.spinCost() is SpinProjectorCost)
        XCTAssertTrue(try QuantumModelParser.parse(contents: "t\nspin a\n*@ output a\n", file: "m").spinCost() is SpinSquaredError)
        XCTAssertThrowsError(try QuantumModelParser.parse(contents: "t\nspin a\n*@ cost cubic\n", file: "m")) { error in
            XCTAssertTrue("\(error)".hasPrefix("m:3:9: unknown cost 'cubic'"), "\(error)")
        }
        XCTAssertThrowsError(try QuantumModelParser.parse(contents: "t\nmode a\n*@ cost projector\n", file: "m"))
    }
}
