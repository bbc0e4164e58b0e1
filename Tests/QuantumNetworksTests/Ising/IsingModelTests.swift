import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// The matrix-free Ising/XXZ Hamiltonian against Kronecker products of Pauli matrices.
final class IsingModelTests: XCTestCase {
    func testApplyMatchesKroneckerProductsOfPaulis() {
        for (n, seed) in [(1, 1), (2, 2), (3, 3), (5, 4), (7, 5), (10, 6)] as [(Int, UInt64)] {
            for exchange in [false, true] where (n > 1 || !exchange) && (n < 10 || exchange) {
                let model = PauliKronecker.randomModel(spins: n, seed: seed, exchange: exchange)
                let difference = PauliKronecker.maxDifference(model.denseMatrix(), PauliKronecker.hamiltonian(model))
                XCTAssertLessThan(difference, 1e-13, "n = \(n), exchange = \(exchange)")
            }
        }
    }

    /// H is homogeneous of degree one in θ: H x = Σ_k θ_k (∂H/∂θ_k) x. At 14 spins `apply` works in
    /// blocks of 2¹² states with flips across blocks, which the whole-vector derivatives do not.
    func testApplyIsTheSumOfParametersTimesDerivativesBeyondOneBlock() {
        let model = PauliKronecker.randomModel(spins: 14, seed: 13, exchange: true)
        XCTAssertGreaterThan(model.dimension, IsingModel.applyBlock)
        var random = Xoshiro256StarStar(seed: 14)
        let x = (0..<model.dimension).map { _ in random.nextStandardNormal() }
        var hx = [Double](repeating: 0, count: model.dimension), term = hx, sum = hx
        x.withUnsafeBufferPointer { input in
            hx.withUnsafeMutableBufferPointer { model.apply(input, into: $0) }
            for k in model.parameters.indices {
                term.withUnsafeMutableBufferPointer { model.applyDerivative(k, input, into: $0) }
                for s in sum.indices { sum[s] += model.parameters[k] * term[s] }
            }
        }
        XCTAssertLessThan(PauliKronecker.maxDifference(hx, sum), 1e-12)
        XCTAssertGreaterThan(hx.map(abs).max() ?? 0, 1)
    }

    /// −Jy Y⊗Y written out: Y⊗Y = [[0,0,0,−1],[0,0,1,0],[0,1,0,0],[−1,0,0,0]].
    func testYYTermIsRealWithTheDocumentedSigns() {
        let model = IsingModel(spinCount: 2, exchangeBonds: [IsingModel.Bond(0, 1)], xCouplings: [0], yCouplings: [1])
        XCTAssertEqual(model.denseMatrix(), [0, 0, 0, 1,
                                             0, 0, -1, 0,
                                             0, -1, 0, 0,
                                             1, 0, 0, 0])
        // Spin 0 is bit 0: h0 = 1 alone gives diag(−1, +1, −1, +1).
        let field = IsingModel(spinCount: 2, fields: [1, 0])
        XCTAssertEqual(field.denseMatrix(), [-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1])
    }

    func testParameterNamesAndLayout() {
        let model = IsingModel(spinCount: 3, bonds: IsingModel.chainBonds(3), couplings: [1, 2],
                               fields: [3, 4, 5], transverseFields: [6, 7, 8],
                               exchangeBonds: [IsingModel.Bond(2, 0)], xCouplings: [9], yCouplings: [10])
        XCTAssertEqual(model.parameterNames, ["J0_1", "J1_2", "Jx0_2", "Jy0_2", "h0", "h1", "h2", "G0", "G1", "G2"])
        XCTAssertEqual(model.parameters, [1, 2, 9, 10, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(model.fieldIndex(2), 6)
        XCTAssertEqual(model.transverseFieldIndex(0), 7)
        XCTAssertEqual(model.yCouplingIndex(0), 3)
        XCTAssertEqual(Array(model.transverseFields), [6, 7, 8])
    }

    /// H is linear in θ, so H(θ + e_k) − H(θ) is ∂H/∂θ_k exactly (up to rounding).
    func testDerivativesAreDifferencesOfTheHamiltonian() {
        for exchange in [false, true] {
            let model = PauliKronecker.randomModel(spins: 4, seed: 11, exchange: exchange)
            let n = model.dimension
            let base = model.denseMatrix()
            for k in model.parameters.indices {
                var shifted = model
                shifted.parameters[k] += 1
                let difference = zip(shifted.denseMatrix(), base).map { $0 - $1 }
                var derivative = [Double](repeating: 0, count: n * n)
                var unit = [Double](repeating: 0, count: n), column = [Double](repeating: 0, count: n)
                for j in 0..<n {
                    unit[j] = 1
                    unit.withUnsafeBufferPointer { x in column.withUnsafeMutableBufferPointer { model.applyDerivative(k, x, into: $0) } }
                    for i in 0..<n { derivative[i * n + j] = column[i] }
                    unit[j] = 0
                }
                XCTAssertLessThan(PauliKronecker.maxDifference(derivative, difference), 1e-13, model.parameterNames[k])
                XCTAssertGreaterThan(derivative.map(abs).max() ?? 0, 0.5, "∂H/∂\(model.parameterNames[k]) is not zero")
            }
        }
    }

    /// Incremental diagonal updates (and the periodic rebuild) match a model built afresh; a copy
    /// keeps its own Hamiltonian.
    func testParameterChangesKeepTheDiagonalExactAndCopiesIndependent() {
        var model = PauliKronecker.randomModel(spins: 3, seed: 21, exchange: true)
        let copy = model, copyMatrix = model.denseMatrix()
        var random = Xoshiro256StarStar(seed: 22)
        for _ in 0..<(DiagonalStorage.rebuildInterval + 300) {
            model.setParameter(random.nextInt(below: model.parameters.count), to: random.nextDouble(in: -1..<1))
        }
        let fresh = IsingModel(spinCount: 3, bonds: model.bonds, couplings: Array(model.couplings),
                               fields: Array(model.fields), transverseFields: Array(model.transverseFields),
                               exchangeBonds: model.exchangeBonds,
                               xCouplings: (0..<model.exchangeBonds.count).map { model.parameters[model.xCouplingIndex($0)] },
                               yCouplings: (0..<model.exchangeBonds.count).map { model.parameters[model.yCouplingIndex($0)] })
        XCTAssertLessThan(PauliKronecker.maxDifference(model.denseMatrix(), fresh.denseMatrix()), 1e-13)
        XCTAssertLessThan(PauliKronecker.maxDifference(model.denseMatrix(), PauliKronecker.hamiltonian(model)), 1e-13)
        XCTAssertEqual(copy.denseMatrix(), copyMatrix)
        XCTAssertGreaterThan(PauliKronecker.maxDifference(copy.denseMatrix(), model.denseMatrix()), 0.1)
    }
}
