import Foundation

extension Network {
    /// Wraps every `.phase` unknown of a state (or a batch of states, row after row) into
    /// (−π, π]. Phase dynamics integrate the unwrapped angle — a wrap inside a step would be a
    /// jump of 2π the error control cannot see — so states are wrapped once settled; every
    /// oscillator family depends on phases only through cos and sin, so nothing else changes.
    public func wrapPhases(_ states: inout [Double]) {
        let n = dimension
        guard n > 0, states.count % n == 0 else { return }
        let phases = unknowns.indices.filter { unknowns[$0].kind == .phase }
        guard !phases.isEmpty else { return }
        for start in stride(from: 0, to: states.count, by: n) {
            for i in phases { states[start + i] = Self.wrappedPhase(states[start + i]) }
        }
    }

    /// φ wrapped into (−π, π].
    public static func wrappedPhase(_ phi: Double) -> Double {
        guard phi.isFinite else { return phi }
        var wrapped = remainder(phi, 2 * Double.pi)  // in [−π, π]
        if wrapped <= -Double.pi { wrapped += 2 * Double.pi }
        return wrapped
    }

    /// Whether the network has oscillator phases among its unknowns.
    public var hasPhases: Bool { unknowns.contains { $0.kind == .phase } }
}
