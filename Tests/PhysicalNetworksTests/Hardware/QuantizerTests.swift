import XCTest
@testable import PhysicalNetworks

/// Converters: hand values, clipping, bit counts and conversion energies.
final class QuantizerTests: XCTestCase {
    func testTwoBitsOverZeroToThree() {
        let q = Quantizer(bits: 2, range: 0...3)  // levels 0, 1, 2, 3
        XCTAssertEqual(q.levels, 4)
        XCTAssertEqual(q.step, 1)
        XCTAssertEqual([1.4, 1.6, 2, -5, 7, 2.49].map(q.quantize), [1, 2, 2, 0, 3, 2])
        XCTAssertEqual([1.4, 1.6, -5, 7].map(q.code), [1, 2, 0, 3])
    }

    func testBipolarRangeHasZeroAsALevel() {
        let q = Quantizer.bipolar(bits: 3, fullScale: 1)  // step 0.25, levels −1 … 0.75
        XCTAssertEqual(q.range, -1...0.75)
        XCTAssertEqual(q.step, 0.25)
        XCTAssertEqual([0, 0.1, 0.13, 0.8, -1.2, -0.3].map(q.quantize), [0, 0, 0.25, 0.75, -1, -0.25])
    }

    func testErrorIsAtMostHalfAStepInsideTheRange() {
        for bits in [1, 4, 8, 12] {
            let q = Quantizer(bits: bits, range: -0.5...2)
            XCTAssertEqual(q.step, 2.5 / Double((1 << bits) - 1), accuracy: 1e-15)
            var values = (0...1000).map { -0.5 + 2.5 * Double($0) / 1000 }
            let original = values
            q.quantize(&values)
            for (x, y) in zip(original, values) { XCTAssertLessThanOrEqual(abs(x - y), q.step / 2 + 1e-12) }
            XCTAssertEqual(Set(values).count, min(1001, 1 << bits))
        }
    }

    func testConversionEnergies() {
        XCTAssertEqual(HardwarePeripherals.conversionEnergy(bits: 8), 10e-15 * 256, accuracy: 1e-27)
        let peripherals = HardwarePeripherals(adc: Quantizer(bits: 8, range: -1...1), dac: Quantizer(bits: 4, range: 0...1),
                                              dacEnergy: 5e-13)
        XCTAssertEqual(peripherals.adcEnergyPerConversion, 2.56e-12, accuracy: 1e-24)
        XCTAssertEqual(peripherals.dacEnergyPerConversion, 5e-13)
        XCTAssertEqual(HardwarePeripherals.ideal.adcEnergyPerConversion, 0)
        XCTAssertEqual(HardwarePeripherals.ideal.measure(0.123), 0.123)
        XCTAssertEqual(peripherals.input(0.49), 7.0 / 15, accuracy: 1e-15)
    }
}
