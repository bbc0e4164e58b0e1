/// What the independent sources apply at one instant.
///
/// `time` selects the waveform value of each source (PULSE, PWL) when `followsWaveforms` is
/// true; otherwise every source applies its DC value, as in a DC operating point. `sourceScale`
/// multiplies every independent source (SPICE's source stepping ramps it from 0 to 1).
public struct Drive: Sendable, Equatable {
    /// Seconds.
    public var time: Double
    /// Whether sources follow their transient waveforms (true) or hold their DC value.
    public var followsWaveforms: Bool
    /// Factor applied to every independent source, 1 in normal operation.
    public var sourceScale: Double

    public init(time: Double = 0, followsWaveforms: Bool = false, sourceScale: Double = 1) {
        self.time = time
        self.followsWaveforms = followsWaveforms
        self.sourceScale = sourceScale
    }

    /// Sources at their DC values, unscaled.
    public static let dc = Drive()

    /// Sources following their waveforms at time `t`.
    public static func transient(at time: Double) -> Drive {
        Drive(time: time, followsWaveforms: true)
    }
}
