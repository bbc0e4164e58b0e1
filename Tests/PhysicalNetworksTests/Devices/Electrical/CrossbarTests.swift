import XCTest
@testable import PhysicalNetworks

final class CrossbarTests: XCTestCase {
    /// A 3 × 4 crossbar inside a state of 9 unknowns: row layer 1..<4, column layer 5..<9
    /// (unknowns 0 and 4 belong to nobody, so the strided layer views are exercised), G at
    /// offset 2 of the parameter vector.
    private func smallCrossbar() -> (family: Crossbar, parameters: [Double]) {
        var generator = SeededGenerator(seed: 7)
        let g = (0..<12).map { _ in Double.random(in: 1e-4...5e-3, using: &generator) }
        return (Crossbar(rowNodes: 1..<4, columnNodes: 5..<9, parameterOffset: 2), [9, 9] + g + [9])
    }

    func testDerivativesAgainstFiniteDifferences() {
        let (family, parameters) = smallCrossbar()
        var generator = SeededGenerator(seed: 11)
        assertInteractionDerivatives(family, dimension: 9, parameters: parameters,
                                     states: generator.states(4, dimension: 9, in: -2...2))
    }

    func testFlagsAndLayout() {
        let family = Crossbar(rowNodes: 0..<3, columnNodes: 3..<7, parameterOffset: 5)
        XCTAssertTrue(family.isLinear)
        XCTAssertTrue(family.isReciprocal)
        XCTAssertEqual(family.familyName, "crossbar")
        XCTAssertEqual(family.conductanceCount, 12)
        XCTAssertEqual(family.parameterIndex(row: 2, column: 1), 5 + 2 * 4 + 1)
        XCTAssertEqual(family.jacobianEntries().count, 2 * 12 + 3 + 4)
    }

    func testEnergyPowerAndMeasurementInClosedForm() {
        // 1 × 2 block: G = [1 mS, 2 mS], V = 0.5 V, W = (0.1 V, −0.3 V).
        let family = Crossbar(rowNodes: 0..<1, columnNodes: 1..<3, parameterOffset: 0)
        let checks = InteractionChecks(family: family, dimension: 3, parameters: [1e-3, 2e-3])
        let x = [0.5, 0.1, -0.3]
        let energy = 0.5 * (1e-3 * 0.4 * 0.4 + 2e-3 * 0.8 * 0.8)
        XCTAssertEqual(checks.energies([x], [1e-3, 2e-3])[0], energy, accuracy: 1e-18)
        XCTAssertEqual(checks.dissipatedPowers([x])[0], 2 * energy, accuracy: 1e-18)
        let measured = checks.parameterGradient([x])
        XCTAssertEqual(measured[0], 0.5 * 0.4 * 0.4, accuracy: 1e-15)
        XCTAssertEqual(measured[1], 0.5 * 0.8 * 0.8, accuracy: 1e-15)
        let currents = checks.residual(x)
        XCTAssertEqual(currents[0], 1e-3 * 0.4 + 2e-3 * 0.8, accuracy: 1e-18)
        XCTAssertEqual(currents[1], -1e-3 * 0.4, accuracy: 1e-18)
        XCTAssertEqual(currents[2], -2e-3 * 0.8, accuracy: 1e-18)
    }

