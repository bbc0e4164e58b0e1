import ArgumentParser
import PhysicalNetworks

/// The estimators a user can name with `--estimator` (`nudge gradient` and `nudge train`).
enum EstimatorChoice: String, ExpressibleByArgument, CaseIterable {
    case exact, positive, negative, centered, richardson, holomorphic
    /// Training only: `positive` with a random sign per minibatch.
    case randomSign = "random-sign"

    func estimator(points: Int) -> Estimator {
        switch self {
        case .exact: return .exact
        case .positive: return .positive
        case .negative: return .negative
        case .centered: return .centered
        case .richardson: return .richardson
        case .holomorphic: return .holomorphic(points: points)
        case .randomSign: return .randomSign
        }
    }
}

extension TrainingConfiguration.OptimizerKind: ExpressibleByArgument {}
