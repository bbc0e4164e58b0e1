import Foundation
import XCTest
@testable import PhysicalNetworks

/// The Boltzmann–Langevin stationary law ∝ exp(−E/T) (PHYSICS.md §5) on mechanical and
/// oscillator networks, against closed forms the library does not contain:
/// - a 2-D spring net near its equilibrium: covariance T·H⁻¹ (equipartition, H the Hessian of
///   the spring energy), whatever the drags on the nodes;
/// - one phase in a field, E = −h cos(φ − ψ): the von Mises law, ⟨cos(φ − ψ)⟩ = I₁(κ)/I₀(κ)
///   and ⟨cos 2(φ − ψ)⟩ = I₂(κ)/I₀(κ), κ = h/T, by quadrature, at κ = 0.5 and 3;
/// - two coupled phases at low T: covariance T·H⁻¹ of the quadratic expansion, and the exact
///   second moments (the energy separates into two von Mises variables).
///
/// Tolerances come from the effective sample count `N_eff ≈ t_obs / (2τ)` (τ the slowest
/// relaxation time of the observable): a variance estimate has relative standard error
/// √(2/N_eff), a mean of a bounded statistic `σ/√N_eff`. Each tolerance is about 4 standard
/// errors (predicted so, and checked against the scatter over 12–16 seeds, quoted per test)
/// plus the known bias (stochastic Heun's O(h²) step error, anharmonic O(T) terms), and well
/// below the change a wrong T or a wrong H would make (stated per test).
final class LangevinEquipartitionTests: XCTestCase {
    // MARK: Sampling

    /// Sample mean and covariance of the state over `steps` steps (observed every `every`),
    /// after a burn-in of `burnIn` steps from `start`.
    static func sampleCovariance(_ dynamics: LangevinDynamics, _ network: Network, start: [Double],
                                 burnIn: Int, steps: Int, every: Int) throws -> (mean: [Double], covariance: [[Double]]) {
        let equations = NetworkEquations(network: network)
        let n = start.count
        var state = start
        try dynamics.run(equations, state: &state, steps: burnIn)
        var sum = [Double](repeating: 0, count: n)
        var products = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var count = 0.0
        try dynamics.run(equations, state: &state, steps: steps, every: every) { x in
            count += 1
            for i in 0..<n {
                sum[i] += x[i]
                for j in 0..<n { products[i][j] += x[i] * x[j] }
            }
        }
        let mean = sum.map { $0 / count }
        return (mean, (0..<n).map { i in (0..<n).map { j in products[i][j] / count - mean[i] * mean[j] } })
    }

    /// Every entry of `measured` within `tolerance × max diagonal of expected` of `expected`.
    func assertCovariance(_ measured: [[Double]], _ expected: [[Double]], tolerance: Double, _ what: String,
                          file: StaticString = #filePath, line: UInt = #line) {
        let scale = expected.indices.map { expected[$0][$0] }.max()!
        for i in expected.indices {
            for j in expected.indices {
                XCTAssertEqual(measured[i][j], expected[i][j], accuracy: tolerance * scale,
                               "\(what) covariance[\(i)][\(j)]", file: file, line: line)
            }
        }
    }

    static func format(_ m: [[Double]]) -> String {
        m.map { $0.map { String(format: "%.4e", $0) }.joined(separator: " ") }.joined(separator: " | ")
    }

    // MARK: Springs

    /// Two free nodes P (unknowns 0, 1) and Q (2, 3) in the plane, four pinned anchors, five
    /// springs, every rest length equal to the spring's length at `equilibrium`: no spring is
    /// under tension there, so the equilibrium is exact and the Hessian is Σ_e k_e u_e u_eᵀ
    /// (Springs' ∂F/∂x with ℓ = r).
    static let equilibrium: [Double] = [1.0, 0.4, 2.0, 0.7]
    static let anchors: [SIMD3<Double>] = [[0, -0.6, 0], [0, 1.4, 0], [3, -0.3, 0], [3, 1.7, 0]]
    static let stiffness = [1.0, 0.6, 0.8, 0.8, 1.2]
    /// (a, b, anchor of a, anchor of b): unknown index or −1 (pinned).
    static let springList: [Springs.Spring] = [
        Springs.Spring(a: -1, b: 0, anchorA: anchors[0]),
        Springs.Spring(a: -1, b: 0, anchorA: anchors[1]),
        Springs.Spring(a: 0, b: 2),
        Springs.Spring(a: 2, b: -1, anchorB: anchors[2]),
        Springs.Spring(a: 2, b: -1, anchorB: anchors[3]),
    ]

