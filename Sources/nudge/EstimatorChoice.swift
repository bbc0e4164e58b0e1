import ArgumentParser
import PhysicalNetworks

/// The estimators a user can name with `--estimator` (`nudge gradient` and `nudge train`).
enum EstimatorChoice: String, ExpressibleByArgument, CaseIterable {
    case exact, positive, negative, centered, richardson, holomorphic
    /// Training only: `positive` with a random sign per minibatch.
    case randomSign = "random-sign"
    /// Coupled learning: outputs clamped to free + η(target − free).
    case coupledLearning = "coupled-learning"
    /// Finite temperature (with `--temperature`): Langevin averages at ±β.
    case thermalNudged = "thermal-nudged"
    /// Finite temperature: the free run's −Cov(∂E/∂θ, C)/T, no clamping or nudging.
    case thermalCovariance = "thermal-covariance"

    /// The thermal estimator named, nil for a deterministic one.
    var thermal: EquilibriumPropagation.ThermalEstimator? {
        switch self {
        case .thermalNudged: return .nudged
        case .thermalCovariance: return .covariance
        default: return nil
        }
    }

    /// The deterministic estimator; a thermal choice's record keeps `centered` beside its
    /// `ThermalSettings` (which say what actually runs).
    func estimator(points: Int, eta: Double = 0.1) -> Estimator {
        switch self {
        case .thermalNudged, .thermalCovariance: return .centered
        case .exact: return .exact
        case .positive: return .positive
        case .negative: return .negative
        case .centered: return .centered
        case .richardson: return .richardson
        case .holomorphic: return .holomorphic(points: points)
        case .randomSign: return .randomSign
        case .coupledLearning: return .coupledLearning(eta: eta)
        }
    }
}

extension TrainingConfiguration.OptimizerKind: ExpressibleByArgument {}
