// The step loop of a large lattice's relaxation (issue 6, item 7: "malloc count zero in the step
// loop"): Dormand–Prince steps on the 64 × 64 denoising network of circuits/denoise_64.osc —
// 4,096 phases, their fields, the FFT-evaluated kernel — exactly as EP relaxes it (explicit,
// since the lattice declares only its Jacobian's diagonal).
import Benchmark
import Foundation
import PhysicalNetworks

/// The network with one noisy sample clamped and a smoothing kernel, and a Dormand–Prince cache
/// started on it.
final class LatticeStepLoop: @unchecked Sendable {
    let equations: NetworkEquations
    let cache: DormandPrinceCache
    let tolerances = Tolerances.relaxation

    init(side: Int) {
        let task = OscillatorNetlist.denoisingTask(rows: side, columns: side, samples: 1, noise: 0.6, seed: 1,
                                                  file: "denoise.osc")
        var network = task.netlist.network()
        for (k, index) in network.roles.inputParameters.enumerated() {
            network.parameters[index] = task.dataset.features[k]
        }
        for index in network.roles.trainable { network.parameters[index] = 0.3 }
        equations = NetworkEquations(network: network)
        cache = DormandPrince().makeCache(for: equations)
        _ = cache.state.update(fromContentsOf: network.startingState!)
        precondition(cache.start(time: 0, drive: .dc) == nil, "Dormand–Prince could not start")
    }

    /// `steps` accepted steps of 0.05 s (the settling takes about 20 s).
    func run(steps: Int) -> Bool {
        for _ in 0..<steps {
            guard case .computed = cache.attempt(stepSize: 0.05, drive: .dc, tolerances: tolerances) else { return false }
            cache.accept()
        }
        return true
    }
}

func latticeStepLoopBenchmarks() {
    Benchmark("Dormand-Prince 100 steps, 64x64 denoising lattice") { benchmark, loop in
        for _ in benchmark.scaledIterations {
            if !loop.run(steps: 100) { benchmark.error("a Dormand–Prince step failed") }
        }
    } setup: { LatticeStepLoop(side: 64) }
}
