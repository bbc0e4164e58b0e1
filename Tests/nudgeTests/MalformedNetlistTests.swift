import Foundation
import XCTest

/// Bad input reads like a compiler diagnostic: `file:line:col: message` on standard error,
/// exit status 1, no stack trace, and no output file.
final class MalformedNetlistTests: XCTestCase {
    /// Netlists with one mistake each, and the line and column it is at.
    private let cases: [(text: String, line: Int, column: Int, mentions: String)] = [
        ("bad element\nV1 a 0 DC 1\nQ1 a b c qmod\nR1 a 0 1k\n.end\n", 3, 1, "q1"),
        ("dangling node\nV1 a 0 DC 1\nR1 a 0 1k\nR2 a b 2k\n.end\n", 4, 1, "b"),
        ("bad value\nV1 a 0 DC 1\nR1 a 0 {1k +}\n.end\n", 3, 1, ""),
        ("unterminated subcircuit\n.subckt half a b\nR1 a b 1k\nV1 a 0 DC 1\n.end\n", 2, 1, ""),
    ]

    func testErrorsCarryFileLineAndColumn() throws {
        let scratch = try TemporaryDirectory()
        for (k, bad) in cases.enumerated() {
            let path = try scratch.write(bad.text, to: "bad\(k).cir")
            for command in [["relax"], ["op"], ["export-spice"], ["transient", "--tstop", "1m", "--tstep", "10u"]] {
                let run = try CommandLineRun.run(command + [path])
                XCTAssertEqual(run.status, 1, "\(command) case \(k): \(run.standardError)")
                let lines = run.standardError.split(separator: "\n", omittingEmptySubsequences: true)
                XCTAssertEqual(lines.count, 1, "\(command) case \(k): one diagnostic, no trace: \(run.standardError)")
                let first = String(lines.first ?? "")
                let prefix = "\(path):"
                XCTAssertTrue(first.hasPrefix(prefix), "\(command) case \(k): \(first)")
                let location = first.dropFirst(prefix.count).split(separator: ":", maxSplits: 2)
                XCTAssertEqual(location.count, 3, first)
                if location.count == 3 {
                    XCTAssertEqual(Int(location[0]), bad.line, "line of \(first)")
                    XCTAssertNotNil(Int(location[1]), "column of \(first)")
                    XCTAssertFalse(location[2].trimmingCharacters(in: .whitespaces).isEmpty, first)
                    if !bad.mentions.isEmpty {
                        XCTAssertTrue(location[2].lowercased().contains(bad.mentions), first)
                    }
                }
                for trace in ["Fatal error", "Stack dump", "backtrace", "0x"] {
                    XCTAssertFalse(run.standardError.contains(trace), "\(command) case \(k): \(run.standardError)")
                }
                XCTAssertEqual(run.standardOutput, "", "\(command) case \(k)")
            }
        }
    }

    func testMissingFileIsAUserError() throws {
        let run = try CommandLineRun.run(["relax", "circuits/no-such-file.cir"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("circuits/no-such-file.cir"), run.standardError)
        XCTAssertFalse(run.standardError.contains("Fatal error"), run.standardError)
    }

    func testBadInputLeavesNoOutputFile() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(cases[0].text, to: "bad.cir")
        let output = scratch.url.appendingPathComponent("out.txt").path
        for command in [["relax", "--json"], ["op"], ["export-spice"], ["transient", "--tstop", "1m", "--tstep", "10u", "--csv"]] {
            let run = try CommandLineRun.run(command + [path, "--output", output])
            XCTAssertEqual(run.status, 1, "\(command)")
            XCTAssertEqual(scratch.contents, ["bad.cir"], "\(command) left \(scratch.contents)")
        }
        // An existing output file is left exactly as it was.
        try Data("previous".utf8).write(to: URL(fileURLWithPath: output))
        let run = try CommandLineRun.run(["relax", path, "--output", output])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "previous")
        XCTAssertEqual(scratch.contents, ["bad.cir", "out.txt"])
    }
}
