import XCTest
@testable import PhysicalNetworks

/// Noise statistics against their settings over many devices, pulses and seeds (each within a
/// few standard errors).
final class DeviceArrayStatisticsTests: XCTestCase {
    private func moments(_ samples: [Double]) -> (mean: Double, variance: Double) {
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count - 1)
        return (mean, variance)
    }

    /// Asserts that sample moments of a normal N(μ, σ²) sample of size n lie within 5 standard
    /// errors: σ/√n for the mean, σ²√(2/(n−1)) for the variance.
    private func assertMoments(_ samples: [Double], mean: Double, sd: Double, file: StaticString = #filePath, line: UInt = #line) {
        let (m, v) = moments(samples)
        let n = Double(samples.count)
        XCTAssertEqual(m, mean, accuracy: 5 * sd / n.squareRoot(), "mean", file: file, line: line)
        XCTAssertEqual(v, sd * sd, accuracy: 5 * sd * sd * (2 / (n - 1)).squareRoot(), "variance", file: file, line: line)
    }

    func testCycleToCycleStepsHaveTheSetMeanAndVariance() {
        // One up pulse of Δw = 1 with σ_c2c = 0.1 per device: realized steps are 1 + 0.1 ξ.
        let model = DeviceModel(stepSize: 1, cycleToCycle: 0.1)
        for seed: UInt64 in [1, 2, 3] {
            var devices = DeviceArray(model: model, count: 20_000, seed: seed)
            var values = [Double](repeating: 0, count: 20_000)
            _ = devices.apply([Double](repeating: 1, count: 20_000), to: &values)
            assertMoments(values, mean: 1, sd: 0.1)
        }
        // Ten pulses on one device sum ten independent steps: mean 10, variance 10 σ².
        var devices = DeviceArray(model: model, count: 5_000, seed: 4)
        var values = [Double](repeating: 0, count: 5_000)
        _ = devices.apply([Double](repeating: 10, count: 5_000), to: &values)
        assertMoments(values, mean: 10, sd: 0.1 * 10.0.squareRoot())
    }

    func testDeviceToDeviceStepAndBoundSpreads() {
        let model = DeviceModel(bounds: 1...2, stepSize: 0.01, upDown: 0.1, stepDeviceToDevice: 0.2, boundsDeviceToDevice: 0.05)
        for seed: UInt64 in [1, 2] {
            let devices = DeviceArray(model: model, count: 20_000, seed: seed)
            assertMoments(devices.stepUp, mean: 0.011, sd: 0.002)
            assertMoments(devices.stepDown, mean: 0.009, sd: 0.002)
            for i in 0..<100 { XCTAssertEqual(devices.stepUp[i] - devices.stepDown[i], 0.002, accuracy: 1e-15) }
            assertMoments(devices.lower, mean: 1, sd: 0.05)
            assertMoments(devices.upper, mean: 2, sd: 0.1)
        }
    }

    func testStuckFractionMatchesTheSetting() {
        for seed: UInt64 in [1, 2, 3] {
            let devices = DeviceArray(model: DeviceModel(bounds: 0...1, stuckFraction: 0.1), count: 20_000, seed: seed)
            let fraction = Double(devices.stuck.filter { $0 }.count) / 20_000
            XCTAssertEqual(fraction, 0.1, accuracy: 5 * (0.1 * 0.9 / 20_000).squareRoot())
        }
    }

    func testDriftExponentsAndTolerancesSpread() {
        let devices = DeviceArray(model: DeviceModel(drift: 0.05, driftDeviceToDevice: 0.4, tolerance: 0.03), count: 20_000, seed: 8)
        assertMoments(devices.driftExponents, mean: 0.05, sd: 0.02)
        assertMoments(devices.toleranceFactors, mean: 1, sd: 0.03)
    }

    func testReadNoiseHasTheSetMeanAndVariance() {
        for seed: UInt64 in [1, 2] {
            var relative = DeviceArray(model: DeviceModel(readNoise: 0.02), count: 1, seed: seed)
            assertMoments((0..<20_000).map { _ in relative.read(3.0) }, mean: 3, sd: 0.06)
            var absolute = DeviceArray(model: DeviceModel(readNoiseAbsolute: 0.01), count: 1, seed: seed)
            assertMoments((0..<20_000).map { _ in absolute.read(0.0) }, mean: 0, sd: 0.01)
            var both = DeviceArray(model: DeviceModel(readNoise: 0.02, readNoiseAbsolute: 0.08), count: 1, seed: seed)
            assertMoments((0..<20_000).map { _ in both.read(3.0) }, mean: 3, sd: 0.1)  // √(0.06² + 0.08²)
        }
        var exact = DeviceArray(model: .ideal, count: 1, seed: 1)
        XCTAssertEqual(exact.read(0.123), 0.123)
    }
}
