import XCTest
@testable import PhysicalNetworks

/// The stationary laws of the two noise models on a linear RC network, against their closed
/// forms (PHYSICS.md §5): Johnson–Nyquist noise on the resistors gives covariance kT·C⁻¹ whatever
/// the conductances; Boltzmann noise on the capacitances gives T·G⁻¹ (exp(−E/T), E the
/// co-content) whatever the capacitances. And seeded reproducibility.
final class LangevinDynamicsTests: XCTestCase {
    /// Three nodes: resistors to ground and between nodes (G), capacitors to ground and one
    /// between nodes 0 and 1 (a non-diagonal C).
    static func network(conductances g: [Double], capacitances c: [Double]) -> Network {
        let resistors: [(a: Int, b: Int)] = [(0, -1), (1, -1), (2, -1), (0, 1), (1, 2)]
        let capacitors: [(a: Int, b: Int)] = [(0, -1), (1, -1), (2, -1), (0, 1)]
        return Network(unknowns: (0..<3).map { Unknown(name: "n\($0)", kind: .nodeVoltage) },
                       interactions: [Resistors(terminals: resistors, parameterOffset: 0),
                                      Capacitors(terminals: capacitors, parameterOffset: resistors.count)],
                       parameters: g + c, parameterNames: (0..<(g.count + c.count)).map { "p\($0)" })
    }

    /// The 3 × 3 matrix a two-terminal family with values `v` on `terminals` stamps.
    static func stamp(_ terminals: [(a: Int, b: Int)], _ v: [Double]) -> [[Double]] {
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        for (t, value) in zip(terminals, v) {
            if t.a >= 0 { m[t.a][t.a] += value }
            if t.b >= 0 { m[t.b][t.b] += value }
            if t.a >= 0 && t.b >= 0 { m[t.a][t.b] -= value; m[t.b][t.a] -= value }
        }
        return m
    }

