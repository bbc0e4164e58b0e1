import XCTest
@testable import PhysicalNetworks

/// `ThermalSweep` on PHYSICS.md case 5 as an RC node under Boltzmann noise (the controller of
/// `ThermalEquilibriumPropagationTests`: g = 2 S, I = 0.6 A, y = 1 V, so θ = 0.3 V and
/// dL/dg = −(θ − y)θ/g − T/(2g²)). Every run is seeded, so these numbers are reproducible; the
/// tolerances are those the sweep's statistics justify for K seeds.
final class ThermalSweepTests: XCTestCase {
    static let g = ThermalEquilibriumPropagationTests.g
    static let theta = ThermalEquilibriumPropagationTests.current / g
    static let target = ThermalEquilibriumPropagationTests.target

    static func exactGradient(_ temperature: Double) -> Double {
        -(theta - target) * theta / g - temperature / (2 * g * g)
    }

    /// The nudged estimator's variance over seeds falls as β⁻² (Var ≈ θ²T/(g·2β²M_eff)).
    /// With K = 16 each ln Var has a sampling error √(2/15) ≈ 0.37, and over four β a factor 2
    /// apart the slope's error is 0.37/√Σ(ln β − mean)² ≈ 0.24 (`Slope.standardError`); the test
    /// allows 3 of them. β ≤ 0.16 ≪ g keeps the nudged law's own change of Var(∂E/∂g) below 10 %.
    func testNudgedVarianceFallsAsBetaToTheMinusTwo() throws {
        let ep = try ThermalEquilibriumPropagationTests.controller()
        let grid = ThermalSweep.Grid(temperatures: [0.05], betas: [0.02, 0.04, 0.08, 0.16], samples: [100], seeds: 16)
        let sweep = try ThermalSweep.run(ep, grid: grid)
        XCTAssertEqual(sweep.rows.count, 5, "one covariance and four nudged rows for one parameter")
        let slope = try XCTUnwrap(sweep.slopes().first { $0.estimator == .nudged && $0.axis == .beta })
        XCTAssertEqual(slope.points, 4)
        XCTAssertEqual(slope.expected, -2)
        XCTAssertEqual(slope.standardError, (2.0 / 15).squareRoot() / (5 * pow(log(2.0), 2)).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(slope.value, -2, accuracy: 3 * slope.standardError, "slope \(slope.value) ± \(slope.standardError)")
        // And the rows carry the reference and the estimator's own finite-β expectation.
        for row in sweep.rows {
            XCTAssertEqual(row.reference, Self.exactGradient(0.05), accuracy: 1e-6)
            XCTAssertEqual(row.bias, row.mean - row.reference)
            XCTAssertEqual(row.meanError, row.spread / 4, accuracy: 1e-15)
            if row.estimator == .nudged {
                XCTAssertEqual(row.mean, row.expectation, accuracy: 4 * row.meanError, "β = \(row.beta)")
            }
        }
    }

    /// The covariance estimator's per-sample spread is O(1) in T (σ₁² → 2θ²(θ − y)²/g² as T → 0,
    /// see `ThermalSweep`), so its variance does not fall with T, whereas the nudged one's rises
    /// as T; and it is unbiased: every mean within 3 standard errors (spread/√K over independent
    /// seeds) of the closed form. M = 400 keeps the sample covariance's own O(τ/M) bias (the
    /// samples are correlated over ~4 intervals) near 1 %, below those errors.
    func testCovarianceVarianceIsFlatInTemperatureAndUnbiased() throws {
        let ep = try ThermalEquilibriumPropagationTests.controller()
        let grid = ThermalSweep.Grid(temperatures: [0.002, 0.01, 0.05], betas: [0.1], samples: [400], seeds: 16, seed: 7)
        let sweep = try ThermalSweep.run(ep, grid: grid)
        let slopes = sweep.slopes()
        let covariance = try XCTUnwrap(slopes.first { $0.estimator == .covariance && $0.axis == .temperature })
        let nudged = try XCTUnwrap(slopes.first { $0.estimator == .nudged && $0.axis == .temperature })
        // σ ≈ 0.37/√(2 ln²5) ≈ 0.16. The O(T) corrections to σ₁² (½δ² terms) add < 0.1 at T ≤ 0.05.
        XCTAssertEqual(covariance.value, 0, accuracy: 3 * covariance.standardError + 0.1, "\(covariance)")
        XCTAssertEqual(nudged.value, 1, accuracy: 3 * nudged.standardError + 0.1, "\(nudged)")
        for row in sweep.rows where row.estimator == .covariance {
            XCTAssertEqual(row.reference, Self.exactGradient(row.temperature), accuracy: 1e-6)
            XCTAssertEqual(row.expectation, row.reference, accuracy: 1e-6, "Boltzmann: −Cov/T estimates dL/dθ")
            XCTAssertEqual(row.bias, 0, accuracy: 3 * row.meanError, "T = \(row.temperature)")
            // Per-sample spread O(1): σ₁ → √2·|θ(θ − y)|/g ≈ 0.148 as T → 0; a Monte Carlo of
            // the exact law (4e6 draws) gives 0.148, 0.147, 0.141 at T = 0.002, 0.01, 0.05. A run's
            // sample std of these heavy-tailed terms reads a few % low; allow 10 %.
            let monteCarlo = [0.002: 0.148, 0.01: 0.147, 0.05: 0.141][row.temperature] ?? .nan
            XCTAssertEqual(row.perSampleSpread, monteCarlo, accuracy: 0.1 * monteCarlo, "T = \(row.temperature)")
            XCTAssertEqual(0.148, 2.0.squareRoot() * abs(Self.theta * (Self.theta - Self.target)) / Self.g, accuracy: 5e-4)
        }
    }

    func testSeedsDifferAcrossCellsAndRepetitions() {
        var seen = Set<UInt64>()
        for cell in 0..<20 as Range<UInt64> {
            for k in 0..<20 as Range<UInt64> { seen.insert(ThermalSweep.runSeed(1, cell: cell, repetition: k)) }
        }
        XCTAssertEqual(seen.count, 400)
        XCTAssertNotEqual(ThermalSweep.runSeed(1, cell: 0, repetition: 0), ThermalSweep.runSeed(2, cell: 0, repetition: 0))
    }

    /// Groups with their own intercepts share one slope: exact data give it exactly.
    func testPooledSlopeIgnoresTheGroupsIntercepts() throws {
        let xs = [1.0, 2.0, 4.0].map(log)
        let groups = [xs.map { (x: $0, y: 3 - 2 * $0) }, xs.map { (x: $0, y: -5 - 2 * $0) }, [(x: 0.7, y: 9.0)]]
        let fit = try XCTUnwrap(ThermalSweep.pooledSlope(groups))
        XCTAssertEqual(fit.slope, -2, accuracy: 1e-12)
        XCTAssertEqual(fit.points, 6, "a group of one point carries no slope")
        XCTAssertNil(ThermalSweep.pooledSlope([[(x: 1, y: 2)]]))
    }

    func testCSVHasTheDocumentedColumnsAndOneLinePerRow() throws {
        let ep = try ThermalEquilibriumPropagationTests.controller()
        let grid = ThermalSweep.Grid(temperatures: [0.05], betas: [0.1], samples: [40, 80], seeds: 2)
        let sweep = try ThermalSweep.run(ep, grid: grid)
        let lines = sweep.csv().split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init),
                       "estimator,temperature,beta,samples,parameter,reference,mean,bias,spread,mean_stderr,"
                       + "effective_samples,expectation,reported_stderr,per_sample_spread,seeds")
        XCTAssertEqual(lines.count, 1 + 2 * 2)
        XCTAssertTrue(lines[1].hasPrefix("thermal-covariance,0.05,0.0,40,r1,"), String(lines[1]))
        XCTAssertTrue(lines[2].hasPrefix("thermal-nudged,0.05,0.1,40,r1,"), String(lines[2]))
        let plot = sweep.plot(name: "case 5").svg()
        XCTAssertTrue(plot.contains("K = 2 seeds"))
        XCTAssertEqual(sweep.slopes().filter { $0.axis == .samples }.count, 2)
    }
}
