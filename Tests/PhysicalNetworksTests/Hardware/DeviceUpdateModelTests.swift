import XCTest
@testable import PhysicalNetworks

/// Each pulse law against its formula, by hand, on bounds [1, 3] (centre 2, half-range 1) with
/// Δw⁺ = 0.1 and Δw⁻ = 0.2.
final class DeviceUpdateModelTests: XCTestCase {
    private func change(_ model: DeviceUpdateModel, _ direction: PulseDirection, at w: Double) -> Double {
        model.change(direction, at: w, stepUp: 0.1, stepDown: 0.2, lower: 1, upper: 3)
    }

    func testConstantStepIsTheSameEverywhere() {
        for w in [1.0, 1.7, 2.5, 3.0] {
            XCTAssertEqual(change(.constantStep, .up, at: w), 0.1)
            XCTAssertEqual(change(.constantStep, .down, at: w), -0.2)
        }
    }

    func testLinearStepMatchesHandValues() {
        let model = DeviceUpdateModel.linearStep(gammaUp: 0.5, gammaDown: 0.25)
        // w = 2.5: x = 0.5, up 0.1 (1 − 0.5·0.5) = 0.075, down −0.2 (1 + 0.25·0.5) = −0.225.
        XCTAssertEqual(change(model, .up, at: 2.5), 0.075, accuracy: 1e-15)
        XCTAssertEqual(change(model, .down, at: 2.5), -0.225, accuracy: 1e-15)
        // At the upper bound the up step is (1 − γ⁺) of the centre's; at the centre it is Δw⁺.
        XCTAssertEqual(change(model, .up, at: 3), 0.05, accuracy: 1e-15)
        XCTAssertEqual(change(model, .up, at: 2), 0.1, accuracy: 1e-15)
        XCTAssertEqual(change(model, .down, at: 1), -0.15, accuracy: 1e-15)
    }

    func testSoftBoundsVanishAtTheBounds() {
        XCTAssertEqual(change(.softBounds, .up, at: 2.5), 0.05, accuracy: 1e-15)   // 0.1 (3 − 2.5)/1
        XCTAssertEqual(change(.softBounds, .down, at: 2.5), -0.3, accuracy: 1e-15) // −0.2 (2.5 − 1)/1
        XCTAssertEqual(change(.softBounds, .up, at: 3), 0)
        XCTAssertEqual(change(.softBounds, .down, at: 1), 0)
        XCTAssertEqual(change(.softBounds, .up, at: 2), 0.1, accuracy: 1e-15)
    }

    func testLinearStepLimitsAreConstantAndSoftBounds() {
        // aihwkit's notes: γ = 0 is the constant step, γ = 1 the soft bounds.
        for w in stride(from: 1.0, through: 3.0, by: 0.25) {
            for direction in [PulseDirection.up, .down] {
                XCTAssertEqual(change(.linearStep(gammaUp: 0, gammaDown: 0), direction, at: w),
                               change(.constantStep, direction, at: w), accuracy: 1e-15)
                XCTAssertEqual(change(.linearStep(gammaUp: 1, gammaDown: 1), direction, at: w),
                               change(.softBounds, direction, at: w), accuracy: 1e-15)
            }
        }
    }

    func testExponentialStepMatchesHandValues() {
        let model = DeviceUpdateModel.exponentialStep(amplitudeUp: 0.2, amplitudeDown: 0.25, gammaUp: 2, gammaDown: 1,
                                                      slope: 0.5, offset: 0.1)
        // w = 2.5: z = 2·0.5·0.5/2 + 0.1 = 0.35; up 0.1 (1 − 0.2 e^{0.7}); down −0.2 (1 − 0.25 e^{−0.35}).
        XCTAssertEqual(change(model, .up, at: 2.5), 0.059724945850590475, accuracy: 1e-15)
        XCTAssertEqual(change(model, .down, at: 2.5), -0.16476559551406433, accuracy: 1e-15)
        // y < 0 is floored: A⁺ = 0.5 gives 1 − 0.5 e^{0.7} < 0.
        let saturated = DeviceUpdateModel.exponentialStep(amplitudeUp: 0.5, amplitudeDown: 0.25, gammaUp: 2, gammaDown: 1,
                                                          slope: 0.5, offset: 0.1)
        XCTAssertEqual(change(saturated, .up, at: 2.5), 0)
    }

    func testPowerStepMatchesHandValues() {
        let model = DeviceUpdateModel.powerStep(gammaUp: 2, gammaDown: 0.5)
        // w = 2.5: ω = (3 − 2.5)/2 = 0.25; up 0.1·0.25² = 0.00625; down −0.2·0.75^0.5.
        XCTAssertEqual(change(model, .up, at: 2.5), 0.00625, accuracy: 1e-16)
        XCTAssertEqual(change(model, .down, at: 2.5), -0.17320508075688773, accuracy: 1e-15)
        XCTAssertEqual(change(model, .up, at: 3), 0)
        XCTAssertEqual(change(model, .down, at: 1), 0)
        XCTAssertEqual(change(model, .up, at: 1), 0.1)
    }

    func testAihwkitExponentialDefaultsAndNames() {
        XCTAssertEqual(DeviceUpdateModel.aihwkitDefaultExponential,
                       .exponentialStep(amplitudeUp: 0.00081, amplitudeDown: 0.36833, gammaUp: 12.44625, gammaDown: 12.78785,
                                        slope: 0.244, offset: 0.2425))
        XCTAssertEqual([DeviceUpdateModel.constantStep, .linearStep(gammaUp: 0, gammaDown: 0), .softBounds,
                        .aihwkitDefaultExponential, .powerStep(gammaUp: 1, gammaDown: 1)].map(\.name),
                       ["constant", "linear", "soft-bounds", "exponential", "power"])
    }
}
