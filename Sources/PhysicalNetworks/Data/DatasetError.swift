/// A user-facing error in a data file, printed like a compiler's diagnostic:
/// `data/xor.csv:7:5: 'abc' is not a number (column 'x2')`.
///
/// Lines and columns are 1-based; a column counts characters from the start of the line. Errors
/// about the whole file (it cannot be read, it has no rows) point at `1:1` or at the header.
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
