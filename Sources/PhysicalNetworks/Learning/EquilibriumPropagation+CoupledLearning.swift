extension EquilibriumPropagation {
    /// Coupled learning (Stern, Hexner, Rocks & Liu, PRX 11, 021045, 2021; PHYSICS.md §3): the
    /// free phase x₀, then the clamped phase with every output held at `x₀ + η(y − x₀)`, and
    /// `ĝ = [∂E/∂θ(clamped) − ∂E/∂θ(free)] / η` (its update is `θ ← θ − α ĝ`). See `Estimator`
    /// for what it estimates.
    ///
    /// The clamp is a nudge toward the clamped values with a stiffness 1e9 times the outputs'
    /// own (`1/min R_kk`), so the outputs sit within about 1e-9 of the clamp: the hard clamp of
    /// the papers, held by the network's own equations rather than by removing the unknowns.
    /// - Throws: `LearningError.invalidBeta` for η outside (0, 1] (η plays β's part).
    func coupledLearningGradient(eta: Double) throws(LearningError) -> GradientEstimate {
        guard eta > 0, eta <= 1 else { throw .invalidBeta(eta) }
        try check(.coupledLearning(eta: eta))
        guard let squared = cost as? SquaredError else { throw .invalidBeta(eta) }
        let free = freePhase()
        let freeLoss = loss(free.state), freeCorrect = isCorrect(free.state)
        let targets = (0..<squared.outputs.count).map { equations.parameter(squared.targetOffset + $0) }
        let clamp = squared.outputs.enumerated().map { k, o in free.state[o] + eta * (targets[k] - free.state[o]) }
        let response = outputResponse(at: free.state)
        let softest = response.matrix.indices.map { response.matrix[$0][$0] }.filter { $0 > 0 && $0.isFinite }.min() ?? 1
        let stiffness = 1e9 / softest
        try setTargets(clamp)
        defer { try? setTargets(targets) }
        let clamped = relaxPhase(beta: stiffness, from: free.state, steadyState: steadyState)
        let gradient = zip(clamped.measurement, free.measurement).map { ($0 - $1) / eta }
        return GradientEstimate(loss: freeLoss, gradient: gradient, estimator: .coupledLearning(eta: eta),
                                beta: stiffness, phases: 2, freeState: free.state, isCorrect: freeCorrect,
                                reports: [free.report, clamped.report])
    }
}
