/// The controller with the library's eigensolver: dense LAPACK up to 1,024 amplitudes, Lanczos
/// (warm-started from the free state for the nudged phases) above; a degenerate eigenstate is
/// refused (`EigenstateError.degenerate`), since EP's identity needs a nondegenerate one.
extension QuantumEquilibriumPropagation {
    public convenience init(hamiltonian: any ParametrizedHamiltonian, cost: any QuantumCost, trainable: [Int]? = nil,
                            level: Int = 0, solver: EigenstateSolver = EigenstateSolver()) {
        self.init(hamiltonian: hamiltonian, cost: cost, trainable: trainable, level: level) { h, k, start in
            let state = try solver.eigenstate(k, of: h, start: start)
            return (state.energy, state.vector)
        }
    }
}
