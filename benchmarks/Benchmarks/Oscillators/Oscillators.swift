// Torques of a periodic L × L lattice of phase oscillators with a full-range kernel (every K(r)
// nonzero; issue 6): one `LatticePhaseCoupling.addResidual` of one state (by FFT, O(N log N))
// against a direct O(N²) double sum F_i = Σ_{j≠i} K̃(r_j − r_i) sin(φ_i − φ_j), written here as
// s_i Σ_j K̃ c_j − c_i Σ_j K̃ s_j over precomputed c = cos φ, s = sin φ (two multiply-adds per
// pair, no trigonometry in the loop, contiguous kernel rows: the fastest plain direct sum, not a
// straw man). Target: the FFT ≥ 50× faster than direct at 256² with a full-range kernel.
import Benchmark
import BenchmarkSupport
import Foundation
import PhysicalNetworks

/// One L × L lattice, a random full-range kernel and a random state, built once.
final class LatticeFixture: @unchecked Sendable {
    let side: Int
    let lattice: LatticePhaseCoupling
    let parameters: [Double]
    let state: [Double]
    var residual: [Double]
    /// The even kernel K̃ (K̃(0) = 0), and cos φ, sin φ: the direct sum's inputs.
    let even: [Double]
    var cosines: [Double]
    var sines: [Double]

    init(side l: Int) {
        side = l
        let n = l * l
        lattice = LatticePhaseCoupling(rows: l, columns: l, offset: 0, kernelOffset: 0, jacobian: .diagonal)
        var generator = Xoshiro256StarStar(seed: UInt64(l), stream: 6)
        parameters = (0..<n).map { _ in generator.nextDouble(in: 0.5..<1.5) / Double(n) }
        state = (0..<n).map { _ in generator.nextDouble(in: -Double.pi..<Double.pi) }
        residual = [Double](repeating: 0, count: n)
        var even = [Double](repeating: 0, count: n)
        for r in 1..<n { even[r] = 0.5 * (parameters[r] + parameters[lattice.opposite(r)]) }
        self.even = even
        cosines = [Double](repeating: 0, count: n)
        sines = [Double](repeating: 0, count: n)
    }

    /// One FFT torque evaluation (`addResidual` of one state) into `residual`.
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

    /// The direct O(N²) double sum, added into `residual`: c, s once (O(N) trigonometry), then
    /// for every site i and every row offset d1 the kernel row K̃(d1, ·) against the lattice row
    /// a1 + d1, split at the periodic wrap so that the inner loops are contiguous.
    func direct() {
        let l = side, n = l * l
        state.withUnsafeBufferPointer { x in
            cosines.withUnsafeMutableBufferPointer { c in
                sines.withUnsafeMutableBufferPointer { s in
                    for k in 0..<n { c[k] = cos(x[k]); s[k] = sin(x[k]) }
                }
            }
        }
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

    /// A fixture whose FFT torques have been checked against the direct sum (up to 64²).
    static func checked(side: Int) -> LatticeFixture {
        let fixture = LatticeFixture(side: side)
        if side <= 64 {
            let (difference, scale) = fixture.check()
            precondition(difference <= 1e-12 * max(scale, 1), "\(side)²: FFT vs direct differ by \(difference)")
            print("\(side)x\(side): max |FFT − direct| = \(difference), max |F| = \(scale)")
        }
        return fixture
    }

    /// The largest |FFT − direct| of the torques (from a zeroed residual), and the largest |F|.
    func check() -> (difference: Double, scale: Double) {
        let n = side * side
        residual = [Double](repeating: 0, count: n)
        fft()
        let byFFT = residual
        residual = [Double](repeating: 0, count: n)
        direct()
        let scale = byFFT.map(abs).max() ?? 0
        return (zip(byFFT, residual).map { abs($0 - $1) }.max() ?? 0, scale)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: BenchmarkNetworks.metrics, tags: BenchmarkNetworks.tags, warmupIterations: 1,
        scalingFactor: .one, maxDuration: .seconds(4), maxIterations: 200)

    for side in [32, 64, 128, 256] {
        Benchmark("lattice torque FFT \(side)x\(side)") { benchmark, x in
            for _ in benchmark.scaledIterations { x.fft() }
        } setup: { LatticeFixture.checked(side: side) }
    }
    for side in [32, 64, 128, 256] {
        let iterations = side >= 256 ? 1 : side >= 128 ? 3 : 20
        Benchmark("lattice torque direct \(side)x\(side)",
                  configuration: .init(warmupIterations: side >= 256 ? 0 : 1, maxDuration: .seconds(60),
                                       maxIterations: iterations)) { benchmark, x in
            for _ in benchmark.scaledIterations { x.direct() }
        } setup: { LatticeFixture(side: side) }
    }
}
