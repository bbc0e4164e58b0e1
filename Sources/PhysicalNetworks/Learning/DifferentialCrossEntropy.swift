import Foundation

/// Softmax cross-entropy on differential outputs: output pairs (o⁺_k, o⁻_k) give logits
/// `z_k = (V_{o⁺_k} − V_{o⁻_k}) / s` (s = `scale`, V), and `C = −Σ_k y_k log softmax(z)_k`.
/// Reading outputs as pair differences is how resistive networks with positive conductances
/// represent signed outputs (Kendall et al. 2020; medwatt's reproduction).
///
/// `∂C/∂z = softmax(z) − y`, so the nudge current at o⁺_k is `−β (p_k − y_k)/s` and the opposite
/// at o⁻_k; its Jacobian is `β (diag p − p pᵀ)/s²` across the pairs. Nonlinear, reciprocal.
/// In an energy ledger the nudge currents are a source, delivering `Σ_o I_o V_o`.
public struct DifferentialCrossEntropy: Cost {
    /// (positive, negative) output unknowns per class.
    public let pairs: [(positive: Int, negative: Int)]
    public let betaParameter: Int
    public let targetOffset: Int
    /// Volts per unit logit.
    public let scale: Double
    public var targetCount: Int { pairs.count }

    public init(pairs: [(positive: Int, negative: Int)], betaParameter: Int, targetOffset: Int, scale: Double = 1) {
        precondition(!pairs.isEmpty, "cross-entropy needs at least one output pair")
        self.pairs = pairs
        self.betaParameter = betaParameter
        self.targetOffset = targetOffset
        self.scale = scale
    }

    public var familyName: String { "cross-entropy cost" }
    public var energySourceNames: [String] { ["nudge"] }