    static func position(_ index: Int, anchor: SIMD3<Double>) -> SIMD2<Double> {
        index < 0 ? SIMD2(anchor.x, anchor.y) : SIMD2(equilibrium[index], equilibrium[index + 1])
    }

    /// Spring lengths at the equilibrium (the rest lengths) and their unit vectors.
    static var geometry: [(length: Double, u: SIMD2<Double>)] {
        springList.map { s in
            let d = position(s.a, anchor: s.anchorA) - position(s.b, anchor: s.anchorB)
            let r = (d * d).sum().squareRoot()
            return (r, d / r)
        }
    }

    static func springNetwork(drags: [Double]) -> Network {
        let parameters = stiffness + geometry.map(\.length) + drags
        return Network(
            unknowns: (0..<4).map { Unknown(name: "\($0 < 2 ? "p" : "q").\($0 % 2 == 0 ? "x" : "y")", kind: .coordinate) },
            interactions: [Springs(dimension: 2, springs: springList, stiffnessOffset: 0, restLengthOffset: 5),
                           NodeDrag(nodes: [0, 2], dimension: 2, parameterOffset: 10)],
            parameters: parameters, parameterNames: parameters.indices.map { "p\($0)" })
    }

    /// H = Σ_e k_e u_e u_eᵀ stamped on the (a, a), (b, b), −(a, b), −(b, a) blocks.
    static var springHessian: [[Double]] {
        var h = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for ((s, g), k) in zip(zip(springList, geometry), stiffness) {
            for p in 0..<2 {
                for q in 0..<2 {
                    let value = k * g.u[p] * g.u[q]
                    if s.a >= 0 { h[s.a + p][s.a + q] += value }
                    if s.b >= 0 { h[s.b + p][s.b + q] += value }
                    if s.a >= 0 && s.b >= 0 { h[s.a + p][s.b + q] -= value; h[s.b + p][s.a + q] -= value }
                }
            }
        }
        return h
    }

    /// The closed-form H is the library's Jacobian at the equilibrium, where the force vanishes
    /// (so the sampled law below is centred where the closed form says).
    func testSpringHessianIsTheJacobianAtTheEquilibrium() {
        let equations = NetworkEquations(network: Self.springNetwork(drags: [1, 1]))
        var residual = [Double](repeating: 1, count: 4)
        Self.equilibrium.withUnsafeBufferPointer { x in
            residual.withUnsafeMutableBufferPointer { equations.evaluateResidual(x, drive: .dc, into: $0) }
            equations.evaluateJacobian(x, drive: .dc)
        }
        for r in residual { XCTAssertEqual(r, 0, accuracy: 1e-14) }
        let jacobian = denseMatrix(equations.pattern, values: Array(equations.jacobianValues))
        for (row, expected) in zip(jacobian, Self.springHessian) {
            for (a, b) in zip(row, expected) { XCTAssertEqual(a, b, accuracy: 1e-14) }
        }
    }

    /// Equipartition at T = 1e-4 J: coordinate fluctuations are ~0.01 m on springs ~1 m long,
    /// so the geometric (anharmonic) corrections to the covariance are O(T/(k ℓ²)) ~ 1e-4,
    /// negligible. H's eigenvalues are 0.64…2.63 N/m; those of M⁻¹H span 0.47…3.2 s⁻¹ (drags
    /// 0.6, 1.8) and 0.43…3.5 s⁻¹ (drags 1.5, 0.6). With h = 0.05 s, hλ_max ≤ 0.18 and Heun's
    /// stationary bias (≈ (hλ)²/4, on the fastest mode only) is ≤ 0.8 %. 2e5 steps observe
    /// 1e4 s, N_eff ≈ 1e4 × 0.43 / 2 ≈ 2000 for the slowest mode: relative error √(2/2000)
    /// ≈ 3 % on its variance. Over 12 seeds per drag set the largest entry error was ≤ 8 % of
    /// the largest variance (typically 2–3 %), and max |H·Σ/T − I| ≤ 0.081 (typically 0.02–0.035).
    ///
    /// Tolerances: 10 % of the largest variance entrywise, 0.12 on H·Σ/T − I. Doubling T moves
    /// every entry by 100 % (and H·Σ/T − I to 1); a factor 2 on any one spring's stiffness
    /// moves H·Σ/T − I by ≥ 0.21 (the entrywise check alone would miss a factor 2 on the P–Q
    /// spring: its entries move by only 7–9 % of the scale).
    func testSpringCovarianceIsTOverHessian() throws {
        try checkSpringEquipartition(drags: [0.6, 1.8], seed: 21)
    }

