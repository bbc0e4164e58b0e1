/// The k-th eigenstate of a Hamiltonian, by dense diagonalization for small spaces (≤ 1024 by
/// default, `denseDimensionLimit`) and Lanczos above, refusing degenerate states (EP's Hellmann–Feynman identity needs a nondegenerate one;
/// PHYSICS.md §6).
///
/// A state is degenerate when its gap min(E_k − E_{k−1}, E_{k+1} − E_k) is below
/// `degeneracyTolerance` × max|E| (the spectral radius: exact for dense, Lanczos's Ritz estimate
/// otherwise; 1 if H = 0).
public struct EigenstateSolver: Sendable {
    /// Which eigensolver to use.
    public enum Method: Sendable, Equatable {
        /// Dense up to `denseDimensionLimit`, Lanczos above.
        case automatic
        /// `DenseEigensolver` (all levels).
        case dense
        /// `Lanczos` for the lowest k + 2 levels (with its multiplicity check).
        case lanczos
    }

    public var method: Method
    /// The largest dimension `automatic` diagonalizes densely (at most
    /// `DenseEigensolver.maximumDimension`). 1024 (10 spins) by default: measured in release on
    /// 2 cores, dense 4096 takes 12 s where Lanczos takes 0.03 s (12-spin TFIM); dense 1024 is
    /// about 0.2 s.
    public var denseDimensionLimit: Int
    /// Options of the Lanczos solver (tolerance, basis size, seed).
    public var lanczos: Lanczos
    /// Relative gap below which a state is called degenerate.
    public var degeneracyTolerance: Double

    public init(method: Method = .automatic, denseDimensionLimit: Int = 1024, lanczos: Lanczos = Lanczos(),
                degeneracyTolerance: Double = 1e-8) {
        precondition(degeneracyTolerance >= 0, "EigenstateSolver: degeneracyTolerance \(degeneracyTolerance) < 0")
        precondition(denseDimensionLimit <= DenseEigensolver.maximumDimension,
                     "EigenstateSolver: denseDimensionLimit \(denseDimensionLimit) above \(DenseEigensolver.maximumDimension)")
        self.method = method
        self.denseDimensionLimit = denseDimensionLimit
        self.lanczos = lanczos
        self.degeneracyTolerance = degeneracyTolerance
    }

    /// The method `automatic` resolves to for a given dimension.
    public func resolvedMethod(dimension: Int) -> Method {
        guard method == .automatic else { return method }
        return dimension <= denseDimensionLimit ? .dense : .lanczos
    }

    /// Eigenstate k (0: ground state) of `h`.
    /// - Parameters:
    ///   - start: a warm start for Lanczos (e.g. the free state when solving the nudged H + βĈ);
    ///     ignored by the dense solver.
    /// - Throws: `EigenstateError.degenerate` when E_k is degenerate, `.notConverged` when
    ///   Lanczos misses its tolerance, `.indexOutOfRange`, `.dense`.
    public func eigenstate(_ k: Int = 0, of h: some QuantumOperator, start: [Double]? = nil) throws(EigenstateError) -> Eigenstate {
        let n = h.dimension
        guard k >= 0 && k < n else { throw .indexOutOfRange(index: k, dimension: n) }
        let levels: [Double], vector: [Double], residual: Double, scale: Double
        switch resolvedMethod(dimension: n) {
        case .dense, .automatic:
            let decomposition: DenseEigensolver.Decomposition
            do { decomposition = try DenseEigensolver.decompose(h) } catch { throw .dense(error) }
            levels = decomposition.eigenvalues
            vector = decomposition.vector(k)
            scale = max(abs(levels[0]), abs(levels[n - 1]))
            var image = [Double](repeating: 0, count: n)
            vector.withUnsafeBufferPointer { x in image.withUnsafeMutableBufferPointer { h.apply(x, into: $0) } }
            var r2 = 0.0
            for s in 0..<n { let r = image[s] - levels[k] * vector[s]; r2 += r * r }
            residual = r2.squareRoot()
        case .lanczos:
            let result = lanczos.lowest(min(k + 2, n), of: h, start: start)
            guard result.converged else {
                throw .notConverged(index: k, residual: result.residuals.max() ?? .nan, applications: result.applications)
            }
            levels = result.eigenvalues
            vector = result.eigenvectors[k]
            residual = result.residuals[k]
            scale = max(result.spectralScale, levels.map(abs).max() ?? 0)
        }
        var gap = Double.infinity
        if k > 0 { gap = min(gap, levels[k] - levels[k - 1]) }
        if k + 1 < levels.count { gap = min(gap, levels[k + 1] - levels[k]) }
        let threshold = degeneracyTolerance * (scale > 0 ? scale : 1)
        guard gap >= threshold else {
            throw .degenerate(index: k, energy: levels[k], gap: gap, threshold: threshold)
        }
        return Eigenstate(index: k, energy: levels[k], vector: vector, gap: gap, residual: residual)
    }
}
