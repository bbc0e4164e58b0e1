/// A user-facing error about a file of a run (its folder, metrics, checkpoint, summary), printed
/// as `path: message`, e.g. `runs/xor/checkpoint.json: not a valid checkpoint: missing key 'epoch'`.
public struct RunFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file or folder as the user named it.
    public var path: String
    public var message: String

    public init(_ message: String, path: String) {
        self.message = message
        self.path = path
    }

    public var description: String { "\(path): \(message)" }
}
