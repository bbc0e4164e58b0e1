import Foundation
import XCTest
@testable import PhysicalNetworks

/// Fashion-MNIST from a directory of IDX files: small synthetic ones for the contract and the
/// errors, and Debian's real files when `dataset-fashion-mnist` is installed.
final class FashionMNISTTests: XCTestCase {
    private let pixels = FashionMNIST.side * FashionMNIST.side

    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-fashion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private func write(_ bytes: [UInt8], _ name: String, in directory: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    /// `count` images whose pixel p of image i is `(i + p) mod 256`, and the given labels.
    private func images(_ count: Int) -> [UInt8] {
        IDXReaderTests.idx([count, 28, 28], (0..<(count * pixels)).map { UInt8(($0 / pixels + $0 % pixels) % 256) })
    }

    /// A directory with 3 training and 2 test examples, uncompressed except the training labels.
    private func syntheticDirectory() throws -> String {
        let directory = try temporaryDirectory()
        try write(images(3), "train-images-idx3-ubyte", in: directory)
        try write(IDXReaderTests.compressedLabels, "train-labels-idx1-ubyte.gz", in: directory)  // labels 1, 2, 3
        try write(images(2), "t10k-images-idx3-ubyte", in: directory)
        try write(IDXReaderTests.idx([2], [9, 0]), "t10k-labels-idx1-ubyte", in: directory)
        return directory
    }

    func testSyntheticFiles() throws {
        let data = try FashionMNIST.load(directory: try syntheticDirectory())
        XCTAssertEqual(data.train.count, 3)
        XCTAssertEqual(data.test.count, 2)
        XCTAssertEqual(data.train.featureCount, 784)
        XCTAssertEqual(data.train.featureNames.prefix(2), ["pixel_0_0", "pixel_0_1"])
        XCTAssertEqual(data.train.featureNames.last, "pixel_27_27")
        XCTAssertEqual(data.train.targetNames, FashionMNIST.classNames)
        XCTAssertEqual(data.trainLabels, [1, 2, 3])
        XCTAssertEqual(data.testLabels, [9, 0])
        XCTAssertEqual(Array(data.train.targets(ofRow: 2)), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(data.test.targets(ofRow: 0)), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(data.train.features(ofRow: 1).first, 1.0 / 255)
        XCTAssertEqual(data.train.features(ofRow: 1)[1 * 784 + 254], 1)
        XCTAssertEqual(data.train.features(ofRow: 1)[1 * 784 + 255], 0)
    }

    private func assertError(_ directory: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let data = try FashionMNIST.load(directory: directory)
            XCTFail("expected \(expected), read \(data.train.count) images", file: file, line: line)
        } catch {
            XCTAssertEqual(error.description, expected, file: file, line: line)
        }
    }

    func testMissingDirectoryOrFile() throws {
        let directory = try temporaryDirectory()
        assertError(directory + "/none",
                    "\(directory)/none: no such directory (`make fashion-mnist` installs Debian's dataset-fashion-mnist into /usr/share/datasets/fashion-mnist)")
        try write([1], "file", in: directory)
        assertError(directory + "/file", "\(directory)/file: is a file, expected the directory of the Fashion-MNIST files")
        assertError(directory, "\(directory)/train-images-idx3-ubyte.gz: no such file (nor train-images-idx3-ubyte uncompressed)")
    }

    func testImageAndLabelCountsMustAgree() throws {
        let directory = try syntheticDirectory()
        try write(IDXReaderTests.idx([3], [9, 0, 1]), "t10k-labels-idx1-ubyte", in: directory)
        assertError(directory, "\(directory)/t10k-labels-idx1-ubyte: byte 4: 3 labels for the 2 images of \(directory)/t10k-images-idx3-ubyte")
    }

    func testLabelsFileInPlaceOfImages() throws {
        let directory = try syntheticDirectory()
        try write(IDXReaderTests.idx([2], [9, 0]), "t10k-images-idx3-ubyte", in: directory)
        assertError(directory, "\(directory)/t10k-images-idx3-ubyte: byte 0: magic number 0x00000801 (1 dimension), expected 0x00000803 (3 dimensions)")
    }

    func testImagesMustBe28By28() throws {
        let directory = try syntheticDirectory()
        try write(IDXReaderTests.idx([1, 8, 8], [UInt8](repeating: 0, count: 64)), "train-images-idx3-ubyte", in: directory)
        assertError(directory, "\(directory)/train-images-idx3-ubyte: byte 8: images are 8×8 pixels, Fashion-MNIST's are 28×28")
    }

    func testLabelsAreClassNumbers() throws {
        let directory = try syntheticDirectory()
        try write(IDXReaderTests.idx([2], [9, 10]), "t10k-labels-idx1-ubyte", in: directory)
        assertError(directory, "\(directory)/t10k-labels-idx1-ubyte: byte 9: label 10 of image 1 is not a class number 0–9")
    }

    func testTruncatedImages() throws {
        let directory = try syntheticDirectory()
        try write(Array(images(2).dropLast(5)), "t10k-images-idx3-ubyte", in: directory)
        assertError(directory, "\(directory)/t10k-images-idx3-ubyte: byte 1579: truncated data: dimensions 2×28×28 need 1568 bytes after the 16-byte header, the file has 1563")
    }

    /// Debian's files (`make fashion-mnist`): 60,000 + 10,000 images of 28×28, 6,000 + 1,000 per class.
    func testDebianFiles() throws {
        guard FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory) else {
            throw XCTSkip("Fashion-MNIST is not installed (make fashion-mnist)")
        }
        let data = try FashionMNIST.load()
        XCTAssertEqual(data.train.count, 60_000)
        XCTAssertEqual(data.test.count, 10_000)
        XCTAssertEqual(data.train.featureCount, 28 * 28)
        XCTAssertEqual(data.test.targetCount, 10)
        for c in 0..<10 {
            XCTAssertEqual(data.trainLabels.filter { $0 == c }.count, 6_000, "class \(c)")
            XCTAssertEqual(data.testLabels.filter { $0 == c }.count, 1_000, "class \(c)")
        }
        XCTAssertEqual(data.train.features.min(), 0)
        XCTAssertEqual(data.train.features.max(), 1)
        XCTAssertEqual(data.testLabels.prefix(4), [9, 2, 1, 1])
    }
}
