import CBLAS
import PhysicalNetworks

/// The buffers of one Lanczos run, allocated once: the basis V (N × (m+1), column-major, vector
/// j contiguous), the locked vectors L, the dense projected matrix T (m × m) and LAPACK's
/// workspace for it. Nothing inside the iteration allocates.
final class LanczosWorkspace {
    let dimension: Int
    let basisLimit: Int
    let lockedCount: Int
    /// V, (basisLimit + 1) vectors of `dimension`.
    let basis: UnsafeMutablePointer<Double>
    /// L, `lockedCount` vectors of `dimension`.
    let locked: UnsafeMutablePointer<Double>
    /// T = VᵀHV, row-major basisLimit × basisLimit.
    let projected: UnsafeMutablePointer<Double>
    /// Gram–Schmidt coefficients (basisLimit + 1).
    let coefficients: UnsafeMutablePointer<Double>
    let correction: UnsafeMutablePointer<Double>
    /// Eigenvalues and eigenvectors (column-major, leading dimension = size) of T.
    let ritzValues: UnsafeMutablePointer<Double>
    let ritzVectors: UnsafeMutablePointer<Double>
    let lapackWork: UnsafeMutablePointer<Double>
    let lapackIntegerWork: UnsafeMutablePointer<Int32>
    let lapackWorkCount: Int
    let lapackIntegerWorkCount: Int
    /// Rows of V combined per block at a restart.
    let blockRows: Int
    let block: UnsafeMutablePointer<Double>

    init(dimension n: Int, basisLimit m: Int, locked vectors: [[Double]]) {
        dimension = n
        basisLimit = m
        lockedCount = vectors.count
        basis = .allocate(capacity: n * (m + 1))
        basis.initialize(repeating: 0, count: n * (m + 1))
        locked = .allocate(capacity: max(n * vectors.count, 1))
        for (l, v) in vectors.enumerated() { for s in 0..<n { locked[l * n + s] = v[s] } }
        projected = .allocate(capacity: m * m)
        projected.initialize(repeating: 0, count: m * m)
        coefficients = .allocate(capacity: m + 1)
        correction = .allocate(capacity: max(m + 1, vectors.count))
        ritzValues = .allocate(capacity: m)
        ritzVectors = .allocate(capacity: m * m)
        lapackWorkCount = 1 + 6 * m + 2 * m * m
        lapackIntegerWorkCount = 3 + 5 * m
        lapackWork = .allocate(capacity: lapackWorkCount)
        lapackIntegerWork = .allocate(capacity: lapackIntegerWorkCount)
        blockRows = min(n, 2048)
        block = .allocate(capacity: blockRows * m)
    }

    func deallocate() {
        for p in [basis, locked, projected, coefficients, correction, ritzValues, ritzVectors, lapackWork, block] {
            p.deallocate()
        }
        lapackIntegerWork.deallocate()
    }

    @inline(__always)
    func vector(_ j: Int) -> UnsafeMutablePointer<Double> { basis + j * dimension }

    /// v_j ← standard normal entries.
    func fillRandom(_ j: Int, _ random: inout Xoshiro256StarStar) {
        let v = vector(j)
        for s in 0..<dimension { v[s] = random.nextStandardNormal() }
    }

