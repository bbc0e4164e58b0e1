import XCTest
@testable import PhysicalNetworks

/// Distance sensors: derivatives against finite differences, and a pair distance as the output
/// of EP on case 8's spring net (centered EP and the exact gradient against finite differences
/// of the distance loss computed without any sensor).
final class DistanceSensorsTests: XCTestCase {
    /// Case 8's springs plus a sensor on the free nodes 2 and 3 (unknowns 0 and 2), reading into
    /// unknown 4; coupling K at parameter 10.
    static func sensors() -> DistanceSensors {
        DistanceSensors(dimension: 2, sensors: [DistanceSensors.Sensor(a: 0, b: 2, reading: 4),
                                                DistanceSensors.Sensor(a: -1, b: 2, reading: 5, anchorA: SIMD3(0, 0, 0))],
                        couplingOffset: 10)
    }

    func testDerivativesMatchFiniteDifferences() {
        let checks = InteractionChecks(family: Self.sensors(), dimension: 6,
                                       parameters: SpringsTests.stiffness + SpringsTests.restLengths + [3, 0.5])
        let problems = checks.failures(states: [SpringsTests.start + [0.7, 1.3], [0.3, 1.2, 0.9, 0.7, 1.1, 0.2]])
        XCTAssertTrue(problems.isEmpty, problems.prefix(10).joined(separator: "\n"))
    }

    func testPairDistanceOutputGivesTheGradientOfTheDistanceLoss() throws {
        let coupling = 1e6
        let sensor = DistanceSensors(dimension: 2, sensors: [DistanceSensors.Sensor(a: 0, b: 2, reading: 4)], couplingOffset: 10)
        let parameters = SpringsTests.stiffness + SpringsTests.restLengths + [coupling]
        var network = Network(
            unknowns: (0..<4).map { Unknown(name: "u\($0)", kind: .coordinate) } + [Unknown(name: "d23", kind: .coordinate)],
            interactions: [SpringsTests.caseEight(), sensor], parameters: parameters,
            parameterNames: (0..<11).map { "p\($0)" },
            roles: Network.Roles(outputs: [4], trainable: Array(0..<10)))
        let start = SpringsTests.start
        let distance = ((start[0] - start[2]) * (start[0] - start[2]) + (start[1] - start[3]) * (start[1] - start[3])).squareRoot()
        network.startingState = start + [distance]
        let controller = try EquilibriumPropagation(network: network)
        let target = 1.05
        try controller.setTargets([target])
        let exact = controller.exactGradient()
        let centered = try controller.gradient(.centered, beta: 1e-3)

        // Finite differences of ½(r₂₃ − y)² over Newton equilibria of the springs alone.
        func loss(_ theta: [Double]) -> Double {
            let x = SpringsTests.equilibrium(parameters: theta, beta: 0)
            let r = ((x[0] - x[2]) * (x[0] - x[2]) + (x[1] - x[3]) * (x[1] - x[3])).squareRoot()
            return 0.5 * (r - target) * (r - target)
        }
        let theta = SpringsTests.stiffness + SpringsTests.restLengths
        let fd = theta.indices.map { k -> Double in
            var p = theta, m = theta
            p[k] += 1e-6
            m[k] -= 1e-6
            return (loss(p) - loss(m)) / 2e-6
        }
        let scale = fd.map(abs).max()!
        let exactError = zip(exact.gradient, fd).map { abs($0 - $1) }.max()! / scale
        let epError = zip(centered.gradient, exact.gradient).map { abs($0 - $1) }.max()! / scale
        print("distance output (case 8, pair 2-3): exact vs FD \(exactError), centered EP vs exact \(epError)")
        XCTAssertLessThan(exactError, 1e-6)
        XCTAssertLessThan(epError, 1e-5)
    }
}