    /// The same net with other drags, in the other proportion (node P 2.5 × slower, Q 3 ×
    /// faster than above): the time scales change, the stationary covariance does not.
    func testSpringCovarianceIgnoresTheDrags() throws {
        try checkSpringEquipartition(drags: [1.5, 0.6], seed: 22)
    }

    func checkSpringEquipartition(drags: [Double], seed: UInt64, file: StaticString = #filePath, line: UInt = #line) throws {
        let temperature = 1e-4
        let dynamics = LangevinDynamics(noise: .boltzmann, temperature: temperature, stepSize: 0.05, scheme: .heun, seed: seed)
        let (mean, covariance) = try Self.sampleCovariance(dynamics, Self.springNetwork(drags: drags), start: Self.equilibrium,
                                                           burnIn: 5_000, steps: 200_000, every: 5)
        let h = Self.springHessian
        let expected = LangevinDynamicsTests.inverse(h).map { $0.map { temperature * $0 } }
        let whitened = (0..<4).map { i in (0..<4).map { j in
            (0..<4).reduce(0.0) { $0 + h[i][$1] * covariance[$1][j] } / temperature - (i == j ? 1 : 0) } }
        let deviation = whitened.flatMap { $0 }.map(abs).max()!
        print("springs, drags \(drags): sampled \(Self.format(covariance))\n  T·H⁻¹ \(Self.format(expected))\n  max |H·Σ/T − I| = \(deviation)")
        assertCovariance(covariance, expected, tolerance: 0.10, "springs, drags \(drags)", file: file, line: line)
        XCTAssertLessThan(deviation, 0.12, "springs, drags \(drags): max |H·Σ/T − I|", file: file, line: line)
        // The mean is the equilibrium: standard error ≈ √(1.3e-4 m² / 2000) ≈ 3e-4 m at worst.
        for (m, x) in zip(mean, Self.equilibrium) { XCTAssertEqual(m, x, accuracy: 1.5e-3, file: file, line: line) }
    }

    // MARK: One phase in a field

    /// `∫ exp(κ cos θ) cos(nθ) dθ / ∫ exp(κ cos θ) dθ` over (−π, π] = I_n(κ)/I₀(κ), by the
    /// trapezoidal rule on the periodic integrand (spectrally accurate: 2000 points give 1e-15).
    static func vonMisesMoment(cosineOf n: Int, kappa: Double, points: Int = 2000) -> Double {
        var numerator = 0.0, denominator = 0.0
        for j in 1...points {
            let theta = -Double.pi + 2 * Double.pi * Double(j) / Double(points)
            let weight = exp(kappa * (cos(theta) - 1))
            numerator += weight * cos(Double(n) * theta)
            denominator += weight
        }
        return numerator / denominator
    }

    /// ⟨θ²⟩ of the von Mises law on (−π, π], by the same quadrature (θ² is not periodic, but
    /// its weight exp(κ(cos θ − 1)) is ≤ e^{−2κ} at the ends: negligible for the κ ≥ 20 used).
    static func vonMisesSecondMoment(kappa: Double, points: Int = 4000) -> Double {
        var numerator = 0.0, denominator = 0.0
        for j in 1...points {
            let theta = -Double.pi + 2 * Double.pi * Double(j) / Double(points)
            let weight = exp(kappa * (cos(theta) - 1))
            numerator += weight * theta * theta
            denominator += weight
        }
        return numerator / denominator
    }

