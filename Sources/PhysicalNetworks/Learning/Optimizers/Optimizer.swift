/// A first-order update rule with state: given the gradient g = ∂L/∂θ of the loss at the current
/// parameters θ, it moves θ in place, θ ← θ − Δₜ(g₁, …, gₜ).
///
/// Conformers are value types whose stored properties are the whole optimizer state (moments,
/// step count), so `Codable` checkpoints it and a resumed run continues bit for bit. The state
/// vectors are sized on the first step; later steps allocate nothing.
public protocol Optimizer: Codable, Sendable {
    /// Applies one update to `parameters` from `gradient` (same length, the same on every step).
    /// - Complexity: O(n), no allocation after the first step.
    mutating func step(parameters: inout [Double], gradient: [Double])

    /// Number of steps taken so far.
    var stepCount: Int { get }
}

extension Optimizer {
    /// Checks the programmer's contract shared by every optimizer's `step`.
    @inline(__always)
    func checkStepShapes(parameters: [Double], gradient: [Double], state: Int) {
        precondition(parameters.count == gradient.count,
                     "optimizer step: \(parameters.count) parameters but \(gradient.count) gradient entries")
        precondition(state == 0 || state == parameters.count,
                     "optimizer step: state sized for \(state) parameters, now given \(parameters.count)")
    }
}
