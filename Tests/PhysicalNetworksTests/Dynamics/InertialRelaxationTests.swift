import XCTest
@testable import PhysicalNetworks

/// The inertial dynamics of spring networks: damped velocity Verlet and FIRE reach the
/// equilibrium that overdamped flow + Newton reach (and that LAMMPS reaches, LAMMPSDataTests);
/// without damping the Verlet energy error stays bounded and shrinks as h².
final class InertialRelaxationTests: XCTestCase {
    func testDampedVerletAndFIREReachTheSameEquilibrium() {
        let network = LAMMPSDataTests.lattice(side: 6, seed: 11)
        let reference = LAMMPSDataTests.relaxed(network)
        let equations = NetworkEquations(network: network.network())

        var verletState = network.initialState
        let verlet = DampedVerlet(mass: 1, damping: 1, step: 0.05).relax(equations, state: &verletState)
        var fireState = network.initialState
        let fire = FIRE(initialStep: 0.05).minimize(equations, state: &fireState)
        XCTAssertEqual(verlet.status, .converged)
        XCTAssertEqual(fire.status, .converged)
        var worst = (verlet: 0.0, fire: 0.0)
        for (i, p) in reference.enumerated() {
            let v = network.positions(verletState)[i] - p, f = network.positions(fireState)[i] - p
            worst.verlet = max(worst.verlet, (v * v).sum().squareRoot())
            worst.fire = max(worst.fire, (f * f).sum().squareRoot())
        }
        print("springs lattice (36 nodes): damped Verlet settles in \(verlet.time) s (\(verlet.steps) steps), FIRE in \(fire.iterations) iterations; distance to Newton's equilibrium \(worst.verlet), \(worst.fire)")
        XCTAssertLessThan(worst.verlet, 1e-8)
        XCTAssertLessThan(worst.fire, 1e-8)
        XCTAssertLessThan(fire.iterations, verlet.steps, "FIRE is the fast minimizer")
    }

    /// Total energy E + ½ m |v|² along an undamped run of case 8 from its displaced start.
    static func energyError(step: Double, duration: Double) -> (largest: Double, drift: Double) {
        let network = Network(
            unknowns: (0..<4).map { Unknown(name: "u\($0)", kind: .coordinate) },
            interactions: [SpringsTests.caseEight()], parameters: SpringsTests.stiffness + SpringsTests.restLengths,
            parameterNames: (0..<10).map { "p\($0)" })
        let equations = NetworkEquations(network: network)
        var state = SpringsTests.start, velocity = [Double](repeating: 0, count: 4)
        let initial = state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        var errors: [Double] = []
        let steps = Int((duration / step).rounded())
        _ = DampedVerlet(mass: 1, damping: 0, step: step).simulate(equations, state: &state, velocity: &velocity,
                                                                   steps: steps) { _, x, v in
            let kinetic = 0.5 * v.reduce(0) { $0 + $1 * $1 }
            errors.append(equations.energy(x, drive: .dc) + kinetic - initial)
        }
        let tenth = max(errors.count / 10, 1)
        let early = errors.prefix(tenth).reduce(0, +) / Double(tenth), late = errors.suffix(tenth).reduce(0, +) / Double(tenth)
        return (errors.map(abs).max()! / initial, abs(late - early) / initial)
    }

    func testUndampedVerletConservesEnergyToSecondOrder() {
        let coarse = Self.energyError(step: 0.02, duration: 400), fine = Self.energyError(step: 0.01, duration: 400)
        print("springs case 8, undamped Verlet over 400 s: energy error \(coarse.largest) (h = 0.02), \(fine.largest) (h = 0.01); drift \(coarse.drift), \(fine.drift)")
        XCTAssertLessThan(coarse.largest, 1e-3)
        XCTAssertEqual(coarse.largest / fine.largest, 4, accuracy: 0.5, "second order")
        XCTAssertLessThan(coarse.drift, 0.1 * coarse.largest, "bounded, not drifting")
    }
}
