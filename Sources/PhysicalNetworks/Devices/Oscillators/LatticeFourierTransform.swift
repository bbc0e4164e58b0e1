import CFFTW
import Foundation

/// The planned two-dimensional discrete Fourier transforms of an M1 × M2 grid that
/// `LatticePhaseCoupling` needs, made once at `init` from FFTW plans:
///
///     forward:  X_{k1 k2} = Σ_{j1 j2} x_{j1 j2} e^{−2πi (j1 k1 / M1 + j2 k2 / M2)}
///
/// unnormalized as FFTW (backward(forward(x)) = M1·M2 x). Complex arrays are row-major
/// interleaved (re, im) pairs, 2·M1·M2 doubles. Four transforms:
/// - `forward(_:into:block:)`, complex, out of place (the input is preserved);
/// - `forwardPair(_:block:)`, complex, in place on **two** grids stored one after the other
///   (their 2·M1 rows by one batched plan);
/// - `backward(_:block:)`, complex, in place;
/// - `forwardReal(_:into:)`, real-to-complex (`fftw_plan_dft_r2c_2d`), M1·M2 real inputs to the
///   M1 × (⌊M2/2⌋ + 1) non-redundant outputs (the rest follow from X(−k) = X̄(k)).
///
/// **Row–column, not FFTW's 2-D complex plan.** With FFTW_ESTIMATE, `fftw_plan_dft_2d` (and
/// `fftw_plan_many_dft` or the guru interface over the columns) transforms the columns one
/// at a time at a stride of M2: at 256² (a 4 KiB stride) that column pass takes 4.5 ms against
/// 0.15 ms for the rows (FFTW 3.3.10, AVX, measured), and the 2-D plan allocates a buffer per
/// call. So the complex transforms are done in two passes of batched 1-D plans: all rows by one
/// `fftw_plan_many_dft` (howmany = M1, or 2·M1 for a pair), then the columns `blockWidth` at a
/// time, gathered into a contiguous block (one cache line per row), transformed by one batched
/// plan (howmany = `blockWidth`) and scattered back — 0.4 ms at 256², as fast as an FFTW_MEASURE
/// 2-D plan, and deterministic. The `block` scratch holds 2·`blockWidth`·M1 doubles
/// (`blockCount`). **Allocation.** FFTW itself allocates nothing per call for sides whose
/// factors are small (powers of two, 63, …); for sides with a large prime factor (127, 255 =
/// 3·5·17, 511 = 7·73: the open grids 2L − 1) its Rader, Bluestein and generic solvers allocate
/// work arrays inside every call.
///
/// FFTW's new-array execute runs a plan on other arrays than it was planned on if they have the
/// same alignment and the same in-place-ness: plans are made on `fftw_malloc`ed arrays, so every
/// array handed to them must be 16-byte aligned (checked in debug builds), and the in-place ones
/// are called in place, the out-of-place ones on non-overlapping arrays. Planning goes through
/// `FourierTransform.plannerLock` (FFTW's planner is not thread-safe); executing is. The
/// transforms write only into caller-owned arrays, so the type is immutable and `Sendable`.
///
/// - Complexity: O(M log M) each, M = M1·M2; no allocation after `init`.
final class LatticeFourierTransform: @unchecked Sendable {
    /// Columns transformed per gathered block.
    static let blockWidth = 4

    /// M1.
    let rows: Int
    /// M2.
    let columns: Int
    /// Rows: out of place (M1 rows), in place (M1 rows), in place on a pair (2·M1 rows).
    private let rowsForwardOut: fftw_plan
    private let rowsForwardPair: fftw_plan
    private let rowsBackward: fftw_plan
    /// Columns of a gathered block, in place: `blockWidth` of them, or one.
    private let columnsForward: fftw_plan
    private let columnsBackward: fftw_plan
    private let columnForward: fftw_plan
    private let columnBackward: fftw_plan
    private let realPlan: fftw_plan

    /// Plans the transforms of an M1 × M2 grid (FFTW_ESTIMATE: no timing runs, so the same
    /// plans, and the same bits, on every run; FFTW_NO_BUFFERING where FFTW can do without).
    init(rows: Int, columns: Int) {
        precondition(rows >= 1 && columns >= 1, "transform grid \(rows) × \(columns) must have positive sides")
        self.rows = rows
        self.columns = columns
        let m = rows * columns, width = Self.blockWidth
        let pair = fftw_alloc_complex(2 * m)
        let other = fftw_alloc_complex(m)
        let block = fftw_alloc_complex(width * rows)
        let real = fftw_alloc_real(m)
        defer {
            fftw_free(pair)
            fftw_free(other)
            fftw_free(block)
            fftw_free(real)
        }
        let m1 = Int32(rows), m2 = Int32(columns)
        FourierTransform.plannerLock.lock()
        defer { FourierTransform.plannerLock.unlock() }
        /// The plan `make` makes with FFTW_NO_BUFFERING (an undocumented planner flag of fftw3.h;
        /// without it FFTW_ESTIMATE picks, for the in-place backward transforms of 256 and up,
        /// a buffered solver that allocates on every call), or without it where FFTW has no
        /// unbuffered plan (some sides with large prime factors).
        func plan(_ make: (UInt32) -> fftw_plan?) -> fftw_plan? {
            make(FFTW_ESTIMATE | FFTW_NO_BUFFERING) ?? make(FFTW_ESTIMATE)
        }
        /// `count` transforms of length n, contiguous, one after the other.
        func batch(_ n: Int32, _ count: Int, _ input: UnsafeMutablePointer<fftw_complex>?,
                   _ output: UnsafeMutablePointer<fftw_complex>?, _ sign: Int32) -> fftw_plan? {
            plan { flags in
                var length = n
                return fftw_plan_many_dft(1, &length, Int32(count), input, nil, 1, n, output, nil, 1, n, sign, flags)
            }
        }
        guard let rowsForwardOut = batch(m2, rows, pair, other, FFTW_FORWARD),
              let rowsForwardPair = batch(m2, 2 * rows, pair, pair, FFTW_FORWARD),
              let rowsBackward = batch(m2, rows, pair, pair, FFTW_BACKWARD),
              let columnsForward = batch(m1, width, block, block, FFTW_FORWARD),
              let columnsBackward = batch(m1, width, block, block, FFTW_BACKWARD),
              let columnForward = batch(m1, 1, block, block, FFTW_FORWARD),
              let columnBackward = batch(m1, 1, block, block, FFTW_BACKWARD),
              let realPlan = plan({ fftw_plan_dft_r2c_2d(m1, m2, real, other, $0) })
        else {
            preconditionFailure("FFTW could not plan the transforms of a \(rows) × \(columns) grid")
        }
        self.rowsForwardOut = rowsForwardOut
        self.rowsForwardPair = rowsForwardPair
        self.rowsBackward = rowsBackward
        self.columnsForward = columnsForward
        self.columnsBackward = columnsBackward
        self.columnForward = columnForward
        self.columnBackward = columnBackward
        self.realPlan = realPlan
    }

