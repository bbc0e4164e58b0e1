import XCTest
@testable import PhysicalNetworks

final class NetlistSourceValuesTests: XCTestCase {
    private let text = """
        t
        .subckt s p
        Vb p q 0.5
        Rq q 0 1k
        .ends
        V1 a 0 PULSE(0 1 1n)
        I1 0 a 1m
        R1 a 0 1k
        X1 a s
        """

    func testSettingSourceValues() throws {
        let netlist = try parseNetlist(text)
        let changed = try netlist.settingSourceValue("V1", to: 2.5)
            .settingSourceValue("i1", to: -1e-3)
            .settingSourceValue("X1.VB", to: 0.7)
        XCTAssertEqual(netlistElement("v1", in: changed)?.kind, .voltageSource(SourceWaveform(
            dc: 2.5, transient: .pulse(v1: 0, v2: 1, delay: 1e-9, rise: nil, fall: nil, width: nil, period: nil))))
        XCTAssertEqual(netlistElement("i1", in: changed)?.kind, .currentSource(SourceWaveform(dc: -1e-3)))
        XCTAssertEqual(netlistElement("x1.vb", in: changed)?.kind, .voltageSource(SourceWaveform(dc: 0.7)))
        XCTAssertEqual(netlistElement("v1", in: netlist)?.kind, .voltageSource(SourceWaveform(
            dc: nil, transient: .pulse(v1: 0, v2: 1, delay: 1e-9, rise: nil, fall: nil, width: nil, period: nil))),
            "the original is unchanged")
        let spiceSpelling = try netlist.settingSourceValue("v.x1.vb", to: 0.9)
        XCTAssertEqual(netlistElement("x1.vb", in: spiceSpelling)?.kind, .voltageSource(SourceWaveform(dc: 0.9)))
    }

    func testSettingUnknownOrNonSourceFails() throws {
        let netlist = try parseNetlist(text)
        XCTAssertThrowsError(try netlist.settingSourceValue("v9", to: 1)) { error in
            XCTAssertEqual("\(error)", "t.cir:1:1: no independent source named 'v9'")
        }
        XCTAssertThrowsError(try netlist.settingSourceValue("R1", to: 1)) { error in
            XCTAssertEqual("\(error)", "t.cir:8:1: 'R1' is not an independent source (V or I)")
        }
        XCTAssertThrowsError(try netlist.settingSourceValue("v1", to: .nan)) { error in
            XCTAssertEqual("\(error)", "t.cir:1:1: value for source 'v1' must be finite, got nan")
        }
    }
}
