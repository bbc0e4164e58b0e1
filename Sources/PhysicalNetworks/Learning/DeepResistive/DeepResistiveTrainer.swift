/// Equilibrium propagation on a deep resistive network, batched, with the exact block
/// coordinate descent of `ResistiveLayersSolver` for every phase:
///
/// 1. **Free phase**: the minibatch relaxes from zero with its inputs clamped (β = 0).
/// 2. **Nudged phases** from the free state: +β (and −β when centered), the nudge current
///    `β ∂C/∂V` on the outputs, `C = ½ Σ_k (out_k − y_k)²`.
/// 3. **Update**: every device's measurement `½ΔV²` in each phase gives
///    `ĝ_l = k_l [m_l(+β) − m_l(−β)] / (2βB)` (or `[m_l(β) − m_l(0)] / (βB)`), with `k_l` the
///    amplifiers' gain compensation (1 without them); Adam (by default) steps the conductances, which are
///    then clipped to their bounds (PHYSICS.md §2); or SGD with momentum.
///
/// Prediction is the arg-max of the free phase's class read-outs. Every relaxation must
/// settle (`DeepResistiveTrainingError` otherwise). Buffers are made once; an epoch allocates
/// only its shuffle.
public final class DeepResistiveTrainer {
    public let configuration: DeepResistiveTrainingConfiguration
    public let layers: ResistiveLayers
    /// Conductances (S), block by block, row-major.
    public private(set) var parameters: [Double]
    /// Conductance bounds (S) every update is clipped to.
    public let bounds: ClosedRange<Double>
    /// Seeds the shuffles.
    public let seed: UInt64
    public private(set) var optimizer: AnyOptimizer

    let solver: ResistiveLayersSolver
    private var gradient: [Double]
    /// When set, every training phase is metered (`ResistiveLayersEnergyMeter`); evaluation,
    /// probes and exact gradients are not.
    public var energyMeter: ResistiveLayersEnergyMeter?
    /// The non-ideal devices and converters training goes through (`install(hardware:)`); nil
    /// for exact updates and readings.
    public private(set) var hardware: DeepResistiveHardware?
    /// The processes each minibatch is shared over (data parallelism): each relaxes its share,
    /// and their gradients, costs and counts are summed before every update, which every
    /// process then makes alike. One process by default.
    public var communicator: any Communicator = SingleProcess() {
        didSet { reduction = [Double](repeating: 0, count: layers.parameterCount + 4) }
    }
    /// Scratch of the sums over processes: the gradient, then cost, correct, sweeps.
    private var reduction: [Double] = []
    /// Set while a minibatch shared over the processes relaxes: every process sweeps until the
    /// largest change over all of them is small (`ResistiveLayersSolver.relax(agree:)`).
    private var agree: ((Double) -> Double)?

    /// - Parameters:
    ///   - parameters: the initial conductances (S), `layers.parameterCount` of them.
    ///   - optimizer: the configuration's, fresh, when nil.
    public init(layers: ResistiveLayers, parameters: [Double], bounds: ClosedRange<Double>,
                configuration: DeepResistiveTrainingConfiguration, seed: UInt64, optimizer: AnyOptimizer? = nil) {
        precondition(parameters.count == layers.parameterCount,
                     "\(parameters.count) conductances for \(layers.parameterCount) devices")
        precondition(bounds.lowerBound > 0, "conductance bounds must be positive, got \(bounds)")
        self.layers = layers
        self.parameters = parameters
        self.bounds = bounds
        self.configuration = configuration
        self.seed = seed
        self.optimizer = optimizer ?? configuration.makeOptimizer()
        solver = ResistiveLayersSolver(layers: layers, capacity: configuration.batchSize,
                                       tolerance: configuration.tolerance, maxSweeps: configuration.maxSweeps)
        gradient = [Double](repeating: 0, count: layers.parameterCount)
        self.parameters.withUnsafeBufferPointer { solver.prepare(parameters: $0) }
    }

