import Foundation
import XCTest
@testable import PhysicalNetworks

/// Runs one circuit through nudge and through ngspice with the settings every parity test
/// shares, and compares the results with `OperatingPointAgreement` / `TransientAgreement`.
///
/// ngspice settings (added to the netlist as one `.options` card, see `Ngspice.addingOptions`):
/// - `Ngspice.parityOptions`: RELTOL 1e-6, ABSTOL 1e-15 A, VNTOL 1e-9 V, TRTOL 1. ngspice's
///   defaults (RELTOL 1e-3, VNTOL 1 µV) stop Newton, and size time steps, a thousand times too
///   loosely for a 1e-6 comparison; with these its operating point converges well below 1e-6.
/// - Transients run `.tran TSTEP TSTOP 0 TMAX uic` with TMAX a small fraction of TSTOP, so that
///   linear interpolation of ngspice's points onto the comparison grid stays far below 1e-3 of
///   the swing, and `uic` so that ngspice starts, like nudge, from the `.ic`/zero state instead
///   of the operating point. Integration method: ngspice's default, the trapezoidal rule.
enum ParityRun {
    /// nudge's transient tolerances: local error 1e-6 relative, 1 nV, 1 pA.
    static let transientTolerances = Tolerances(relative: 1e-6, absoluteVoltage: 1e-9, absoluteCurrent: 1e-12)

    // MARK: ngspice netlists

