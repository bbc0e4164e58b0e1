import XCTest
@testable import PhysicalNetworks

/// Pulse counts by hand and the nominal step.
final class DeviceModelTests: XCTestCase {
    func testPulseCountsMatchHandCounts() {
        let step = 0.1
        XCTAssertEqual(DeviceModel.pulseCount(0.25, step: step), 3)    // 2.5 steps → 3 pulses
        XCTAssertEqual(DeviceModel.pulseCount(-0.25, step: step), 3)   // negative: same count, down
        XCTAssertEqual(DeviceModel.pulseCount(0, step: step), 0)
        XCTAssertEqual(DeviceModel.pulseCount(0.1, step: step), 1)
        XCTAssertEqual(DeviceModel.pulseCount(0.01, step: step), 1)    // any nonzero change takes a pulse
        XCTAssertEqual(DeviceModel.pulseCount(0.3, step: step), 3)     // 0.3/0.1 = 2.9999999999999996
        XCTAssertEqual(DeviceModel.pulseCount(0.1 + 0.2, step: step), 3) // 3.0000000000000004 is still 3
        XCTAssertEqual(DeviceModel.pulseCount(1e-6 * 7, step: 1e-6), 7)
        XCTAssertEqual(DeviceModel.pulseCount(2.5e-6, step: 1e-6), 3)
    }

    func testNominalStepFromLevelsOrStepSize() {
        XCTAssertEqual(DeviceModel(bounds: 0...1, levels: 11).nominalStep!, 0.1, accuracy: 1e-16)
        XCTAssertEqual(DeviceModel(bounds: 1e-6...1e-3, levels: 64).nominalStep!, (1e-3 - 1e-6) / 63, accuracy: 1e-20)
        XCTAssertEqual(DeviceModel(stepSize: 2e-6).nominalStep, 2e-6)
        XCTAssertNil(DeviceModel.ideal.nominalStep)
        XCTAssertNil(DeviceModel(levels: 8).nominalStep)  // levels need bounds
        XCTAssertEqual(DeviceModel.ideal.pulseEnergy, 1e-12)
    }
}
