import ArgumentParser
import PhysicalNetworks

/// The options of `gradient` and `train` at finite temperature (issue 7, docs/thermal.md), used
/// with `--estimator thermal-nudged` or `thermal-covariance`.
struct ThermalOptions: ParsableArguments {
    @Option(help: "Temperature T of the thermal estimators: kT in J for Johnson noise, springs and oscillators; a power in W for the Boltzmann model of a circuit.")
    var temperature: Double?

    @Option(help: "Noise model: boltzmann (on capacitances and drags, stationary law ∝ exp(−E/T)) or johnson (4kTg across every resistor).")
    var noise: NoiseModel = .boltzmann

    @Option(help: "Langevin samples per phase (at least 40).")
    var samples: Int = 2000

    @Option(help: "Langevin step h (s). (default: 0.05/λ_max of M⁻¹J at the free equilibrium)")
    var step: Double?

    @Option(help: "Steps between samples. (default: half the slowest relaxation time)")
    var interval: Int?

    @Option(help: "Steps before the first sample. (default: five slowest relaxation times)")
    var burnIn: Int?

    @Option(help: "Langevin scheme: heun (stochastic Heun, weak order 2) or euler-maruyama.")
    var scheme: LangevinDynamics.Scheme = .heun

    @Option(help: "The nudging element of thermal-nudged: source (noiseless, ±β) or resistor (conductance β with its own Johnson noise, one-sided).")
    var nudgeElement: EquilibriumPropagation.NudgeElement = .source

    /// The settings for `estimator`, nil for a deterministic one.
    func settings(_ estimator: EstimatorChoice) -> ThermalSettings? {
        guard let thermal = estimator.thermal, let temperature else { return nil }
        return ThermalSettings(estimator: thermal, temperature: temperature, noise: noise, samples: samples,
                               stepSize: step, interval: interval, burnIn: burnIn, scheme: scheme, nudge: nudgeElement)
    }

    /// Checks that a thermal estimator has a temperature and the other options make sense.
    func validate(for estimator: EstimatorChoice) throws {
        guard estimator.thermal != nil else {
            if temperature != nil {
                throw ValidationError("--temperature needs --estimator thermal-nudged or thermal-covariance")
            }
            return
        }
        guard let temperature else { throw ValidationError("--estimator \(estimator.rawValue) needs --temperature T") }
        guard temperature > 0, temperature.isFinite else { throw ValidationError("--temperature must be positive") }
        guard samples >= 40 else { throw ValidationError("--samples must be at least 40 (20 batch means of 2)") }
        if let step { guard step > 0, step.isFinite else { throw ValidationError("--step must be positive") } }
        if let interval { guard interval >= 1 else { throw ValidationError("--interval must be at least 1") } }
        if let burnIn { guard burnIn >= 0 else { throw ValidationError("--burn-in must be non-negative") } }
    }
}

extension NoiseModel: ExpressibleByArgument {}
extension LangevinDynamics.Scheme: ExpressibleByArgument {}
extension EquilibriumPropagation.NudgeElement: ExpressibleByArgument {}
