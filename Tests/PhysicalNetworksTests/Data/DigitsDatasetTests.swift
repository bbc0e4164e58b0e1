import Foundation
import XCTest
@testable import PhysicalNetworks

/// The shipped 8×8 digits, and every error of the reader at its line and column.
final class DigitsDatasetTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let shipped = root.appendingPathComponent(DigitsDataset.defaultPath).path

    func testShippedFile() throws {
        let digits = try DigitsDataset.load(path: Self.shipped)
        XCTAssertEqual(digits.count, 1_797)
        XCTAssertEqual(digits.dataset.count, 1_797)
        XCTAssertEqual(digits.dataset.featureCount, 64)
        XCTAssertEqual(digits.dataset.targetNames, (0..<10).map { "digit\($0)" })
        XCTAssertEqual(digits.dataset.features.min(), 0)
        XCTAssertEqual(digits.dataset.features.max(), 1)
        XCTAssertEqual((0..<10).map { c in digits.labels.filter { $0 == c }.count },
                       [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        for row in 0..<digits.count {
            let targets = Array(digits.dataset.targets(ofRow: row))
            XCTAssertEqual(targets.reduce(0, +), 1)
            XCTAssertEqual(targets[digits.label(ofRow: row)], 1)
        }
        // The first sample is a 0; its first row of pixels is 0,0,5,13,9,1,0,0 (of 16).
        XCTAssertEqual(digits.label(ofRow: 0), 0)
        XCTAssertEqual(Array(digits.dataset.features(ofRow: 0).prefix(8)), [0, 0, 5, 13, 9, 1, 0, 0].map { $0 / 16 })
        XCTAssertEqual(digits.label(ofRow: 1_796), 8)
    }

    func testPlainTextAndBlankLines() throws {
        let row = (0..<64).map { String($0 % 17) }.joined(separator: ",")
        let directory = try temporaryDirectory()
        let path = directory + "/digits.csv"
        try Data("\(row),7\r\n\n \(row) , 3 \n".utf8).write(to: URL(fileURLWithPath: path))
        let digits = try DigitsDataset.load(path: path)
        XCTAssertEqual(digits.labels, [7, 3])
        XCTAssertEqual(digits.dataset.features(ofRow: 1)[16 + 64], 16.0 / 16)
        XCTAssertEqual(digits.dataset.features[16], 16.0 / 16)
        XCTAssertEqual(Array(digits.dataset.targets(ofRow: 1)), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
    }

    // MARK: Every error names its file, line and column

    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-digits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private func assertError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let digits = try DigitsDataset.parse(text, path: "data/digits/bad.csv")
            XCTFail("expected \(expected), read \(digits.count) samples", file: file, line: line)
        } catch {
            XCTAssertEqual(error.description, expected, file: file, line: line)
        }
    }

    private func assertLoadError(_ path: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let digits = try DigitsDataset.load(path: path)
            XCTFail("expected \(expected), read \(digits.count) samples", file: file, line: line)
        } catch {
            XCTAssertEqual(error.description, expected, file: file, line: line)
        }
    }

    func testMalformedLines() {
        let pixels = [String](repeating: "0", count: 64).joined(separator: ",")  // 127 characters
        assertError("", "data/digits/bad.csv:1:1: no samples (expected lines of 64 pixels and a digit)")
        assertError("\(pixels),1\n\(pixels)\n", "data/digits/bad.csv:2:128: expected 65 values (64 pixels, then the digit), found 64")
        assertError("\(pixels),1,2\n", "data/digits/bad.csv:1:131: expected 65 values (64 pixels, then the digit), found 66")
        assertError("17," + pixels.dropFirst(2) + ",1\n", "data/digits/bad.csv:1:1: '17' is not a pixel value (an integer 0–16)")
        assertError("0,  2.5," + pixels.dropFirst(4) + ",1\n", "data/digits/bad.csv:1:5: '2.5' is not a pixel value (an integer 0–16)")
        assertError("0,," + pixels.dropFirst(4) + ",1\n", "data/digits/bad.csv:1:3: '' is not a pixel value (an integer 0–16)")
        assertError("\(pixels),10\n", "data/digits/bad.csv:1:129: '10' is not a digit label (an integer 0–9)")
        assertError("\(pixels),-1\n", "data/digits/bad.csv:1:129: '-1' is not a digit label (an integer 0–9)")
    }

    func testFileErrors() throws {
        let directory = try temporaryDirectory()
        assertLoadError(directory + "/absent.csv.gz", "\(directory)/absent.csv.gz:1:1: no such file")
        assertLoadError(directory, "\(directory):1:1: is a directory, not a data file")
        let truncated = directory + "/truncated.csv.gz"
        let shipped = try Data(contentsOf: URL(fileURLWithPath: Self.shipped))
        try shipped.prefix(1_000).write(to: URL(fileURLWithPath: truncated))
        assertLoadError(truncated,
                        "\(truncated):1:1: truncated gzip stream: the file ends after 1000 bytes, before the end of the compressed data (at byte 1000 of the compressed file)")
        let binary = directory + "/binary.csv"
        try Data([0x30, 0xff, 0xfe]).write(to: URL(fileURLWithPath: binary))
        assertLoadError(binary, "\(binary):1:1: file is not valid UTF-8 text")
    }
}
