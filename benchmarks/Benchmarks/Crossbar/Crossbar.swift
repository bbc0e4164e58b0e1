// A 784 × 500 crossbar (the first layer of a 784-500-10 network) at batch 64: the residual
// (both layers' currents) and the local measurement ∂E/∂G over the batch, each beside the bare
// GEMMs it is built on (its floor). The crossbar evaluations must allocate nothing.
import Benchmark
import BenchmarkSupport
import PhysicalNetworks

/// Buffers of one crossbar evaluation, filled with seeded random values once, in setup.
final class CrossbarFixture: @unchecked Sendable {
    static let rows = 784, columns = 500, batch = 64
    let family = Crossbar(rowNodes: 0..<rows, columnNodes: rows..<(rows + columns), parameterOffset: 0)
    let width = rows + columns
    let parameters: UnsafeMutableBufferPointer<Double>
    let states: UnsafeMutableBufferPointer<Double>
    let residual: UnsafeMutableBufferPointer<Double>
    let gradient: UnsafeMutableBufferPointer<Double>

    init() {
        var generator = Xoshiro256StarStar(seed: 784_500)
        parameters = .allocate(capacity: Self.rows * Self.columns)
        states = .allocate(capacity: Self.batch * width)
        residual = .allocate(capacity: Self.batch * width)
        gradient = .allocate(capacity: Self.rows * Self.columns)
        for i in parameters.indices { parameters[i] = Double.random(in: 1e-6...1e-4, using: &generator) }
        for i in states.indices { states[i] = Double.random(in: -1...1, using: &generator) }
        residual.initialize(repeating: 0)
        gradient.initialize(repeating: 0)
    }

    deinit {
        parameters.deallocate()
        states.deallocate()
        residual.deallocate()
        gradient.deallocate()
    }

    var batch: StateBatch {
        StateBatch(base: UnsafePointer(states.baseAddress!), rows: Self.batch, columns: width)
    }

    /// Layer `nodes` of the batch as a strided view, as the crossbar reads it.
    func layer(_ nodes: Range<Int>) -> MatrixView {
        MatrixView(base: UnsafePointer(states.baseAddress! + nodes.lowerBound), rows: Self.batch,
                   columns: nodes.count, leadingDimension: width)
    }

    var conductances: MatrixView {
        MatrixView(base: UnsafePointer(parameters.baseAddress!), rows: Self.rows, columns: Self.columns)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags, warmupIterations: 3,
        scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 200)
    let shape = "784x500 batch 64"

    Benchmark("crossbar residual \(shape)") { _, x in
        x.family.addResidual(x.batch, drive: .dc, parameters: UnsafeBufferPointer(x.parameters),
                             into: MutableStateBatch(base: x.residual.baseAddress!, rows: CrossbarFixture.batch,
                                                     columns: x.width))
        blackHole(x.residual[0])
    } setup: { CrossbarFixture() }

    // W Gᵀ into the row layer and V G into the column layer: the two GEMMs of the residual.
    Benchmark("GEMM floor of the residual \(shape)") { _, x in
        let rows = x.family.rowNodes, columns = x.family.columnNodes
        BLAS.multiply(x.layer(columns), x.conductances, transposing: .second,
                      into: MutableMatrixView(base: x.residual.baseAddress!, rows: CrossbarFixture.batch,
                                              columns: rows.count, leadingDimension: x.width),
                      alpha: -1, beta: 1)
        BLAS.multiply(x.layer(rows), x.conductances,
                      into: MutableMatrixView(base: x.residual.baseAddress! + columns.lowerBound,
                                              rows: CrossbarFixture.batch, columns: columns.count,
                                              leadingDimension: x.width),
                      alpha: -1, beta: 1)
        blackHole(x.residual[0])
    } setup: { CrossbarFixture() }

    Benchmark("crossbar measurement \(shape)") { _, x in
        x.family.addParameterGradient(x.batch, drive: .dc, parameters: UnsafeBufferPointer(x.parameters),
                                      into: x.gradient)
        blackHole(x.gradient[0])
    } setup: { CrossbarFixture() }

    // Vᵀ W into the m × k gradient block: the one GEMM of the measurement.
    Benchmark("GEMM floor of the measurement \(shape)") { _, x in
        BLAS.multiply(x.layer(x.family.rowNodes), x.layer(x.family.columnNodes), transposing: .first,
                      into: MutableMatrixView(x.gradient, rows: CrossbarFixture.rows,
                                              columns: CrossbarFixture.columns),
                      alpha: -1, beta: 1)
        blackHole(x.gradient[0])
    } setup: { CrossbarFixture() }
}
