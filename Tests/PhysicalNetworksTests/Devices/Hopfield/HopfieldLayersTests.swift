import XCTest
@testable import PhysicalNetworks

final class HopfieldLayersTests: XCTestCase {
    /// Weights in ±1 and biases in ±0.5 for `family`, seeded.
    func randomParameters(_ family: HopfieldLayers, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<family.parameterCount).map { _ in Double.random(in: -1...1, using: &generator) }
    }

    func testLayoutAndFlags() {
        let family = HopfieldLayers(layerSizes: [3, 4, 2], firstNode: 1, parameterOffset: 5)
        XCTAssertEqual(family.parameterCount, 3 * 4 + 4 * 2 + 4 + 2)
        XCTAssertEqual(family.layerNodes(0), 1..<4)
        XCTAssertEqual(family.freeNodes, 4..<10)
        XCTAssertEqual(family.outputNodes, 8..<10)
        XCTAssertEqual(family.weightIndex(layer: 0, row: 2, column: 3), 5 + 11)
        XCTAssertEqual(family.weightIndex(layer: 1, row: 0, column: 1), 5 + 13)
        XCTAssertEqual(family.biasIndex(layer: 1, unit: 0), 5 + 20)
        XCTAssertEqual(family.biasIndex(layer: 2, unit: 1), 5 + 25)
        XCTAssertTrue(family.isReciprocal)
        XCTAssertFalse(family.isLinear)
        XCTAssertEqual(HopfieldLayers.rhoDerivative(0), 1)
        XCTAssertEqual(HopfieldLayers.rhoDerivative(1), 1)
        XCTAssertEqual(HopfieldLayers.rhoDerivative(1.5), 0)
        XCTAssertEqual(HopfieldLayers.rho(-0.2), 0)
    }

    func testInitialParametersAndNetwork() {
        let family = HopfieldLayers(layerSizes: [6, 4, 2])
        var generator = SeededGenerator(seed: 7)
        let parameters = family.initialParameters(using: &generator)
        XCTAssertEqual(parameters.count, family.parameterCount)
        let bounds = [(6.0 / 10).squareRoot(), (6.0 / 6).squareRoot()]
        for l in 0..<2 {
            let weights = (0..<family.layerSizes[l]).flatMap { i in
                (0..<family.layerSizes[l + 1]).map { parameters[family.weightIndex(layer: l, row: i, column: $0)] }
            }
            XCTAssertTrue(weights.allSatisfy { abs($0) <= bounds[l] }, "W\(l) within ±\(bounds[l])")
            XCTAssertGreaterThan(weights.map(abs).max() ?? 0, bounds[l] / 2)
        }
        XCTAssertEqual(Array(parameters[32...]), [Double](repeating: 0, count: 6), "biases start at 0")

        let network = family.network(parameters: parameters)
        XCTAssertEqual(network.dimension, 12)
        XCTAssertEqual(network.unknowns[6].name, "l1.0")
        XCTAssertEqual(network.parameterNames[family.weightIndex(layer: 1, row: 3, column: 1)], "w1.3.1")
        XCTAssertEqual(network.parameterNames[family.biasIndex(layer: 2, unit: 1)], "b2.1")
        XCTAssertEqual(network.roles.outputs, [10, 11])
        XCTAssertEqual(network.roles.trainable.count, 38)
        XCTAssertTrue(network.isGradientSystem)
    }

    /// The shared check, with every state strictly inside (0, 1), away from the kinks.
    func testDerivativesAgainstFiniteDifferences() {
        let family = HopfieldLayers(layerSizes: [3, 4, 2], firstNode: 1, parameterOffset: 2)
        // Two unrelated parameters before the family's block and one after it.
        let parameters = [0.7, -0.3] + randomParameters(family, seed: 11) + [0.25]
        var generator = SeededGenerator(seed: 12)
        let states = generator.states(4, dimension: 11, in: 0.05...0.95)
        assertInteractionDerivatives(family, dimension: 11, parameters: parameters, states: states)
    }

    /// A deeper stack, wider than the GEMM kernels' blocks, batch 8.
    func testDerivativesOnFourLayers() {
        let family = HopfieldLayers(layerSizes: [5, 7, 6, 3])
        let parameters = randomParameters(family, seed: 21)
        var generator = SeededGenerator(seed: 22)
        let states = generator.states(3, dimension: 21, in: 0.02...0.98)
        assertInteractionDerivatives(family, dimension: 21, parameters: parameters, states: states)
    }

    /// Outside [0, 1] the GEMMs are corrected entry by entry: compare every evaluation with the
    /// formulas written out unit by unit.
    func testStatesOutsideTheBoxMatchTheFormulas() {
        var generator = SeededGenerator(seed: 32)
        checkAgainstFormulas(HopfieldLayers(layerSizes: [3, 4, 2]), generator.states(5, dimension: 9, in: -0.6...1.6))
        // Layers wider than the 8-lane scan; rows 0 and 2 inside the box, row 1 with one unit
        // outside in each layer, row 3 with one just above 1 in the last layer.
        var states = generator.states(4, dimension: 29, in: 0...1)
        states[1][3] = -0.25
        states[1][20] = 1.5
        states[1][27] = -1
        states[3][28] = 1 + 1e-9
        checkAgainstFormulas(HopfieldLayers(layerSizes: [17, 9, 3]), states)
    }

    func checkAgainstFormulas(_ family: HopfieldLayers, _ states: [[Double]], file: StaticString = #filePath, line: UInt = #line) {
        let parameters = randomParameters(family, seed: 31)
        let dimension = family.nodes.count
        let checks = InteractionChecks(family: family, dimension: dimension, parameters: parameters)
        let residuals = checks.residualBatch(states)
        let energies = checks.energies(states, parameters)
        let gradient = checks.parameterGradient(states)
        var expectedGradient = [Double](repeating: 0, count: parameters.count)
        for (b, s) in states.enumerated() {
            let reference = ReferenceHopfield(family: family, parameters: parameters, state: s)
            for i in 0..<dimension {
                XCTAssertEqual(residuals[b][i], reference.residual(i), accuracy: 1e-13, "F\(i) of state \(b)", file: file, line: line)
            }
            XCTAssertEqual(energies[b], reference.energy, accuracy: 1e-13, "energy of state \(b)", file: file, line: line)
            reference.addParameterGradient(into: &expectedGradient)
        }
        for k in parameters.indices {
            XCTAssertEqual(gradient[k], expectedGradient[k], accuracy: 1e-13, "∂E/∂θ\(k)", file: file, line: line)
        }
    }

    /// λᵀ ∂F/∂θ against central differences of λᵀ F over the parameters.
    func testParameterJacobianProductAgainstFiniteDifferences() {
        let family = HopfieldLayers(layerSizes: [3, 4, 2])
        let parameters = randomParameters(family, seed: 41)
        var generator = SeededGenerator(seed: 42)
        let state = generator.states(1, dimension: 9, in: 0.05...0.95)[0]
        let adjoint = generator.states(1, dimension: 9, in: -1...1)[0]
        var product = [Double](repeating: 0, count: parameters.count)
        state.withUnsafeBufferPointer { s in
            adjoint.withUnsafeBufferPointer { a in
                parameters.withUnsafeBufferPointer { p in
                    product.withUnsafeMutableBufferPointer {
                        family.addParameterJacobianProduct(s, adjoint: a, drive: .dc, parameters: p, into: $0)
                    }
                }
            }
        }
        for k in parameters.indices {
            let h = 1e-6
            var plus = parameters, minus = parameters
            plus[k] += h
            minus[k] -= h
            let projected = { (theta: [Double]) -> Double in
                let f = InteractionChecks(family: family, dimension: 9, parameters: theta).residual(state)
                return zip(f, adjoint).reduce(0) { $0 + $1.0 * $1.1 }
            }
            XCTAssertEqual(product[k], (projected(plus) - projected(minus)) / (2 * h), accuracy: 1e-8, "λᵀ∂F/∂θ\(k)")
        }
    }

    /// `clampsInput` writes the same free rows (states inside and outside the box) and leaves
    /// the input rows as they were.
    func testClampedInputSkipsOnlyTheInputRows() {
        let full = HopfieldLayers(layerSizes: [4, 5, 3]), clamped = HopfieldLayers(layerSizes: [4, 5, 3], clampsInput: true)
        let parameters = randomParameters(full, seed: 91)
        var generator = SeededGenerator(seed: 92)
        let states = generator.states(3, dimension: 12, in: -0.3...1.3)
        let expected = InteractionChecks(family: full, dimension: 12, parameters: parameters).residualBatch(states)
        let skipped = InteractionChecks(family: clamped, dimension: 12, parameters: parameters).residualBatch(states)
        for b in 0..<3 {
            XCTAssertEqual(Array(skipped[b][0..<4]), [0, 0, 0, 0], "input rows of state \(b) untouched")
            XCTAssertEqual(Array(skipped[b][4...]), Array(expected[b][4...]), "free rows of state \(b)")
        }
    }

    /// A batch of 16 on a 40-30-10 stack: every row of the batch evaluation equals the row
    /// evaluated alone (to rounding: GEMM blocking may differ with the batch size).
    func testBatchAgreesWithSingleRows() {
        let family = HopfieldLayers(layerSizes: [40, 30, 10])
        let parameters = randomParameters(family, seed: 51)
        var generator = SeededGenerator(seed: 52)
        let states = generator.states(16, dimension: 80, in: -0.1...1.1)
        let checks = InteractionChecks(family: family, dimension: 80, parameters: parameters)
        let batch = checks.residualBatch(states), energies = checks.energies(states, parameters)
        var sum = [Double](repeating: 0, count: parameters.count)
        for (b, s) in states.enumerated() {
            let single = checks.residual(s)
            for i in 0..<80 { XCTAssertEqual(batch[b][i], single[i], accuracy: 1e-12, "F\(i) of row \(b)") }
            XCTAssertEqual(energies[b], checks.energies([s], parameters)[0], accuracy: 1e-12)
            for (k, value) in checks.parameterGradient([s]).enumerated() { sum[k] += value }
        }
        for (k, value) in checks.parameterGradient(states).enumerated() {
            XCTAssertEqual(value, sum[k], accuracy: 1e-11, "∂E/∂θ\(k)")
        }
    }
}

