/// A `HarmonicNetwork`'s Hamiltonian Ĥ = Σ p̂_i²/(2m_i) + ½x̂ᵀKx̂ − bᵀx̂ (+ βĈ if nudged) in a truncated
/// Fock basis (n_i = 0 … n_max per node, dimension (n_max + 1)^nodes), applied matrix-free: the
/// exact-diagonalization check of the Gaussian closed form (PHYSICS.md §6 and case 3).
///
/// x̂_i = √(ħ/(2m_iω₀_i))(a_i + a_i†), p̂_i = i√(ħm_iω₀_i/2)(a_i† − a_i), so
/// p̂_i² = −(ħm_iω₀_i/2)(a_i† − a_i)² is real and Ĥ is real symmetric. The reference frequency
/// defaults to ω₀_i = √(K_ii/m_i) of the network given at construction (node i's frequency with
/// every other node held still): each mode's own term is then an exact oscillator and only the
/// couplings K_ij and forces b_i mix Fock states, so a modest cutoff converges. ω₀ is a basis
/// choice and stays fixed when `parameters` change. The truncated operator is PĤP (see
/// `FockQuadraticForm`), so its eigenvalues bound the exact ones from above.
///
/// Parameters are the network's: the stiffnesses k_e (∂Ĥ/∂k_e = ½(x̂_i − x̂_j)²), then the
/// forces b_i (∂Ĥ/∂b_i = −x̂_i).
///
/// - Complexity: `apply` is O(D · (nodes + couplings)) for D = (n_max + 1)^nodes; it allocates nothing.
public struct FockSpaceHamiltonian: ParametrizedHamiltonian, Sendable {
    /// The network whose Hamiltonian this is (its parameters are `parameters`).
    public private(set) var network: HarmonicNetwork
    /// n_max, the highest occupation kept per node.
    public let cutoff: Int
    /// ω₀_i, the frequency of node i's ladder operators.
    public let referenceFrequencies: [Double]
    public let dimension: Int
    private var hamiltonian: FockQuadraticForm
    private let derivatives: [FockQuadraticForm]
    private let positions: [FockQuadraticForm]
    private let roots: [Double]

    /// - Parameters:
    ///   - network: the oscillator network (its outputs define `applyCost`).
    ///   - cutoff: n_max ≥ 1 per node.
    ///   - referenceFrequencies: ω₀_i > 0 (default √(K_ii/m_i), or 1 for a node without springs).
    public init(_ network: HarmonicNetwork, cutoff: Int, referenceFrequencies: [Double]? = nil) {
        let n = network.nodeCount
        precondition(cutoff >= 1, "Fock cutoff must be at least 1: \(cutoff)")
        let k = network.stiffnessMatrix()
        let omega0: [Double] = referenceFrequencies ?? (0..<n).map { (i: Int) -> Double in
            let kii = k[i * n + i]
            return kii > 0 ? (kii / network.masses[i]).squareRoot() : 1
        }
        precondition(omega0.count == n && omega0.allSatisfy { $0 > 0 && $0.isFinite },
                     "need \(n) positive reference frequencies: \(omega0)")
        var d = 1
        for _ in 0..<n {
            let (product, overflow) = d.multipliedReportingOverflow(by: cutoff + 1)
            precondition(!overflow, "(\(cutoff) + 1)^\(n) overflows")
            d = product
        }
        self.network = network
        self.cutoff = cutoff
        self.referenceFrequencies = omega0
        self.dimension = d
        self.roots = (0...(cutoff + 2)).map { Double($0).squareRoot() }
        func form(kinetic: Double = 0, quadratic: [Double]? = nil, linear: [Double]? = nil, constant: Double = 0) -> FockQuadraticForm {
            FockQuadraticForm(kinetic: kinetic, quadratic: quadratic ?? [Double](repeating: 0, count: n * n),
                              linear: linear ?? [Double](repeating: 0, count: n), constant: constant,
                              masses: network.masses, referenceFrequencies: omega0, hbar: network.hbar)
        }
        func unit(_ i: Int, _ value: Double) -> [Double] {
            var e = [Double](repeating: 0, count: n)
            e[i] = value
            return e
        }
        self.hamiltonian = form(kinetic: 1, quadratic: k, linear: network.totalForces.map { -$0 }, constant: network.energyOffset)
        self.derivatives = network.springs.map { spring in
            // ½ xᵀ(u uᵀ)x = ½(x_i − x_j)².
            var q = [Double](repeating: 0, count: n * n)
            let i = spring.first
            q[i * n + i] = 1
            if let j = spring.second {
                q[j * n + j] = 1
                q[i * n + j] = -1
                q[j * n + i] = -1
            }
            return form(quadratic: q)
        } + (0..<n).map { form(linear: unit($0, -1)) }
        self.positions = (0..<n).map { form(linear: unit($0, 1)) }
    }

