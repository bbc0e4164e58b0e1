/// A real multiple of a Pauli string on n spins, `c · Π_i P_i` with P_i ∈ {X, Y, Z} on the
/// spins it names (identity elsewhere): the form of every TFIM/XXZ parameter operator ∂H/∂θ
/// (−Z_iZ_j, −X_iX_j, −Y_iY_j, −Z_i, −X_i), which a device measures by rotating each spin into
/// the letter's eigenbasis and reading ±1 per spin (PHYSICS.md §6; WM24 Fig. 1).
public struct PauliString: Sendable, Hashable {
    public enum Letter: Character, Sendable, Hashable {
        case x = "X", y = "Y", z = "Z"
    }

    public var coefficient: Double
    /// Spin → letter.
    public var letters: [Int: Letter]

    public init(coefficient: Double, letters: [Int: Letter]) {
        self.coefficient = coefficient
        self.letters = letters
    }

    /// The string's eigenvalue (without the coefficient) on a measured outcome: the product of
    /// ±1 over its spins, bit i of `outcome` the result on spin i in that spin's measured basis
    /// (0 ↔ +1, 1 ↔ −1).
    @inline(__always)
    public func sign(of outcome: Int) -> Double {
        var parity = 0
        for spin in letters.keys { parity ^= (outcome >> spin) & 1 }
        return parity == 0 ? 1 : -1
    }

    /// Whether one product basis measures both strings: they agree on every shared spin
    /// (qubit-wise commuting).
    public func sharesBasis(with other: PauliString) -> Bool {
        letters.allSatisfy { spin, letter in other.letters[spin].map { $0 == letter } ?? true }
    }
}

/// A Hamiltonian whose parameter operators are Pauli strings, so that shots can be simulated.
public protocol PauliParametrized: ParametrizedHamiltonian {
    /// The number of spins (dimension 2ⁿ).
    var spins: Int { get }
    /// ∂H/∂θ_k as a Pauli string.
    func derivativeTerm(_ k: Int) -> PauliString
}
