/// A bad hardware setting: its message, the configuration key it concerns and, when one value of
/// the key is at fault, that value's index (so a file parser can point at its column).
public struct HardwareConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// The configuration-file key at fault (e.g. `levels`), if any.
    public var key: String?
    /// The 0-based index of the offending value of `key`, or nil for the key itself.
    public var valueIndex: Int?

    public init(_ message: String, key: String? = nil, valueIndex: Int? = nil) {
        self.message = message
        self.key = key
        self.valueIndex = valueIndex
    }

    public var description: String { message }
}
