import Foundation

/// Translation-invariant couplings of phase oscillators on an L1 × L2 lattice, periodic or open —
/// the XY energy with `W_ij = K(r_j − r_i)`, evaluated by FFT (PHYSICS.md §4, last item; case 7):
///
///     E = −½ Σ_i Σ_{j≠i} K(r_j − r_i) cos(φ_i − φ_j) = −½ Σ_{r≠0} K(r) A(r)
///     A(r) = Σ_i cos(φ_i − φ_{i+r}) = Σ_i [c_i c_{i+r} + s_i s_{i+r}] = Re Σ_i z̄_i z_{i+r}
///     F_i = ∂E/∂φ_i = Σ_{r≠0} K̃(r) sin(φ_i − φ_{i+r}) = s_i (K̃ ⊛ c)_i − c_i (K̃ ⊛ s)_i
///     ∂E/∂K(r) = −½ A(r)   (r ≠ 0; the local EP measurement, an autocorrelation)
///
/// with c = cos φ, s = sin φ, z = e^{iφ}, φ in radians and K (and E) in joules. **Boundaries.** `.periodic`: displacements and lattice sums are
/// taken modulo (L1, L2), so every site has the same neighbours. `.open`: only pairs inside the
/// lattice couple (sums over i with i + r in the lattice), displacements d1 ∈ (−L1, L1),
/// d2 ∈ (−L2, L2), and the transforms run on a zero-padded P1 × P2 array with Pk ≥ 2Lk − 1
/// (the smallest 7-smooth side, so 512 for L = 256, where FFTW is fast and allocation-free),
/// on which circular convolution equals the linear one (no wrap-around can reach the lattice). **Symmetry.** Every K(r) is a free parameter; since A(r) = A(−r)
/// the energy sees only the even part K̃(r) = ½[K(r) + K(−r)], which is the kernel of the
/// torque (a circular convolution, = correlation for an even kernel). A learning rule that
/// starts from an even K stays even, because ∂E/∂K(r) = ∂E/∂K(−r). Tying K(r) = K(−r) into one
/// parameter would double its gradient (PHYSICS.md). **Self-coupling.** K(0) is stored but
/// ignored: it adds nothing to E or F and its gradient is 0.
///
/// By FFT (`LatticeFourierTransform`, unnormalized, on the P1 × P2 transform grid with each
/// side Pk = Lk periodic, ≥ 2Lk − 1 open, z and K zero off the lattice and off the kernel's
/// displacements): with Z = FFT(z), K̂ = FFT(K̃) (real), G = K̃ ⊛ z = IFFT(K̂ Z)/P, one gets
/// F_i = s_i Re G_i − c_i Im G_i, E = −½ Σ_i Re(z̄_i G_i) = −½ Σ_q K̂_q |Z_q|²/P (Parseval), and
/// A = Re IFFT(|Z|²)/P (P = P1·P2). K̂ = Re FFT(K) less
/// K(0), by one real-to-complex transform, and cached: it is recomputed only when the kernel
/// differs from the one it was computed from. On a periodic 1 × L or L × 1 lattice this is a
/// ring, on an open one a chain.
///
/// **Layout.** Site (a1, a2) is unknown `offset + a1·L2 + a2` (row-major, all free unknowns;
/// clamped ones are unknowns the relaxation holds). K(d1, d2), the coupling to the site
/// (d1, d2) steps ahead, is θ[kernelOffset + (d1 mod M1)·M2 + (d2 mod M2)], trainable (see
/// `kernelIndex`): periodic, the L1·L2 entries d ∈ [0, L) row-major; open, the
/// (2L1 − 1)(2L2 − 1) entries with d1 = 0, 1, …, L1 − 1, −(L1 − 1), …, −1 down the rows (and
/// likewise d2 along each row), i.e. the kernel laid out on a (2L1 − 1) × (2L2 − 1) grid, wrapped.
///
/// **Jacobian.** Every pair couples, so the exact Jacobian is dense:
/// ∂F_i/∂φ_j = −K̃(r_j − r_i) cos(φ_i − φ_j) (j ≠ i), ∂F_i/∂φ_i = Re(z̄_i G_i).
/// `JacobianDeclaration.dense` declares all N² entries (small lattices: Newton, implicit
/// integrators, the settling test). `.diagonal` declares only the N diagonal entries (computed
/// by FFT) — enough for explicit integrators such as `DormandPrince`, which need the residual,
/// and for the settling test's row scales, but an *approximate* Jacobian for Newton-based
/// methods, which should not be used with it.
///
/// - Complexity: per state, residual and Jacobian diagonal two 2-D FFTs of P = P1·P2 points
///   (N = L1·L2 periodic, ≈ 4N open), energy one, ∂E/∂K one (plus one backward for the whole
///   batch), λᵀ∂F/∂K three: O(P log P); for the energy and ∂E/∂K two states share each batched
///   row transform. Plus one real transform of the kernel when it changed since the last
///   call, and an O(M) comparison when not. Scratch 8P + 8·P1 + 4 doubles at most, allocated once (a
///   `ScratchBuffer`); FFTW plans made once at `init`; no allocation per evaluation.
///   Jacobian O(N²) (`.dense`) or O(M log M) (`.diagonal`).
public struct LatticePhaseCoupling: Interaction {
    /// Which Jacobian entries the family declares.
    public enum JacobianDeclaration: Sendable {
        /// All N² entries, exact (O(N²) memory: small lattices).
        case dense
        /// The N diagonal entries only (exact there); off-diagonal couplings are left out.
        case diagonal
    }

