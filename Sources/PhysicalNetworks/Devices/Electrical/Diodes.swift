/// Shockley diodes with optional series resistance (SPICE `D` with `.model … D (IS N RS)`).
///
/// Each diode is a junction from its junction node to the cathode, in series with `R_S`
/// from the anode when `R_S > 0` (then the junction node is an internal unknown, as in SPICE).
/// Energy: the junction's co-content `∫₀^v i du` plus `½ g_S (V_a − V_j)²`; the current law is
/// in `ShockleyJunction`.
public struct Diodes: Interaction {
    public struct Diode: Sendable {
        public var name: String
        public var anode: Int
        public var cathode: Int
        /// The junction's anode side: an internal node when there is series resistance,
        /// otherwise `anode`.
        public var junction: Int
        public var law: ShockleyJunction
        /// 1/R_S (S), 0 when there is no series resistance.
        public var seriesConductance: Double

        public init(name: String, anode: Int, cathode: Int, junction: Int, law: ShockleyJunction,
                    seriesConductance: Double) {
            self.name = name
            self.anode = anode
            self.cathode = cathode
            self.junction = junction
            self.law = law
            self.seriesConductance = seriesConductance
        }
    }

    public var diodes: [Diode]

    public init(diodes: [Diode]) { self.diodes = diodes }

    public var familyName: String { "diodes" }
    public var isReciprocal: Bool { true }
    public var isLinear: Bool { false }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for row in 0..<states.rows {
            for d in diodes {
                let v = states[row, d.junction] - states[row, d.cathode]
                let i = d.law.currentAndConductance(v).current
                residual.addCurrent(i, from: d.junction, to: d.cathode, row: row)
                if d.seriesConductance > 0 {
                    let series = d.seriesConductance * (states[row, d.anode] - states[row, d.junction])
                    residual.addCurrent(series, from: d.anode, to: d.junction, row: row)
                }
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for d in diodes {
            Stamp.declareConductance(d.junction, d.cathode, into: &entries)
            if d.seriesConductance > 0 { Stamp.declareConductance(d.anode, d.junction, into: &entries) }
        }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for d in diodes {
            let v = voltage(state, d.junction) - voltage(state, d.cathode)
            let g = d.law.currentAndConductance(v).conductance
            Stamp.addConductance(g, d.junction, d.cathode, values: values, slots: slots, cursor: &cursor)
            if d.seriesConductance > 0 {
                Stamp.addConductance(d.seriesConductance, d.anode, d.junction,
                                     values: values, slots: slots, cursor: &cursor)
            }
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for d in diodes {
                energies[row] += d.law.coContent(states[row, d.junction] - states[row, d.cathode])
                let dv = states[row, d.anode] - states[row, d.junction]
                energies[row] += 0.5 * d.seriesConductance * dv * dv
            }
        }
    }

    public func addDissipatedPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for d in diodes {
                let v = states[row, d.junction] - states[row, d.cathode]
                power[row] += d.law.currentAndConductance(v).current * v
                let dv = states[row, d.anode] - states[row, d.junction]
                power[row] += d.seriesConductance * dv * dv
            }
        }
    }

    /// SPICE's junction limiting, applied as a uniform damping of the whole Newton step.
    public func newtonStepFraction(
        from state: UnsafeBufferPointer<Double>, step: UnsafeBufferPointer<Double>
    ) -> Double {
        var fraction = 1.0
        for d in diodes {
            let old = voltage(state, d.junction) - voltage(state, d.cathode)
            let change = voltage(step, d.junction) - voltage(step, d.cathode)
            guard change != 0 else { continue }
            let proposed = old + change
            let limited = d.law.limitedVoltage(from: old, to: proposed)
            // Unlimited steps pass whole: (proposed − old)/change is not exactly 1 in floating
            // point when the change is far below the voltage, and must not damp the step.
            guard limited != proposed else { continue }
            let ratio = (limited - old) / change
            if ratio > 0 && ratio < fraction { fraction = ratio }
        }
        return fraction
    }

    @inline(__always)
    private func voltage(_ state: UnsafeBufferPointer<Double>, _ index: Int) -> Double {
        index < 0 ? 0 : state[index]
    }
}
