/// A transverse-field Ising model with optional XX and YY exchange (XXZ) on any graph of n spins,
/// applied matrix-free in the computational basis (issue 8; PHYSICS.md §6):
///
///     H = −Σ_b J_b Z_iZ_j − Σ_e (Jx_e X_iX_j + Jy_e Y_iY_j) − Σ_i h_i Z_i − Σ_i Γ_i X_i
///
/// over the Ising bonds b = (i, j) and the exchange bonds e = (i, j) (each list may be empty or
/// share pairs). The signs are PHYSICS.md §6's convention: positive J is ferromagnetic, positive h
/// favours Z = +1.
///
/// **Basis.** Basis state s ∈ 0..<2ⁿ has bit i of s for spin i: bit 0 ↔ Z_i = +1 (|↑⟩),
/// bit 1 ↔ Z_i = −1 (|↓⟩), so Z_i|s⟩ = (1 − 2·bit_i(s))|s⟩, X_i|s⟩ = |s ⊕ 2ⁱ⟩ and
/// Y_iY_j|s⟩ = σ|s ⊕ 2ⁱ ⊕ 2ʲ⟩ with σ = −1 when bits i and j of s are equal and +1 when they
/// differ (Y|0⟩ = i|1⟩, Y|1⟩ = −i|0⟩): every term is real, so H is a real symmetric matrix.
///
/// **Parameters** (`parameters`, named by `parameterNames`), in this order:
/// `J<i>_<j>` for each Ising bond, `Jx<i>_<j>` then `Jy<i>_<j>` for each exchange bond (all Jx
/// first, then all Jy), `h<i>` for each spin, `G<i>` (Γ) for each spin. `couplingIndex(_:)`,
/// `xCouplingIndex(_:)`, `yCouplingIndex(_:)`, `fieldIndex(_:)`, `transverseFieldIndex(_:)`
/// give the positions. Each ∂H/∂θ_k is the term's operator: −Z_iZ_j, −X_iX_j, −Y_iY_j, −Z_i, −X_i.
///
/// **Storage.** The diagonal (the Z terms) is kept per basis state, 2ⁿ doubles shared
/// copy-on-write; changing one Z-type parameter updates it in O(2ⁿ) (`setParameter(_:to:)`), an
/// X-type parameter in O(1). `apply` is then one pass for the diagonal plus one per nonzero
/// off-diagonal term, and allocates nothing.
/// - Complexity: `apply` O(2ⁿ·(1 + #nonzero Γ_i + #exchange bonds)); memory O(2ⁿ).
public struct IsingModel: Sendable {
    /// A pair of distinct spins, stored with i < j.
    public struct Bond: Hashable, Sendable, CustomStringConvertible {
        public let i: Int
        public let j: Int
        /// The bond between spins a and b (a ≠ b, in either order).
        public init(_ a: Int, _ b: Int) {
            precondition(a != b && a >= 0 && b >= 0, "a bond needs two distinct spins, got (\(a), \(b))")
            i = min(a, b); j = max(a, b)
        }
        public var description: String { "\(i)_\(j)" }
    }

    /// n, the number of spins (dimension 2ⁿ).
    public let spinCount: Int
    /// The Z_iZ_j bonds, in the order of their J parameters.
    public let bonds: [Bond]
    /// The X_iX_j + Y_iY_j bonds, in the order of their Jx (and Jy) parameters.
    public let exchangeBonds: [Bond]
    /// θ, laid out as the type's documentation says.
    var theta: [Double]
    /// The diagonal of H per basis state (the J and h terms), shared copy-on-write.
    var diagonal: DiagonalStorage

    /// The largest supported n: 2³⁰ doubles are already 8 GiB per vector.
    public static let maximumSpinCount = 30

    /// A model with every coefficient given.
    /// - Parameters:
    ///   - spinCount: n ≥ 1.
    ///   - bonds: the Ising (Z_iZ_j) bonds; `couplings` their J (same count).
    ///   - fields: h_i, n values (default zero); `transverseFields`: Γ_i, n values (default zero).
    ///   - exchangeBonds: the XX/YY bonds; `xCouplings`, `yCouplings` their Jx, Jy (same count).
    public init(spinCount: Int, bonds: [Bond] = [], couplings: [Double] = [],
                fields: [Double]? = nil, transverseFields: [Double]? = nil,
                exchangeBonds: [Bond] = [], xCouplings: [Double] = [], yCouplings: [Double] = []) {
        precondition(spinCount >= 1 && spinCount <= IsingModel.maximumSpinCount,
                     "IsingModel: spinCount \(spinCount) outside 1...\(IsingModel.maximumSpinCount)")
        precondition(bonds.count == couplings.count,
                     "IsingModel: \(bonds.count) bonds but \(couplings.count) couplings")
        precondition(exchangeBonds.count == xCouplings.count && exchangeBonds.count == yCouplings.count,
                     "IsingModel: \(exchangeBonds.count) exchange bonds but \(xCouplings.count) Jx and \(yCouplings.count) Jy")
        let h = fields ?? [Double](repeating: 0, count: spinCount)
        let gamma = transverseFields ?? [Double](repeating: 0, count: spinCount)
        precondition(h.count == spinCount && gamma.count == spinCount,
                     "IsingModel: \(h.count) fields and \(gamma.count) transverse fields for \(spinCount) spins")
        for bond in bonds + exchangeBonds {
            precondition(bond.j < spinCount, "IsingModel: bond \(bond) outside \(spinCount) spins")
        }
        self.spinCount = spinCount
        self.bonds = bonds
        self.exchangeBonds = exchangeBonds
        theta = couplings + xCouplings + yCouplings + h + gamma
        diagonal = DiagonalStorage(count: 1 << spinCount)
        rebuildDiagonal()
    }

