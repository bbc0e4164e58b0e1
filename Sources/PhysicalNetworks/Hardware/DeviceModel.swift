/// The non-idealities of one kind of programmable device — a conductance (S), a stiffness (N/m),
/// a coupling — in the vocabulary of aihwkit's pulsed devices (IBM Analog Hardware Acceleration
/// Kit, `PulsedDevice` and its subclasses; `DriftParameter`), applied to a generic device value w
/// in `bounds` = [lower, upper] (nil: unbounded).
///
/// The model is the statistics of a population; `DeviceArray` draws N devices from it with a seed.
///
/// - Steps (aihwkit `dw_min`, `up_down`, `dw_min_dtod`): the nominal step is Δw_min = `stepSize`,
///   or (upper − lower)/(levels − 1) when `levels` is given. Device i gets, fixed at fabrication,
///   Δw_i⁺ = Δw_min (1 + β + σ_d2d ξ_i) and Δw_i⁻ = Δw_min (1 − β + σ_d2d ξ_i), with β = `upDown`,
///   σ_d2d = `stepDeviceToDevice`, ξ_i standard normal (both floored at 0).
/// - Bounds (aihwkit `w_min_dtod`, `w_max_dtod`): lower_i = lower (1 + σ_b ξ), upper_i =
///   upper (1 + σ_b ξ′) with σ_b = `boundsDeviceToDevice` (a crossed pair is set to its midpoint).
/// - Update law: `update` (see `DeviceUpdateModel`), each pulse scaled by (1 + σ_c2c ξ), ξ drawn
///   anew per pulse, σ_c2c = `cycleToCycle` (aihwkit `dw_min_std`, multiplicative noise), then
///   clipped to the device's bounds.
/// - Levels: with `levels` given, programmed values are snapped to the grid
///   lower + k Δw_min, k = 0…levels − 1.
/// - Stuck devices (aihwkit `corrupt_devices_prob`): each device is stuck with probability
///   `stuckFraction` at a value drawn uniformly in its bounds; it never changes.
/// - Drift (aihwkit `DriftParameter`, after Oh et al. 2019): w(t) = w(t₀) (t/t₀)^(−ν_i) for
///   t ≥ t₀, ν_i = ν (1 + σ_ν ξ_i), ν = `drift`, σ_ν = `driftDeviceToDevice`,
///   t₀ = `driftReferenceTime` (s).
/// - Read noise: a measurement m is read as m + σ ξ with σ² = (ρ m)² + σ_a², ρ = `readNoise`
///   (relative), σ_a = `readNoiseAbsolute` (in the measurement's unit), ξ drawn per read.
/// - Tolerance: static component tolerance: the value programmed or fabricated as w is
///   w (1 + τ ξ_i) with ξ_i fixed per device, τ = `tolerance`.
/// - Energy: each programming pulse costs `pulseEnergy` (J).
public struct DeviceModel: Sendable, Hashable, Codable {
    /// The nominal range of the device value [lower, upper] (e.g. S for a conductance), or nil
    /// for an unbounded value (then `levels` and the update laws other than the constant step,
    /// which refer to the bounds, are unavailable).
    public var bounds: ClosedRange<Double>?
    /// The number of distinguishable levels across `bounds` (≥ 2), or nil for a continuum.
    public var levels: Int?
    /// Δw_min, the nominal change of one pulse, when `levels` is nil; nil (and no levels) means an
    /// ideal analog device whose updates are exact and take no pulses.
    public var stepSize: Double?
    /// β, the systematic up/down asymmetry of the step sizes (aihwkit `up_down`).
    public var upDown: Double
    /// The per-pulse law of the step size.
    public var update: DeviceUpdateModel
    /// σ_d2d, the relative device-to-device spread of the step size (aihwkit `dw_min_dtod`).
    public var stepDeviceToDevice: Double
    /// σ_b, the relative device-to-device spread of each bound (aihwkit `w_min_dtod`, `w_max_dtod`).
    public var boundsDeviceToDevice: Double
    /// σ_c2c, the relative cycle-to-cycle spread of each pulse's step (aihwkit `dw_min_std`).
    public var cycleToCycle: Double
    /// The probability that a device is stuck (aihwkit `corrupt_devices_prob`).
    public var stuckFraction: Double
    /// ν, the mean power-law drift exponent.
    public var drift: Double
    /// σ_ν, the relative device-to-device spread of ν (aihwkit `nu_dtod`).
    public var driftDeviceToDevice: Double
    /// t₀ (s), the time after programming at which a value is read as programmed.
    public var driftReferenceTime: Double
    /// ρ, the relative standard deviation of each read.
    public var readNoise: Double
    /// σ_a, the absolute standard deviation of each read (the measurement's unit).
    public var readNoiseAbsolute: Double
    /// τ, the static relative tolerance of fabricated or programmed values.
    public var tolerance: Double
    /// The energy of one programming pulse (J).
    public var pulseEnergy: Double

