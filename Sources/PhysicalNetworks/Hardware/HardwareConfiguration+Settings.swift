extension HardwareConfiguration {
    /// Sets one key from its values as written in a file (numbers take SPICE suffixes: `1u`,
    /// `10n`). Keys that refine the update law (`gamma_up`, …) need `update` set first.
    /// - Throws: `HardwareConfigurationError` naming the key and, for a bad value, its index.
    mutating func set(_ key: String, _ values: [String]) throws(HardwareConfigurationError) {
        let reader = SettingReader(key: key, values: values)
        switch key {
        case "update":
            device.update = try reader.updateModel()
        case "bounds":
            device.bounds = try reader.range()
        case "levels":
            device.levels = try reader.integer(in: 2...(1 << 40))
        case "dw_min":
            device.stepSize = try reader.number(positive: true)
        case "up_down":
            let value = try reader.number()
            guard abs(value) < 1 else { throw reader.error("'up_down' must be in (−1, 1), got \(values[0])", at: 0) }
            device.upDown = value
        case "gamma_up", "gamma_down", "exp_a_up", "exp_a_down", "exp_a", "exp_b":
            device.update = try reader.refine(device.update, with: reader.number())
        case "dtod": device.stepDeviceToDevice = try reader.number(nonNegative: true)
        case "bounds_dtod": device.boundsDeviceToDevice = try reader.number(nonNegative: true)
        case "ctoc": device.cycleToCycle = try reader.number(nonNegative: true)
        case "stuck":
            let value = try reader.number(nonNegative: true)
            guard value <= 1 else { throw reader.error("'stuck' is a fraction in [0, 1], got \(values[0])", at: 0) }
            device.stuckFraction = value
        case "drift": device.drift = try reader.number(nonNegative: true)
        case "drift_dtod": device.driftDeviceToDevice = try reader.number(nonNegative: true)
        case "drift_t0": device.driftReferenceTime = try reader.number(positive: true)
        case "read_noise": device.readNoise = try reader.number(nonNegative: true)
        case "read_noise_abs": device.readNoiseAbsolute = try reader.number(nonNegative: true)
        case "tolerance": device.tolerance = try reader.number(nonNegative: true)
        case "pulse_energy": device.pulseEnergy = try reader.number(nonNegative: true)
        case "adc_bits":
            peripherals.adc = try Quantizer(bits: reader.integer(in: 1...24), range: peripherals.adc?.range ?? -1...1)
        case "dac_bits":
            peripherals.dac = try Quantizer(bits: reader.integer(in: 1...24), range: peripherals.dac?.range ?? -1...1)
        case "adc_range":
            guard let adc = peripherals.adc else { throw reader.error("'adc_range' needs 'adc_bits'", at: nil) }
            peripherals.adc = try Quantizer(bits: adc.bits, range: reader.range())
        case "dac_range":
            guard let dac = peripherals.dac else { throw reader.error("'dac_range' needs 'dac_bits'", at: nil) }
            peripherals.dac = try Quantizer(bits: dac.bits, range: reader.range())
        case "adc_energy": peripherals.adcEnergy = try reader.number(nonNegative: true)
        case "dac_energy": peripherals.dacEnergy = try reader.number(nonNegative: true)
        case "wire_resistance": wireResistance = try reader.number(nonNegative: true)
        case "seed":
            let token = try reader.single()
            guard let value = UInt64(token) else {
                throw reader.error("seed must be a non-negative integer, got '\(token)'", at: 0)
            }
            seed = value
        default:
            let expected = Self.keys.joined(separator: ", ")
            throw HardwareConfigurationError("unknown key '\(key)' (expected one of \(expected))", key: key)
        }
    }

    /// The most pulse steps a device's range may hold (2²⁴): an update then costs at most this
    /// many pulses per device, which keeps programming fast.
    public static let maximumSteps = 1 << 24

    /// Checks the settings that depend on one another (each error names the key to fix).
    public func validate() throws(HardwareConfigurationError) {
        let d = device
        let bounded = d.bounds != nil
        if d.levels != nil && d.stepSize != nil {
            throw HardwareConfigurationError("give either 'levels' or 'dw_min', not both", key: "dw_min")
        }
        if d.levels != nil && !bounded {
            throw HardwareConfigurationError("'levels' needs 'bounds = lo hi'", key: "levels")
        }
        if let bounds = d.bounds, !(bounds.upperBound - bounds.lowerBound).isFinite {
            throw HardwareConfigurationError("'bounds' must span a finite range, got \(bounds.lowerBound) … \(bounds.upperBound)",
                                             key: "bounds")
        }
        if let bounds = d.bounds, let step = d.nominalStep, (bounds.upperBound - bounds.lowerBound) / step > Double(Self.maximumSteps) {
            throw HardwareConfigurationError("the pulse step \(step) gives more than \(Self.maximumSteps) steps across the bounds "
                                             + "\(bounds.lowerBound) … \(bounds.upperBound); use a larger 'dw_min' or fewer 'levels'",
                                             key: d.levels != nil ? "levels" : "dw_min")
        }
        if d.update != .constantStep {
            if !bounded {
                throw HardwareConfigurationError("'update = \(d.update.name)' needs 'bounds = lo hi'", key: "update")
            }
            if d.nominalStep == nil {
                throw HardwareConfigurationError("'update = \(d.update.name)' needs a pulse step: 'dw_min' or 'levels'",
                                                 key: "update")
            }
        }
        let pulseSettings = [("ctoc", d.cycleToCycle), ("dtod", d.stepDeviceToDevice), ("up_down", d.upDown)]
        for (key, value) in pulseSettings where value != 0 && d.nominalStep == nil {
            throw HardwareConfigurationError("'\(key)' needs a pulsed device: give 'dw_min' or 'levels'", key: key)
        }
        if case let .powerStep(gammaUp, gammaDown) = d.update, gammaUp <= 0 || gammaDown <= 0 {
            throw HardwareConfigurationError(
                "'update = power' needs positive gamma_up and gamma_down, got \(gammaUp) and \(gammaDown)",
                key: gammaUp <= 0 ? "gamma_up" : "gamma_down")
        }
    }
}

