import Foundation
import XCTest
@testable import PhysicalNetworks

final class DatasetCSVTests: XCTestCase {
    func testReadsHeaderCommentsAndTargets() throws {
        let text = """
            # XOR in volts
            x1, x2 ,y

            0,0,0
            # a comment between rows
              1 ,\t0, 1\r
            0,1,1
            1,1,0
            """
        let data = try DatasetCSV.parse(text, path: "xor.csv", targetCount: 1)
        XCTAssertEqual(data.featureNames, ["x1", "x2"])
        XCTAssertEqual(data.targetNames, ["y"])
        XCTAssertEqual(data.count, 4)
        XCTAssertEqual(data.features, [0, 0, 1, 0, 0, 1, 1, 1])
        XCTAssertEqual(data.targets, [0, 1, 1, 0])
        XCTAssertEqual(Array(data.features(ofRow: 1)), [1, 0])
        XCTAssertEqual(Array(data.targets(ofRow: 3)), [0])
    }

    func testLastKColumnsAreTargets() throws {
        let data = try DatasetCSV.parse("\u{FEFF}a,b,c,d\n1,2,3,4\n-5e-3,+6,7.25,0x10\n", path: "t.csv", targetCount: 2)
        XCTAssertEqual(data.featureNames, ["a", "b"])
        XCTAssertEqual(data.targetNames, ["c", "d"])
        XCTAssertEqual(data.features, [1, 2, -5e-3, 6])
        XCTAssertEqual(data.targets, [3, 4, 7.25, 16])
    }

    func testWindowsLineEnds() throws {
        let data = try DatasetCSV.parse("x,y\r\n1,2\r\n3,4\r\n", path: "w.csv", targetCount: 1)
        XCTAssertEqual(data.features, [1, 3])
        XCTAssertEqual(data.targets, [2, 4])
        assertError("x,y\r\n1,2\r\n3,a\r\n", "data/bad.csv:3:3: 'a' is not a number (column 'y')")
    }

    func testReadsAFile() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/d.csv"
        try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        let data = try DatasetCSV.read(path: path, targetCount: 1)
        XCTAssertEqual(data.features, [1])
        XCTAssertEqual(data.targets, [2])
    }

    // MARK: Every error names its file, line and column

    private func assertError(_ text: String, targetCount: Int = 1, _ expected: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try DatasetCSV.parse(text, path: "data/bad.csv", targetCount: targetCount)
            XCTFail("expected \(expected)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.description, expected, file: file, line: line)
        }
    }

    func testRaggedRows() {
        assertError("x1,x2,y\n1,2,3\n1,2\n", "data/bad.csv:3:4: expected 3 values (one per header column), found 2")
        assertError("x1,x2,y\n1,2,3,4\n", "data/bad.csv:2:7: expected 3 values (one per header column), found 4")
        assertError("x1,x2,y\n1,2,3,\n", "data/bad.csv:2:7: expected 3 values (one per header column), found 4")
    }

    func testNonNumericAndEmptyCells() {
        assertError("x1,x2,y\n1, abc ,3\n", "data/bad.csv:2:4: 'abc' is not a number (column 'x2')")
        assertError("# c\nx1,x2,y\n\n1,2,3\n4,,6\n", "data/bad.csv:5:3: empty value in column 'x2'")
        assertError("x1,x2,y\n1,2,\"3\"\n", "data/bad.csv:2:5: '\"3\"' is not a number (column 'y')")
    }

    func testNonFiniteValues() {
        assertError("x1,x2,y\n1,2,nan\n", "data/bad.csv:2:5: 'nan' is not a finite number (column 'y')")
        assertError("x1,x2,y\n1,-inf,0\n", "data/bad.csv:2:3: '-inf' is not a finite number (column 'x2')")
        assertError("x1,x2,y\n1e999,2,0\n", "data/bad.csv:2:1: '1e999' is not a finite number (column 'x1')")
    }

    func testEmptyFilesAndMissingRows() {
        assertError("", "data/bad.csv:1:1: empty data file (expected a header line naming the columns)")
        assertError("# only comments\n\n", "data/bad.csv:1:1: empty data file (expected a header line naming the columns)")
        assertError("# data\nx1,y\n\n", "data/bad.csv:2:1: no data rows after the header")
    }

    func testHeaderProblems() {
        assertError("1,2,3\n4,5,6\n", "data/bad.csv:1:1: the first line must be a header naming the columns, found only numbers")
        assertError("x,y,x\n1,2,3\n", "data/bad.csv:1:5: duplicate column name 'x'")
        assertError("x,,y\n1,2,3\n", "data/bad.csv:1:3: empty column name")
        assertError("  y1,y2\n1,2\n", targetCount: 2,
                    "data/bad.csv:1:3: the header names 2 columns and the last 2 are targets, which leaves no feature column")
    }

    func testFileErrors() throws {
        let directory = try temporaryDirectory()
        XCTAssertThrowsError(try DatasetCSV.read(path: directory + "/missing.csv", targetCount: 1)) { error in
            XCTAssertEqual((error as? DatasetError)?.description, directory + "/missing.csv:1:1: no such file")
        }
        XCTAssertThrowsError(try DatasetCSV.read(path: directory, targetCount: 1)) { error in
            XCTAssertEqual((error as? DatasetError)?.description, directory + ":1:1: is a directory, not a data file")
        }
        let latin1 = directory + "/latin1.csv"
        try Data([0x78, 0x2C, 0x79, 0x0A, 0xE9, 0x2C, 0x31, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        XCTAssertThrowsError(try DatasetCSV.read(path: latin1, targetCount: 1)) { error in
            XCTAssertEqual((error as? DatasetError)?.description, latin1 + ":1:1: file is not valid UTF-8")
        }
    }

    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }
}
