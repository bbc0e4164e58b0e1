/// The energy a deep resistive network spends on the phases of EP, from the powers of each
/// phase's equilibrium (`ResistiveLayersSolver.power`) and the charge moved between phases.
///
/// The hardware runs the samples of a minibatch one after another. For each sample the node
/// capacitors (C from every hidden and output node to ground) start discharged; the inputs
/// switch on and the network settles to the free state, then the nudges switch it to each
/// nudged state (+β, then −β when centered), and at the end the inputs switch off and the nodes
/// discharge. Each phase lasts `phaseDuration` (its settling time), during which the network
/// spends, per sample,
///
///     E_phase = P_eq · t_phase + κ ½ C ‖V_next − V_prev‖²
///
/// the steady power of the phase's equilibrium over the phase, plus the transient heat of the
/// switch from the previous state (above the steady power; it may be negative, when the network
/// dissipates less on its way than at its end), and when the inputs switch off the discharge
/// turns the capacitors' ½C‖V‖² into heat (exactly so for a passive network; amplifiers' supplies
/// may add to it). The switching term is exact for a linear reciprocal RC network switching between
/// equilibria when voltage sources change (the inputs switching on):
/// with e = V − V_next and C ė = −G e, the heat above the steady one is ∫ eᵀGe dt =
/// ½ C ‖e(0)‖² [D]. Amplifiers charge the nodes partly from their supplies and diodes bend the
/// trajectory, so the meter multiplies ½C‖ΔV‖² by `switchingFactor` κ, measured on the
/// network's own switch-on transient (`ResistiveLayersSettling.Result.switchingFactor`:
/// κ = 1 for a linear reciprocal network, 0.02 for the 3-5-4-2 test network with gain 4). A nudge
/// switches current sources, for which the linear network's transient heat is −(3/2)C‖ΔV‖²
/// (free → ±β) and −½C‖ΔV‖² (+β → −β) instead [D]; the meter keeps κ·½C‖ΔV‖² for them too, an
/// error of O(β²) that is negligible beside the phases' steady heat. The tests compare both terms with the ledger of the same circuit integrated along its transient
/// (`EnergyLedger`). The energy the capacitors store is returned when they discharge, so over a
/// sample's cycle the sources deliver exactly the heat (PHYSICS.md §7's model
/// `n_phases (P̄ t_settle + Σ C ΔV²)`, with each term measured instead of estimated).
public final class ResistiveLayersEnergyMeter {
    /// Names of the heat parts: each phase's heat ∫P dt (steady power times the phase's time,
    /// plus its switch's transient heat), the diodes' heat, and the heat of the discharge.
    public static let freeHeat = "free phases"
    public static let nudgedHeat = "nudged phases"
    public static let rectifierHeat = "rectifier (diode) heat"
    public static let dischargeHeat = "capacitor discharge"
    /// Names of the delivering sources.
    public static let inputs = "input sources"
    public static let nudges = "nudge current sources"
    public static let supplies = "amplifier supplies and rectifier rails"
    /// The transients' energy, from whichever sources the transient draws on.
    public static let transients = "switching transients (sources not attributed)"

    public let capacitance: Double
    /// The physical time (s) each phase of each sample lasts.
    public var phaseDuration: Double
    /// κ: the heat of a switch between states over ½C‖ΔV‖² (1 for linear reciprocal networks).
    public var switchingFactor = 1.0
    /// Heat (J) by part since the last `reset`.
    public private(set) var heat = EnergyBreakdown()
    /// Energy (J) delivered by each kind of source since the last `reset`.
    public private(set) var delivered = EnergyBreakdown()
    /// Physical time (s) since the last `reset`: samples × phases × phase duration.
    public private(set) var physicalSeconds = 0.0
    /// Phases metered since the last `reset`, counted per batch.
    public private(set) var phases = 0

    private let previous: LayerBuffers
    private var previousIsZero = true

