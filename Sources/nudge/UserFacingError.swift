import ArgumentParser
import Foundation

/// An error for the user: printed to standard error as it is (e.g. `circuits/x.cir:7:1: …`),
/// with exit status 1 and no stack trace.
struct UserFacingError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

/// Exit status of a run whose numerics failed (not converged, singular, non-finite): the
/// result is still printed, with its status.
let numericalFailureExitCode = ExitCode(2)

/// Writes `text` to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
