import Foundation
import XCTest
@testable import PhysicalNetworks

/// Seeded trainable networks for the gradient-accuracy tests: `RandomCircuits`' RC networks
/// (resistors 100 Ω–100 kΩ, i.e. conductances 10 µS–10 mS; a capacitor forest on every node;
/// about n/8 DC voltage sources; optionally n/4 Shockley diodes) with learning roles added:
/// every voltage source is an input, every resistor trainable, and 1–3 nodes that no source
/// touches are outputs with targets drawn in ±1 V.
struct GradientAccuracyNetwork {
    let seed: UInt64
    let netlist: String
    let controller: EquilibriumPropagation
    let targets: [Double]

    init(seed: UInt64, nodes: Int, diodes: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        var configuration = RandomCircuits.Configuration()
        configuration.nodeCount = nodes
        configuration.resistanceDecades = 2...4
        configuration.capacitance = .everyNode
        configuration.includesCurrentSources = false
        configuration.includesDiodes = diodes
        configuration.stimulus = .constant
        configuration.analyses = []
        let random = RandomCircuits.circuit(seed: seed, configuration: configuration)

        var lines = random.netlist.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let cards = lines.dropFirst().map { $0.split(separator: " ").map(String.init) }
        let sources = cards.filter { $0.first?.first == "V" }
        let resistors = cards.filter { $0.first?.first == "R" }.map { $0[0] }
        let sourced = Set(sources.flatMap { $0[1...2] })
        var draw = RandomCircuits.SplitMix64(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        let candidates = draw.shuffled(random.nodes.filter { !sourced.contains($0) })
        let outputs = Array(candidates.prefix(draw.integer(in: 1...3)))
        _ = try XCTUnwrap(sources.first, "seed \(seed) drew no voltage source", file: file, line: line)
        _ = try XCTUnwrap(outputs.first, "seed \(seed) left no free node", file: file, line: line)
        lines.insert(contentsOf: [
            "*@ input \(sources.map { $0[0] }.joined(separator: " "))",
            "*@ output \(outputs.joined(separator: " "))",
            "*@ train \(resistors.joined(separator: " "))",
        ], at: 1)
        netlist = lines.joined(separator: "\n")
        self.seed = seed

        let circuit = try CircuitBuilder.build(NetlistParser.parse(contents: netlist, file: "seed\(seed).cir"))
        controller = try EquilibriumPropagation(network: circuit.network)
        try controller.setInputs(circuit.network.roles.inputParameters.map { circuit.network.parameters[$0] })
        targets = outputs.map { _ in Double(draw.integer(in: -10...10)) / 10 }
        try controller.setTargets(targets)
    }

    /// The loss at the DC operating point (Newton from `start`) with conductances `values`;
    /// the controller's conductances are restored afterwards.
    func loss(conductances values: [Double], from start: [Double]) -> (loss: Double, status: SolverStatus) {
        let saved = controller.trainableValues
        defer { controller.trainableValues = saved }
        controller.trainableValues = values
        var state = start
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(controller.equations, state: $0)
        }
        return (controller.loss(state), report.status)
    }

    /// Central finite differences of the loss, `[L(g + h e_k) − L(g − h e_k)]/(2h)` with
    /// `h = step · g_k`, each loss at the operating point.
    func finiteDifferenceGradient(step: Double, around start: [Double]) -> [Double] {
        let g = controller.trainableValues
        return g.indices.map { k in
            let h = step * g[k]
            var plus = g, minus = g
            plus[k] += h
            minus[k] -= h
            let up = loss(conductances: plus, from: start), down = loss(conductances: minus, from: start)
            precondition(up.status.isSuccess && down.status.isSuccess, "operating point failed: \(up.status), \(down.status)")
            return (up.loss - down.loss) / ((g[k] + h) - (g[k] - h))
        }
    }

    /// The largest driving-point resistance `R_oo = (J⁻¹)_oo` (Ω) of the outputs at `state`:
    /// a nudge β moves output o by about `β R_oo (y_o − V_o)`, EP's β-series converges for
    /// `β R_oo < 1`, and a negative nudge `−β` with `β R_oo ≥ 1` makes the network unstable
    /// (the nudge is a negative conductance larger than the output's Thévenin conductance).
    func outputResistance(at state: [Double]) -> Double {
        let equations = controller.equations
        state.withUnsafeBufferPointer { equations.evaluateJacobian($0, drive: .dc) }
        guard case .success = equations.factorIterationMatrix(alpha: 0) else { return .infinity }
        return controller.network.roles.outputs.map { o in
            var unit = [Double](repeating: 0, count: equations.dimension)
            unit[o] = 1
            unit.withUnsafeMutableBufferPointer { equations.solve($0) }
            return unit[o]
        }.max() ?? 0
    }

    /// max_k |a_k − b_k| / max_k |b_k|.
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let scale = b.map(abs).max() ?? 0
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? .infinity
    }
}
