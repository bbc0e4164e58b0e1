/// One eigenstate H v = E v of a Hamiltonian, with what EP needs to trust it: its gap to the
/// nearest other level (Hellmann–Feynman and the EP gradient need a nondegenerate state;
/// PHYSICS.md §6) and the residual it was computed to.
public struct Eigenstate: Sendable {
    /// k: 0 for the ground state, levels counted with multiplicity in ascending energy.
    public let index: Int
    /// E_k.
    public let energy: Double
    /// v_k, normalized (sign arbitrary).
    public let vector: [Double]
    /// min(E_k − E_{k−1}, E_{k+1} − E_k) (one-sided at the ends of the spectrum; infinite in
    /// dimension 1).
    public let gap: Double
    /// ‖H v_k − E_k v_k‖.
    public let residual: Double

    public init(index: Int, energy: Double, vector: [Double], gap: Double, residual: Double) {
        self.index = index
        self.energy = energy
        self.vector = vector
        self.gap = gap
        self.residual = residual
    }
}

/// Why an eigenstate could not be returned.
public enum EigenstateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// E_k is (numerically) degenerate: gap < tolerance × spectral scale; EP is then undefined.
    case degenerate(index: Int, energy: Double, gap: Double, threshold: Double)
    /// k is not a level of an N-dimensional space.
    case indexOutOfRange(index: Int, dimension: Int)
    /// Lanczos did not reach its tolerance within its budget.
    case notConverged(index: Int, residual: Double, applications: Int)
    /// Dense diagonalization failed (too large, or LAPACK).
    case dense(DenseEigensolver.Failure)

    public var description: String {
        switch self {
        case .degenerate(let k, let energy, let gap, let threshold):
            return "eigenstate \(k) (E = \(energy)) is degenerate: gap \(gap) below \(threshold); "
                + "equilibrium propagation needs a nondegenerate state (break the symmetry, e.g. with a field)"
        case .indexOutOfRange(let k, let n):
            return "eigenstate \(k) requested in a space of dimension \(n)"
        case .notConverged(let k, let residual, let applications):
            return "Lanczos did not converge for eigenstate \(k): residual \(residual) after \(applications) applications"
        case .dense(let failure):
            return failure.description
        }
    }
}
