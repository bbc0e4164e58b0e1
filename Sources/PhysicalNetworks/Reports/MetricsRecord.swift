/// The figures of one epoch: its number and one value per metric column (NaN where a metric does
/// not apply, e.g. accuracy on a regression task).
public struct MetricsRecord: Codable, Equatable, Sendable {
    /// Epoch number (1 for the first finished epoch).
    public var epoch: Int
    /// Values in the order of `MetricsLog.columns`.
    public var values: [Double]

    public init(epoch: Int, values: [Double]) {
        self.epoch = epoch
        self.values = values
    }
}
