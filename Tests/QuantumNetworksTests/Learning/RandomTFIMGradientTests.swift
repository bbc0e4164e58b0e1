import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Random TFIMs and XXZ models of 6 to 10 spins: the exact quantum EP gradient (perturbation
/// theory, one MINRES solve) against central finite differences of the loss computed by dense
/// diagonalization (LAPACK), to 1e-6; Richardson EP converging to it as β⁴ (measured error
/// ratios 15.8, 16.0, 16.0 when β halves from 0.02; errors 1.7e-7, 8e-10, 1e-8 at β = 0.01).
final class RandomTFIMGradientTests: XCTestCase {
    static func model(spins n: Int, seed: UInt64, exchange: Bool) -> IsingModel {
        var generator = Xoshiro256StarStar(seed: seed)
        func random(_ range: Range<Double>) -> Double { Double.random(in: range, using: &generator) }
        let bonds = IsingModel.allPairs(n).filter { _ in random(0..<1) < 0.5 } + IsingModel.chainBonds(n)
        let unique = Array(Set(bonds)).sorted { ($0.i, $0.j) < ($1.i, $1.j) }
        let exchangeBonds = exchange ? IsingModel.chainBonds(n) : []
        return IsingModel(spinCount: n, bonds: unique, couplings: unique.map { _ in random(-1..<1) },
                          fields: (0..<n).map { _ in random(-0.5..<0.5) },
                          transverseFields: (0..<n).map { _ in random(0.3..<1.2) },
                          exchangeBonds: exchangeBonds, xCouplings: exchangeBonds.map { _ in random(-0.5..<0.5) },
                          yCouplings: exchangeBonds.map { _ in random(-0.5..<0.5) })
    }

    /// L(θ) for the ground state of `model` with Ĉ = ½(Z_o − y)², by dense diagonalization.
    static func loss(_ model: IsingModel, cost: SpinSquaredError) throws -> Double {
        let state = try EigenstateSolver(method: .dense, denseDimensionLimit: 1024).eigenstate(0, of: model)
        return cost.expectation(state.vector)
    }

    func testExactGradientMatchesFiniteDifferencesOnRandomModels() throws {
        for (n, seed, exchange) in [(6, 1 as UInt64, false), (8, 2, true), (10, 3, false)] {
            let model = Self.model(spins: n, seed: seed, exchange: exchange)
            let cost = SpinSquaredError(spins: n, outputs: [n - 1], targets: [0.6])
            let ep = QuantumEquilibriumPropagation(hamiltonian: model, cost: cost)
            let exact = try ep.exactGradient().gradient
            // A spread of parameters (every kind appears), central differences with h = 1e-5.
            for k in stride(from: 0, to: model.parameters.count, by: n < 10 ? 4 : 9) {
                var plus = model, minus = model
                plus.setParameter(k, to: model.parameters[k] + 1e-5)
                minus.setParameter(k, to: model.parameters[k] - 1e-5)
                let difference = (try Self.loss(plus, cost: cost) - Self.loss(minus, cost: cost)) / 2e-5
                XCTAssertEqual(exact[k], difference, accuracy: 1e-6, "\(n) spins, \(model.parameterNames[k])")
            }
            // Richardson's O(β⁴) bias: halving β divides the error by about 16.
            func error(_ beta: Double) throws -> Double {
                zip(try ep.gradient(.richardson, beta: beta).gradient, exact).map { abs($0 - $1) }.max()!
            }
            let coarse = try error(0.02), fine = try error(0.01)
            XCTAssertLessThan(fine, 1e-5)
            XCTAssertEqual(coarse / fine, 16, accuracy: 3, "\(n) spins")
        }
    }
}
