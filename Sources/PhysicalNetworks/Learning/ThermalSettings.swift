import CBLAS
import Foundation

/// What a thermal gradient or a finite-temperature training run needs, as a user states it
/// (`--temperature`, `--noise`, `--estimator thermal-…`, `--samples`, …), kept in a run's
/// record. Unset step, interval and burn-in are chosen from the network's relaxation rates
/// (`EquilibriumPropagation.thermalSampling(_:seed:)`).
public struct ThermalSettings: Codable, Equatable, Sendable {
    public var estimator: EquilibriumPropagation.ThermalEstimator
    /// T: kT in J for Johnson noise, springs and oscillators; a power (W) for the Boltzmann
    /// model of a circuit (`NoiseModel`).
    public var temperature: Double
    public var noise: NoiseModel
    /// Samples per phase.
    public var samples: Int
    /// The Langevin step (s); nil: 0.05/λ_max.
    public var stepSize: Double?
    /// Steps between samples; nil: half the slowest mode's relaxation time.
    public var interval: Int?
    /// Steps before the first sample; nil: five slowest relaxation times.
    public var burnIn: Int?
    public var scheme: LangevinDynamics.Scheme
    public var nudge: EquilibriumPropagation.NudgeElement

    public init(estimator: EquilibriumPropagation.ThermalEstimator, temperature: Double, noise: NoiseModel = .boltzmann,
                samples: Int = 2000, stepSize: Double? = nil, interval: Int? = nil, burnIn: Int? = nil,
                scheme: LangevinDynamics.Scheme = .heun, nudge: EquilibriumPropagation.NudgeElement = .source) {
        self.estimator = estimator
        self.temperature = temperature
        self.noise = noise
        self.samples = samples
        self.stepSize = stepSize
        self.interval = interval
        self.burnIn = burnIn
        self.scheme = scheme
        self.nudge = nudge
    }
}

extension NoiseModel: Codable {}
extension LangevinDynamics.Scheme: Codable {}
extension EquilibriumPropagation.ThermalEstimator: Codable {}

