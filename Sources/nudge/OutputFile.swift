import PhysicalNetworks

/// Writes command output to standard output, or to a file written whole or not at all
/// (`AtomicFile`: a temporary file in the same folder, flushed, renamed over the target).
enum OutputFile {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return
        }
        do {
            try AtomicFile.write(text.hasSuffix("\n") ? text : text + "\n", to: path)
        } catch {
            throw UserFacingError("\(path): cannot write output: \(error.description)")
        }
    }
}