    /// The default energy of one programming pulse: 1 pJ. An assumption, not a measured figure:
    /// E = V² G t for a 1 V, 10 ns pulse into a 100 µS device (1 V² × 1e-4 S × 1e-8 s = 1e-12 J),
    /// an order of magnitude typical of the filamentary-RRAM and PCM programming pulses reported
    /// in the literature; set `pulse_energy` from a device's data sheet or paper when known.
    public static let defaultPulseEnergy = 1e-12

    public init(bounds: ClosedRange<Double>? = nil, levels: Int? = nil,
                stepSize: Double? = nil, upDown: Double = 0, update: DeviceUpdateModel = .constantStep,
                stepDeviceToDevice: Double = 0, boundsDeviceToDevice: Double = 0, cycleToCycle: Double = 0,
                stuckFraction: Double = 0, drift: Double = 0, driftDeviceToDevice: Double = 0,
                driftReferenceTime: Double = 1, readNoise: Double = 0, readNoiseAbsolute: Double = 0,
                tolerance: Double = 0, pulseEnergy: Double = DeviceModel.defaultPulseEnergy) {
        self.bounds = bounds
        self.levels = levels
        self.stepSize = stepSize
        self.upDown = upDown
        self.update = update
        self.stepDeviceToDevice = stepDeviceToDevice
        self.boundsDeviceToDevice = boundsDeviceToDevice
        self.cycleToCycle = cycleToCycle
        self.stuckFraction = stuckFraction
        self.drift = drift
        self.driftDeviceToDevice = driftDeviceToDevice
        self.driftReferenceTime = driftReferenceTime
        self.readNoise = readNoise
        self.readNoiseAbsolute = readNoiseAbsolute
        self.tolerance = tolerance
        self.pulseEnergy = pulseEnergy
    }

    /// The ideal device: unbounded, continuous, exact updates, no noise, no drift, no faults.
    public static let ideal = DeviceModel()

    /// Δw_min: (upper − lower)/(levels − 1) with levels and bounds, else `stepSize`; nil for an ideal
    /// (pulse-free) device.
    public var nominalStep: Double? {
        if let levels, let bounds, levels >= 2 { return (bounds.upperBound - bounds.lowerBound) / Double(levels - 1) }
        return stepSize
    }

    /// The number of pulses that a desired change Δ takes: n = ⌈|Δ|/Δw_min⌉ (0 for Δ = 0 and for
    /// an ideal device). A quotient within 1e-9 (relative) above an integer counts as that
    /// integer, so that floating-point noise in Δ = k Δw_min does not add a pulse.
    @inlinable
    public static func pulseCount(_ change: Double, step: Double) -> Int {
        let ratio = abs(change) / step
        precondition(ratio.isFinite && ratio < 0x1p52, "pulse count of change \(change) with step \(step) is not finite")
        let rounded = ratio.rounded(.down)
        return Int(ratio - rounded <= 1e-9 * max(1, ratio) ? rounded : rounded + 1)
    }
}
