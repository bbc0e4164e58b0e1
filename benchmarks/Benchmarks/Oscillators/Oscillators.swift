// Torques of a periodic L × L lattice of phase oscillators (issue 6, item 7), L = 32 … 512: one
// `LatticePhaseCoupling.addResidual` of one state (by FFT, O(N log N), whatever the kernel's
// range) against the direct sums a kernel's range calls for.
//
// - Full-range kernel (every K(r) nonzero): a direct O(N²) double sum
//   F_i = Σ_{j≠i} K̃(r_j − r_i) sin(φ_i − φ_j), written as s_i Σ_j K̃ c_j − c_i Σ_j K̃ s_j over
//   precomputed c = cos φ, s = sin φ (two multiply-adds per pair, no trigonometry in the loop,
//   contiguous kernel rows: the fastest plain direct sum, not a straw man).
// - Finite radius R = 1, 2, 4, 8 (K(r) nonzero for 0 < |r|∞ ≤ R: the (2R + 1)² − 1 sites of the
//   square around a site, Chebyshev distance): `PhaseCouplings` with one edge per coupled pair,
//   N·((2R + 1)² − 1)/2 edges, O(N·R²) — the library's sparse family — and a hand-written
//   stencil sum in the cos/sin form above over a periodically padded copy of c and s (the
//   fastest plain sparse sum).
//
// Target: the FFT ≥ 50× faster than direct at 256² with a full-range kernel. The FFT's cost does
// not depend on the kernel; it is measured with the kernel K̂ cached (the same parameters every
// call, as in a relaxation) and with a new kernel every call (alternating two parameter
// vectors, as in training), which adds one real-to-complex transform.
import Benchmark
import BenchmarkSupport
import Foundation
import PhysicalNetworks

/// One L × L periodic lattice with a random kernel of Chebyshev radius R (nil: full range, every
/// K(r) nonzero) and a random state, built once.
final class LatticeFixture: @unchecked Sendable {
    let side: Int
    let radius: Int?
    let lattice: LatticePhaseCoupling
    let parameters: [Double]
    /// The same kernel scaled by 1.01: alternated with `parameters` to defeat the K̂ cache.
    let otherParameters: [Double]
    let state: [Double]
    var residual: [Double]
    /// The even kernel K̃ (K̃(0) = 0), and cos φ, sin φ: the direct sums' inputs.
    let even: [Double]
    var cosines: [Double]
    var sines: [Double]
    /// K̃ on the (2R + 1)² square, row-major from (−R, −R) (0 at the centre): the stencil's weights.
    let stencilKernel: [Double]
    /// The stencil sum's periodically padded c and s, (L + 2R)² each.
    var paddedCosines: [Double]
    var paddedSines: [Double]
    var calls = 0

    init(side l: Int, radius: Int? = nil) {
        side = l
        self.radius = radius
        let n = l * l
        lattice = LatticePhaseCoupling(rows: l, columns: l, offset: 0, kernelOffset: 0, jacobian: .diagonal)
        var generator = Xoshiro256StarStar(seed: UInt64(l), stream: 6)
        var kernel = [Double](repeating: 0, count: n)
        let coupled = radius.map { (2 * $0 + 1) * (2 * $0 + 1) - 1 } ?? n - 1
        for r in 1..<n {
            let d1 = r / l, d2 = r % l
            let reach = max(min(d1, l - d1), min(d2, l - d2))  // |r|∞ on the torus
            if radius.map({ reach <= $0 }) ?? true {
                kernel[r] = generator.nextDouble(in: 0.5..<1.5) / Double(coupled)
            }
        }
        parameters = kernel
        otherParameters = kernel.map { 1.01 * $0 }
        state = (0..<n).map { _ in generator.nextDouble(in: -Double.pi..<Double.pi) }
        residual = [Double](repeating: 0, count: n)
        var even = [Double](repeating: 0, count: n)
        for r in 1..<n { even[r] = 0.5 * (kernel[r] + kernel[lattice.opposite(r)]) }
        self.even = even
        cosines = [Double](repeating: 0, count: n)
        sines = [Double](repeating: 0, count: n)
        let padded = radius.map { (l + 2 * $0) * (l + 2 * $0) } ?? 0
        var stencilKernel: [Double] = []
        if let radius {
            for d1 in -radius...radius {
                for d2 in -radius...radius { stencilKernel.append(even[lattice.kernelIndex(d1, d2)]) }
            }
        }
        self.stencilKernel = stencilKernel
        paddedCosines = [Double](repeating: 0, count: padded)
        paddedSines = [Double](repeating: 0, count: padded)
    }

