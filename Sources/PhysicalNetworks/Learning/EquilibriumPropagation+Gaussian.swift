import Foundation

/// The Gaussian (low-temperature) expansion of thermal EP (issue 7; PHYSICS.md §5): the closed
/// form every thermal estimator is checked against. Linearizing `M dx = −F dt + B dW` about the
/// equilibrium s_β of the β-nudged network, the fluctuation δ = x − s_β is Gaussian with the
/// stationary covariance Σ_β of
///
///     A Σ + Σ Aᵀ = M⁻¹ (B Bᵀ) M⁻ᵀ,   A = M⁻¹ J_β                   (Lyapunov)
///
/// (Gardiner §4.4.6), and stationarity of the mean, ⟨F(x)⟩ = 0, shifts it to second order by
/// `J δs = −½ ∂²F : Σ`. Then, to first order in T,
///
///     ⟨C⟩_β ≈ C(s_β + δs) + ½ Tr(Σ_β ∇²C),   ⟨∂_θE⟩_β ≈ ∂_θE(s_β + δs) + ½ Tr(Σ_β ∂_θJ)
///
/// Under Boltzmann noise (B Bᵀ = 2T M) Σ = T·J⁻¹ and the first line is Massar & Mognetti's
/// `⟨C⟩ ≈ C(s*) + (T/2) Tr(H⁻¹∇²C)` plus the mean shift (zero for a linear network); under
/// Johnson noise (B Bᵀ = 2kT G) a linear RC network has Σ = kT·C⁻¹ whatever G. For a linear
/// network with a quadratic cost all of it is exact (the law is Gaussian), which makes these
/// the references of the estimators' tests; for a weakly nonlinear one the error is O(T²).
/// Dense: networks of at most `Lyapunov.maximumDimension` unknowns.
extension EquilibriumPropagation {
    /// The element that applies the nudge at finite temperature.
    public enum NudgeElement: String, Sendable, CaseIterable, Codable {
        /// A noiseless controlled source injecting −β ∂C/∂x (any sign of β).
        case source
        /// A conductance β from each output to a source at its target, with the resistor's own
        /// Johnson noise under `.johnson` (β ≥ 0 only: a negative resistor has no noise law).
        case resistor
    }

    /// The Gaussian moments of the β-nudged network at temperature T.
    public struct GaussianMoments: Sendable {
        /// The noiseless equilibrium s_β and the mean s_β + δs.
        public var equilibrium: [Double]
        public var mean: [Double]
        /// Σ_β, row-major n × n.
        public var covariance: [Double]
        /// C(s_β) and ⟨C⟩_β.
        public var deterministicCost: Double
        public var cost: Double
        /// ⟨∂_θE⟩_β per trainable parameter.
        public var measurements: [Double]
    }

    /// Why the expansion cannot be formed.
    public enum GaussianFailure: Error, Equatable, Sendable, CustomStringConvertible {
        case tooLarge(unknowns: Int)
        case incompleteJacobian
        case singularMass
        /// J_β is singular or A has eigenvalues summing to zero: no stationary law.
        case noStationaryLaw
        /// The noiseless equilibrium could not be found.
        case relaxationFailed(String)
        /// A noisy nudging resistor with β < 0.
        case negativeNoisyNudge

        public var description: String {
            switch self {
            case .tooLarge(let n):
                return "the Gaussian expansion is dense: \(n) unknowns exceed \(Lyapunov.maximumDimension)"
            case .incompleteJacobian: return "the Gaussian expansion needs every family's whole Jacobian"
            case .singularMass: return "the mass matrix is singular (an unknown without capacitance or drag)"
            case .noStationaryLaw: return "the linearized dynamics have no stationary law (unstable or marginal equilibrium)"
            case .relaxationFailed(let status): return "the noiseless equilibrium was not found (\(status))"
            case .negativeNoisyNudge: return "a noisy nudging resistor needs β ≥ 0"
            }
        }
    }

