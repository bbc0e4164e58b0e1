import XCTest
@testable import PhysicalNetworks

/// The expanded netlist of a DRN: element counts per kind, roles, seeded conductances, and the
/// SPICE round trip.
final class DeepResistiveNetworkBuilderTests: XCTestCase {
    static func description(_ text: String) throws -> DeepResistiveNetworkDescription {
        try DeepResistiveNetworkDescription.parse(contents: text, file: "t.drn")
    }

    /// Elements per kind: resistor, capacitor, voltage source, current source, diode, E, F.
    static func counts(_ netlist: Netlist) -> [String: Int] {
        var counts: [String: Int] = [:]
        for element in netlist.elements { counts[String(SpiceWriter.letter(of: element.kind)), default: 0] += 1 }
        return counts
    }

    func testShapeOf232WithAmplifiers() throws {
        let netlist = try DeepResistiveNetworkBuilder.netlist(Self.description("layers = 2 3 2\ninputs = 0.5 -1"))
        // 4 input sources + 2 bias sources + 3 sense sources; 4·3 + 3·4 resistors; 3 hidden + 4
        // output capacitors; 2 diodes per hidden unit; one E and one F per hidden unit.
        XCTAssertEqual(Self.counts(netlist), ["v": 9, "r": 24, "c": 7, "d": 6, "e": 3, "f": 3])
        XCTAssertEqual(netlist.roles.inputs, ["vx0p", "vx0n", "vx1p", "vx1n"])
        XCTAssertEqual(netlist.roles.outputs, ["y0p", "y0n", "y1p", "y1n"])
        XCTAssertEqual(netlist.roles.trainable.count, 24)
        XCTAssertEqual(netlist.roles.conductanceBounds, 1e-6...1e-3)
        XCTAssertEqual(netlist.diodeModels.keys.sorted(), ["drn_diode"])
        let circuit = try CircuitBuilder.build(netlist)
        // Nodes: 4 inputs, 2 biases, 3 hidden, 3 drive, 3 buffer, 4 outputs.
        XCTAssertEqual(circuit.nodeNames.count, 19)
        XCTAssertEqual(circuit.network.roles.trainable.count, 24)
        XCTAssertEqual(circuit.network.roles.outputs.count, 4)
        let sources = netlist.elements.compactMap { element -> Double? in
            guard case let .voltageSource(waveform) = element.kind, netlist.roles.inputs.contains(element.name) else { return nil }
            return waveform.dc
        }
        XCTAssertEqual(sources, [0.5, -0.5, -1, 1])
        let amplifier = try XCTUnwrap(netlist.elements.first { $0.name == "fh1_0" })
        XCTAssertEqual(amplifier.nodes, ["h1_0", "0"])
        XCTAssertEqual(amplifier.kind, .cccs(controllingSource: "vs1_0", gain: 0.25))
    }