    /// θ = (k_1 … k_E, b_1 … b_n), as `HarmonicNetwork.parameters`.
    public var parameters: [Double] {
        get { network.parameters }
        set {
            network.parameters = newValue
            hamiltonian = FockQuadraticForm(kinetic: 1, quadratic: network.stiffnessMatrix(), linear: network.totalForces.map { -$0 },
                                            constant: network.energyOffset, masses: network.masses,
                                            referenceFrequencies: referenceFrequencies, hbar: network.hbar)
        }
    }

    public var parameterNames: [String] { network.parameterNames }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        hamiltonian.apply(x, into: y, cutoff: cutoff, roots: roots)
    }

    public func applyDerivative(_ k: Int, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        derivatives[k].apply(x, into: y, cutoff: cutoff, roots: roots)
    }

    /// y ← x̂_node x.
    public func applyPosition(_ node: Int, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        positions[node].apply(x, into: y, cutoff: cutoff, roots: roots)
    }

    /// The cost operator Ĉ = Σ_o ½(x̂_o − y_o)² of the network's outputs (zero without outputs).
    public var cost: some QuantumOperator { FockObservable(form: costForm(), cutoff: cutoff, roots: roots, dimension: dimension) }

    /// ⟨x̂_i⟩ and the covariance ⟨x̂_ix̂_j⟩ − ⟨x̂_i⟩⟨x̂_j⟩ (row-major) in `state` (normalized or not).
    /// - Complexity: O(nodes² · D) time and O(D) memory (allocates; for tests and reports).
    public func positionMoments(_ state: [Double]) -> (mean: [Double], covariance: [Double]) {
        let n = network.nodeCount
        let norm = dot(state, state)
        var image = [Double](repeating: 0, count: dimension)
        var shifted: [[Double]] = []
        var mean = [Double](repeating: 0, count: n)
        for i in 0..<n {
            state.withUnsafeBufferPointer { x in image.withUnsafeMutableBufferPointer { applyPosition(i, x, into: $0) } }
            mean[i] = dot(state, image) / norm
            shifted.append(image)
        }
        var covariance = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                // ⟨ψ|x̂_i x̂_j|ψ⟩ = ⟨x̂_iψ|x̂_jψ⟩ (x̂ symmetric); PxP·PxP differs from Px²P only through
                // the occupation n_max, whose weight a converged state does not carry.
                let c = dot(shifted[i], shifted[j]) / norm - mean[i] * mean[j]
                covariance[i * n + j] = c
                covariance[j * n + i] = c
            }
        }
        return (mean, covariance)
    }

    private func costForm() -> FockQuadraticForm {
        let n = network.nodeCount
        var q = [Double](repeating: 0, count: n * n), g = [Double](repeating: 0, count: n), c = 0.0
        for output in network.outputs {
            q[output.node * n + output.node] += 1
            g[output.node] -= output.target
            c += output.target * output.target / 2
        }
        return FockQuadraticForm(kinetic: 0, quadratic: q, linear: g, constant: c, masses: network.masses,
                                 referenceFrequencies: referenceFrequencies, hbar: network.hbar)
    }
}

/// A potential-only observable on the truncated Fock space of a `FockSpaceHamiltonian`.
struct FockObservable: QuantumOperator, Sendable {
    let form: FockQuadraticForm
    let cutoff: Int
    let roots: [Double]
    let dimension: Int

    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        form.apply(x, into: y, cutoff: cutoff, roots: roots)
    }
}
