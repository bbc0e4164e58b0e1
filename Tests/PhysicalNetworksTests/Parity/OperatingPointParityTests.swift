import Foundation
import XCTest
@testable import PhysicalNetworks

/// Random networks of dozens of nodes (see `RandomParityCircuits`): nudge's DC operating point
/// and its relaxation endpoint against ngspice's `.op`, on every node, to 1e-6 relative + 1 nV.
final class OperatingPointParityTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(Ngspice.isAvailable, "ngspice is not installed")
    }

    private func checkOperatingPoints(_ kind: RandomParityCircuits.Kind,
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        var operatingPoints = OperatingPointAgreement()
        var relaxations = OperatingPointAgreement()
        for seed in RandomParityCircuits.seeds {
            let random = RandomParityCircuits.circuit(kind, seed: seed)
            let label = "\(kind.label) seed \(seed)"
            let circuit = try ParityRun.circuit(random.netlist, file: "\(label).cir")
            XCTAssertEqual(Set(circuit.nodeNames), Set(random.nodes), label, file: file, line: line)
            let agreement = try ParityRun.compareOperatingPoints(
                circuit, netlist: random.netlist, label: label, file: file, line: line)
            operatingPoints.merge(agreement.operatingPoint)
            relaxations.merge(agreement.relaxation)
        }
        print("parity \(kind.label) op:    \(operatingPoints)")
        print("parity \(kind.label) relax: \(relaxations)")
    }

    func testLinearRC() throws { try checkOperatingPoints(RandomParityCircuits.linearRC) }

    func testDiodes() throws { try checkOperatingPoints(RandomParityCircuits.diodes) }

    func testDiodesWithSeriesResistance() throws {
        try checkOperatingPoints(RandomParityCircuits.diodesWithSeriesResistance)
    }

    func testControlledSources() throws { try checkOperatingPoints(RandomParityCircuits.controlledSources) }

    func testNodesWithoutCapacitance() throws { try checkOperatingPoints(RandomParityCircuits.differentialAlgebraic) }

    func testResistiveNetworkWithoutCapacitors() throws { try checkOperatingPoints(RandomParityCircuits.resistive) }
}