    /// The Hilbert space's dimension 2ⁿ.
    public var dimension: Int { 1 << spinCount }

    /// Position of bond `b`'s J in `parameters`.
    public func couplingIndex(_ b: Int) -> Int { b }
    /// Position of exchange bond `e`'s Jx.
    public func xCouplingIndex(_ e: Int) -> Int { bonds.count + e }
    /// Position of exchange bond `e`'s Jy.
    public func yCouplingIndex(_ e: Int) -> Int { bonds.count + exchangeBonds.count + e }
    /// Position of h_i.
    public func fieldIndex(_ i: Int) -> Int { bonds.count + 2 * exchangeBonds.count + i }
    /// Position of Γ_i.
    public func transverseFieldIndex(_ i: Int) -> Int { bonds.count + 2 * exchangeBonds.count + spinCount + i }

    /// J of each Ising bond.
    public var couplings: ArraySlice<Double> { theta[0..<bonds.count] }
    /// h_i of each spin.
    public var fields: ArraySlice<Double> { theta[fieldIndex(0)..<fieldIndex(0) + spinCount] }
    /// Γ_i of each spin.
    public var transverseFields: ArraySlice<Double> { theta[transverseFieldIndex(0)..<transverseFieldIndex(0) + spinCount] }

    /// Sets θ_k, updating the stored diagonal in O(2ⁿ) for a J or h (O(1) for Jx, Jy, Γ).
    ///
    /// The diagonal is rebuilt from scratch every `DiagonalStorage.rebuildInterval` incremental
    /// updates, so rounding cannot accumulate over a long training run.
    public mutating func setParameter(_ k: Int, to value: Double) {
        precondition(theta.indices.contains(k), "IsingModel: parameter \(k) outside 0..<\(theta.count)")
        let delta = value - theta[k]
        theta[k] = value
        guard delta != 0, isDiagonalParameter(k) else { return }
        if !isKnownUniquelyReferenced(&diagonal) { diagonal = diagonal.copy() }
        diagonal.incrementalUpdates += 1
        if diagonal.incrementalUpdates >= DiagonalStorage.rebuildInterval {
            rebuildDiagonal()
        } else {
            addDiagonalTerm(k, scale: delta)
        }
    }

    /// Whether θ_k multiplies a Z-type (diagonal) operator: a J or an h.
    func isDiagonalParameter(_ k: Int) -> Bool {
        k < bonds.count || (k >= fieldIndex(0) && k < fieldIndex(0) + spinCount)
    }

    /// Recomputes the diagonal from θ. O(2ⁿ·(#bonds + n)).
    mutating func rebuildDiagonal() {
        if !isKnownUniquelyReferenced(&diagonal) { diagonal = diagonal.copy() }
        diagonal.values.withUnsafeMutableBufferPointer { d in
            for s in d.indices { d[s] = 0 }
        }
        diagonal.incrementalUpdates = 0
        for k in theta.indices where isDiagonalParameter(k) && theta[k] != 0 {
            addDiagonalTerm(k, scale: theta[k])
        }
    }

    /// diagonal += scale · ∂H/∂θ_k for a diagonal parameter k (the storage is unique).
    mutating func addDiagonalTerm(_ k: Int, scale: Double) {
        let (a, b) = diagonalBits(k)
        diagonal.values.withUnsafeMutableBufferPointer { d in
            for s in d.indices { d[s] -= scale * Self.zProduct(s, a, b) }
        }
    }

    /// The bits of a diagonal parameter's operator: (i, j) for −Z_iZ_j, (i, i) for −Z_i.
    @inline(__always)
    func diagonalBits(_ k: Int) -> (Int, Int) {
        if k < bonds.count { return (bonds[k].i, bonds[k].j) }
        let i = k - fieldIndex(0)
        return (i, i)
    }

    /// Z_aZ_b on basis state s (a ≠ b), or Z_a when a == b: ±1.
    @inline(__always)
    static func zProduct(_ s: Int, _ a: Int, _ b: Int) -> Double {
        let parity = a == b ? (s >> a) & 1 : ((s >> a) ^ (s >> b)) & 1
        return Double(1 - 2 * parity)
    }
}

/// The per-basis-state diagonal of an `IsingModel`, a class so copies of the model share it
/// until one of them changes a Z-type parameter. `@unchecked Sendable`: it is only written
/// through a model that holds the sole reference (copy-on-write), so shared instances are
/// read-only.
final class DiagonalStorage: @unchecked Sendable {
    /// Incremental updates between full rebuilds.
    static let rebuildInterval = 1024
    var values: [Double]
    var incrementalUpdates = 0

    init(count: Int) { values = [Double](repeating: 0, count: count) }

    func copy() -> DiagonalStorage {
        let other = DiagonalStorage(count: 0)
        other.values = values
        other.incrementalUpdates = incrementalUpdates
        return other
    }
}
