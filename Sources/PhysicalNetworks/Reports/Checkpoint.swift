import Foundation

/// Everything a training run needs to continue after its last finished epoch, as JSON.
///
/// A resumed run restores the parameters, the optimizer's state (moments, step count), the random
/// generator and the metrics so far, and then computes exactly what the uninterrupted run would
/// have. Doubles are written in shortest round-trip form, which `JSONDecoder` reads back to the
/// same bits (tested); NaN and ±∞ are written as the strings `"nan"`, `"inf"`, `"-inf"`.
///
/// The configuration fingerprint (`fingerprint(of:)` of a canonical description of the network,
/// data, and training options) lets `load(from:expectingFingerprint:)` refuse to resume a run
/// with different settings.
public struct Checkpoint: Codable, Equatable, Sendable {
    /// Version of this format; `load` refuses other versions.
    public static let formatVersion = 1

    public var formatVersion: Int
    /// Epochs finished (0 before the first).
    public var epoch: Int
    /// Names of the parameters, in the order of `parameters`.
    public var parameterNames: [String]
    /// Parameter values θ after `epoch` epochs (SI units, e.g. siemens).
    public var parameters: [Double]
    public var optimizer: AnyOptimizer
    public var generator: Xoshiro256StarStar
    /// Metric names, as in `MetricsLog.columns`.
    public var metricColumns: [String]
    /// One record per finished epoch.
    public var metrics: [MetricsRecord]
    /// `fingerprint(of:)` of the run's configuration.
    public var configFingerprint: String

    public init(epoch: Int, parameterNames: [String], parameters: [Double], optimizer: AnyOptimizer,
                generator: Xoshiro256StarStar, metricColumns: [String], metrics: [MetricsRecord],
                configFingerprint: String) {
        formatVersion = Self.formatVersion
        self.epoch = epoch
        self.parameterNames = parameterNames
        self.parameters = parameters
        self.optimizer = optimizer
        self.generator = generator
        self.metricColumns = metricColumns
        self.metrics = metrics
        self.configFingerprint = configFingerprint
        if let problem = inconsistency { preconditionFailure("inconsistent checkpoint: \(problem)") }
    }

    /// Writes the checkpoint to `path` atomically (pretty-printed JSON, keys sorted).
    public func save(to path: String) throws(RunFileError) {
        let data: Data
        do {
            data = try Self.encoder.encode(self)
        } catch {
            throw RunFileError("cannot encode the checkpoint: \(error)", path: path)
        }
        try AtomicFile.write(data + Data("\n".utf8), to: path)
    }

    /// Reads a checkpoint written by `save(to:)`.
    /// - Throws: `RunFileError` if the file cannot be read, is not JSON, lacks a field, has a
    ///   field of the wrong type, is of another format version or is inconsistent.
    public static func load(from path: String) throws(RunFileError) -> Checkpoint {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RunFileError(FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file", path: path)
        }
        if let version = try? decoder.decode(VersionProbe.self, from: data).formatVersion, version != formatVersion {
            throw RunFileError("checkpoint format version \(version); this build reads version \(formatVersion)", path: path)
        }
        let checkpoint: Checkpoint
        do {
            checkpoint = try decoder.decode(Checkpoint.self, from: data)
        } catch let error as DecodingError {
            throw RunFileError("not a valid checkpoint: \(describe(error))", path: path)
        } catch {
            throw RunFileError("not a valid checkpoint: \(error)", path: path)
        }
        if let problem = checkpoint.inconsistency {
            throw RunFileError("not a valid checkpoint: \(problem)", path: path)
        }
        return checkpoint
    }

    /// Reads a checkpoint and checks that it was written for the same configuration.
    public static func load(from path: String, expectingFingerprint fingerprint: String) throws(RunFileError) -> Checkpoint {
        let checkpoint = try load(from: path)
        guard checkpoint.configFingerprint == fingerprint else {
            throw RunFileError(
                "the checkpoint was written with a different configuration (fingerprint \(checkpoint.configFingerprint), this run \(fingerprint)); resume with the original command",
                path: path)
        }
        return checkpoint
    }

    /// A 64-bit FNV-1a hash of the UTF-8 bytes of `configuration`, as 16 hex digits
    /// (Fowler, Noll & Vo; offset basis 0xcbf29ce484222325, prime 0x100000001b3). It detects a
    /// changed configuration; it is not a cryptographic digest.
    public static func fingerprint(of configuration: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in configuration.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The first broken invariant, or nil.
    var inconsistency: String? {
        if epoch < 0 { return "negative epoch \(epoch)" }
        if parameterNames.count != parameters.count {
            return "\(parameterNames.count) parameter names for \(parameters.count) parameters"
        }
        var previous = 0
        for record in metrics {
            if record.values.count != metricColumns.count {
                return "metrics of epoch \(record.epoch) have \(record.values.count) values for \(metricColumns.count) columns"
            }
            if record.epoch <= previous || record.epoch > epoch {
                return "metrics of epoch \(record.epoch) out of order (after epoch \(previous), checkpoint at epoch \(epoch))"
            }
            previous = record.epoch
        }
        return nil
    }

    private struct VersionProbe: Decodable { var formatVersion: Int }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// A one-line reason with the JSON path of the problem (`optimizer.state.firstMoment[2]`).
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .valueNotFound(_, let context):
            return "missing value at '\(path(context.codingPath))'"
        case .typeMismatch(let type, let context):
            return "'\(path(context.codingPath))' is not of type \(type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "'\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
