import Foundation
import XCTest
@testable import PhysicalNetworks

/// The block coordinate descent against the circuit it stands for: the ODE relaxation and the
/// Newton operating point of the netlist `DeepResistiveNetworkBuilder` expands (Shockley
/// rectifiers, amplifiers or not), the KKT conditions of the ideal-diode QP, and the exact
/// gradient against finite differences and EP.
final class ResistiveLayersSolverTests: XCTestCase {
    /// A 3-5-4-2 DRN whose inputs drive several rectifiers into conduction.
    /// (Inputs of a few volts for Shockley diodes, which conduct near bias ± 0.7 V; ideal diodes
    /// pin at the biases themselves, and larger inputs would pin a whole layer.)
    static func description(gain: String, diode: String = "IS=1e-14 N=1", seed: Int = 2,
                            inputs: String? = nil) throws -> DeepResistiveNetworkDescription {
        let inputs = inputs ?? (diode == "ideal" ? "1.2 -0.9 0.7" : "8 -6 5")
        return try DeepResistiveNetworkDescription.parse(contents: """
            layers = 3 5 4 2
            gain = \(gain)
            diode = \(diode)
            init = uniform 1u 1m
            seed = \(seed)
            inputs = \(inputs)
            """, file: "t.drn")
    }

    /// A one-sample dataset with the description's inputs and targets (out = 0.3, −0.2).
    static func sample(_ description: DeepResistiveNetworkDescription) -> Dataset {
        Dataset(featureNames: description.inputs.indices.map { "x\($0)" }, targetNames: ["y0", "y1"],
                features: description.inputs, targets: [0.3, -0.2])
    }

    static func solver(_ description: DeepResistiveNetworkDescription, tolerance: Double = 1e-13)
        throws -> (ResistiveLayersSolver, [Double]) {
        let layers = try ResistiveLayers(description)
        let parameters = ResistiveLayers.initialConductances(description, count: layers.parameterCount)
        let solver = ResistiveLayersSolver(layers: layers, capacity: 4, tolerance: tolerance, maxSweeps: 10_000)
        parameters.withUnsafeBufferPointer { solver.prepare(parameters: $0) }
        solver.load(sample(description), rows: [0])
        solver.reset()
        return (solver, parameters)
    }

    /// The fast solver's voltage of every hidden and output node, by circuit node name.
    static func namedVoltages(_ solver: ResistiveLayersSolver) -> [String: Double] {
        var named: [String: Double] = [:]
        let layers = solver.layers
        for l in 1..<(layers.layerCount - 1) {
            for j in 0..<layers.nodeCounts[l] { named["h\(l)_\(j)"] = solver.voltage(sample: 0, layer: l, node: j) }
        }
        for c in 0..<layers.classCount {
            named["y\(c)p"] = solver.voltage(sample: 0, layer: layers.layerCount - 1, node: 2 * c)
            named["y\(c)n"] = solver.voltage(sample: 0, layer: layers.layerCount - 1, node: 2 * c + 1)
        }
        return named
    }

    func testCoordinateDescentAgreesWithTheCircuitsODERelaxationAndOperatingPoint() throws {
        for gain in ["4", "none"] {
            let description = try Self.description(gain: gain)
            let (solver, parameters) = try Self.solver(description)
            let report = parameters.withUnsafeBufferPointer { solver.relax(parameters: $0) }
            XCTAssertEqual(report.status, .settled, "gain \(gain)")
            let fast = Self.namedVoltages(solver)

            let circuit = try CircuitBuilder.build(DeepResistiveNetworkBuilder.netlist(description))
            let ode = relax(RelaxationProblem(network: circuit.network), using: TRBDF2())
            XCTAssertEqual(ode.reports[0].status, .converged, "gain \(gain)")
            XCTAssertGreaterThan(ode.reports[0].time, 0)
            var state = circuit.initialState
            let op = state.withUnsafeMutableBufferPointer {
                OperatingPointSolver().solve(NetworkEquations(network: circuit.network), state: $0)
            }
            XCTAssertTrue(op.status.isSuccess, "gain \(gain)")

            var odeError = 0.0, opError = 0.0, conducting = 0
            let odeVoltages = Dictionary(uniqueKeysWithValues: circuit.nodeVoltages(ode.state(0)).map { ($0.name, $0.volts) })
            let opVoltages = Dictionary(uniqueKeysWithValues: circuit.nodeVoltages(state).map { ($0.name, $0.volts) })
            for (name, v) in fast {
                odeError = max(odeError, abs(v - odeVoltages[name]!))
                opError = max(opError, abs(v - opVoltages[name]!))
                if name.hasPrefix("h") && (v > description.biasHigh + 0.4 || v < description.biasLow - 0.4) { conducting += 1 }
            }
            print("drn coordinate descent (gain \(gain)): \(report.sweeps) sweeps; vs ODE \(odeError) V (settled at \(ode.reports[0].time) s), vs Newton \(opError) V; \(conducting) rectifiers conducting")
            XCTAssertGreaterThan(conducting, 0, "the case must exercise the diodes")
            XCTAssertLessThan(opError, 1e-9, "gain \(gain)")
            XCTAssertLessThan(odeError, 1e-6, "gain \(gain)")
        }
    }

