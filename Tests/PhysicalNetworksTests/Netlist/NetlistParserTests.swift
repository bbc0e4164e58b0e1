import XCTest
@testable import PhysicalNetworks

final class NetlistParserTests: XCTestCase {
    // MARK: Elements and values

    func testElementsOfEveryKind() throws {
        let netlist = try parseNetlist("""
            Every element
            V1 In GND DC 5V
            R1 in mid 10kOhm
            C1 mid GND 1uF
            I1 0 mid 1mA
            D1 mid out dmod area=2
            D2 mid out dmod AREA = 3
            Rl out 0 1k
            E1 e 0 mid 0 2.5
            Re e 0 1k
            Vs f fs 0
            Rfs fs 0 1
            F1 0 f vs 3
            Rf f 0 1
            .model DMOD D (IS=1e-12 N=1.5 RS=10)
            .op
            .end
            """)
        XCTAssertEqual(netlist.title, "Every element")
        XCTAssertEqual(netlist.file, "t.cir")
        XCTAssertEqual(netlist.elements.map(\.name), ["v1", "r1", "c1", "i1", "d1", "d2", "rl", "e1", "re", "vs", "rfs", "f1", "rf"])
        XCTAssertEqual(netlistElement("v1", in: netlist)?.nodes, ["in", "0"])
        XCTAssertEqual(netlistElement("v1", in: netlist)?.kind, .voltageSource(SourceWaveform(dc: 5)))
        XCTAssertEqual(netlistElement("r1", in: netlist)?.kind, .resistor(ohms: 1e4))
        XCTAssertEqual(netlistElement("c1", in: netlist)?.nodes, ["mid", "0"])
        XCTAssertEqual(netlistElement("c1", in: netlist)?.kind, .capacitor(farads: 1e-6))
        XCTAssertEqual(netlistElement("i1", in: netlist)?.kind, .currentSource(SourceWaveform(dc: 1e-3)))
        XCTAssertEqual(netlistElement("d1", in: netlist)?.kind, .diode(model: "dmod", area: 2))
        XCTAssertEqual(netlistElement("d2", in: netlist)?.kind, .diode(model: "dmod", area: 3))
        XCTAssertEqual(netlistElement("e1", in: netlist)?.nodes, ["e", "0", "mid", "0"])
        XCTAssertEqual(netlistElement("e1", in: netlist)?.kind, .vcvs(gain: 2.5))
        XCTAssertEqual(netlistElement("f1", in: netlist)?.kind, .cccs(controllingSource: "vs", gain: 3))
        XCTAssertEqual(netlistElement("r1", in: netlist)?.location, SourceLocation(file: "t.cir", line: 3, column: 1))
        let model = netlist.diodeModels["dmod"]
        XCTAssertEqual(model?.saturationCurrent, 1e-12)
        XCTAssertEqual(model?.emissionCoefficient, 1.5)
        XCTAssertEqual(model?.seriesResistance, 10)
        XCTAssertEqual(netlist.analyses, [.operatingPoint])
    }

    func testGroundAliasAndCaseInsensitiveNames() throws {
        // As in ngspice 39: `gnd` is ground, `ground` is an ordinary node.
        let netlist = try parseNetlist("t\nVIN In GND 1\nR1 IN Mid 1k\nr2 MID ground 1k\nR3 mid 0 1k\nR4 ground 0 1k\n")
        XCTAssertEqual(netlist.elements.map(\.name), ["vin", "r1", "r2", "r3", "r4"])
        XCTAssertEqual(netlist.elements.map(\.nodes),
                       [["in", "0"], ["in", "mid"], ["mid", "ground"], ["mid", "0"], ["ground", "0"]])
    }

