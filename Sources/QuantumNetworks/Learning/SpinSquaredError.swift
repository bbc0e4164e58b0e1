/// Quantum EP's cost operators (PHYSICS.md §6): an observable Ĉ of the output spins whose
/// expectation in the trained eigenstate is the loss, L = ⟨ψ|Ĉ|ψ⟩; nudging adds βĈ to the
/// Hamiltonian. Targets change sample by sample without rebuilding anything.
public protocol QuantumCost: QuantumOperator {
    /// One target per output.
    var targets: [Double] { get set }
    /// Whether the prediction of `state` is right for the current targets.
    func isCorrect(_ state: [Double]) -> Bool
}

/// `Ĉ = ½ Σ_o (Z_o − y_o)²` on output spins o, diagonal in the computational basis (bit i of a
/// basis index is spin i, 0 ↔ Z = +1, 1 ↔ Z = −1). For one output with Z² = 1 it is
/// `½(1 + y²) − y Z_o`: the nudge βĈ is a longitudinal field −βy on the output spin plus a
/// constant (PHYSICS.md §6).
public struct SpinSquaredError: QuantumCost {
    public let spins: Int
    public let outputs: [Int]
    public var targets: [Double]
    /// A prediction is right when every ⟨Z_o⟩ is within this of its target (default 1: for ±1
    /// targets, on the right side of zero).
    public var correctWithin: Double

    public init(spins: Int, outputs: [Int], targets: [Double]? = nil, correctWithin: Double = 1) {
        precondition(outputs.allSatisfy { (0..<spins).contains($0) }, "outputs \(outputs) outside 0..<\(spins)")
        self.spins = spins
        self.outputs = outputs
        self.targets = targets ?? outputs.map { _ in 0 }
        self.correctWithin = correctWithin
    }

    public var dimension: Int { 1 << spins }

    /// Z_o on basis state `index`: +1 when bit o is 0.
    @inline(__always)
    static func z(_ index: Int, _ spin: Int) -> Double { (index >> spin) & 1 == 0 ? 1 : -1 }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        for index in 0..<dimension {
            var c = 0.0
            for (k, o) in outputs.enumerated() {
                let e = Self.z(index, o) - targets[k]
                c += 0.5 * e * e
            }
            y[index] = c * x[index]
        }
    }

    /// ⟨Z_o⟩ of every output in `state` (normalized or not).
    public func magnetizations(_ state: [Double]) -> [Double] {
        let norm = dot(state, state)
        return outputs.map { o in
            var sum = 0.0
            for index in state.indices { sum += Self.z(index, o) * state[index] * state[index] }
            return sum / norm
        }
    }

    public func isCorrect(_ state: [Double]) -> Bool {
        zip(magnetizations(state), targets).allSatisfy { abs($0 - $1) < correctWithin }
    }
}
