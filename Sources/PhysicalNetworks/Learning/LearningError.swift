/// Why a network cannot be trained as asked; descriptions are for users.
public enum LearningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The network declares no output nodes (`*@ output`).
    case noOutputs
    /// The network declares no trainable elements (`*@ train`).
    case noTrainableParameters
    /// A cross-entropy cost needs outputs in (positive, negative) pairs.
    case oddDifferentialOutputs(count: Int)
    /// Sample values do not match the network's inputs or outputs.
    case sampleSize(what: String, expected: Int, got: Int)
    /// Holomorphic EP needs complex relaxation, defined here for networks of analytic, linear
    /// elements with a squared-error cost; `families` names what stands in the way.
    case notAnalytic(families: [String])
    /// A holomorphic estimator needs at least two points on the circle.
    case tooFewPoints(Int)
    /// The nudge β must be a positive, finite number (S).
    case invalidBeta(Double)
    /// A negative nudge −β at least as strong as the outputs' driving-point conductance turns
    /// the nudged network unstable (a negative conductance larger than what holds the output).
    case unstableNegativeNudge(beta: Double, limit: Double)
    /// The estimator cannot run on this network; `reason` says why and what to use instead.
    case unsupportedEstimator(name: String, reason: String)

    public var description: String {
        switch self {
        case .noOutputs:
            return "the network has no outputs: declare them with '*@ output NODE ...'"
        case .noTrainableParameters:
            return "the network has nothing to train: declare resistors with '*@ train R1 ...'"
        case .oddDifferentialOutputs(let count):
            return "cross-entropy reads outputs as (positive, negative) pairs, but there are \(count) outputs"
        case let .sampleSize(what, expected, got):
            return "expected \(expected) \(what), got \(got)"
        case .notAnalytic(let families):
            return "holomorphic EP relaxes with a complex nudge, which needs analytic elements; "
                + "not analytic here: \(families.joined(separator: ", ")) "
                + "(SPICE's diode law is piecewise). Use --estimator richardson for O(β⁴) with real nudges"
        case .tooFewPoints(let n):
            return "holomorphic EP needs at least 2 points on the circle, got \(n)"
        case .invalidBeta(let beta):
            return "beta must be a positive finite conductance (S), got \(beta)"
        case let .unstableNegativeNudge(beta, limit):
            return "a negative nudge of \(beta) S makes the network unstable: the outputs hold on to their "
                + "voltage with at most \(limit) S (1/λ_max of their driving-point resistances); "
                + "use a beta well below that"
        case let .unsupportedEstimator(name, reason):
            return "the \(name) estimator does not apply here: \(reason)"
        }
    }
}
