import Foundation

/// `metrics.csv`: a header `epoch,<columns…>` and one row per finished epoch.
///
/// Write strategy: the file is first written whole with `AtomicFile` (the header, plus the rows a
/// resumed run already has); each new epoch then **appends** one line and `fsync`s it, so a
/// killed run loses at most the line being written and the cost per epoch does not grow with the
/// run. The checkpoint is the source of truth: on resume, construct the log with the
/// checkpoint's records, which rewrites the file atomically with exactly those rows — rows of
/// epochs after the checkpoint (from a run killed between appending and checkpointing) and any
/// partial last line disappear, and the resumed run appends from there without duplicates.
///
/// Values print in Swift's shortest round-trip form (`0.1`, `1e-05`); NaN and infinities print
/// as `nan`, `inf`, `-inf`, which pandas, NumPy and R read.
public struct MetricsLog: Sendable {
    /// The file.
    public let path: String
    /// Metric names after the leading `epoch` column.
    public let columns: [String]
    /// Every row in the file, in order.
    public private(set) var records: [MetricsRecord]

    /// Writes the header and `records` to `path` (replacing the file atomically).
    /// - Parameters:
    ///   - columns: metric names (no commas, quotes or line breaks).
    ///   - records: rows already recorded, e.g. a checkpoint's on resume; empty for a new run.
    public init(path: String, columns: [String], records: [MetricsRecord] = []) throws(RunFileError) {
        for name in columns {
            precondition(!name.isEmpty && !name.contains(where: { ",\"\n\r".contains($0) }),
                         "metric column names must be non-empty and free of commas, quotes and line breaks: '\(name)'")
        }
        self.path = path
        self.columns = columns
        self.records = []
        for record in records {
            checkNext(record)
            self.records.append(record)
        }
        let text = ([Self.header(columns)] + records.map(Self.line)).joined()
        try AtomicFile.write(text, to: path)
    }

    /// Appends one epoch's row and flushes it to disk.
    /// - Precondition: one value per column, and an epoch after the last row's.
    public mutating func append(_ record: MetricsRecord) throws(RunFileError) {
        checkNext(record)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw AtomicFile.failure(path, "cannot open to append") }
        do throws(RunFileError) {
            try AtomicFile.writeAll(Data(Self.line(record).utf8), to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw AtomicFile.failure(path, "cannot flush to disk") }
        } catch {
            close(descriptor)
            throw error
        }
        close(descriptor)
        records.append(record)
    }

    private func checkNext(_ record: MetricsRecord) {
        precondition(record.values.count == columns.count,
                     "metrics row for epoch \(record.epoch) has \(record.values.count) values for \(columns.count) columns")
        if let last = records.last {
            precondition(record.epoch > last.epoch, "metrics row for epoch \(record.epoch) after epoch \(last.epoch)")
        }
    }

    static func header(_ columns: [String]) -> String {
        (["epoch"] + columns).joined(separator: ",") + "\n"
    }

    static func line(_ record: MetricsRecord) -> String {
        ([String(record.epoch)] + record.values.map { "\($0)" }).joined(separator: ",") + "\n"
    }
}
