import Foundation
import XCTest

final class RelaxCommandTests: XCTestCase {
    private func relaxJSON(_ arguments: [String]) throws -> [String: Any] {
        let run = try CommandLineRun.run(["relax", "--json"] + arguments)
        XCTAssertEqual(run.status, 0, run.standardError)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any],
                             run.standardOutput)
    }

    func testJSONOutputHasTheContractFields() throws {
        let json = try relaxJSON(["circuits/divider.cir"])
        XCTAssertEqual(json["status"] as? String, "converged")
        let nodes = try XCTUnwrap(json["nodes"] as? [String: Any])
        XCTAssertEqual((nodes["in"] as? NSNumber)?.doubleValue ?? .nan, 1, accuracy: 1e-12)
        XCTAssertEqual((nodes["out"] as? NSNumber)?.doubleValue ?? .nan, 1.0 / 3, accuracy: 1e-8)
        // Settling of v(t) = (1 − e^{−t/τ})/3, τ = 1 mF / 3 S, to 1e-9 relative: about 7 ms.
        let time = try XCTUnwrap((json["time"] as? NSNumber)?.doubleValue)
        XCTAssertEqual(time, 1e-3 / 3 * log(1 / (1e-9 + 3e-11)), accuracy: 0.05 * time)
        XCTAssertGreaterThan(try XCTUnwrap((json["steps"] as? NSNumber)?.intValue), 0)
        XCTAssertLessThan(try XCTUnwrap((json["residual"] as? NSNumber)?.doubleValue), 1e-8)
    }

    func testEveryExampleCircuitRelaxes() throws {
        for name in ["divider", "diode_clamp", "amplifier", "rc_pulse"] {
            let json = try relaxJSON(["circuits/\(name).cir"])
            XCTAssertEqual(json["status"] as? String, "converged", name)
            XCTAssertFalse((json["nodes"] as? [String: Any] ?? [:]).isEmpty, name)
        }
    }

    func testSetChangesTheSourceValue() throws {
        let json = try relaxJSON(["circuits/divider.cir", "--set", "V0=2.4"])
        let nodes = try XCTUnwrap(json["nodes"] as? [String: Any])
        XCTAssertEqual((nodes["in"] as? NSNumber)?.doubleValue ?? .nan, 2.4, accuracy: 1e-12)
        XCTAssertEqual((nodes["out"] as? NSNumber)?.doubleValue ?? .nan, 0.8, accuracy: 1e-8)
        let milli = try relaxJSON(["circuits/divider.cir", "--set", "v0=300m"])
        let out = (milli["nodes"] as? [String: Any])?["out"] as? NSNumber
        XCTAssertEqual(out?.doubleValue ?? .nan, 0.1, accuracy: 1e-9)
    }

    func testUnknownSourceInSetIsAUserError() throws {
        let run = try CommandLineRun.run(["relax", "circuits/divider.cir", "--set", "VNOPE=1"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.lowercased().contains("vnope"), run.standardError)
        XCTAssertEqual(run.standardOutput, "")
    }

    func testOutputFileIsWrittenWhole() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.url.appendingPathComponent("result.json").path
        let run = try CommandLineRun.run(["relax", "--json", "circuits/divider.cir", "--output", path])
        XCTAssertEqual(run.status, 0, run.standardError)
        XCTAssertEqual(run.standardOutput, "")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        XCTAssertEqual(json?["status"] as? String, "converged")
        XCTAssertEqual(scratch.contents, ["result.json"], "no temporary file left beside the output")
    }
}
