import XCTest
@testable import PhysicalNetworks

final class LearningDirectiveReaderTests: XCTestCase {
    private let base = "t\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n"

    func testRoleErrors() {
        assertNetlistError(base + "*@ input R1\n", "t.cir:5:10: '*@ input' names 'R1', which is not an independent source (V or I)")
        assertNetlistError(base + "*@ input V9\n", "t.cir:5:10: unknown source 'V9' in '*@ input'")
        assertNetlistError(base + "*@ output zz\n", "t.cir:5:11: unknown node 'zz' in '*@ output'")
        assertNetlistError(base + "*@ output 0\n", "t.cir:5:11: unknown node '0' in '*@ output'")
        assertNetlistError(base + "*@ train V1\n", "t.cir:5:10: '*@ train' names 'V1', which is not a resistor")
        assertNetlistError(base + "*@ train R1 r1\n", "t.cir:5:13: 'r1' is listed twice")
        assertNetlistError(base + "*@ train r7\n", "t.cir:5:10: unknown resistor 'r7' in '*@ train'")
        assertNetlistError(base + "*@ bounds 1m 1u\n", "t.cir:5:14: GMAX must exceed GMIN, got 1e-06 <= 0.001")
        assertNetlistError(base + "*@ bounds 1m\n", "t.cir:5:4: '*@ bounds' takes two conductances GMIN GMAX (S)")
        assertNetlistError(base + "*@ learn R1\n", "t.cir:5:4: unknown learning directive 'learn' (expected input, output, train or bounds)")
        assertNetlistError(base + "*@\n", "t.cir:5:1: empty learning directive (expected input, output, train or bounds)")
        assertNetlistError(base + "*@ train\n", "t.cir:5:4: '*@ train' needs at least one name")
    }

    func testDirectivesAreCommentsToContinuations() throws {
        let netlist = try parseNetlist("t\nV1 a 0\n*@ input v1\n+ 1\nR1 a 0 1k\n")
        XCTAssertEqual(netlist.roles.inputs, ["v1"])
        XCTAssertEqual(netlistElement("v1", in: netlist)?.kind, .voltageSource(SourceWaveform(dc: 1)))
    }
}
