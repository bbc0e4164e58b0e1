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
