// Relaxation of the benchmark circuits with TR-BDF2 from the zero state to the DC equilibrium,
// and the bare TR-BDF2 step loop, which must allocate nothing.
import Benchmark
import BenchmarkCircuits
import BenchmarkSupport
import PhysicalNetworks

let steps = BenchmarkMetric.custom("steps", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags, warmupIterations: 1,
        scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)

    for circuit in BenchmarkCircuits.all {
        // The second: the same relaxation with a 100× tighter step control (relative 1e-5 of
        // each step's change): several times the steps, the same problem, so the same mallocs
        // if none is per step.
        for (suffix, relative) in [("", nil), (" (step tolerance 1e-5)", 1e-5)] {
            Benchmark("relax \(circuit.name)\(suffix)",
                      configuration: .init(metrics: BenchmarkNetworks.metrics + [steps])) { benchmark, problem in
                let result = relax(problem, using: TRBDF2())
                let report = result.reports[0]
                if report.status != .converged {
                    benchmark.error("relax \(circuit.name): \(report.status.rawValue): \(report.message)")
                }
                benchmark.measurement(steps, report.steps)
                blackHole(result)
            } setup: {
                let built = try BenchmarkNetworks.build(circuit)
                var problem = RelaxationProblem(network: built.network, initialStates: built.initialState)
                if let relative { problem.control.tolerances.relative = relative }
                return problem
            }
        }

        // 100 steps of a tenth of the output spacing, each refactoring the iteration matrix:
        // its malloc count must be 0.
        Benchmark("TR-BDF2 100 steps \(circuit.name)") { benchmark, loop in
            if let failure = loop.run(steps: 100) {
                benchmark.error("TR-BDF2 step on \(circuit.name): \(failure.rawValue)")
            }
            blackHole(loop.cache.state)
        } setup: {
            try StepLoop(circuit: BenchmarkNetworks.build(circuit), stepSize: circuit.outputStep / 10)
        }
    }
}
