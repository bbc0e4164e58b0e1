import Foundation
import XCTest

extension XCTestCase {
    /// A fresh empty folder removed after the test.
    func makeTemporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// The text of a file (empty if it cannot be read).
    func contents(of path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