    /// The measurement's expanded form `½ΣV² + ½ΣW² − VᵀW` loses absolute accuracy
    /// ε Σ_b (V_bi² + W_bj²) to cancellation (the bound the type documents): with 1 V of common
    /// mode and millivolt drops, each ½ΣΔV² ≈ 1e-6 V² still carries 8 correct digits.
    func testMeasurementCancellationStaysWithinDocumentedBound() {
        let family = Crossbar(rowNodes: 0..<5, columnNodes: 5..<12, parameterOffset: 0)
        var generator = SeededGenerator(seed: 3)
        let parameters = (0..<35).map { _ in Double.random(in: 1e-4...1e-3, using: &generator) }
        let states = generator.states(4, dimension: 12, in: (1 - 1e-3)...(1 + 1e-3))
        let measured = InteractionChecks(family: family, dimension: 12, parameters: parameters).parameterGradient(states)
        let exact = InteractionChecks(family: asResistors(family), dimension: 12, parameters: parameters)
            .parameterGradient(states)
        var worstRatio = 0.0
        for i in 0..<5 {
            for j in 0..<7 {
                let k = family.parameterIndex(row: i, column: j)
                let bound = Double.ulpOfOne * states.map { $0[i] * $0[i] + $0[5 + j] * $0[5 + j] }.reduce(0, +)
                worstRatio = max(worstRatio, abs(measured[k] - exact[k]) / bound)
            }
        }
        // Measured: 0.75 of the bound at worst, 3e-9 relative.
        XCTAssertLessThanOrEqual(worstRatio, 4, "worst error / (ε Σ_b (V² + W²)) = \(worstRatio)")
        XCTAssertLessThanOrEqual(zip(measured, exact).map { abs($0 - $1) / $1 }.max() ?? .infinity, 1e-7)
    }

    // MARK: Equivalence with Resistors

    /// The crossbar's m·k devices as a `Resistors` family with the same parameter layout.
    private func asResistors(_ family: Crossbar) -> Resistors {
        var terminals: [(a: Int, b: Int)] = []
        for i in family.rowNodes {
            for j in family.columnNodes { terminals.append((i, j)) }
        }
        return Resistors(terminals: terminals, parameterOffset: family.parameterOffset)
    }

    func testAgreesWithResistorsOnRandomTwentyByThirtyBlock() {
        // Layers 3..<23 and 25..<55 of 56 unknowns; G at offset 4.
        assertAgreesWithResistors(Crossbar(rowNodes: 3..<23, columnNodes: 25..<55, parameterOffset: 4),
                                  dimension: 56, batch: 5, seed: 2024)
    }

    /// k = 1,030 > `Crossbar.chunk`: three column chunks (512, 512, 6), so partial row sums,
    /// stack buffers and SIMD tails are all exercised.
    func testAgreesWithResistorsBeyondOneColumnChunk() {
        assertAgreesWithResistors(Crossbar(rowNodes: 1030..<1033, columnNodes: 0..<1030, parameterOffset: 1),
                                  dimension: 1034, batch: 3, seed: 77)
    }

    /// Residual, energy, power, measurement and parameter-Jacobian product of `family` equal
    /// those of the same devices as `Resistors` to 1e-13 of their scale, and so do the Jacobians.
    private func assertAgreesWithResistors(
        _ family: Crossbar, dimension n: Int, batch: Int, seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let reference = asResistors(family)
        var generator = SeededGenerator(seed: seed)
        let count = family.parameterOffset + family.conductanceCount + 3
        let parameters = (0..<count).map { _ in Double.random(in: 1e-5...1e-2, using: &generator) }
        let states = generator.states(batch, dimension: n, in: -1...1)
        let adjoint = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
        let crossbarChecks = InteractionChecks(family: family, dimension: n, parameters: parameters)
        let resistorChecks = InteractionChecks(family: reference, dimension: n, parameters: parameters)

        let residual = crossbarChecks.residualBatch(states).flatMap { $0 }
        let expectedResidual = resistorChecks.residualBatch(states).flatMap { $0 }
        let energy = crossbarChecks.energies(states, parameters)
        let expectedEnergy = resistorChecks.energies(states, parameters)
        let power = crossbarChecks.dissipatedPowers(states)
        let expectedPower = resistorChecks.dissipatedPowers(states)
        let measurement = crossbarChecks.parameterGradient(states)
        let expectedMeasurement = resistorChecks.parameterGradient(states)
        let product = parameterJacobianProduct(family, state: states[0], adjoint: adjoint, parameters: parameters)
        let expectedProduct = parameterJacobianProduct(reference, state: states[0], adjoint: adjoint,
                                                       parameters: parameters)

        for (name, got, want) in [("residual", residual, expectedResidual), ("energy", energy, expectedEnergy),
                                  ("power", power, expectedPower),
                                  ("measurement", measurement, expectedMeasurement),
                                  ("parameter-Jacobian product", product, expectedProduct)] {
            XCTAssertEqual(got.count, want.count, name, file: file, line: line)
            let scale = want.map(abs).max() ?? 0
            let deviation = zip(got, want).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(deviation, 1e-13 * scale, "\(name): max deviation \(deviation), scale \(scale)",
                                     file: file, line: line)
        }
        // The Jacobians agree entry by entry once summed.
        let jacobian = sparseJacobian(crossbarChecks, state: states[1])
        let expectedJacobian = sparseJacobian(resistorChecks, state: states[1])
        XCTAssertEqual(jacobian.keys.sorted { ($0.row, $0.column) < ($1.row, $1.column) },
                       expectedJacobian.keys.sorted { ($0.row, $0.column) < ($1.row, $1.column) },
                       "same entries", file: file, line: line)
        let scale = expectedJacobian.values.map(abs).max() ?? 0
        let deviation = expectedJacobian.map { abs((jacobian[$0.key] ?? .nan) - $0.value) }.max() ?? 0
        XCTAssertLessThanOrEqual(deviation, 1e-13 * scale, "Jacobian: max deviation \(deviation)", file: file, line: line)
    }

