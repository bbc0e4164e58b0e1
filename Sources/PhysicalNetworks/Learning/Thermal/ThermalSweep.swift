import Foundation

/// A study of the thermal estimators' statistics (issue 7): over a grid of temperatures T,
/// nudges β and samples per phase M, each estimator is run over K seeds, and the spread of its
/// estimates over the seeds is set against the Gaussian closed form of dL/dθ.
///
/// What the theory says (PHYSICS.md §5), with δ = x − s* ~ N(0, Σ), Σ = T·H⁻¹ under Boltzmann
/// noise, and a = ∂_θE, c = C the measurement and the cost:
///
/// - `thermal-nudged`, `ĝ = [⟨a⟩_β − ⟨a⟩_{−β}]/(2β)` from two independent runs of M samples:
///   `Var ĝ ≈ [Var_β(a) + Var_{−β}(a)]/(4β² M_eff) ≈ ∇aᵀ Σ ∇a /(2β² M_eff) ∝ T/(M β²)`, so the
///   log–log slopes of the variance are −2 in β, +1 in T, −1 in M (for β small against the
///   network's conductances, and T small enough that the O(T²) term ½Tr(Σ∇²aΣ∇²a) is negligible).
/// - `thermal-covariance`, the mean of the per-sample terms `−(a − ā)(c − c̄)/T`. To leading
///   order a − ā = ∇aᵀδ =: X and c − c̄ = ∇cᵀδ =: Y are jointly Gaussian, and by Isserlis
///   `Var(XY) = Var X · Var Y + Cov(X, Y)²`, so the per-sample variance is
///
///       σ₁² = [(∇aᵀ Σ ∇a)(∇cᵀ Σ ∇c) + (∇aᵀ Σ ∇c)²]/T²
///           = (∇aᵀH⁻¹∇a)(∇cᵀH⁻¹∇c) + (dL/dθ)²  + O(T)
///
///   (using dL/dθ = −∇aᵀH⁻¹∇c + O(T)): **O(1) in T**, not falling as T → 0, and at least
///   2(dL/dθ)² (equality in one dimension: case 5 gives σ₁² = 2θ²(θ − y)²/g²). Hence
///   `Var ĝ ≈ σ₁²/M_eff`: slope 0 in T and −1 in M, as long as the noiseless outputs miss their
///   targets (∇C(s*) ≠ 0; at the target Y is O(T) and the slope in T becomes +1).
///
/// M_eff = M·(a constant) when the sampling interval is tied to the network's relaxation time
/// (`thermalSampling(_:seed:)`), as here, so it does not move the slopes.
///
/// Every (estimator, T, β, M, seed) run has its own noise: seeds are drawn from `seed` by
/// SplitMix64 over the cell and the repetition, so the K estimates of a cell are independent
/// and cells are independent of one another (the slopes' errors assume it).
public struct ThermalSweep: Sendable {
    /// The grid and how each point is sampled.
    public struct Grid: Sendable, Equatable {
        public var temperatures: [Double]
        public var betas: [Double]
        public var samples: [Int]
        /// K, repetitions per grid point (≥ 2).
        public var seeds: Int
        /// The base of every run's seed.
        public var seed: UInt64
        public var noise: NoiseModel
        public var nudge: EquilibriumPropagation.NudgeElement

        public init(temperatures: [Double], betas: [Double], samples: [Int], seeds: Int, seed: UInt64 = 1,
                    noise: NoiseModel = .boltzmann, nudge: EquilibriumPropagation.NudgeElement = .source) {
            precondition(!temperatures.isEmpty && temperatures.allSatisfy { $0 > 0 && $0.isFinite },
                         "temperatures \(temperatures) must be a non-empty list of positive numbers")
            precondition(!betas.isEmpty && betas.allSatisfy { $0 > 0 && $0.isFinite },
                         "betas \(betas) must be a non-empty list of positive numbers")
            precondition(!samples.isEmpty && samples.allSatisfy { $0 >= 40 }, "samples \(samples) must all be ≥ 40")
            precondition(seeds >= 2, "K = \(seeds) seeds: a spread needs at least 2")
            self.temperatures = temperatures
            self.betas = betas
            self.samples = samples
            self.seeds = seeds
            self.seed = seed
            self.noise = noise
            self.nudge = nudge
        }