/// The values of one key, read with errors that name the key and the value's index.
private struct SettingReader {
    var key: String
    var values: [String]

    func error(_ message: String, at index: Int?) -> HardwareConfigurationError {
        HardwareConfigurationError(message, key: key, valueIndex: index)
    }

    func single() throws(HardwareConfigurationError) -> String {
        guard values.count == 1 else {
            throw error("'\(key)' takes one value, got \(values.count)", at: values.isEmpty ? nil : 1)
        }
        return values[0]
    }

    /// The key's single value as a number.
    func number(positive: Bool = false, nonNegative: Bool = false) throws(HardwareConfigurationError) -> Double {
        _ = try single()
        return try number(at: 0, positive: positive, nonNegative: nonNegative)
    }

    /// Value `index` as a number (SPICE suffixes allowed).
    func number(at index: Int, positive: Bool = false, nonNegative: Bool = false) throws(HardwareConfigurationError) -> Double {
        let text = values[index]
        guard let value = SpiceNumber.parse(text), value.isFinite else {
            throw error("malformed number '\(text)' for '\(key)'", at: index)
        }
        if positive, value <= 0 { throw error("'\(key)' must be positive, got \(text)", at: index) }
        if nonNegative, value < 0 { throw error("'\(key)' must be ≥ 0, got \(text)", at: index) }
        return value
    }

    func integer(in allowed: ClosedRange<Int>) throws(HardwareConfigurationError) -> Int {
        let text = try single()
        guard let value = Int(text), allowed.contains(value) else {
            throw error("'\(key)' must be an integer in \(allowed.lowerBound)…\(allowed.upperBound), got '\(text)'", at: 0)
        }
        return value
    }

    /// Two numbers `lo hi` with lo < hi.
    func range(positive: Bool = false) throws(HardwareConfigurationError) -> ClosedRange<Double> {
        guard values.count == 2 else {
            throw error("'\(key)' takes two values 'lo hi', got \(values.count)", at: values.count > 2 ? 2 : nil)
        }
        let low = try number(at: 0, positive: positive)
        let high = try number(at: 1, positive: positive)
        guard low < high else { throw error("'\(key)': lower value \(values[0]) must be below upper value \(values[1])", at: 0) }
        return low...high
    }

    func updateModel() throws(HardwareConfigurationError) -> DeviceUpdateModel {
        switch try single().lowercased() {
        case "constant": return .constantStep
        case "linear": return .linearStep(gammaUp: 0, gammaDown: 0)
        case "soft-bounds": return .softBounds
        case "exponential": return .aihwkitDefaultExponential
        case "power": return .powerStep(gammaUp: 1, gammaDown: 1)
        default:
            throw error("unknown update model '\(values[0])' "
                        + "(expected constant, linear, soft-bounds, exponential or power)", at: 0)
        }
    }

    /// The update law with this key's parameter set to `value`.
    func refine(_ model: DeviceUpdateModel, with value: Double) throws(HardwareConfigurationError) -> DeviceUpdateModel {
        switch (model, key) {
        case let (.linearStep(_, down), "gamma_up"): return .linearStep(gammaUp: value, gammaDown: down)
        case let (.linearStep(up, _), "gamma_down"): return .linearStep(gammaUp: up, gammaDown: value)
        case let (.powerStep(_, down), "gamma_up"): return .powerStep(gammaUp: value, gammaDown: down)
        case let (.powerStep(up, _), "gamma_down"): return .powerStep(gammaUp: up, gammaDown: value)
        case (.exponentialStep(var amplitudeUp, var amplitudeDown, var gammaUp, var gammaDown, var slope, var offset), _):
            switch key {
            case "gamma_up": gammaUp = value
            case "gamma_down": gammaDown = value
            case "exp_a_up": amplitudeUp = value
            case "exp_a_down": amplitudeDown = value
            case "exp_a": slope = value
            default: offset = value
            }
            return .exponentialStep(amplitudeUp: amplitudeUp, amplitudeDown: amplitudeDown, gammaUp: gammaUp,
                                    gammaDown: gammaDown, slope: slope, offset: offset)
        default:
            throw error("'\(key)' does not apply to 'update = \(model.name)'", at: nil)
        }
    }
}
