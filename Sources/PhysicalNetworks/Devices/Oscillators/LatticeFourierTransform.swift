import CFFTW
import Foundation

/// The planned two-dimensional discrete Fourier transforms of an M1 × M2 grid that
/// `LatticePhaseCoupling` needs, as FFTW 2-D plans made once at `init`:
///
///     forward:  X_{k1 k2} = Σ_{j1 j2} x_{j1 j2} e^{−2πi (j1 k1 / M1 + j2 k2 / M2)}
///
/// unnormalized as FFTW (backward(forward(x)) = M1·M2 x). Complex arrays are row-major
/// interleaved (re, im) pairs, 2·M1·M2 doubles. Four plans:
/// - `forward(_:into:)`, complex, out of place (the input is preserved);
/// - `forwardPair(_:)`, complex, in place on **two** grids stored one after the other (a
///   batched plan, `fftw_plan_many_dft` with howmany = 2, distance M1·M2);
/// - `backward(_:)`, complex, in place;
/// - `forwardReal(_:into:)`, real-to-complex (`fftw_plan_dft_r2c_2d`), M1·M2 real inputs to the
///   M1 × (⌊M2/2⌋ + 1) non-redundant outputs (the rest follow from X(−k) = X̄(k)).
///
/// FFTW's new-array execute runs a plan on other arrays than it was planned on if they have the
/// same alignment and the same in-place-ness: plans are made on `fftw_malloc`ed arrays, so every
/// array handed to them must be 16-byte aligned (checked in debug builds), and the in-place ones
/// must be called in place, the out-of-place ones on non-overlapping arrays. Planning goes
/// through `FourierTransform.plannerLock` (FFTW's planner is not thread-safe); executing is.
/// The transforms write only into caller-owned arrays, so the type is immutable and `Sendable`.
///
/// - Complexity: O(M log M) each, M = M1·M2; no allocation after `init`.
final class LatticeFourierTransform: @unchecked Sendable {
    /// M1.
    let rows: Int
    /// M2.
    let columns: Int
    private let forwardPlan: fftw_plan
    private let forwardPairPlan: fftw_plan
    private let backwardPlan: fftw_plan
    private let realPlan: fftw_plan

    /// Plans the four transforms of an M1 × M2 grid (FFTW_ESTIMATE: no timing runs, so the
    /// same plans, and the same bits, on every run).
    init(rows: Int, columns: Int) {
        precondition(rows >= 1 && columns >= 1, "transform grid \(rows) × \(columns) must have positive sides")
        self.rows = rows
        self.columns = columns
        let m = rows * columns
        let pair = fftw_alloc_complex(2 * m)
        let other = fftw_alloc_complex(m)
        let real = fftw_alloc_real(m)
        defer {
            fftw_free(pair)
            fftw_free(other)
            fftw_free(real)
        }
        let n1 = Int32(rows), n2 = Int32(columns), flags = FFTW_ESTIMATE
        FourierTransform.plannerLock.lock()
        defer { FourierTransform.plannerLock.unlock() }
        var sides: [Int32] = [n1, n2]
        let many = sides.withUnsafeMutableBufferPointer { n in
            fftw_plan_many_dft(2, n.baseAddress, 2, pair, nil, 1, Int32(m), pair, nil, 1, Int32(m), FFTW_FORWARD, flags)
        }
        guard let forward = fftw_plan_dft_2d(n1, n2, pair, other, FFTW_FORWARD, flags),
              let backward = fftw_plan_dft_2d(n1, n2, pair, pair, FFTW_BACKWARD, flags),
              let many, let realForward = fftw_plan_dft_r2c_2d(n1, n2, real, other, flags)
        else {
            preconditionFailure("FFTW could not plan the transforms of a \(rows) × \(columns) grid")
        }
        forwardPlan = forward
        forwardPairPlan = many
        backwardPlan = backward
        realPlan = realForward
    }

    deinit {
        FourierTransform.plannerLock.lock()
        fftw_destroy_plan(forwardPlan)
        fftw_destroy_plan(forwardPairPlan)
        fftw_destroy_plan(backwardPlan)
        fftw_destroy_plan(realPlan)
        FourierTransform.plannerLock.unlock()
    }

    /// M1·M2.
    var count: Int { rows * columns }
    /// ⌊M2/2⌋ + 1, the columns of `forwardReal`'s output.
    var halfColumns: Int { columns / 2 + 1 }

    /// output ← DFT₂(input), complex, the arrays not overlapping (input preserved).
    func forward(_ input: UnsafeMutablePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(input) && Self.aligned(output), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft(forwardPlan, Self.complex(input), Self.complex(output))
    }

    /// data[0 ..< 2M] and data[2M ..< 4M] (two complex grids) ← their DFT₂, in place, by one
    /// batched plan.
    func forwardPair(_ data: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(data), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft(forwardPairPlan, Self.complex(data), Self.complex(data))
    }

    /// data ← unnormalized inverse DFT₂(data), complex, in place.
    func backward(_ data: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(data), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft(backwardPlan, Self.complex(data), Self.complex(data))
    }

    /// half ← the M1 × (⌊M2/2⌋ + 1) complex outputs of DFT₂ of the M1·M2 real `input`
    /// (preserved); `half` holds 2·M1·(⌊M2/2⌋ + 1) ≤ 2·M1·M2 doubles.
    func forwardReal(_ input: UnsafeMutablePointer<Double>, into half: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(input) && Self.aligned(half), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft_r2c(realPlan, input, Self.complex(half))
    }

    @inline(__always) private static func complex(_ p: UnsafeMutablePointer<Double>) -> UnsafeMutablePointer<fftw_complex> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: fftw_complex.self)
    }

    @inline(__always) private static func aligned(_ p: UnsafeMutablePointer<Double>) -> Bool {
        Int(bitPattern: p) % 16 == 0
    }
}
