/// The three terms of a network's energy balance at one state (see `EnergyLedger`): heat per
/// family, power delivered per source, and the energy stored in capacitances.
///
/// With node voltages V and the currents F_f(V) that family f draws from the nodes, KCL
/// `M dV/dt + Σ_f F_f = 0` dotted with V gives Tellegen's balance
/// `Σ_sources p_s = Σ_f P_f + d/dt (½ Vᵀ M V)`: what the sources deliver is turned into heat
/// or stored. (Branch rows drop out: their residuals are voltages, not currents.)
extension NetworkEquations {
    /// The number of families (the length of a per-family power buffer).
    public var familyCount: Int { network.interactions.count }

    /// power[f] ← the heat (W) family f turns out at `state`, including the friction of a
    /// family whose mass dissipates (`ẋᵀMẋ = Σ F_i²/M_ii` over its rows).
    ///
    /// - Parameter power: `familyCount` values.
    public func dissipatedPower(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, perFamily power: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(power.count >= familyCount, "\(power.count) slots for \(familyCount) families")
        guard let base = state.baseAddress else { return }
        let batch = StateBatch(base: base, rows: 1, columns: dimension)
        for (f, family) in network.interactions.enumerated() {
            power[f] = 0
            family.addDissipatedPower(batch, drive: drive, parameters: UnsafeBufferPointer(parameters),
                                      into: UnsafeMutableBufferPointer(rebasing: power[f..<(f + 1)]))
        }
        if !frictionRows.isEmpty {
            evaluateResidual(state, drive: drive, into: frictionResidual)
            for (row, mass, family) in frictionRows where mass > 0 {
                power[family] += frictionResidual[row] * frictionResidual[row] / mass
            }
        }
    }

    /// power[k] ← the power (W) source k of `energySourceNames` delivers at `state`.
    ///
    /// - Parameter power: `energySourceNames.count` values.
    public func deliveredPower(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, into power: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(power.count >= energySourceNames.count,
                     "\(power.count) slots for \(energySourceNames.count) sources")
        guard let base = state.baseAddress, !energySourceNames.isEmpty else { return }
        let batch = StateBatch(base: base, rows: 1, columns: dimension)
        for (f, family) in network.interactions.enumerated() {
            let range = energySourceOffsets[f]..<energySourceOffsets[f + 1]
            guard !range.isEmpty else { continue }
            for k in range { power[k] = 0 }
            family.addDeliveredPower(batch, drive: drive, parameters: UnsafeBufferPointer(parameters),
                                     into: UnsafeMutableBufferPointer(rebasing: power[range]))
        }
    }

    /// The energy (J) stored at `state`: in the masses that store it, `½ xᵀ M_s x` (½ C ΔV²
    /// summed over capacitors; frictions such as drags store nothing), plus the potential
    /// energy of the families that store theirs (`Interaction.storesEnergy`: springs, phase
    /// couplings and fields).
    ///
    /// - Complexity: O(nonzeros of M) plus one energy evaluation per storing family.
    public func storedEnergy(_ state: UnsafeBufferPointer<Double>) -> Double {
        var potential = 0.0
        if let base = state.baseAddress, !storingFamilies.isEmpty {
            let batch = StateBatch(base: base, rows: 1, columns: dimension)
            withUnsafeMutablePointer(to: &potential) { pointer in
                let out = UnsafeMutableBufferPointer(start: pointer, count: 1)
                for f in storingFamilies {
                    network.interactions[f].addEnergy(batch, drive: .dc, parameters: UnsafeBufferPointer(parameters), into: out)
                }
            }
        }
        return potential + capacitiveEnergy(state)
    }

    /// `½ xᵀ M_s x`.
    private func capacitiveEnergy(_ state: UnsafeBufferPointer<Double>) -> Double {
        var twice = 0.0
        storageMassValues.withUnsafeBufferPointer { mass in
            for column in 0..<dimension {
                var sum = 0.0
                for k in Int(pattern.columnStarts[column])..<Int(pattern.columnStarts[column + 1]) where mass[k] != 0 {
                    sum += mass[k] * state[Int(pattern.rowIndices[k])]
                }
                twice += sum * state[column]
            }
        }
        return 0.5 * twice
    }
}