    /// `text` with its analysis cards (`.op`, `.tran`) replaced by `cards`, inserted right before
    /// `.end` (or appended when there is none), and the parity options after the title.
    static func netlist(_ text: String, analyses cards: [String]) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { line in
            let card = line.trimmingCharacters(in: .whitespaces).lowercased()
            return card == ".op" || card.hasPrefix(".op ") || card.hasPrefix(".tran")
        }
        let end = lines.lastIndex { $0.trimmingCharacters(in: .whitespaces).lowercased() == ".end" }
        lines.insert(contentsOf: cards, at: end ?? lines.count)
        return Ngspice.addingOptions(Ngspice.parityOptions, to: lines.joined(separator: "\n"))
    }

    /// The netlist for ngspice's DC operating point.
    static func operatingPointNetlist(_ text: String) -> String {
        netlist(text, analyses: [".op"])
    }

    /// The netlist for ngspice's transient from the `.ic`/zero state (`uic`).
    /// - Parameters:
    ///   - step: TSTEP (s); also the default rise and fall time of PULSE sources, as in nudge.
    ///   - stop: TSTOP (s).
    ///   - maximumStep: TMAX (s), ngspice's largest internal step.
    static func transientNetlist(_ text: String, step: Double, stop: Double, maximumStep: Double) -> String {
        netlist(text, analyses: [".tran \(step) \(stop) 0 \(maximumStep) uic"])
    }

    // MARK: nudge

    static func circuit(_ text: String, file: String, transient: CircuitBuilder.TransientSettings? = nil) throws -> Circuit {
        try CircuitBuilder.build(NetlistParser.parse(contents: text, file: file), transient: transient)
    }

    /// nudge's DC operating point (Newton with gmin and source stepping) from the zero state.
    static func operatingPoint(_ circuit: Circuit) -> (nodes: [(name: String, volts: Double)], report: OperatingPointSolver.Report) {
        var state = [Double](repeating: 0, count: circuit.network.dimension)
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: circuit.network), state: $0)
        }
        return (circuit.nodeVoltages(state), report)
    }

    /// The endpoint of nudge's relaxation (TR-BDF2, default steady-state test) from the
    /// `.ic`/zero state with DC sources.
    static func relaxation(_ circuit: Circuit) -> (nodes: [(name: String, volts: Double)], report: RelaxationReport) {
        let result = relax(RelaxationProblem(network: circuit.network, initialStates: circuit.initialState),
                           using: TRBDF2())
        return (circuit.nodeVoltages(result.state(0)), result.reports[0])
    }

    /// nudge's transient (TR-BDF2) from the `.ic`/zero state, on the grid 0, Δ, 2Δ, … ≤ stop.
    static func transient(_ circuit: Circuit, stop: Double, outputStep: Double, maximumStep: Double) -> TransientResult {
        let control = StepControl(tolerances: transientTolerances, maxStep: maximumStep)
        let problem = TransientProblem(network: circuit.network, initialState: circuit.initialState,
                                       stopTime: stop, outputStep: outputStep, control: control)
        return simulateTransient(problem, using: TRBDF2())
    }

    // MARK: comparisons

    /// nudge's operating point and relaxation endpoint against ngspice's `.op` on every node.
    static func compareOperatingPoints(
        _ circuit: Circuit, netlist text: String, label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> (operatingPoint: OperatingPointAgreement, relaxation: OperatingPointAgreement) {
        let reference = try Ngspice.operatingPoint(netlist: operatingPointNetlist(text))

        let direct = operatingPoint(circuit)
        XCTAssertEqual(direct.report.status, .converged, "\(label): nudge op: \(direct.report)", file: file, line: line)
        var opAgreement = OperatingPointAgreement()
        opAgreement.compare(direct.nodes, with: reference)
        XCTAssertTrue(opAgreement.passes, "\(label): nudge op vs ngspice .op: \(opAgreement)", file: file, line: line)

        let relaxed = relaxation(circuit)
        var relaxAgreement = OperatingPointAgreement()
        guard relaxed.report.status == .converged else {
            XCTFail("\(label): nudge relax: \(relaxed.report.status) at t = \(relaxed.report.time) s after "
                    + "\(relaxed.report.steps) steps, \(relaxed.report.rejectedSteps) rejected: \(relaxed.report.message)",
                    file: file, line: line)
            return (opAgreement, relaxAgreement)
        }
        relaxAgreement.compare(relaxed.nodes, with: reference)
        XCTAssertTrue(relaxAgreement.passes, "\(label): nudge relax endpoint vs ngspice .op: \(relaxAgreement)",
                      file: file, line: line)
        return (opAgreement, relaxAgreement)
    }

    /// nudge's transient against ngspice's (`uic`) on nudge's output grid.
    ///
    /// The grid point t = 0 is not compared: with `uic` ngspice writes no row at t = 0 (its first
    /// row is after its first step), and nudge's row at t = 0 is the initial state made
    /// consistent (nodes without capacitance solved from the others), which ngspice never prints.
    /// Every other grid point lies within ngspice's time span and is compared.
    static func compareTransients(
        _ circuit: Circuit, netlist text: String, step: Double, stop: Double, outputStep: Double,
        maximumStep: Double, label: String, file: StaticString = #filePath, line: UInt = #line
    ) throws -> TransientAgreement {
        let ngspiceNetlist = transientNetlist(text, step: step, stop: stop, maximumStep: maximumStep)
        let reference = try Ngspice.transient(netlist: ngspiceNetlist)
        let result = transient(circuit, stop: stop, outputStep: outputStep, maximumStep: maximumStep)
        guard result.report.status == .completed else {
            XCTFail("\(label): nudge transient: \(result.report.status) at t = \(result.report.time) s of \(stop) s "
                    + "after \(result.report.steps) steps, \(result.report.rejectedSteps) rejected: \(result.report.message)",
                    file: file, line: line)
            return TransientAgreement()
        }
        let first = try XCTUnwrap(reference.time.first, "\(label): ngspice wrote no time points", file: file, line: line)
        let last = try XCTUnwrap(reference.time.last, file: file, line: line)
        XCTAssertEqual(last, stop, accuracy: 1e-9 * stop, "\(label): ngspice stop time", file: file, line: line)
        let gridCount = Int((stop / outputStep * (1 + 1e-12)).rounded(.down)) + 1
        XCTAssertEqual(result.times.count, gridCount, "\(label): nudge's grid ends at t = \(result.times.last ?? 0) s",
                       file: file, line: line)
        let compared = result.times.indices.filter { result.times[$0] > 0 && result.times[$0] >= first }
        XCTAssertGreaterThanOrEqual(compared.count, result.times.count - 2,
                                    "\(label): ngspice's first point \(first) s is late", file: file, line: line)
        let grid = compared.map { result.times[$0] }
        let resampled = Ngspice.resample(reference, onto: grid)
        var agreement = TransientAgreement()
        for (index, name) in circuit.nodeNames.enumerated() {
            agreement.compare(node: name, times: grid, nudge: compared.map { result.states[$0][index] },
                              ngspice: resampled[name])
        }
        XCTAssertTrue(agreement.passes, "\(label): nudge transient vs ngspice .tran uic: \(agreement)",
                      file: file, line: line)
        return agreement
    }
}
