import Foundation
import XCTest

/// `nudge generate` writes a network `nudge relax` reads back; FIRE and FIRE + Newton reach the
/// same equilibrium as the overdamped flow; bad options are refused.
final class GenerateCommandTests: XCTestCase {
    func testGeneratedNetworkRelaxesToOneEquilibriumByEveryMethod() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.url.appendingPathComponent("net.data").path
        let made = try CommandLineRun.run(["generate", "disordered", "--nodes", "80", "--coordination", "5.2",
                                           "--seed", "3", "--perturb", "0.05", "--output", file])
        XCTAssertEqual(made.status, 0, made.standardError)
        XCTAssertTrue(made.standardOutput.contains("80 nodes"), made.standardOutput)
        var results: [String: [String: [Double]]] = [:]
        for method in ["flow", "fire", "newton"] {
            let run = try CommandLineRun.run(["relax", file, "--method", method, "--json"])
            XCTAssertEqual(run.status, 0, "\(method): \(run.standardError)")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
            results[method] = try XCTUnwrap(json["nodes"] as? [String: [Double]])
        }
        let newton = try XCTUnwrap(results["newton"])
        for method in ["flow", "fire"] {
            let other = try XCTUnwrap(results[method])
            let worst = newton.keys.map { atom in zip(newton[atom]!, other[atom]!).map { abs($0 - $1) }.max()! }.max()!
            XCTAssertLessThan(worst, 1e-6, "\(method) vs newton")
        }
    }

    func testBadOptionsAreRefused() throws {
        let run = try CommandLineRun.run(["generate", "disordered", "--coordination", "2.5", "--output", "/tmp/x.data"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.standardError.contains("--coordination must be above 3"), run.standardError)
    }
}
