import CBLAS
import PhysicalNetworks

/// The lowest eigenpairs of a real symmetric operator by thick-restart Lanczos with full
/// reorthogonalization (Lanczos 1950; Wu & Simon, "Thick-restart Lanczos method for large
/// symmetric eigenvalue problems", SIAM J. Matrix Anal. Appl. 22(2), 2000).
///
/// The Krylov basis V_m = [v_0 … v_{m−1}] is grown by v_{j+1} ∝ (1 − V Vᵀ)² H v_j (classical
/// Gram–Schmidt applied twice, "twice is enough"), and the projected matrix T_m = V_mᵀ H V_m is
/// kept dense; its eigenpairs (θ_k, y_k) (LAPACK `dsyevd`) give Ritz pairs (θ_k, V_m y_k) with
///
///     ‖H V_m y_k − θ_k V_m y_k‖ = β_m |e_mᵀ y_k|,
///
/// so convergence is read off T_m without touching H. Without restarts T_m is the Lanczos
/// tridiagonal; when the basis reaches `maximumBasisSize`, the lowest Ritz vectors are kept, the
/// residual direction is appended, and T restarts as diagonal-plus-arrowhead (Wu & Simon). The
/// result is accepted when every wanted residual ‖Hv − Ev‖ ≤ `tolerance`·max(1, |θ|_max),
/// computed explicitly at the end.
///
/// A single Krylov space sees one vector per eigenspace, so a degenerate level would be counted
/// once. With `checksMultiplicity`, Lanczos is rerun from a fresh random vector in the
/// complement of the eigenvectors found (deflation; to a loose residual 1e-6, refined only when
/// it finds something) until it finds nothing below the highest wanted eigenvalue: the lowest
/// `count` eigenvalues are then complete with their multiplicities.
///
/// The default basis of 24 vectors is the fastest measured on a 20-spin TFIM ring (release,
/// 2 cores: 16 vectors 4.0 s, 24 5.0 s, 64 8.4 s for the ground state): the reorthogonalization
/// streams the whole basis twice per step and costs more than the extra restarts.
/// - Complexity: per step one application of H plus O(N·m) for reorthogonalization and O(m³)
///   for the projected problem; memory (m + 1)·N doubles (m = `maximumBasisSize`, capped by
///   `maximumBasisBytes`).
public struct Lanczos: Sendable {
    /// Residual tolerance relative to the spectral scale: ‖Hv − Ev‖ ≤ tolerance·max(1, |θ|_max).
    public var tolerance: Double
    /// Basis size at which the space is restarted (at least `count` + 2 is used).
    public var maximumBasisSize: Int
    /// Memory cap on the basis: it is shrunk (down to `count` + 8 vectors) so that its N-long
    /// vectors fit in this many bytes (2 GiB by default: 64 vectors up to 22 spins, 16 at 24).
    public var maximumBasisBytes: Int
    /// Budget of applications of H over all restarts and multiplicity checks.
    public var maximumApplications: Int
    /// Seed of the random start vectors (and of the multiplicity checks).
    public var seed: UInt64
    /// Rerun in the complement of the found eigenvectors to count degenerate levels.
    public var checksMultiplicity: Bool

    public init(tolerance: Double = 1e-9, maximumBasisSize: Int = 24, maximumBasisBytes: Int = 1 << 31,
                maximumApplications: Int = 100_000, seed: UInt64 = 0x1A2C_205, checksMultiplicity: Bool = true) {
        precondition(tolerance > 0 && maximumBasisSize >= 3 && maximumApplications > 0,
                     "Lanczos: tolerance \(tolerance), maximumBasisSize \(maximumBasisSize), maximumApplications \(maximumApplications)")
        self.tolerance = tolerance
        self.maximumBasisSize = maximumBasisSize
        self.maximumBasisBytes = maximumBasisBytes
        self.maximumApplications = maximumApplications
        self.seed = seed
        self.checksMultiplicity = checksMultiplicity
    }