    /// The trainer of a `.drn` description: its layers, its initial conductances (the draw of
    /// its circuit) and its bounds.
    public convenience init(_ description: DeepResistiveNetworkDescription,
                            configuration: DeepResistiveTrainingConfiguration, seed: UInt64) throws(NetlistError) {
        let layers = try ResistiveLayers(description)
        self.init(layers: layers,
                  parameters: ResistiveLayers.initialConductances(description, count: layers.parameterCount),
                  bounds: description.bounds, configuration: configuration, seed: seed)
    }

    /// Replaces the conductances (e.g. from a checkpoint).
    public func setParameters(_ values: [Double], optimizer: AnyOptimizer? = nil) {
        precondition(values.count == layers.parameterCount, "\(values.count) conductances for \(layers.parameterCount) devices")
        parameters = values
        if let optimizer { self.optimizer = optimizer }
        parameters.withUnsafeBufferPointer { solver.prepare(parameters: $0) }
    }

    // MARK: Training

    /// One pass over `dataset` in the minibatches of `Dataset.minibatches(size:epoch:seed:)`.
    /// - Parameter progress: after each minibatch, its index in the epoch and its mean cost.
    public func trainEpoch(on dataset: Dataset, epoch: Int,
                           progress: (Int, Double) -> Void = { _, _ in }) throws(DeepResistiveTrainingError) -> DeepResistiveEpochReport {
        var report = DeepResistiveEpochReport(epoch: epoch, examples: dataset.count, trainAccuracy: 0, trainCost: 0,
                                              freeSweeps: 0, nudgedSweeps: 0, clippedUpdates: 0, updates: 0)
        var correct = 0, batches = 0, nudgedPhases = 0
        if communicator.size > 1 {
            let communicator = communicator
            agree = { communicator.maximum($0) }
        }
        defer { agree = nil }
        for (index, rows) in dataset.minibatches(size: configuration.batchSize, epoch: epoch, seed: seed).enumerated() {
            let share = communicator.share(of: rows.count)
            let local = rows[(rows.startIndex + share.lowerBound)..<(rows.startIndex + share.upperBound)]
            precondition(!local.isEmpty, "a minibatch of \(rows.count) samples for \(communicator.size) processes")
            let sweeps = try estimate(dataset, rows: local, into: &gradient, metered: true, batchCount: rows.count)
            var totals = (correct: Double(solver.correctCount()), cost: solver.summedCost(),
                          free: Double(sweeps.free), nudged: Double(sweeps.nudged))
            if communicator.size > 1 { totals = combine(totals) }
            correct += Int(totals.correct)
            let cost = totals.cost
            report.trainCost += cost
            report.freeSweeps += totals.free
            report.nudgedSweeps += totals.nudged
            nudgedPhases += configuration.nudging == .centered ? 2 : 1
            batches += 1
            if hardware == nil {
                optimizer.step(parameters: &parameters, gradient: gradient)
            } else {
                guard let programmed = programmedStep() else {
                    throw DeepResistiveTrainingError(phase: "update",
                                                     report: SweepReport(sweeps: 0, lastChange: .nan, status: .diverged))
                }
                report.programming += programmed
            }
            report.clippedUpdates += clip()
            parameters.withUnsafeBufferPointer { solver.prepare(parameters: $0) }
            progress(index, cost / Double(rows.count))
        }
        report.updates = batches
        if let hardware {
            report.clippedReadings = hardware.clippedReadings
            hardware.clippedReadings = 0
        }
        let count = Double(max(dataset.count, 1))
        report.trainAccuracy = Double(correct) / count
        report.trainCost /= count
        report.freeSweeps /= Double(max(batches, 1))
        report.nudgedSweeps /= Double(max(nudgedPhases, 1))
        return report
    }

    /// Sums the gradient and the minibatch's figures over the processes; sweeps become the mean
    /// over the processes' shares.
    private func combine(_ totals: (correct: Double, cost: Double, free: Double, nudged: Double))
        -> (correct: Double, cost: Double, free: Double, nudged: Double) {
        let p = layers.parameterCount
        for k in 0..<p { reduction[k] = gradient[k] }
        reduction[p] = totals.correct
        reduction[p + 1] = totals.cost
        reduction[p + 2] = totals.free
        reduction[p + 3] = totals.nudged
        communicator.sum(&reduction)
        for k in 0..<p { gradient[k] = reduction[k] }
        let size = Double(communicator.size)
        return (reduction[p], reduction[p + 1], reduction[p + 2] / size, reduction[p + 3] / size)
    }