    /// Known values: I₁/I₀(0.5) = 0.242500, I₁/I₀(3) = 0.809985, I₂/I₀(3) = 0.460010
    /// (scipy.special.iv), so the quadrature is right before it judges anything.
    func testBesselRatiosByQuadrature() {
        XCTAssertEqual(Self.vonMisesMoment(cosineOf: 1, kappa: 0.5), 0.242500, accuracy: 2e-6)
        XCTAssertEqual(Self.vonMisesMoment(cosineOf: 1, kappa: 3), 0.809985, accuracy: 2e-6)
        XCTAssertEqual(Self.vonMisesMoment(cosineOf: 2, kappa: 3), 0.460010, accuracy: 2e-6)
        // Large κ: ⟨θ²⟩ → 1/κ + 1/(2κ²) + O(κ⁻³).
        XCTAssertEqual(Self.vonMisesSecondMoment(kappa: 100), 0.01 + 0.5e-4, accuracy: 2e-6)
    }

    /// φ in the field h = 1 J, ψ = 0.7, drag γ = 0.8 J·s/rad²: ⟨cos δ⟩, ⟨sin δ⟩ and ⟨cos 2δ⟩
    /// (δ = φ − ψ; cos and sin are periodic, so the unwrapped phase needs no wrapping) at
    /// κ = h/T = 0.5 (T = 2 J, nearly free diffusion) and κ = 3 (T = 1/3 J).
    ///
    /// Step 0.05 s (h·h_field/γ = 0.06, diffusion per step √(2T·0.05/γ) ≤ 0.5 rad); 2e5 steps
    /// observe 1e4 s. Correlation times are ≲ 1 s (first-harmonic decay T/γ = 2.5 s⁻¹ at
    /// κ = 0.5; small-oscillation rate h/γ = 1.25 s⁻¹ at κ = 3, the slowest, for sin δ ≈ δ), so
    /// e.g. at κ = 3 the error of ⟨sin δ⟩ is ≈ √(Var sin δ · 2τ / t) = √(0.27 × 1.6 / 1e4)
    /// ≈ 0.007. Measured over 16 seeds: standard deviations ≤ 0.0053 (κ = 0.5) and ≤ 0.0081
    /// (κ = 3, ⟨sin δ⟩), means within 2σ/√16 of the closed forms (no visible step bias).
    /// Tolerances 0.025 and 0.035 (≥ 4σ). A wrong T by a factor 2 moves ⟨cos δ⟩ to 0.124 or
    /// 0.446 (κ = 0.5) and to 0.60 or 0.91 (κ = 3): all fail.
    func testPhaseInAFieldIsVonMises() throws {
        let field = 1.0, psi = 0.7
        let network = Network(
            unknowns: [Unknown(name: "phi", kind: .phase)],
            interactions: [PhaseFields(oscillators: [0], strengthOffset: 0, phaseOffset: 1),
                           PhaseDrag(oscillators: [0], parameterOffset: 2)],
            parameters: [field, psi, 0.8], parameterNames: ["h", "psi", "gamma"])
        for (kappa, tolerance, seed) in [(0.5, 0.025, UInt64(31)), (3.0, 0.035, UInt64(32))] {
            let temperature = field / kappa
            let dynamics = LangevinDynamics(noise: .boltzmann, temperature: temperature, stepSize: 0.05, scheme: .heun, seed: seed)
            let equations = NetworkEquations(network: network)
            var state = [psi + 2.0]
            try dynamics.run(equations, state: &state, steps: 2_000)  // burn-in: 100 s ≫ 0.5 s
            var cosine = 0.0, sine = 0.0, cosine2 = 0.0, count = 0.0
            try dynamics.run(equations, state: &state, steps: 200_000, every: 2) { x in
                let delta = x[0] - psi
                cosine += cos(delta); sine += sin(delta); cosine2 += cos(2 * delta); count += 1
            }
            let a1 = Self.vonMisesMoment(cosineOf: 1, kappa: kappa), a2 = Self.vonMisesMoment(cosineOf: 2, kappa: kappa)
            print("phase in a field, κ = \(kappa): ⟨cos δ⟩ \(cosine / count) vs I₁/I₀ \(a1); ⟨cos 2δ⟩ \(cosine2 / count) vs I₂/I₀ \(a2); ⟨sin δ⟩ \(sine / count)")
            XCTAssertEqual(cosine / count, a1, accuracy: tolerance, "κ = \(kappa)")
            XCTAssertEqual(cosine2 / count, a2, accuracy: tolerance, "κ = \(kappa)")
            XCTAssertEqual(sine / count, 0, accuracy: tolerance, "κ = \(kappa)")
        }
    }

