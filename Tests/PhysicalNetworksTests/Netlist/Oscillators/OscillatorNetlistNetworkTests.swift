import Foundation
import XCTest
@testable import PhysicalNetworks

/// `OscillatorNetlist.network()` against the file it was built from: unknowns, parameter names
/// and values, roles and starting state as docs/oscillators.md lays them out, and — at random
/// states and random parameter values — the energy against the PHYSICS.md §4 sum written here
/// term by term from the cards (reading every parameter by its name), the residual against
/// central differences of that energy, and the Jacobian against differences of the residual.
final class OscillatorNetlistNetworkTests: XCTestCase {
    /// Singles, layers (one an input layer), a bias input, dense blocks (from an input layer,
    /// seeded uniform, and between free layers, constant), pairs (from the input layer, between
    /// free layers), couplings to inputs in both orders, a field, and two consecutive locks.
    static let mixed = """
        mixed network
        *@ input x
        *@ output o
        *@ train *.w f1 l1
        .drag 0.5
        layer x 2 input
        input bias 1.2
        osc a 0.3
        layer h 3
        osc b -0.7
        layer o 2
        layer g 3
        dense d1 x h uniform 0.8 7
        dense d2 h o 0.25
        pair p1 x o 0.6
        couple c1 bias a 0.9
        couple c2 a h_2 -0.4
        couple c3 h_1 o_2 0.35
        field f1 a 0.45 -2.0
        lock l1 h_3 0.3
        lock l2 o_1 -0.2
        couple c4 a b 0.15
        couple c5 b o_1 0.5
        pair p2 h g -0.3
        couple c6 g_2 bias -0.25
        .end

        """

    /// A periodic 4 × 5 lattice of radius 1.5 and an open 3 × 3 one (radius 1), coupled to
    /// each other and to a single oscillator.
    static let lattices = """
        two lattices
        *@ output s
        *@ train s t c1
        lattice s 4 5 periodic 0.7 1.5
        lattice t 3 3 open -0.4
        osc a 0.2
        couple c1 a s_2_3 0.3
        couple c2 t_2_2 s_1_1 0.2
        field f1 t_1_1 0.5 0.4
        dense d1 t s uniform 0.1 3
        .end

        """

    private func parse(_ text: String) throws -> OscillatorNetlist {
        try OscillatorNetlistParser.parse(contents: text, file: "t.osc")
    }

    // MARK: Layout

