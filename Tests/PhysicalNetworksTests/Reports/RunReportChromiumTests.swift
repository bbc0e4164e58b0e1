import Foundation
import XCTest
@testable import PhysicalNetworks

/// The report in a real browser: headless Chromium (Debian's `chromium`) loads `report.html`,
/// and its DOM holds every figure; a screenshot of the page is non-trivial.
///
/// Without `chromium` on PATH the test is skipped, except under CI (`CI` set), where `make test`
/// installs it and its absence is a failure.
final class RunReportChromiumTests: XCTestCase {
    func testChromiumLoadsTheReportWithItsFigures() throws {
        let chromium = try browser()
        let folder = try makeTemporaryFolder()
        try RunReportFixture.makeFullRun(in: folder)
        try RunReportFixture.write(RunReportFixture.sweep, folder, "sweep.csv")
        let report = try RunReport.write(runFolder: folder)
        let profile = try makeTemporaryFolder()
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--user-data-dir=\(profile)"]
        let url = URL(fileURLWithPath: report).absoluteString

        let dom = try run(chromium, common + ["--dump-dom", url])
        XCTAssertEqual(dom.status, 0, dom.errors)
        XCTAssertTrue(dom.output.contains("<svg"), "no SVG in the DOM: \(dom.output.prefix(500)) \(dom.errors)")
        for id in ["fig-accuracy", "fig-cost", "fig-cosine", "fig-energy-epochs", "fig-energy-breakdown",
                   "fig-analog-digital", "fig-sweep-accuracy", "fig-sweep-energy"] {
            XCTAssertTrue(dom.output.contains("id=\"\(id)\""), "\(id) missing from the DOM")
        }

        let screenshot = folder + "/report.png"
        let shot = try run(chromium, common + ["--screenshot=\(screenshot)", "--window-size=1200,3000",
                                               "--hide-scrollbars", url])
        XCTAssertEqual(shot.status, 0, shot.errors)
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size, 20_000, "screenshot missing or blank")
        if let keep = ProcessInfo.processInfo.environment["NUDGE_KEEP_REPORT_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: screenshot, toPath: keep)
        }
    }

    /// `chromium` from PATH; skips (or fails under CI) without it.
    private func browser() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/chromium"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            throw BrowserMissing()  // a failure, not a skip: under CI the browser must be there
        }
        throw XCTSkip("chromium is not on PATH (apt-get install chromium)")
    }

    private struct BrowserMissing: Error, CustomStringConvertible {
        var description: String { "chromium is not on PATH, but CI is set; `make test` installs it (Debian package chromium)" }
    }

    /// Runs `executable` with a 60 s timeout; its standard output and error.
    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read while it runs, so that a full pipe cannot block it.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = errors.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            XCTFail("chromium did not finish within 60 s: \(executable) \(arguments.joined(separator: " "))")
        }
        process.waitUntilExit()
        group.wait()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
