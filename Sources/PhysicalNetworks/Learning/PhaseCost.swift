import Foundation

/// Torque costs on output phases (PHYSICS.md §4; Wang, Wanjura & Marquardt 2024), with
/// δ_o = φ_o − τ_o the output's phase error (rad):
///
///     cosine:       C = Σ_o (1 − cos δ_o),                          ∂C/∂φ_o = sin δ_o
///     logarithmic:  C = −Σ_o log[(1 + ε + cos δ_o)/(2 + ε)],        ∂C/∂φ_o = sin δ_o/(1 + ε + cos δ_o)
///
/// Both vanish on target and depend on δ only modulo 2π. Nudged, the cost is a torque
/// `−β ∂C/∂φ_o` on each output oscillator — for the cosine cost exactly a field of strength β
/// locking the output to τ, a physical injection signal. W24 reports `Σ(1 − cos δ)/2` (half
/// the cosine cost here) and nudges with the logarithmic one, whose torque grows without bound
/// as δ → π (bounded by ε = 10⁻⁵, their value): the nudge then never vanishes on an output
/// sitting at the unstable antipode, which the authors introduce to avoid unstable fixed
/// points. The log cost is normalized here so that it is 0 on target.
///
/// β and the targets τ live in the parameter vector as for every `Cost`. A prediction is read
/// out as W24 does: with several outputs, the class is `argmax_o sin φ_o` and it is correct
/// when it equals `argmax_o sin τ_o` (one-hot targets at τ = ±π/2); with one output, when
/// `cos δ > 0` (the output is nearer its target than the target's antipode).
public struct PhaseCost: Cost {
    /// Which cost.
    public enum Form: Sendable, Equatable {
        case cosine
        /// With the regularizer ε > 0 of the denominator.
        case logarithmic(epsilon: Double)
    }

    /// Output unknowns (phases).
    public let outputs: [Int]
    public let betaParameter: Int
    public let targetOffset: Int
    public let form: Form
    public var targetCount: Int { outputs.count }

    public init(outputs: [Int], betaParameter: Int, targetOffset: Int, form: Form) {
        if case .logarithmic(let epsilon) = form { precondition(epsilon > 0, "ε = \(epsilon) must be positive") }
        self.outputs = outputs
        self.betaParameter = betaParameter
        self.targetOffset = targetOffset
        self.form = form
    }

    public var familyName: String { form == .cosine ? "cosine phase cost" : "logarithmic phase cost" }
    public var isReciprocal: Bool { true }
    public var isLinear: Bool { false }
    /// βC is a potential on the phases (the torque derives from it): a ledger counts it as stored.
    public var storesEnergy: Bool { true }

    /// C_o, ∂C_o/∂φ_o and ∂²C_o/∂φ_o² of one output at phase error δ.
    @inline(__always)
    func terms(_ delta: Double) -> (cost: Double, torque: Double, stiffness: Double) {
        let c = cos(delta), s = sin(delta)
        switch form {
        case .cosine:
            return (1 - c, s, c)
        case .logarithmic(let epsilon):
            let d = 1 + epsilon + c
            return (-log(d / (2 + epsilon)), s / d, ((1 + epsilon) * c + 1) / (d * d))
        }
    }

    @inline(__always)
    func delta(_ row: UnsafePointer<Double>, _ k: Int, _ parameters: UnsafeBufferPointer<Double>) -> Double {
        row[outputs[k]] - parameters[targetOffset + k]
    }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        let beta = parameters[betaParameter]
        guard beta != 0 else { return }
        for b in 0..<states.rows {
            let row = states.base + b * states.columns, out = residual.base + b * residual.columns
            for k in outputs.indices { out[outputs[k]] += beta * terms(delta(row, k, parameters)).torque }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for o in outputs { Stamp.declare(row: o, column: o, into: &entries) }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        let beta = parameters[betaParameter]
        var cursor = 0
        for k in outputs.indices {
            let stiffness = terms(state[outputs[k]] - parameters[targetOffset + k]).stiffness
            Stamp.add(beta * stiffness, row: outputs[k], column: outputs[k], values: values, slots: slots, cursor: &cursor)
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        guard beta != 0 else { return }
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for k in outputs.indices { energies[b] += beta * terms(delta(row, k, parameters)).cost }
        }
    }

    /// `∂(βC)/∂β = C` and `∂(βC)/∂τ_o = −β ∂C/∂φ_o`, summed over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for k in outputs.indices {
                let t = terms(delta(row, k, parameters))
                gradient[betaParameter] += t.cost
                gradient[targetOffset + k] -= beta * t.torque
            }
        }
    }

    /// `λᵀ ∂F/∂β = Σ λ_o ∂C/∂φ_o` and `λᵀ ∂F/∂τ_o = −β λ_o ∂²C/∂φ_o²`.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        for k in outputs.indices {
            let o = outputs[k]
            let t = terms(state[o] - parameters[targetOffset + k])
            gradient[betaParameter] += adjoint[o] * t.torque
            gradient[targetOffset + k] -= beta * adjoint[o] * t.stiffness
        }
    }

    public func cost(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for k in outputs.indices { sum += terms(state[outputs[k]] - parameters[targetOffset + k]).cost }
        return sum
    }

    public func addCostGradient(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                into gradient: UnsafeMutableBufferPointer<Double>) {
        for k in outputs.indices {
            gradient[outputs[k]] += terms(state[outputs[k]] - parameters[targetOffset + k]).torque
        }
    }

    /// `argmax sin φ = argmax sin τ` (several outputs); `cos(φ − τ) > 0` (one output).
    public func isCorrect(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Bool {
        guard outputs.count > 1 else {
            return outputs.isEmpty || cos(state[outputs[0]] - parameters[targetOffset]) > 0
        }
        let predicted = outputs.indices.max { sin(state[outputs[$0]]) < sin(state[outputs[$1]]) }
        let wanted = outputs.indices.max { sin(parameters[targetOffset + $0]) < sin(parameters[targetOffset + $1]) }
        return predicted == wanted
    }
}
