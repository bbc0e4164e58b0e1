import Foundation

/// The current law of a pn junction as SPICE's level-1 diode evaluates it (ngspice `dioload.c`,
/// no breakdown, no charge storage), with SPICE's GMIN conductance in parallel.
///
/// With `V_te = N k T / q`:
/// - forward and mild reverse, `v ≥ −3 V_te`: `i = I_S (e^{v/V_te} − 1) + g_min v`;
/// - deep reverse, `v < −3 V_te`: `i = −I_S (1 + (3 V_te/(e v))³) + g_min v`.
/// Above `v = 100 V_te` the exponential continues linearly (a guard against overflow that no
/// converged circuit reaches).
public struct ShockleyJunction: Sendable, Equatable {
    /// Saturation current I_S (A), already scaled by the device area.
    public var saturationCurrent: Double
    /// N k T / q (V).
    public var emissionVoltage: Double
    /// Conductance in parallel with the junction (S); SPICE's GMIN, 1e-12 by default.
    public var parallelConductance: Double

    /// Boltzmann's constant and the elementary charge as ngspice 39 defines them (`const.h`),
    /// so thermal voltages agree with ngspice to the last digit.
    public static let boltzmann = 1.38064852e-23
    public static let elementaryCharge = 1.6021766208e-19
    /// SPICE's nominal temperature, 27 °C, in kelvin.
    public static let nominalTemperature = 300.15

    /// k T / q at `kelvin` (V): 25.865 mV at 27 °C.
    public static func thermalVoltage(kelvin: Double = nominalTemperature) -> Double {
        boltzmann * kelvin / elementaryCharge
    }

    public init(saturationCurrent: Double, emissionCoefficient: Double,
                temperature kelvin: Double = nominalTemperature, parallelConductance: Double = 1e-12) {
        self.saturationCurrent = saturationCurrent
        self.emissionVoltage = emissionCoefficient * Self.thermalVoltage(kelvin: kelvin)
        self.parallelConductance = parallelConductance
    }

    /// Junction current (A) and its derivative di/dv (S) at voltage `v` (V).
    @inlinable
    public func currentAndConductance(_ v: Double) -> (current: Double, conductance: Double) {
        let vte = emissionVoltage
        let isat = saturationCurrent
        if v >= -3 * vte {
            let x = v / vte
            if x > 100 {
                let e = exp(100.0)
                return (isat * (e * (1 + x - 100) - 1) + parallelConductance * v,
                        isat * e / vte + parallelConductance)
            }
            let e = exp(x)
            return (isat * (e - 1) + parallelConductance * v, isat * e / vte + parallelConductance)
        }
        var arg = 3 * vte / (v * M_E)
        arg = arg * arg * arg
        return (-isat * (1 + arg) + parallelConductance * v, isat * 3 * arg / v + parallelConductance)
    }

    /// The co-content `∫₀^v i(u) du` (W), the junction's energy term.
    public func coContent(_ v: Double) -> Double {
        let vte = emissionVoltage
        let isat = saturationCurrent
        let shunt = 0.5 * parallelConductance * v * v
        func forward(_ u: Double) -> Double {
            let x = u / vte
            if x > 100 {
                let e = exp(100.0)
                let dx = x - 100
                return isat * vte * (e - 1) + isat * vte * e * (dx + 0.5 * dx * dx) - isat * u
            }
            return isat * vte * (exp(x) - 1) - isat * u
        }
        if v >= -3 * vte { return forward(v) + shunt }
        let knee = -3 * vte
        let a = pow(3 * vte / M_E, 3)
        // ∫_knee^v −I_S (1 + a/u³) du = −I_S (v − knee) − I_S a (1/(2 knee²) − 1/(2 v²)).
        let reverse = -isat * (v - knee) - isat * a * (1 / (2 * knee * knee) - 1 / (2 * v * v))
        return forward(knee) + reverse + shunt
    }

    /// SPICE's critical voltage `V_te ln(V_te / (√2 I_S))`, above which steps are limited.
    public var criticalVoltage: Double {
        emissionVoltage * log(emissionVoltage / (2.0.squareRoot() * saturationCurrent))
    }

    /// SPICE's `pnjlim`: the junction voltage a Newton step from `old` to `new` may reach.
    public func limitedVoltage(from old: Double, to new: Double) -> Double {
        let vte = emissionVoltage
        let critical = criticalVoltage
        guard new > critical, abs(new - old) > 2 * vte else { return new }
        if old > 0 {
            let arg = 1 + (new - old) / vte
            return arg > 0 ? old + vte * log(arg) : critical
        }
        return vte * log(new / vte)
    }
}
