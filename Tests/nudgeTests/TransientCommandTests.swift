import Foundation
import XCTest

final class TransientCommandTests: XCTestCase {
    func testCSVHasNodeHeaderAndUniformGrid() throws {
        let run = try CommandLineRun.run(["transient", "circuits/rc_pulse.cir", "--tstop", "200u", "--tstep", "1u", "--csv"])
        XCTAssertEqual(run.status, 0, run.standardError)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        // Every node of the file, ground excluded, in order of first appearance.
        XCTAssertEqual(lines.first, "time,v(in),v(n1),v(n2),v(n3)")
        XCTAssertEqual(lines.count, 1 + 201, "rows at 0, 1 µs, …, 200 µs")
        for (k, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",").compactMap { Double($0) }
            XCTAssertEqual(fields.count, 5, line)
            guard fields.count == 5 else { continue }
            XCTAssertEqual(fields[0], Double(k) * 1e-6, accuracy: 1e-15, line)
            XCTAssertTrue(fields.allSatisfy(\.isFinite), line)
        }
        // The input follows PULSE(0 1 10u 2u 2u 40u 100u) on the grid points.
        let input = lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) }[1] }
        XCTAssertEqual(input[5], 0, accuracy: 1e-12)
        XCTAssertEqual(input[11], 0.5, accuracy: 1e-9, "half-way up the 2 µs rise")
        XCTAssertEqual(input[30], 1, accuracy: 1e-12)
        XCTAssertEqual(input[53], 0.5, accuracy: 1e-9, "half-way down the fall")
        XCTAssertEqual(input[80], 0, accuracy: 1e-12)
    }

    func testRejectsNonsenseGrids() throws {
        for arguments in [["--tstop", "0", "--tstep", "1u"], ["--tstop", "1m", "--tstep", "2m"], ["--tstop", "1m", "--tstep", "-1u"]] {
            let run = try CommandLineRun.run(["transient", "circuits/rc_pulse.cir"] + arguments)
            XCTAssertNotEqual(run.status, 0, "\(arguments)")
            XCTAssertEqual(run.standardOutput, "", "\(arguments)")
        }
    }
}
