/// Integrates the terms of an `EnergyLedger` along the accepted steps of one integration:
/// the delivered power of every source and the heat of every family by the trapezoidal rule
/// (as `RelaxationReport.dissipatedEnergy` always was), and the stored energy from the states.
///
/// Buffers are allocated once, in `init`; `start` and `advance` allocate nothing.
final class EnergyMeter {
    private let equations: NetworkEquations
    /// Power of each source / family at the start of the current step, then at its end.
    private let sourcePower: UnsafeMutableBufferPointer<Double>
    private let newSourcePower: UnsafeMutableBufferPointer<Double>
    private let familyPower: UnsafeMutableBufferPointer<Double>
    private let newFamilyPower: UnsafeMutableBufferPointer<Double>
    /// Energy so far (J), per source and per family.
    private let delivered: UnsafeMutableBufferPointer<Double>
    private let dissipated: UnsafeMutableBufferPointer<Double>
    private var storedAtStart = 0.0
    private var stored = 0.0

    init(equations: NetworkEquations) {
        self.equations = equations
        let sources = max(equations.energySourceNames.count, 1)
        let families = max(equations.familyCount, 1)
        func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        sourcePower = zeros(sources)
        newSourcePower = zeros(sources)
        familyPower = zeros(families)
        newFamilyPower = zeros(families)
        delivered = zeros(sources)
        dissipated = zeros(families)
    }

    deinit {
        for buffer in [sourcePower, newSourcePower, familyPower, newFamilyPower, delivered, dissipated] {
            buffer.deallocate()
        }
    }

    /// Measures the powers and the stored energy at the starting state.
    func start(_ state: UnsafeBufferPointer<Double>, drive: Drive) {
        equations.deliveredPower(state, drive: drive, into: sourcePower)
        equations.dissipatedPower(state, drive: drive, perFamily: familyPower)
        storedAtStart = equations.storedEnergy(state)
        stored = storedAtStart
    }

    /// Adds an accepted step of `step` seconds that ended at `state`, or only its first
    /// `fraction` (a relaxation that settled inside the step), with every power and the stored
    /// energy interpolated linearly across the step.
    ///
    /// A step that starts on a corner of a waveform (`afterCorner`) takes the sources' power
    /// at its end for the whole step: a source's current jumps there (a capacitor across a
    /// voltage source carries `C dv/dt`), and the value the state holds is the one before the
    /// corner. Node voltages, and so the heat and the stored energy, are continuous.
    func advance(_ state: UnsafeBufferPointer<Double>, drive: Drive, step: Double, fraction: Double = 1,
                 afterCorner: Bool = false) {
        equations.deliveredPower(state, drive: drive, into: newSourcePower)
        equations.dissipatedPower(state, drive: drive, perFamily: newFamilyPower)
        let newStored = equations.storedEnergy(state)
        func integrate(_ old: UnsafeMutableBufferPointer<Double>, _ new: UnsafeMutableBufferPointer<Double>,
                       into total: UnsafeMutableBufferPointer<Double>, count: Int) {
            for k in 0..<count {
                let end = old[k] + fraction * (new[k] - old[k])
                total[k] += 0.5 * (old[k] + end) * fraction * step
                old[k] = new[k]
            }
        }
        if afterCorner {
            for k in 0..<equations.energySourceNames.count { sourcePower[k] = newSourcePower[k] }
        }
        integrate(sourcePower, newSourcePower, into: delivered, count: equations.energySourceNames.count)
        integrate(familyPower, newFamilyPower, into: dissipated, count: equations.familyCount)
        stored += fraction * (newStored - stored)
    }

    /// Heat of every family so far (J).
    var totalDissipated: Double {
        (0..<equations.familyCount).reduce(0) { $0 + dissipated[$1] }
    }

    /// The ledger so far.
    var ledger: EnergyLedger {
        let families = equations.network.interactions
        return EnergyLedger(
            delivered: equations.energySourceNames.enumerated().map { EnergyLedger.Entry(name: $1, energy: delivered[$0]) },
            dissipated: equations.dissipatingFamilies.map {
                EnergyLedger.Entry(name: families[$0].familyName, energy: dissipated[$0])
            },
            storedChange: stored - storedAtStart)
    }
}
