/// Every IsingModel parameter operator is a Pauli string: −Z_iZ_j, −X_iX_j, −Y_iY_j, −Z_i, −X_i.
extension IsingModel: PauliParametrized {
    public var spins: Int { spinCount }

    public func derivativeTerm(_ k: Int) -> PauliString {
        let exchange = exchangeBonds.count
        if k < bonds.count {
            return PauliString(coefficient: -1, letters: [bonds[k].i: .z, bonds[k].j: .z])
        }
        if k < xCouplingIndex(exchange) {
            let bond = exchangeBonds[k - xCouplingIndex(0)]
            return PauliString(coefficient: -1, letters: [bond.i: .x, bond.j: .x])
        }
        if k < yCouplingIndex(exchange) {
            let bond = exchangeBonds[k - yCouplingIndex(0)]
            return PauliString(coefficient: -1, letters: [bond.i: .y, bond.j: .y])
        }
        if k < transverseFieldIndex(0) { return PauliString(coefficient: -1, letters: [k - fieldIndex(0): .z]) }
        return PauliString(coefficient: -1, letters: [k - transverseFieldIndex(0): .x])
    }
}