    /// One feature (sources x, −x) into one output through a crossbar with wire segments R: the
    /// current loops x → R → g₀ → R (column) → g₁ → R → −x, so V(y0) = −x + I(R + 1/g₁) with
    /// I = 2x / (3R + 1/g₀ + 1/g₁) (the last column segment carries no current at DC).
    func testWiredCrossbarMatchesItsClosedForm() throws {
        let description = try Self.description("layers = 1 1\ngain = none\noutput = single\ninputs = 0.8\ninit = uniform 10u 100u\nwire_resistance = 3k")
        let netlist = try DeepResistiveNetworkBuilder.netlist(description)
        XCTAssertEqual(Self.counts(netlist), ["v": 2, "r": 6, "c": 1])
        XCTAssertEqual(netlist.roles.trainable, ["r1_0_0", "r1_1_0"])
        let circuit = try CircuitBuilder.build(netlist)
        let resistors = Dictionary(uniqueKeysWithValues: netlist.elements.compactMap { element -> (String, Double)? in
            if case .resistor(let ohms) = element.kind { return (element.name, ohms) }
            return nil
        })
        let r0 = try XCTUnwrap(resistors["r1_0_0"]), r1 = try XCTUnwrap(resistors["r1_1_0"]), wire = 3e3, x = 0.8
        let current = 2 * x / (3 * wire + r0 + r1)
        let expected = -x + current * (wire + r1)
        var state = [Double](repeating: 0, count: circuit.network.unknowns.count)
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: circuit.network), state: $0)
        }
        XCTAssertEqual(report.status, .converged)
        let y = try XCTUnwrap(circuit.nodeNames.firstIndex(of: "y0"))
        XCTAssertEqual(state[y], expected, accuracy: 1e-12)
        XCTAssertThrowsError(try ResistiveLayers(description)) { error in
            XCTAssertTrue("\(error)".contains("wire_resistance"), "\(error)")
        }
    }

    func testShapeWithoutAmplifiersSingleOutputsAndNoHiddenLayer() throws {
        let reciprocal = try DeepResistiveNetworkBuilder.netlist(Self.description("layers = 2 3 2\ngain = none"))
        XCTAssertEqual(Self.counts(reciprocal), ["v": 6, "r": 24, "c": 7, "d": 6])
        let single = try DeepResistiveNetworkBuilder.netlist(Self.description("layers = 2 3 2\noutput = single"))
        XCTAssertEqual(Self.counts(single), ["v": 9, "r": 18, "c": 5, "d": 6, "e": 3, "f": 3])
        XCTAssertEqual(single.roles.outputs, ["y0", "y1"])
        let deep = try DeepResistiveNetworkBuilder.netlist(Self.description("layers = 3 4 5 2"))
        XCTAssertEqual(Self.counts(deep), ["v": 6 + 2 + 9, "r": 24 + 20 + 20, "c": 13, "d": 18, "e": 9, "f": 9])
        let linear = try DeepResistiveNetworkBuilder.netlist(Self.description("layers = 2 2"))
        XCTAssertEqual(Self.counts(linear), ["v": 4, "r": 16, "c": 4])
        XCTAssertTrue(linear.diodeModels.isEmpty)
    }

    func testConductancesAreSeededAndWithinTheInitialRange() throws {
        func conductances(_ text: String) throws -> [Double] {
            try DeepResistiveNetworkBuilder.netlist(Self.description(text)).elements.compactMap {
                if case let .resistor(ohms) = $0.kind { return 1 / ohms }
                return nil
            }
        }
        let a = try conductances("layers = 4 6 2\ninit = uniform 20u 40u\nseed = 3")
        XCTAssertEqual(a, try conductances("layers = 4 6 2\ninit = uniform 20u 40u\nseed = 3"))
        XCTAssertNotEqual(a, try conductances("layers = 4 6 2\ninit = uniform 20u 40u\nseed = 4"))
        XCTAssertTrue(a.allSatisfy { $0 >= 20e-6 * (1 - 1e-12) && $0 <= 40e-6 * (1 + 1e-12) }, "\(a)")
        XCTAssertGreaterThan(Set(a).count, a.count / 2)
        let fixed = try conductances("layers = 2 2\ninit = uniform 30u 30u")
        XCTAssertEqual(fixed.count, 16)
        XCTAssertTrue(fixed.allSatisfy { abs($0 - 30e-6) <= 1e-15 * 30e-6 }, "\(fixed)")
    }

    /// The exported SPICE text parses back (names, references and topology checked) to the same
    /// elements and roles.
    func testSpiceRoundTrip() throws {
        let netlist = try DeepResistiveNetworkBuilder.netlist(Self.description("layers = 3 4 3 2\ninputs = 1 2 3\ndiode = RS=5"))
        let text = SpiceWriter.spice(netlist)
        let parsed = try NetlistParser.parse(contents: text, file: "t.cir")
        XCTAssertEqual(parsed.elements.map(\.name), netlist.elements.map(\.name))
        XCTAssertEqual(parsed.elements.map(\.nodes), netlist.elements.map(\.nodes))
        XCTAssertEqual(parsed.elements.map(\.kind), netlist.elements.map(\.kind))
        XCTAssertEqual(parsed.roles, netlist.roles)
        XCTAssertEqual(parsed.diodeModels["drn_diode"]?.seriesResistance, 5)
    }

    func testSourceAssignmentReachesInputs() throws {
        var netlist = try DeepResistiveNetworkBuilder.netlist(Self.description("layers = 2 3 2"))
        try netlist.setSourceValue("VX1N", to: 0.75)
        let element = try XCTUnwrap(netlist.elements.first { $0.name == "vx1n" })
        XCTAssertEqual(element.kind, .voltageSource(SourceWaveform(dc: 0.75)))
    }
}
