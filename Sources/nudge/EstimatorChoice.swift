import ArgumentParser
import PhysicalNetworks

/// The estimators a user can name with `--estimator` (`nudge gradient` and `nudge train`).
enum EstimatorChoice: String, ExpressibleByArgument, CaseIterable {
    case exact, positive, negative, centered, richardson, holomorphic
    /// Training only: `positive` with a random sign per minibatch.
    case randomSign = "random-sign"
    /// Coupled learning: outputs clamped to free + η(target − free).
    case coupledLearning = "coupled-learning"

    func estimator(points: Int, eta: Double = 0.1) -> Estimator {
        switch self {
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
