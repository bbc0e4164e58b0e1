/// Where the energy of a relaxation or a transient went (J): what each source delivered, what
/// each family turned into heat, and the change of the energy stored in capacitances —
/// integrated from the emulated physics along the accepted steps (trapezoidal rule in the
/// powers), not estimated from a formula.
///
/// The balance `delivered = dissipated + Δstored` holds exactly along the true trajectory
/// (Tellegen's theorem, see `NetworkEquations.storedEnergy`); `imbalance` is what integration
/// error leaves, and shrinks with the integrator's tolerances.
///
/// The ledger starts at the consistent state a differential-algebraic start is first brought
/// to (see `TimeIntegration.makeConsistent`; a jump of the algebraic nodes there is not
/// counted) and ends at the reported time. Steps that start on a corner of a source waveform
/// take the sources' power at their end (see `EnergyMeter.advance`). On random RC networks under
/// pulses and ramps, TR-BDF2 at a relative tolerance of 10⁻⁸ balances to 2·10⁻⁷ of the energy
/// moved (`EnergyLedgerTests`).
///
/// The stored term is the capacitances' `½ xᵀ M x` plus the potential energy of the families
/// that store theirs (springs, distance sensors, phase couplings, fields and locks:
/// `Interaction.storesEnergy`), so a spring or oscillator network relaxing under its drags
/// turns exactly its potential-energy drop into drag heat.
///
/// Sign conventions: a source's entry is the energy it supplied to the rest of the network
/// (negative when it absorbed energy, as a voltage source does when a charged capacitor
/// discharges into it); a family's heat is never negative for passive devices.
public struct EnergyLedger: Sendable, Equatable {
    /// One named amount of energy.
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// Joules.
        public var energy: Double

        public init(name: String, energy: Double) {
            self.name = name
            self.energy = energy
        }
    }

    /// Energy delivered by each source, `∫ p_s dt` (J), named as in the netlist (independent
    /// sources, and the supplies of controlled sources).
    public var delivered: [Entry]
    /// Heat per family, `∫ Σ i·v dt` over its elements (J), named by `familyName`.
    public var dissipated: [Entry]
    /// Energy stored at the end minus at the start (J): capacitances' `Δ(½ xᵀ M x)` and the
    /// storing families' potential energy.
    public var storedChange: Double

    public init(delivered: [Entry] = [], dissipated: [Entry] = [], storedChange: Double = 0) {
        self.delivered = delivered
        self.dissipated = dissipated
        self.storedChange = storedChange
    }

    /// Σ delivered (J).
    public var totalDelivered: Double { delivered.reduce(0) { $0 + $1.energy } }
    /// Σ dissipated (J).
    public var totalDissipated: Double { dissipated.reduce(0) { $0 + $1.energy } }
    /// `delivered − dissipated − Δstored` (J): zero up to integration error.
    public var imbalance: Double { totalDelivered - totalDissipated - storedChange }

    /// Adds the ledger of a later phase: entries with the same name are summed, new ones
    /// appended, stored changes added.
    public mutating func add(_ other: EnergyLedger) {
        func merge(_ entries: inout [Entry], _ more: [Entry]) {
            for entry in more {
                if let k = entries.firstIndex(where: { $0.name == entry.name }) {
                    entries[k].energy += entry.energy
                } else {
                    entries.append(entry)
                }
            }
        }
        merge(&delivered, other.delivered)
        merge(&dissipated, other.dissipated)
        storedChange += other.storedChange
    }
}
