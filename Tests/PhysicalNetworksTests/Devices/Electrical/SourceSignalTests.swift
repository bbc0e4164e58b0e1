import XCTest
@testable import PhysicalNetworks

final class SourceSignalTests: XCTestCase {
    /// PULSE(0.5 2 10u 2u 3u 40u 100u): corners at 10, 12, 52, 55 µs, then every 100 µs.
    private let pulse = SourceSignal.Pulse(initial: 0.5, pulsed: 2, delay: 10e-6, rise: 2e-6, fall: 3e-6,
                                           width: 40e-6, period: 100e-6)

    func testPulseValuesAtAndAroundEachCorner() {
        let tiny = 1e-12
        for cycle in 0..<3 {
            let start = 10e-6 + Double(cycle) * 100e-6
            let accuracy = 1e-9
            if cycle == 0 {
                XCTAssertEqual(pulse.value(at: 0), 0.5)
            }
            XCTAssertEqual(pulse.value(at: start - tiny), 0.5, accuracy: accuracy, "cycle \(cycle) before rise")
            XCTAssertEqual(pulse.value(at: start + tiny), 0.5, accuracy: 1e-6, "cycle \(cycle) rise starts")
            XCTAssertEqual(pulse.value(at: start + 1e-6), 1.25, accuracy: accuracy, "cycle \(cycle) mid-rise")
            XCTAssertEqual(pulse.value(at: start + 2e-6 - tiny), 2, accuracy: 1e-6, "cycle \(cycle) rise ends")
            XCTAssertEqual(pulse.value(at: start + 2e-6 + tiny), 2, accuracy: accuracy, "cycle \(cycle) top")
            XCTAssertEqual(pulse.value(at: start + 30e-6), 2, accuracy: accuracy, "cycle \(cycle) top")
            XCTAssertEqual(pulse.value(at: start + 42e-6 + tiny), 2, accuracy: 1e-6, "cycle \(cycle) fall starts")
            XCTAssertEqual(pulse.value(at: start + 43e-6), 1.5, accuracy: accuracy, "cycle \(cycle) a third down")
            XCTAssertEqual(pulse.value(at: start + 45e-6 - tiny), 0.5, accuracy: 1e-6, "cycle \(cycle) fall ends")
            XCTAssertEqual(pulse.value(at: start + 45e-6 + tiny), 0.5, accuracy: accuracy, "cycle \(cycle) low")
            XCTAssertEqual(pulse.value(at: start + 80e-6), 0.5, accuracy: accuracy, "cycle \(cycle) low")
        }
    }

    func testPulseIsContinuousThroughItsRamps() {
        var previous = pulse.value(at: 0)
        for k in 1...30_000 {
            let t = Double(k) * 1e-8
            let value = pulse.value(at: t)
            // Steepest slope 1.5 V / 2 µs → at most 7.5 mV per 10 ns.
            XCTAssertLessThanOrEqual(abs(value - previous), 7.5e-3 + 1e-9, "t = \(t)")
            previous = value
        }
    }

    func testPulseWithZeroRiseAndFallSteps() {
        let square = SourceSignal.Pulse(initial: 0, pulsed: 1, delay: 0, rise: 0, fall: 0, width: 1, period: 2)
        XCTAssertEqual(square.value(at: 0), 1)
        XCTAssertEqual(square.value(at: 0.999), 1)
        XCTAssertEqual(square.value(at: 1.001), 0)
        XCTAssertEqual(square.value(at: 2.5), 1)
        XCTAssertEqual(square.value(at: 3.5), 0)
    }

    func testPulseWithoutPeriodHappensOnce() {
        var once = pulse
        once.period = 0
        XCTAssertEqual(once.value(at: 30e-6), 2)
        XCTAssertEqual(once.value(at: 140e-6), 0.5)
        XCTAssertEqual(once.nextBreakpoint(after: 52e-6), 55e-6)
        XCTAssertNil(once.nextBreakpoint(after: 55e-6))
    }

