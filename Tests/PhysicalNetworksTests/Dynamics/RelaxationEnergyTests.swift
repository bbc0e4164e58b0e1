import Foundation
import XCTest
@testable import PhysicalNetworks

/// Physical invariants of relaxation: energy only decreases along gradient flow and ends at
/// its minimum; the reported heat matches the closed-form integral of the dissipated power.
final class RelaxationEnergyTests: XCTestCase {
    private func energy(_ equations: NetworkEquations, _ state: [Double]) -> Double {
        state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
    }

    private func assertEnergyNonIncreasing<I: Integrator>(_ integrator: I, file: StaticString = #filePath,
                                                          line: UInt = #line) {
        let network = NetworkFixtures.gradientFlowNetwork()
        XCTAssertTrue(network.isGradientSystem)
        let equations = NetworkEquations(network: network)
        let step = 2e-5
        let problem = TransientProblem(network: network, stopTime: 2e-2, outputStep: step,
                                       control: StepControl(fixedStep: step))
        let result = simulateTransient(problem, using: integrator)
        XCTAssertEqual(result.report.status, .completed, file: file, line: line)
        XCTAssertEqual(result.states.count, 1001, file: file, line: line)
        let energies = result.states.map { energy(equations, $0) }
        var increases = 0
        for k in 1..<energies.count where energies[k] > energies[k - 1] + 1e-14 * abs(energies[k - 1]) {
            increases += 1
            if increases <= 3 {
                XCTFail("\(integrator.name): E rose from \(energies[k - 1]) to \(energies[k]) at step \(k)",
                        file: file, line: line)
            }
        }
        // It ends at the minimum: the operating point's energy, approached from above.
        let (op, report) = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(report.status, .converged, file: file, line: line)
        let minimum = energy(equations, op)
        XCTAssertLessThan(energies[0] - minimum, energies[0] - energies[energies.count - 1] + 1e-12,
                          file: file, line: line)
        XCTAssertEqual(energies[energies.count - 1], minimum, accuracy: 1e-9 * abs(minimum), file: file, line: line)
        for e in energies { XCTAssertGreaterThanOrEqual(e, minimum - 1e-15 * abs(minimum), file: file, line: line) }
    }

    func testEnergyNeverIncreasesUnderBackwardEuler() {
        assertEnergyNonIncreasing(BackwardEuler())
    }

    func testEnergyNeverIncreasesUnderTRBDF2() {
        assertEnergyNonIncreasing(TRBDF2())
    }

    func testEnergyNeverIncreasesUnderDormandPrince() {
        assertEnergyNonIncreasing(DormandPrince())
    }

    func testRelaxationEndsAtTheEnergyMinimum() {
        let network = NetworkFixtures.gradientFlowNetwork()
        let equations = NetworkEquations(network: network)
        let (op, _) = NetworkFixtures.operatingPoint(of: network)
        let result = relax(RelaxationProblem(network: network), using: TRBDF2())
        XCTAssertEqual(result.reports[0].status, .converged, result.reports[0].message)
        let settled = Array(result.state(0))
        for i in 0..<3 { XCTAssertEqual(settled[i], op[i], accuracy: 1e-8, "node \(i)") }
        let minimum = energy(equations, op)
        XCTAssertEqual(energy(equations, settled), minimum, accuracy: 1e-12 * abs(minimum))
        // A strict minimum: every nearby state has more energy (the co-contents are convex).
        var generator = SeededGenerator(seed: 21)
        for _ in 0..<50 {
            let direction = (0..<3).map { _ in Double.random(in: -1...1, using: &generator) }
            for size in [1e-4, 1e-2, 0.3] {
                let nearby = zip(op, direction).map { $0 + size * $1 }
                XCTAssertGreaterThan(energy(equations, nearby), minimum, "δ = \(size) · \(direction)")
            }
        }
    }

    func testDividerDissipatesTheClosedFormHeat() {
        // v(t) = (1 − e^{−t/τ})/3, τ = C/(g_a + g_b): P = g_a(1 − v)² + g_b v² = 2/3 + e^{−2t/τ}/3,
        // so ∫₀^T P dt = 2T/3 + (τ/6)(1 − e^{−2T/τ}).
        let tau = 1e-3 / 3
        func heat(until t: Double) -> Double { 2 * t / 3 + tau / 6 * (1 - exp(-2 * t / tau)) }
        for (name, result) in [("TR-BDF2", relax(RelaxationProblem(network: NetworkFixtures.divider()), using: TRBDF2())),
                               ("BE", relax(RelaxationProblem(network: NetworkFixtures.divider()), using: BackwardEuler()))] {
            let report = result.reports[0]
            XCTAssertEqual(report.status, .converged, "\(name): \(report.message)")
            let expected = heat(until: report.time)
            XCTAssertEqual(report.dissipatedEnergy, expected, accuracy: 2e-4 * expected,
                           "\(name): settled at \(report.time) s")
            // The transient's own share, τ/6 (1 − e^{−2T/τ}) ≈ 56 µJ, to 2 % (the heat of the
            // part of the last step after the settling time alone would be several times that).
            XCTAssertEqual(report.dissipatedEnergy - 2 * report.time / 3, expected - 2 * report.time / 3,
                           accuracy: 2e-2 * tau / 6, name)
        }
    }
}