    /// Accuracy and mean cost of the free phase over `dataset`.
    public func evaluate(_ dataset: Dataset) throws(DeepResistiveTrainingError) -> (accuracy: Double, cost: Double) {
        guard dataset.count > 0 else { return (0, 0) }
        var correct = 0, cost = 0.0
        for start in stride(from: 0, to: dataset.count, by: configuration.batchSize) {
            try relaxFree(dataset, rows: start..<min(start + configuration.batchSize, dataset.count))
            correct += solver.correctCount()
            cost += solver.summedCost()
        }
        return (Double(correct) / Double(dataset.count), cost / Double(dataset.count))
    }

    /// EP's estimate of the gradient of the mean cost over `rows` (at most a batch).
    public func gradientEstimate(on dataset: Dataset, rows: [Int]) throws(DeepResistiveTrainingError) -> [Double] {
        var estimate = [Double](repeating: 0, count: layers.parameterCount)
        try self.estimate(dataset, rows: rows, into: &estimate)
        return estimate
    }

    /// The exact gradient of the mean cost over `rows` (implicit differentiation).
    public func exactGradient(on dataset: Dataset, rows: [Int]) throws(DeepResistiveTrainingError) -> [Double] {
        try relaxFree(dataset, rows: rows)
        var exact = [Double](repeating: 0, count: layers.parameterCount)
        let report = parameters.withUnsafeBufferPointer { p in
            exact.withUnsafeMutableBufferPointer { solver.exactGradient(parameters: p, into: $0) }
        }
        guard report.isSettled else { throw DeepResistiveTrainingError(phase: "adjoint", report: report) }
        return exact
    }

    // MARK: Phases

    /// The free phase of `rows`, from zero; returns its sweeps.
    @discardableResult
    private func relaxFree(_ dataset: Dataset, rows: some Collection<Int>) throws(DeepResistiveTrainingError) -> Int {
        solver.load(dataset, rows: rows)
        solver.reset()
        let report = parameters.withUnsafeBufferPointer { solver.relax(parameters: $0, agree: agree) }
        guard report.isSettled else { throw DeepResistiveTrainingError(phase: "free", report: report) }
        return report.sweeps
    }

    /// The nudged phase at `beta` from the saved free state; returns its sweeps.
    private func relaxNudged(beta: Double, metered: Bool) throws(DeepResistiveTrainingError) -> Int {
        solver.restoreState()
        let report = parameters.withUnsafeBufferPointer { solver.relax(parameters: $0, beta: beta, agree: agree) }
        guard report.isSettled else {
            throw DeepResistiveTrainingError(phase: beta > 0 ? "nudged (+β)" : "nudged (−β)", report: report)
        }
        meter(beta: beta, metered)
        return report.sweeps
    }

    /// Books the phase just relaxed on the energy meter, when there is one and `metered`.
    private func meter(beta: Double, _ metered: Bool) {
        guard metered, let energyMeter else { return }
        parameters.withUnsafeBufferPointer { energyMeter.addPhase(solver, parameters: $0, beta: beta) }
    }

    /// Free and nudged phases of `rows`; EP's estimate into `out`, as this process's share of
    /// the mean over a minibatch of `batchCount` samples (all of `rows` by default). Leaves the
    /// free state loaded.
    @discardableResult
    private func estimate(_ dataset: Dataset, rows: some Collection<Int>,
                          into out: inout [Double], metered: Bool = false,
                          batchCount: Int? = nil) throws(DeepResistiveTrainingError) -> (free: Int, nudged: Int) {
        var sweeps = (free: try relaxFree(dataset, rows: rows), nudged: 0)
        meter(beta: 0, metered)
        solver.saveState()
        let beta = configuration.beta, scale = 1 / (beta * Double(batchCount ?? rows.count))
        out.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        switch configuration.nudging {
        case .centered:
            sweeps.nudged += try relaxNudged(beta: beta, metered: metered)
            addMeasurement(scale: 0.5 * scale, into: &out, read: metered)
            sweeps.nudged += try relaxNudged(beta: -beta, metered: metered)
            addMeasurement(scale: -0.5 * scale, into: &out, read: metered)
        case .positive:
            addMeasurement(scale: -scale, into: &out, read: metered)
            sweeps.nudged += try relaxNudged(beta: beta, metered: metered)
            addMeasurement(scale: scale, into: &out, read: metered)
        }
        if configuration.compensatesGain {
            for l in 0..<layers.blockCount {
                let factor = layers.gainCompensation(block: l)
                guard factor != 1 else { continue }
                for k in layers.blockParameters(l) { out[k] *= factor }
            }
        }
        if metered { energyMeter?.endBatch(solver) }
        solver.restoreState()
        return sweeps
    }