    /// ∂F/∂x as (entry → summed value), without a dense n × n matrix.
    private func sparseJacobian(_ checks: InteractionChecks, state: [Double]) -> [MatrixEntry: Double] {
        let entries = checks.family.jacobianEntries()
        var values = [Double](repeating: 0, count: entries.count)
        let slots = Array(0..<entries.count)
        checks.parameters.withUnsafeBufferPointer { parameters in
            state.withUnsafeBufferPointer { x in
                values.withUnsafeMutableBufferPointer { valueBuffer in
                    slots.withUnsafeBufferPointer {
                        checks.family.addJacobian(x, drive: .dc, parameters: parameters, into: valueBuffer, slots: $0)
                    }
                }
            }
        }
        var summed: [MatrixEntry: Double] = [:]
        for (entry, value) in zip(entries, values) { summed[entry, default: 0] += value }
        return summed
    }

    private func parameterJacobianProduct(
        _ family: any Interaction, state: [Double], adjoint: [Double], parameters: [Double]
    ) -> [Double] {
        var out = [Double](repeating: 0, count: parameters.count)
        state.withUnsafeBufferPointer { x in
            adjoint.withUnsafeBufferPointer { lambda in
                parameters.withUnsafeBufferPointer { theta in
                    out.withUnsafeMutableBufferPointer {
                        family.addParameterJacobianProduct(x, adjoint: lambda, drive: .dc, parameters: theta, into: $0)
                    }
                }
            }
        }
        return out
    }

    // MARK: Relaxation

    /// Three voltage sources drive the row layer (nodes 0..<3); a 3 × 4 block joins it to the
    /// column layer (nodes 3..<7), each column loaded by a resistor and a capacitor to ground.
    /// Unknowns 7..<10 are the sources' branch currents.
    private func layeredNetwork(crossbar: Bool) -> Network {
        let m = 3, k = 4
        var generator = SeededGenerator(seed: 99)
        var parameters = (0..<(m * k)).map { _ in Double.random(in: 1e-4...2e-3, using: &generator) }
        let loadOffset = parameters.count
        parameters += (0..<k).map { _ in Double.random(in: 5e-4...3e-3, using: &generator) }
        let capacitorOffset = parameters.count
        parameters += [Double](repeating: 1e-9, count: k)
        let inputOffset = parameters.count
        parameters += [0.7, -0.4, 1.1]
        let block = Crossbar(rowNodes: 0..<m, columnNodes: m..<(m + k), parameterOffset: 0)
        let interactions: [any Interaction] = [
            crossbar ? block : asResistors(block),
            Resistors(terminals: (m..<(m + k)).map { ($0, Unknown.ground) }, parameterOffset: loadOffset),
            Capacitors(terminals: (m..<(m + k)).map { ($0, Unknown.ground) }, parameterOffset: capacitorOffset),
            VoltageSources(sources: (0..<m).map {
                .init(name: "v\($0)", positive: $0, negative: Unknown.ground, branch: m + k + $0,
                      signal: SourceSignal(dc: 0), dcParameter: inputOffset + $0)
            }),
        ]
        let unknowns = (0..<(m + k)).map { Unknown(name: "n\($0)", kind: .nodeVoltage) }
            + (0..<m).map { Unknown(name: "v\($0)", kind: .branchCurrent) }
        let roles = Network.Roles(inputs: (0..<m).map { "v\($0)" }, inputParameters: Array(inputOffset..<(inputOffset + m)),
                                  outputs: Array(m..<(m + k)), trainable: Array(0..<(m * k)))
        return Network(unknowns: unknowns, interactions: interactions, parameters: parameters,
                       parameterNames: parameters.indices.map { "p\($0)" }, roles: roles)
    }

