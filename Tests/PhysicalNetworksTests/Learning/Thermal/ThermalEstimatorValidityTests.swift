import XCTest
@testable import PhysicalNetworks

/// When the thermal EP estimators are valid (PHYSICS.md §5), on a linear RC network whose
/// Gaussian law makes the closed forms exact: Langevin samples of `thermal-covariance` and
/// `thermal-nudged` against `gaussianReference` / `nudgedExpectation`, and those against a
/// derivation by hand.
///
/// The network: three nodes, each with a capacitance c = 2 F to ground (M = cI, invertible),
/// five trainable conductances g (S) on the edges (0,⊥) (0,1) (1,2) (2,⊥) (1,⊥) (⊥ = ground),
/// a current I = 1 A into node 0, outputs V₁, V₂ with targets y. With G the conductance
/// Laplacian, b = (I, 0, 0), P the projector on the outputs and e the incidence vector of an
/// edge (+1 at its first node, −1 at its second, nothing at ground):
///
///     E = ½ xᵀGx − bᵀx,   C = ½ |P(x − y)|²,   ∂E/∂g = ½ (eᵀx)²,   s* = G⁻¹b
///
/// The dynamics `M dx = −(Gx − b) dt + B dW` are linear, so the stationary law is exactly
/// Gaussian, N(s*, Σ) with `M⁻¹GΣ + ΣGM⁻¹ = M⁻¹BBᵀM⁻¹` (Lyapunov):
/// - Boltzmann, BBᵀ = 2T·M: Σ = T·G⁻¹ (check: M⁻¹G·TG⁻¹ + TG⁻¹·GM⁻¹ = 2T M⁻¹);
/// - Johnson, BBᵀ = 2kT·G: Σ = kT·M⁻¹ = (kT/c)·I, whatever G (check: M⁻¹G·kTM⁻¹ + kTM⁻¹·GM⁻¹
///   = 2kT M⁻¹GM⁻¹).
///
/// Then L = ⟨C⟩ = C(s*) + ½ Tr(ΣP). With u = G⁻¹P(s* − y) and ∂s*/∂g = −G⁻¹e eᵀs*, the
/// noiseless gradient is `d_e = −(eᵀs*)(eᵀu)`, and since ∂(G⁻¹)/∂g = −G⁻¹eeᵀG⁻¹:
/// - Boltzmann: `dL/dg = d_e − (T/2) eᵀG⁻¹PG⁻¹e`;
/// - Johnson: `dL/dg = d_e` (Σ does not depend on g).
///
/// The covariance estimator's expectation −Cov(∂E/∂g, C)/T, by Isserlis for the quadratics
/// a = ½(eᵀx)² and C: `Cov(a, C) = (eᵀs*)·eᵀΣP(s* − y) + ½ Tr(Σeeᵀ ΣP)`:
/// - Boltzmann (Σ = TG⁻¹): `−(eᵀs*)(eᵀu) − (T/2) eᵀG⁻¹PG⁻¹e = dL/dg` — valid;
/// - Johnson (Σ = (kT/c)I): `−(eᵀs*)(eᵀP(s* − y))/c − (kT/2c²) eᵀPe` — not dL/dg.
///
/// The nudged expectations at finite β (`nudgedExpectation`) solve the same Lyapunov equation
/// with G → G + βP; a noiseless nudging source leaves BBᵀ = 2kT·G under Johnson noise, so
/// Σ_β ≠ kT·M⁻¹ and ⟨∂E/∂g⟩_β carries a kT-proportional slope in β that no β removes; a noisy
/// nudging resistor adds its own 2kT·βP to BBᵀ, Σ_β = kT·M⁻¹ again, and the one-sided difference
/// is noiseless one-sided EP, bias O(β).
///
/// Sampling: `thermalSampling` picks h = 0.05/λ_max, a sample every ½/λ_min and a burn-in of
/// 5/λ_min from the rates of M⁻¹G (0.41, 1.35, 2.99 s⁻¹); T = 0.05 (a power under Boltzmann
/// noise, kT in J under Johnson noise), 2000 samples per run for the covariance estimator, 1000
/// per phase for the nudged one. Agreement is z = (estimate − expectation)/error with the
/// batch-means standard error each run reports, over three seeds × five conductances: mean |z|
/// < 1.5 and max |z| < 4.5 (for honest errors E|z| ≈ 0.8; |z| > 4.5 has odds ≈ 3·10⁻⁴ per value
/// with 20 batches). Disagreement is the pooled mean over the seeds, error √Σσ²/3, standing
/// many pooled errors from the value it would have if the estimator were valid.
final class ThermalEstimatorValidityTests: XCTestCase {
    static let edges: [(Int, Int)] = [(0, -1), (0, 1), (1, 2), (2, -1), (1, -1)]
    static let conductances = [1.0, 2.0, 1.5, 1.0, 0.5]
    static let capacitance = 2.0, current = 1.0
    static let outputs = [1, 2], targets = [0.1, 0.5]
    static let temperature = 0.05
    static let seeds: [UInt64] = [11, 12, 13]

