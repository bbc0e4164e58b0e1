/// `Ĉ = 1 − Π_o (1 + y_o Z_o)/2` on output spins o: for targets y_o = ±1, one minus the
/// projector onto the target configuration of the outputs, so L = ⟨Ĉ⟩ is the probability that
/// a projective readout of the outputs misses the target (PHYSICS.md §6's "projectors").
/// Diagonal in the computational basis (bit i of a basis index is spin i, 0 ↔ Z = +1); a
/// sample is right when every ⟨Z_o⟩ has its target's sign.
public struct SpinProjectorCost: QuantumCost {
    public let spins: Int
    public let outputs: [Int]
    /// y_o ∈ [−1, 1] (±1: a projector).
    public var targets: [Double]

    public init(spins: Int, outputs: [Int], targets: [Double]? = nil) {
        precondition(outputs.allSatisfy { (0..<spins).contains($0) }, "outputs \(outputs) outside 0..<\(spins)")
        self.spins = spins
        self.outputs = outputs
        self.targets = targets ?? outputs.map { _ in 1 }
    }

    public var dimension: Int { 1 << spins }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        for index in 0..<dimension {
            var overlap = 1.0
            for (k, o) in outputs.enumerated() { overlap *= 0.5 * (1 + targets[k] * SpinSquaredError.z(index, o)) }
            y[index] = (1 - overlap) * x[index]
        }
    }

    public func isCorrect(_ state: [Double]) -> Bool {
        let magnetizations = SpinSquaredError(spins: spins, outputs: outputs).magnetizations(state)
        return zip(magnetizations, targets).allSatisfy { $0 * $1 > 0 }
    }
}

extension QuantumModel {
    /// The spin cost the file's `*@ cost` names (squared error by default), targets 0 until set.
    public func spinCost() -> any QuantumCost {
        let outputs = roles.outputs.compactMap { siteIndex($0) }
        switch roles.cost {
        case .squaredError: return SpinSquaredError(spins: sites.count, outputs: outputs)
        case .projector: return SpinProjectorCost(spins: sites.count, outputs: outputs)
        }
    }
}
