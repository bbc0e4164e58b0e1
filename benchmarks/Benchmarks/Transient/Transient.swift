// The transients that compare_ngspice.py times in both simulators, run in-process (no process
// start, no netlist parsing, no CSV output): TR-BDF2 from the zero state as the sources switch
// on, sampled on the output grid, at the relative tolerance the comparison uses.
import Benchmark
import BenchmarkCircuits
import BenchmarkSupport
import PhysicalNetworks

let steps = BenchmarkMetric.custom("steps", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics + [steps], tags: BenchmarkNetworks.tags, warmupIterations: 1,
        scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)

    for circuit in BenchmarkCircuits.all {
        // The second: the same window and output grid with the step capped at 1/1000 of the
        // window: about ten times the steps, the same output rows, so the same mallocs if none
        // is per step.
        for (suffix, maxStep) in [("", nil), (" (max step 1/1000 of the window)", circuit.stopTime / 1000)] {
            Benchmark("transient \(circuit.name)\(suffix)") { benchmark, problem in
                let result = simulateTransient(problem, using: TRBDF2())
                if !result.report.status.isSuccess {
                    benchmark.error("transient \(circuit.name): \(result.report.status.rawValue): \(result.report.message)")
                }
                benchmark.measurement(steps, result.report.steps)
                blackHole(result)
            } setup: {
                let built = try BenchmarkNetworks.build(circuit)
                var problem = TransientProblem(network: built.network, initialState: built.initialState,
                                               stopTime: circuit.stopTime, outputStep: circuit.outputStep)
                problem.control.tolerances.relative = BenchmarkCircuits.transientRelativeTolerance
                if let maxStep { problem.control.maxStep = maxStep }
                return problem
            }
        }
    }
}
