import PhysicalNetworks

/// The exact gradient by first-order perturbation theory, the baseline quantum EP is compared
/// with: for a nondegenerate normalized eigenstate ψ of H with energy E,
///
///     ∂_θψ = −R ∂_θH ψ,   R = P (H − E)⁻¹ P,   P = 1 − ψψᵀ
///     dL/dθ = 2⟨ψ|Ĉ|∂_θψ⟩ = −2⟨λ|∂_θH|ψ⟩,   (H − E) λ = P Ĉ ψ,  λ ⊥ ψ
///
/// one linear solve for all parameters (MINRES on the projected operator, which is indefinite
/// for an excited state).
extension QuantumEquilibriumPropagation {
    public func exactGradient(tolerance: Double = 1e-12) throws -> QuantumGradientEstimate {
        let free = try freePhase()
        let n = hamiltonian.dimension
        let norm = dot(free.state, free.state).squareRoot()
        let psi = free.state.map { $0 / norm }
        let energy = hamiltonian.expectation(psi)
        var costPsi = [Double](repeating: 0, count: n)
        psi.withUnsafeBufferPointer { x in costPsi.withUnsafeMutableBufferPointer { cost.apply(x, into: $0) } }
        project(&costPsi, off: psi)
        let hamiltonian = self.hamiltonian
        let result = MINRES.solve(dimension: n, rightHandSide: costPsi, tolerance: tolerance) { v, w in
            hamiltonian.apply(v, into: w)
            var overlap = 0.0
            for i in 0..<n {
                w[i] -= energy * v[i]
                overlap += psi[i] * w[i]
            }
            for i in 0..<n { w[i] -= overlap * psi[i] }
        }
        guard result.converged || result.relativeResidual < 1e-8 else {
            throw QuantumLearningError.exactSolveFailed(residual: result.relativeResidual)
        }
        var lambda = result.solution
        project(&lambda, off: psi)
        var derivative = [Double](repeating: 0, count: n)
        let gradient = trainable.map { k in
            psi.withUnsafeBufferPointer { x in
                derivative.withUnsafeMutableBufferPointer { hamiltonian.applyDerivative(k, x, into: $0) }
            }
            return -2 * dot(lambda, derivative)
        }
        return QuantumGradientEstimate(estimator: .exact, beta: 0, loss: loss(psi), gradient: gradient,
                                       energy: energy, phases: 1, freeState: psi, isCorrect: cost.isCorrect(psi))
    }

    /// v ← v − (ψ·v) ψ for a normalized ψ.
    private func project(_ v: inout [Double], off psi: [Double]) {
        let overlap = dot(psi, v)
        for i in v.indices { v[i] -= overlap * psi[i] }
    }
}