    // MARK: Two coupled phases

    /// φ₀ in the field (h = 1 J, ψ = 0.7), φ₁ coupled to φ₀ only (W = 0.6 J), drags 0.8 and
    /// 0.5, T = 0.02 J. E = −h cos(φ₀ − ψ) − W cos(φ₁ − φ₀): near φ₀ = φ₁ = ψ,
    /// H = [[h + W, −W], [−W, W]], so T·H⁻¹ = T [[1/h, 1/h], [1/h, 1/h + 1/W]]. And exactly:
    /// δ₀ = φ₀ − ψ and δ₁ = φ₁ − φ₀ are independent von Mises variables (κ = h/T = 50 and
    /// W/T = 30), so Var φ₀ = Cov(φ₀, φ₁) = ⟨δ₀²⟩ and Var φ₁ = ⟨δ₀²⟩ + ⟨δ₁²⟩. Barriers 2h/T and
    /// 2W/T ≥ 60: no phase slips in the run, so the unwrapped phases are the δ's.
    ///
    /// The anharmonic correction (−cos δ = −1 + δ²/2 − δ⁴/24 …) raises ⟨δ²⟩ by 1/(2κ): 1 % and
    /// 1.7 % here (Var φ₁ is 1.5 % above T·H⁻¹). M⁻¹H has rates 0.57 and 2.63 s⁻¹; h = 0.05 s
    /// gives hλ_max = 0.13 (Heun's bias ≈ 0.4 %); 2e5 steps observe 1e4 s, N_eff ≈ 1e4 × 0.57 / 2
    /// ≈ 2800, so the variances' relative standard error is ≈ √(2/2800) ≈ 2.7 %. Over 12 seeds
    /// the entries' errors against the exact moments had standard deviations ≤ 1.6 % of the
    /// largest variance (max 3 %), and against T·H⁻¹ Var φ₁ sat 1.8 ± 0.5 % high — the
    /// anharmonic term, resolved. Tolerances: 7 % of the largest variance against the exact
    /// moments, 8.5 % against T·H⁻¹ (adding the 1.5 %). Swapping h and W moves Var φ₀ by 25 %
    /// of the scale; a wrong T by a factor 2 moves everything by 50–100 %.
    func testCoupledPhasesAtLowTemperatureAreGaussianWithTOverHessian() throws {
        let w = 0.6, field = 1.0, psi = 0.7, temperature = 0.02
        let network = Network(
            unknowns: [Unknown(name: "phi0", kind: .phase), Unknown(name: "phi1", kind: .phase)],
            interactions: [PhaseCouplings(couplings: [PhaseCouplings.Coupling(a: 0, b: 1)], weightOffset: 0),
                           PhaseFields(oscillators: [0], strengthOffset: 1, phaseOffset: 2),
                           PhaseDrag(oscillators: [0, 1], parameterOffset: 3)],
            parameters: [w, field, psi, 0.8, 0.5], parameterNames: ["W", "h", "psi", "gamma0", "gamma1"])
        let dynamics = LangevinDynamics(noise: .boltzmann, temperature: temperature, stepSize: 0.05, scheme: .heun, seed: 41)
        let (mean, covariance) = try Self.sampleCovariance(dynamics, network, start: [psi, psi],
                                                           burnIn: 2_000, steps: 200_000, every: 5)
        let harmonic = [[temperature / field, temperature / field],
                        [temperature / field, temperature / field + temperature / w]]
        let m0 = Self.vonMisesSecondMoment(kappa: field / temperature), m1 = Self.vonMisesSecondMoment(kappa: w / temperature)
        let exact = [[m0, m0], [m0, m0 + m1]]
        print("coupled phases, T = \(temperature): sampled \(Self.format(covariance))\n  T·H⁻¹ \(Self.format(harmonic))\n  exact \(Self.format(exact))")
        assertCovariance(covariance, harmonic, tolerance: 0.085, "coupled phases vs T·H⁻¹")
        assertCovariance(covariance, exact, tolerance: 0.07, "coupled phases vs von Mises")
        // Means at ψ: standard error ≈ √(0.053 / 2800) ≈ 0.004 rad.
        for m in mean { XCTAssertEqual(m, psi, accuracy: 0.02) }
    }
}
