// Langevin dynamics of thermal EP (issue 7): stochastic Heun steps on an L × L RC grid (every
// node 1 fF to ground and 1 MΩ to each neighbour and to ground, a current source at a corner)
// under Johnson and Boltzmann noise. The malloc count of a run does not grow with its number
// of steps: the buffers are made once per run, the step loop allocates nothing (compare the
// 1,000- and 10,000-step runs).
import Benchmark
import BenchmarkSupport
import Foundation
import PhysicalNetworks

/// The grid's equations and a state, built once.
final class ThermalGrid: @unchecked Sendable {
    let equations: NetworkEquations
    var state: [Double]

    init(side: Int) {
        let n = side * side
        var terminals: [(Int, Int)] = []
        for row in 0..<side {
            for column in 0..<side {
                let i = row * side + column
                if column + 1 < side { terminals.append((i, i + 1)) }
                if row + 1 < side { terminals.append((i, i + side)) }
                terminals.append((i, -1))
            }
        }
        let resistors = terminals.count
        let network = Network(
            unknowns: (0..<n).map { Unknown(name: "n\($0)", kind: .nodeVoltage) },
            interactions: [Resistors(terminals: terminals, parameterOffset: 0),
                           Capacitors(terminals: (0..<n).map { ($0, -1) }, parameterOffset: resistors),
                           CurrentSources(sources: [.init(name: "i1", positive: -1, negative: 0,
                                                          signal: SourceSignal(dc: 1e-8))])],
            parameters: [Double](repeating: 1e-6, count: resistors) + [Double](repeating: 1e-15, count: n),
            parameterNames: (0..<resistors).map { "r\($0)" } + (0..<n).map { "c\($0)" })
        equations = NetworkEquations(network: network)
        state = [Double](repeating: 0, count: n)
    }

    /// `steps` Heun steps of 20 ps (the fastest mode, 5/τ with τ = RC = 1 ns, is well resolved).
    func run(_ noise: NoiseModel, temperature: Double, steps: Int) -> Bool {
        let dynamics = LangevinDynamics(noise: noise, temperature: temperature, stepSize: 2e-11, scheme: .heun, seed: 7)
        do {
            try dynamics.run(equations, state: &state, steps: steps)
            return true
        } catch {
            return false
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags,
                                           maxDuration: .seconds(5), maxIterations: 50)
    for (noise, temperature) in [(NoiseModel.johnson, 4.14e-21), (.boltzmann, 1e-12)] {
        for steps in [1_000, 10_000] {
            Benchmark("Langevin Heun \(steps) steps, 32x32 RC grid, \(noise.rawValue)") { benchmark, grid in
                for _ in benchmark.scaledIterations {
                    if !grid.run(noise, temperature: temperature, steps: steps) { benchmark.error("the run blew up") }
                }
            } setup: { ThermalGrid(side: 32) }
        }
    }
}
