/// The exact minimizers of the energy over one node (hidden) or one output pair, given the
/// node's neighbours through `D` and `c` (see `ResistiveLayers`): the closed-form updates of
/// the block coordinate descent.
extension ResistiveLayers {
    /// The voltage of a rectified hidden node solving `D V + i_d(V) = c`.
    ///
    /// - Ideal diodes: `clip(c / D, biasLow, biasHigh)` (S24f's update and diode projection).
    /// - Shockley diodes: the root of the strictly increasing `f(V) = D V − c + j(V − high) −
    ///   j(low − V)`, by Newton's method from `start` kept inside a bracket that every
    ///   evaluation narrows, bisecting when a step would leave the bracket or fails to halve the
    ///   previous one (so the exponential's slow approach from far above costs a few bisections,
    ///   not one thermal voltage per step). Converges to a few ulps of V.
    @inlinable
    public func hiddenVoltage(d: Double, c: Double, start: Double) -> Double {
        switch rectifier {
        case .ideal:
            return min(max(c / d, biasLow), biasHigh)
        case .shockley(let junction):
            return Self.rectifiedRoot(d: d, c: c, start: start, junction: junction, low: biasLow, high: biasHigh)
        }
    }

    /// The rectifier's small-signal conductance at V (S), or nil where an ideal diode pins the
    /// node (V on a bias): the node is then fixed, and the linearized equations drop it.
    @inlinable
    public func rectifierConductance(at v: Double) -> Double? {
        switch rectifier {
        case .ideal:
            return v <= biasLow || v >= biasHigh ? nil : 0
        case .shockley(let junction):
            return junction.currentAndConductance(v - biasHigh).conductance
                + junction.currentAndConductance(biasLow - v).conductance
        }
    }

    /// The rectifier current i_d(V) leaving the node (A); 0 for ideal diodes inside the bias
    /// interval (where the equilibrium keeps the node).
    @inlinable
    public func rectifierCurrent(at v: Double) -> Double {
        switch rectifier {
        case .ideal:
            return 0
        case .shockley(let junction):
            return junction.currentAndConductance(v - biasHigh).current
                - junction.currentAndConductance(biasLow - v).current
        }
    }

    /// Safeguarded Newton for `D V − c + j(V − high) − j(low − V) = 0` (see `hiddenVoltage`).
    @usableFromInline
    static func rectifiedRoot(d: Double, c: Double, start: Double, junction: ShockleyJunction,
                              low: Double, high: Double) -> Double {
        var lower = -Double.infinity, upper = Double.infinity
        var v = start.isFinite ? start : c / d
        var previousStep = Double.infinity
        for _ in 0..<200 {
            let up = junction.currentAndConductance(v - high)
            let down = junction.currentAndConductance(low - v)
            let f = d * v - c + up.current - down.current
            if f == 0 { return v }
            if f > 0 { upper = v } else { lower = v }
            let slope = d + up.conductance + down.conductance
            var next = v - f / slope
            let bracketed = lower.isFinite && upper.isFinite
            if bracketed && (!(next > lower && next < upper) || 2 * abs(f / slope) > abs(previousStep)) {
                next = 0.5 * (lower + upper)
            }
            previousStep = next - v
            if abs(previousStep) <= 4 * Double.ulpOfOne * max(abs(v), 1) || next == lower || next == upper {
                return next
            }
            v = next
        }
        return v
    }

    /// The output pair `(V⁺, V⁻)` solving the two output equations with the nudge
    /// `β ∂C/∂V`, `C = ½ (V⁺ − V⁻ − y)²`:
    ///
    ///     (D⁺ + β) V⁺ − β V⁻ = c⁺ + β y,   −β V⁺ + (D⁻ + β) V⁻ = c⁻ − β y
    ///
    /// (Cramer's rule; determinant D⁺D⁻ + β(D⁺ + D⁻)). Returns nil when the determinant is not
    /// positive: a negative nudge so strong that the nudged energy has no minimum.
    @inlinable
    public static func outputPair(dPlus: Double, dMinus: Double, cPlus: Double, cMinus: Double,
                                  target: Double, beta: Double) -> (plus: Double, minus: Double)? {
        let determinant = dPlus * dMinus + beta * (dPlus + dMinus)
        guard determinant > 0 else { return nil }
        let rhsPlus = cPlus + beta * target, rhsMinus = cMinus - beta * target
        return (((dMinus + beta) * rhsPlus + beta * rhsMinus) / determinant,
                (beta * rhsPlus + (dPlus + beta) * rhsMinus) / determinant)
    }

    /// A single output node with `C = ½ (V − y)²`: `(c + β y) / (D + β)`, nil when `D + β ≤ 0`.
    @inlinable
    public static func outputNode(d: Double, c: Double, target: Double, beta: Double) -> Double? {
        d + beta > 0 ? (c + beta * target) / (d + beta) : nil
    }
}
