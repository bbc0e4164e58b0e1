import XCTest
@testable import PhysicalNetworks

/// The configuration file: every key read, and malformed files each failing at file:line:column.
final class HardwareConfigurationParserTests: XCTestCase {
    func testParsesEveryKey() throws {
        let text = """
        # an RRAM-like crossbar
        update = exponential   # aihwkit's ExpStep law
        bounds = 1u 1m
        levels = 64
        up_down = 0.1
        gamma_up = 12
        gamma_down = 13
        exp_a_up = 0.001
        exp_a_down = 0.4
        exp_a = 0.25
        exp_b = 0.2
        dtod = 0.1
        bounds_dtod = 0.02
        ctoc = 0.05
        stuck = 0.01
        drift = 0.05
        drift_dtod = 0.3
        drift_t0 = 20
        read_noise = 0.02
        read_noise_abs = 1n
        tolerance = 0.05
        pulse_energy = 2p
        adc_bits = 8
        adc_range = -0.5 0.5
        adc_energy = 1p
        dac_bits = 6
        dac_range = 0 1
        dac_energy = 0.5p
        wire_resistance = 2.5
        seed = 7
        """
        let c = try HardwareConfiguration.parse(contents: text, file: "a.hw")
        let d = c.device
        XCTAssertEqual(d.update, .exponentialStep(amplitudeUp: 0.001, amplitudeDown: 0.4, gammaUp: 12, gammaDown: 13, slope: 0.25, offset: 0.2))
        XCTAssertEqual(d.bounds, 1e-6...1e-3)
        XCTAssertEqual(d.levels, 64)
        XCTAssertNil(d.stepSize)
        XCTAssertEqual(d.upDown, 0.1)
        XCTAssertEqual(d.stepDeviceToDevice, 0.1)
        XCTAssertEqual(d.boundsDeviceToDevice, 0.02)
        XCTAssertEqual(d.cycleToCycle, 0.05)
        XCTAssertEqual(d.stuckFraction, 0.01)
        XCTAssertEqual(d.drift, 0.05)
        XCTAssertEqual(d.driftDeviceToDevice, 0.3)
        XCTAssertEqual(d.driftReferenceTime, 20)
        XCTAssertEqual(d.readNoise, 0.02)
        XCTAssertEqual(d.readNoiseAbsolute, 1e-9)
        XCTAssertEqual(d.tolerance, 0.05)
        XCTAssertEqual(d.pulseEnergy, 2e-12)
        XCTAssertEqual(c.peripherals.adc, Quantizer(bits: 8, range: -0.5...0.5))
        XCTAssertEqual(c.peripherals.adcEnergyPerConversion, 1e-12)
        XCTAssertEqual(c.peripherals.dac, Quantizer(bits: 6, range: 0...1))
        XCTAssertEqual(c.peripherals.dacEnergyPerConversion, 0.5e-12)
        XCTAssertEqual(c.wireResistance, 2.5)
        XCTAssertEqual(c.seed, 7)
    }

    func testEmptyFileIsIdealAndDefaultsApply() throws {
        XCTAssertEqual(try HardwareConfiguration.parse(contents: "# nothing\n\n", file: "e.hw"), .ideal)
        let power = try HardwareConfiguration.parse(contents: "update = power\nbounds = 0 1\ndw_min = 0.01\nadc_bits = 4", file: "p.hw")
        XCTAssertEqual(power.device.update, .powerStep(gammaUp: 1, gammaDown: 1))
        XCTAssertEqual(power.peripherals.adc, Quantizer(bits: 4, range: -1...1))
        XCTAssertEqual(power.peripherals.adcEnergyPerConversion, 16 * 10e-15, accuracy: 1e-27)
    }

    func testReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-hardware-\(getpid()).hw").path
        try "bounds = 1u 1m\nlevels = 32\nctoc = 0.1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try HardwareConfiguration.parse(fileAt: path)
        XCTAssertEqual(c.device.levels, 32)
        XCTAssertEqual(c.device.cycleToCycle, 0.1)
        XCTAssertThrowsError(try HardwareConfiguration.parse(fileAt: "/nonexistent/x.hw")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/x.hw:1:1: no such file")
        }
    }

    private func assertError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try HardwareConfiguration.parse(contents: text, file: "h.hw"), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    func testMalformedFilesFailAtTheirLineAndColumn() {
        assertError("levels = 64\ncolour = red", "h.hw:2:1: unknown key 'colour' (expected one of "
                    + HardwareConfiguration.keys.joined(separator: ", ") + ")")
        assertError("bounds = 0 1\ndw_min = 0.1\nctoc = 0.1\nctoc = 0.2", "h.hw:4:1: duplicate key 'ctoc' (first given at h.hw:3:1)")
        assertError("bounds = 1u 1m\ndw_min = abc", "h.hw:2:10: malformed number 'abc' for 'dw_min'")
        assertError("bounds = 1m 1u", "h.hw:1:10: 'bounds': lower value 1m must be below upper value 1u")
        assertError("bounds = 1 2 3", "h.hw:1:14: 'bounds' takes two values 'lo hi', got 3")
        assertError("bounds = 0 1\nlevels = 2.5", "h.hw:2:10: 'levels' must be an integer in 2…1099511627776, got '2.5'")
        assertError("ctoc =", "h.hw:1:7: missing value for 'ctoc'")
        assertError("# header\nlevels 64", "h.hw:2:1: expected 'key = value', found 'levels'")
        assertError("update = quadratic", "h.hw:1:10: unknown update model 'quadratic' (expected constant, linear, soft-bounds, exponential or power)")
        assertError("update = constant\ngamma_up = 0.5", "h.hw:2:1: 'gamma_up' does not apply to 'update = constant'")
        assertError("ctoc = 0.05", "h.hw:1:1: 'ctoc' needs a pulsed device: give 'dw_min' or 'levels'")
        assertError("bounds = 0 1\nlevels = 8\ndw_min = 0.1", "h.hw:3:1: give either 'levels' or 'dw_min', not both")
        assertError("stuck = 1.5", "h.hw:1:9: 'stuck' is a fraction in [0, 1], got 1.5")
        assertError("dw_min = 0.1\nctoc = -0.1", "h.hw:2:8: 'ctoc' must be ≥ 0, got -0.1")
        assertError("adc_range = 0 1", "h.hw:1:1: 'adc_range' needs 'adc_bits'")
        assertError("update = soft-bounds\ndw_min = 0.1", "h.hw:1:1: 'update = soft-bounds' needs 'bounds = lo hi'")
        assertError("levels = 8", "h.hw:1:1: 'levels' needs 'bounds = lo hi'")
        assertError("seed = -3", "h.hw:1:8: seed must be a non-negative integer, got '-3'")
        assertError("adc_bits = 40", "h.hw:1:12: 'adc_bits' must be an integer in 1…24, got '40'")
        assertError("levels = 8 9", "h.hw:1:12: 'levels' takes one value, got 2")
        assertError("update = power\nbounds = 0 1\ndw_min = 0.1\ngamma_up = 0", "h.hw:4:1: 'update = power' needs positive gamma_up and gamma_down, got 0.0 and 1.0")
    }
}
