import Foundation
import XCTest
@testable import PhysicalNetworks

final class OperatingPointTests: XCTestCase {
    /// A stiff diode chain: `volts` through `ohms` into `count` diodes in series to ground
    /// (I_S = 1e-16, the top one with 2 Ω series resistance), each junction shunted by 1 MΩ.
    /// Unknowns: source node, chain nodes 1…count, the internal node, the source branch.
    static func diodeChain(count: Int = 6, volts: Double = 40, ohms: Double = 0.5) -> Network {
        let law = ShockleyJunction(saturationCurrent: 1e-16, emissionCoefficient: 1)
        let internalNode = count + 1
        let branch = count + 2
        var diodes: [Diodes.Diode] = []
        var shunts: [(a: Int, b: Int)] = []
        for k in 1...count {
            let cathode = k == count ? Unknown.ground : k + 1
            diodes.append(.init(name: "d\(k)", anode: k, cathode: cathode, junction: k == 1 ? internalNode : k,
                                law: law, seriesConductance: k == 1 ? 0.5 : 0))
            shunts.append((k, cathode))
        }
        return Network(
            unknowns: NetworkFixtures.unknowns(nodes: count + 2, branches: ["v1"]),
            interactions: [
                VoltageSources(sources: [.init(name: "v1", positive: 0, negative: Unknown.ground, branch: branch,
                                               signal: SourceSignal(dc: volts))]),
                Resistors(terminals: [(0, 1)] + shunts, parameterOffset: 0),
                Diodes(diodes: diodes),
            ],
            parameters: [1 / ohms] + [Double](repeating: 1e-6, count: count),
            parameterNames: ["rs"] + (1...count).map { "rp\($0)" })
    }

    private func assertKirchhoff(_ network: Network, _ state: [Double], file: StaticString = #filePath, line: UInt = #line) {
        let equations = NetworkEquations(network: network)
        var residual = [Double](repeating: 0, count: network.dimension)
        state.withUnsafeBufferPointer { x in
            residual.withUnsafeMutableBufferPointer { equations.evaluateResidual(x, drive: .dc, into: $0) }
        }
        for (i, r) in residual.enumerated() {
            XCTAssertEqual(r, 0, accuracy: 1e-9, "row \(i)", file: file, line: line)
        }
    }

    func testEveryStrategyFindsTheSameDiodeChainSolution() {
        let network = Self.diodeChain()
        let plain = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(plain.report.status, .converged)
        assertKirchhoff(network, plain.state)
        // The source delivers (40 − V_chain)/0.5 Ω: tens of amperes through the chain.
        XCTAssertLessThan(plain.state[network.dimension - 1], -10)

        // Starve Newton of iterations so that plain Newton fails, and bypass gmin stepping (first
        // shunt below the last one): source stepping must take over, and find the same point.
        let starved = NewtonSolver(maxIterations: 9)
        let source = NetworkFixtures.operatingPoint(
            of: network, solver: OperatingPointSolver(newton: starved, initialShunt: 1e-14))
        XCTAssertEqual(source.report.status, .converged)
        XCTAssertEqual(source.report.strategy, "source stepping")
        for i in 0..<network.dimension {
            XCTAssertEqual(source.state[i], plain.state[i], accuracy: 1e-9 * max(1, abs(plain.state[i])), "unknown \(i)")
        }
    }