    /// The Gaussian moments at nudge β (see the extension's doc comment).
    public func gaussianMoments(beta: Double, temperature: Double, noise: NoiseModel,
                                nudge: NudgeElement = .source) throws(GaussianFailure) -> GaussianMoments {
        let n = equations.dimension
        guard n <= Lyapunov.maximumDimension else { throw .tooLarge(unknowns: n) }
        guard hasCompleteJacobian else { throw .incompleteJacobian }
        guard nudge == .source || beta >= 0 else { throw .negativeNoisyNudge }
        let free = freePhase()
        var phase = beta == 0 ? free : nudgedPhase(beta: beta, from: free)
        setBeta(beta)
        defer { setBeta(0) }
        polish(&phase.state, report: &phase.report)
        guard phase.report.status.isSuccess else { throw .relaxationFailed(phase.report.status.rawValue) }
        let s = phase.state
        let jacobian = equations.denseJacobian(at: s)
        guard case .success(let inverseMass) = DenseLinearSolve.solve(equations.denseMass, identity(n), dimension: n,
                                                                      rightHandSides: n) else { throw .singularMass }
        let grounded = nudge == .resistor && noise == .johnson
            ? network.roles.outputs.map { LangevinDynamics.GroundedSource(unknown: $0, dissipation: beta) } : []
        let forceCovariance = equations.noiseForceCovariance(noise, temperature: temperature, extra: grounded)
        let drift = multiply(inverseMass, jacobian, n)
        let diffusion = multiply(multiply(inverseMass, forceCovariance, n), inverseMass, n, transposingSecond: true)
        guard case .success(let sigma) = Lyapunov.solve(drift, diffusion, dimension: n),
              sigma.allSatisfy(\.isFinite) else { throw .noStationaryLaw }

        var mean = s
        if !equations.isLinear {
            let curvature = secondDerivativeContraction(at: s, sigma: sigma)
            guard case .success(let shift) = DenseLinearSolve.solve(jacobian, curvature.map { -0.5 * $0 },
                                                                    dimension: n) else { throw .noStationaryLaw }
            for i in 0..<n { mean[i] += shift[i] }
        }
        let costHessian = self.costHessian(at: mean)
        var measurements = measure(mean)
        for (k, index) in trainable.enumerated() {
            measurements[k] += 0.5 * traceOfProduct(sigma, parameterDerivativeOfJacobian(index, at: mean), n)
        }
        return GaussianMoments(equilibrium: s, mean: mean, covariance: sigma, deterministicCost: loss(s),
                               cost: loss(mean) + 0.5 * traceOfProduct(sigma, costHessian, n),
                               measurements: measurements)
    }

    /// The thermal loss and its exact gradient under the Gaussian expansion.
    public struct GaussianReference: Sendable {
        /// L = ⟨C⟩₀ and the noiseless C(s*).
        public var loss: Double
        public var deterministicLoss: Double
        /// dL/dθ per trainable parameter: the noiseless gradient (implicit differentiation)
        /// plus the θ-derivative of the thermal correction ⟨C⟩₀ − C(s*) by central differences.
        public var gradient: [Double]
        /// What `thermal-covariance` estimates, −Cov(∂_θE, C)/T under the Gaussian law — equal
        /// to `gradient` when the law is exp(−E/T) (Boltzmann noise on a gradient system), not
        /// otherwise (Johnson noise).
        public var covarianceExpectation: [Double]
    }

    /// L = ⟨C⟩₀ at temperature T, dL/dθ, and the covariance estimator's expectation.
    public func gaussianReference(temperature: Double, noise: NoiseModel) throws(GaussianFailure) -> GaussianReference {
        let moments = try gaussianMoments(beta: 0, temperature: temperature, noise: noise)
        let noiseless = exactGradient()
        guard noiseless.status.isSuccess else { throw .relaxationFailed(noiseless.status.rawValue) }
        var gradient = noiseless.gradient
        for (k, index) in trainable.enumerated() {
            let theta = equations.parameter(index)
            let h = 1e-4 * max(abs(theta), 1e-12)
            defer { equations.setParameter(index, to: theta) }
            equations.setParameter(index, to: theta + h)
            let plus = try gaussianMoments(beta: 0, temperature: temperature, noise: noise)
            equations.setParameter(index, to: theta - h)
            let minus = try gaussianMoments(beta: 0, temperature: temperature, noise: noise)
            gradient[k] += ((plus.cost - plus.deterministicCost) - (minus.cost - minus.deterministicCost)) / (2 * h)
        }
        return GaussianReference(loss: moments.cost, deterministicLoss: moments.deterministicCost, gradient: gradient,
                                 covarianceExpectation: covarianceExpectation(moments, temperature: temperature))
    }

    /// What `thermal-nudged` estimates at nudge β under the Gaussian law: the centered
    /// difference `[⟨∂_θE⟩_β − ⟨∂_θE⟩_{−β}]/(2β)` with a noiseless source, the one-sided
    /// `[⟨∂_θE⟩_β − ⟨∂_θE⟩₀]/β` with a noisy resistor (no negative resistor exists).
    public func nudgedExpectation(beta: Double, temperature: Double, noise: NoiseModel,
                                  nudge: NudgeElement = .source) throws(GaussianFailure) -> [Double] {
        let plus = try gaussianMoments(beta: beta, temperature: temperature, noise: noise, nudge: nudge)
        if nudge == .resistor {
            let free = try gaussianMoments(beta: 0, temperature: temperature, noise: noise, nudge: nudge)
            return zip(plus.measurements, free.measurements).map { ($0 - $1) / beta }
        }
        let minus = try gaussianMoments(beta: -beta, temperature: temperature, noise: noise, nudge: nudge)
        return zip(plus.measurements, minus.measurements).map { ($0 - $1) / (2 * beta) }
    }

