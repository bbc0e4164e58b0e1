import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

final class ImaginaryTimeEvolutionTests: XCTestCase {
    func testConvergesToTheDenseGroundState() throws {
        for (n, seed, exchange) in [(4, 51, false), (8, 51, true)] as [(Int, UInt64, Bool)] {
            let model = PauliKronecker.randomModel(spins: n, seed: seed, exchange: exchange)
            let dense = try DenseEigensolver.decompose(model)
            let result = ImaginaryTimeEvolution().evolve(model)
            XCTAssertEqual(result.status, .converged)
            XCTAssertLessThan(result.variance, 1e-18)
            XCTAssertEqual(result.energy, dense.eigenvalues[0], accuracy: 1e-9)
            XCTAssertGreaterThan(abs(dot(result.state, dense.vector(0))), 1 - 1e-6)
            XCTAssertEqual(result.imaginaryTime, Double(result.steps) * result.timeStep, accuracy: 1e-9)
            XCTAssertEqual(dot(result.state, result.state), 1, accuracy: 1e-13)
        }
    }

    /// ‖ψ(τ) ∓ v_0‖ ∝ e^{−τΔ}: the measured decay rate between τ = 6 and τ = 10 is the gap.
    func testErrorDecaysAtTheGap() throws {
        let model = PauliKronecker.randomModel(spins: 4, seed: 51, exchange: false)
        let dense = try DenseEigensolver.decompose(model)
        let gap = dense.eigenvalues[1] - dense.eigenvalues[0]
        func distance(_ tau: Double) -> Double {
            let result = ImaginaryTimeEvolution(varianceTolerance: 0, timeStep: 0.02, maximumTime: tau).evolve(model)
            XCTAssertEqual(result.status, .maximumTime)
            XCTAssertEqual(result.imaginaryTime, tau, accuracy: 1e-9)
            return LanczosTests.distanceUpToSign(result.state, dense.vector(0))
        }
        let rate = log(distance(6) / distance(10)) / 4
        XCTAssertEqual(rate, gap, accuracy: 1e-3 * gap)
    }

    func testWarmStartAtTheGroundStateTakesNoStep() throws {
        let model = PauliKronecker.randomModel(spins: 5, seed: 53, exchange: true)
        let ground = try DenseEigensolver.decompose(model).vector(0)
        let result = ImaginaryTimeEvolution(varianceTolerance: 1e-20).evolve(model, from: ground)
        XCTAssertEqual(result.status, .converged)
        XCTAssertEqual(result.steps, 0)
    }

    func testStepBudgetIsReported() {
        let model = PauliKronecker.randomModel(spins: 4, seed: 51, exchange: false)
        let result = ImaginaryTimeEvolution(maximumSteps: 3).evolve(model)
        XCTAssertEqual(result.status, .maximumSteps)
        XCTAssertEqual(result.steps, 3)
    }

    /// A step far beyond RK4's stability (δτ·W = 16) is capped at the stable 2/(1.2 W) and the
    /// evolution still reaches the ground state.
    func testTooLargeStepIsCapped() throws {
        let model = PauliKronecker.randomModel(spins: 4, seed: 51, exchange: false)
        let dense = try DenseEigensolver.decompose(model)
        let width = dense.eigenvalues.last! - dense.eigenvalues[0]
        let result = ImaginaryTimeEvolution(timeStep: 16 / width).evolve(model)
        XCTAssertEqual(result.status, .converged)
        XCTAssertLessThan(result.timeStep * width, 2.78)
        XCTAssertGreaterThan(result.timeStep * width, 1)
        XCTAssertEqual(result.energy, dense.eigenvalues[0], accuracy: 1e-9)
    }
}