    /// The lowest eigenpairs found.
    public struct Result: Sendable {
        /// E_0 ≤ E_1 ≤ … (count values).
        public var eigenvalues: [Double]
        /// Normalized eigenvectors, one per eigenvalue (sign arbitrary).
        public var eigenvectors: [[Double]]
        /// ‖H v_k − E_k v_k‖, computed explicitly.
        public var residuals: [Double]
        /// Applications of H spent (including restarts and multiplicity checks).
        public var applications: Int
        /// Thick restarts performed.
        public var restarts: Int
        /// Whether every residual met the tolerance within the budget.
        public var converged: Bool
        /// max |θ| over the last projected problem's Ritz values: an estimate (from below) of the
        /// spectral radius max |E|, since Krylov spaces resolve both spectral edges quickly.
        public var spectralScale: Double
        /// θ_max − θ_min of the last projected problem: an estimate (from below) of E_max − E_min.
        public var spectralWidth: Double
    }

    /// The `count` lowest eigenpairs of `h`.
    /// - Parameters:
    ///   - start: the first Krylov vector (a warm start, e.g. the free state for a nudged solve);
    ///     a seeded random vector when nil or zero.
    public func lowest(_ count: Int, of h: some QuantumOperator, start: [Double]? = nil) -> Result {
        let n = h.dimension
        precondition(count >= 1 && count <= n, "Lanczos: count \(count) outside 1...\(n)")
        precondition(start == nil || start!.count == n, "Lanczos: start vector of \(start!.count) entries for dimension \(n)")
        var random = Xoshiro256StarStar(seed: seed)
        var result = run(count, of: h, start: start, locked: [], random: &random)
        guard checksMultiplicity else { return result }
        while result.converged && result.eigenvalues.count < n && result.applications < maximumApplications {
            // The probe only has to decide whether a level lies below E_{count−1}; its Ritz
            // value is an upper bound of the complement's lowest level, accurate to ~r²/δ, so a
            // loose residual suffices unless it finds one (then it is refined from there).
            let scale = max(1, abs(result.eigenvalues[0]), abs(result.eigenvalues[count - 1]))
            let threshold = result.eigenvalues[count - 1] - tolerance * scale
            var probe = run(1, of: h, start: nil, locked: result.eigenvectors, random: &random,
                            tolerance: max(tolerance, Self.probeTolerance),
                            budget: maximumApplications - result.applications)
            result.applications += probe.applications
            result.restarts += probe.restarts
            guard probe.converged else { result.converged = false; break }
            guard probe.eigenvalues[0] < threshold else { break }
            if tolerance < Self.probeTolerance {
                probe = run(1, of: h, start: probe.eigenvectors[0], locked: result.eigenvectors, random: &random,
                            tolerance: tolerance, budget: maximumApplications - result.applications)
                result.applications += probe.applications
                result.restarts += probe.restarts
                guard probe.converged else { result.converged = false; break }
            }
            // A level below the highest wanted one was missed (a degenerate partner, or a level
            // the start vector did not reach): insert it and check again.
            let position = result.eigenvalues.firstIndex { $0 > probe.eigenvalues[0] } ?? count - 1
            result.eigenvalues.insert(probe.eigenvalues.removeFirst(), at: position)
            result.eigenvectors.insert(probe.eigenvectors.removeFirst(), at: position)
            result.residuals.insert(probe.residuals.removeFirst(), at: position)
            result.eigenvalues.removeLast(); result.eigenvectors.removeLast(); result.residuals.removeLast()
        }
        return result
    }

    /// Residual tolerance (relative) of the multiplicity probes.
    static let probeTolerance = 1e-6

