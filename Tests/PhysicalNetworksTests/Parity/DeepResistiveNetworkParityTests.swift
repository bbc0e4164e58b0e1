import Foundation
import XCTest
@testable import PhysicalNetworks

/// Deep resistive networks expanded from `.drn` descriptions and written with `SpiceWriter`:
/// nudge's DC operating point and relaxation endpoint against ngspice's `.op` on every node, to
/// 1e-6 relative + 1 nV (`OperatingPointAgreement`).
///
/// Measured (ngspice 39 here): operating point within 1.4e-14 V, relaxation endpoint within
/// 3.1e-9 V (worst error/tolerance 0.02), with two rectifier diodes conducting in `drn232rect`.
final class DeepResistiveNetworkParityTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(Ngspice.isAvailable, "ngspice is not installed")
    }

    /// Returns the number of forward-biased rectifier diodes.
    @discardableResult
    private func check(_ description: String, label: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let netlist = try DeepResistiveNetworkBuilder.netlist(
            DeepResistiveNetworkDescription.parse(contents: description, file: "\(label).drn"))
        let text = SpiceWriter.spice(netlist)
        let circuit = try ParityRun.circuit(text, file: "\(label).cir")
        let agreement = try ParityRun.compareOperatingPoints(circuit, netlist: text, label: label, file: file, line: line)
        let diodes = conductingDiodes(circuit)
        print("parity drn \(label) op:    \(agreement.operatingPoint)")
        print("parity drn \(label) relax: \(agreement.relaxation); forward-biased diodes (> 0.5 V): \(diodes)")
        return diodes
    }

    /// How many rectifier diodes are forward biased beyond 0.5 V (IS = 1e-14 A: above 2 µA) at
    /// the operating point (so the comparison covers the nonlinearity, not only its linear part).
    private func conductingDiodes(_ circuit: Circuit) -> Int {
        let nodes = Dictionary(uniqueKeysWithValues: ParityRun.operatingPoint(circuit).nodes.map { ($0.name, $0.volts) })
        return circuit.netlist.elements.filter { element in
            guard case .diode = element.kind else { return false }
            return (nodes[element.nodes[0]] ?? 0) - (nodes[element.nodes[1]] ?? 0) > 0.5
        }.count
    }

    func testSmallWithAmplifiers() throws {
        try check("layers = 2 3 2\ngain = 4\ninputs = 0.8 -0.3\nseed = 1", label: "drn232")
    }

    /// Large inputs and skewed conductances drive hidden nodes into both rectifier diodes.
    func testSmallWithConductingRectifiers() throws {
        let diodes = try check("layers = 2 3 2\ngain = 4\ninputs = 8 -6\ninit = uniform 1u 1m\nseed = 4", label: "drn232rect")
        XCTAssertGreaterThanOrEqual(diodes, 2)
    }

    func testSmallWithoutAmplifiers() throws {
        try check("layers = 2 3 2\ngain = none\ninputs = 3 -1\ninit = uniform 1u 1m\nseed = 2", label: "drn232linear")
    }

    /// Crossbars with 2 kΩ wire segments (IR drops of a few percent of the devices' 10–100 kΩ).
    func testWiredCrossbars() throws {
        try check("layers = 2 3 2\ngain = 4\ninputs = 8 -6\ninit = uniform 10u 100u\nseed = 4\nwire_resistance = 2k",
                  label: "drn232wired")
    }

    func testTwoHiddenLayersWithSeriesResistance() throws {
        try check("layers = 3 4 3 2\ngain = 2\ndiode = IS=1e-14 N=1.2 RS=100\ninputs = 6 -3 2\ninit = uniform 1u 1m\nseed = 3",
                  label: "drn3432")
    }

    func testShippedExample() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("circuits/drn_small.drn").path
        let text = try XCTUnwrap(FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) })
        try check(text, label: "drn_small")
    }
}
