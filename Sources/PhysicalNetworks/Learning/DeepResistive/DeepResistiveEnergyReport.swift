/// What one EP update of a deep resistive network costs the hardware: the analog heat of every
/// phase (`ResistiveLayersEnergyMeter`), the converters, and the programming pulses, per update,
/// per sample and per epoch, with the physical time.
///
/// Conversions counted per update of B samples (the controller's side of the network):
///
/// - DAC: every input source once per sample (x and −x: 2 per feature), and every nudge current
///   once per nudged phase and sample (one per output node);
/// - ADC: every output node once per sample (the free phase's read-out forms the error that sets
///   the nudges), and every device's measurement once per measured phase, summed over the batch
///   in the device's analog accumulator (`DeepResistiveHardware`).
///
/// Converters without a configured energy are priced as 8-bit conversions at the default Walden
/// figure of merit (`HardwarePeripherals.conversionEnergy`), and say so in `assumptions`. The
/// digital controller's share (reading the measurements, the contrasts, the optimizer, the pulse
/// counts: `DigitalWorkload.controller`) is priced with the 45 nm table, like the baselines.
public struct DeepResistiveEnergyReport: Sendable, Equatable, Codable {
    public static let dacPart = "DAC conversions"
    public static let adcPart = "ADC conversions"
    public static let programmingPart = "programming pulses"
    public static let controllerPart = "digital controller (45 nm)"

    /// The mean update's energy by part (J): heat of the phases, converters, programming.
    public var perUpdate: EnergyBreakdown
    /// The mean update's energy by delivering source (J), the analog part only.
    public var deliveredPerUpdate: EnergyBreakdown
    public var updates: Int
    public var samples: Int
    /// The minibatch size (the last minibatch of an epoch may be smaller).
    public var batchSize: Int
    public var physicalSecondsPerUpdate: Double
    public var dacConversionsPerUpdate: Double
    public var adcConversionsPerUpdate: Double
    public var pulsesPerUpdate: Double
    public var phaseDuration: Double
    public var switchingFactor: Double
    public var assumptions: [String]

    public var perUpdateJoules: Double { perUpdate.total }
    public var perSampleJoules: Double { perUpdateJoules * Double(updates) / Double(max(samples, 1)) }
    public var perEpochJoules: Double { perUpdateJoules * Double(updates) }

    /// The report of one metered epoch.
    /// - Parameters:
    ///   - meter: the meter after the epoch (its totals over the epoch's updates).
    ///   - epoch: the trainer's report of the epoch (updates, programming).
    ///   - peripherals: the converters' energies.
    public init(meter: ResistiveLayersEnergyMeter, epoch: DeepResistiveEpochReport, layers: ResistiveLayers,
                batchSize: Int, nudging: DeepResistiveTrainingConfiguration.Nudging,
                optimizer: TrainingConfiguration.OptimizerKind, peripherals: HardwarePeripherals, pulseEnergy: Double?) {
        let updates = max(epoch.updates, 1), perUpdate = 1 / Double(updates)
        let samples = Double(epoch.examples)
        let nudgedPhases = nudging == .centered ? 2.0 : 1.0, measuredPhases = 2.0
        let outputs = Double(layers.nodeCounts[layers.layerCount - 1])
        dacConversionsPerUpdate = samples * perUpdate * (Double(layers.nodeCounts[0]) + nudgedPhases * outputs)
        adcConversionsPerUpdate = samples * perUpdate * outputs + measuredPhases * Double(layers.parameterCount)
        var assumptions: [String] = [
            String(format: "each phase lasts the measured settling time %.3g s (backward Euler on sample 0 of the epoch, to 1e-3 of the largest voltage)", meter.phaseDuration),
            String(format: "node capacitance %.3g F (energy scales with it: the phase time is a few C/G); each switch's transient heat κ·½C‖ΔV‖² with κ = %.3g measured on the switch-on transient", meter.capacitance, meter.switchingFactor),
            "samples run one after another; capacitors discharged between samples (their ½CV² becomes heat)",
            "DAC: 2 per feature (x, −x) per sample and one per output node per nudged phase and sample",
            "ADC: one per output node per sample, and one per device per measured phase (measurement summed over the batch in the device)",
        ]
        func energy(_ configured: Double?, _ quantizer: Quantizer?, _ name: String) -> Double {
            if let configured { return configured }
            if let quantizer { return HardwarePeripherals.conversionEnergy(bits: quantizer.bits) }
            let joules = HardwarePeripherals.conversionEnergy(bits: 8)
            assumptions.append(String(format: "%@ priced as 8-bit conversions at the Walden figure of merit %.3g J/step: %.3g J each",
                                      name, HardwarePeripherals.defaultFigureOfMerit, joules))
            return joules
        }
        let dac = energy(peripherals.dacEnergy, peripherals.dac, "DAC")
        let adc = energy(peripherals.adcEnergy, peripherals.adc, "ADC")
        var breakdown = meter.heat.scaled(by: perUpdate)
        breakdown.add(Self.dacPart, dacConversionsPerUpdate * dac)
        breakdown.add(Self.adcPart, adcConversionsPerUpdate * adc)
        breakdown.add(Self.programmingPart, epoch.programming.energy * perUpdate)
        let controller = DigitalWorkload.controller(devices: layers.parameterCount, optimizer: optimizer)
        breakdown.add(Self.controllerPart, controller.energy(.horowitz45nm).total)
        assumptions.append(String(format: "digital controller: %.0f FLOPs and %.0f bytes per update (reading, contrasts, %@, pulse counts) at 45 nm",
                                  controller.flops, controller.bytes, optimizer.rawValue))
        if pulseEnergy == nil {
            assumptions.append("ideal devices: updates exact, no programming pulses counted (give a hardware file with dw_min or levels)")
        } else {
            assumptions.append(String(format: "programming: ⌈|Δg|/Δg_min⌉ pulses per device per update, %.3g J per pulse", pulseEnergy!))
        }
        self.perUpdate = breakdown
        deliveredPerUpdate = meter.delivered.scaled(by: perUpdate)
        self.updates = updates
        self.samples = epoch.examples
        self.batchSize = batchSize
        physicalSecondsPerUpdate = meter.physicalSeconds * perUpdate
        pulsesPerUpdate = Double(epoch.programming.pulses) * perUpdate
        phaseDuration = meter.phaseDuration
        switchingFactor = meter.switchingFactor
        self.assumptions = assumptions
    }

    /// The `"energy"` section of a run's summary.json.
    public var json: JSONValue {
        .object([
            ("per_update_joules", .number(perUpdateJoules)),
            ("per_sample_joules", .number(perSampleJoules)),
            ("per_epoch_joules", .number(perEpochJoules)),
            ("physical_seconds_per_update", .number(physicalSecondsPerUpdate)),
            ("phase_seconds", .number(phaseDuration)),
            ("updates_per_epoch", .integer(updates)),
            ("batch_size", .integer(batchSize)),
            ("switching_factor", .number(switchingFactor)),
            ("dac_conversions_per_update", .number(dacConversionsPerUpdate)),
            ("adc_conversions_per_update", .number(adcConversionsPerUpdate)),
            ("programming_pulses_per_update", .number(pulsesPerUpdate)),
            ("parts", perUpdate.json),
            ("delivered", deliveredPerUpdate.json),
            ("assumptions", .array(assumptions.map { .string($0) })),
        ])
    }
}
