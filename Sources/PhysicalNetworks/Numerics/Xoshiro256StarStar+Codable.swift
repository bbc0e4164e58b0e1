extension Xoshiro256StarStar: Codable {
    private enum CodingKeys: String, CodingKey { case state }

    /// Decodes `{"state": [s0, s1, s2, s3]}`; the all-zero state and other word counts are
    /// rejected as corrupted data.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard let generator = Xoshiro256StarStar(state: words) else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container,
                debugDescription: "a generator state is four 64-bit words, not all zero (got \(words))")
        }
        self = generator
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }
}