    static func controller() throws -> EquilibriumPropagation {
        let network = Network(
            unknowns: (0..<3).map { Unknown(name: "v\($0)", kind: .nodeVoltage) },
            interactions: [Resistors(terminals: edges, parameterOffset: 0),
                           Capacitors(terminals: [(0, -1), (1, -1), (2, -1)], parameterOffset: edges.count),
                           CurrentSources(sources: [.init(name: "i1", positive: -1, negative: 0,
                                                          signal: SourceSignal(dc: current))])],
            parameters: conductances + [capacitance, capacitance, capacitance],
            parameterNames: ["r1", "r2", "r3", "r4", "r5", "c0", "c1", "c2"],
            roles: Network.Roles(outputs: outputs, trainable: Array(edges.indices)))
        let ep = try EquilibriumPropagation(network: network)
        try ep.setTargets(targets)
        return ep
    }

    static func sampling(_ ep: EquilibriumPropagation, _ estimator: EquilibriumPropagation.ThermalEstimator,
                         noise: NoiseModel, nudge: EquilibriumPropagation.NudgeElement = .source,
                         temperature: Double = temperature, samples: Int = 2000,
                         seed: UInt64) throws -> EquilibriumPropagation.ThermalSampling {
        try ep.thermalSampling(ThermalSettings(estimator: estimator, temperature: temperature, noise: noise,
                                               samples: samples, nudge: nudge), seed: seed)
    }

    // MARK: Closed forms by hand (see the type's doc comment).

    struct HandForms {
        var noiseless: [Double], boltzmann: [Double], johnsonCovariance: [Double]
    }

