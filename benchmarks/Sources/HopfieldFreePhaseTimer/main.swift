// hopfield-free-phase-timer: the free phase of SB17's 784-500-10 Hopfield network at batch 64
// (30 steps of ε = 0.5 by ClippedGradientDescent from zero free units, input clamped) and the
// bare GEMMs of those 30 steps (its floor), timed outside package-benchmark so that
// peers/compare_jax.sh can run it beside the JAX peer in one go. Prints one JSON object.
//
//     hopfield-free-phase-timer [--data DIR] [--repeats N] [--warmup N]
//
// With --data, the parameters and inputs are read from the raw little-endian float64 files the
// JAX script writes (DIR/params.f64 in HopfieldLayers' layout: W_0 (784 × 500) and W_1
// (500 × 10) row-major, then the biases of layers 1 and 2; DIR/inputs.f64, 64 × 784), and the
// final free states are compared with DIR/jax_free_states.f64 (64 × 510) when it exists.
// Without it, the network and inputs are made as the `Hopfield` benchmark makes them.
// The thread count is OpenBLAS's (OPENBLAS_NUM_THREADS), read back from the library.
import Foundation
import PhysicalNetworks

let sizes = [784, 500, 10], batch = 64, steps = 30, stepSize = 0.5
let width = sizes.reduce(0, +), free = sizes[0]..<width

struct Options {
    var data: String?
    var repeats = 30
    var warmup = 3
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hopfield-free-phase-timer: \(message)\n".utf8))
    exit(2)
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        func value() -> String {
            guard let v = arguments.next() else { fail("\(argument) needs a value") }
            return v
        }
        func count() -> Int {
            let text = value()
            guard let n = Int(text), n >= 0 else { fail("\(argument) \(text): not a count") }
            return n
        }
        switch argument {
        case "--data": options.data = value()
        case "--repeats": options.repeats = max(count(), 1)
        case "--warmup": options.warmup = count()
        default: fail("unknown argument \(argument) (use --data DIR, --repeats N, --warmup N)")
        }
    }
    return options
}

/// `count` little-endian float64 values from `path`, or nil when the file does not exist.
func readDoubles(_ path: String, count: Int) -> [Double]? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    guard data.count == count * 8 else { fail("\(path): \(data.count) bytes, expected \(count * 8) (\(count) float64)") }
    return data.withUnsafeBytes { raw in
        (0..<count).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
    }
}