    func testSourceForms() throws {
        let netlist = try parseNetlist("""
            sources
            V1 a 0 PULSE(0 1 1n 2n 3n 4n 10n)
            V2 b 0 pulse 0 1 1n
            V3 c 0 DC 2 PWL(0 0, 1u 1, 2u 0.5)
            V4 d 0 1.5 PWL 0 0 1m 1
            V5 e 0 DC={2}
            R1 a 0 1
            R2 b 0 1
            R3 c 0 1
            R4 d 0 1
            R5 e 0 1
            """.replacingOccurrences(of: "DC={2}", with: "dc {2}"))
        XCTAssertEqual(netlistElement("v1", in: netlist)?.kind, .voltageSource(SourceWaveform(
            dc: nil, transient: .pulse(v1: 0, v2: 1, delay: 1e-9, rise: 2e-9, fall: 3e-9, width: 4e-9, period: 10e-9))))
        XCTAssertEqual(netlistElement("v2", in: netlist)?.kind, .voltageSource(SourceWaveform(
            dc: nil, transient: .pulse(v1: 0, v2: 1, delay: 1e-9, rise: nil, fall: nil, width: nil, period: nil))))
        XCTAssertEqual(netlistElement("v3", in: netlist)?.kind, .voltageSource(SourceWaveform(
            dc: 2, transient: .pwl([(0, 0), (1e-6, 1), (2e-6, 0.5)]))))
        XCTAssertEqual(netlistElement("v4", in: netlist)?.kind, .voltageSource(SourceWaveform(
            dc: 1.5, transient: .pwl([(0, 0), (1e-3, 1)]))))
        XCTAssertEqual(netlistElement("v5", in: netlist)?.kind, .voltageSource(SourceWaveform(dc: 2)))
    }

    func testParametersAndExpressions() throws {
        let netlist = try parseNetlist("""
            params
            .param rbase=1k gain={2*rbase/1k}
            .param rtop = 'rbase*3' half=rbase/2
            V1 a 0 {gain}
            R1 a b {rtop + late}
            R2 b 0 {sqrt(half*half)}
            .param late=-1k
            """)
        XCTAssertEqual(netlistElement("v1", in: netlist)?.kind, .voltageSource(SourceWaveform(dc: 2)))
        XCTAssertEqual(netlistElement("r1", in: netlist)?.kind, .resistor(ohms: 2000))
        XCTAssertEqual(netlistElement("r2", in: netlist)?.kind, .resistor(ohms: 500))
    }

    func testDotCards() throws {
        let netlist = try parseNetlist("""
            cards
            V1 a 0 1
            R1 a b 1
            C1 b 0 1n
            .tran 1n 1u
            .tran 1n 1u 0.1u 2n UIC
            .ic V(b)=0.5 v(a)={1/4}
            .options RELTOL=1e-4 noopiter abstol=1p
            .option temp=27
            .save all
            .print tran v(b)
            .control
            run
            plot v(b)
            .endc
            .end
            """)
        XCTAssertEqual(netlist.analyses, [
            .transient(step: 1e-9, stop: 1e-6, start: 0, maxStep: nil, useInitialConditions: false),
            .transient(step: 1e-9, stop: 1e-6, start: 0.1e-6, maxStep: 2e-9, useInitialConditions: true),
        ])
        XCTAssertEqual(netlist.initialConditions, ["b": 0.5, "a": 0.25])
        XCTAssertEqual(netlist.options, ["reltol": 1e-4, "noopiter": 1, "abstol": 1e-12, "temp": 27])
    }

    func testDefaultDiodeModel() throws {
        let netlist = try parseNetlist("t\nV1 a 0 1\nD1 a 0 dd\n.model dd d\n")
        XCTAssertEqual(netlist.diodeModels["dd"]?.saturationCurrent, 1e-14)
        XCTAssertEqual(netlist.diodeModels["dd"]?.emissionCoefficient, 1)
        XCTAssertEqual(netlist.diodeModels["dd"]?.seriesResistance, 0)
        XCTAssertEqual(netlistElement("d1", in: netlist)?.kind, .diode(model: "dd", area: 1))
    }

    func testContinuationLinesAndTheirErrorLocations() throws {
        let netlist = try parseNetlist("t\nR1 a\n+ 0\n+ 2k\nV1 a 0 1\n")
        XCTAssertEqual(netlistElement("r1", in: netlist)?.nodes, ["a", "0"])
        XCTAssertEqual(netlistElement("r1", in: netlist)?.kind, .resistor(ohms: 2000))
        assertNetlistError("t\nR1 a\n+ 0\n+   -2k\nV1 a 0 1\n", "t.cir:4:5: resistance of 'R1' must be positive, got -2000.0")
    }

    // MARK: Subcircuits