    static func handForms(temperature t: Double) -> HandForms {
        var g = [[Double]](repeating: [0, 0, 0], count: 3)
        var incidence: [[Double]] = []
        for ((a, b), value) in zip(edges, conductances) {
            var e = [0.0, 0, 0]
            if a >= 0 { e[a] += 1 }
            if b >= 0 { e[b] -= 1 }
            incidence.append(e)
            for i in 0..<3 { for j in 0..<3 { g[i][j] += value * e[i] * e[j] } }
        }
        let inverse = invert3(g)
        func apply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } }
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        let s = apply(inverse, [current, 0, 0])
        var residual = [0.0, 0, 0], projector = [0.0, 0, 0]
        for (o, y) in zip(outputs, targets) { residual[o] = s[o] - y; projector[o] = 1 }
        let u = apply(inverse, residual)
        let c = capacitance
        var forms = HandForms(noiseless: [], boltzmann: [], johnsonCovariance: [])
        for e in incidence {
            let d = -dot(e, s) * dot(e, u)
            let w = apply(inverse, e)  // G⁻¹e; eᵀG⁻¹PG⁻¹e = Σ_o w_o²
            let wPw = zip(w, projector).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
            let ePe = zip(e, projector).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
            forms.noiseless.append(d)
            forms.boltzmann.append(d - 0.5 * t * wPw)
            forms.johnsonCovariance.append(-dot(e, s) * dot(e, residual) / c - t / (2 * c * c) * ePe)
        }
        return forms
    }

    static func invert3(_ m: [[Double]]) -> [[Double]] {
        let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        var inverse = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                let r = [0, 1, 2].filter { $0 != j }, k = [0, 1, 2].filter { $0 != i }
                let minor = m[r[0]][k[0]] * m[r[1]][k[1]] - m[r[0]][k[1]] * m[r[1]][k[0]]
                inverse[i][j] = ((i + j) % 2 == 0 ? 1 : -1) * minor / det
            }
        }
        return inverse
    }

    // MARK: Statistics

    /// z-scores of every parameter of every run against `expected`.
    static func zScores(_ runs: [EquilibriumPropagation.ThermalGradientEstimate], _ expected: [Double]) -> [Double] {
        runs.flatMap { run in zip(zip(run.gradient, run.standardError), expected).map { ($0.0 - $1) / $0.1 } }
    }

    /// Per parameter, the mean over runs and its error (√Σσ²/n).
    static func pooled(_ runs: [EquilibriumPropagation.ThermalGradientEstimate]) -> (mean: [Double], error: [Double]) {
        let n = Double(runs.count), count = runs[0].gradient.count
        let mean = (0..<count).map { k in runs.reduce(0) { $0 + $1.gradient[k] } / n }
        let error = (0..<count).map { k in runs.reduce(0) { $0 + $1.standardError[k] * $1.standardError[k] }.squareRoot() / n }
        return (mean, error)
    }

    static func assertAgree(_ z: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let meanAbs = z.map(abs).reduce(0, +) / Double(z.count), maxAbs = z.map(abs).max() ?? .infinity
        XCTAssertLessThan(meanAbs, 1.5, "\(what): mean |z| over \(z.count)", file: file, line: line)
        XCTAssertLessThan(maxAbs, 4.5, "\(what): max |z|", file: file, line: line)
        print(String(format: "%@: mean |z| %.2f, max |z| %.2f over %d", what, meanAbs, maxAbs, z.count))
        print("  z:", z.map { String(format: "%+.2f", $0) }.joined(separator: " "))
    }

    static func format(_ values: [Double]) -> String { values.map { String(format: "%+.5f", $0) }.joined(separator: " ") }

    // MARK: Tests

    /// The library's Gaussian references are the hand derivation, and the T → 0 limit is
    /// deterministic EP.
    func testGaussianReferencesAreTheHandClosedForms() throws {
        let ep = try Self.controller()
        let t = Self.temperature, hand = Self.handForms(temperature: t)
        let deterministic = ep.exactGradient().gradient
        let boltzmann = try ep.gaussianReference(temperature: t, noise: .boltzmann)
        let johnson = try ep.gaussianReference(temperature: t, noise: .johnson)
        for k in hand.noiseless.indices {
            XCTAssertEqual(deterministic[k], hand.noiseless[k], accuracy: 1e-9, "noiseless dL/dg\(k)")
            XCTAssertEqual(boltzmann.gradient[k], hand.boltzmann[k], accuracy: 1e-8, "Boltzmann dL/dg\(k)")
            XCTAssertEqual(boltzmann.covarianceExpectation[k], boltzmann.gradient[k],
                           accuracy: 1e-6 * abs(boltzmann.gradient[k]), "Boltzmann: ⟨covariance⟩ = dL/dg\(k)")
            XCTAssertEqual(johnson.gradient[k], hand.noiseless[k], accuracy: 1e-8, "Johnson dL/dg\(k) is noiseless")
            XCTAssertEqual(johnson.covarianceExpectation[k], hand.johnsonCovariance[k], accuracy: 1e-9,
                           "Johnson ⟨covariance⟩ g\(k)")
        }
        // The thermal correction is there to be seen (not a vacuous Boltzmann check).
        XCTAssertGreaterThan(zip(boltzmann.gradient, deterministic).map { abs($0 - $1) }.max()!, 0.005)
        // T → 0: the reference is deterministic EP, under either noise.
        for noise in [NoiseModel.boltzmann, .johnson] {
            let cold = try ep.gaussianReference(temperature: 1e-8, noise: noise)
            for k in deterministic.indices {
                XCTAssertEqual(cold.gradient[k], deterministic[k], accuracy: 1e-6 * abs(deterministic[k]),
                               "\(noise) T = 1e-8, g\(k)")
            }
        }
        print("noiseless dL/dg:", Self.format(deterministic))
        print("Boltzmann dL/dg:", Self.format(boltzmann.gradient))
        print("Johnson ⟨covariance⟩:", Self.format(johnson.covarianceExpectation))
    }

    /// Boltzmann noise, clamp-free: the covariance estimator agrees with dL/dg for every
    /// parameter over three seeds, and its loss with ⟨C⟩.
    func testBoltzmannCovarianceEstimatorAgreesWithTheGradient() throws {
        let ep = try Self.controller()
        let reference = try ep.gaussianReference(temperature: Self.temperature, noise: .boltzmann)
        let runs = try Self.seeds.map { seed in
            try ep.thermalGradient(.covariance, beta: 0, sampling: Self.sampling(ep, .covariance, noise: .boltzmann, seed: seed))
        }
        for run in runs {
            XCTAssertEqual(run.loss, reference.loss, accuracy: 4.5 * run.lossError, "⟨C⟩")
        }
        Self.assertAgree(Self.zScores(runs, reference.gradient), "Boltzmann covariance vs dL/dg")
        // Power: the pooled estimate resolves the largest gradient to better than 10%.
        let (mean, error) = Self.pooled(runs)
        let largest = reference.gradient.indices.max { abs(reference.gradient[$0]) < abs(reference.gradient[$1]) }!
        XCTAssertLessThan(error[largest], 0.1 * abs(reference.gradient[largest]))
        print("closed form dL/dg:  ", Self.format(reference.gradient))
        print("covariance (pooled):", Self.format(mean), "±", Self.format(error))
    }

    /// Boltzmann noise, ±β nudges by a source: the nudged estimator agrees with its finite-β
    /// expectation for every parameter over three seeds; that expectation is dL/dg up to
    /// O(β²) (halving β quarters the difference).
    func testBoltzmannNudgedEstimatorAgreesWithItsExpectation() throws {
        let ep = try Self.controller()
        let t = Self.temperature, beta = 0.2
        let reference = try ep.gaussianReference(temperature: t, noise: .boltzmann)
        let expected = try ep.nudgedExpectation(beta: beta, temperature: t, noise: .boltzmann)
        let half = try ep.nudgedExpectation(beta: beta / 2, temperature: t, noise: .boltzmann)
        let scale = reference.gradient.map(abs).max()!
        for k in expected.indices {
            let atBeta = expected[k] - reference.gradient[k], atHalf = half[k] - reference.gradient[k]
            XCTAssertLessThan(abs(atBeta), 0.05 * scale, "g\(k): β = \(beta) is small")
            if abs(atBeta) > 0.01 * scale {
                XCTAssertEqual(atHalf / atBeta, 0.25, accuracy: 0.03, "g\(k): bias O(β²)")
            }
        }
        let runs = try Self.seeds.map { seed in
            try ep.thermalGradient(.nudged, beta: beta,
                                   sampling: Self.sampling(ep, .nudged, noise: .boltzmann, samples: 1000, seed: seed))
        }
        Self.assertAgree(Self.zScores(runs, expected), "Boltzmann nudged (β = \(beta)) vs its expectation")
        // Power (weak: variance ∝ T/(Mβ²)): the largest value is resolved from zero by > 2 errors.
        let (mean, error) = Self.pooled(runs)
        let largest = expected.indices.max { abs(expected[$0]) < abs(expected[$1]) }!
        XCTAssertLessThan(error[largest], 0.5 * abs(expected[largest]))
        print("closed form dL/dg:  ", Self.format(reference.gradient))
        print("nudged expectation: ", Self.format(expected))
        print("nudged (pooled):    ", Self.format(mean), "±", Self.format(error))
    }

    /// Johnson noise, (a): the covariance estimator converges to its expectation, which is not
    /// dL/dg — the clamp-free estimator is invalid for a circuit's own noise.
    func testJohnsonCovarianceEstimatorConvergesToSomethingElse() throws {
        let ep = try Self.controller()
        let reference = try ep.gaussianReference(temperature: Self.temperature, noise: .johnson)
        let runs = try Self.seeds.map { seed in
            try ep.thermalGradient(.covariance, beta: 0, sampling: Self.sampling(ep, .covariance, noise: .johnson, seed: seed))
        }
        Self.assertAgree(Self.zScores(runs, reference.covarianceExpectation), "Johnson covariance vs its expectation")
        let (mean, error) = Self.pooled(runs)
        let away = zip(zip(mean, error), reference.gradient).map { abs($0.0 - $1) / $0.1 }
        XCTAssertGreaterThan(away.max()!, 8, "pooled estimate vs the true dL/dg, in standard errors")
        print("true dL/dg:          ", Self.format(reference.gradient))
        print("covariance expected: ", Self.format(reference.covarianceExpectation))
        print("covariance (pooled): ", Self.format(mean), "±", Self.format(error))
        print("standard errors from dL/dg:", away.map { String(format: "%.1f", $0) }.joined(separator: " "))
    }

    /// Johnson noise, (b): with a noiseless nudging source the nudged estimator converges to an
    /// expectation biased by O(kT), a bias that does not shrink with β. The closed forms at
    /// β = 0.05 (where the noiseless O(β²) bias is negligible) and β/4 give the same bias, and
    /// halving kT halves it. The samples are taken at kT = 0.2 and β = 0.4, where the bias is
    /// several standard errors of a run (bias ∝ kT, error ∝ √kT/β): they agree with the biased
    /// expectation and, pooled, stand many standard errors from the true dL/dg.
    func testJohnsonNoiselessNudgeIsBiasedByOrderKT() throws {
        let ep = try Self.controller()
        let kT = 4 * Self.temperature, beta = 0.4, small = 0.05
        let truth = try ep.gaussianReference(temperature: kT, noise: .johnson).gradient
        func bias(_ b: Double, _ kT: Double) throws -> [Double] {
            let truth = try ep.gaussianReference(temperature: kT, noise: .johnson).gradient
            return zip(try ep.nudgedExpectation(beta: b, temperature: kT, noise: .johnson, nudge: .source), truth).map { $0 - $1 }
        }
        let atSmall = try bias(small, kT), atQuarter = try bias(small / 4, kT), halfT = try bias(small, kT / 2)
        let atBeta = try bias(beta, kT)
        let scale = truth.map(abs).max()!
        XCTAssertGreaterThan(atSmall.map(abs).max()!, 0.3 * scale, "a bias worth measuring")
        for k in atSmall.indices where abs(atSmall[k]) > 0.05 * scale {
            XCTAssertEqual(atQuarter[k] / atSmall[k], 1, accuracy: 0.02, "g\(k): β/4 keeps the bias")
            XCTAssertEqual(halfT[k] / atSmall[k], 0.5, accuracy: 0.02, "g\(k): the bias is ∝ kT")
        }
        let expected = try ep.nudgedExpectation(beta: beta, temperature: kT, noise: .johnson, nudge: .source)
        let runs = try Self.seeds.map { seed in
            try ep.thermalGradient(.nudged, beta: beta,
                                   sampling: Self.sampling(ep, .nudged, noise: .johnson, temperature: kT, samples: 1000,
                                                           seed: seed))
        }
        Self.assertAgree(Self.zScores(runs, expected), "Johnson source-nudged vs its expectation")
        let (mean, error) = Self.pooled(runs)
        let away = zip(zip(mean, error), truth).map { abs($0.0 - $1) / $0.1 }
        XCTAssertGreaterThan(away.max()!, 5, "pooled estimate vs the true dL/dg, in standard errors")
        print("true dL/dg:           ", Self.format(truth))
        print("bias at β = \(beta):     ", Self.format(atBeta))
        print("bias at β = \(small):    ", Self.format(atSmall))
        print("bias at β = \(small / 4):", Self.format(atQuarter))
        print("bias at β = \(small), kT/2:", Self.format(halfT))
        print("nudged expectation:   ", Self.format(expected))
        print("nudged (pooled):      ", Self.format(mean), "±", Self.format(error))
        print("standard errors from dL/dg:", away.map { String(format: "%.1f", $0) }.joined(separator: " "))
    }

    /// Johnson noise, (c): a noisy nudging resistor makes the one-sided nudged estimator unbiased
    /// up to O(β) (the bias of noiseless one-sided EP), and the samples agree with it.
    func testJohnsonNoisyNudgingResistorIsUnbiasedToOrderBeta() throws {
        let ep = try Self.controller()
        let t = Self.temperature, beta = 0.2
        let truth = try ep.gaussianReference(temperature: t, noise: .johnson).gradient
        func bias(_ b: Double) throws -> [Double] {
            zip(try ep.nudgedExpectation(beta: b, temperature: t, noise: .johnson, nudge: .resistor), truth).map { $0 - $1 }
        }
        let atBeta = try bias(beta), atQuarter = try bias(beta / 4)
        let scale = truth.map(abs).max()!
        for k in atBeta.indices where abs(atBeta[k]) > 0.02 * scale {
            XCTAssertEqual(atQuarter[k] / atBeta[k], 0.25, accuracy: 0.05, "g\(k): bias O(β)")
        }
        XCTAssertLessThan(atQuarter.map(abs).max()!, 0.05 * scale)
        let expected = try ep.nudgedExpectation(beta: beta, temperature: t, noise: .johnson, nudge: .resistor)
        let runs = try Self.seeds.map { seed in
            try ep.thermalGradient(.nudged, beta: beta,
                                   sampling: Self.sampling(ep, .nudged, noise: .johnson, nudge: .resistor, samples: 1000,
                                                          seed: seed))
        }
        Self.assertAgree(Self.zScores(runs, expected), "Johnson resistor-nudged vs its expectation")
        let (mean, error) = Self.pooled(runs)
        print("true dL/dg:         ", Self.format(truth))
        print("bias at β:          ", Self.format(atBeta))
        print("bias at β/4:        ", Self.format(atQuarter))
        print("nudged (pooled):    ", Self.format(mean), "±", Self.format(error))
    }
}
