import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Imaginary time through the project's relaxation (Dormand–Prince on the `ImaginaryTimeFlow`
/// network) reaches the ground state the dense eigensolver finds, for a random 8-spin TFIM and
/// PHYSICS.md case 4.
final class ImaginaryTimeFlowTests: XCTestCase {
    func testRelaxationReachesTheDenseGroundState() throws {
        for model in [RandomTFIMGradientTests.model(spins: 8, seed: 7, exchange: false),
                      try QuantumModelParser.parse(contents: QuantumModelBuildersTests.caseFour, file: "c4").isingModel().hamiltonian] {
            let exact = try EigenstateSolver(method: .dense).eigenstate(0, of: model)
            var generator = Xoshiro256StarStar(seed: 3)
            let start = (0..<model.dimension).map { _ in Double.random(in: -1..<1, using: &generator) }
            let result = ImaginaryTimeRelaxation.groundState(of: model, from: start, tolerance: 1e-10)
            XCTAssertEqual(result.report.status, .converged, "\(result.report)")
            XCTAssertEqual(result.energy, exact.energy, accuracy: 1e-10 * max(1, abs(exact.energy)))
            let overlap = abs(zip(result.state, exact.vector).reduce(0) { $0 + $1.0 * $1.1 })
            XCTAssertEqual(overlap, 1, accuracy: 1e-8)
            XCTAssertLessThan(result.variance, 1e-16)
            XCTAssertGreaterThan(result.report.steps, 10, "it integrated, in imaginary time \(result.report.time)")
        }
    }
}