    func testGminContinuationEndsAtTheNewtonSolution() {
        // 100 µA into three junctions in series. Shunts from every node to ground, shrunk a
        // decade at a time from 10 mS (SPICE's gmin stepping, as OperatingPointSolver runs it):
        // each stage satisfies KCL with its shunt, and the last lands on plain Newton's point.
        let law = ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1)
        let network = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 3),
            interactions: [
                CurrentSources(sources: [.init(name: "i1", positive: Unknown.ground, negative: 0,
                                               signal: SourceSignal(dc: 1e-4))]),
                Diodes(diodes: [
                    .init(name: "d1", anode: 0, cathode: 1, junction: 0, law: law, seriesConductance: 0),
                    .init(name: "d2", anode: 1, cathode: 2, junction: 1, law: law, seriesConductance: 0),
                    .init(name: "d3", anode: 2, cathode: Unknown.ground, junction: 2, law: law, seriesConductance: 0),
                ]),
            ],
            parameters: [], parameterNames: [])
        let plain = NetworkFixtures.operatingPoint(of: network)
        XCTAssertEqual(plain.report.strategy, "newton")
        // Each junction carries 100 µA: V_t ln(1 + (I − g_min V)/I_S) apiece, about 0.5956 V.
        XCTAssertEqual(plain.state[2], 0.59556, accuracy: 1e-5)
        let equations = NetworkEquations(network: network)
        let workspace = NewtonSolver.Workspace(equations: equations)
        var x = [0.0, 0, 0]
        var shunt = 1e-2
        while shunt >= 1e-13 {
            let outcome = x.withUnsafeMutableBufferPointer {
                NewtonSolver().solve(equations, alpha: 0, rhs: nil, drive: .dc, shunt: shunt, state: $0, workspace: workspace)
            }
            guard case .converged = outcome else { return XCTFail("shunt \(shunt): \(outcome)") }
            // KCL at node 0 with the shunt: I = shunt V₀ + i_d1(V₀ − V₁).
            let kcl = shunt * x[0] + law.currentAndConductance(x[0] - x[1]).current
            XCTAssertEqual(kcl, 1e-4, accuracy: 1e-12, "shunt \(shunt)")
            if shunt == 1e-2 { XCTAssertEqual(x[0], 1e-2, accuracy: 1e-8, "the shunt carries all the current") }
            shunt /= 10
        }
        let outcome = x.withUnsafeMutableBufferPointer {
            NewtonSolver().solve(equations, alpha: 0, rhs: nil, drive: .dc, state: $0, workspace: workspace)
        }
        guard case .converged = outcome else { return XCTFail("without shunt: \(outcome)") }
        for i in 0..<3 { XCTAssertEqual(x[i], plain.state[i], accuracy: 1e-10, "unknown \(i)") }
    }

    func testSingularNetworkIsReportedNotCrashed() {
        // A node reached only by a current source: no DC path, G is the 1×1 zero matrix.
        let floating = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 1),
            interactions: [CurrentSources(sources: [.init(name: "i1", positive: Unknown.ground, negative: 0,
                                                          signal: SourceSignal(dc: 1e-3))])],
            parameters: [], parameterNames: [])
        XCTAssertEqual(NetworkFixtures.operatingPoint(of: floating).report.status, .singularMatrix)
        let relaxed = relax(RelaxationProblem(network: floating), using: TRBDF2())
        XCTAssertEqual(relaxed.reports[0].status, .singularMatrix)
        XCTAssertTrue(relaxed.reports[0].message.contains("singular"), relaxed.reports[0].message)

        // Two different voltage sources in parallel: a loop of voltage sources.
        let loop = Network(
            unknowns: NetworkFixtures.unknowns(nodes: 1, branches: ["v1", "v2"]),
            interactions: [
                VoltageSources(sources: [
                    .init(name: "v1", positive: 0, negative: Unknown.ground, branch: 1, signal: SourceSignal(dc: 1)),
                    .init(name: "v2", positive: 0, negative: Unknown.ground, branch: 2, signal: SourceSignal(dc: 2)),
                ]),
                Resistors(terminals: [(0, Unknown.ground)], parameterOffset: 0),
            ],
            parameters: [1], parameterNames: ["r"])
        XCTAssertEqual(NetworkFixtures.operatingPoint(of: loop).report.status, .singularMatrix)
    }

    func testNonFiniteSourceIsReportedNotCrashed() {
        for bad in [Double.nan, .infinity] {
            var network = NetworkFixtures.currentDrivenLadder(count: 3)
            network.interactions[2] = CurrentSources(sources: [
                .init(name: "i1", positive: Unknown.ground, negative: 0, signal: SourceSignal(dc: bad))])
            let op = NetworkFixtures.operatingPoint(of: network).report
            XCTAssertEqual(op.status, .nonFinite, "source \(bad)")
            XCTAssertFalse(op.residual.isFinite, "the report's residual \(op.residual) hides the source \(bad)")
            for report in [relax(RelaxationProblem(network: network), using: TRBDF2()).reports[0],
                           relax(RelaxationProblem(network: network), using: BackwardEuler()).reports[0],
                           relax(RelaxationProblem(network: network), using: DormandPrince()).reports[0]] {
                XCTAssertEqual(report.status, .nonFinite, "\(report.integrator), source \(bad)")
                XCTAssertFalse(report.residual.isFinite, "\(report.integrator): residual \(report.residual)")
            }
        }
    }

    func testNonFiniteInitialStateIsReportedNotCrashed() {
        let network = NetworkFixtures.currentDrivenLadder(count: 3)
        let start = [0, Double.nan, 0]
        for report in [relax(RelaxationProblem(network: network, initialStates: start), using: TRBDF2()).reports[0],
                       relax(RelaxationProblem(network: network, initialStates: start), using: DormandPrince()).reports[0]] {
            XCTAssertEqual(report.status, .nonFinite, report.integrator)
        }
    }

    func testLinearNetworkConvergesInOneNewtonStep() {
        let (state, report) = NetworkFixtures.operatingPoint(of: NetworkFixtures.divider())
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(report.strategy, "newton")
        XCTAssertEqual(report.iterations, 1)
        XCTAssertEqual(state[1], 1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(state[2], -2.0 / 3, accuracy: 1e-15)
        XCTAssertLessThan(report.residual, 1e-15)
    }
}
