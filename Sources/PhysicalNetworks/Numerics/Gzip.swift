import CZlib

/// Decompression of gzip files (RFC 1952) with the system's zlib, for the data readers: the
/// digits CSV and Debian's Fashion-MNIST IDX files are shipped gzip-compressed.
///
/// Concatenated gzip members are inflated one after another, as `gzip -d` does.
enum Gzip {
    /// A corrupt or truncated gzip stream; `compressedOffset` is the byte of the compressed input
    /// where zlib stopped.
    struct Failure: Error, Equatable {
        var message: String
        var compressedOffset: Int
    }

    /// Whether `bytes` start with the gzip magic number `1f 8b`.
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The decompressed contents of a gzip stream.
    /// - Complexity: O(input + output); the output is reserved once from the gzip trailer's size.
    static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        if input.count >= 18 {
            // ISIZE: the uncompressed size modulo 2^32, little-endian, in the last four bytes.
            let n = input.count
            output.reserveCapacity(Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24)
        }
        let failure = input.withUnsafeBufferPointer { inputBuffer in
            inflateAll(inputBuffer, into: &output)
        }
        if let failure { throw failure }
        return output
    }

    private static func inflateAll(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Failure? {
        guard let base = input.baseAddress, input.count > 0 else {
            return Failure(message: "empty gzip stream", compressedOffset: 0)
        }
        guard input.count <= Int(UInt32.max) else {
            return Failure(message: "compressed file larger than 4 GiB", compressedOffset: 0)
        }
        var stream = z_stream()
        // 15 + 16: the largest window, gzip header and trailer (not raw deflate, not zlib).
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return Failure(message: "zlib could not start inflating (out of memory?)", compressedOffset: 0)
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: base)
        stream.avail_in = UInt32(input.count)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)

        while true {
            var produced = 0
            let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                produced = out.count - Int(stream.avail_out)
                return status
            }
            output.append(contentsOf: chunk[0..<produced])
            let position = input.count - Int(stream.avail_in)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                if position == input.count { return nil }
                guard position + 1 < input.count, base[position] == 0x1f, base[position + 1] == 0x8b else {
                    return Failure(message: "\(input.count - position) bytes of trailing data after the gzip stream",
                                   compressedOffset: position)
                }
                inflateReset(&stream)
            case Z_BUF_ERROR where position == input.count:
                return Failure(message: "truncated gzip stream: the file ends after \(input.count) bytes, before the end of the compressed data",
                               compressedOffset: input.count)
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                return Failure(message: "corrupt gzip data (\(detail))", compressedOffset: position)
            }
        }
    }
}
