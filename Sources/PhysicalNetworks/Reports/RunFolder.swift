import Foundation

/// The folder of one training run and the names of the files in it:
///
///     RUN_DIR/command.txt      the command line that started the run (shell-quoted)
///     RUN_DIR/metrics.csv      one row per epoch (`MetricsLog`)
///     RUN_DIR/checkpoint.json  the state after the last finished epoch (`Checkpoint`)
///     RUN_DIR/summary.json     the final figures, written when the run ends
///     RUN_DIR/baseline_metrics.csv  the backpropagation baseline per epoch (layered runs)
///     RUN_DIR/report.html      `nudge report` (and `report/*.csv`, its series)
///
/// Paths keep the form the user gave (a relative folder gives relative paths), so messages name
/// files the way the user named them. Every file is written with `AtomicFile`.
public struct RunFolder: Equatable, Sendable {
    /// The folder, as given.
    public let path: String

    private init(path: String) { self.path = path }

    public var commandPath: String { file("command.txt") }
    public var metricsPath: String { file("metrics.csv") }
    public var checkpointPath: String { file("checkpoint.json") }
    public var summaryPath: String { file("summary.json") }

    /// Creates the folder for a new run (with missing parents), or reuses an existing folder that
    /// does not hold a run yet.
    /// - Throws: `RunFileError` if the path exists and is not a folder, cannot be created, or
    ///   already holds a `checkpoint.json` (resume that run or choose another folder).
    public static func create(at path: String) throws(RunFileError) -> RunFolder {
        let folder = RunFolder(path: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw RunFileError("exists and is not a folder", path: path) }
            if FileManager.default.fileExists(atPath: folder.checkpointPath) {
                throw RunFileError("already holds a run (checkpoint.json); resume it or choose another folder", path: path)
            }
            return folder
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunFileError("cannot create the run folder: \(error.localizedDescription)", path: path)
        }
        return folder
    }

    /// The folder at `path`, not looked at: for a process of a parallel run that reads what the
    /// writing process (rank 0) made and writes nothing itself.
    public static func unchecked(at path: String) -> RunFolder { RunFolder(path: path) }

    /// Opens the folder of an earlier run to resume it.
    /// - Throws: `RunFileError` if the folder does not exist or holds no `checkpoint.json`.
    public static func open(at path: String) throws(RunFileError) -> RunFolder {
        let folder = RunFolder(path: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunFileError("no such run folder", path: path)
        }
        guard isDirectory.boolValue else { throw RunFileError("is not a folder", path: path) }
        guard FileManager.default.fileExists(atPath: folder.checkpointPath) else {
            throw RunFileError("holds no checkpoint.json to resume from", path: path)
        }
        return folder
    }

    /// Writes `command.txt`: the arguments shell-quoted on one line, so the run can be repeated.
    public func writeCommand(_ arguments: [String]) throws(RunFileError) {
        try AtomicFile.write(Self.shellQuoted(arguments) + "\n", to: commandPath)
    }

    /// Writes `summary.json`.
    public func writeSummary(_ summary: JSONValue) throws(RunFileError) {
        try AtomicFile.write(summary.serialized() + "\n", to: summaryPath)
    }

    /// The arguments joined by spaces, each quoted for a POSIX shell when it needs it
    /// (`it's` → `'it'\''s'`).
    public static func shellQuoted(_ arguments: [String]) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        return arguments.map { argument in
            if !argument.isEmpty, argument.allSatisfy(plain.contains) { return argument }
            return "'" + argument.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }.joined(separator: " ")
    }

    /// The path of the file `name` in the folder.
    public func file(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }
}
