import Foundation

/// A multidimensional array of unsigned bytes read from an IDX file (the format of MNIST and
/// Fashion-MNIST), row-major: the last dimension varies fastest.
public struct IDXArray: Equatable, Sendable {
    /// The size of each dimension, outermost first, e.g. `[60000, 28, 28]` for images.
    public let dimensions: [Int]
    /// The `dimensions.reduce(1, *)` values, row-major.
    public let values: [UInt8]

    public init(dimensions: [Int], values: [UInt8]) {
        precondition(dimensions.reduce(1, *) == values.count,
                     "IDX array of dimensions \(dimensions) needs \(dimensions.reduce(1, *)) values, got \(values.count)")
        self.dimensions = dimensions
        self.values = values
    }
}

/// A user-facing error in a binary data file: `path: byte 8: message`.
///
/// Binary files have no lines, so the position is a 0-based **byte offset** (what `xxd` shows)
/// instead of `line:column`. For a gzip-compressed file it counts bytes of the decompressed IDX
/// data (what `zcat file | xxd` shows), except for errors of the gzip layer itself (corrupt or
/// truncated compressed data), whose message says so and whose offset is in the compressed
/// file. Errors about a whole file or directory (it is missing, it cannot be read) have no
/// offset: `path: message`.
public struct IDXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or directory) as the caller named it.
    public var path: String
    /// 0-based byte offset of the problem, or nil for the whole file.
    public var byteOffset: Int?
    public var message: String

    public init(_ message: String, path: String, byteOffset: Int? = nil) {
        self.message = message
        self.path = path
        self.byteOffset = byteOffset
    }

    public var description: String {
        if let byteOffset { "\(path): byte \(byteOffset): \(message)" } else { "\(path): \(message)" }
    }
}

/// Reads IDX files of unsigned bytes, plain or gzip-compressed.
///
/// Format (LeCun et al., "THE MNIST DATABASE of handwritten digits"), all integers big-endian:
/// - bytes 0–3: the **magic number** `0x0000TTNN`: two zero bytes, the element type `TT`
///   (only `0x08`, unsigned byte, is read) and the number of dimensions `NN` (≥ 1); e.g.
///   `0x00000803` for a stack of images, `0x00000801` for a vector of labels;
/// - then one 32-bit unsigned size per dimension;
/// - then the values, row-major, one byte each, and nothing after them.
///
/// A file that starts with the gzip magic `1f 8b` is decompressed first (Debian's
/// `dataset-fashion-mnist` ships `*-ubyte.gz`). Errors are `IDXError`s with the byte offset of
/// the problem: missing or unreadable file, corrupt or truncated gzip data, a short header, a
/// wrong magic number, an unsupported element type, a number of dimensions other than the one
/// expected, truncated values, trailing bytes.
public enum IDXReader {
    /// Reads the IDX file at `path`.
    /// - Parameter rank: the number of dimensions the caller expects (3 for images, 1 for labels),
    ///   or nil to accept any; a mismatch is reported as a wrong magic number.
    public static func read(path: String, rank: Int? = nil) throws(IDXError) -> IDXArray {
        try parse(try contents(ofFile: path), path: path, rank: rank)
    }

    /// The bytes of the file at `path`, decompressed if they are gzip data.
    static func contents(ofFile path: String) throws(IDXError) -> [UInt8] {
        let data: Data
        switch DataFile.contents(atPath: path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw IDXError(failure.reason, path: path)
        }
        let bytes = [UInt8](data)
        guard Gzip.isCompressed(bytes) else { return bytes }
        do {
            return try Gzip.decompress(bytes)
        } catch {
            throw IDXError("\(error.message) (offset in the compressed file)", path: path, byteOffset: error.compressedOffset)
        }
    }

    /// Parses the (decompressed) bytes of an IDX file; `path` names it in errors.
    public static func parse(_ bytes: [UInt8], path: String, rank: Int? = nil) throws(IDXError) -> IDXArray {
        guard bytes.count >= 4 else {
            throw IDXError("truncated header: an IDX file starts with a 4-byte magic number, the file has \(bytes.count) byte\(bytes.count == 1 ? "" : "s")",
                           path: path, byteOffset: bytes.count)
        }
        let magic = bigEndianUInt32(bytes, at: 0)
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw IDXError("not an IDX file: magic number \(hex(magic)) does not start with two zero bytes", path: path, byteOffset: 0)
        }
        guard bytes[2] == 0x08 else {
            throw IDXError("unsupported element type 0x\(String(bytes[2], radix: 16, uppercase: true)) in magic number \(hex(magic)) (only unsigned bytes, type 0x08, are read)",
                           path: path, byteOffset: 2)
        }
        let dimensionCount = Int(bytes[3])
        if let rank, dimensionCount != rank {
            throw IDXError("magic number \(hex(magic)) (\(dimensionCount) dimension\(dimensionCount == 1 ? "" : "s")), expected \(hex(0x800 | UInt32(rank))) (\(rank) dimension\(rank == 1 ? "" : "s"))",
                           path: path, byteOffset: 0)
        }
        guard dimensionCount >= 1 else {
            throw IDXError("magic number \(hex(magic)) declares no dimensions", path: path, byteOffset: 3)
        }
        let headerSize = 4 + 4 * dimensionCount
        guard bytes.count >= headerSize else {
            throw IDXError("truncated header: \(dimensionCount) dimensions need a \(headerSize)-byte header, the file has \(bytes.count) bytes",
                           path: path, byteOffset: bytes.count)
        }
        var dimensions: [Int] = []
        var valueCount = 1
        for d in 0..<dimensionCount {
            let size = Int(bigEndianUInt32(bytes, at: 4 + 4 * d))
            dimensions.append(size)
            let (product, overflow) = valueCount.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw IDXError("dimensions \(dimensions.map(String.init).joined(separator: "×")) describe more values than can be addressed", path: path, byteOffset: 4 + 4 * d)
            }
            valueCount = product
        }
        let shape = dimensions.map(String.init).joined(separator: "×")
        let available = bytes.count - headerSize
        guard available >= valueCount else {
            throw IDXError("truncated data: dimensions \(shape) need \(valueCount) bytes after the \(headerSize)-byte header, the file has \(available)",
                           path: path, byteOffset: bytes.count)
        }
        guard available == valueCount else {
            throw IDXError("\(available - valueCount) bytes of trailing data after the \(shape) values",
                           path: path, byteOffset: headerSize + valueCount)
        }
        return IDXArray(dimensions: dimensions, values: Array(bytes[headerSize...]))
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