    func testRelaxationAgreesWithResistorNetwork() {
        let withCrossbar = relax(RelaxationProblem(network: layeredNetwork(crossbar: true)), using: TRBDF2())
        let withResistors = relax(RelaxationProblem(network: layeredNetwork(crossbar: false)), using: TRBDF2())
        let report = withCrossbar.reports[0], expected = withResistors.reports[0]
        XCTAssertEqual(report.status, .converged, report.message)
        XCTAssertEqual(expected.status, .converged, expected.message)
        XCTAssertEqual(report.steps, expected.steps)
        // Rounding differs (GEMM sums vs edge by edge), so the last digits of the settling
        // time and of ∫P dt differ slightly.
        XCTAssertEqual(report.time, expected.time, accuracy: 1e-7 * expected.time)
        XCTAssertEqual(report.dissipatedEnergy, expected.dissipatedEnergy, accuracy: 1e-7 * abs(expected.dissipatedEnergy))
        let deviation = zip(withCrossbar.states, withResistors.states).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(deviation, 1e-12, "max state deviation \(deviation)")

        // The settled column voltages solve KCL: (Σ_i G_ij + g_j) W_j = Σ_i G_ij V_i.
        let network = layeredNetwork(crossbar: true)
        let inputs = Array(network.parameters[20..<23])
        for j in 0..<4 {
            var conductance = network.parameters[12 + j], current = 0.0
            for i in 0..<3 {
                conductance += network.parameters[i * 4 + j]
                current += network.parameters[i * 4 + j] * inputs[i]
            }
            XCTAssertEqual(withCrossbar.states[3 + j], current / conductance, accuracy: 1e-8, "column node \(j)")
        }
    }

    /// EP through the crossbar: the exact gradient (implicit differentiation, which uses
    /// λᵀ ∂F/∂G) equals the resistor network's, and centered EP (which samples ∂E/∂G by GEMM
    /// at ±β) agrees with it.
    func testEquilibriumPropagationAgreesWithResistorNetwork() throws {
        var controllers: [EquilibriumPropagation] = []
        for crossbar in [true, false] {
            let ep = try EquilibriumPropagation(network: layeredNetwork(crossbar: crossbar))
            try ep.setInputs([0.9, -0.2, 0.4])
            try ep.setTargets([0.1, -0.1, 0.3, 0.2])
            controllers.append(ep)
        }
        let exact = try controllers[0].gradient(.exact, beta: 0)
        let expected = try controllers[1].gradient(.exact, beta: 0)
        XCTAssertEqual(exact.status, .converged)
        let scale = expected.gradient.map(abs).max() ?? 0
        XCTAssertGreaterThan(scale, 0)
        let deviation = zip(exact.gradient, expected.gradient).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(deviation, 1e-12 * scale, "exact gradients: max deviation \(deviation), scale \(scale)")

        let centered = try controllers[0].gradient(.centered, beta: 1e-6)
        XCTAssertEqual(centered.status, .converged)
        let error = zip(centered.gradient, exact.gradient).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThanOrEqual(error, 1e-5 * scale, "centered EP vs exact: max error \(error), scale \(scale)")
    }
}