extension EquilibriumPropagation {
    /// The relaxation rates of the linearized free dynamics `M δẋ = −J δx` at the free
    /// equilibrium: the real parts of the eigenvalues of M⁻¹J (LAPACK `dgeev`), fastest and
    /// slowest. Dense: at most `maximumRateDimension` unknowns.
    public func relaxationRates() throws(ThermalSetupError) -> (fastest: Double, slowest: Double) {
        let n = equations.dimension
        guard n <= Self.maximumRateDimension else { throw .tooLargeForAutomaticSampling(unknowns: n) }
        guard hasCompleteJacobian else { throw .tooLargeForAutomaticSampling(unknowns: n) }
        var free = freePhase()
        polish(&free.state, report: &free.report)
        let jacobian = equations.denseJacobian(at: free.state)
        guard case .success(var drift) = DenseLinearSolve.solve(equations.denseMass, jacobian, dimension: n,
                                                                rightHandSides: n) else { throw .singularMass }
        var real = [Double](repeating: 0, count: n), imaginary = [Double](repeating: 0, count: n)
        var left = [Double](repeating: 0, count: 1), right = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")), Int32(n), &drift,
                                 Int32(n), &real, &imaginary, &left, 1, &right, 1)
        guard info == 0, let fastest = real.max(), let slowest = real.min() else { throw .noStationaryLaw }
        guard slowest > 0 else { throw .noStationaryLaw }
        return (fastest, slowest)
    }

    /// Refuses thermal settings this network cannot run, before anything is sampled: a
    /// temperature ≤ 0, fewer than 40 samples (20 batch means of 2), a network that is no
    /// gradient system (its stationary law is not exp(−E/T) and EP's identity fails), a noisy
    /// nudging resistor without a squared-error cost, dynamics without a stationary law (a
    /// missing mass, an unstable equilibrium) — and, with `requireValidEstimate`, settings
    /// whose estimate is not dL/dθ (`thermalCaveat`; training refuses them, a single gradient
    /// may show them).
    public func check(_ settings: ThermalSettings, requireValidEstimate: Bool = false) throws(LearningError) {
        func refuse(_ reason: String) -> LearningError {
            .unsupportedEstimator(name: settings.estimator.rawValue, reason: reason)
        }
        guard settings.temperature > 0, settings.temperature.isFinite else {
            throw refuse("the temperature must be positive, got \(settings.temperature)")
        }
        guard settings.samples >= 40 else { throw refuse("at least 40 samples per phase, got \(settings.samples)") }
        guard network.isGradientSystem else {
            throw refuse("thermal EP needs a gradient system (reciprocal elements): the stationary law is then exp(−E/T)")
        }
        if requireValidEstimate, settings.estimator == .covariance, let caveat = Self.thermalCaveat(settings) {
            throw refuse(caveat)
        }
        if settings.nudge == .resistor && !(cost is SquaredError) {
            throw refuse("a noisy nudging resistor needs a squared error on node voltages")
        }
        if let step = settings.stepSize, !(step > 0 && step.isFinite) { throw refuse("the step must be positive") }
        if let interval = settings.interval, interval < 1 { throw refuse("the interval must be at least 1 step") }
        if let burnIn = settings.burnIn, burnIn < 0 { throw refuse("the burn-in must be ≥ 0 steps") }
        guard case .success = equations.factorMass() else { throw refuse(ThermalSetupError.singularMass.description) }
        do throws(ThermalSetupError) {
            _ = try thermalSampling(settings, seed: 0)
        } catch {
            throw refuse(error.description)
        }
    }

    /// The nudge `thermal-nudged` takes when none is given: a fifth of the outputs' Thévenin
    /// conductance 1/λ_max(R_OO) at the free equilibrium, so that the O(β²) bias is a few
    /// percent while the variance, ∝ T/(Mβ²), stays small (the deterministic estimators'
    /// default of 1 µS would drown a thermal estimate in noise). nil for costs without an output
    /// response (phase costs): the family's default then.
    public func thermalDefaultBeta() -> Double? {
        let free = freePhase()
        let limit = negativeNudgeLimit(response: outputResponse(at: free.state))
        return limit.isFinite && limit > 0 ? 0.2 * limit : nil
    }

    /// What is wrong with the estimate of `settings`, if anything: under Johnson noise the
    /// stationary law is not exp(−E/kT), so the covariance estimator does not estimate dL/dθ,
    /// and a noiseless nudging source biases the nudged one by O(kT) whatever β (a noisy nudging
    /// resistor does not, for a linear circuit). Gaussian closed forms: GaussianExpansionTests.
    public static func thermalCaveat(_ settings: ThermalSettings) -> String? {
        guard settings.noise == .johnson else { return nil }
        switch (settings.estimator, settings.nudge) {
        case (.covariance, _):
            return "under Johnson noise the stationary law is not exp(−E/kT) (a linear RC network's covariance is "
                + "kT·C⁻¹ whatever the conductances), so −Cov(∂E/∂θ, C)/kT does not estimate dL/dθ; use thermal-nudged"
        case (.nudged, .source):
            return "under Johnson noise a noiseless nudging source changes the fluctuations with β: the estimate is "
                + "biased by O(kT) however small β; --nudge-element resistor (a noisy nudging resistor) removes the bias"
        case (.nudged, .resistor):
            return nil
        }
    }

    /// Above this many unknowns the automatic step, interval and burn-in are refused (dense
    /// eigenvalues): give them explicitly.
    public static let maximumRateDimension = 1500

    /// The sampling of `settings`, unset values from the relaxation rates: step 0.05/λ_max
    /// (stochastic Heun's stationary error is then O(10⁻³)), one sample every half slowest
    /// relaxation time 1/λ_min, a burn-in of five of them.
    public func thermalSampling(_ settings: ThermalSettings, seed: UInt64) throws(ThermalSetupError) -> ThermalSampling {
        var step = settings.stepSize, interval = settings.interval, burnIn = settings.burnIn
        if step == nil || interval == nil || burnIn == nil {
            let rates = try relaxationRates()
            let h = step ?? 0.05 / rates.fastest
            step = h
            interval = interval ?? max(1, Int((0.5 / (rates.slowest * h)).rounded(.up)))
            burnIn = burnIn ?? Int((5 / (rates.slowest * h)).rounded(.up))
        }
        let dynamics = LangevinDynamics(noise: settings.noise, temperature: settings.temperature, stepSize: step!,
                                        scheme: settings.scheme, seed: seed)
        return ThermalSampling(dynamics: dynamics, samples: settings.samples, interval: interval!, burnIn: burnIn!,
                               nudge: settings.nudge)
    }

    /// Why thermal sampling cannot be set up.
    public enum ThermalSetupError: Error, Equatable, Sendable, CustomStringConvertible {
        case tooLargeForAutomaticSampling(unknowns: Int)
        case singularMass
        case noStationaryLaw

        public var description: String {
            switch self {
            case .tooLargeForAutomaticSampling(let n):
                return "\(n) unknowns: too many to choose the Langevin step, interval and burn-in automatically "
                    + "(dense eigenvalues up to \(EquilibriumPropagation.maximumRateDimension)); give --step, --interval and --burn-in"
            case .singularMass:
                return "thermal dynamics need a mass at every unknown (a capacitance at every node, a drag at every coordinate or phase)"
            case .noStationaryLaw:
                return "the free equilibrium is not stable (an eigenvalue of M⁻¹J ≤ 0): no stationary law to sample"
            }
        }
    }
}
