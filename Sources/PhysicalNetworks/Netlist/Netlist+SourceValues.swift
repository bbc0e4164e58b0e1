extension Netlist {
    /// The netlist with independent source `name`'s DC value set to `value` (volts for a V
    /// source, amperes for an I source), as the CLI's `--set NAME=VALUE` does.
    ///
    /// The name is case-insensitive and may be hierarchical (`x1.vin`, or its SPICE spelling
    /// `v.x1.vin`). A transient part (PULSE, PWL) is kept; only the DC value changes.
    /// - Throws: `NetlistError` (at the file's first line) if there is no such V or I source
    ///   or `value` is not finite.
    public func settingSourceValue(_ name: String, to value: Double) throws(NetlistError) -> Netlist {
        var copy = self
        try copy.setSourceValue(name, to: value)
        return copy
    }

    /// Sets independent source `name`'s DC value in place; see `settingSourceValue(_:to:)`.
    public mutating func setSourceValue(_ name: String, to value: Double) throws(NetlistError) {
        let location = SourceLocation(file: file, line: 1, column: 1)
        let key = SpiceElementName.netlistName(fromSpice: name.lowercased())
        guard value.isFinite else {
            throw NetlistError("value for source '\(name)' must be finite, got \(value)", at: location)
        }
        guard let index = elements.firstIndex(where: { $0.name == key }) else {
            throw NetlistError("no independent source named '\(name)'", at: location)
        }
        switch elements[index].kind {
        case .voltageSource(var waveform):
            waveform.dc = value
            elements[index].kind = .voltageSource(waveform)
        case .currentSource(var waveform):
            waveform.dc = value
            elements[index].kind = .currentSource(waveform)
        default:
            throw NetlistError("'\(name)' is not an independent source (V or I)", at: elements[index].location)
        }
    }
}