    /// Adds `scale` times every device's measurement of the batch into `out`: exact, or (`read`
    /// with hardware installed) each device's batch-summed measurement of this phase read once
    /// through the read noise and the ADC (`DeepResistiveHardware.read`).
    private func addMeasurement(scale: Double, into out: inout [Double], read: Bool) {
        guard read, let hardware, hardware.readsMeasurements else {
            out.withUnsafeMutableBufferPointer { solver.addMeasurement(scale: scale, into: $0) }
            return
        }
        hardware.measurement.withUnsafeMutableBufferPointer {
            $0.update(repeating: 0)
            solver.addMeasurement(scale: 1, into: $0)
        }
        // Each device's measurement summed over the whole minibatch (every process's share), read
        // once, alike on every process (the same noise streams); its process-sum must count it once.
        communicator.sum(&hardware.measurement)
        hardware.read()
        guard communicator.isRoot else { return }
        for k in out.indices { out[k] += scale * hardware.measurement[k] }
    }

    /// The optimizer's step turned into programming pulses on the devices: the change it asks
    /// for is what the controller sends; what the devices do with it is theirs. Nil (and the
    /// conductances unchanged) when the step is not finite.
    private func programmedStep() -> UpdateStatistics? {
        guard let hardware else { return UpdateStatistics() }
        hardware.previous.withUnsafeMutableBufferPointer { p in parameters.withUnsafeBufferPointer { p.update(fromContentsOf: $0) } }
        optimizer.step(parameters: &parameters, gradient: gradient)
        return hardware.program(&parameters)
    }

    /// Puts the trainer's updates and readings through non-ideal hardware: the devices are
    /// drawn from `configuration` (seeded), the current conductances programmed onto them
    /// (levels, static tolerance, stuck devices), and from then on every update is pulses and
    /// every measurement a noisy, quantized reading. Devices without bounds of their own take
    /// the trainer's conductance bounds.
    /// - Throws: `HardwareConfigurationError` when the configuration with those bounds is not
    ///   valid (e.g. more than `HardwareConfiguration.maximumSteps` pulse steps across them).
    public func install(hardware configuration: HardwareConfiguration) throws(HardwareConfigurationError) {
        var configuration = configuration
        if configuration.device.bounds == nil { configuration.device.bounds = bounds }
        try configuration.validate()
        let hardware = DeepResistiveHardware(configuration, count: layers.parameterCount)
        hardware.devices.programInitial(&parameters)
        clip()
        parameters.withUnsafeBufferPointer { solver.prepare(parameters: $0) }
        self.hardware = hardware
    }

    /// Puts back the devices (and their noise streams) of a checkpoint, after `install(hardware:)`
    /// with the same configuration.
    public func restoreDevices(_ devices: DeviceArray) {
        guard let hardware else { preconditionFailure("install hardware before restoring its devices") }
        precondition(devices.count == layers.parameterCount, "\(devices.count) devices for \(layers.parameterCount) conductances")
        hardware.devices = devices
    }

    /// Clips the conductances to `bounds`; returns how many were outside.
    @discardableResult
    private func clip() -> Int {
        var clipped = 0
        for k in parameters.indices where !bounds.contains(parameters[k]) {
            parameters[k] = min(max(parameters[k], bounds.lowerBound), bounds.upperBound)
            clipped += 1
        }
        return clipped
    }
}