        /// The values the plot's panels hold fixed: the middle of each list (lower median).
        public var middle: (temperature: Double, beta: Double, samples: Int) {
            func mid<T: Comparable>(_ values: [T]) -> T { values.sorted()[(values.count - 1) / 2] }
            return (mid(temperatures), mid(betas), mid(samples))
        }

        /// Estimator runs the sweep makes: per (T, M) one covariance and one nudged per β, K times.
        public var runCount: Int { temperatures.count * samples.count * (betas.count + 1) * seeds }
    }

    /// One grid point's statistics for one parameter.
    public struct Row: Sendable, Equatable {
        public var estimator: EquilibriumPropagation.ThermalEstimator
        public var temperature: Double
        /// The nudge; 0 for `thermal-covariance`, which never nudges.
        public var beta: Double
        public var samples: Int
        public var parameter: String
        /// dL/dθ of the Gaussian closed form at T (`gaussianReference`).
        public var reference: Double
        /// What the estimator estimates at this point under the Gaussian law: the finite-β
        /// difference (`nudgedExpectation`) or −Cov(∂_θE, C)/T (`covarianceExpectation`).
        public var expectation: Double
        /// Mean and sample standard deviation of the K estimates.
        public var mean: Double
        public var spread: Double
        /// The standard error reported by each run (batch means), averaged over the K runs.
        public var reportedError: Double
        /// The runs' effective sample sizes, averaged.
        public var effectiveSamples: Double
        /// The standard deviation of the per-sample terms within a run (σ₁: of −(a − ā)(c − c̄)/T,
        /// or of (a₊ − a₋)/(2β)), averaged over the runs: `standardError·√effectiveSamples`.
        public var perSampleSpread: Double
        public var seeds: Int

        /// mean − reference.
        public var bias: Double { mean - reference }
        /// The standard error of `mean`: spread/√K.
        public var meanError: Double { spread / Double(seeds).squareRoot() }
        /// spread², the estimator's variance at this point.
        public var variance: Double { spread * spread }
    }

    /// An axis of the grid.
    public enum Axis: String, Sendable, CaseIterable {
        case beta, temperature, samples
    }

    /// A fitted log–log slope of an estimator's variance against one axis.
    public struct Slope: Sendable, Equatable {
        public var estimator: EquilibriumPropagation.ThermalEstimator
        public var parameter: String
        public var axis: Axis
        /// d ln Var / d ln x, pooled over the other axes' values (a separate intercept each).
        public var value: Double
        /// Its standard error from the sampling error of each ln Var, √(2/(K − 1)) for Gaussian
        /// estimates: √(2/(K − 1)) / √Σ(ln x − mean within its group)².
        public var standardError: Double
        /// What theory says (see the type's doc comment).
        public var expected: Double
        /// The points used (grid points with a positive variance).
        public var points: Int
    }

    public var grid: Grid
    public var parameters: [String]
    public var rows: [Row]

    /// Why a sweep cannot run.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case sampling(EquilibriumPropagation.ThermalSetupError)
        case dynamics(LangevinDynamics.Failure, temperature: Double, beta: Double)
        case reference(EquilibriumPropagation.GaussianFailure, temperature: Double)

