/// One of the optimizers training offers, as a value a checkpoint can store and a command-line
/// choice (`--optimizer sgd|adam`) can build. It forwards `step` to the chosen optimizer.
///
/// Encoded as `{"kind": "sgd" | "adam", "state": {…the optimizer's own fields…}}`.
public enum AnyOptimizer: Optimizer, Equatable {
    case sgd(SGD)
    case adam(Adam)

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        switch self {
        case .sgd(var optimizer):
            self = .sgd(SGD(learningRate: 1, momentum: 0))  // drop the reference so the arrays stay unique
            optimizer.step(parameters: &parameters, gradient: gradient)
            self = .sgd(optimizer)
        case .adam(var optimizer):
            self = .sgd(SGD(learningRate: 1, momentum: 0))
            optimizer.step(parameters: &parameters, gradient: gradient)
            self = .adam(optimizer)
        }
    }

    public var stepCount: Int {
        switch self {
        case .sgd(let optimizer): optimizer.stepCount
        case .adam(let optimizer): optimizer.stepCount
        }
    }

    /// The name used on the command line and in checkpoints: `sgd` or `adam`.
    public var kind: String {
        switch self {
        case .sgd: "sgd"
        case .adam: "adam"
        }
    }
}

extension AnyOptimizer: Codable {
    private enum CodingKeys: String, CodingKey { case kind, state }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "sgd": self = .sgd(try container.decode(SGD.self, forKey: .state))
        case "adam": self = .adam(try container.decode(Adam.self, forKey: .state))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown optimizer '\(kind)' (expected sgd or adam)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .sgd(let optimizer): try container.encode(optimizer, forKey: .state)
        case .adam(let optimizer): try container.encode(optimizer, forKey: .state)
        }
    }
}
