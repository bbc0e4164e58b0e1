import Foundation
import XCTest
@testable import PhysicalNetworks

/// Every example circuit in `circuits/` against ngspice run on the same file: the operating
/// point and the relaxation endpoint on every node, and, for files with a `.tran` card, the
/// transient on the card's own grid (0, TSTEP, 2·TSTEP, … ≤ TSTOP).
final class CircuitsFolderParityTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(Ngspice.isAvailable, "ngspice is not installed")
    }

    /// `circuits/` at the repository root, found from this file's path
    /// (`Tests/PhysicalNetworksTests/Parity/` is three levels below the root).
    private static var circuitsFolder: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("circuits")
    }

    /// Every `.cir` file of `circuits/`, sorted, with its text.
    private static func circuitFiles() throws -> [(name: String, text: String)] {
        let files = try FileManager.default.contentsOfDirectory(at: circuitsFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "cir" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { ("circuits/" + $0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    func testFolderHoldsTheExampleCircuits() throws {
        let names = try Self.circuitFiles().map(\.name)
        XCTAssertGreaterThanOrEqual(names.count, 4, "\(Self.circuitsFolder.path): \(names)")
        XCTAssertTrue(names.contains("circuits/rc_pulse.cir"), "\(names)")
    }

    func testOperatingPointAndRelaxationMatchNgspiceForEveryCircuit() throws {
        var operatingPoints = OperatingPointAgreement()
        var relaxations = OperatingPointAgreement()
        for (name, text) in try Self.circuitFiles() {
            let circuit = try ParityRun.circuit(text, file: name)
            let agreement = try ParityRun.compareOperatingPoints(circuit, netlist: text, label: name)
            operatingPoints.merge(agreement.operatingPoint)
            relaxations.merge(agreement.relaxation)
        }
        print("parity circuits/ op:    \(operatingPoints)")
        print("parity circuits/ relax: \(relaxations)")
    }

    func testTransientsMatchNgspiceForCircuitsWithATranCard() throws {
        var transients = TransientAgreement()
        var count = 0
        for (name, text) in try Self.circuitFiles() {
            let netlist = try NetlistParser.parse(contents: text, file: name)
            for case let .transient(step, stop, _, maxStep, _) in netlist.analyses {
                let circuit = try CircuitBuilder.build(netlist, transient: .init(step: step, stop: stop))
                // TMAX: the card's own, capped at TSTEP/10 so ngspice's points are dense.
                let maximumStep = min(maxStep ?? step, step) / 10
                let agreement = try ParityRun.compareTransients(
                    circuit, netlist: text, step: step, stop: stop, outputStep: step,
                    maximumStep: maximumStep, label: name)
                transients.merge(agreement)
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 0, "no circuit in circuits/ has a .tran card")
        print("parity circuits/ transient: \(transients)")
    }
}