func nanoseconds(_ clock: clockid_t = CLOCK_MONOTONIC) -> UInt64 {
    var t = timespec()
    clock_gettime(clock, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

/// Median and minimum in milliseconds of `repeats` timed calls after `warmup` untimed ones, and
/// the process CPU time per call (all threads: CPU / wall is the number of cores kept busy).
func time(warmup: Int, repeats: Int, _ body: () -> Void) -> (median: Double, min: Double, cpu: Double) {
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    samples.reserveCapacity(repeats)
    let cpuStart = nanoseconds(CLOCK_PROCESS_CPUTIME_ID)
    for _ in 0..<repeats {
        let start = nanoseconds()
        body()
        samples.append(Double(nanoseconds() - start) / 1e6)
    }
    let cpu = Double(nanoseconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart) / 1e6 / Double(repeats)
    samples.sort()
    let mid = samples.count / 2
    let median = samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
    return (median, samples[0], cpu)
}

/// OpenBLAS's thread count (`openblas_get_num_threads`, looked up at run time), or nil.
func blasThreads() -> Int? {
    guard let symbol = dlsym(nil, "openblas_get_num_threads") else { return nil }
    typealias Getter = @convention(c) () -> Int32
    return Int(unsafeBitCast(symbol, to: Getter.self)())
}

let options = parseOptions()
let family = HopfieldLayers(layerSizes: sizes, clampsInput: true)
var parameters: [Double]
var inputs: [Double]
var reference: [Double]? = nil
if let directory = options.data {
    guard let p = readDoubles(directory + "/params.f64", count: family.parameterCount) else { fail("\(directory)/params.f64 missing") }
    guard let x = readDoubles(directory + "/inputs.f64", count: batch * sizes[0]) else { fail("\(directory)/inputs.f64 missing") }
    parameters = p
    inputs = x
    reference = readDoubles(directory + "/jax_free_states.f64", count: batch * free.count)
} else {
    var generator = Xoshiro256StarStar(seed: 784_500_10)
    parameters = family.initialParameters(using: &generator)
    inputs = (0..<(batch * sizes[0])).map { _ in Double.random(in: 0...1, using: &generator) }
}
/// The network, the initial states (inputs, zero free units) and the buffers, made once.
final class Fixture {
    let family: HopfieldLayers
    let network: Network
    let descent = ClippedGradientDescent(stepSize: stepSize, steps: steps)
    let workspace = ClippedGradientDescent.Workspace(batchSize: batch, dimension: width)
    let initial: [Double]
    var states: [Double]
    /// The GEMM floor's results.
    var output = [Double](repeating: 0, count: batch * width)
    var report: ClippedGradientDescent.Report?

    init(family: HopfieldLayers, parameters: [Double], inputs: [Double]) {
        self.family = family
        network = family.network(parameters: parameters)
        var initial = [Double](repeating: 0, count: batch * width)
        for b in 0..<batch {
            for i in 0..<sizes[0] { initial[b * width + i] = inputs[b * sizes[0] + i] }
        }
        self.initial = initial
        states = initial
    }

    /// One free phase, copying the initial states in first (as the `Hopfield` benchmark does).
    func relax() {
        report = states.withUnsafeMutableBufferPointer { s in
            initial.withUnsafeBufferPointer { s.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            return descent.relax(s, network: network, free: family.freeNodes, workspace: workspace)
        }
    }

    /// The GEMMs of 30 steps with the input clamped: ρ(S_0) W_0 and ρ(S_2) W_1ᵀ into the hidden
    /// layer, ρ(S_1) W_1 into the output.
    func gemmFloor() {
        states.withUnsafeBufferPointer { s in
            network.parameters.withUnsafeBufferPointer { p in
                output.withUnsafeMutableBufferPointer { o in
                    let w0 = MatrixView(base: p.baseAddress!, rows: sizes[0], columns: sizes[1])
                    let w1 = MatrixView(base: p.baseAddress! + sizes[0] * sizes[1], rows: sizes[1], columns: sizes[2])
                    func layer(_ start: Int, _ count: Int) -> MatrixView {
                        MatrixView(base: s.baseAddress! + start, rows: batch, columns: count, leadingDimension: width)
                    }
                    func target(_ start: Int, _ count: Int) -> MutableMatrixView {
                        MutableMatrixView(base: o.baseAddress! + start, rows: batch, columns: count, leadingDimension: width)
                    }
                    let hidden = sizes[0], last = sizes[0] + sizes[1]
                    for _ in 0..<steps {
                        BLAS.multiply(layer(0, sizes[0]), w0, into: target(hidden, sizes[1]), alpha: -1)
                        BLAS.multiply(layer(last, sizes[2]), w1, transposing: .second,
                                      into: target(hidden, sizes[1]), alpha: -1, beta: 1)
                        BLAS.multiply(layer(hidden, sizes[1]), w1, into: target(last, sizes[2]), alpha: -1)
                    }
                }
            }
        }
    }
}

let fixture = Fixture(family: family, parameters: parameters, inputs: inputs)
let freePhase = time(warmup: options.warmup, repeats: options.repeats, fixture.relax)
let floor = time(warmup: options.warmup, repeats: options.repeats, fixture.gemmFloor)
fixture.relax()
guard let report = fixture.report, report.status == .completed, report.residual.isFinite else {
    fail("free phase ended \(fixture.report.map { "\($0.status.rawValue), residual \($0.residual)" } ?? "unrun")")
}

var checksum = 0.0
var largestDifference: Double? = reference == nil ? nil : 0
for b in 0..<batch {
    for (k, i) in free.enumerated() {
        let s = fixture.states[b * width + i]
        checksum += s
        if let reference, let largest = largestDifference {
            largestDifference = max(largest, abs(s - reference[b * free.count + k]))
        }
    }
}

func json(_ value: Double?) -> String {
    guard let value else { return "null" }
    return String(format: "%.6g", value)
}
var fields: [(String, String)] = [
    ("median_ms", json(freePhase.median)),
    ("min_ms", json(freePhase.min)),
    ("cpu_ms", json(freePhase.cpu)),
    ("gemm_floor_ms", json(floor.median)),
    ("gemm_floor_min_ms", json(floor.min)),
    ("gemm_floor_cpu_ms", json(floor.cpu)),
    ("openblas_core", "\"\(BLASInfo.coreName)\""),
    ("threads", blasThreads().map(String.init) ?? "null"),
    ("repeats", String(options.repeats)),
    ("data", options.data == nil ? "\"generated\"" : "\"file\""),
    ("residual", json(report.residual)),
    ("checksum", String(format: "%.17g", checksum)),
    ("max_abs_diff_vs_jax", json(largestDifference)),
]
print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