    /// One FFT torque evaluation (`addResidual` of one state) into `residual`.
    func fft() { fft(parameters) }

    /// One FFT torque evaluation, the parameters alternating between two kernels, so that K̂
    /// is recomputed on every call.
    func fftNewKernel() {
        calls += 1
        fft(calls % 2 == 0 ? parameters : otherParameters)
    }

    func fft(_ theta: [Double]) {
        let n = side * side
        state.withUnsafeBufferPointer { x in
            theta.withUnsafeBufferPointer { p in
                residual.withUnsafeMutableBufferPointer { f in
                    lattice.addResidual(StateBatch(base: x.baseAddress!, rows: 1, columns: n), drive: .dc,
                                        parameters: p, into: MutableStateBatch(base: f.baseAddress!, rows: 1, columns: n))
                }
            }
        }
    }

    /// c = cos φ, s = sin φ (O(N) trigonometry, part of every direct evaluation).
    func fillCosinesAndSines() {
        state.withUnsafeBufferPointer { x in
            cosines.withUnsafeMutableBufferPointer { c in
                sines.withUnsafeMutableBufferPointer { s in
                    for k in 0..<(side * side) { c[k] = cos(x[k]); s[k] = sin(x[k]) }
                }
            }
        }
    }

    /// The direct O(N²) double sum, added into `residual`: c, s once, then for every site i and
    /// every row offset d1 the kernel row K̃(d1, ·) against the lattice row a1 + d1, split at the
    /// periodic wrap so that the inner loops are contiguous.
    func direct() {
        let l = side
        fillCosinesAndSines()
        even.withUnsafeBufferPointer { kernel in
            cosines.withUnsafeBufferPointer { c in
                sines.withUnsafeBufferPointer { s in
                    residual.withUnsafeMutableBufferPointer { f in
                        let k = kernel.baseAddress!, cb = c.baseAddress!, sb = s.baseAddress!
                        for a1 in 0..<l {
                            for a2 in 0..<l {
                                var sumC = 0.0, sumS = 0.0
                                for d1 in 0..<l {
                                    let row = ((a1 + d1) % l) * l
                                    let kRow = k + d1 * l
                                    // j = (row, a2 + d2): d2 in 0..<l − a2 is column a2 + d2, the rest wraps.
                                    let head = l - a2
                                    for d2 in 0..<head {
                                        sumC += kRow[d2] * cb[row + a2 + d2]
                                        sumS += kRow[d2] * sb[row + a2 + d2]
                                    }
                                    for d2 in head..<l {
                                        sumC += kRow[d2] * cb[row + a2 + d2 - l]
                                        sumS += kRow[d2] * sb[row + a2 + d2 - l]
                                    }
                                }
                                let i = a1 * l + a2
                                f[i] += sb[i] * sumC - cb[i] * sumS
                            }
                        }
                    }
                }
            }
        }
    }

