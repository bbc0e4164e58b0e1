import Foundation
import XCTest
@testable import PhysicalNetworks

/// Random networks of dozens of nodes (see `RandomParityCircuits`) driven by PULSE, PWL and mixed
/// sources: nudge's transient from the zero state against ngspice's `.tran … uic`, at every
/// point of a 201-point grid and on every node, to 1e-3 of the node's swing.
///
/// Time settings: TSTOP is the generator's suggestion (at least five slowest time constants),
/// the grid step TSTOP/200; ngspice's TMAX is TSTOP/1000 (linear interpolation between its points
/// then errs by at most h²·max|v''|/8, far below the tolerance for waveforms whose edges last
/// TSTOP/100), and nudge's largest step is the same.
final class TransientParityTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(Ngspice.isAvailable, "ngspice is not installed")
    }

    private func checkTransients(_ kind: RandomParityCircuits.Kind, seeds: [UInt64] = RandomParityCircuits.seeds,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        var transients = TransientAgreement()
        for seed in seeds {
            let random = RandomParityCircuits.circuit(kind, seed: seed)
            let label = "\(kind.label) seed \(seed)"
            let stop = random.suggestedStopTime
            let circuit = try ParityRun.circuit(
                random.netlist, file: "\(label).cir",
                transient: .init(step: random.suggestedMaximumStep, stop: stop))
            let agreement = try ParityRun.compareTransients(
                circuit, netlist: random.netlist, step: random.suggestedMaximumStep, stop: stop,
                outputStep: stop / 200, maximumStep: random.suggestedMaximumStep, label: label,
                file: file, line: line)
            transients.merge(agreement)
        }
        print("parity \(kind.label) transient: \(transients)")
    }

    /// Single trapezoidal pulses into an RC network with capacitance at every node.
    func testLinearRCWithPulses() throws { try checkTransients(RandomParityCircuits.linearRC) }

    /// PWL ramps through diodes (no series resistance).
    func testDiodesWithPiecewiseLinearSources() throws { try checkTransients(RandomParityCircuits.diodes) }

    /// Mixed DC, PULSE and PWL sources through diodes with RS (internal nodes).
    func testDiodesWithSeriesResistanceAndMixedSources() throws {
        try checkTransients(RandomParityCircuits.diodesWithSeriesResistance)
    }

    /// Mixed sources through layers joined by VCVSs and CCCSs.
    func testControlledSourcesWithMixedSources() throws {
        try checkTransients(RandomParityCircuits.controlledSources)
    }

    /// Half of the nodes without capacitance (a DAE), with diodes and controlled sources.
    func testNodesWithoutCapacitance() throws {
        try checkTransients(RandomParityCircuits.differentialAlgebraic)
    }
}
