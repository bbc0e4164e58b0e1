import Foundation
import XCTest
@testable import PhysicalNetworks

final class AtomicFileTests: XCTestCase {
    func testCreatesAndReplaces() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/out.txt"
        try AtomicFile.write("first\n", to: path)
        XCTAssertEqual(contents(of: path), "first\n")
        try AtomicFile.write(Data("second".utf8), to: path)
        XCTAssertEqual(contents(of: path), "second")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["out.txt"])
    }

    func testKeepsPermissionsOfAReplacedFile() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/script.sh"
        try AtomicFile.write("a", to: path)
        XCTAssertEqual(chmod(path, 0o751), 0)
        try AtomicFile.write("b", to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o751)
    }

    func testFailureLeavesNothingBehind() throws {
        let folder = try makeTemporaryFolder()
        XCTAssertThrowsError(try AtomicFile.write("x", to: folder + "/missing/out.txt")) { error in
            XCTAssertEqual((error as? RunFileError)?.path, folder + "/missing/out.txt")
            XCTAssert("\(error)".contains("cannot create a temporary file"), "\(error)")
            XCTAssert("\(error)".contains("No such file or directory"), "\(error)")
        }
        // A folder in the way: rename(2) fails, the temporary file is removed, the folder stays.
        let blocked = folder + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write("x", to: blocked)) { error in
            XCTAssertEqual("\(error)", blocked + ": cannot replace: Is a directory")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["blocked"])
    }
}
