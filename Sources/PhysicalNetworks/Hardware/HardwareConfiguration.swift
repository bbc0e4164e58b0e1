/// Everything non-ideal about the hardware, in one place: the programmable devices' model, the
/// converters, the wiring and the seed. Read from a small `key = value` file
/// (`parse(contents:file:)`), or built in code; `ideal` has no non-ideality at all.
///
/// An ideal configuration reproduces exact arithmetic: its devices take every update exactly
/// (w ← w + Δ, unbounded, no pulses, no energy), reads and converters are exact.
public struct HardwareConfiguration: Sendable, Hashable, Codable {
    /// The programmable devices (conductances, stiffnesses, couplings).
    public var device: DeviceModel
    /// The ADC and DAC.
    public var peripherals: HardwarePeripherals
    /// The resistance of each wire segment (Ω), stored for the models that will use it.
    public var wireResistance: Double?
    /// The seed of fabrication, pulse and read noise.
    public var seed: UInt64

    public init(device: DeviceModel = .ideal, peripherals: HardwarePeripherals = .ideal,
                wireResistance: Double? = nil, seed: UInt64 = 1) {
        self.device = device
        self.peripherals = peripherals
        self.wireResistance = wireResistance
        self.seed = seed
    }

    /// No non-ideality: exact updates, no noise, continuous values, exact converters.
    public static let ideal = HardwareConfiguration()

    /// `count` devices drawn from `device` with `seed`.
    public func makeDevices(count: Int) -> DeviceArray {
        DeviceArray(model: device, count: count, seed: seed)
    }

    /// The configuration-file keys, in the order a file's settings are applied.
    public static let keys = [
        "update", "bounds", "levels", "dw_min", "up_down", "gamma_up", "gamma_down", "exp_a_up", "exp_a_down",
        "exp_a", "exp_b", "dtod", "bounds_dtod", "ctoc", "stuck", "drift", "drift_dtod", "drift_t0",
        "read_noise", "read_noise_abs", "tolerance", "pulse_energy", "adc_bits", "adc_range", "adc_energy",
        "dac_bits", "dac_range", "dac_energy", "wire_resistance", "seed",
    ]

    /// The keys that take one number, which `withValue(_:forKey:)` can set.
    public static let numericKeys = keys.filter { !["update", "bounds", "adc_range", "dac_range"].contains($0) }

    /// This configuration with one numeric key set, by its configuration-file name (for sweeps:
    /// `levels`, `ctoc`, `read_noise`, …). Setting `levels` clears `dw_min` and vice versa.
    /// - Throws: `HardwareConfigurationError` for an unknown or non-numeric key, a value out of
    ///   range (e.g. a fractional `levels`), or a combination that is invalid.
    public func withValue(_ value: Double, forKey key: String) throws(HardwareConfigurationError) -> HardwareConfiguration {
        guard Self.numericKeys.contains(key) else {
            throw HardwareConfigurationError("'\(key)' is not a numeric hardware key (expected one of "
                                             + Self.numericKeys.joined(separator: ", ") + ")", key: key)
        }
        guard value.isFinite else {
            throw HardwareConfigurationError("'\(key)' needs a finite value, got \(value)", key: key, valueIndex: 0)
        }
        var copy = self
        if key == "levels" { copy.device.stepSize = nil }
        if key == "dw_min" { copy.device.levels = nil }
        let text = value == value.rounded() && abs(value) < 0x1p62 ? String(Int64(value)) : "\(value)"
        try copy.set(key, [text])
        try copy.validate()
        return copy
    }
}
