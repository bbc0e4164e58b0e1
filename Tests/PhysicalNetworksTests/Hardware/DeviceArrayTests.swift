import XCTest
@testable import PhysicalNetworks

/// Programming by pulses: exact ideal updates, hand pulse counts, asymmetry, clipping, levels,
/// stuck devices, drift, tolerance and seeded reproducibility.
final class DeviceArrayTests: XCTestCase {
    func testIdealDevicesAreExactArithmetic() {
        var devices = DeviceArray(model: .ideal, count: 4, seed: 3)
        var values = [0.1, -2.5, 7e-6, 1e300]
        let desired = [0.2, 0, -3e-7, 1e300]
        let expected = zip(values, desired).map { $0 + $1 }
        let statistics = devices.apply(desired, to: &values)
        XCTAssertEqual(values, expected)  // bit for bit
        XCTAssertEqual(statistics, UpdateStatistics(pulses: 0, energy: 0, devicesUpdated: 3, devicesSaturated: 0))
        var bounded = DeviceArray(model: DeviceModel(bounds: 0...1), count: 2, seed: 3)
        var inRange = [0.5, 0.5]
        XCTAssertEqual(bounded.apply([0.25, 0.75], to: &inRange).devicesSaturated, 1)
        XCTAssertEqual(inRange, [0.75, 1])
    }

    func testPulsesAndEnergyMatchHandCounts() {
        let model = DeviceModel(bounds: 0...10, stepSize: 0.1, pulseEnergy: 2e-12)
        var devices = DeviceArray(model: model, count: 4, seed: 1)
        var values = [5.0, 5, 5, 5]
        let statistics = devices.apply([0.25, 0, -0.25, 0.3], to: &values)
        XCTAssertEqual(statistics.pulses, 9)  // 3 + 0 + 3 + 3
        XCTAssertEqual(statistics.energy, 9 * 2e-12, accuracy: 1e-24)
        XCTAssertEqual(statistics.devicesUpdated, 3)
        XCTAssertEqual(statistics.devicesSaturated, 0)
        XCTAssertEqual(values[0], 5.3, accuracy: 1e-14)  // three whole pulses of 0.1
        XCTAssertEqual(values[1], 5)
        XCTAssertEqual(values[2], 4.7, accuracy: 1e-14)
        XCTAssertEqual(values[3], 5.3, accuracy: 1e-14)
    }

    func testUpDownAsymmetry() {
        // β = 0.2: Δw⁺ = 0.1·1.2, Δw⁻ = 0.1·0.8.
        var devices = DeviceArray(model: DeviceModel(bounds: 0...10, stepSize: 0.1, upDown: 0.2), count: 2, seed: 1)
        XCTAssertEqual(devices.stepUp[0], 0.12, accuracy: 1e-16)
        XCTAssertEqual(devices.stepDown[0], 0.08, accuracy: 1e-16)
        var values = [5.0, 5]
        _ = devices.apply([0.1, -0.1], to: &values)
        XCTAssertEqual(values[0], 5.12, accuracy: 1e-14)
        XCTAssertEqual(values[1], 4.92, accuracy: 1e-14)
        // An up pulse then a down pulse does not return: the asymmetry drifts the value up.
        _ = devices.apply([-0.1, 0.1], to: &values)
        XCTAssertEqual(values[0], 5.04, accuracy: 1e-14)
        XCTAssertEqual(values[1], 5.04, accuracy: 1e-14)
    }

    func testBoundsClipAndCountSaturation() {
        var devices = DeviceArray(model: DeviceModel(bounds: 0...10, stepSize: 0.1), count: 3, seed: 1)
        var values = [9.95, 0.05, 5]
        let statistics = devices.apply([0.5, -0.5, 0.5], to: &values)
        XCTAssertEqual(values[0], 10)
        XCTAssertEqual(values[1], 0)
        XCTAssertEqual(values[2], 5.5, accuracy: 1e-14)
        // The controller asks only for what the range can take: 0.05 (1 pulse) at either end, 0.5 (5).
        XCTAssertEqual(statistics.pulses, 7)
        XCTAssertEqual(statistics.devicesSaturated, 2)
    }

