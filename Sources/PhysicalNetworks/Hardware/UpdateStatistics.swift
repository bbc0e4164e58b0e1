/// What one parameter update cost on the hardware: the pulses sent, their energy, how many
/// devices received pulses and how many of those were clipped at a bound.
public struct UpdateStatistics: Sendable, Hashable, Codable {
    /// Programming pulses sent, Σᵢ ⌈|Δᵢ|/Δw_min⌉ (stuck devices receive theirs too: the
    /// controller does not know they are stuck).
    public var pulses: Int
    /// Programming energy (J): pulses × `DeviceModel.pulseEnergy`.
    public var energy: Double
    /// Devices that received at least one pulse (or, for an ideal device, a nonzero change).
    public var devicesUpdated: Int
    /// Updated devices whose value was clipped at a bound during the update.
    public var devicesSaturated: Int

    public init(pulses: Int = 0, energy: Double = 0, devicesUpdated: Int = 0, devicesSaturated: Int = 0) {
        self.pulses = pulses
        self.energy = energy
        self.devicesUpdated = devicesUpdated
        self.devicesSaturated = devicesSaturated
    }

    /// Adds another update's counts and energy to these.
    public static func += (total: inout UpdateStatistics, other: UpdateStatistics) {
        total.pulses += other.pulses
        total.energy += other.energy
        total.devicesUpdated += other.devicesUpdated
        total.devicesSaturated += other.devicesSaturated
    }
}