    /// How the lattice ends.
    public enum Boundary: Sendable {
        /// A torus: displacements modulo (L1, L2); L1·L2 kernel parameters.
        case periodic
        /// Only pairs inside the lattice couple; (2L1 − 1)(2L2 − 1) kernel parameters.
        case open
    }

    /// L1, the number of lattice rows.
    public let rows: Int
    /// L2, the number of lattice columns.
    public let columns: Int
    /// Unknown index of site (0, 0).
    public let offset: Int
    /// Index of K(0, 0) in the parameter vector; K (M1 × M2, see `kernelIndex`) is stored from there.
    public let kernelOffset: Int
    public let boundary: Boundary
    public let jacobian: JacobianDeclaration
    /// M1, the rows of the kernel: L1 periodic, 2L1 − 1 open.
    public let kernelRows: Int
    /// M2, the columns of the kernel: L2 periodic, 2L2 − 1 open.
    public let kernelColumns: Int
    /// P1, P2, the sides of the transform grid: L periodic; open, the smallest 7-smooth
    /// number (2^a 3^b 5^c 7^d) ≥ 2L − 1, for which FFTW is fast and allocates nothing.
    let gridRows: Int
    let gridColumns: Int
    let transform: LatticeFourierTransform
    let workspace: ScratchBuffer
    /// The address of `workspace`'s own (aligned) buffer, whose cached K̂ survives between calls.
    let ownScratch: Int

    /// - Parameters:
    ///   - rows: L1 ≥ 1.
    ///   - columns: L2 ≥ 1 (L1·L2 ≥ 2).
    ///   - offset: unknown index of site (0, 0); the lattice holds `offset ..< offset + L1·L2`.
    ///   - kernelOffset: where K starts in the parameter vector (`parameterCount` entries, J).
    ///   - boundary: `.periodic` (default) or `.open`.
    ///   - jacobian: `.dense` (default) or `.diagonal` for large lattices.
    public init(rows: Int, columns: Int, offset: Int, kernelOffset: Int, boundary: Boundary = .periodic,
                jacobian: JacobianDeclaration = .dense) {
        precondition(rows >= 1 && columns >= 1 && rows * columns >= 2,
                     "lattice \(rows) × \(columns) needs positive sides and at least two sites")
        precondition(offset >= 0 && kernelOffset >= 0, "lattice offsets \(offset), \(kernelOffset) must be ≥ 0")
        self.rows = rows
        self.columns = columns
        self.offset = offset
        self.kernelOffset = kernelOffset
        self.boundary = boundary
        self.jacobian = jacobian
        switch boundary {
        case .periodic: (kernelRows, kernelColumns) = (rows, columns)
        case .open: (kernelRows, kernelColumns) = (2 * rows - 1, 2 * columns - 1)
        }
        switch boundary {
        case .periodic: (gridRows, gridColumns) = (rows, columns)
        case .open: (gridRows, gridColumns) = (Self.smoothSide(2 * rows - 1), Self.smoothSide(2 * columns - 1))
        }
        transform = LatticeFourierTransform(rows: gridRows, columns: gridColumns)
        let m = gridRows * gridColumns, m1 = gridRows, count = Scratch.count(grid: m, rows: m1)
        let workspace = ScratchBuffer(capacity: count)
        ownScratch = workspace.withScratch(count) { base in  // no other thread knows it yet
            let aligned = Scratch.aligned(base)
            Scratch(aligned, grid: m, rows: m1, persistent: true).cacheFlag.pointee = 0
            return Int(bitPattern: aligned)
        }
        self.workspace = workspace
    }

    /// N = L1·L2 sites.
    public var siteCount: Int { rows * columns }
    /// P = P1·P2, the points of the transform grid (N periodic, ≈ 4N open).
    var gridCount: Int { gridRows * gridColumns }
    /// The parameter count, M1·M2: N periodic, (2L1 − 1)(2L2 − 1) open.
    public var parameterCount: Int { kernelRows * kernelColumns }

