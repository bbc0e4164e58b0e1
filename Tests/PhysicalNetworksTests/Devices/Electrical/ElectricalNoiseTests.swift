import XCTest
@testable import PhysicalNetworks

/// Fluctuation–dissipation for the resistive families: the covariance rate of their Johnson
/// noise forces, Σ_k b_k b_kᵀ with b_k source k's force for a unit normal, is 2kT times their
/// conductance matrix (the Jacobian of a linear resistive family) — so that a linear RC network
/// relaxes to covariance kT·C⁻¹. Under Boltzmann noise resistors are silent and capacitors carry
/// 2T·C.
final class ElectricalNoiseTests: XCTestCase {
    static let kT = 4.14e-21

    /// A 2 × 3 crossbar (rows 0–1, columns 2–4) with resistors from node 0 to 2 and 4 to ground,
    /// and capacitors on every node.
    static func equations() -> NetworkEquations {
        let conductances = [1e-6, 2e-6, 0.5e-6, 3e-6, 0.7e-6, 1.3e-6]
        let resistors: [(Int, Int)] = [(0, 2), (4, -1)]
        let capacitors: [(Int, Int)] = (0..<5).map { ($0, -1) } + [(1, 3)]
        let capacitances = [1e-15, 2e-15, 3e-15, 1e-15, 2e-15, 0.5e-15]
        let network = Network(
            unknowns: (0..<5).map { Unknown(name: "n\($0)", kind: .nodeVoltage) },
            interactions: [Crossbar(rowNodes: 0..<2, columnNodes: 2..<5, parameterOffset: 0),
                           Resistors(terminals: resistors, parameterOffset: 6),
                           Capacitors(terminals: capacitors, parameterOffset: 8)],
            parameters: conductances + [4e-6, 0.2e-6] + capacitances,
            parameterNames: (0..<(8 + capacitances.count)).map { "p\($0)" })
        return NetworkEquations(network: network)
    }

    func testJohnsonNoiseIsTwoKTTimesTheConductanceMatrix() {
        let equations = Self.equations()
        XCTAssertEqual(equations.network.interactions[0].noiseSourceCount(.johnson), 6)
        let noise = equations.noiseForceCovariance(.johnson, temperature: Self.kT)
        let conductance = equations.denseJacobian(at: [Double](repeating: 0.1, count: 5))
        for (a, g) in zip(noise, conductance) {
            XCTAssertEqual(a, 2 * Self.kT * g, accuracy: 1e-12 * 2 * Self.kT * 1e-5)
        }
        // Row 0 to column 3 (G_01 = 2 µS): a crosspoint's off-diagonal, −2kT·G_01.
        XCTAssertEqual(noise[0 * 5 + 3], -2 * Self.kT * 2e-6, accuracy: 1e-40)
    }

    func testBoltzmannNoiseIsTwoTTimesTheCapacitanceMatrix() {
        let equations = Self.equations()
        let t = 1e-12
        let noise = equations.noiseForceCovariance(.boltzmann, temperature: t)
        for (a, m) in zip(noise, equations.denseMass) {
            XCTAssertEqual(a, 2 * t * m, accuracy: 1e-12 * 2 * t * 1e-15)
        }
    }
}