    func testPulseBreakpointsWalkEveryCornerOfEveryPeriod() {
        var expected: [Double] = []
        for cycle in 0..<4 {
            let start = 10e-6 + Double(cycle) * 100e-6
            expected += [start, start + 2e-6, start + 42e-6, start + 45e-6]
        }
        var corners: [Double] = []
        var t = 0.0
        while corners.count < expected.count, let next = pulse.nextBreakpoint(after: t) {
            XCTAssertGreaterThan(next, t)
            corners.append(next)
            t = next
        }
        XCTAssertEqual(corners.count, expected.count)
        for (corner, value) in zip(corners, expected) {
            XCTAssertEqual(corner, value, accuracy: 1e-18)
        }
        // From inside a ramp or a flat part, the next corner.
        XCTAssertEqual(pulse.nextBreakpoint(after: 11e-6) ?? 0, 12e-6, accuracy: 1e-18)
        XCTAssertEqual(pulse.nextBreakpoint(after: 80e-6) ?? 0, 110e-6, accuracy: 1e-18)
        XCTAssertEqual(pulse.nextBreakpoint(after: 253e-6) ?? 0, 255e-6, accuracy: 1e-18)
    }

    func testPiecewiseLinearInterpolatesAndHolds() {
        let pwl = SourceSignal.Waveform.piecewiseLinear(times: [1e-3, 2e-3, 4e-3, 4.5e-3], values: [1, 3, -1, -1])
        XCTAssertEqual(pwl.value(at: 0), 1, "held before the first point")
        XCTAssertEqual(pwl.value(at: 1e-3), 1)
        XCTAssertEqual(pwl.value(at: 1.25e-3), 1.5, accuracy: 1e-12)
        XCTAssertEqual(pwl.value(at: 2e-3), 3, accuracy: 1e-12)
        XCTAssertEqual(pwl.value(at: 3.5e-3), 0, accuracy: 1e-12)
        XCTAssertEqual(pwl.value(at: 4.2e-3), -1, accuracy: 1e-12)
        XCTAssertEqual(pwl.value(at: 1), -1, "held after the last point")
        // Between points, exactly the chord: check against the two-point formula on a grid.
        for k in 0...100 {
            let t = 2e-3 + 2e-3 * Double(k) / 100
            XCTAssertEqual(pwl.value(at: t), 3 - 4 * (t - 2e-3) / 2e-3, accuracy: 1e-12, "t = \(t)")
        }
    }

    func testPiecewiseLinearBreakpointsAreItsPoints() {
        let pwl = SourceSignal.Waveform.piecewiseLinear(times: [0, 1e-3, 2e-3, 4e-3], values: [0, 1, 1, 0])
        XCTAssertEqual(pwl.nextBreakpoint(after: 0), 1e-3)
        XCTAssertEqual(pwl.nextBreakpoint(after: 0.5e-3), 1e-3)
        XCTAssertEqual(pwl.nextBreakpoint(after: 1e-3), 2e-3)
        XCTAssertEqual(pwl.nextBreakpoint(after: 3.9e-3), 4e-3)
        XCTAssertNil(pwl.nextBreakpoint(after: 4e-3))
        XCTAssertEqual(pwl.nextBreakpoint(after: -1), 0)
    }

    func testDriveSelectsDCOrWaveformAndScales() {
        let signal = SourceSignal(dc: 0.7, waveform: .pulse(pulse))
        XCTAssertEqual(signal.value(.dc), 0.7)
        XCTAssertEqual(signal.value(Drive(time: 30e-6)), 0.7, "DC analyses ignore the waveform")
        XCTAssertEqual(signal.value(.transient(at: 30e-6)), 2)
        XCTAssertEqual(signal.value(Drive(time: 30e-6, followsWaveforms: true, sourceScale: 0.25)), 0.5)
        XCTAssertEqual(signal.value(Drive(sourceScale: 0.5)), 0.35)
        XCTAssertEqual(SourceSignal(dc: 1.5).value(.transient(at: 1)), 1.5, "no waveform: the DC value")
        XCTAssertEqual(signal.nextBreakpoint(after: 0), 10e-6)
        XCTAssertNil(SourceSignal(dc: 1).nextBreakpoint(after: 0))
    }
}