    /// −Cov(∂_θE, C)/T for x ~ N(μ, Σ), exact for quadratic ∂_θE and C (Isserlis):
    /// `Cov(a, c) = ∇aᵀ Σ ∇c + ½ Tr(Σ ∇²a Σ ∇²c)`, with ∇_x ∂_θE = ∂_θF and ∇²_x ∂_θE = ∂_θJ.
    func covarianceExpectation(_ moments: GaussianMoments, temperature: Double) -> [Double] {
        let n = equations.dimension
        let sigma = moments.covariance
        var costGradient = [Double](repeating: 0, count: n)
        moments.mean.withUnsafeBufferPointer { x in
            costGradient.withUnsafeMutableBufferPointer {
                cost.addCostGradient(x, parameters: UnsafeBufferPointer(equations.parameters), into: $0)
            }
        }
        let sigmaGradient = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + sigma[i * n + $1] * costGradient[$1] } }
        var linear = [Double](repeating: 0, count: network.parameters.count)
        moments.mean.withUnsafeBufferPointer { x in
            sigmaGradient.withUnsafeBufferPointer { adjoint in
                linear.withUnsafeMutableBufferPointer {
                    equations.parameterJacobianProduct(x, adjoint: adjoint, drive: .dc, into: $0)
                }
            }
        }
        let sigmaQ = multiply(sigma, costHessian(at: moments.mean), n)
        return trainable.map { index in
            let sigmaA = multiply(sigma, parameterDerivativeOfJacobian(index, at: moments.mean), n)
            return -(linear[index] + 0.5 * traceOfProduct(sigmaA, sigmaQ, n)) / temperature
        }
    }

    /// ∇²C at `state`: the cost family's Jacobian per unit β.
    func costHessian(at state: [Double]) -> [Double] {
        let saved = equations.parameter(cost.betaParameter)
        defer { setBeta(saved) }
        setBeta(0)
        let without = equations.denseJacobian(at: state)
        setBeta(1)
        return zip(equations.denseJacobian(at: state), without).map { $0 - $1 }
    }

    /// ∂J/∂θ for parameter `index` at `state`, by central differences (exact to rounding when
    /// J is linear in θ, as for conductances and stiffnesses).
    func parameterDerivativeOfJacobian(_ index: Int, at state: [Double]) -> [Double] {
        let theta = equations.parameter(index)
        let h = 1e-5 * max(abs(theta), 1e-12)
        defer { equations.setParameter(index, to: theta) }
        equations.setParameter(index, to: theta + h)
        let plus = equations.denseJacobian(at: state)
        equations.setParameter(index, to: theta - h)
        let minus = equations.denseJacobian(at: state)
        return zip(plus, minus).map { ($0 - $1) / (2 * h) }
    }

    /// `(∂²F : Σ)_i = Σ_jk ∂_k J_ij Σ_jk`, ∂_k J by central differences of the Jacobian.
    func secondDerivativeContraction(at state: [Double], sigma: [Double]) -> [Double] {
        let n = equations.dimension
        var result = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let h = 1e-5 * max(abs(state[k]), 1)
            var shifted = state
            shifted[k] = state[k] + h
            let plus = equations.denseJacobian(at: shifted)
            shifted[k] = state[k] - h
            let minus = equations.denseJacobian(at: shifted)
            for i in 0..<n {
                for j in 0..<n { result[i] += (plus[i * n + j] - minus[i * n + j]) / (2 * h) * sigma[j * n + k] }
            }
        }
        return result
    }
}

/// Row-major dense helpers for the small matrices of the expansion.
private func identity(_ n: Int) -> [Double] {
    var matrix = [Double](repeating: 0, count: n * n)
    for i in 0..<n { matrix[i * n + i] = 1 }
    return matrix
}

/// A · B (or A · Bᵀ) for n × n row-major matrices, by `BLAS.multiply`.
private func multiply(_ a: [Double], _ b: [Double], _ n: Int, transposingSecond: Bool = false) -> [Double] {
    var c = [Double](repeating: 0, count: n * n)
    a.withUnsafeBufferPointer { ap in
        b.withUnsafeBufferPointer { bp in
            c.withUnsafeMutableBufferPointer { cp in
                BLAS.multiply(MatrixView(ap, rows: n, columns: n), MatrixView(bp, rows: n, columns: n),
                              transposing: transposingSecond ? .second : [], into: MutableMatrixView(cp, rows: n, columns: n))
            }
        }
    }
    return c
}

/// Tr(A B) for row-major A and B.
private func traceOfProduct(_ a: [Double], _ b: [Double], _ n: Int) -> Double {
    var sum = 0.0
    for i in 0..<n {
        for k in 0..<n { sum += a[i * n + k] * b[k * n + i] }
    }
    return sum
}
