@testable import QuantumNetworks

/// `H(θ) = H₀ + Σ_k θ_k A_k` from dense matrices written in a test, and a cyclic Jacobi
/// eigensolver (independent of LAPACK and of the library's eigensolvers): references for the
/// quantum EP controller.
struct DenseTestHamiltonian: ParametrizedHamiltonian {
    let dimension: Int
    let constant: [Double]
    let terms: [[Double]]
    var parameters: [Double]
    let parameterNames: [String]

    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n {
                var entry = constant[i * n + j]
                for (k, term) in terms.enumerated() { entry += parameters[k] * term[i * n + j] }
                sum += entry * x[j]
            }
            y[i] = sum
        }
    }

    func applyDerivative(_ k: Int, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += terms[k][i * n + j] * x[j] }
            y[i] = sum
        }
    }
}

/// Kronecker product of row-major square matrices.
func kron(_ a: [Double], _ b: [Double]) -> [Double] {
    let n = Int(Double(a.count).squareRoot()), m = Int(Double(b.count).squareRoot())
    var c = [Double](repeating: 0, count: n * m * n * m)
    for i in 0..<n { for j in 0..<n { for k in 0..<m { for l in 0..<m {
        c[(i * m + k) * (n * m) + j * m + l] = a[i * n + j] * b[k * m + l]
    } } } }
    return c
}

let pauliZ: [Double] = [1, 0, 0, -1], pauliX: [Double] = [0, 1, 1, 0], identity2: [Double] = [1, 0, 0, 1]

/// Eigenvalues (ascending) and eigenvectors (columns of the returned row-major matrix, as
/// `vectors[k]`) of a symmetric matrix, by cyclic Jacobi rotations to 1e-15.
func jacobiEigen(_ matrix: [Double]) -> (values: [Double], vectors: [[Double]]) {
    let n = Int(Double(matrix.count).squareRoot())
    var a = matrix
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    for _ in 0..<100 {
        var off = 0.0
        for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
        if off < 1e-30 { break }
        for p in 0..<n {
            for q in (p + 1)..<n where abs(a[p * n + q]) > 1e-300 {
                let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k * n + p], akq = a[k * n + q]
                    a[k * n + p] = c * akp - s * akq
                    a[k * n + q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p * n + k], aqk = a[q * n + k]
                    a[p * n + k] = c * apk - s * aqk
                    a[q * n + k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let vkp = v[k * n + p], vkq = v[k * n + q]
                    v[k * n + p] = c * vkp - s * vkq
                    v[k * n + q] = s * vkp + c * vkq
                }
            }
        }
    }
    let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] }
    return (order.map { a[$0 * n + $0] }, order.map { k in (0..<n).map { v[$0 * n + k] } })
}

/// The controller's eigenstate solve by dense Jacobi (the warm start is ignored).
func jacobiSolve(_ op: any QuantumOperator, _ level: Int, _ start: [Double]?) throws -> (energy: Double, state: [Double]) {
    let (values, vectors) = jacobiEigen(op.denseMatrix())
    return (values[level], vectors[level])
}

/// The dense test Hamiltonian with each term's Pauli string, so that shots can be simulated.
struct PauliTestHamiltonian: PauliParametrized {
    var base: DenseTestHamiltonian
    let strings: [PauliString]
    let spins: Int

    var dimension: Int { base.dimension }
    var parameters: [Double] {
        get { base.parameters }
        set { base.parameters = newValue }
    }
    var parameterNames: [String] { base.parameterNames }
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) { base.apply(x, into: y) }
    func applyDerivative(_ k: Int, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        base.applyDerivative(k, x, into: y)
    }
    func derivativeTerm(_ k: Int) -> PauliString { strings[k] }
}