    /// v_j ← (1 − VVᵀ)(1 − LLᵀ) v_j over V's first `basisCount` vectors, repeated once when the
    /// first pass removed more than 1 − 1/√2 of the norm (the DGKS criterion: Daniel, Gragg,
    /// Kaufman & Stewart, Math. Comp. 30, 1976; "twice is enough"); records Vᵀv in `c` (the
    /// passes summed).
    func projectOut(_ j: Int, basisCount: Int, recordInto c: UnsafeMutablePointer<Double>) {
        let n = Int32(dimension), v = vector(j)
        for s in 0..<basisCount { c[s] = 0 }
        var normBefore = cblas_dnrm2(n, v, 1)
        for pass in 0..<2 {
            if pass == 1 {
                let normAfter = cblas_dnrm2(n, v, 1)
                if normAfter > 0.7071067811865476 * normBefore { break }
                normBefore = normAfter
            }
            if lockedCount > 0 {
                cblas_dgemv(CblasColMajor, CblasTrans, n, Int32(lockedCount), 1, locked, n, v, 1, 0, correction, 1)
                cblas_dgemv(CblasColMajor, CblasNoTrans, n, Int32(lockedCount), -1, locked, n, correction, 1, 1, v, 1)
            }
            if basisCount > 0 {
                cblas_dgemv(CblasColMajor, CblasTrans, n, Int32(basisCount), 1, basis, n, v, 1, 0, correction, 1)
                cblas_dgemv(CblasColMajor, CblasNoTrans, n, Int32(basisCount), -1, basis, n, correction, 1, 1, v, 1)
                for s in 0..<basisCount { c[s] += correction[s] }
            }
        }
    }

    /// ‖v_j‖, then v_j /= ‖v_j‖ (left alone when zero).
    func normalize(_ j: Int) -> Double {
        let v = vector(j)
        let norm = cblas_dnrm2(Int32(dimension), v, 1)
        if norm > 0 { cblas_dscal(Int32(dimension), 1 / norm, v, 1) }
        return norm
    }

    /// Orthogonalizes v_j against L and V's first `basisCount` vectors and normalizes it;
    /// returns the norm before normalization relative to the original (0: nothing left).
    func orthonormalize(_ j: Int, against basisCount: Int) -> Double {
        let before = cblas_dnrm2(Int32(dimension), vector(j), 1)
        guard before > 0 else { return 0 }
        projectOut(j, basisCount: basisCount, recordInto: coefficients)
        let after = normalize(j)
        if after <= 1e-10 * before { return 0 }
        return after / before
    }

    /// Eigenpairs of T's leading size × size block into `ritzValues`, `ritzVectors`.
    func diagonalizeProjected(_ size: Int) {
        for i in 0..<size { for k in 0..<size { ritzVectors[k * size + i] = projected[i * basisLimit + k] } }
        let info = LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")),
                                       Int32(size), ritzVectors, Int32(size), ritzValues,
                                       lapackWork, Int32(lapackWorkCount), lapackIntegerWork, Int32(lapackIntegerWorkCount))
        precondition(info == 0, "Lanczos: dsyevd on the \(size) × \(size) projected matrix failed, info = \(info)")
    }

    /// Thick restart: V[:, 0..<keep] ← V[:, 0..<size]·Y[:, 0..<keep], v_keep ← v_size, and
    /// T ← diag(θ_0…θ_{keep−1}) bordered by β·(e_sizeᵀ y_k) in row and column `keep`.
    func restart(size: Int, keep: Int, beta: Double) {
        let n = dimension
        var row = 0
        while row < n {
            let rows = min(blockRows, n - row)
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(keep), Int32(size),
                        1, basis + row, Int32(n), ritzVectors, Int32(size), 0, block, Int32(rows))
            for k in 0..<keep {
                (basis + k * n + row).update(from: block + k * rows, count: rows)
            }
            row += rows
        }
        vector(keep).update(from: vector(size), count: n)
        projected.update(repeating: 0, count: basisLimit * basisLimit)
        for k in 0..<keep {
            projected[k * basisLimit + k] = ritzValues[k]
            let border = beta * ritzVectors[k * size + size - 1]
            projected[k * basisLimit + keep] = border
            projected[keep * basisLimit + k] = border
        }
    }

    /// V[:, 0..<size]·y_k for the projected eigenvector k.
    func ritzVector(_ k: Int, size: Int) -> [Double] {
        var u = [Double](repeating: 0, count: dimension)
        u.withUnsafeMutableBufferPointer { out in
            cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(dimension), Int32(size), 1, basis, Int32(dimension),
                        ritzVectors + k * size, 1, 0, out.baseAddress, 1)
        }
        return u
    }
}