/// SB17's energy written out unit by unit, the oracle for states outside [0, 1].
struct ReferenceHopfield {
    var family: HopfieldLayers
    var parameters: [Double]
    var state: [Double]

    func rho(_ i: Int) -> Double { HopfieldLayers.rho(state[i]) }
    func layerOf(_ node: Int) -> Int { (0..<family.layerCount).first { family.layerNodes($0).contains(node) } ?? -1 }

    func weight(_ a: Int, _ b: Int) -> Double? {
        let la = layerOf(a), lb = layerOf(b)
        if lb == la + 1 {
            return parameters[family.weightIndex(layer: la, row: a - family.layerNodes(la).lowerBound,
                                                 column: b - family.layerNodes(lb).lowerBound)]
        }
        if la == lb + 1 { return weight(b, a) }
        return nil
    }

    func bias(_ i: Int) -> Double {
        let l = layerOf(i)
        return l == 0 ? 0 : parameters[family.biasIndex(layer: l, unit: i - family.layerNodes(l).lowerBound)]
    }

    var energy: Double {
        var e = 0.0
        for i in family.nodes { e += 0.5 * state[i] * state[i] - bias(i) * rho(i) }
        for i in family.nodes {
            for j in family.nodes where layerOf(j) == layerOf(i) + 1 { e -= rho(i) * (weight(i, j) ?? 0) * rho(j) }
        }
        return e
    }

    func residual(_ i: Int) -> Double {
        var drive = bias(i)
        for j in family.nodes { if let w = weight(i, j) { drive += w * rho(j) } }
        return state[i] - HopfieldLayers.rhoDerivative(state[i]) * drive
    }

    func addParameterGradient(into gradient: inout [Double]) {
        for l in 0..<(family.layerCount - 1) {
            for (i, a) in family.layerNodes(l).enumerated() {
                for (j, b) in family.layerNodes(l + 1).enumerated() {
                    gradient[family.weightIndex(layer: l, row: i, column: j)] -= rho(a) * rho(b)
                }
            }
        }
        for l in 1..<family.layerCount {
            for (i, node) in family.layerNodes(l).enumerated() { gradient[family.biasIndex(layer: l, unit: i)] -= rho(node) }
        }
    }
}