    /// The smallest n' ≥ n whose prime factors are 2, 3, 5 and 7.
    static func smoothSide(_ n: Int) -> Int {
        var candidate = max(n, 1)
        while true {
            var rest = candidate
            for p in [2, 3, 5, 7] { while rest % p == 0 { rest /= p } }
            if rest == 1 { return candidate }
            candidate += 1
        }
    }

    /// Calls `body(r, p)` for every kernel index r ≠ 0 (row-major, 1 ..< M) with p the position
    /// of its displacement on the transform grid (the same index periodic; open, the wrapped
    /// displacement on the P1 × P2 grid) — no division per entry.
    @inline(__always) func forEachKernelEntry(_ body: (Int, Int) -> Void) {
        let m1 = kernelRows, m2 = kernelColumns, p1 = gridRows, p2 = gridColumns
        for a in 0..<m1 {
            let row = (a < rows ? a : a - m1 + p1) * p2
            for b in 0..<m2 where a != 0 || b != 0 {
                body(a * m2 + b, row + (b < columns ? b : b - m2 + p2))
            }
        }
    }

    /// The grid position of −d for the grid position p of d.
    @inline(__always) func oppositeCell(_ p: Int) -> Int {
        let p1 = gridRows, p2 = gridColumns
        return ((p1 - p / p2) % p1) * p2 + (p2 - p % p2) % p2
    }

    /// The kernel index (relative to `kernelOffset`) of the displacement (d1, d2): periodic, any
    /// integers (taken modulo L); open, |d1| < L1 and |d2| < L2.
    public func kernelIndex(_ d1: Int, _ d2: Int) -> Int {
        if boundary == .open {
            precondition(abs(d1) < rows && abs(d2) < columns,
                         "displacement (\(d1), \(d2)) is outside an open \(rows) × \(columns) lattice")
        }
        let m1 = kernelRows, m2 = kernelColumns
        return ((d1 % m1 + m1) % m1) * m2 + (d2 % m2 + m2) % m2
    }

    /// The kernel index of the displacement from site i to site j (both 0 ..< N).
    public func displacement(from i: Int, to j: Int) -> Int {
        kernelIndex(j / columns - i / columns, j % columns - i % columns)
    }

    /// The kernel index of −r for the kernel index r.
    public func opposite(_ r: Int) -> Int {
        let m1 = kernelRows, m2 = kernelColumns
        return ((m1 - r / m2) % m1) * m2 + (m2 - r % m2) % m2
    }

    /// The position of site k (0 ..< N) on the transform grid.
    @inline(__always) func cell(_ k: Int) -> Int {
        boundary == .periodic ? k : (k / columns) * gridColumns + k % columns
    }

    public var familyName: String { "lattice phase coupling" }
    public var isReciprocal: Bool { true }
    /// Potential energy: what the relaxation takes from it is heat in the drags (energy ledger).
    public var storesEnergy: Bool { true }
    public var isLinear: Bool { false }
    /// Only with the dense declaration; the diagonal one leaves out every coupling.
    public var hasCompleteJacobian: Bool { jacobian == .dense }

    /// O(1) per evaluation, so always on.
    func checkFits(width: Int, parameters: Int) {
        precondition(offset + siteCount <= width,
                     "lattice \(offset)..<\(offset + siteCount) exceeds a state of \(width) unknowns")
        precondition(parameters >= kernelOffset + parameterCount,
                     "lattice kernel needs parameters \(kernelOffset)..<\(kernelOffset + parameterCount), vector has \(parameters)")
    }

    /// The scratch regions of one evaluation (doubles), for the P1 × P2 transform grid: z, G and
    /// the gradient's sum (2P each, complex interleaved; z and G adjacent, so that one batched
    /// plan transforms the rows of both; the sum also holds the kernel transform's real input),
    /// the transforms' column block (2·4·P1), K̂ (P, real), the kernel K̂ was computed from (its
    /// M ≤ P parameters, K(0) stored as 0) and the cache flag (1 when K̂ is valid for that copy). Every
    /// region FFTW sees starts at an even offset, so it keeps the 16-byte alignment the plans
    /// assume. `persistent` is true for the family's own buffer, whose contents outlive the call
    /// (a temporary buffer lent under contention is not, and never trusts its cache).
    struct Scratch {
        let z: UnsafeMutablePointer<Double>
        let g: UnsafeMutablePointer<Double>
        let sum: UnsafeMutablePointer<Double>
        let block: UnsafeMutablePointer<Double>
        let kernelHat: UnsafeMutablePointer<Double>
        let kernelCopy: UnsafeMutablePointer<Double>
        let cacheFlag: UnsafeMutablePointer<Double>
        let persistent: Bool