    /// The stencil sum over the (2R + 1)² − 1 neighbours, added into `residual`: c, s once,
    /// copied with R periodic ghost rows and columns on every side, then for every site
    /// F_i = s_i Σ_d K̃(d) c_{i+d} − c_i Σ_d K̃(d) s_{i+d} (contiguous inner loops, K̃(0) = 0).
    func stencil() {
        let l = side, radius = radius!, width = l + 2 * radius
        fillCosinesAndSines()
        cosines.withUnsafeBufferPointer { c in
            sines.withUnsafeBufferPointer { s in
                paddedCosines.withUnsafeMutableBufferPointer { pc in
                    paddedSines.withUnsafeMutableBufferPointer { ps in
                        for p1 in 0..<width {  // padded row p1 is lattice row p1 − R (mod L)
                            let row = (p1 - radius + l) % l * l, out = p1 * width
                            for a2 in 0..<l {
                                pc[out + radius + a2] = c[row + a2]
                                ps[out + radius + a2] = s[row + a2]
                            }
                            for g in 0..<radius {  // ghost columns −R..<0 and L..<L + R
                                pc[out + g] = c[row + l - radius + g]
                                ps[out + g] = s[row + l - radius + g]
                                pc[out + radius + l + g] = c[row + g]
                                ps[out + radius + l + g] = s[row + g]
                            }
                        }
                    }
                }
            }
        }
        let span = 2 * radius + 1
        stencilKernel.withUnsafeBufferPointer { kernel in
            paddedCosines.withUnsafeBufferPointer { pc in
                paddedSines.withUnsafeBufferPointer { ps in
                    residual.withUnsafeMutableBufferPointer { f in
                        let k = kernel.baseAddress!, cb = pc.baseAddress!, sb = ps.baseAddress!
                        for a1 in 0..<l {
                            for a2 in 0..<l {
                                var sumC = 0.0, sumS = 0.0
                                for e1 in 0..<span {  // d1 = e1 − R
                                    let kRow = k + e1 * span
                                    let row = (a1 + e1) * width + a2  // padded (a1 + d1, a2 − R)
                                    for e2 in 0..<span {
                                        sumC += kRow[e2] * cb[row + e2]
                                        sumS += kRow[e2] * sb[row + e2]
                                    }
                                }
                                let centre = (a1 + radius) * width + a2 + radius
                                f[a1 * l + a2] += sb[centre] * sumC - cb[centre] * sumS
                            }
                        }
                    }
                }
            }
        }
    }

    /// A fixture whose FFT torques have been checked against the direct sums (up to 64²; the
    /// stencil sum and `PhaseCouplings` for a finite radius).
    static func checked(side: Int, radius: Int? = nil) -> LatticeFixture {
        let fixture = LatticeFixture(side: side, radius: radius)
        if side <= 64 {
            let byFFT = fixture.torques { $0.fft() }
            // After another kernel (a cache miss), the first again twice (a miss, then a hit).
            let byCache = fixture.torques { f in
                for theta in [f.otherParameters, f.parameters] { f.fft(theta); f.residual = [Double](repeating: 0, count: f.side * f.side) }
                f.fft()
            }
            precondition(byCache == byFFT, "\(side)²: the cached K̂ changed the torques")
            var others = [("direct", fixture.torques { $0.direct() })]
            if radius != nil {
                others.append(("stencil", fixture.torques { $0.stencil() }))
                let sparse = SparseLatticeFixture(fixture)
                others.append(("PhaseCouplings", fixture.torques { f in sparse.evaluate(into: &f.residual) }))
            }
            let scale = byFFT.map(abs).max() ?? 0
            for (name, values) in others {
                let difference = zip(byFFT, values).map { abs($0 - $1) }.max() ?? 0
                precondition(difference <= 1e-12 * max(scale, 1), "\(side)²: FFT vs \(name) differ by \(difference)")
                print("\(side)x\(side) R=\(radius.map(String.init) ?? "full"): max |FFT − \(name)| = \(difference), max |F| = \(scale)")
            }
        }
        return fixture
    }

    /// The torques in `residual` after `body`, which starts from a zeroed residual.
    func torques(_ body: (LatticeFixture) -> Void) -> [Double] {
        residual = [Double](repeating: 0, count: side * side)
        body(self)
        return residual
    }
}

/// The same lattice and kernel of finite radius as `PhaseCouplings` with one edge per coupled
/// pair: for every site i and every displacement d of the half square (d1 > 0, or d1 = 0 and
/// d2 > 0), the edge (i, i + d) with W = K̃(d) — N·((2R + 1)² − 1)/2 edges.
final class SparseLatticeFixture: @unchecked Sendable {
    let side: Int
    let family: PhaseCouplings
    let weights: [Double]
    let state: [Double]
    var residual: [Double]

    init(_ lattice: LatticeFixture) {
        let l = lattice.side, radius = lattice.radius!
        precondition(2 * radius + 1 <= l, "radius \(radius) wraps around a \(l)-site side")
        side = l
        var edges: [PhaseCouplings.Coupling] = [], weights: [Double] = []
        let perSite = ((2 * radius + 1) * (2 * radius + 1) - 1) / 2
        edges.reserveCapacity(l * l * perSite)
        weights.reserveCapacity(l * l * perSite)
        for a1 in 0..<l {
            for a2 in 0..<l {
                for d1 in 0...radius {
                    for d2 in -radius...radius where d1 > 0 || d2 > 0 {
                        let j = ((a1 + d1) % l) * l + (a2 + d2 + l) % l
                        edges.append(PhaseCouplings.Coupling(a: a1 * l + a2, b: j))
                        weights.append(lattice.even[lattice.lattice.kernelIndex(d1, d2)])
                    }
                }
            }
        }
        family = PhaseCouplings(couplings: edges, weightOffset: 0)
        self.weights = weights
        state = lattice.state
        residual = [Double](repeating: 0, count: l * l)
    }