    /// One thick-restart Lanczos run in the orthogonal complement of `locked`.
    func run(_ count: Int, of h: some QuantumOperator, start: [Double]?, locked: [[Double]],
             random: inout Xoshiro256StarStar, tolerance: Double? = nil, budget: Int? = nil) -> Result {
        let tolerance = tolerance ?? self.tolerance
        let n = h.dimension
        let space = n - locked.count
        precondition(count <= space, "Lanczos: \(count) eigenpairs wanted in a space of dimension \(space)")
        let affordable = maximumBasisBytes / (MemoryLayout<Double>.size * n) - 1
        let basisLimit = min(max(min(maximumBasisSize, affordable), count + 2, min(count + 8, maximumBasisSize)), space)
        let budget = budget ?? maximumApplications
        let work = LanczosWorkspace(dimension: n, basisLimit: basisLimit, locked: locked)
        defer { work.deallocate() }

        // v_0: the start vector (or a random one) orthogonalized against the locked vectors.
        if let start { for s in 0..<n { work.basis[s] = start[s] } } else { work.fillRandom(0, &random) }
        if work.orthonormalize(0, against: 0) == 0 {
            work.fillRandom(0, &random)
            _ = work.orthonormalize(0, against: 0)
        }

        var applications = 0, restarts = 0
        var j = 0
        var size = 0
        var beta = 0.0
        while true {
            h.apply(UnsafeBufferPointer(start: work.vector(j), count: n),
                    into: UnsafeMutableBufferPointer(start: work.vector(j + 1), count: n))
            applications += 1
            work.projectOut(j + 1, basisCount: j + 1, recordInto: work.coefficients)
            for i in 0...j {
                work.projected[i * basisLimit + j] = work.coefficients[i]
                work.projected[j * basisLimit + i] = work.coefficients[i]
            }
            beta = work.normalize(j + 1)
            size = j + 1
            let exhausted = size == space
            if !exhausted && beta <= 1e-13 * max(1, abs(work.coefficients[j])) {
                // An invariant subspace: continue from a fresh direction (coupling zero).
                beta = 0
                work.fillRandom(j + 1, &random)
                if work.orthonormalize(j + 1, against: j + 1) == 0 { break }
            }
            if size >= count {
                work.diagonalizeProjected(size)
                let scale = max(1, abs(work.ritzValues[0]), abs(work.ritzValues[size - 1]))
                var done = exhausted
                if !done {
                    done = (0..<count).allSatisfy { k in
                        abs(beta * work.ritzVectors[k * size + size - 1]) <= tolerance * scale
                    }
                }
                if done || applications >= budget { break }
                if size == basisLimit {
                    let keep = min(size - 1, count + (basisLimit - count) / 2)
                    work.restart(size: size, keep: keep, beta: beta)
                    restarts += 1
                    j = keep
                    continue
                }
            }
            j += 1
        }
        // Ritz vectors and their explicit residuals.
        work.diagonalizeProjected(size)
        var vectors = [[Double]](), residuals = [Double](), values = [Double]()
        let scale = max(1, abs(work.ritzValues[0]), abs(work.ritzValues[size - 1]))
        var image = [Double](repeating: 0, count: n)
        for k in 0..<count {
            var u = work.ritzVector(k, size: size)
            let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for s in u.indices { u[s] /= norm }
            u.withUnsafeBufferPointer { x in image.withUnsafeMutableBufferPointer { h.apply(x, into: $0) } }
            applications += 1
            let theta = dot(u, image)
            var r2 = 0.0
            for s in 0..<n { let r = image[s] - theta * u[s]; r2 += r * r }
            values.append(theta); vectors.append(u); residuals.append(r2.squareRoot())
        }
        let converged = residuals.allSatisfy { $0 <= tolerance * scale }
        return Result(eigenvalues: values, eigenvectors: vectors, residuals: residuals,
                      applications: applications, restarts: restarts, converged: converged,
                      spectralScale: max(abs(work.ritzValues[0]), abs(work.ritzValues[size - 1])),
                      spectralWidth: work.ritzValues[size - 1] - work.ritzValues[0])
    }
}
