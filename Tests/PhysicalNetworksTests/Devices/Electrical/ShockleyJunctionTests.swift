import Foundation
import XCTest
@testable import PhysicalNetworks

final class ShockleyJunctionTests: XCTestCase {
    private let law = ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1.2)
    private var vte: Double { law.emissionVoltage }

    func testThermalVoltageMatchesNgspice() {
        // ngspice-39 (CODATA 2014 constants in const.h): V(D) = 0.7 V with IS = 1e-14,
        // GMIN = 1e-30 gives I = 5.670346771422e-3 A, i.e. kT/q = 0.7/ln(1 + I/IS) =
        // 0.02586491700716 V at 27 °C. (SPICE3's older constants 1.3806226e-23 J/K and
        // 1.6021918e-19 C would give 0.025864186 V instead.)
        XCTAssertEqual(ShockleyJunction.thermalVoltage(), 0.02586491700716, accuracy: 1e-13)
        XCTAssertEqual(ShockleyJunction.nominalTemperature, 273.15 + 27)
        XCTAssertEqual(law.emissionVoltage, 1.2 * 0.02586491700716, accuracy: 1e-13)
        let hot = ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1, temperature: 350)
        XCTAssertEqual(hot.emissionVoltage, ShockleyJunction.thermalVoltage() * 350 / 300.15, accuracy: 1e-15)
    }

    func testForwardAndMildReverseCurrentInClosedForm() {
        for v in [-3 * vte, -0.05, 0, 0.2, 0.65, 0.8] {
            let (i, g) = law.currentAndConductance(v)
            XCTAssertEqual(i, 1e-14 * (exp(v / vte) - 1) + 1e-12 * v, accuracy: 1e-12 * abs(i) + 1e-30, "v = \(v)")
            XCTAssertEqual(g, 1e-14 * exp(v / vte) / vte + 1e-12, accuracy: 1e-12 * g, "v = \(v)")
        }
    }

    func testDeepReverseIsSpiceCubic() {
        for v in [-0.1, -0.5, -5.0] {
            let (i, g) = law.currentAndConductance(v)
            let cube = pow(3 * vte / (M_E * v), 3)
            XCTAssertEqual(i, -1e-14 * (1 + cube) + 1e-12 * v, accuracy: 1e-12 * abs(i), "v = \(v)")
            XCTAssertEqual(g, 1e-14 * 3 * cube / v + 1e-12, accuracy: 1e-12 * g, "v = \(v)")
            XCTAssertGreaterThan(g, 0, "the junction stays passive")
        }
    }

    func testConductanceIsDerivativeOfCurrentInEveryRegion() {
        // reverse cubic, mild reverse, forward, and the linear continuation above 100 V_te.
        for v in [-2.0, -0.2, -0.05, 0.01, 0.5, 0.75, 100 * vte + 0.3] {
            let h = 1e-7
            let numeric = (law.currentAndConductance(v + h).current - law.currentAndConductance(v - h).current) / (2 * h)
            let g = law.currentAndConductance(v).conductance
            XCTAssertEqual(g, numeric, accuracy: 1e-6 * g, "v = \(v)")
        }
    }

    func testCurrentAndConductanceAreContinuousAtRegionBoundaries() {
        for boundary in [-3 * vte, 100 * vte] {
            let below = law.currentAndConductance(boundary.nextDown)
            let above = law.currentAndConductance(boundary.nextUp)
            XCTAssertEqual(below.current, above.current, accuracy: 1e-12 * abs(above.current), "at \(boundary)")
            XCTAssertEqual(below.conductance, above.conductance, accuracy: 1e-12 * above.conductance, "at \(boundary)")
        }
    }

    func testCoContentIsContinuousAtTheReverseKnee() {
        let knee = -3 * vte
        let below = law.coContent(knee * (1 + 1e-12))
        let above = law.coContent(knee * (1 - 1e-12))
        // The co-content changes by about i·Δv = 1e-14 A × 1e-13 V across the gap.
        XCTAssertEqual(below, above, accuracy: 1e-24)
        XCTAssertEqual(law.coContent(knee), above, accuracy: 1e-24)
    }

    func testCoContentIsIntegralOfCurrent() {
        // ∫₀^v i du by composite Simpson (independent of the closed forms), in every region.
        for v in [-4.0, -0.5, -3 * vte, -0.02, 0.3, 0.7, 100 * vte + 0.5] {
            let count = 20_000
            let h = v / Double(count)
            var sum = law.currentAndConductance(0).current + law.currentAndConductance(v).current
            for k in 1..<count {
                sum += (k % 2 == 1 ? 4 : 2) * law.currentAndConductance(Double(k) * h).current
            }
            let integral = sum * h / 3
            XCTAssertEqual(law.coContent(v), integral, accuracy: 1e-8 * abs(integral), "v = \(v)")
        }
    }

    func testCoContentIsConvexAndMinimalAtZero() {
        XCTAssertEqual(law.coContent(0), 0)
        for v in stride(from: -2.0, through: 0.8, by: 0.05) where abs(v) > 1e-9 {
            XCTAssertGreaterThan(law.coContent(v), 0, "v = \(v)")
        }
    }

    func testCriticalVoltage() {
        XCTAssertEqual(law.criticalVoltage, vte * log(vte / (2.0.squareRoot() * 1e-14)), accuracy: 1e-15)
        XCTAssertEqual(law.criticalVoltage, 0.882006, accuracy: 1e-6)
    }

    func testJunctionLimitingFollowsSpice3Pnjlim() {
        let critical = law.criticalVoltage
        // Forward from a conducting junction: logarithmic compression of the step.
        let from = 0.7, to = 2.0
        let limited = law.limitedVoltage(from: from, to: to)
        XCTAssertEqual(limited, from + vte * log(1 + (to - from) / vte), accuracy: 1e-15)
        XCTAssertGreaterThan(limited, from)
        XCTAssertLessThan(limited - from, 0.2 * (to - from))
        // From reverse or zero bias: v = V_te ln(v_new / V_te).
        XCTAssertEqual(law.limitedVoltage(from: -1, to: 3), vte * log(3 / vte), accuracy: 1e-15)
        XCTAssertEqual(law.limitedVoltage(from: 0, to: 1), vte * log(1 / vte), accuracy: 1e-15)
        // A large step down from far above V_crit: Spice3 lands on V_crit.
        XCTAssertEqual(law.limitedVoltage(from: 1.5, to: 0.9), critical)
        // Identity: steps of at most 2 V_te, and any step ending at or below V_crit.
        XCTAssertEqual(law.limitedVoltage(from: 0.9, to: 0.9 + 1.9 * vte), 0.9 + 1.9 * vte)
        XCTAssertEqual(law.limitedVoltage(from: 0.95, to: 0.95 - 1.9 * vte), 0.95 - 1.9 * vte)
        XCTAssertEqual(law.limitedVoltage(from: -2, to: critical), critical)
        XCTAssertEqual(law.limitedVoltage(from: 0.3, to: 0.5), 0.5)
    }
}
