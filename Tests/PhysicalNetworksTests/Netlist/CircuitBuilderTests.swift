import XCTest
@testable import PhysicalNetworks

final class CircuitBuilderTests: XCTestCase {
    private func build(_ text: String, transient: CircuitBuilder.TransientSettings? = nil) throws -> Circuit {
        try CircuitBuilder.build(NetlistParser.parse(contents: text, file: "t.cir"), transient: transient)
    }

    func testModifiedNodalAnalysisLayout() throws {
        let circuit = try build("""
            layout
            .model d1m D (IS=1e-14 RS=10)
            V1 a 0 1
            R1 a b 1k
            D1 b c d1m
            R2 c 0 2k
            E1 e 0 b 0 2
            R3 e 0 1k
            F1 0 c V1 0.5
            C1 b 0 1n
            .end
            """)
        XCTAssertEqual(circuit.nodeNames, ["a", "b", "c", "e"])
        let kinds = circuit.network.unknowns.map(\.kind)
        XCTAssertEqual(kinds.filter { $0 == .nodeVoltage }.count, 4)
        XCTAssertEqual(kinds.filter { $0 == .internalNode }.count, 1, "diode with RS gets a junction node")
        XCTAssertEqual(kinds.filter { $0 == .branchCurrent }.count, 2, "V1 and E1 carry branch currents")
        XCTAssertEqual(circuit.network.parameterNames, ["r1", "r2", "r3", "c1"])
        XCTAssertEqual(circuit.network.parameters[0], 1e-3, accuracy: 1e-18, "conductance of R1 in S")
        XCTAssertFalse(circuit.network.isGradientSystem, "controlled sources have no energy")
    }

    func testLearningRolesMapToUnknownsAndParameters() throws {
        let circuit = try build("""
            roles
            *@ input V1
            *@ output out
            *@ train R2 R1
            *@ bounds 1u 1m
            V1 in 0 1
            R1 in out 1k
            R2 out 0 1k
            .end
            """)
        let roles = circuit.network.roles
        XCTAssertEqual(roles.inputs, ["v1"])
        XCTAssertEqual(roles.outputs, [circuit.network.unknownIndex(named: "out")!])
        XCTAssertEqual(roles.trainable, [1, 0])
        XCTAssertEqual(roles.bounds, 1e-6...1e-3)
        XCTAssertTrue(circuit.network.isGradientSystem)
    }

    /// SPICE fills PULSE's missing rise/fall with TSTEP and width/period with TSTOP; a source
    /// without a DC value applies its waveform at t = 0 in DC analyses.
    func testPulseDefaultsAndDCValue() throws {
        let circuit = try build("p\nV1 a 0 PULSE(0.5 1 1u)\nR1 a 0 1k\n.end\n",
                                transient: .init(step: 1e-7, stop: 1e-5))
        guard let sources = circuit.network.interactions.first(where: { $0 is VoltageSources }) as? VoltageSources,
              case .pulse(let pulse)? = sources.sources[0].signal.waveform else {
            return XCTFail("expected a pulse source")
        }
        XCTAssertEqual(pulse, SourceSignal.Pulse(initial: 0.5, pulsed: 1, delay: 1e-6, rise: 1e-7, fall: 1e-7,
                                                 width: 1e-5, period: 1e-5))
        XCTAssertEqual(sources.sources[0].signal.dc, 0.5)
    }

    func testTemperatureOtherThanNominalIsRejected() {
        XCTAssertThrowsError(try build("t\n.options temp=50\nR1 a 0 1k\nV1 a 0 1\n.end\n")) { error in
            XCTAssertEqual((error as? NetlistError)?.description,
                           "t.cir:1:1: '.options temp=50.0': only the nominal 27 °C is supported")
        }
    }

    func testInitialConditionsFillTheInitialState() throws {
        let circuit = try build("ic\nR1 a 0 1k\nC1 a 0 1n\nI1 0 a 1m\n.ic v(a)=0.25\n.end\n")
        XCTAssertEqual(circuit.initialState, [0.25])
    }
}
