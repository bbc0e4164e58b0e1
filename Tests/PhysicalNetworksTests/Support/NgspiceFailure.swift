import Foundation

extension Ngspice {
    /// Why an ngspice run gave no trustworthy result. Descriptions quote ngspice's own messages.
    enum Failure: Error, CustomStringConvertible {
        /// No `ngspice` executable was found.
        case notInstalled
        /// The executable exists but could not be started.
        case couldNotLaunch(String)
        /// ngspice ran longer than the time limit and was terminated.
        case timedOut(seconds: Double, log: Log)
        /// ngspice exited with a non-zero status or printed a fatal diagnostic.
        case reportedErrors(exitStatus: Int32, diagnostics: [String], log: Log)
        /// ngspice finished cleanly but wrote no raw file (the netlist has no analysis card?).
        case missingRawFile(log: Log)
        /// The raw file lacks the plot an analysis needs.
        case missingPlot(String, available: [String])
        /// The raw file could not be parsed; `line` is 1-based (0 when not tied to a line).
        case malformedRawFile(line: Int, reason: String)

        var description: String {
            switch self {
            case .notInstalled:
                return "ngspice: not installed (no 'ngspice' on PATH)"
            case .couldNotLaunch(let reason):
                return "ngspice: could not launch \(reason)"
            case .timedOut(let seconds, let log):
                return "ngspice: terminated after \(seconds) s\n\(log)"
            case .reportedErrors(let status, let diagnostics, let log):
                let summary = diagnostics.isEmpty ? "" : ": " + diagnostics.joined(separator: "; ")
                return "ngspice: exit status \(status)\(summary)\n\(log)"
            case .missingRawFile(let log):
                return "ngspice: no raw file written (does the netlist have an analysis card?)\n\(log)"
            case .missingPlot(let name, let available):
                return "ngspice: no plot '\(name)' in the raw file; plots: \(available)"
            case .malformedRawFile(let line, let reason):
                return "ngspice raw file:\(line): \(reason)"
            }
        }
    }

    /// What went into and came out of one ngspice run, for error messages.
    struct Log: CustomStringConvertible, Sendable {
        let netlist: String
        let standardOutput: String
        let standardError: String

        /// Lines of ngspice's stderr (where it writes all diagnostics; stdout echoes the title,
        /// which may contain anything) that mean the run cannot be trusted even when ngspice
        /// exits with 0.
        var fatalDiagnostics: [String] {
            let patterns = ["error", "singular matrix", "timestep too small", "aborted"]
            return standardError
                .split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { line in patterns.contains { line.lowercased().contains($0) } }
        }

        var description: String {
            let numbered = netlist.split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
                .map { "\($0.offset + 1)\t\($0.element)" }
                .joined(separator: "\n")
            let outputTail = standardOutput.split(separator: "\n").suffix(20).joined(separator: "\n")
            return """
                --- stderr ---
                \(standardError.trimmingCharacters(in: .whitespacesAndNewlines))
                --- stdout (last 20 lines) ---
                \(outputTail)
                --- netlist ---
                \(numbered)
                """
        }
    }
}
