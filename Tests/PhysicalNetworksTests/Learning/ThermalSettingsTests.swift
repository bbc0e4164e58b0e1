import XCTest
@testable import PhysicalNetworks

/// The automatic Langevin sampling, the up-front checks and the thermal default nudge, on one RC
/// node (g = 2 S, C = 0.5 F: one relaxation rate λ = g/C = 4 s⁻¹) and a two-node network whose
/// second node has no capacitance.
final class ThermalSettingsTests: XCTestCase {
    static func rcNode(capacitance: Double = 0.5, bareNode: Bool = false) throws -> EquilibriumPropagation {
        var resistors: [(Int, Int)] = [(0, -1)]
        if bareNode { resistors.append((0, 1)); resistors.append((1, -1)) }
        let unknowns = (0..<(bareNode ? 2 : 1)).map { Unknown(name: "v\($0)", kind: .nodeVoltage) }
        let network = Network(
            unknowns: unknowns,
            interactions: [Resistors(terminals: resistors, parameterOffset: 0),
                           Capacitors(terminals: [(0, -1)], parameterOffset: resistors.count),
                           CurrentSources(sources: [.init(name: "i1", positive: -1, negative: 0,
                                                          signal: SourceSignal(dc: 0.6))])],
            parameters: [Double](repeating: 2, count: resistors.count) + [capacitance],
            parameterNames: (0..<resistors.count).map { "r\($0)" } + ["c1"],
            roles: Network.Roles(outputs: [0], trainable: [0]))
        let ep = try EquilibriumPropagation(network: network)
        try ep.setTargets([1])
        return ep
    }

    func testAutomaticSamplingFollowsTheRelaxationRate() throws {
        let ep = try Self.rcNode()
        let rates = try ep.relaxationRates()
        XCTAssertEqual(rates.fastest, 4, accuracy: 1e-12)
        XCTAssertEqual(rates.slowest, 4, accuracy: 1e-12)
        let sampling = try ep.thermalSampling(ThermalSettings(estimator: .covariance, temperature: 0.05), seed: 3)
        XCTAssertEqual(sampling.dynamics.stepSize, 0.05 / 4, accuracy: 1e-15)
        XCTAssertEqual(sampling.interval, 10)   // half of 1/λ in steps of 0.0125 s
        XCTAssertEqual(sampling.burnIn, 100)    // five times 1/λ
        XCTAssertEqual(sampling.dynamics.seed, 3)
        let given = try ep.thermalSampling(ThermalSettings(estimator: .covariance, temperature: 0.05, stepSize: 1e-3,
                                                           interval: 7, burnIn: 9), seed: 3)
        XCTAssertEqual(given.dynamics.stepSize, 1e-3)
        XCTAssertEqual(given.interval, 7)
        XCTAssertEqual(given.burnIn, 9)
    }

    func testMissingCapacitanceIsRefusedEvenWithExplicitSampling() throws {
        let ep = try Self.rcNode(bareNode: true)
        for settings in [ThermalSettings(estimator: .covariance, temperature: 0.05),
                         ThermalSettings(estimator: .nudged, temperature: 0.05, stepSize: 1e-3, interval: 1, burnIn: 1)] {
            XCTAssertThrowsError(try ep.check(settings)) { error in
                XCTAssertTrue("\(error)".contains("mass"), "\(error)")
            }
        }
    }

    func testChecksRefuseWhatCannotRunOrIsNotAGradient() throws {
        let ep = try Self.rcNode()
        XCTAssertNoThrow(try ep.check(ThermalSettings(estimator: .covariance, temperature: 0.05)))
        XCTAssertThrowsError(try ep.check(ThermalSettings(estimator: .covariance, temperature: 0)))
        XCTAssertThrowsError(try ep.check(ThermalSettings(estimator: .covariance, temperature: 0.05, samples: 39)))
        let johnson = ThermalSettings(estimator: .covariance, temperature: 0.05, noise: .johnson)
        XCTAssertNoThrow(try ep.check(johnson))
        XCTAssertThrowsError(try ep.check(johnson, requireValidEstimate: true))
        XCTAssertNotNil(EquilibriumPropagation.thermalCaveat(johnson))
        XCTAssertNotNil(EquilibriumPropagation.thermalCaveat(ThermalSettings(estimator: .nudged, temperature: 1,
                                                                             noise: .johnson)))
        XCTAssertNil(EquilibriumPropagation.thermalCaveat(ThermalSettings(estimator: .nudged, temperature: 1,
                                                                          noise: .johnson, nudge: .resistor)))
        XCTAssertNil(EquilibriumPropagation.thermalCaveat(ThermalSettings(estimator: .covariance, temperature: 1)))
    }

    /// One node: R_OO = 1/g, so the default nudge is 0.2 g = 0.4 S.
    func testThermalDefaultBetaIsAFifthOfTheOutputConductance() throws {
        XCTAssertEqual(try Self.rcNode().thermalDefaultBeta() ?? .nan, 0.4, accuracy: 1e-12)
    }
}
