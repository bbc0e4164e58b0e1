/// A real symmetric operator on a finite Hilbert space (issue 8; PHYSICS.md §6), applied
/// matrix-free to state vectors: the Hamiltonians and observables of quantum EP. The Ising,
/// XXZ and truncated-Fock Hamiltonians are real in their computational bases, so states are
/// real vectors and every eigenvector can be chosen real.
///
/// `apply` must not allocate: eigensolvers and imaginary-time evolution call it in their inner
/// loops.
public protocol QuantumOperator {
    /// The Hilbert space's dimension (2ⁿ for n spins).
    var dimension: Int { get }
    /// y ← A x (x and y of `dimension` entries, not aliased).
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>)
}

/// A Hamiltonian H(θ) with trainable couplings: EP measures ⟨∂H/∂θ_k⟩ on the device
/// (Hellmann–Feynman), so every parameter's operator ∂H/∂θ_k must be applicable on its own.
public protocol ParametrizedHamiltonian: QuantumOperator {
    /// θ, in the order of `parameterNames`.
    var parameters: [Double] { get set }
    /// One name per parameter (as a model file names the term, e.g. "J01", "h0", "G1").
    var parameterNames: [String] { get }
    /// y ← (∂H/∂θ_k) x.
    func applyDerivative(_ k: Int, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>)
}

extension QuantumOperator {
    /// ⟨x|A|x⟩ (x need not be normalized: divided by ⟨x|x⟩).
    public func expectation(_ x: [Double]) -> Double {
        var y = [Double](repeating: 0, count: dimension)
        x.withUnsafeBufferPointer { input in y.withUnsafeMutableBufferPointer { apply(input, into: $0) } }
        return dot(x, y) / dot(x, x)
    }

    /// The dense matrix, row-major (small spaces only: tests and dense diagonalization).
    public func denseMatrix() -> [Double] {
        let n = dimension
        var matrix = [Double](repeating: 0, count: n * n)
        var unit = [Double](repeating: 0, count: n), column = [Double](repeating: 0, count: n)
        for j in 0..<n {
            unit[j] = 1
            unit.withUnsafeBufferPointer { x in column.withUnsafeMutableBufferPointer { apply(x, into: $0) } }
            for i in 0..<n { matrix[i * n + j] = column[i] }
            unit[j] = 0
        }
        return matrix
    }
}

extension ParametrizedHamiltonian {
    /// ⟨x|∂H/∂θ_k|x⟩ for every parameter (x normalized or not).
    public func derivativeExpectations(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: dimension)
        let norm = dot(x, x)
        return parameters.indices.map { k in
            x.withUnsafeBufferPointer { input in y.withUnsafeMutableBufferPointer { applyDerivative(k, input, into: $0) } }
            return dot(x, y) / norm
        }
    }
}

/// Σ a_i b_i.
@inlinable
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}