    /// The inverse of a small matrix by Gauss–Jordan elimination with partial pivoting.
    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        var m = a.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot)
            let p = m[col][col]
            m[col] = m[col].map { $0 / p }
            for r in 0..<n where r != col {
                let f = m[r][col]
                m[r] = zip(m[r], m[col]).map { $0 - f * $1 }
            }
        }
        return m.map { Array($0[n...]) }
    }

    /// Sample mean and covariance of the states a run observes.
    static func sampleCovariance(_ dynamics: LangevinDynamics, _ network: Network, steps: Int, every: Int)
        throws -> (mean: [Double], covariance: [[Double]]) {
        let equations = NetworkEquations(network: network)
        var state = [Double](repeating: 0, count: 3)
        try dynamics.run(equations, state: &state, steps: steps / 10, every: 1)  // burn-in
        var sum = [0.0, 0.0, 0.0], products = [[Double]](repeating: [0, 0, 0], count: 3), count = 0.0
        try dynamics.run(equations, state: &state, steps: steps, every: every) { x in
            count += 1
            for i in 0..<3 {
                sum[i] += x[i]
                for j in 0..<3 { products[i][j] += x[i] * x[j] }
            }
        }
        let mean = sum.map { $0 / count }
        let covariance = (0..<3).map { i in (0..<3).map { j in products[i][j] / count - mean[i] * mean[j] } }
        return (mean, covariance)
    }

    static let conductances = [1.0, 0.5, 2.0, 0.7, 0.3]
    static let capacitances = [1.0, 2.0, 0.5, 0.4]

    func assertCovariance(_ measured: [[Double]], _ expected: [[Double]], tolerance: Double, _ what: String,
                          file: StaticString = #filePath, line: UInt = #line) {
        let scale = (0..<3).map { expected[$0][$0] }.max()!
        for i in 0..<3 {
            for j in 0..<3 {
                XCTAssertEqual(measured[i][j], expected[i][j], accuracy: tolerance * scale,
                               "\(what) covariance[\(i)][\(j)]", file: file, line: line)
            }
        }
    }

    func testJohnsonNoiseGivesKTOverC() throws {
        let kT = 0.02
        let network = Self.network(conductances: Self.conductances, capacitances: Self.capacitances)
        let dynamics = LangevinDynamics(noise: .johnson, temperature: kT, stepSize: 0.02, scheme: .heun, seed: 4)
        let (mean, covariance) = try Self.sampleCovariance(dynamics, network, steps: 300_000, every: 10)
        let c = Self.stamp([(0, -1), (1, -1), (2, -1), (0, 1)], Self.capacitances)
        let expected = Self.inverse(c).map { $0.map { kT * $0 } }
        assertCovariance(covariance, expected, tolerance: 0.08, "Johnson")
        for m in mean { XCTAssertEqual(m, 0, accuracy: 0.1 * expected[0][0].squareRoot()) }
    }

    func testBoltzmannNoiseGivesTOverG() throws {
        let temperature = 0.02
        let network = Self.network(conductances: Self.conductances, capacitances: Self.capacitances)
        let dynamics = LangevinDynamics(noise: .boltzmann, temperature: temperature, stepSize: 0.02, scheme: .heun, seed: 5)
        let (_, covariance) = try Self.sampleCovariance(dynamics, network, steps: 300_000, every: 10)
        let g = Self.stamp([(0, -1), (1, -1), (2, -1), (0, 1), (1, 2)], Self.conductances)
        let expected = Self.inverse(g).map { $0.map { temperature * $0 } }
        assertCovariance(covariance, expected, tolerance: 0.08, "Boltzmann")
    }

    /// Johnson noise ignores the conductances, Boltzmann the capacitances: scaling them leaves
    /// the stationary covariance alone (within sampling error).
    func testEachLawIgnoresTheOtherMatrix() throws {
        let scaled = Self.network(conductances: Self.conductances.map { $0 * 3 }, capacitances: Self.capacitances)
        let johnson = LangevinDynamics(noise: .johnson, temperature: 0.02, stepSize: 0.01, scheme: .heun, seed: 6)
        let c = Self.stamp([(0, -1), (1, -1), (2, -1), (0, 1)], Self.capacitances)
        assertCovariance(try Self.sampleCovariance(johnson, scaled, steps: 300_000, every: 10).covariance,
                         Self.inverse(c).map { $0.map { 0.02 * $0 } }, tolerance: 0.08, "Johnson, 3G")
    }

    func testSameSeedSameTrajectoryAndNoNoiseAtZeroTemperature() throws {
        let network = Self.network(conductances: Self.conductances, capacitances: Self.capacitances)
        let equations = NetworkEquations(network: network)
        func trajectory(seed: UInt64, temperature: Double) throws -> [Double] {
            var state = [0.3, -0.2, 0.1]
            try LangevinDynamics(noise: .johnson, temperature: temperature, stepSize: 0.05, seed: seed)
                .run(equations, state: &state, steps: 200)
            return state
        }
        XCTAssertEqual(try trajectory(seed: 9, temperature: 0.1), try trajectory(seed: 9, temperature: 0.1))
        XCTAssertNotEqual(try trajectory(seed: 9, temperature: 0.1), try trajectory(seed: 10, temperature: 0.1))
        // T = 0: deterministic relaxation toward the equilibrium 0, whatever the seed.
        XCTAssertEqual(try trajectory(seed: 9, temperature: 0), try trajectory(seed: 10, temperature: 0))
        XCTAssertLessThan(try trajectory(seed: 9, temperature: 0).map(abs).max()!, 1e-3)
    }

    func testSingularMassIsReported() {
        let network = Network(unknowns: [Unknown(name: "n0", kind: .nodeVoltage)],
                              interactions: [Resistors(terminals: [(0, -1)], parameterOffset: 0)],
                              parameters: [1], parameterNames: ["g"])
        var state = [0.0]
        XCTAssertThrowsError(try LangevinDynamics(noise: .johnson, temperature: 1, stepSize: 0.1)
            .run(NetworkEquations(network: network), state: &state, steps: 10)) { error in
            XCTAssertEqual(error as? LangevinDynamics.Failure, .singularMass)
        }
    }
}
