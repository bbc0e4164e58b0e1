extension EquilibriumPropagation {
    /// The gradient of the loss for the current inputs and targets, by `estimator` with nudge
    /// `beta` (S). See `Estimator` for the formulas and their bias orders.
    /// With `multiStart`, the estimate averaged over the starts (see `averagedOverStarts`).
    public func gradient(_ estimator: Estimator, beta: Double) throws(LearningError) -> GradientEstimate {
        guard let multi = multiStart, multi.count > 1, currentStart == nil else {
            return try singleStartGradient(estimator, beta: beta)
        }
        var estimates: [GradientEstimate] = []
        for start in drawStarts(multi.count) {
            currentStart = start
            defer { currentStart = nil }
            estimates.append(try singleStartGradient(estimator, beta: beta))
        }
        return averagedOverStarts(estimates)
    }

    /// The mean of the starts' gradients (W24's average over `M_init` initializations); loss,
    /// prediction and free state those of the start whose free equilibrium has the lowest
    /// energy; every start's phases and reports.
    func averagedOverStarts(_ estimates: [GradientEstimate]) -> GradientEstimate {
        var result = estimates[lowestEnergy(estimates.map(\.freeState))]
        let count = Double(estimates.count)
        result.gradient = result.gradient.indices.map { k in estimates.reduce(0) { $0 + $1.gradient[k] } / count }
        result.phases = estimates.reduce(0) { $0 + $1.phases }
        result.reports = estimates.flatMap(\.reports)
        return result
    }

    func singleStartGradient(_ estimator: Estimator, beta: Double) throws(LearningError) -> GradientEstimate {
        if estimator == .exact { return exactGradient() }
        if case .coupledLearning(let eta) = estimator { return try coupledLearningGradient(eta: eta) }
        guard beta > 0, beta.isFinite else { throw .invalidBeta(beta) }
        if case .holomorphic(let points) = estimator {
            return try holomorphicGradient(points: points, radius: beta)
        }
        guard let nudges = estimator.realNudges else { return exactGradient() }
        let (free, test) = settledFreePhase(beta: beta)
        if let strongest = nudges.map(\.factor).min(), strongest < 0 {
            let limit = negativeNudgeLimit(response: test.response)
            guard -strongest * beta < limit else {
                throw .unstableNegativeNudge(beta: -strongest * beta, limit: limit)
            }
        }
        var reports = [free.report]
        var gradient = [Double](repeating: 0, count: trainable.count)
        for (factor, weight) in nudges {
            let phase: Phase
            if factor == 0 {
                phase = free
            } else {
                phase = relaxPhase(beta: factor * beta, from: free.state, steadyState: test.steadyState)
                reports.append(phase.report)
            }
            for k in gradient.indices { gradient[k] += weight * phase.measurement[k] / beta }
        }
        return GradientEstimate(loss: loss(free.state), gradient: gradient, estimator: estimator, beta: beta,
                                phases: reports.count, freeState: free.state, isCorrect: isCorrect(free.state),
                                reports: reports)
    }

    /// The free phase, held until it is settled well enough for nudges up to `beta`: relaxed
    /// with the ordinary test, then — the hardware simply waits longer — with the test that
    /// follows β, since the one-sided estimators difference against it (an error ε in the free
    /// state costs ε/β in the gradient). One report covers both stretches.
    func settledFreePhase(beta: Double) -> (free: Phase, test: (steadyState: SteadyStateTest, response: OutputResponse)) {
        var free = freePhase()
        let response = outputResponse(at: free.state)
        let test = nudgedSteadyState(beta: beta, free: free.state, response: response)
        let held = relaxPhase(beta: 0, from: free.state, steadyState: test)
        var report = free.report
        report.steps += held.report.steps
        report.rejectedSteps += held.report.rejectedSteps
        report.time += held.report.time
        report.dissipatedEnergy += held.report.dissipatedEnergy
        report.residual = held.report.residual
        report.status = report.status.isSuccess ? held.report.status : report.status
        free = Phase(beta: 0, state: held.state, report: report, measurement: held.measurement)
        return (free, (test, response))
    }

    /// The exact gradient by implicit differentiation at the free equilibrium (the backprop
    /// baseline for an energy-based network): with `F(x*, θ) = 0`,
    ///
    ///     dL/dθ = −λᵀ ∂F/∂θ,   Jᵀ λ = ∂C/∂x,   J = ∂F/∂x at x*,
    ///
    /// one adjoint solve. The equilibrium is found by relaxation, then polished by Newton's
    /// method (the direct solver relaxation agrees with; the polish of `polishesPhases`, applied
    /// here whether or not it is on), so the gradient is exact to rounding.
    ///
    /// Without the whole Jacobian (`hasCompleteJacobian` false: a large FFT lattice) there is
    /// no adjoint solve: the gradient is NaN and the report says `.unsupported`.
    public func exactGradient() -> GradientEstimate {
        var free = freePhase()
        guard hasCompleteJacobian else {
            free.report.status = .unsupported
            return GradientEstimate(loss: loss(free.state), gradient: trainable.map { _ in .nan }, estimator: .exact,
                                    beta: 0, phases: 1, freeState: free.state, isCorrect: isCorrect(free.state),
                                    reports: [free.report])
        }
        setBeta(0)
        if !polishesPhases { polish(&free.state, report: &free.report) }
        let state = free.state
        var reports = [free.report]
        let n = equations.dimension
        var adjoint = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: network.parameters.count)
        state.withUnsafeBufferPointer { x in
            adjoint.withUnsafeMutableBufferPointer { lambda in
                cost.addCostGradient(x, parameters: UnsafeBufferPointer(equations.parameters), into: lambda)
                equations.evaluateJacobian(x, drive: .dc)
                if case .success = equations.factorIterationMatrix(alpha: 0) {
                    equations.solveTransposed(lambda)
                } else {
                    reports[0].status = .singularMatrix
                }
                gradient.withUnsafeMutableBufferPointer {
                    equations.parameterJacobianProduct(x, adjoint: UnsafeBufferPointer(lambda), drive: .dc, into: $0)
                }
            }
        }
        return GradientEstimate(loss: loss(state), gradient: trainable.map { -gradient[$0] }, estimator: .exact,
                                beta: 0, phases: 1, freeState: state, isCorrect: isCorrect(state),
                                reports: reports)
    }
}
