import Foundation

/// The direction of one programming pulse: up raises the device value, down lowers it.
public enum PulseDirection: Sendable, Hashable {
    case up
    case down
}

/// How the change made by one programming pulse depends on the device's present value: the
/// "update once" laws of the pulsed devices of IBM's Analog Hardware Acceleration Kit (aihwkit,
/// `aihwkit.simulator.configs.devices`: `ConstantStepDevice`, `LinearStepDevice`,
/// `SoftBoundsDevice`, `ExpStepDevice`, `PowStepDevice`; formulas as given in their docstrings).
///
/// A device value w (a conductance in S, a stiffness in N/m, a coupling — any trainable parameter)
/// lives in `[lower, upper]`. The device's up and down step sizes are Δw⁺ = `stepUp` and
/// Δw⁻ = `stepDown` (both ≥ 0, set by `DeviceModel`: dw_min with its up/down asymmetry and its
/// device-to-device spread). aihwkit writes its laws for weights centred on zero
/// (b_min < 0 < b_max); here the laws that refer to the centre use the centred value
/// x = w − c, c = (lower + upper)/2, half-range h = (upper − lower)/2, i.e. aihwkit's
/// b_max = h, b_min = −h. The nominal (noise-free) change of one pulse is, up (+) and down (−):
///
/// - `constantStep`:  +Δw⁺ and −Δw⁻.
/// - `linearStep(γ⁺, γ⁻)`:  +Δw⁺ (1 − γ⁺ x/h) and −Δw⁻ (1 + γ⁻ x/h)
///   (aihwkit: w ← w + Δw^d (γ^d w + 1) with γ⁺ = −|γ_up|/b_max, γ⁻ = −|γ_down|/b_min);
///   at the upper bound the up step is (1 − γ⁺) of its value at the centre.
/// - `softBounds`:  the linear step with γ⁺ = γ⁻ = 1: +Δw⁺ (upper − w)/h and −Δw⁻ (w − lower)/h,
///   so steps vanish at the bounds and equal Δw^d at the centre (aihwkit's `SoftBoundsDevice`).
/// - `exponentialStep(A⁺, A⁻, γ⁺, γ⁻, a, b)`:  z = 2a x/(upper − lower) + b,
///   y^d = 1 − A^d e^{d γ^d z} (d = +1 up, −1 down), change ±Δw^d max(y^d, 0)
///   (aihwkit's `ExpStepDevice`, a CMOS-like fit; its defaults are `aihwkitDefaultExponential`).
/// - `powerStep(γ⁺, γ⁻)`:  ω = (upper − w)/(upper − lower), change +Δw⁺ ω^γ⁺ and
///   −Δw⁻ (1 − ω)^γ⁻ (aihwkit's `PowStepDevice`, after Fusi & Abbott, Nat. Neurosci. 10, 485,
///   2007; γ⁺ = γ(1 + β), γ⁻ = γ(1 − β) in aihwkit's `pow_gamma`/`pow_up_down` terms).
///
/// Linear-step changes are floored at zero (a pulse never moves the value against its
/// direction by itself; aihwkit's `allow_increasing = false` analogue). Cycle-to-cycle noise,
/// clipping to the bounds and level snapping are applied by `DeviceArray`, not here.
public enum DeviceUpdateModel: Sendable, Hashable, Codable {
    case constantStep
    case linearStep(gammaUp: Double, gammaDown: Double)
    case softBounds
    case exponentialStep(amplitudeUp: Double, amplitudeDown: Double, gammaUp: Double, gammaDown: Double,
                         slope: Double, offset: Double)
    case powerStep(gammaUp: Double, gammaDown: Double)

    /// aihwkit's `ExpStepDevice` defaults: A⁺ = 0.00081, A⁻ = 0.36833, γ⁺ = 12.44625,
    /// γ⁻ = 12.78785, a = 0.244, b = 0.2425.
    public static let aihwkitDefaultExponential = DeviceUpdateModel.exponentialStep(
        amplitudeUp: 0.00081, amplitudeDown: 0.36833, gammaUp: 12.44625, gammaDown: 12.78785,
        slope: 0.244, offset: 0.2425)

    /// The nominal signed change of one pulse at value `value` (see the type's formulas).
    /// - Parameters:
    ///   - direction: up (the result is ≥ 0) or down (≤ 0).
    ///   - value: the device value w before the pulse.
    ///   - stepUp: Δw⁺ ≥ 0, the device's up step size.
    ///   - stepDown: Δw⁻ ≥ 0, the device's down step size.
    ///   - lower: the device's lower bound.
    ///   - upper: the device's upper bound (the change is 0 when upper ≤ lower).
    /// - Complexity: O(1), one `exp` or `pow` for the exponential and power laws.
    @inlinable
    public func change(_ direction: PulseDirection, at value: Double, stepUp: Double, stepDown: Double,
                       lower: Double, upper: Double) -> Double {
        guard upper > lower else { return 0 }  // a device whose bounds met has no range to move in
        let half = 0.5 * (upper - lower)
        let centred = value - 0.5 * (upper + lower)
        switch (self, direction) {
        case (.constantStep, .up):
            return stepUp
        case (.constantStep, .down):
            return -stepDown
        case let (.linearStep(gammaUp, _), .up):
            return stepUp * max(0, 1 - gammaUp * centred / half)
        case let (.linearStep(_, gammaDown), .down):
            return -stepDown * max(0, 1 + gammaDown * centred / half)
        case (.softBounds, .up):
            return stepUp * max(0, (upper - value) / half)
        case (.softBounds, .down):
            return -stepDown * max(0, (value - lower) / half)
        case let (.exponentialStep(amplitudeUp, _, gammaUp, _, slope, offset), .up):
            let z = 2 * slope * centred / (upper - lower) + offset
            return stepUp * max(0, 1 - amplitudeUp * exp(gammaUp * z))
        case let (.exponentialStep(_, amplitudeDown, _, gammaDown, slope, offset), .down):
            let z = 2 * slope * centred / (upper - lower) + offset
            return -stepDown * max(0, 1 - amplitudeDown * exp(-gammaDown * z))
        case let (.powerStep(gammaUp, _), .up):
            let omega = min(1, max(0, (upper - value) / (upper - lower)))
            return stepUp * pow(omega, gammaUp)
        case let (.powerStep(_, gammaDown), .down):
            let omega = min(1, max(0, (upper - value) / (upper - lower)))
            return -stepDown * pow(1 - omega, gammaDown)
        }
    }

    /// The configuration-file name of the law: `constant`, `linear`, `soft-bounds`,
    /// `exponential`, `power`.
    public var name: String {
        switch self {
        case .constantStep: return "constant"
        case .linearStep: return "linear"
        case .softBounds: return "soft-bounds"
        case .exponentialStep: return "exponential"
        case .powerStep: return "power"
        }
    }
}