    /// One `addResidual` of one state into `out`.
    func evaluate(into out: inout [Double]) {
        let n = side * side
        state.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer { f in
                    family.addResidual(StateBatch(base: x.baseAddress!, rows: 1, columns: n), drive: .dc,
                                       parameters: p, into: MutableStateBatch(base: f.baseAddress!, rows: 1, columns: n))
                }
            }
        }
    }

    func evaluate() { evaluate(into: &residual) }
}

/// An open L × L lattice (`boundary: .open`: transforms on the zero-padded (2L − 1)² grid) with
/// a random full-range kernel, (2L − 1)² parameters, for the FFT's cost without periodicity.
final class OpenLatticeFixture: @unchecked Sendable {
    let side: Int
    let lattice: LatticePhaseCoupling
    let parameters: [Double]
    let state: [Double]
    var residual: [Double]

    init(side l: Int) {
        side = l
        lattice = LatticePhaseCoupling(rows: l, columns: l, offset: 0, kernelOffset: 0, boundary: .open, jacobian: .diagonal)
        var generator = Xoshiro256StarStar(seed: UInt64(l), stream: 7)
        let count = lattice.parameterCount
        parameters = (0..<count).map { _ in generator.nextDouble(in: 0.5..<1.5) / Double(count) }
        state = (0..<(l * l)).map { _ in generator.nextDouble(in: -Double.pi..<Double.pi) }
        residual = [Double](repeating: 0, count: l * l)
    }

    func fft() {
        let n = side * side
        state.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                residual.withUnsafeMutableBufferPointer { f in
                    lattice.addResidual(StateBatch(base: x.baseAddress!, rows: 1, columns: n), drive: .dc,
                                        parameters: p, into: MutableStateBatch(base: f.baseAddress!, rows: 1, columns: n))
                }
            }
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags, timeUnits: .microseconds,
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(4), maxIterations: 200)
    let sides = [32, 64, 128, 256, 512]
    let radii = [1, 2, 4, 8]

    for side in sides {
        Benchmark("lattice torque FFT \(side)x\(side)") { benchmark, x in
            for _ in benchmark.scaledIterations { x.fft() }
        } setup: { LatticeFixture.checked(side: side) }
        Benchmark("lattice torque FFT new kernel every call \(side)x\(side)") { benchmark, x in
            for _ in benchmark.scaledIterations { x.fftNewKernel() }
        } setup: { LatticeFixture(side: side) }
        Benchmark("lattice torque FFT open \(side)x\(side)") { benchmark, x in
            for _ in benchmark.scaledIterations { x.fft() }
        } setup: { OpenLatticeFixture(side: side) }
    }
    for side in sides {
        // About 0.85 ns per pair term: 32² 0.9 ms … 256² 3.6 s, 512² about a minute.
        let iterations = side >= 256 ? 1 : side >= 128 ? 3 : 20
        Benchmark("lattice torque direct \(side)x\(side)",
                  configuration: .init(warmupIterations: side >= 256 ? 0 : 1, maxDuration: .seconds(side >= 512 ? 300 : 60),
                                       maxIterations: iterations)) { benchmark, x in
            for _ in benchmark.scaledIterations { x.direct() }
        } setup: { LatticeFixture(side: side) }
    }
    latticeStepLoopBenchmarks()
    for radius in radii {
        for side in sides {
            Benchmark("lattice torque sparse PhaseCouplings R=\(radius) \(side)x\(side)",
                      configuration: .init(maxIterations: side >= 512 ? 20 : 200)) { benchmark, x in
                for _ in benchmark.scaledIterations { x.evaluate() }
            } setup: { SparseLatticeFixture(LatticeFixture.checked(side: side, radius: radius)) }
            Benchmark("lattice torque stencil R=\(radius) \(side)x\(side)") { benchmark, x in
                for _ in benchmark.scaledIterations { x.stencil() }
            } setup: { LatticeFixture(side: side, radius: radius) }
        }
    }
}