    /// - Parameters:
    ///   - capacitance: C (F) of every hidden and output node.
    ///   - phaseDuration: seconds per phase (e.g. `ResistiveLayersSettling`'s settling time).
    ///   - capacity: the largest batch.
    public init(layers: ResistiveLayers, capacitance: Double, phaseDuration: Double, capacity: Int) {
        precondition(capacitance >= 0 && !(phaseDuration < 0), "capacitance \(capacitance) F and phase duration \(phaseDuration) s must be non-negative (NaN: not known yet)")
        self.capacitance = capacitance
        self.phaseDuration = phaseDuration
        previous = LayerBuffers(columns: layers.nodeCounts, rows: capacity, skipping: [0])
        for name in [Self.freeHeat, Self.nudgedHeat, Self.rectifierHeat, Self.dischargeHeat] { heat.add(name, 0) }
        for name in [Self.inputs, Self.nudges, Self.supplies, Self.transients] { delivered.add(name, 0) }
    }

    deinit { previous.deallocate() }

    /// Zeroes the accounts.
    public func reset() {
        heat = heat.scaled(by: 0)
        delivered = delivered.scaled(by: 0)
        physicalSeconds = 0
        phases = 0
    }

    /// Accounts for the phase whose equilibrium `solver` holds, reached from the previous
    /// metered state of this batch (or from discharged capacitors at the first phase).
    public func addPhase(_ solver: ResistiveLayersSolver, parameters: UnsafeBufferPointer<Double>, beta: Double) {
        let power = solver.power(parameters: parameters, beta: beta)
        let t = phaseDuration
        let moved = previousIsZero ? solver.freeNodeSquareSum() : solver.squaredDistance(from: previous)
        let switching = switchingFactor * 0.5 * capacitance * moved
        heat.add(beta == 0 ? Self.freeHeat : Self.nudgedHeat, power.resistorHeat * t + switching)
        heat.add(Self.rectifierHeat, power.rectifierHeat * t)
        delivered.add(Self.inputs, power.inputPower * t)
        delivered.add(Self.nudges, power.nudgePower * t)
        delivered.add(Self.supplies, power.supplyPower * t)
        // The switch's transient heat comes from the sources too; which source supplies it
        // depends on the transient, so it is booked apart.
        delivered.add(Self.transients, switching)
        solver.copyState(into: previous)
        previousIsZero = false
        physicalSeconds += Double(solver.rows) * t
        phases += 1
    }

    /// The inputs switch off after the last phase of the batch: the nodes discharge, turning the
    /// ½C‖V‖² their capacitors store into heat. (The sources delivered it while the phases
    /// charged them; it is booked here, so that over every sample's cycle delivered = heat.)
    public func endBatch(_ solver: ResistiveLayersSolver) {
        guard !previousIsZero else { return }
        let stored = 0.5 * capacitance * squaredNorm(of: previous, rows: solver.rows, layers: solver.layers)
        heat.add(Self.dischargeHeat, stored)
        delivered.add(Self.transients, stored)
        previousIsZero = true
    }

    private func squaredNorm(of buffers: LayerBuffers, rows: Int, layers: ResistiveLayers) -> Double {
        var total = 0.0
        for l in 1..<layers.layerCount {
            let v = buffers[l]
            for k in 0..<(rows * layers.nodeCounts[l]) { total += v[k] * v[k] }
        }
        return total
    }
}

extension ResistiveLayersEnergyMeter {
    /// Replaces every total by its sum over the processes of `communicator` (each metered its
    /// share of the minibatches; the parts are the same on every process). `phases`, counted per
    /// minibatch, is the same on every process and stays.
    public func sum(over communicator: any Communicator) {
        var values = heat.parts.map(\.joules) + delivered.parts.map(\.joules) + [physicalSeconds]
        communicator.sum(&values)
        let h = heat.parts.count, d = delivered.parts.count
        heat = EnergyBreakdown(heat.parts.enumerated().map { .init(name: $0.element.name, joules: values[$0.offset]) })
        delivered = EnergyBreakdown(delivered.parts.enumerated().map { .init(name: $0.element.name, joules: values[h + $0.offset]) })
        physicalSeconds = values[h + d]
    }
}
