/// Common graphs for `IsingModel`.
extension IsingModel {
    /// The nearest-neighbour bonds of a chain of n spins (0–1, 1–2, …), closed into a ring
    /// (n−1)–0 when `periodic` and n > 2.
    public static func chainBonds(_ n: Int, periodic: Bool = false) -> [Bond] {
        var bonds = (0..<max(n - 1, 0)).map { Bond($0, $0 + 1) }
        if periodic && n > 2 { bonds.append(Bond(n - 1, 0)) }
        return bonds
    }

    /// Every pair i < j of n spins (the complete graph), in lexicographic order.
    public static func allPairs(_ n: Int) -> [Bond] {
        (0..<n).flatMap { i in (i + 1..<n).map { Bond(i, $0) } }
    }

    /// The transverse-field Ising model −Σ J_ij Z_iZ_j − Σ h_i Z_i − Σ Γ_i X_i on `bonds`.
    public static func transverseField(spinCount: Int, bonds: [Bond], couplings: [Double],
                                       fields: [Double], transverseFields: [Double]) -> IsingModel {
        IsingModel(spinCount: spinCount, bonds: bonds, couplings: couplings,
                   fields: fields, transverseFields: transverseFields)
    }
}
