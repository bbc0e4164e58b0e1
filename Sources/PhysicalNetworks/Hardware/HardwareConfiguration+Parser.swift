extension HardwareConfiguration {
    /// Reads a hardware configuration file. - Throws: `NetlistError` at `path:1:1` if it cannot
    /// be read, else as `parse(contents:file:)`.
    public static func parse(fileAt path: String) throws(NetlistError) -> HardwareConfiguration {
        try parse(contents: NetlistFileContents.read(path), file: path)
    }

    /// Reads hardware-configuration text: `key = value` lines, `#` starts a comment, each key at
    /// most once, any order; unset keys keep the ideal values of `HardwareConfiguration.ideal`.
    /// Numbers take SPICE suffixes (`1u`, `10n`, `1meg`).
    ///
    /// Keys: `update = constant|linear|soft-bounds|exponential|power`; `bounds = lo hi`;
    /// `levels` (integer ≥ 2) or `dw_min` (the pulse step Δw_min); `up_down` (β);
    /// `gamma_up`, `gamma_down` (linear, power and exponential laws), `exp_a_up`, `exp_a_down`,
    /// `exp_a`, `exp_b` (exponential law: A⁺, A⁻, a, b); `dtod` (relative step spread),
    /// `bounds_dtod`, `ctoc` (relative per-pulse spread), `stuck` (fraction), `drift` (ν),
    /// `drift_dtod`, `drift_t0` (s), `read_noise` (relative), `read_noise_abs`, `tolerance`,
    /// `pulse_energy` (J), `adc_bits`, `adc_range = lo hi` (default −1 1), `adc_energy` (J),
    /// `dac_bits`, `dac_range`, `dac_energy`, `wire_resistance` (Ω), `seed`.
    /// See `DeviceModel` and `HardwarePeripherals` for what each does.
    /// - Throws: `NetlistError` at the file, line and column of the offending key or value.
    public static func parse(contents: String, file: String) throws(NetlistError) -> HardwareConfiguration {
        let lines = try KeyValueLine.read(contents, file: file, keys: keys)
        var configuration = HardwareConfiguration.ideal
        let rank = { (line: KeyValueLine) in keys.firstIndex(of: line.key.text) ?? keys.count }
        let ordered = lines.sorted { rank($0) < rank($1) }
        for line in ordered {
            do {
                try configuration.set(line.key.text, line.values.map(\.text))
            } catch {
                throw NetlistError(error.message, at: location(of: error, in: lines, file: file))
            }
        }
        do {
            try configuration.validate()
        } catch {
            throw NetlistError(error.message, at: location(of: error, in: lines, file: file))
        }
        return configuration
    }

    /// Where a setting error points: its value, else its key, else the start of the file.
    private static func location(of error: HardwareConfigurationError, in lines: [KeyValueLine],
                                 file: String) -> SourceLocation {
        guard let line = lines.first(where: { $0.key.text == error.key }) else {
            return SourceLocation(file: file, line: 1, column: 1)
        }
        if let index = error.valueIndex, line.values.indices.contains(index) { return line.values[index].location }
        return line.key.location
    }
}
