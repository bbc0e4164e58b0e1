extension Estimator: Codable {
    /// Parses a name as the CLI writes it (`exact`, `positive`, `negative`, `centered`,
    /// `random-sign`, `richardson`, `holomorphic`, `coupled-learning`); `points` is used by
    /// `holomorphic`, `eta` by `coupled-learning`.
    public init?(name: String, points: Int = 4, eta: Double = 0.1) {
        switch name {
        case "exact": self = .exact
        case "positive": self = .positive
        case "negative": self = .negative
        case "centered": self = .centered
        case "random-sign": self = .randomSign
        case "richardson": self = .richardson
        case "holomorphic": self = .holomorphic(points: points)
        case "coupled-learning": self = .coupledLearning(eta: eta)
        default: return nil
        }
    }

    private enum CodingKeys: String, CodingKey { case name, points, eta }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let points = try container.decodeIfPresent(Int.self, forKey: .points) ?? 4
        let eta = try container.decodeIfPresent(Double.self, forKey: .eta) ?? 0.1
        guard let estimator = Estimator(name: name, points: points, eta: eta) else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: container,
                                                   debugDescription: "unknown estimator '\(name)'")
        }
        self = estimator
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        if case .holomorphic(let points) = self { try container.encode(points, forKey: .points) }
        if case .coupledLearning(let eta) = self { try container.encode(eta, forKey: .eta) }
    }
}