    func testIdealDiodeStateSatisfiesTheQPsOptimalityConditions() throws {
        let description = try Self.description(gain: "2", diode: "ideal", inputs: "3 -2 2.5")
        let (solver, parameters) = try Self.solver(description)
        XCTAssertEqual(parameters.withUnsafeBufferPointer { solver.relax(parameters: $0) }.status, .settled)
        let layers = solver.layers
        var pinned = 0, free = 0
        // KCL residual (current leaving through the resistors and the amplifier) at every node.
        for l in 1..<layers.layerCount {
            for h in 0..<layers.nodeCounts[l] {
                let v = solver.voltage(sample: 0, layer: l, node: h)
                var current = 0.0
                let below = layers.blockParameters(l - 1)
                for i in 0..<layers.nodeCounts[l - 1] {
                    let g = parameters[below.lowerBound + i * layers.nodeCounts[l] + h]
                    current += g * (v - layers.gains[l - 1] * solver.voltage(sample: 0, layer: l - 1, node: i))
                }
                if l < layers.layerCount - 1 {
                    let above = layers.blockParameters(l)
                    for k in 0..<layers.nodeCounts[l + 1] {
                        let g = parameters[above.lowerBound + h * layers.nodeCounts[l + 1] + k]
                        current += g * (layers.gains[l] * v - solver.voltage(sample: 0, layer: l + 1, node: k)) / layers.gains[l]
                    }
                }
                // Free nodes: KCL holds. Pinned nodes: the diode carries the excess one way only
                // (into the high bias when current leaves ... i.e. resistors bring current in).
                if v >= layers.biasHigh {
                    XCTAssertLessThan(current, 1e-15, "high diode at layer \(l) node \(h) must conduct forward")
                    pinned += 1
                } else if v <= layers.biasLow {
                    XCTAssertGreaterThan(current, -1e-15, "low diode at layer \(l) node \(h) must conduct forward")
                    pinned += 1
                } else {
                    XCTAssertEqual(current, 0, accuracy: 1e-15, "KCL at layer \(l) node \(h)")
                    free += 1
                }
            }
        }
        XCTAssertGreaterThan(pinned, 0)
        XCTAssertGreaterThan(free, 0)
    }

    /// Central differences of the mean cost with the fast solver, h = 1e-5 g.
    static func finiteDifferences(_ description: DeepResistiveNetworkDescription) throws -> (exact: [Double], fd: [Double]) {
        let (solver, parameters) = try Self.solver(description)
        func cost(_ values: [Double]) -> Double {
            values.withUnsafeBufferPointer { solver.prepare(parameters: $0) }
            solver.reset()
            let report = values.withUnsafeBufferPointer { solver.relax(parameters: $0) }
            precondition(report.isSettled)
            return solver.summedCost()
        }
        _ = cost(parameters)
        var exact = [Double](repeating: 0, count: parameters.count)
        let report = parameters.withUnsafeBufferPointer { p in exact.withUnsafeMutableBufferPointer { solver.exactGradient(parameters: p, into: $0) } }
        precondition(report.isSettled)
        let fd = parameters.indices.map { k in
            let h = 1e-5 * parameters[k]
            var plus = parameters, minus = parameters
            plus[k] += h
            minus[k] -= h
            return (cost(plus) - cost(minus)) / (plus[k] - minus[k])
        }
        return (exact, fd)
    }

    func testExactGradientMatchesFiniteDifferences() throws {
        for (gain, diode) in [("4", "IS=1e-14 N=1"), ("none", "IS=1e-14 N=1"), ("3", "ideal"), ("none", "ideal")] {
            let (exact, fd) = try Self.finiteDifferences(Self.description(gain: gain, diode: diode))
            let error = DeepResistiveNetworkLearningTests.relativeError(exact, fd)
            print("drn layered exact gradient vs FD (gain \(gain), diode \(diode)): relative error \(error)")
            XCTAssertLessThan(error, 1e-6, "gain \(gain), diode \(diode)")
        }
    }
}
