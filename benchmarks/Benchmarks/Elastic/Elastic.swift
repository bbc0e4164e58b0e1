// Relaxation of a 10,010-bond disordered spring network (issue 5, item 8): FIRE to forces of
// 1e-10 N, and FIRE to 1e-6 N followed by Newton, from the same stressed start — the two
// methods `nudge relax NET.data --method fire|newton` runs, and that compare_lammps.py times
// against LAMMPS on the same network. Each minimization allocates only its few work arrays.
import Benchmark
import BenchmarkSupport
import PhysicalNetworks

/// `ElasticNetwork.disordered(count: 3850, coordination: 5.2, seed: 1)` with rest lengths
/// perturbed by ±2 % (the perturbation `nudge generate --perturb 0.02` applies), built once.
final class ElasticFixture: @unchecked Sendable {
    let network: ElasticNetwork
    let equations: NetworkEquations
    let fireStep: Double
    /// The stressed start, copied into `state` before each run.
    let initial: [Double]
    var state: [Double] = []

    init() {
        var network = ElasticNetwork.disordered(count: 3850, coordination: 5.2, seed: 1)
        var generator = Xoshiro256StarStar(seed: 1, stream: 1)
        for e in network.bonds.indices { network.bonds[e].restLength *= generator.nextDouble(in: 0.98..<1.02) }
        self.network = network
        equations = NetworkEquations(network: network.network())
        fireStep = network.fireStep
        initial = network.initialState
        state = initial
    }

    /// Restores the stressed start into `state`.
    func reset() {
        state.withUnsafeMutableBufferPointer { s in initial.withUnsafeBufferPointer { s.baseAddress!.update(from: $0.baseAddress!, count: $0.count) } }
    }

    func fire() -> FIRE.Report {
        reset()
        return FIRE(initialStep: fireStep).minimize(equations, state: &state)
    }

    func fireThenNewton() -> FIRE.Report {
        reset()
        return FIRE(initialStep: fireStep).minimizeAndPolish(equations, state: &state)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags, warmupIterations: 1,
        scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 5)

    Benchmark("elastic FIRE 10010 bonds") { benchmark, x in
        let report = x.fire()
        if report.status != .converged { benchmark.error("FIRE: \(report.status.rawValue)") }
    } setup: { ElasticFixture() }

    Benchmark("elastic FIRE + Newton 10010 bonds") { benchmark, x in
        let report = x.fireThenNewton()
        if !report.status.isSuccess { benchmark.error("FIRE + Newton: \(report.status.rawValue)") }
    } setup: { ElasticFixture() }
}
