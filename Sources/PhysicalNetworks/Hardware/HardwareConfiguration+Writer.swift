extension HardwareConfiguration {
    /// The configuration as a file that `parse(contents:file:)` reads back to an equal value:
    /// one `key = value` line per setting that differs from `ideal` (plus `seed`), numbers in
    /// their shortest exact decimal form.
    public var fileContents: String {
        var lines = ["# nudge hardware configuration"]
        func add(_ key: String, _ values: Double...) {
            lines.append("\(key) = " + values.map { "\($0)" }.joined(separator: " "))
        }
        func add(_ key: String, ifNonzero value: Double) {
            if value != 0 { add(key, value) }
        }
        let d = device
        switch d.update {
        case .constantStep: break
        case let .linearStep(gammaUp, gammaDown):
            lines.append("update = linear")
            add("gamma_up", gammaUp)
            add("gamma_down", gammaDown)
        case .softBounds:
            lines.append("update = soft-bounds")
        case let .exponentialStep(amplitudeUp, amplitudeDown, gammaUp, gammaDown, slope, offset):
            lines.append("update = exponential")
            add("gamma_up", gammaUp)
            add("gamma_down", gammaDown)
            add("exp_a_up", amplitudeUp)
            add("exp_a_down", amplitudeDown)
            add("exp_a", slope)
            add("exp_b", offset)
        case let .powerStep(gammaUp, gammaDown):
            lines.append("update = power")
            add("gamma_up", gammaUp)
            add("gamma_down", gammaDown)
        }
        if let bounds = d.bounds { add("bounds", bounds.lowerBound, bounds.upperBound) }
        if let levels = d.levels { lines.append("levels = \(levels)") }
        if let step = d.stepSize { add("dw_min", step) }
        add("up_down", ifNonzero: d.upDown)
        add("dtod", ifNonzero: d.stepDeviceToDevice)
        add("bounds_dtod", ifNonzero: d.boundsDeviceToDevice)
        add("ctoc", ifNonzero: d.cycleToCycle)
        add("stuck", ifNonzero: d.stuckFraction)
        add("drift", ifNonzero: d.drift)
        add("drift_dtod", ifNonzero: d.driftDeviceToDevice)
        if d.driftReferenceTime != DeviceModel.ideal.driftReferenceTime { add("drift_t0", d.driftReferenceTime) }
        add("read_noise", ifNonzero: d.readNoise)
        add("read_noise_abs", ifNonzero: d.readNoiseAbsolute)
        add("tolerance", ifNonzero: d.tolerance)
        if d.pulseEnergy != DeviceModel.defaultPulseEnergy { add("pulse_energy", d.pulseEnergy) }
        let converters = [("adc", peripherals.adc, peripherals.adcEnergy), ("dac", peripherals.dac, peripherals.dacEnergy)]
        for (name, converter, energy) in converters {
            if let converter {
                lines.append("\(name)_bits = \(converter.bits)")
                add("\(name)_range", converter.range.lowerBound, converter.range.upperBound)
            }
            if let energy { add("\(name)_energy", energy) }
        }
        if let wireResistance { add("wire_resistance", wireResistance) }
        lines.append("seed = \(seed)")
        return lines.joined(separator: "\n") + "\n"
    }
}
