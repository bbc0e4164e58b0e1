import Foundation

extension EquilibriumPropagation {
    /// Throws when `estimator` cannot run on this network: holomorphic EP needs at least two
    /// points and analytic, linear elements with a squared-error cost.
    public func check(_ estimator: Estimator) throws(LearningError) {
        if case .coupledLearning = estimator, !(cost is SquaredError) {
            throw .unsupportedEstimator(name: estimator.name, reason: "coupled learning clamps outputs toward targets "
                                        + "with a squared-error cost, and this network is trained with the \(cost.familyName)")
        }
        if estimator == .exact, !hasCompleteJacobian {
            throw .unsupportedEstimator(name: estimator.name, reason: "implicit differentiation needs the whole "
                                        + "Jacobian, and a family here declares only its diagonal (a large FFT lattice)")
        }
        guard case .holomorphic(let points) = estimator else { return }
        guard points >= 2 else { throw .tooFewPoints(points) }
        var obstacles = network.interactions.filter { !$0.isLinear }.map(\.familyName)
        if !(cost is SquaredError) { obstacles.append(cost.familyName) }
        guard obstacles.isEmpty else { throw .notAnalytic(families: Array(Set(obstacles)).sorted()) }
    }

    /// Holomorphic EP (Laborieux & Zenke 2022): nudges `β_k = r e^{2πik/N}` on a circle and
    /// `ĝ = Re (1/N) Σ_k g(β_k)/β_k`, whose error is O(r^N) because the Cauchy integral picks
    /// out the first Taylor coefficient of g(β).
    ///
    /// It needs the complex-nudged equilibrium, so the network's elements must be analytic. For
    /// the linear networks supported here the complex equilibrium — the endpoint of the linear,
    /// complex-nudged dynamics — is solved directly: `(J + β H) x = −(F₀ + β c)` with
    /// `F(x) = J x + F₀` the network and `β (H x + c)` the squared-error nudge, by a complex
    /// sparse LU. The measured ∂E/∂θ are quadratic forms in x (½ΔV² for resistors), continued
    /// analytically: `Q(a + ib) = Q(a) − Q(b) + i [Q(a + b) − Q(a) − Q(b)]`.
    func holomorphicGradient(points: Int, radius: Double) throws(LearningError) -> GradientEstimate {
        try check(.holomorphic(points: points))

        let free = freePhase()
        let n = equations.dimension
        let nonzeros = equations.pattern.nonzeroCount
        let zero = [Double](repeating: 0, count: n)
        func linearization(beta: Double) -> (jacobian: [Double], residual: [Double]) {
            setBeta(beta)
            var residual = [Double](repeating: 0, count: n)
            zero.withUnsafeBufferPointer { x in
                residual.withUnsafeMutableBufferPointer { equations.evaluateResidual(x, drive: .dc, into: $0) }
                equations.evaluateJacobian(x, drive: .dc)
            }
            return (Array(equations.jacobianValues), residual)
        }
        let (jacobian, residual) = linearization(beta: 0)
        let (jacobianNudged, residualNudged) = linearization(beta: 1)
        setBeta(0)

        let lu = ComplexSparseLU(pattern: equations.pattern)
        var values = [Double](repeating: 0, count: 2 * nonzeros)
        var solution = [Double](repeating: 0, count: 2 * n)
        var gradient = [Double](repeating: 0, count: trainable.count)
        for k in 0..<points {
            let angle = 2 * Double.pi * Double(k) / Double(points)
            let (betaRe, betaIm) = (radius * cos(angle), radius * sin(angle))
            for j in 0..<nonzeros {
                let h = jacobianNudged[j] - jacobian[j]
                values[2 * j] = jacobian[j] + betaRe * h
                values[2 * j + 1] = betaIm * h
            }
            for i in 0..<n {
                let c = residualNudged[i] - residual[i]
                solution[2 * i] = -(residual[i] + betaRe * c)
                solution[2 * i + 1] = -betaIm * c
            }
            let factored = values.withUnsafeMutableBufferPointer { lu.factor(values: $0) }
            guard case .success = factored else {
                var failed = free.report
                failed.status = .singularMatrix
                return GradientEstimate(loss: loss(free.state), gradient: gradient, estimator: .holomorphic(points: points),
                                        beta: radius, phases: k + 1, freeState: free.state,
                                        isCorrect: isCorrect(free.state), reports: [failed])
            }
            solution.withUnsafeMutableBufferPointer { lu.solve($0) }
            let real = (0..<n).map { solution[2 * $0] }
            let imaginary = (0..<n).map { solution[2 * $0 + 1] }
            let sum = (0..<n).map { real[$0] + imaginary[$0] }
            let (qa, qb, qab) = (measure(real), measure(imaginary), measure(sum))
            let magnitude = radius * radius
            for p in gradient.indices {
                let gRe = qa[p] - qb[p]
                let gIm = qab[p] - qa[p] - qb[p]
                gradient[p] += (gRe * betaRe + gIm * betaIm) / magnitude / Double(points)
            }
        }
        return GradientEstimate(loss: loss(free.state), gradient: gradient, estimator: .holomorphic(points: points),
                                beta: radius, phases: points + 1, freeState: free.state,
                                isCorrect: isCorrect(free.state), reports: [free.report])
    }
}
