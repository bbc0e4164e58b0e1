// Deep resistive networks on the layered solver (issue 4, items 4 and 8): the free phase of a
// minibatch by exact block coordinate descent, and one whole EP step (free phase, nudged phases
// at ±β, both measurements), each beside the bare GEMMs it issues (its floor). Shapes: the
// demo's 64-100-10 at batch 32, and a Fashion-MNIST-sized 784-500-10 at batch 64. Relaxing and
// measuring must allocate nothing.
import Benchmark
import BenchmarkSupport
import PhysicalNetworks

/// A DRN with ideal rectifiers clipping to [0, 1] V and amplifiers of gain 4 (like
/// circuits/drn_digits.drn), its initial conductances, and a batch of seeded inputs in [0, 1]
/// with one-hot targets, built once in setup.
final class ResistiveLayersFixture: @unchecked Sendable {
    let layers: ResistiveLayers
    let parameters: [Double]
    let solver: ResistiveLayersSolver
    let dataset: Dataset
    let rows: [Int]
    var gradient: [Double]
    /// The sweeps of the last free phase and of the last EP step (free, +β, −β), for the floor.
    var freeSweeps = 0
    var stepSweeps = (free: 0, plus: 0, minus: 0)
    var floorOutput: [Double]
    /// A batch × (largest layer) operand standing in for any layer's voltages in the floor
    /// (only shapes matter to a GEMM's time).
    let operand: [Double]
    static let beta = 1e-6

    init(features: Int, hidden: Int, classes: Int, batch: Int) {
        var description = DeepResistiveNetworkDescription(layers: [features, hidden, classes])
        description.gain = 4
        description.biasLow = 0
        description.biasHigh = 1
        description.idealDiodes = true
        layers = try! ResistiveLayers(description)
        parameters = ResistiveLayers.initialConductances(description, count: layers.parameterCount)
        solver = ResistiveLayersSolver(layers: layers, capacity: batch)
        var generator = Xoshiro256StarStar(seed: UInt64(features * 1000 + hidden))
        var x: [Double] = [], y: [Double] = []
        for b in 0..<batch {
            for _ in 0..<features { x.append(generator.nextDouble(in: 0..<1)) }
            for c in 0..<classes { y.append(c == b % classes ? 1 : 0) }
        }
        dataset = Dataset(featureNames: (0..<features).map { "x\($0)" }, targetNames: (0..<classes).map { "y\($0)" },
                          features: x, targets: y)
        rows = Array(0..<batch)
        gradient = [Double](repeating: 0, count: layers.parameterCount)
        floorOutput = [Double](repeating: 0, count: batch * layers.nodeCounts.max()! + layers.parameterCount)
        operand = (0..<(batch * layers.nodeCounts.max()!)).map { _ in generator.nextDouble(in: 0..<1) }
        parameters.withUnsafeBufferPointer { solver.prepare(parameters: $0) }
    }

    /// The free phase of the batch from zero; returns its report.
    func freePhase() -> SweepReport {
        solver.load(dataset, rows: rows)
        solver.reset()
        let report = parameters.withUnsafeBufferPointer { solver.relax(parameters: $0) }
        freeSweeps = report.sweeps
        return report
    }

    /// Free phase, nudged phases at ±β from it, and the two measurements (centered EP).
    func epStep() -> Bool {
        guard freePhase().isSettled else { return false }
        solver.saveState()
        var settled = true
        parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                g.update(repeating: 0)
                let plus = solver.relax(parameters: p, beta: Self.beta)
                solver.addMeasurement(scale: 1, into: g)
                solver.restoreState()
                let minus = solver.relax(parameters: p, beta: -Self.beta)
                solver.addMeasurement(scale: -1, into: g)
                settled = plus.isSettled && minus.isSettled
                stepSweeps = (freeSweeps, plus.sweeps, minus.sweeps)
            }
        }
        return settled
    }

    /// The fixture once relaxed (so the floor knows how many sweeps to issue).
    func afterFreePhase() -> Self {
        _ = freePhase()
        return self
    }

    /// The fixture after one EP step.
    func afterEPStep() -> Self {
        _ = epStep()
        return self
    }

    /// The GEMMs `sweeps` sweeps issue for a 3-layer network: V₀G₀ once, then per sweep
    /// V₂G₁ᵀ (hidden, from above) and V₁G₁ (outputs); plus `measurements` × (V₀ᵀV₁, V₁ᵀV₂).
    func gemmFloor(sweeps: Int, measurements: Int) {
        let n = layers.nodeCounts, batch = rows.count
        let g0 = layers.blockParameters(0).lowerBound, g1 = layers.blockParameters(1).lowerBound
        operand.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                floorOutput.withUnsafeMutableBufferPointer { o in
                    let out = o.baseAddress!, g = p.baseAddress!
                    let v = x.baseAddress!
                    BLAS.gemm(m: batch, n: n[1], k: n[0], v, g + g0, out)
                    for _ in 0..<sweeps {
                        BLAS.gemm(transposeB: true, m: batch, n: n[1], k: n[2], v, g + g1, beta: 1, out)
                        BLAS.gemm(m: batch, n: n[2], k: n[1], v, g + g1, out)
                    }
                    for _ in 0..<measurements {
                        BLAS.gemm(transposeA: true, m: n[0], n: n[1], k: batch, v, v, beta: 1, out)
                        BLAS.gemm(transposeA: true, m: n[1], n: n[2], k: batch, v, v, beta: 1, out)
                    }
                }
            }
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags, warmupIterations: 3,
        scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 200)

    for (features, hidden, batch) in [(64, 100, 32), (784, 500, 64)] {
        let shape = "\(features)-\(hidden)-10 batch \(batch)"
        Benchmark("drn free phase \(shape)") { benchmark, x in
            let report = x.freePhase()
            if !report.isSettled { benchmark.error("drn free phase: \(report.status.rawValue)") }
        } setup: { ResistiveLayersFixture(features: features, hidden: hidden, classes: 10, batch: batch) }

        Benchmark("GEMM floor of the drn free phase \(shape)") { _, x in
            x.gemmFloor(sweeps: x.freeSweeps, measurements: 0)
            blackHole(x.floorOutput[0])
        } setup: { ResistiveLayersFixture(features: features, hidden: hidden, classes: 10, batch: batch).afterFreePhase() }

        Benchmark("drn EP step (free, ±β, measurements) \(shape)") { benchmark, x in
            if !x.epStep() { benchmark.error("drn EP step: a phase did not settle") }
            blackHole(x.gradient[0])
        } setup: { ResistiveLayersFixture(features: features, hidden: hidden, classes: 10, batch: batch) }

        Benchmark("GEMM floor of the drn EP step \(shape)") { _, x in
            // The nudged phases reuse the cached input drive: no V₀G₀ of their own.
            x.gemmFloor(sweeps: x.stepSweeps.free + x.stepSweeps.plus + x.stepSweeps.minus, measurements: 2)
            blackHole(x.floorOutput[0])
        } setup: { ResistiveLayersFixture(features: features, hidden: hidden, classes: 10, batch: batch).afterEPStep() }
    }
}
