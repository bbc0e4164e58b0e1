import Foundation

/// Translation-invariant couplings of phase oscillators on a periodic L1 × L2 lattice — the XY
/// energy with `W_ij = K(r_j − r_i)`, evaluated by FFT (PHYSICS.md §4, last item; case 7):
///
///     E = −½ Σ_i Σ_{j≠i} K(r_j − r_i) cos(φ_i − φ_j) = −½ Σ_{r≠0} K(r) A(r)
///     A(r) = Σ_i cos(φ_i − φ_{i+r}) = Σ_i [c_i c_{i+r} + s_i s_{i+r}] = Re Σ_i z̄_i z_{i+r}
///     F_i = ∂E/∂φ_i = Σ_{r≠0} K̃(r) sin(φ_i − φ_{i+r}) = s_i (K̃ ⊛ c)_i − c_i (K̃ ⊛ s)_i
///     ∂E/∂K(r) = −½ A(r)   (r ≠ 0; the local EP measurement, an autocorrelation)
///
/// with c = cos φ, s = sin φ, z = e^{iφ}, lattice sums taken modulo (L1, L2), φ in radians
/// and K (and E) in joules. **Symmetry.** Every K(r) is a free parameter; since A(r) = A(−r)
/// the energy sees only the even part K̃(r) = ½[K(r) + K(−r)], which is the kernel of the
/// torque (a circular convolution, = correlation for an even kernel). A learning rule that
/// starts from an even K stays even, because ∂E/∂K(r) = ∂E/∂K(−r). Tying K(r) = K(−r) into one
/// parameter would double its gradient (PHYSICS.md). **Self-coupling.** K(0) is stored but
/// ignored: it adds nothing to E or F and its gradient is 0.
///
/// By FFT (`LatticeFourierTransform`, unnormalized): with Z = FFT(z), K̂ = FFT(K̃) (real),
/// G = K̃ ⊛ z = IFFT(K̂ Z)/N, one gets F_i = s_i Re G_i − c_i Im G_i, E = −½ Σ_i Re(z̄_i G_i),
/// and A = Re IFFT(|Z|²)/N. On a 1 × L or L × 1 lattice this is a ring.
///
/// **Layout.** Site (a1, a2) is unknown `offset + a1·L2 + a2` (row-major, all free unknowns;
/// clamped ones are unknowns the relaxation holds). K(d1, d2), the coupling to the site
/// (d1, d2) steps ahead, is θ[kernelOffset + d1·L2 + d2], trainable.
///
/// **Jacobian.** Every pair couples, so the exact Jacobian is dense:
/// ∂F_i/∂φ_j = −K̃(r_j − r_i) cos(φ_i − φ_j) (j ≠ i), ∂F_i/∂φ_i = Re(z̄_i G_i).
/// `JacobianDeclaration.dense` declares all N² entries (small lattices: Newton, implicit
/// integrators, the settling test). `.diagonal` declares only the N diagonal entries (computed
/// by FFT) — enough for explicit integrators such as `DormandPrince`, which need the residual,
/// and for the settling test's row scales, but an *approximate* Jacobian for Newton-based
/// methods, which should not be used with it.
///
/// - Complexity: residual, energy, ∂E/∂K and λᵀ∂F/∂K O(B·N log N) with N = L1·L2, plus one
///   kernel transform per call; scratch 7N + 4·L1 + 1 doubles, allocated once (see
///   `DensePhaseCoupling.Workspace`). Jacobian O(N²) (`.dense`) or O(N log N) (`.diagonal`).
public struct LatticePhaseCoupling: Interaction {
    /// Which Jacobian entries the family declares.
    public enum JacobianDeclaration: Sendable {
        /// All N² entries, exact (O(N²) memory: small lattices).
        case dense
        /// The N diagonal entries only (exact there); off-diagonal couplings are left out.
        case diagonal
    }

    /// L1, the number of lattice rows.
    public let rows: Int
    /// L2, the number of lattice columns.
    public let columns: Int
    /// Unknown index of site (0, 0).
    public let offset: Int
    /// Index of K(0, 0) in the parameter vector; K (L1 × L2) is stored row-major from there.
    public let kernelOffset: Int
    public let jacobian: JacobianDeclaration
    let transform: LatticeFourierTransform
    let workspace: DensePhaseCoupling.Workspace

    /// - Parameters:
    ///   - rows: L1 ≥ 1.
    ///   - columns: L2 ≥ 1 (L1·L2 ≥ 2).
    ///   - offset: unknown index of site (0, 0); the lattice holds `offset ..< offset + L1·L2`.
    ///   - kernelOffset: where K starts in the parameter vector (L1·L2 entries, J).
    ///   - jacobian: `.dense` (default) or `.diagonal` for large lattices.
    public init(rows: Int, columns: Int, offset: Int, kernelOffset: Int, jacobian: JacobianDeclaration = .dense) {
        precondition(rows >= 1 && columns >= 1 && rows * columns >= 2,
                     "lattice \(rows) × \(columns) needs positive sides and at least two sites")
        precondition(offset >= 0 && kernelOffset >= 0, "lattice offsets \(offset), \(kernelOffset) must be ≥ 0")
        self.rows = rows
        self.columns = columns
        self.offset = offset
        self.kernelOffset = kernelOffset
        self.jacobian = jacobian
        transform = LatticeFourierTransform(rows: rows, columns: columns)
        workspace = DensePhaseCoupling.Workspace(capacity: 7 * rows * columns + 4 * rows + 1)
    }

