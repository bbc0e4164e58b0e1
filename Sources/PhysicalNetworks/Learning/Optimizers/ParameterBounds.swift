/// Box constraints on the parameters, lowerᵢ ≤ θᵢ ≤ upperᵢ, applied after every update by
/// projection (clipping): θᵢ ← min(max(θᵢ, lowerᵢ), upperᵢ).
///
/// Physical devices have a finite range — a programmable conductance lives in [g_min, g_max]
/// siemens — so the emulated hardware saturates rather than following the gradient out of range.
/// Parameters with no limit use ∓∞. A NaN parameter is left NaN (a diverged run must show, not be
/// clipped back into range).
public struct ParameterBounds: Codable, Equatable, Sendable {
    /// Lower limits, one per parameter (−∞ for none).
    public let lower: [Double]
    /// Upper limits, one per parameter (+∞ for none).
    public let upper: [Double]

    /// Per-parameter limits.
    /// - Precondition: equal counts, no NaN, lowerᵢ ≤ upperᵢ.
    public init(lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count,
                     "ParameterBounds: \(lower.count) lower but \(upper.count) upper limits")
        for i in lower.indices {
            precondition(lower[i] <= upper[i], "ParameterBounds: parameter \(i) has lower \(lower[i]) > upper \(upper[i]) (or NaN)")
        }
        self.lower = lower
        self.upper = upper
    }

    /// The same interval [lower, upper] for all `count` parameters, e.g. `[gmin, gmax]` S.
    public init(count: Int, lower: Double, upper: Double) {
        self.init(lower: [Double](repeating: lower, count: count), upper: [Double](repeating: upper, count: count))
    }

    /// No limits on `count` parameters.
    public static func unbounded(count: Int) -> ParameterBounds {
        ParameterBounds(count: count, lower: -.infinity, upper: .infinity)
    }

    /// Number of parameters constrained.
    public var count: Int { lower.count }

    /// Clips each parameter into its interval.
    /// - Returns: how many parameters were moved (how often the hardware saturated).
    /// - Complexity: O(n), no allocation.
    @discardableResult
    public func clamp(_ parameters: inout [Double]) -> Int {
        precondition(parameters.count == count, "ParameterBounds: \(count) limits for \(parameters.count) parameters")
        var moved = 0
        for i in parameters.indices {
            if parameters[i] < lower[i] {
                parameters[i] = lower[i]
                moved += 1
            } else if parameters[i] > upper[i] {
                parameters[i] = upper[i]
                moved += 1
            }
        }
        return moved
    }

    /// Whether every parameter lies in its interval (NaN does not).
    public func contains(_ parameters: [Double]) -> Bool {
        parameters.count == count && parameters.indices.allSatisfy { parameters[$0] >= lower[$0] && parameters[$0] <= upper[$0] }
    }
}
