import PhysicalNetworks
@testable import QuantumNetworks

/// Dense Hamiltonians built the textbook way, independently of `IsingModel`: Kronecker products
/// of 2 × 2 Pauli matrices, spin n−1 the leftmost factor so that bit i of the row index is spin
/// i (Z = diag(1, −1): bit 0 ↔ Z = +1). Y = i·Ỹ with the real Ỹ = [[0, −1], [1, 0]], so
/// Y_iY_j = −Ỹ_iỸ_j is real.
enum PauliKronecker {
    static let identity: [Double] = [1, 0, 0, 1]
    static let x: [Double] = [0, 1, 1, 0]
    static let z: [Double] = [1, 0, 0, -1]
    static let yTilde: [Double] = [0, -1, 1, 0]

    /// A ⊗ B for square row-major matrices.
    static func kron(_ a: [Double], _ b: [Double]) -> [Double] {
        let na = Int(Double(a.count).squareRoot()), nb = Int(Double(b.count).squareRoot())
        let n = na * nb
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<na { for j in 0..<na where a[i * na + j] != 0 {
            for k in 0..<nb { for l in 0..<nb {
                c[(i * nb + k) * n + j * nb + l] = a[i * na + j] * b[k * nb + l]
            } }
        } }
        return c
    }

    /// ⊗_{i = n−1…0} P_i with P_i = factors[i] (identity when absent).
    static func string(_ n: Int, _ factors: [Int: [Double]]) -> [Double] {
        var m: [Double] = [1]
        for i in stride(from: n - 1, through: 0, by: -1) { m = kron(m, factors[i] ?? identity) }
        return m
    }

    /// The model's H summed term by term from Pauli strings.
    static func hamiltonian(_ model: IsingModel) -> [Double] {
        let n = model.spinCount, p = model.parameters
        var h = [Double](repeating: 0, count: model.dimension * model.dimension)
        func add(_ c: Double, _ m: [Double]) { if c != 0 { for s in h.indices { h[s] += c * m[s] } } }
        for (b, bond) in model.bonds.enumerated() {
            add(-p[model.couplingIndex(b)], string(n, [bond.i: z, bond.j: z]))
        }
        for (e, bond) in model.exchangeBonds.enumerated() {
            add(-p[model.xCouplingIndex(e)], string(n, [bond.i: x, bond.j: x]))
            add(+p[model.yCouplingIndex(e)], string(n, [bond.i: yTilde, bond.j: yTilde]))  // −Jy·(−ỸỸ)
        }
        for i in 0..<n {
            add(-p[model.fieldIndex(i)], string(n, [i: z]))
            add(-p[model.transverseFieldIndex(i)], string(n, [i: x]))
        }
        return h
    }

    /// A random model on a chain plus a few random extra bonds, couplings and fields uniform in
    /// ±1 (Γ in 0.2…1.2 so the ground state is not degenerate), and XX/YY exchange on a few
    /// bonds when `exchange`.
    static func randomModel(spins n: Int, seed: UInt64, exchange: Bool) -> IsingModel {
        var random = Xoshiro256StarStar(seed: seed)
        var bonds = IsingModel.chainBonds(n)
        for _ in 0..<(n / 2) {
            let a = random.nextInt(below: n), b = random.nextInt(below: n)
            if a != b && !bonds.contains(IsingModel.Bond(a, b)) { bonds.append(IsingModel.Bond(a, b)) }
        }
        let exchangeBonds = exchange ? Array(bonds.prefix(max(1, n / 2))) + (n > 2 ? [IsingModel.Bond(0, n - 1)] : []) : []
        func uniform(_ count: Int, _ range: Range<Double>) -> [Double] { (0..<count).map { _ in random.nextDouble(in: range) } }
        return IsingModel(spinCount: n, bonds: bonds, couplings: uniform(bonds.count, -1..<1),
                          fields: uniform(n, -1..<1), transverseFields: uniform(n, 0.2..<1.2),
                          exchangeBonds: exchangeBonds, xCouplings: uniform(exchangeBonds.count, -1..<1),
                          yCouplings: uniform(exchangeBonds.count, -1..<1))
    }

    /// max_ij |A_ij − B_ij|.
    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