    /// N = L1·L2 sites (and kernel parameters).
    public var siteCount: Int { rows * columns }
    /// The parameter count, N.
    public var parameterCount: Int { siteCount }

    /// The kernel index of the displacement from site i to site j (both 0 ..< N).
    public func displacement(from i: Int, to j: Int) -> Int {
        let d1 = (j / columns - i / columns + rows) % rows
        let d2 = (j % columns - i % columns + columns) % columns
        return d1 * columns + d2
    }

    /// The kernel index of −r for the kernel index r.
    public func opposite(_ r: Int) -> Int {
        ((rows - r / columns) % rows) * columns + (columns - r % columns) % columns
    }

    public var familyName: String { "lattice phase coupling" }
    public var isReciprocal: Bool { true }
    public var isLinear: Bool { false }

    /// O(1) per evaluation, so always on.
    func checkFits(width: Int, parameters: Int) {
        precondition(offset + siteCount <= width,
                     "lattice \(offset)..<\(offset + siteCount) exceeds a state of \(width) unknowns")
        precondition(parameters >= kernelOffset + parameterCount,
                     "lattice kernel needs parameters \(kernelOffset)..<\(kernelOffset + parameterCount), vector has \(parameters)")
    }

    /// The scratch regions of one evaluation (doubles): z and G (2N each, interleaved), the
    /// transform's temporary (2N) and column (4·L1) buffers, K̂ (N, real). Every complex region
    /// starts at an even offset, so it keeps the 16-byte alignment FFTW's plans assume.
    struct Scratch {
        let z: UnsafeMutablePointer<Double>
        let g: UnsafeMutablePointer<Double>
        let kernelHat: UnsafeMutablePointer<Double>
        let temporary: UnsafeMutablePointer<Double>
        let column: UnsafeMutablePointer<Double>

        init(_ base: UnsafeMutablePointer<Double>, sites n: Int, rows: Int) {
            z = base
            g = base + 2 * n
            temporary = base + 4 * n
            column = base + 6 * n
            kernelHat = base + 6 * n + 4 * rows
        }
    }

    /// Calls `body` with this evaluation's scratch, its start aligned to 16 bytes (the
    /// workspace's fallback allocation need not be, so one spare double is requested).
    func withScratch<R>(_ body: (Scratch) -> R) -> R {
        workspace.withScratch(7 * siteCount + 4 * rows + 1) { base in
            let aligned = Int(bitPattern: base) % 16 == 0 ? base : base + 1
            return body(Scratch(aligned, sites: siteCount, rows: rows))
        }
    }

    /// In place: `data` ← DFT₂ (or unnormalized inverse) of `data`.
    func fourier(_ data: UnsafeMutablePointer<Double>, backward: Bool, _ scratch: Scratch) {
        transform.transform(data, backward: backward, temporary: scratch.temporary, column: scratch.column)
    }

    /// K̂ = FFT(K̃) with K̃(0) = 0, real because K̃ is even; into `scratch.kernelHat` (uses g).
    func transformKernel(_ parameters: UnsafeBufferPointer<Double>, _ scratch: Scratch) {
        let n = siteCount
        let kernel = parameters.baseAddress! + kernelOffset
        for r in 0..<n {
            scratch.g[2 * r] = r == 0 ? 0 : 0.5 * (kernel[r] + kernel[opposite(r)])
            scratch.g[2 * r + 1] = 0
        }
        fourier(scratch.g, backward: false, scratch)
        for q in 0..<n { scratch.kernelHat[q] = scratch.g[2 * q] }
    }

    /// z = e^{iφ} of the lattice in `phases`, into `scratch.z`.
    func fillPhasors(_ phases: UnsafePointer<Double>, _ scratch: Scratch) {
        for k in 0..<siteCount {
            scratch.z[2 * k] = cos(phases[offset + k])
            scratch.z[2 * k + 1] = sin(phases[offset + k])
        }
    }

    /// G = K̃ ⊛ z into `scratch.g`, from `scratch.z` and `scratch.kernelHat` (z is kept).
    func convolve(_ scratch: Scratch) {
        let n = siteCount
        for k in 0..<(2 * n) { scratch.g[k] = scratch.z[k] }
        fourier(scratch.g, backward: false, scratch)
        let scale = 1 / Double(n)
        for q in 0..<n {
            let factor = scratch.kernelHat[q] * scale
            scratch.g[2 * q] *= factor
            scratch.g[2 * q + 1] *= factor
        }
        fourier(scratch.g, backward: true, scratch)
    }
}