    func testLevelsSnapValues() {
        let model = DeviceModel(bounds: 0...1, levels: 5, update: .softBounds)  // grid 0, 0.25, 0.5, 0.75, 1
        var devices = DeviceArray(model: model, count: 5, seed: 1)
        var values = [0.1, 0.13, 0.6, 2, -1]
        devices.quantize(&values)
        XCTAssertEqual(values, [0, 0.25, 0.5, 1, 0])
        // Soft bounds (half-range 0.5): from 0 one up pulse is 0.25·(1 − 0)/0.5 = 0.5; from 0.5 a
        // down pulse is −0.25; from 0.75 two down pulses give 0.375 then 0.1875, snapped to 0.25;
        // at the upper bound an up pulse does nothing.
        values = [0, 0.5, 0.5, 0.75, 1]
        _ = devices.apply([0.25, -0.25, 0.25, -0.5, 0.1], to: &values)
        XCTAssertEqual(values, [0.5, 0.25, 0.75, 0.25, 1])
        for value in values { XCTAssertEqual(value * 4, (value * 4).rounded()) }
    }

    func testStuckDevicesNeverChange() {
        let model = DeviceModel(bounds: 0...1, stepSize: 0.01, stuckFraction: 0.3)
        var devices = DeviceArray(model: model, count: 200, seed: 11)
        var values = [Double](repeating: 0.5, count: 200)
        devices.programInitial(&values)
        let initial = values
        for round in 0..<20 {
            let desired = (0..<200).map { Double(($0 + round) % 7 - 3) * 0.013 }
            let statistics = devices.apply(desired, to: &values)
            XCTAssertGreaterThan(statistics.pulses, 0)
        }
        let stuckCount = devices.stuck.filter { $0 }.count
        XCTAssertGreaterThan(stuckCount, 0)
        for i in 0..<200 where devices.stuck[i] {
            XCTAssertEqual(values[i], initial[i])
            XCTAssertEqual(values[i], devices.stuckValues[i])
            XCTAssertTrue((0...1).contains(values[i]))
        }
        XCTAssertGreaterThan(zip(values, initial).filter { $0 != $1 }.count, 200 - stuckCount - 40)
    }

    func testDriftFollowsThePowerLaw() {
        let model = DeviceModel(drift: 0.05, driftReferenceTime: 1)
        let devices = DeviceArray(model: model, count: 2, seed: 1)
        var values = [1.0, 2.0]
        devices.drift(&values, elapsed: 0.5)  // before t₀: unchanged
        XCTAssertEqual(values, [1, 2])
        devices.drift(&values, elapsed: 100)  // × 100^(−0.05)
        XCTAssertEqual(values[0], 0.7943282347242815, accuracy: 1e-15)
        XCTAssertEqual(values[1], 1.588656469448563, accuracy: 1e-15)
    }

    func testToleranceIsStaticPerDevice() {
        let model = DeviceModel(bounds: 0...10, tolerance: 0.05)
        let devices = DeviceArray(model: model, count: 3, seed: 5)
        var first = [1.0, 2, 3]
        var second = [1.0, 2, 3]
        devices.programInitial(&first)
        devices.programInitial(&second)
        XCTAssertEqual(first, second)
        for i in 0..<3 { XCTAssertEqual(first[i], Double(i + 1) * devices.toleranceFactors[i]) }
        XCTAssertNotEqual(first, [1, 2, 3])
    }

    func testSameSeedSameDevicesDifferentSeedDifferent() {
        let model = DeviceModel(bounds: 0...1, stepSize: 0.01, upDown: 0.05, update: .softBounds, stepDeviceToDevice: 0.2,
                                boundsDeviceToDevice: 0.05, cycleToCycle: 0.3, stuckFraction: 0.1, drift: 0.02,
                                driftDeviceToDevice: 0.3, readNoise: 0.01, tolerance: 0.02)
        func run(seed: UInt64) -> [Double] {
            var devices = DeviceArray(model: model, count: 50, seed: seed)
            var values = [Double](repeating: 0.4, count: 50)
            devices.programInitial(&values)
            _ = devices.apply((0..<50).map { 0.037 * sin(Double($0)) }, to: &values)
            devices.drift(&values, elapsed: 10)
            devices.read(&values)
            return values + devices.stepUp + devices.lower + devices.driftExponents
        }
        XCTAssertEqual(run(seed: 4), run(seed: 4))
        XCTAssertNotEqual(run(seed: 4), run(seed: 5))
    }

    func testStuckDevicesDoNotDependOnOtherSpreads() {
        let plain = DeviceArray(model: DeviceModel(bounds: 0...1, stepSize: 0.01, stuckFraction: 0.2), count: 100, seed: 9)
        let spread = DeviceArray(model: DeviceModel(bounds: 0...1, stepSize: 0.01, stepDeviceToDevice: 0.3,
                                                    stuckFraction: 0.2, tolerance: 0.1), count: 100, seed: 9)
        XCTAssertEqual(plain.stuck, spread.stuck)
    }
}
