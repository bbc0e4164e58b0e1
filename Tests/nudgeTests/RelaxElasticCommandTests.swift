import Foundation
import XCTest

/// `nudge relax NET.data`: a LAMMPS data file relaxes as an elastic network. A node held by two
/// springs of rest length 1.2 from pinned atoms at (0, 0) and (2, 0) settles at (1, √(1.2² − 1));
/// `--json` names nodes by atom id with coordinate arrays; a malformed file is refused with its
/// line and column.
final class RelaxElasticCommandTests: XCTestCase {
    static let data = """
        two springs holding a node

        3 atoms
        2 bonds
        2 atom types
        1 bond types

        -1 3 xlo xhi
        -1 2 ylo yhi
        -0.5 0.5 zlo zhi

        Atoms # bond

        1 1 2 0 0 0
        2 1 2 2 0 0
        17 1 1 1.0 0.5 0

        Bond Coeffs # harmonic

        1 0.5 1.2

        Bonds

        1 1 1 17
        2 1 2 17
        """

    func testRelaxesToTheClosedFormAndNamesNodesByAtomID() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.url.appendingPathComponent("hold.data")
        try Self.data.write(to: file, atomically: true, encoding: .utf8)
        let run = try CommandLineRun.run(["relax", file.path, "--json"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(json["status"] as? String, "converged")
        let nodes = try XCTUnwrap(json["nodes"] as? [String: [Double]])
        XCTAssertEqual(Set(nodes.keys), ["1", "2", "17"])
        let held = try XCTUnwrap(nodes["17"])
        XCTAssertEqual(held.count, 2, "a flat file is a 2-D network")
        XCTAssertEqual(held[0], 1, accuracy: 1e-8)
        XCTAssertEqual(held[1], (1.2 * 1.2 - 1).squareRoot(), accuracy: 1e-8)
        XCTAssertEqual(nodes["2"], [2, 0], "pinned atoms (type 2) stay")
        // Gradient flow dissipates exactly the springs' initial energy: 2 · ½ · 1 · (|(1, 0.5)| − 1.2)².
        let initial = pow(1.25.squareRoot() - 1.2, 2)
        XCTAssertEqual(try XCTUnwrap(json["dissipatedEnergy"] as? Double), initial, accuracy: 1e-9)
        XCTAssertGreaterThan(try XCTUnwrap(json["time"] as? Double), 0)
    }

    func testMalformedFileIsRefusedWithLineAndColumn() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.url.appendingPathComponent("bad.data")
        try Self.data.replacingOccurrences(of: "1 0.5 1.2", with: "1 0.5").write(to: file, atomically: true, encoding: .utf8)
        let run = try CommandLineRun.run(["relax", file.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("bad.data:20:1: a harmonic bond coefficient line is 'type K r0'"), run.standardError)
    }
}
