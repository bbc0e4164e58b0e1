// The free phase of SB17's 784-500-10 Hopfield network at batch 64: 30 clipped-descent steps of
// ε = 0.5 from zero free units (issue 4, item 8), beside the bare GEMMs of the same shapes (its
// floor). The relaxation must allocate nothing.
import Benchmark
import BenchmarkSupport
import PhysicalNetworks

/// A 784-500-10 network with SB17's initialisation (W uniform in ±√(6/(n_l + n_{l+1})), b = 0)
/// and a batch of seeded random inputs in [0, 1], built once in setup.
final class HopfieldFixture: @unchecked Sendable {
    static let sizes = [784, 500, 10], batch = 64, steps = 30, stepSize = 0.5
    static let width = sizes.reduce(0, +)
    let family: HopfieldLayers
    let network: Network
    let descent = ClippedGradientDescent(stepSize: stepSize, steps: steps)
    let workspace = ClippedGradientDescent.Workspace(batchSize: batch, dimension: width)
    /// The inputs with zero free units, copied into `states` before every relaxation.
    let initial: [Double]
    var states: [Double]
    /// GEMM operands and results for the floor.
    var output: [Double]

    init(clampsInput: Bool) {
        family = HopfieldLayers(layerSizes: Self.sizes, clampsInput: clampsInput)
        var generator = Xoshiro256StarStar(seed: 784_500_10)
        network = family.network(parameters: family.initialParameters(using: &generator))
        var initial = [Double](repeating: 0, count: Self.batch * Self.width)
        for b in 0..<Self.batch {
            for i in 0..<Self.sizes[0] { initial[b * Self.width + i] = Double.random(in: 0...1, using: &generator) }
        }
        self.initial = initial
        states = initial
        output = [Double](repeating: 0, count: Self.batch * Self.width)
    }

    /// One free phase; returns the report.
    func relax() -> ClippedGradientDescent.Report {
        states.withUnsafeMutableBufferPointer { s in
            initial.withUnsafeBufferPointer { s.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            return descent.relax(s, network: network, free: family.freeNodes, workspace: workspace)
        }
    }

    /// The GEMMs of `steps` steps: ρ(S_0) W_0 and ρ(S_1) W_1 forward, ρ(S_2) W_1ᵀ back, plus
    /// ρ(S_1) W_0ᵀ into the input rows unless the input is clamped.
    func gemmFloor() {
        let n = Self.width, sizes = Self.sizes, batch = Self.batch
        states.withUnsafeBufferPointer { s in
            network.parameters.withUnsafeBufferPointer { p in
                output.withUnsafeMutableBufferPointer { o in
                    let w0 = MatrixView(base: p.baseAddress!, rows: sizes[0], columns: sizes[1])
                    let w1 = MatrixView(base: p.baseAddress! + sizes[0] * sizes[1], rows: sizes[1], columns: sizes[2])
                    func layer(_ start: Int, _ count: Int) -> MatrixView {
                        MatrixView(base: s.baseAddress! + start, rows: batch, columns: count, leadingDimension: n)
                    }
                    func target(_ start: Int, _ count: Int) -> MutableMatrixView {
                        MutableMatrixView(base: o.baseAddress! + start, rows: batch, columns: count, leadingDimension: n)
                    }
                    let hidden = sizes[0], last = sizes[0] + sizes[1]
                    for _ in 0..<Self.steps {
                        BLAS.multiply(layer(0, sizes[0]), w0, into: target(hidden, sizes[1]), alpha: -1)
                        BLAS.multiply(layer(last, sizes[2]), w1, transposing: .second,
                                      into: target(hidden, sizes[1]), alpha: -1, beta: 1)
                        BLAS.multiply(layer(hidden, sizes[1]), w1, into: target(last, sizes[2]), alpha: -1)
                        if !family.clampsInput {
                            BLAS.multiply(layer(hidden, sizes[1]), w0, transposing: .second,
                                          into: target(0, sizes[0]), alpha: -1)
                        }
                    }
                }
            }
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags, warmupIterations: 3,
        scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 100)
    let shape = "784-500-10 batch 64, 30 steps of 0.5"

    for clamps in [true, false] {
        let variant = clamps ? "" : " (input residual computed)"
        Benchmark("hopfield free phase \(shape)\(variant)") { benchmark, x in
            let report = x.relax()
            if report.status != .completed || !report.residual.isFinite {
                benchmark.error("hopfield free phase: \(report.status.rawValue), residual \(report.residual)")
            }
            blackHole(x.states[HopfieldFixture.width - 1])
        } setup: { HopfieldFixture(clampsInput: clamps) }

        Benchmark("GEMM floor of the free phase \(shape)\(variant)") { _, x in
            x.gemmFloor()
            blackHole(x.output[0])
        } setup: { HopfieldFixture(clampsInput: clamps) }
    }
}
