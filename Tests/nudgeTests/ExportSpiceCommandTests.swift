import Foundation
import XCTest

final class ExportSpiceCommandTests: XCTestCase {
    private static let ngspice: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("ngspice") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    func testExportedNetlistsRunInNgspice() throws {
        guard let ngspice = Self.ngspice else { throw XCTSkip("ngspice is not installed") }
        let scratch = try TemporaryDirectory()
        // A .drn description expands into a full netlist too (deep resistive network).
        for file in ["divider.cir", "diode_clamp.cir", "amplifier.cir", "rc_pulse.cir", "drn_small.drn"] {
            let name = (file as NSString).deletingPathExtension
            let output = scratch.url.appendingPathComponent("\(name).cir").path
            let run = try CommandLineRun.run(["export-spice", "circuits/\(file)", "--output", output])
            XCTAssertEqual(run.status, 0, "\(name): \(run.standardError)")
            let process = Process()
            process.executableURL = ngspice
            // -r: write a rawfile, so that ngspice runs the analyses (batch mode without .print
            // or a rawfile runs none and exits with 1, exported or not).
            process.arguments = ["-b", "-r", scratch.url.appendingPathComponent("\(name).raw").path, output]
            process.currentDirectoryURL = scratch.url
            let log = scratch.url.appendingPathComponent("\(name).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            process.waitUntilExit()
            try handle.close()
            let text = try String(contentsOf: log, encoding: .utf8)
            XCTAssertEqual(process.terminationStatus, 0, "\(name): \(text)")
            let raw = scratch.url.appendingPathComponent("\(name).raw").path
            XCTAssertTrue(FileManager.default.fileExists(atPath: raw), "\(name): ngspice ran no analysis")
            for problem in ["Error", "error:", "unknown", "Unknown"] {
                XCTAssertFalse(text.contains(problem), "\(name): ngspice says \(text)")
            }
        }
    }

    func testDividerOperatingPointAgreesWithNgspice() throws {
        guard let ngspice = Self.ngspice else { throw XCTSkip("ngspice is not installed") }
        let scratch = try TemporaryDirectory()
        let output = scratch.url.appendingPathComponent("divider.cir").path
        let run = try CommandLineRun.run(["export-spice", "circuits/divider.cir", "--set", "V0=3", "--output", output])
        XCTAssertEqual(run.status, 0, run.standardError)
        let process = Process()
        process.executableURL = ngspice
        process.arguments = ["-b", output]
        process.currentDirectoryURL = scratch.url
        let log = scratch.url.appendingPathComponent("divider.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: log, encoding: .utf8)
        // ngspice prints "out  1.000000e+00" in its operating point table: V(out) = 3/3 V.
        let row = text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("out") }
        let value = row.flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).last }.flatMap { Double($0) }
        XCTAssertEqual(value ?? .nan, 1, accuracy: 1e-6, text)
    }
}