    /// `Σ_o I_o V_o`: the current `β (p_k − y_k)/s` leaves o⁺_k and enters o⁻_k.
    public func addDeliveredPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        forEachNudgeCurrent(states, parameters) { row, pair, current in
            power[row] -= current * (states[row, pair.positive] - states[row, pair.negative])
        }
    }

    /// Calls `body(row, pair, β(p_k − y_k)/s)` for every pair of every batch member: the nudge
    /// current that leaves o⁺_k and enters o⁻_k (nothing when β = 0).
    private func forEachNudgeCurrent(_ states: StateBatch, _ parameters: UnsafeBufferPointer<Double>,
                                     _ body: (Int, (positive: Int, negative: Int), Double) -> Void) {
        let beta = parameters[betaParameter]
        guard beta != 0 else { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: pairs.count) { p in
            for row in 0..<states.rows {
                probabilities({ (states[row, pairs[$0].positive] - states[row, pairs[$0].negative]) / scale }, into: p)
                for (k, pair) in pairs.enumerated() {
                    body(row, pair, beta * (p[k] - parameters[targetOffset + k]) / scale)
                }
            }
        }
    }

    public var isReciprocal: Bool { true }
    public var isLinear: Bool { false }

    @inline(__always)
    private func voltage(_ state: UnsafeBufferPointer<Double>, _ i: Int) -> Double { i < 0 ? 0 : state[i] }

    /// Softmax probabilities of the logits at `state`, written into `p` (count = pairs).
    private func probabilities(_ logit: (Int) -> Double, into p: UnsafeMutableBufferPointer<Double>) {
        var largest = -Double.infinity
        for k in pairs.indices { largest = max(largest, logit(k)) }
        var sum = 0.0
        for k in pairs.indices {
            p[k] = exp(logit(k) - largest)
            sum += p[k]
        }
        for k in pairs.indices { p[k] /= sum }
    }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        forEachNudgeCurrent(states, parameters) { row, pair, current in
            residual.addCurrent(current, from: pair.positive, to: pair.negative, row: row)
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for a in pairs {
            for b in pairs {
                for (row, column) in [(a.positive, b.positive), (a.positive, b.negative),
                                      (a.negative, b.positive), (a.negative, b.negative)] {
                    Stamp.declare(row: row, column: column, into: &entries)
                }
            }
        }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        let beta = parameters[betaParameter]
        withUnsafeTemporaryAllocation(of: Double.self, capacity: pairs.count) { p in
            probabilities({ (voltage(state, pairs[$0].positive) - voltage(state, pairs[$0].negative)) / scale }, into: p)
            var cursor = 0
            for (j, a) in pairs.enumerated() {
                for (k, b) in pairs.enumerated() {
                    let h = beta * ((j == k ? p[j] : 0) - p[j] * p[k]) / (scale * scale)
                    Stamp.add(h, row: a.positive, column: b.positive, values: values, slots: slots, cursor: &cursor)
                    Stamp.add(-h, row: a.positive, column: b.negative, values: values, slots: slots, cursor: &cursor)
                    Stamp.add(-h, row: a.negative, column: b.positive, values: values, slots: slots, cursor: &cursor)
                    Stamp.add(h, row: a.negative, column: b.negative, values: values, slots: slots, cursor: &cursor)
                }
            }
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        guard beta != 0 else { return }
        for row in 0..<states.rows {
            energies[row] += beta * crossEntropy(
                { (states[row, pairs[$0].positive] - states[row, pairs[$0].negative]) / scale }, parameters)
        }
    }

    /// `∂(βC)/∂β = C` and `∂(βC)/∂y_k = β (logsumexp(z) − z_k)`, summed over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        for row in 0..<states.rows {
            let logit = { (k: Int) in (states[row, self.pairs[k].positive] - states[row, self.pairs[k].negative]) / self.scale }
            gradient[betaParameter] += crossEntropy(logit, parameters)
            var largest = -Double.infinity
            for k in pairs.indices { largest = max(largest, logit(k)) }
            var sum = 0.0
            for k in pairs.indices { sum += exp(logit(k) - largest) }
            let logSumExp = largest + log(sum)
            for k in pairs.indices { gradient[targetOffset + k] += beta * (logSumExp - logit(k)) }
        }
    }

    /// −Σ y_k log softmax(z)_k, computed stably as Σ y_k (logsumexp(z) − z_k).
    private func crossEntropy(_ logit: (Int) -> Double, _ parameters: UnsafeBufferPointer<Double>) -> Double {
        var largest = -Double.infinity
        for k in pairs.indices { largest = max(largest, logit(k)) }
        var sum = 0.0
        for k in pairs.indices { sum += exp(logit(k) - largest) }
        let logSumExp = largest + log(sum)
        var c = 0.0
        for k in pairs.indices { c += parameters[targetOffset + k] * (logSumExp - logit(k)) }
        return c
    }

    public func cost(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Double {
        crossEntropy({ (voltage(state, pairs[$0].positive) - voltage(state, pairs[$0].negative)) / scale }, parameters)
    }

    public func addCostGradient(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                into gradient: UnsafeMutableBufferPointer<Double>) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: pairs.count) { p in
            probabilities({ (voltage(state, pairs[$0].positive) - voltage(state, pairs[$0].negative)) / scale }, into: p)
            for (k, pair) in pairs.enumerated() {
                let g = (p[k] - parameters[targetOffset + k]) / scale
                if pair.positive >= 0 { gradient[pair.positive] += g }
                if pair.negative >= 0 { gradient[pair.negative] -= g }
            }
        }
    }

    /// Correct when the largest logit is the target's largest entry.
    public func isCorrect(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Bool {
        var predicted = 0
        var expected = 0
        for k in pairs.indices {
            let z = voltage(state, pairs[k].positive) - voltage(state, pairs[k].negative)
            let best = voltage(state, pairs[predicted].positive) - voltage(state, pairs[predicted].negative)
            if z > best { predicted = k }
            if parameters[targetOffset + k] > parameters[targetOffset + expected] { expected = k }
        }
        return predicted == expected
    }
}
