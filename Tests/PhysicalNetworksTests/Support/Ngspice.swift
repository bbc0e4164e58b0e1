import Foundation

/// Runs the ngspice circuit simulator in batch mode and reads its results: the oracle that the
/// library's circuit solvers are checked against.
///
/// Each call writes the netlist into a fresh temporary directory, runs
/// `ngspice -n -b -r out.raw netlist.cir` there with `SPICE_ASCIIRAWFILE=1` (so the raw file is
/// text), parses the raw file and removes the directory. `-n` skips `.spiceinit` files, so a
/// user's settings cannot change the oracle.
///
/// Conventions of ngspice 39, checked by `NgspiceTests`:
/// - Vector names are lower-cased. Node voltages are keyed by node name: `"out"`, or `"x1.a"`
///   for node `a` inside subcircuit instance `x1`.
/// - Branch currents of voltage sources and VCVSs are keyed `"<name>#branch"`: `"v1#branch"`,
///   `"e1#branch"`, `"v.x1.v9#branch"` for source `v9` inside `x1` (ngspice prefixes the device
///   letter). The raw file itself writes them as `i(v1)`; this type renames them.
/// - A branch current is positive when it flows into the source's positive terminal, through
///   the source, and out of its negative terminal. A source delivering power therefore has a
///   negative branch current: `V1 in 0 1` driving 1.5 Ω gives `v1#branch = -2/3` A.
/// - Internal device nodes (between a diode and its series resistance RS) are not written.
/// - `.op` writes a plot named "Operating Point"; `.tran` writes "Transient Analysis" and not
///   its initial operating point. With both cards the operating point plot comes first.
/// - ngspice may exit with status 0 after a singular matrix (a floating node), falling back on
///   gmin or source stepping; such runs are rejected here (see `Failure.reportedErrors`).
enum Ngspice {
    /// Seconds a single ngspice run may take before it is terminated.
    static let defaultTimeLimit: Double = 60

    /// The ngspice executable: the first `ngspice` on `PATH`, else the usual install locations.
    static var executableURL: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init)
            + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return directories
            .map { URL(fileURLWithPath: $0).appendingPathComponent("ngspice") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Whether ngspice is installed; tests skip themselves when it is not.
    static var isAvailable: Bool { executableURL != nil }

    /// The DC operating point of a netlist that contains an `.op` card.
    ///
    /// - Parameters:
    ///   - text: A complete netlist (title line first, `.end` last) with an `.op` card; other
    ///     analyses may be present and are ignored.
    ///   - timeLimit: Seconds before ngspice is terminated.
    /// - Returns: Node voltages (V) keyed by node name and voltage-source branch currents (A)
    ///   keyed `"<name>#branch"`; see the type's conventions.
    static func operatingPoint(
        netlist text: String, timeLimit: Double = defaultTimeLimit
    ) throws -> [String: Double] {
        let plot = try run(netlist: text, timeLimit: timeLimit).plot(named: "Operating Point")
        return plot.vectors.compactMapValues(\.first)
    }

    /// The transient response of a netlist that contains a `.tran` card, at ngspice's own
    /// (adaptive) time points.
    ///
    /// For parity checks give the `.tran` card a small TMAX (its fourth argument) so that the
    /// points are dense, then compare on a common grid with `resample(_:onto:)`; linear
    /// interpolation between points spaced h apart errs by at most h²·max|v''|/8.
    ///
    /// - Parameters:
    ///   - text: A complete netlist with a `.tran` card; other analyses are ignored.
    ///   - timeLimit: Seconds before ngspice is terminated.
    /// - Returns: The time points (s) and, for every other vector, its values at those points,
    ///   keyed as in `operatingPoint(netlist:timeLimit:)`.
    static func transient(
        netlist text: String, timeLimit: Double = defaultTimeLimit
    ) throws -> (time: [Double], vectors: [String: [Double]]) {
        let plot = try run(netlist: text, timeLimit: timeLimit).plot(named: "Transient Analysis")
        var vectors = plot.vectors
        guard let time = vectors.removeValue(forKey: "time") else {
            throw Failure.malformedRawFile(line: 0, reason: "transient plot has no 'time' vector")
        }
        return (time, vectors)
    }

    /// Runs ngspice on a netlist and returns every plot it wrote.
    ///
    /// - Throws: `Failure` when ngspice is missing, exceeds `timeLimit`, exits with an error,
    ///   reports an error or a singular matrix, or writes no readable raw file.
    static func run(netlist text: String, timeLimit: Double = defaultTimeLimit) throws -> NgspiceRawFile {
        guard let executable = executableURL else { throw Failure.notInstalled }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nudge-ngspice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let files = WorkingFiles(directory: directory)
        try Data(text.utf8).write(to: files.netlist)
        let status = try launch(executable, files: files, timeLimit: timeLimit)
        let log = Log(
            netlist: text,
            standardOutput: files.read(files.standardOutput),
            standardError: files.read(files.standardError))

        let diagnostics = log.fatalDiagnostics
        if status != 0 || !diagnostics.isEmpty {
            throw Failure.reportedErrors(exitStatus: status, diagnostics: diagnostics, log: log)
        }
        guard let raw = try? Data(contentsOf: files.raw) else {
            throw Failure.missingRawFile(log: log)
        }
        return try NgspiceRawFile(text: String(decoding: raw, as: UTF8.self))
    }

    /// Starts ngspice, waits at most `timeLimit` seconds, and returns its exit status.
    private static func launch(_ executable: URL, files: WorkingFiles, timeLimit: Double) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-n", "-b", "-r", files.raw.path, files.netlist.path]
        process.currentDirectoryURL = files.directory
        var environment = ProcessInfo.processInfo.environment
        environment["SPICE_ASCIIRAWFILE"] = "1"
        process.environment = environment
        try Data().write(to: files.standardOutput)
        try Data().write(to: files.standardError)
        let output = try FileHandle(forWritingTo: files.standardOutput)
        let errors = try FileHandle(forWritingTo: files.standardError)
        defer {
            try? output.close()
            try? errors.close()
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw Failure.couldNotLaunch("\(executable.path): \(error)")
        }
        if exited.wait(timeout: .now() + timeLimit) == .timedOut {
            process.terminate()
            _ = exited.wait(timeout: .now() + 5)
            let log = Log(
                netlist: files.read(files.netlist),
                standardOutput: files.read(files.standardOutput),
                standardError: files.read(files.standardError))
            throw Failure.timedOut(seconds: timeLimit, log: log)
        }
        return process.terminationStatus
    }

    /// The files of one ngspice run, all inside one temporary directory.
    private struct WorkingFiles {
        let directory: URL
        var netlist: URL { directory.appendingPathComponent("netlist.cir") }
        var raw: URL { directory.appendingPathComponent("out.raw") }
        var standardOutput: URL { directory.appendingPathComponent("stdout.txt") }
        var standardError: URL { directory.appendingPathComponent("stderr.txt") }

        func read(_ file: URL) -> String {
            guard let data = try? Data(contentsOf: file) else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
