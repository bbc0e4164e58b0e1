import XCTest
@testable import PhysicalNetworks

final class NetlistTopologyCheckTests: XCTestCase {
    func testDanglingNodeIsReportedAtItsOnlyElement() {
        assertNetlistError("t\nV1 a 0 1\nR1 a 0 1k\nR2 a dangle 1k\n",
                           "t.cir:4:1: node 'dangle' is dangling: only 'r2' connects to it")
    }

    func testFloatingNodesBehindCapacitorsAndCurrentSources() {
        assertNetlistError("t\nV1 a 0 1\nC1 a b 1p\nC2 b 0 1p\n",
                           "t.cir:3:1: node 'b' has no DC path to ground (through R, V, D or E outputs)")
        assertNetlistError("t\nI1 0 a 1m\nI2 a 0 1m\n",
                           "t.cir:2:1: node 'a' has no DC path to ground (through R, V, D or E outputs)")
        assertNetlistError("t\nV1 a 0 1\nR1 a 0 1\nR2 b c 1\nR3 c b 1\n",
                           "t.cir:4:1: node 'b' has no DC path to ground (through R, V, D or E outputs)")
    }

    func testControlPairOfVCVSIsNotADCPath() {
        assertNetlistError("t\nE1 o 0 c1 c2 2\nR1 o 0 1\nC1 c1 c2 1p\n",
                           "t.cir:2:1: node 'c1' has no DC path to ground (through R, V, D or E outputs)")
    }

    func testFloatingNodeInsideSubcircuitNamesTheHierarchicalNode() {
        assertNetlistError("t\n.subckt s p\nC1 p i 1p\nC2 i p 1p\n.ends\nV1 a 0 1\nR1 a 0 1\nX1 a s\n",
                           "t.cir:3:1: node 'x1.i' has no DC path to ground (through R, V, D or E outputs)")
    }

    func testValidTopologies() throws {
        _ = try parseNetlist("t\nV1 a 0 1\nR1 a b 1k\nD1 b 0 d\n.model d D\n")
        _ = try parseNetlist("t\nV1 a 0 1\nE1 o 0 a 0 2\nR1 o 0 1k\n")
        _ = try parseNetlist("t\nI1 0 a 1m\nR1 a 0 1k\nC1 a 0 1p\n")
        XCTAssertNoThrow(try NetlistTopologyCheck.check(Netlist(title: "empty", file: "e.cir")))
    }
}