        public var description: String {
            switch self {
            case .sampling(let error): return error.description
            case .dynamics(let error, let temperature, let beta):
                let what: String
                switch error {
                case .singularMass:
                    what = "thermal dynamics need a mass at every unknown (a capacitance at every node, a drag at every coordinate or phase)"
                case .nonFinite(let step): what = "the Langevin run blew up at step \(step) (non-finite state)"
                }
                return "T = \(temperature), β = \(beta): \(what)"
            case .reference(let error, let temperature):
                return "T = \(temperature): no Gaussian reference: \(error.description)"
            }
        }
    }

    /// Runs the sweep on `ep` (inputs and targets set).
    /// - Parameter progress: called after each estimator run with (runs done, `grid.runCount`).
    /// - Complexity: `grid.runCount` Langevin estimates (3 phases each for nudged with a
    ///   source, 2 with a resistor, 1 for covariance) plus, per T, 1 + 2·(trainable parameters)
    ///   dense Lyapunov solves for the reference and 2 per β for the expectation.
    public static func run(_ ep: EquilibriumPropagation, grid: Grid,
                           progress: (Int, Int) -> Void = { _, _ in }) throws(Failure) -> ThermalSweep {
        let names = ep.trainableNames
        var rows: [Row] = []
        var done = 0, cell: UInt64 = 0
        for temperature in grid.temperatures {
            let reference: EquilibriumPropagation.GaussianReference
            var expectations: [Double: [Double]] = [:]
            do throws(EquilibriumPropagation.GaussianFailure) {
                reference = try ep.gaussianReference(temperature: temperature, noise: grid.noise)
                for beta in grid.betas {
                    expectations[beta] = try ep.nudgedExpectation(beta: beta, temperature: temperature,
                                                                  noise: grid.noise, nudge: grid.nudge)
                }
            } catch {
                throw .reference(error, temperature: temperature)
            }
            for samples in grid.samples {
                let settings = ThermalSettings(estimator: .nudged, temperature: temperature, noise: grid.noise,
                                               samples: samples, nudge: grid.nudge)
                let runs: [(EquilibriumPropagation.ThermalEstimator, Double, [Double])] =
                    [(.covariance, 0, reference.covarianceExpectation)]
                    + grid.betas.map { (.nudged, $0, expectations[$0] ?? []) }
                for (estimator, beta, expected) in runs {
                    var estimates: [EquilibriumPropagation.ThermalGradientEstimate] = []
                    for k in 0..<grid.seeds {
                        let seed = runSeed(grid.seed, cell: cell, repetition: UInt64(k))
                        let sampling: EquilibriumPropagation.ThermalSampling
                        do throws(EquilibriumPropagation.ThermalSetupError) {
                            sampling = try ep.thermalSampling(settings, seed: seed)
                        } catch {
                            throw .sampling(error)
                        }
                        do throws(LangevinDynamics.Failure) {
                            estimates.append(try ep.thermalGradient(estimator, beta: beta, sampling: sampling))
                        } catch {
                            throw .dynamics(error, temperature: temperature, beta: beta)
                        }
                        done += 1
                        progress(done, grid.runCount)
                    }
                    cell += 1
                    for (p, name) in names.enumerated() {
                        let values = estimates.map { $0.gradient[p] }
                        rows.append(Row(
                            estimator: estimator, temperature: temperature, beta: beta, samples: samples,
                            parameter: name, reference: reference.gradient[p], expectation: expected[p],
                            mean: average(values), spread: EquilibriumPropagation.spread(values),
                            reportedError: average(estimates.map { $0.standardError[p] }),
                            effectiveSamples: average(estimates.map { $0.effectiveSamples[p] }),
                            perSampleSpread: average(estimates.map {
                                $0.standardError[p] * $0.effectiveSamples[p].squareRoot()
                            }),
                            seeds: grid.seeds))
                    }
                }
            }
        }
        return ThermalSweep(grid: grid, parameters: names, rows: rows)
    }

    /// The seed of repetition k of grid cell `cell`: SplitMix64 of the base, the cell and k.
    static func runSeed(_ base: UInt64, cell: UInt64, repetition: UInt64) -> UInt64 {
        func mix(_ value: UInt64) -> UInt64 {
            var z = value &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return mix(mix(mix(base) ^ cell) ^ repetition)
    }

    /// The slope theory expects for `estimator`'s variance against `axis` (nil: not defined, the
    /// covariance estimator has no β).
    public static func expectedSlope(_ estimator: EquilibriumPropagation.ThermalEstimator, _ axis: Axis) -> Double? {
        switch (estimator, axis) {
        case (.nudged, .beta): return -2
        case (.nudged, .temperature): return 1
        case (_, .samples): return -1
        case (.covariance, .temperature): return 0
        case (.covariance, .beta): return nil
        }
    }

    /// The log–log slopes of every estimator's variance against every axis with at least two
    /// values, per parameter. Each is the pooled within-group least-squares slope: points that
    /// share the other two coordinates form a group with its own intercept.
    public func slopes() -> [Slope] {
        var result: [Slope] = []
        for estimator in EquilibriumPropagation.ThermalEstimator.allCases {
            for name in parameters {
                let mine = rows.filter { $0.estimator == estimator && $0.parameter == name && $0.variance > 0 }
                for axis in Axis.allCases {
                    guard let expected = Self.expectedSlope(estimator, axis) else { continue }
                    var groups: [String: [(x: Double, y: Double)]] = [:]
                    for row in mine {
                        let x: Double, key: String
                        switch axis {
                        case .beta: (x, key) = (row.beta, "\(row.temperature) \(row.samples)")
                        case .temperature: (x, key) = (row.temperature, "\(row.beta) \(row.samples)")
                        case .samples: (x, key) = (Double(row.samples), "\(row.temperature) \(row.beta)")
                        }
                        groups[key, default: []].append((log(x), log(row.variance)))
                    }
                    guard let fit = Self.pooledSlope(Array(groups.values)) else { continue }
                    let logError = (2 / Double(grid.seeds - 1)).squareRoot()
                    result.append(Slope(estimator: estimator, parameter: name, axis: axis, value: fit.slope,
                                        standardError: logError / fit.spread.squareRoot(), expected: expected,
                                        points: fit.points))
                }
            }
        }
        return result
    }

    /// The least-squares slope of y on x shared by groups with their own intercepts, and
    /// Σ(x − x̄_group)²; nil when no group has two distinct x.
    static func pooledSlope(_ groups: [[(x: Double, y: Double)]]) -> (slope: Double, spread: Double, points: Int)? {
        var sxy = 0.0, sxx = 0.0, points = 0
        for group in groups where group.count >= 2 {
            let mx = average(group.map(\.x)), my = average(group.map(\.y))
            for point in group {
                sxy += (point.x - mx) * (point.y - my)
                sxx += (point.x - mx) * (point.x - mx)
            }
            points += group.count
        }
        guard sxx > 0 else { return nil }
        return (sxy / sxx, sxx, points)
    }

    /// The rows the plot's panels show: `axis` varies, the others at `grid.middle`.
    public func panelRows(along axis: Axis, estimator: EquilibriumPropagation.ThermalEstimator,
                          parameter: String) -> [Row] {
        let fixed = grid.middle
        return rows.filter { row in
            guard row.estimator == estimator, row.parameter == parameter else { return false }
            let beta = estimator == .covariance || axis == .beta || row.beta == fixed.beta
            let temperature = axis == .temperature || row.temperature == fixed.temperature
            let samples = axis == .samples || row.samples == fixed.samples
            return beta && temperature && samples
        }.sorted { Self.coordinate($0, axis) < Self.coordinate($1, axis) }
    }

    /// A row's value along `axis`.
    public static func coordinate(_ row: Row, _ axis: Axis) -> Double {
        switch axis {
        case .beta: return row.beta
        case .temperature: return row.temperature
        case .samples: return Double(row.samples)
        }
    }
}

/// The mean of `values` (0 for none).
private func average(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}
