import XCTest
@testable import PhysicalNetworks

/// The configuration: ideal defaults, one-key changes for sweeps, and the writer.
final class HardwareConfigurationTests: XCTestCase {
    func testIdealConfigurationIsExact() {
        let ideal = HardwareConfiguration.ideal
        XCTAssertEqual(ideal.device, .ideal)
        XCTAssertNil(ideal.peripherals.adc)
        XCTAssertNil(ideal.peripherals.dac)
        var devices = ideal.makeDevices(count: 3)
        var values = [1e-6, 2e-6, 3e-6]
        let statistics = devices.apply([1e-7, -3e-7, 0], to: &values)
        XCTAssertEqual(values, [1e-6 + 1e-7, 2e-6 - 3e-7, 3e-6])
        XCTAssertEqual(statistics.pulses, 0)
        XCTAssertEqual(statistics.energy, 0)
    }

    func testWithValueSetsOneKey() throws {
        let base = try HardwareConfiguration.parse(contents: "bounds = 1u 1m\ndw_min = 1u\n", file: "base.hw")
        let levels = try base.withValue(64, forKey: "levels")
        XCTAssertEqual(levels.device.levels, 64)
        XCTAssertNil(levels.device.stepSize)  // levels replace dw_min
        XCTAssertEqual(try levels.withValue(2e-6, forKey: "dw_min").device.stepSize, 2e-6)
        XCTAssertNil(try levels.withValue(2e-6, forKey: "dw_min").device.levels)
        XCTAssertEqual(try base.withValue(0.05, forKey: "ctoc").device.cycleToCycle, 0.05)
        XCTAssertEqual(try base.withValue(0.02, forKey: "read_noise").device.readNoise, 0.02)
        XCTAssertEqual(try base.withValue(6, forKey: "adc_bits").peripherals.adc, Quantizer(bits: 6, range: -1...1))
        XCTAssertEqual(try base.withValue(17, forKey: "seed").seed, 17)
        XCTAssertEqual(try base.withValue(3e-12, forKey: "pulse_energy").device.pulseEnergy, 3e-12)
    }

    func testWithValueRejectsBadKeysAndValues() {
        let base = HardwareConfiguration.ideal
        XCTAssertThrowsError(try base.withValue(1, forKey: "colour")) { error in
            XCTAssertTrue("\(error)".hasPrefix("'colour' is not a numeric hardware key"), "\(error)")
        }
        XCTAssertThrowsError(try base.withValue(1, forKey: "update"))
        XCTAssertThrowsError(try base.withValue(12.5, forKey: "levels")) { error in
            XCTAssertEqual("\(error)", "'levels' must be an integer in 2…1099511627776, got '12.5'")
        }
        XCTAssertThrowsError(try base.withValue(0.05, forKey: "ctoc")) { error in  // no pulses to spread
            XCTAssertEqual("\(error)", "'ctoc' needs a pulsed device: give 'dw_min' or 'levels'")
        }
        XCTAssertThrowsError(try base.withValue(.infinity, forKey: "read_noise"))
        XCTAssertThrowsError(try base.withValue(-0.1, forKey: "tolerance"))
    }

    func testWrittenFileReadsBackEqual() throws {
        var configurations = [HardwareConfiguration.ideal]
        var pulsed = HardwareConfiguration(seed: 42)
        pulsed.device = DeviceModel(bounds: 1e-6...1e-3, levels: 64, upDown: -0.1, update: .linearStep(gammaUp: 0.3, gammaDown: 0.1),
                                    stepDeviceToDevice: 0.1, boundsDeviceToDevice: 0.02, cycleToCycle: 0.05, stuckFraction: 0.01,
                                    drift: 0.05, driftDeviceToDevice: 0.2, driftReferenceTime: 20, readNoise: 0.02,
                                    readNoiseAbsolute: 1e-9, tolerance: 0.05, pulseEnergy: 3.3e-12)
        pulsed.peripherals = HardwarePeripherals(adc: Quantizer(bits: 8, range: -0.5...0.5), dac: Quantizer(bits: 6, range: 0...1),
                                                 adcEnergy: 1e-12)
        pulsed.wireResistance = 2.5
        configurations.append(pulsed)
        for update in [DeviceUpdateModel.softBounds, .aihwkitDefaultExponential, .powerStep(gammaUp: 1.5, gammaDown: 0.7)] {
            var other = pulsed
            other.device.update = update
            other.device.levels = nil
            other.device.stepSize = 1e-5 / 3
            configurations.append(other)
        }
        for configuration in configurations {
            let text = configuration.fileContents
            XCTAssertEqual(try HardwareConfiguration.parse(contents: text, file: "w.hw"), configuration, text)
        }
    }

    func testJSONRoundTrip() throws {
        var pulsed = HardwareConfiguration(seed: 3)
        pulsed.device = DeviceModel(bounds: 0...1, levels: 16, update: .powerStep(gammaUp: 2, gammaDown: 1), cycleToCycle: 0.1)
        pulsed.peripherals = HardwarePeripherals(adc: .bipolar(bits: 8, fullScale: 1))
        for configuration in [HardwareConfiguration.ideal, pulsed] {
            let data = try JSONEncoder().encode(configuration)
            XCTAssertEqual(try JSONDecoder().decode(HardwareConfiguration.self, from: data), configuration)
        }
    }
}