    func testSubcircuitExpansionWithHierarchicalNames() throws {
        let netlist = try parseNetlist("""
            divider
            .subckt div in out
            R1 in out 1k
            R2 out 0 1k
            .ends div
            V1 a 0 2
            X1 a b div
            Rload b 0 1meg
            """)
        XCTAssertEqual(netlist.elements.map(\.name), ["v1", "x1.r1", "x1.r2", "rload"])
        XCTAssertEqual(netlistElement("x1.r1", in: netlist)?.nodes, ["a", "b"])
        XCTAssertEqual(netlistElement("x1.r2", in: netlist)?.nodes, ["b", "0"])
        XCTAssertEqual(netlistElement("x1.r1", in: netlist)?.location, SourceLocation(file: "t.cir", line: 3, column: 1))
    }

    func testNestedSubcircuitsWithParameters() throws {
        let netlist = try parseNetlist("""
            nested
            .param rglobal=100
            .subckt leaf a b params: r=1k
            .param twice={2*r}
            R1 a mid {r}
            R2 mid b {twice + rglobal}
            .ends
            .subckt pair p q params: scale=1
            X1 p m leaf r={scale*10}
            X2 m q leaf
            Cm m 0 1p
            .ends pair
            V1 in 0 1
            Xtop in 0 pair scale=3
            """)
        XCTAssertEqual(netlist.elements.map(\.name), [
            "v1", "xtop.x1.r1", "xtop.x1.r2", "xtop.x2.r1", "xtop.x2.r2", "xtop.cm",
        ])
        XCTAssertEqual(netlistElement("xtop.x1.r1", in: netlist)?.nodes, ["in", "xtop.x1.mid"])
        XCTAssertEqual(netlistElement("xtop.x1.r1", in: netlist)?.kind, .resistor(ohms: 30))
        XCTAssertEqual(netlistElement("xtop.x1.r2", in: netlist)?.nodes, ["xtop.x1.mid", "xtop.m"])
        XCTAssertEqual(netlistElement("xtop.x1.r2", in: netlist)?.kind, .resistor(ohms: 160))
        XCTAssertEqual(netlistElement("xtop.x2.r1", in: netlist)?.kind, .resistor(ohms: 1000))
        XCTAssertEqual(netlistElement("xtop.x2.r2", in: netlist)?.kind, .resistor(ohms: 2100))
        XCTAssertEqual(netlistElement("xtop.x2.r2", in: netlist)?.nodes, ["xtop.x2.mid", "0"])
        XCTAssertEqual(netlistElement("xtop.cm", in: netlist)?.nodes, ["xtop.m", "0"])
    }

    func testSubcircuitControlledSourcesAreLocal() throws {
        let netlist = try parseNetlist("""
            mirror
            .subckt mirror in out
            Vsense in s 0
            Rs s 0 1k
            F1 0 out vsense 2
            .ends
            V1 a 0 1
            X1 a b mirror
            Rb b 0 1k
            """)
        XCTAssertEqual(netlistElement("x1.f1", in: netlist)?.kind, .cccs(controllingSource: "x1.vsense", gain: 2))
    }

    // MARK: Learning roles

    func testLearningDirectives() throws {
        let netlist = try parseNetlist("""
            roles
            *@ input V1 I1
            *@ output Y
            *@ train R1 x1.r1
            *@ bounds 1u 1m
            .subckt s a
            R1 a 0 1k
            .ends
            V1 a 0 1
            I1 0 y 1m
            R1 a y 1k
            X1 y s
            """)
        XCTAssertEqual(netlist.roles.inputs, ["v1", "i1"])
        XCTAssertEqual(netlist.roles.outputs, ["y"])
        XCTAssertEqual(netlist.roles.trainable, ["r1", "x1.r1"])
        XCTAssertEqual(netlist.roles.conductanceBounds, 1e-6...1e-3)
    }

    // MARK: Files

    func testParseFileAtPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-parser-\(UUID().uuidString).cir").path
        try "file test\nV1 a 0 1\nR1 a 0 1k\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let netlist = try NetlistParser.parse(fileAt: path)
        XCTAssertEqual(netlist.file, path)
        XCTAssertEqual(netlist.elements.count, 2)
    }

    func testMissingFile() {
        do {
            _ = try NetlistParser.parse(fileAt: "/nonexistent/dir/x.cir")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.description, "/nonexistent/dir/x.cir:1:1: no such file")
        }
    }
}
