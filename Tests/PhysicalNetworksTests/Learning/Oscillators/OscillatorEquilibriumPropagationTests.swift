import XCTest
@testable import PhysicalNetworks

/// EP on oscillator networks built from a file: the torque-cost estimators against the exact
/// (implicit) gradient, the exact gradient against finite differences of the settled loss, the
/// seeded multi-start (determinism, averaging), phase wrapping, and the bias natural
/// frequencies bring (a non-gradient drift: measured, not hidden).
final class OscillatorEquilibriumPropagationTests: XCTestCase {
    /// 2 inputs → 4 hidden → 1 output, fields on every free oscillator, everything trainable.
    static let xorText = """
        XOR-sized oscillator network
        layer x 2 input
        layer h 4
        layer y 1
        dense w1 x h uniform 1 3
        dense w2 h y uniform 1 4
        field b1 h_1 0.5 0.3
        field b2 h_2 0.5 -0.7
        field b3 h_3 0.5 1.1
        field b4 h_4 0.5 0.2
        field by y_1 0.5 0.3
        *@ input x
        *@ output y
        *@ train *.w *.h *.psi
        """

    static func controller(_ text: String = xorText, cost: EquilibriumPropagation.CostKind = .phaseCosine,
                           inputs: [Double] = [0.4, -1.2], target: Double = 1.3) throws -> EquilibriumPropagation {
        let netlist = try OscillatorNetlistParser.parse(contents: text, file: "test.osc")
        let ep = try EquilibriumPropagation(network: netlist.network(), cost: cost)
        try ep.setInputs(inputs)
        try ep.setTargets([target])
        return ep
    }

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let difference = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        return difference / max(b.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e-300)
    }

    func testCenteredEPConvergesToTheExactGradientAtSecondOrder() throws {
        for cost in [EquilibriumPropagation.CostKind.phaseCosine, .phaseLogarithmic(epsilon: 1e-5)] {
            let ep = try Self.controller(cost: cost)
            XCTAssertTrue(ep.polishesPhases, "phase networks are polished by Newton")
            let exact = ep.exactGradient().gradient
            let errors = try [0.04, 0.02].map { beta in
                Self.relativeError(try ep.gradient(.centered, beta: beta).gradient, exact)
            }
            XCTAssertLessThan(errors[1], 2e-3, "\(cost): centered EP at β = 0.02")
            // O(β²): halving β divides the error by about 4.
            XCTAssertEqual(errors[0] / errors[1], 4, accuracy: 0.6, "\(cost): errors \(errors)")
            let positive = Self.relativeError(try ep.gradient(.positive, beta: 0.01).gradient, exact)
            XCTAssertLessThan(positive, 0.05, "\(cost): one-sided EP at β = 0.01")
        }
    }

    /// dL/dθ by implicit differentiation against central differences of the loss at the
    /// equilibrium reached (by Newton) from the same free state.
    func testExactGradientMatchesFiniteDifferencesOfTheSettledLoss() throws {
        let ep = try Self.controller()
        let free = ep.freePhase()
        let exact = ep.exactGradient().gradient
        let theta = ep.trainableValues
        for k in theta.indices {
            var losses: [Double] = []
            for sign in [1.0, -1.0] {
                var shifted = theta
                shifted[k] += sign * 1e-6
                ep.trainableValues = shifted
                var state = free.state
                let report = state.withUnsafeMutableBufferPointer { OperatingPointSolver().solve(ep.equations, state: $0) }
                XCTAssertTrue(report.status.isSuccess)
                losses.append(ep.loss(state))
            }
            ep.trainableValues = theta
            let numeric = (losses[0] - losses[1]) / 2e-6
            XCTAssertEqual(exact[k], numeric, accuracy: 1e-6 * max(1, abs(numeric)), ep.trainableNames[k])
        }
    }

    func testSettledPhasesAreWrapped() throws {
        let ep = try Self.controller()
        let far = ep.network.startingState!.map { $0 + 14 * Double.pi + 0.5 }
        let phase = ep.freePhase(from: far)
        XCTAssertTrue(phase.state.allSatisfy { $0 > -Double.pi && $0 <= Double.pi }, "\(phase.state)")
        XCTAssertEqual(Network.wrappedPhase(3 * Double.pi), Double.pi, accuracy: 1e-15)
        XCTAssertEqual(Network.wrappedPhase(-Double.pi), Double.pi, accuracy: 1e-15)
        XCTAssertEqual(Network.wrappedPhase(-7.5), -7.5 + 2 * Double.pi, accuracy: 1e-15)
    }

    /// The same seed gives the same starts, hence bit-identical estimates; the estimate is the
    /// mean over the starts of each start's own estimate; another seed gives other starts.
    func testMultiStartIsSeededAndAveragesOverStarts() throws {
        func run(seed: UInt64) throws -> (GradientEstimate, EquilibriumPropagation) {
            let ep = try Self.controller(inputs: [1.5, 1.5], target: -1.5)
            ep.multiStart = .init(count: 4, seed: seed)
            return (try ep.gradient(.centered, beta: 0.05), ep)
        }
        let (first, ep) = try run(seed: 11)
        let (second, _) = try run(seed: 11)
        XCTAssertEqual(first.gradient, second.gradient)
        XCTAssertEqual(first.loss, second.loss)
        XCTAssertEqual(first.phases, 4 * 3, "free and two nudged phases per start")

        var generator = Xoshiro256StarStar(seed: 11)
        ep.startGenerator = generator
        let starts = ep.drawStarts(4)
        generator = Xoshiro256StarStar(seed: 11)
        var mean = [Double](repeating: 0, count: ep.trainable.count)
        for start in starts {
            ep.currentStart = start
            let single = try ep.gradient(.centered, beta: 0.05)
            ep.currentStart = nil
            for k in mean.indices { mean[k] += single.gradient[k] / 4 }
        }
        for k in mean.indices { XCTAssertEqual(first.gradient[k], mean[k], accuracy: 1e-12 * max(1, abs(mean[k]))) }
        XCTAssertTrue(starts.allSatisfy { start in start.allSatisfy { (-Double.pi..<Double.pi).contains($0) } })
        XCTAssertNotEqual(starts[0], starts[1])

        let (other, _) = try run(seed: 12)
        XCTAssertNotEqual(other.gradient, first.gradient)
    }

    /// Natural-frequency dispersion makes the network non-reciprocal on the circle (no energy),
    /// yet a constant torque γω has zero Jacobian: at a locked state J stays symmetric, so EP
    /// keeps its O(β²) accuracy against the exact gradient (implicit differentiation of F = 0,
    /// valid for any F), while the dispersion moves the equilibrium and so the gradient itself.
    func testNaturalFrequenciesKeepEPExactAtALockedState() throws {
        func estimates(omega: Double) throws -> (ep: [Double], exact: [Double], gradientSystem: Bool) {
            let text = Self.xorText.replacingOccurrences(
                of: "*@ input x", with: "omega o1 h_1 \(omega)\nomega o2 h_2 \(-omega)\n*@ input x")
            let ep = try Self.controller(text)
            return (try ep.gradient(.centered, beta: 0.01).gradient, ep.exactGradient().gradient,
                    ep.network.isGradientSystem)
        }
        let still = try estimates(omega: 0), turning = try estimates(omega: 0.2)
        XCTAssertFalse(turning.gradientSystem)
        XCTAssertLessThan(Self.relativeError(still.ep, still.exact), 1e-3)
        XCTAssertLessThan(Self.relativeError(turning.ep, turning.exact), 1e-3)
        XCTAssertGreaterThan(Self.relativeError(turning.exact, still.exact), 1e-2, "the dispersion moves the gradient")
    }
}