        /// Doubles of scratch for an m-point transform grid of `rows` rows, including one spare
        /// for the alignment.
        static func count(grid m: Int, rows: Int) -> Int {
            6 * m + 2 * LatticeFourierTransform.blockWidth * rows + 2 * (m + m % 2) + 2
        }

        init(_ base: UnsafeMutablePointer<Double>, grid m: Int, rows: Int, persistent: Bool) {
            let even = m + m % 2, end = 6 * m + 2 * LatticeFourierTransform.blockWidth * rows
            z = base
            g = base + 2 * m
            sum = base + 4 * m
            block = base + 6 * m
            kernelHat = base + end
            kernelCopy = base + end + even
            cacheFlag = base + end + 2 * even
            self.persistent = persistent
        }

        /// `base` moved up by one double if it is not 16-byte aligned (the workspace's
        /// temporary fallback need not be).
        static func aligned(_ base: UnsafeMutablePointer<Double>) -> UnsafeMutablePointer<Double> {
            Int(bitPattern: base) % 16 == 0 ? base : base + 1
        }
    }

    /// Calls `body` with this evaluation's scratch. The family's own buffer (at the address
    /// recorded at `init`; it never regrows, since every call asks for the same count) is
    /// `persistent`; a temporary one is not.
    func withScratch<R>(_ body: (Scratch) -> R) -> R {
        workspace.withScratch(Scratch.count(grid: gridCount, rows: gridRows)) { base in
            let aligned = Scratch.aligned(base)
            return body(Scratch(aligned, grid: gridCount, rows: gridRows,
                                persistent: Int(bitPattern: aligned) == ownScratch))
        }
    }

    /// K̂ = FFT(K̃) with K̃(0) = 0 into `scratch.kernelHat`, by one real-to-complex transform
    /// of K laid out on the transform grid (in `scratch.sum`, output in g): K̂ = Re FFT(K with
    /// K(0) = 0), since the odd part of K transforms to an imaginary array; K̂ is real and even.
    /// **Cached**: skipped when `scratch` is persistent and holds K̂ of a kernel equal to this one
    /// for r ≠ 0 (K(0) is ignored) — an O(M) comparison.
    func prepareKernel(_ parameters: UnsafeBufferPointer<Double>, _ scratch: Scratch) {
        let m = parameterCount
        let kernel = parameters.baseAddress! + kernelOffset
        let copy = scratch.kernelCopy
        if scratch.persistent && scratch.cacheFlag.pointee == 1 {
            var r = 1
            while r < m && kernel[r] == copy[r] { r += 1 }
            if r == m { return }
        }
        let real = scratch.sum
        for p in 0..<gridCount { real[p] = 0 }
        copy[0] = 0
        forEachKernelEntry { r, p in
            copy[r] = kernel[r]
            real[p] = kernel[r]
        }
        let half = scratch.g
        transform.forwardReal(real, into: half)
        let p1 = gridRows, p2 = gridColumns, h = transform.halfColumns
        for q1 in 0..<p1 {
            let mirror = (p1 - q1) % p1
            for q2 in 0..<h { scratch.kernelHat[q1 * p2 + q2] = half[2 * (q1 * h + q2)] }
            for q2 in h..<p2 { scratch.kernelHat[q1 * p2 + q2] = half[2 * (mirror * h + p2 - q2)] }
        }
        scratch.cacheFlag.pointee = scratch.persistent ? 1 : 0
    }

    /// z = e^{iφ} of the lattice in `phases` on the grid (0 off the lattice), into `z`.
    func fillPhasors(_ phases: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>) {
        if boundary == .open {
            for k in 0..<(2 * gridCount) { z[k] = 0 }
        }
        for k in 0..<siteCount {
            let c = cell(k)
            z[2 * c] = cos(phases[offset + k])
            z[2 * c + 1] = sin(phases[offset + k])
        }
    }

    /// G = K̃ ⊛ z = IFFT(K̂ FFT(z))/M into `scratch.g`, from `scratch.z` (kept) and `scratch.kernelHat`.
    func convolve(_ scratch: Scratch) {
        let m = gridCount
        transform.forward(scratch.z, into: scratch.g, block: scratch.block)
        let scale = 1 / Double(m)
        for q in 0..<m {
            let factor = scratch.kernelHat[q] * scale
            scratch.g[2 * q] *= factor
            scratch.g[2 * q + 1] *= factor
        }
        transform.backward(scratch.g, block: scratch.block)
    }
}
