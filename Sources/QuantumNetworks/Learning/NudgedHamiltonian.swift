/// `H + βĈ`, the nudged Hamiltonian of quantum EP (PHYSICS.md §6), applied matrix-free with one
/// scratch vector made at init (`apply` allocates nothing).
public final class NudgedHamiltonian: QuantumOperator {
    public let hamiltonian: any QuantumOperator
    public let cost: any QuantumOperator
    public var beta: Double
    private let scratch: UnsafeMutableBufferPointer<Double>

    public init(hamiltonian: any QuantumOperator, cost: any QuantumOperator, beta: Double) {
        precondition(hamiltonian.dimension == cost.dimension,
                     "H has dimension \(hamiltonian.dimension), the cost \(cost.dimension)")
        self.hamiltonian = hamiltonian
        self.cost = cost
        self.beta = beta
        scratch = .allocate(capacity: hamiltonian.dimension)
        scratch.initialize(repeating: 0)
    }

    deinit { scratch.deallocate() }

    public var dimension: Int { hamiltonian.dimension }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        hamiltonian.apply(x, into: y)
        guard beta != 0 else { return }
        cost.apply(x, into: scratch)
        for i in 0..<dimension { y[i] += beta * scratch[i] }
    }
}