    func testMixedNetworkUnknownsParametersAndRoles() throws {
        let netlist = try parse(Self.mixed)
        let network = netlist.network()
        let free = ["a", "b", "h_1", "h_2", "h_3", "o_1", "o_2", "g_1", "g_2", "g_3"]
        XCTAssertEqual(network.unknowns.map(\.name), free)
        XCTAssertTrue(network.unknowns.allSatisfy { $0.kind == .phase })
        XCTAssertTrue(network.isGradientSystem)

        var names = ["bias.phase", "x_1.phase", "x_2.phase"] + free.map { "\($0).drag" }
        names += ["d1.w_1_1", "d1.w_1_2", "d1.w_1_3", "d1.w_2_1", "d1.w_2_2", "d1.w_2_3"]
        names += ["d2.w_1_1", "d2.w_1_2", "d2.w_2_1", "d2.w_2_2", "d2.w_3_1", "d2.w_3_2"]
        names += ["p1.w_1", "p1.w_2", "c1.w", "c2.w", "c3.w", "f1.h", "f1.psi", "l1.k", "l2.k", "c4.w", "c5.w",
                  "p2.w_1", "p2.w_2", "p2.w_3", "c6.w"]
        XCTAssertEqual(network.parameterNames, names)
        XCTAssertEqual(netlist.parameterNames(), names)

        let value = Dictionary(uniqueKeysWithValues: zip(network.parameterNames, network.parameters))
        XCTAssertEqual(value["bias.phase"], 1.2)
        XCTAssertEqual(value["x_1.phase"], 0)
        XCTAssertEqual(value["x_2.phase"], 0)
        for name in free { XCTAssertEqual(value["\(name).drag"], 0.5, name) }
        for name in names where name.hasPrefix("d2.") { XCTAssertEqual(value[name], 0.25, name) }
        XCTAssertEqual(value["p1.w_1"], 0.6)
        XCTAssertEqual(value["p1.w_2"], 0.6)
        XCTAssertEqual(value["p2.w_3"], -0.3)
        XCTAssertEqual(value["c1.w"], 0.9)
        XCTAssertEqual(value["c2.w"], -0.4)
        XCTAssertEqual(value["f1.h"], 0.45)
        XCTAssertEqual(value["f1.psi"], -2.0)
        XCTAssertEqual(value["l1.k"], 0.3)
        XCTAssertEqual(value["l2.k"], -0.2)
        XCTAssertEqual(value["c6.w"], -0.25)

        XCTAssertEqual(network.roles.inputs, ["x_1", "x_2"])
        XCTAssertEqual(network.roles.inputParameters, [1, 2])
        XCTAssertEqual(network.roles.outputs, [5, 6], "o_1, o_2")
        let trainedNames = network.roles.trainable.map { network.parameterNames[$0] }
        XCTAssertEqual(trainedNames, netlist.roles.trainable)
        let expectedTrained = Set(names.filter { $0.hasSuffix(".w") || $0.contains(".w_") } + ["f1.h", "f1.psi", "l1.k"])
        XCTAssertEqual(Set(trainedNames), expectedTrained)
        XCTAssertEqual(trainedNames.count, expectedTrained.count, "each trained once")
        XCTAssertEqual(network.startingState, [0.3, -0.7, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    func testUniformDenseBlockIsSeededAndBounded() throws {
        let weights = { (text: String) throws -> [Double] in
            let network = try self.parse(text).network()
            return zip(network.parameterNames, network.parameters).filter { $0.0.hasPrefix("d1.") }.map(\.1)
        }
        let first = try weights(Self.mixed), again = try weights(Self.mixed)
        XCTAssertEqual(first.count, 6)
        XCTAssertEqual(first, again, "same seed, same weights")
        XCTAssertTrue(first.allSatisfy { (-0.8...0.8).contains($0) }, "\(first)")
        XCTAssertGreaterThan(Set(first).count, 1, "draws, not one constant")
        XCTAssertGreaterThan(first.map(abs).max() ?? 0, 0.2, "the draws fill the range")
        let otherSeed = try weights(Self.mixed.replacingOccurrences(of: "uniform 0.8 7", with: "uniform 0.8 8"))
        XCTAssertNotEqual(first, otherSeed)
        let zero = try weights(Self.mixed.replacingOccurrences(of: "uniform 0.8 7", with: "uniform 0 7"))
        XCTAssertEqual(zero, [0, 0, 0, 0, 0, 0])
        // A larger block's draws stay within [−S, S] too.
        let big = """
            big
            layer x 20 input
            layer h 30
            dense d1 x h uniform 0.05 123

            """
        let bigWeights = try weights(big)
        XCTAssertEqual(bigWeights.count, 600)
        XCTAssertTrue(bigWeights.allSatisfy { abs($0) <= 0.05 })
        let mean = bigWeights.reduce(0, +) / 600
        XCTAssertEqual(mean, 0, accuracy: 0.01, "uniform on a symmetric range")
    }

    func testLatticeLayoutNamesAndInitialKernel() throws {
        let netlist = try parse(Self.lattices)
        let network = netlist.network()
        let sites = { (name: String, rows: Int, columns: Int) in
            (1...rows).flatMap { i in (1...columns).map { "\(name)_\(i)_\($0)" } }
        }
        let free = ["a"] + sites("s", 4, 5) + sites("t", 3, 3)
        XCTAssertEqual(network.unknowns.map(\.name), free)
        // Kernel names as documented: entries past the middle of the M1 × M2 grid are negative.
        let wrap = { (r: Int, m: Int) in r > m / 2 ? r - m : r }
        let sKernel = (0..<20).map { "s.k_\(wrap($0 / 5, 4))_\(wrap($0 % 5, 5))" }
        let tKernel = (0..<25).map { "t.k_\(wrap($0 / 5, 5))_\(wrap($0 % 5, 5))" }
        let expected = free.map { "\($0).drag" } + sKernel + tKernel + ["c1.w", "c2.w", "f1.h", "f1.psi"]
            + (1...9).flatMap { i in (1...20).map { "d1.w_\(i)_\($0)" } }
        XCTAssertEqual(network.parameterNames, expected)
        XCTAssertTrue(sKernel.contains("s.k_-1_2") && sKernel.contains("s.k_2_-2") && !sKernel.contains("s.k_3_0"))
        XCTAssertTrue(tKernel.contains("t.k_-2_2") && tKernel.contains("t.k_2_-1"))

        let value = Dictionary(uniqueKeysWithValues: zip(network.parameterNames, network.parameters))
        for (names, strength, radius) in [(sKernel, 0.7, 1.5), (tKernel, -0.4, 1.0)] {
            var nonzero = 0
            for name in names {
                let d = name.split(separator: "_").suffix(2).map { Double(String($0))! }
                let distance = (d[0] * d[0] + d[1] * d[1]).squareRoot()
                let k = try XCTUnwrap(value[name])
                XCTAssertEqual(k, distance > 0 && distance <= radius ? strength : 0, name)
                if k != 0 { nonzero += 1 }
            }
            XCTAssertEqual(nonzero, radius == 1.5 ? 8 : 4, "neighbours within \(radius)")
        }
        XCTAssertEqual(network.roles.outputs, Array(1...20))
        let trained = Set(network.roles.trainable.map { network.parameterNames[$0] })
        XCTAssertEqual(trained, Set(sKernel + tKernel + ["c1.w"]))
        XCTAssertEqual(network.startingState, [0.2] + [Double](repeating: 0, count: 29))
        let lattices = network.interactions.compactMap { $0 as? LatticePhaseCoupling }
        XCTAssertEqual(lattices.count, 2)
        XCTAssertTrue(lattices.allSatisfy(\.hasCompleteJacobian), "small lattices declare their dense Jacobian")
    }

    func testLargeLatticeDeclaresOnlyItsDiagonal() throws {
        let large = try parse("large\nlattice s 33 32 periodic 1 2\nosc a 0.1\ncouple c a s_1_1 0.5\n").network()
        let families = large.interactions.compactMap { $0 as? LatticePhaseCoupling }
        XCTAssertEqual(families.count, 1)
        XCTAssertFalse(families[0].hasCompleteJacobian, "33 × 32 = 1056 sites > \(OscillatorNetlist.denseLatticeJacobianLimit)")
        XCTAssertEqual(families[0].jacobianEntries().count, 33 * 32, "only the diagonal")
        XCTAssertTrue(large.interactions.filter { !($0 is LatticePhaseCoupling) }.allSatisfy(\.hasCompleteJacobian))
        let atLimit = try parse("limit\nlattice u 32 32 open 0.5\n").network()
        XCTAssertEqual(atLimit.interactions.compactMap { ($0 as? LatticePhaseCoupling)?.hasCompleteJacobian }, [true],
                       "32 × 32 = 1024 sites, at the limit")
        let below = try parse("limit\nlattice u 1 1025 periodic 0.5\n").network()
        XCTAssertEqual(below.interactions.compactMap { ($0 as? LatticePhaseCoupling)?.hasCompleteJacobian }, [false],
                       "a 1 × 1025 ring is past the limit too")
        // The FFT torque is still the energy's gradient (a few coordinates by central differences).
        var generator = SeededGenerator(seed: 7)
        let x = generator.states(1, dimension: large.dimension, in: -.pi ... .pi)[0]
        let equations = NetworkEquations(network: large)
        let residual = self.residual(equations, x)
        for j in [0, 1, 518, 1056] {
            let numeric = energyDerivative(equations, x, j, step: 1e-4)
            XCTAssertEqual(residual[j], numeric, accuracy: 1e-5 * max(1, abs(numeric)), "∂E/∂φ\(j)")
        }
        // Radius 2 (Euclidean): 12 neighbours per site, so with every phase equal the lattice's
        // energy is −½ · 12 · N (and the coupling's −0.5).
        let zero = [Double](repeating: 0.3, count: large.dimension)
        let e0 = zero.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        XCTAssertEqual(e0, -0.5 * 12 * 1056 - 0.5, accuracy: 1e-8)
    }

    func testOmegaCardMakesANonGradientSystem() throws {
        let text = """
            drifting
            *@ output b
            .drag 0.5
            osc a 0.1
            osc b -0.3
            couple c1 a b 1.2
            omega w1 a 0.8
            field f1 b 0.3 0.2

            """
        let network = try parse(text).network()
        XCTAssertFalse(network.isGradientSystem)
        XCTAssertTrue(try parse(text.replacingOccurrences(of: "omega w1 a 0.8\n", with: "")).network().isGradientSystem)
        XCTAssertEqual(network.parameterNames, ["a.drag", "b.drag", "c1.w", "w1.omega", "f1.h", "f1.psi"])
        XCTAssertEqual(network.parameters, [0.5, 0.5, 1.2, 0.8, 0.3, 0.2])
        XCTAssertEqual(network.roles.trainable, [], "no *@ train")
        // F = ∂E/∂φ − γω on a: E from the couple and the field only.
        let equations = NetworkEquations(network: network)
        var generator = SeededGenerator(seed: 11)
        for x in generator.states(3, dimension: 2, in: -3...3) {
            let energy = -1.2 * cos(x[0] - x[1]) - 0.3 * cos(x[1] - 0.2)
            XCTAssertEqual(x.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }, energy, accuracy: 1e-12)
            let residual = self.residual(equations, x)
            XCTAssertEqual(residual[0], 1.2 * sin(x[0] - x[1]) - 0.5 * 0.8, accuracy: 1e-12)
            XCTAssertEqual(residual[1], -1.2 * sin(x[0] - x[1]) + 0.3 * sin(x[1] - 0.2), accuracy: 1e-12)
        }
    }

    // MARK: Energy, residual and Jacobian against the cards

    func testMixedNetworkEnergyEqualsTheHandWrittenSum() throws {
        try checkAgainstCards(Self.mixed, seed: 21)
    }

    func testLatticeNetworkEnergyEqualsTheHandWrittenSum() throws {
        try checkAgainstCards(Self.lattices, seed: 22)
    }

    /// At the file's parameters and at random ones, for random states: E = the hand sum,
    /// F = ∂E/∂φ by central differences, ∂F/∂φ = residual differences, and every family
    /// passes `InteractionChecks`.
    private func checkAgainstCards(_ text: String, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) throws {
        let netlist = try parse(text)
        var network = netlist.network()
        var generator = SeededGenerator(seed: seed)
        let n = network.dimension
        for round in 0..<2 {
            if round == 1 {
                // Every parameter random (drags stay positive): a misplaced index shows.
                // Magnitudes in [0.3, 1.5] with random signs, so that parameter differences are accurate.
                network.parameters = network.parameterNames.map { name in
                    let magnitude = Double.random(in: 0.3...1.5, using: &generator)
                    return name.hasSuffix(".drag") || Bool.random(using: &generator) ? magnitude : -magnitude
                }
            }
            let equations = NetworkEquations(network: network)
            let value = Dictionary(uniqueKeysWithValues: zip(network.parameterNames, network.parameters))
            let states = generator.states(3, dimension: n, in: -4...4)
            for x in states {
                let expected = handEnergy(netlist, network: network, value: value, state: x)
                let energy = x.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
                XCTAssertEqual(energy, expected, accuracy: 1e-11 * max(1, abs(expected)), "round \(round)", file: file, line: line)

                let residual = self.residual(equations, x)
                let scale = residual.map(abs).max() ?? 1
                for j in 0..<n {
                    XCTAssertEqual(residual[j], energyDerivative(equations, x, j, step: 1e-5), accuracy: 1e-7 * max(1, scale),
                                   "round \(round): F\(j) vs ∂E/∂φ\(j)", file: file, line: line)
                }
                x.withUnsafeBufferPointer { equations.evaluateJacobian($0, drive: .dc) }
                let jacobian = denseMatrix(equations.pattern, values: Array(equations.jacobianValues))
                for j in 0..<n {
                    let h = 1e-5
                    var plus = x, minus = x
                    plus[j] += h
                    minus[j] -= h
                    let fPlus = self.residual(equations, plus), fMinus = self.residual(equations, minus)
                    for i in 0..<n {
                        let numeric = (fPlus[i] - fMinus[i]) / (2 * h)
                        if abs(jacobian[i][j] - numeric) > 1e-6 * max(1, scale) {
                            XCTFail("round \(round): ∂F\(i)/∂φ\(j) = \(jacobian[i][j]), differences \(numeric)",
                                    file: file, line: line)
                        }
                    }
                }
            }
            // InteractionChecks steps parameters relative to their value: only with nonzero ones.
            for family in network.interactions where round == 1 {
                var checks = InteractionChecks(family: family, dimension: n, parameters: network.parameters)
                checks.tolerance = 1e-5
                for problem in checks.failures(states: Array(states.prefix(2))) {
                    XCTFail("\(family.familyName): \(problem)", file: file, line: line)
                }
            }
        }
    }

    /// PHYSICS.md §4, term by term from the cards: −W cos(φa − φb) per coupling (an input's
    /// phase ψ in place of its φ), −H cos(φ − Ψ) per field, −K cos 2φ per lock, −Σ W_ij
    /// cos(φ_i − φ_j) per dense block and pair, and −½ Σ_i Σ_{j≠i} K(r_j − r_i) cos(φ_i − φ_j)
    /// per lattice (displacements taken modulo the lattice on a periodic one).
    private func handEnergy(_ netlist: OscillatorNetlist, network: Network, value: [String: Double], state: [Double]) -> Double {
        let phase = { (name: String) -> Double in
            if let index = network.unknownIndex(named: name) { return state[index] }
            return value["\(name).phase"]!
        }
        let members = { (name: String) -> [String] in
            if let layer = netlist.layers.first(where: { $0.name == name }) {
                return (1...layer.count).map { "\(name)_\($0)" }
            }
            let lattice = netlist.lattices.first { $0.name == name }!
            return (1...lattice.rows).flatMap { i in (1...lattice.columns).map { "\(name)_\(i)_\($0)" } }
        }
        var energy = 0.0
        for element in netlist.elements {
            switch element {
            case .couple(let name, let a, let b, _):
                energy -= value["\(name).w"]! * cos(phase(a) - phase(b))
            case .field(let name, let a, _, _):
                energy -= value["\(name).h"]! * cos(phase(a) - value["\(name).psi"]!)
            case .lock(let name, let a, _):
                energy -= value["\(name).k"]! * cos(2 * phase(a))
            case .omega:
                break
            case .dense(let name, let a, let b, _):
                for (i, x) in members(a).enumerated() {
                    for (j, y) in members(b).enumerated() {
                        energy -= value["\(name).w_\(i + 1)_\(j + 1)"]! * cos(phase(x) - phase(y))
                    }
                }
            case .pair(let name, let a, let b, _):
                for (k, (x, y)) in zip(members(a), members(b)).enumerated() {
                    energy -= value["\(name).w_\(k + 1)"]! * cos(phase(x) - phase(y))
                }
            }
        }
        for lattice in netlist.lattices {
            let (l1, l2) = (lattice.rows, lattice.columns)
            let periodic = lattice.boundary == .periodic
            for i1 in 1...l1 { for i2 in 1...l2 { for j1 in 1...l1 { for j2 in 1...l2 where (i1, i2) != (j1, j2) {
                var d1 = j1 - i1, d2 = j2 - i2
                if periodic {
                    d1 = (d1 + l1) % l1
                    d2 = (d2 + l2) % l2
                    if d1 > l1 / 2 { d1 -= l1 }
                    if d2 > l2 / 2 { d2 -= l2 }
                }
                let k = value["\(lattice.name).k_\(d1)_\(d2)"]!
                energy -= 0.5 * k * cos(phase("\(lattice.name)_\(i1)_\(i2)") - phase("\(lattice.name)_\(j1)_\(j2)"))
            } } } }
        }
        return energy
    }

    /// With the file's kernels (K = strength within the radius), the lattice energy at φ is the
    /// sum over neighbour pairs found here by Euclidean (minimum-image, if periodic) distance.
    func testLatticeEnergyIsTheSumOverNeighboursWithinTheRadius() throws {
        let text = "lattices only\nlattice s 4 5 periodic 0.7 1.5\nlattice t 3 3 open -0.4\n"
        let network = try parse(text).network()
        let equations = NetworkEquations(network: network)
        var generator = SeededGenerator(seed: 31)
        let x = generator.states(1, dimension: 29, in: -3...3)[0]
        var expected = 0.0
        // s: unordered pairs within 1.5 (minimum image on the 4 × 5 torus).
        for i in 0..<20 {
            for j in (i + 1)..<20 {
                var d1 = abs(i / 5 - j / 5), d2 = abs(i % 5 - j % 5)
                d1 = min(d1, 4 - d1)
                d2 = min(d2, 5 - d2)
                if Double(d1 * d1 + d2 * d2) <= 2.25 { expected -= 0.7 * cos(x[i] - x[j]) }
            }
        }
        // t: nearest neighbours on the open 3 × 3 grid.
        for i in 0..<9 {
            for j in (i + 1)..<9 where abs(i / 3 - j / 3) + abs(i % 3 - j % 3) == 1 {
                expected -= -0.4 * cos(x[20 + i] - x[20 + j])
            }
        }
        let energy = x.withUnsafeBufferPointer { equations.energy($0, drive: .dc) }
        XCTAssertEqual(energy, expected, accuracy: 1e-12)
    }

    // MARK: Helpers

    private func residual(_ equations: NetworkEquations, _ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { equations.evaluateResidual(s, drive: .dc, into: $0) } }
        return out
    }

    private func energyDerivative(_ equations: NetworkEquations, _ x: [Double], _ j: Int, step h: Double) -> Double {
        var plus = x, minus = x
        plus[j] += h
        minus[j] -= h
        let e = { (y: [Double]) in y.withUnsafeBufferPointer { equations.energy($0, drive: .dc) } }
        return (e(plus) - e(minus)) / (2 * h)
    }
}