    deinit {
        FourierTransform.plannerLock.lock()
        for plan in [rowsForwardOut, rowsForwardPair, rowsBackward, columnsForward, columnsBackward,
                     columnForward, columnBackward, realPlan] {
            fftw_destroy_plan(plan)
        }
        FourierTransform.plannerLock.unlock()
    }

    /// M1·M2.
    var count: Int { rows * columns }
    /// ⌊M2/2⌋ + 1, the columns of `forwardReal`'s output.
    var halfColumns: Int { columns / 2 + 1 }
    /// Doubles of the `block` scratch the complex transforms need.
    var blockCount: Int { 2 * Self.blockWidth * rows }

    /// output ← DFT₂(input), complex, the arrays not overlapping (input preserved).
    func forward(_ input: UnsafeMutablePointer<Double>, into output: UnsafeMutablePointer<Double>,
                 block: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(input) && Self.aligned(output), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft(rowsForwardOut, Self.complex(input), Self.complex(output))
        transformColumns(output, backward: false, block: block)
    }

    /// data[0 ..< 2M] and data[2M ..< 4M] (two complex grids) ← their DFT₂, in place, the rows
    /// of both by one batched plan.
    func forwardPair(_ data: UnsafeMutablePointer<Double>, block: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(data), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft(rowsForwardPair, Self.complex(data), Self.complex(data))
        transformColumns(data, backward: false, block: block)
        transformColumns(data + 2 * count, backward: false, block: block)
    }

    /// data ← unnormalized inverse DFT₂(data), complex, in place.
    func backward(_ data: UnsafeMutablePointer<Double>, block: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(data), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft(rowsBackward, Self.complex(data), Self.complex(data))
        transformColumns(data, backward: true, block: block)
    }

    /// half ← the M1 × (⌊M2/2⌋ + 1) complex outputs of DFT₂ of the M1·M2 real `input`
    /// (preserved); `half` holds 2·M1·(⌊M2/2⌋ + 1) ≤ 2·M1·M2 doubles.
    func forwardReal(_ input: UnsafeMutablePointer<Double>, into half: UnsafeMutablePointer<Double>) {
        assert(Self.aligned(input) && Self.aligned(half), "FFTW arrays must be 16-byte aligned")
        fftw_execute_dft_r2c(realPlan, input, Self.complex(half))
    }

    /// The column pass, in place: `blockWidth` columns at a time gathered into `block` (column
    /// j of the block contiguous at 2·j·M1), transformed by one batched plan, scattered back;
    /// the last M2 mod `blockWidth` columns one by one.
    private func transformColumns(_ data: UnsafeMutablePointer<Double>, backward: Bool,
                                  block: UnsafeMutablePointer<Double>) {
        let m1 = rows, m2 = columns, width = Self.blockWidth
        guard m1 > 1 else { return }  // length-1 columns: the identity
        assert(Self.aligned(block), "FFTW arrays must be 16-byte aligned")
        var first = 0
        while first < m2 {
            let count = min(width, m2 - first)
            for r in 0..<m1 {
                let row = data + 2 * (r * m2 + first)
                for j in 0..<count {
                    block[2 * (j * m1 + r)] = row[2 * j]
                    block[2 * (j * m1 + r) + 1] = row[2 * j + 1]
                }
            }
            if count == width {
                fftw_execute_dft(backward ? columnsBackward : columnsForward, Self.complex(block), Self.complex(block))
            } else {
                let plan = backward ? columnBackward : columnForward
                for j in 0..<count {
                    fftw_execute_dft(plan, Self.complex(block + 2 * j * m1), Self.complex(block + 2 * j * m1))
                }
            }
            for r in 0..<m1 {
                let row = data + 2 * (r * m2 + first)
                for j in 0..<count {
                    row[2 * j] = block[2 * (j * m1 + r)]
                    row[2 * j + 1] = block[2 * (j * m1 + r) + 1]
                }
            }
            first += count
        }
    }

    @inline(__always) private static func complex(_ p: UnsafeMutablePointer<Double>) -> UnsafeMutablePointer<fftw_complex> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: fftw_complex.self)
    }

    @inline(__always) private static func aligned(_ p: UnsafeMutablePointer<Double>) -> Bool {
        Int(bitPattern: p) % 16 == 0
    }
}
