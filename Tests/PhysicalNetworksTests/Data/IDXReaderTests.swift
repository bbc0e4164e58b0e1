import Foundation
import XCTest
@testable import PhysicalNetworks

/// IDX files, plain and gzip-compressed, and every error with its file and byte offset.
final class IDXReaderTests: XCTestCase {
    /// `gzip` of the labels file `00 00 08 01 | 00 00 00 03 | 01 02 03` (Python's
    /// `gzip.compress(raw, mtime=0)`).
    static let compressedLabels: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x60, 0xe0, 0x60, 0x64, 0x60,
        0x60, 0x60, 0x66, 0x64, 0x62, 0x06, 0x00, 0x8b, 0xe5, 0xbd, 0xa4, 0x0b, 0x00, 0x00, 0x00,
    ]

    /// The bytes of an IDX file of unsigned bytes with the given dimensions and values.
    static func idx(_ dimensions: [Int], _ values: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions { bytes += [UInt8(d >> 24 & 0xff), UInt8(d >> 16 & 0xff), UInt8(d >> 8 & 0xff), UInt8(d & 0xff)] }
        return bytes + values
    }

    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private func write(_ bytes: [UInt8], _ name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testParsesImagesRowMajor() throws {
        let array = try IDXReader.parse(Self.idx([2, 2, 3], Array(0..<12)), path: "x", rank: 3)
        XCTAssertEqual(array.dimensions, [2, 2, 3])
        XCTAssertEqual(array.values, Array(0..<12))
    }

    func testReadsPlainAndCompressedFilesAlike() throws {
        let directory = try temporaryDirectory()
        let plain = try write(Self.idx([3], [1, 2, 3]), "labels-idx1-ubyte", in: directory)
        let compressed = try write(Self.compressedLabels, "labels-idx1-ubyte.gz", in: directory)
        let expected = IDXArray(dimensions: [3], values: [1, 2, 3])
        XCTAssertEqual(try IDXReader.read(path: plain, rank: 1), expected)
        XCTAssertEqual(try IDXReader.read(path: compressed, rank: 1), expected)
        XCTAssertEqual(try IDXReader.read(path: compressed), expected)
    }

    func testConcatenatedGzipMembersAreOneStream() throws {
        // `cat a.gz b.gz` decompresses to the concatenation, as with `gzip -d`.
        let directory = try temporaryDirectory()
        let doubled = Self.compressedLabels + Self.compressedLabels
        let path = try write(doubled, "double.gz", in: directory)
        XCTAssertEqual(try IDXReader.contents(ofFile: path), Self.idx([3], [1, 2, 3]) + Self.idx([3], [1, 2, 3]))
    }

    // MARK: Every error names the file and the byte

    private func assertError(_ bytes: [UInt8], rank: Int? = nil, _ expected: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            let array = try IDXReader.parse(bytes, path: "bad-idx3-ubyte", rank: rank)
            XCTFail("expected \(expected), read \(array.dimensions)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.description, expected, file: file, line: line)
        }
    }

    private func assertReadError(_ path: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let array = try IDXReader.read(path: path)
            XCTFail("expected \(expected), read \(array.dimensions)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.description, expected, file: file, line: line)
        }
    }

    func testShortHeader() {
        assertError([], "bad-idx3-ubyte: byte 0: truncated header: an IDX file starts with a 4-byte magic number, the file has 0 bytes")
        assertError([0, 0, 8], "bad-idx3-ubyte: byte 3: truncated header: an IDX file starts with a 4-byte magic number, the file has 3 bytes")
        assertError([0, 0, 8, 3, 0, 0, 0, 2, 0, 0],
                    "bad-idx3-ubyte: byte 10: truncated header: 3 dimensions need a 16-byte header, the file has 10 bytes")
    }

    func testWrongMagicNumber() {
        assertError(Array("P5 28 28".utf8), "bad-idx3-ubyte: byte 0: not an IDX file: magic number 0x50352032 does not start with two zero bytes")
        assertError([0, 0, 0x0D, 1, 0, 0, 0, 0],
                    "bad-idx3-ubyte: byte 2: unsupported element type 0xD in magic number 0x00000D01 (only unsigned bytes, type 0x08, are read)")
        assertError(Self.idx([3], [1, 2, 3]), rank: 3,
                    "bad-idx3-ubyte: byte 0: magic number 0x00000801 (1 dimension), expected 0x00000803 (3 dimensions)")
        assertError(Self.idx([1, 1, 1], [7]), rank: 1,
                    "bad-idx3-ubyte: byte 0: magic number 0x00000803 (3 dimensions), expected 0x00000801 (1 dimension)")
        assertError([0, 0, 8, 0], "bad-idx3-ubyte: byte 3: magic number 0x00000800 declares no dimensions")
    }

    func testTruncatedAndTrailingData() {
        assertError(Self.idx([2, 2, 3], Array(0..<11)),
                    "bad-idx3-ubyte: byte 27: truncated data: dimensions 2×2×3 need 12 bytes after the 16-byte header, the file has 11")
        assertError(Self.idx([2, 2, 3], Array(0..<14)),
                    "bad-idx3-ubyte: byte 28: 2 bytes of trailing data after the 2×2×3 values")
        assertError([0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                    "bad-idx3-ubyte: byte 8: dimensions 4294967295×4294967295 describe more values than can be addressed")
    }

    /// Offsets of gzip errors are where zlib stopped reading, which may be a little past the
    /// offending byte (here the method byte 0xff at offset 2, detected once the header is read).
    func testFileErrors() throws {
        let directory = try temporaryDirectory()
        assertReadError(directory + "/absent-idx1-ubyte.gz", "\(directory)/absent-idx1-ubyte.gz: no such file")
        assertReadError(directory, "\(directory): is a directory, not a data file")

        var corrupt = Self.compressedLabels
        corrupt[23] ^= 0xff  // the CRC-32 of the trailer
        let corruptPath = try write(corrupt, "corrupt.gz", in: directory)
        assertReadError(corruptPath, "\(corruptPath): byte 27: corrupt gzip data (incorrect data check) (offset in the compressed file)")

        let truncatedPath = try write(Array(Self.compressedLabels.prefix(20)), "truncated.gz", in: directory)
        assertReadError(truncatedPath,
                        "\(truncatedPath): byte 20: truncated gzip stream: the file ends after 20 bytes, before the end of the compressed data (offset in the compressed file)")

        let trailingPath = try write(Self.compressedLabels + [0, 0, 0], "trailing.gz", in: directory)
        assertReadError(trailingPath, "\(trailingPath): byte 31: 3 bytes of trailing data after the gzip stream (offset in the compressed file)")

        let garbagePath = try write([0x1f, 0x8b, 0xff, 0xff], "garbage.gz", in: directory)
        assertReadError(garbagePath, "\(garbagePath): byte 4: corrupt gzip data (unknown compression method) (offset in the compressed file)")
    }
}
