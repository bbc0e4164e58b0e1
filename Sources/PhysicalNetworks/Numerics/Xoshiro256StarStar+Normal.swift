import Foundation

extension Xoshiro256StarStar {
    /// A standard normal deviate by the Box–Muller transform (the cosine branch) from two
    /// uniform draws: `√(−2 ln u) cos 2πv`, u ∈ (0, 1], v ∈ [0, 1).
    public mutating func nextStandardNormal() -> Double {
        let u = 1 - nextUnitDouble()
        let v = nextUnitDouble()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
