/// Writes a `Netlist` as a plain, flat SPICE netlist that `ngspice -b` runs and that
/// `NetlistParser` reads back to the same netlist.
///
/// Layout: the title; the learning directives (`*@ input`, `*@ output`, `*@ train`,
/// `*@ bounds`); `.options`; `.model` cards; elements in order; `.ic`; analyses; `.end`.
/// Numbers are written with Swift's shortest round-trip representation (`1e-05`, `0.1`), so
/// they parse back bit-for-bit.
///
/// Element names follow ngspice's flattening scheme so that their first letter stays the
/// element type: a hierarchical element `x1.r1` is written `r.x1.r1` (see
/// `SpiceElementName`); `NetlistParser` maps it back to `x1.r1`. Node names (`x1.a`) are
/// written as they are. A netlist built by hand must use names that start with their
/// element's letter (or are hierarchical) for the round trip to be exact.
public enum SpiceWriter {
    /// The SPICE text of `netlist`.
    public static func spice(_ netlist: Netlist) -> String {
        var lines: [String] = [netlist.title.isEmpty ? "untitled" : netlist.title]
        let roles = netlist.roles
        if !roles.inputs.isEmpty { lines.append("*@ input " + roles.inputs.joined(separator: " ")) }
        if !roles.outputs.isEmpty { lines.append("*@ output " + roles.outputs.joined(separator: " ")) }
        if !roles.trainable.isEmpty { lines.append("*@ train " + roles.trainable.joined(separator: " ")) }
        if let bounds = roles.conductanceBounds {
            lines.append("*@ bounds \(number(bounds.lowerBound)) \(number(bounds.upperBound))")
        }
        if !netlist.options.isEmpty {
            let options = netlist.options.sorted { $0.key < $1.key }
            lines.append(".options " + options.map { "\($0.key)=\(number($0.value))" }.joined(separator: " "))
        }
        for (name, model) in netlist.diodeModels.sorted(by: { $0.key < $1.key }) {
            lines.append(".model \(name) D (IS=\(number(model.saturationCurrent)) N=\(number(model.emissionCoefficient)) RS=\(number(model.seriesResistance)))")
        }
        for element in netlist.elements { lines.append(card(element)) }
        if !netlist.initialConditions.isEmpty {
            let conditions = netlist.initialConditions.sorted { $0.key < $1.key }
            lines.append(".ic " + conditions.map { "v(\($0.key))=\(number($0.value))" }.joined(separator: " "))
        }
        for analysis in netlist.analyses {
            switch analysis {
            case .operatingPoint:
                lines.append(".op")
            case let .transient(step, stop, start, maxStep, useInitialConditions):
                var card = ".tran \(number(step)) \(number(stop))"
                if start != 0 || maxStep != nil { card += " \(number(start))" }
                if let maxStep { card += " \(number(maxStep))" }
                if useInitialConditions { card += " uic" }
                lines.append(card)
            }
        }
        lines.append(".end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The SPICE card of one element.
    static func card(_ element: NetlistElement) -> String {
        let nodes = element.nodes.joined(separator: " ")
        let name = SpiceElementName.spiceName(for: element.name, letter: letter(of: element.kind))
        switch element.kind {
        case let .resistor(ohms):
            return "\(name) \(nodes) \(number(ohms))"
        case let .capacitor(farads):
            return "\(name) \(nodes) \(number(farads))"
        case let .voltageSource(waveform), let .currentSource(waveform):
            return "\(name) \(nodes) \(source(waveform))"
        case let .diode(model, area):
            return area == 1 ? "\(name) \(nodes) \(model)" : "\(name) \(nodes) \(model) area=\(number(area))"
        case let .vcvs(gain):
            return "\(name) \(nodes) \(number(gain))"
        case let .cccs(controllingSource, gain):
            let source = SpiceElementName.spiceName(for: controllingSource, letter: "v")
            return "\(name) \(nodes) \(source) \(number(gain))"
        }
    }

    /// The SPICE type letter of an element kind.
    static func letter(of kind: NetlistElement.Kind) -> Character {
        switch kind {
        case .resistor: "r"
        case .capacitor: "c"
        case .voltageSource: "v"
        case .currentSource: "i"
        case .diode: "d"
        case .vcvs: "e"
        case .cccs: "f"
        }
    }

    private static func source(_ waveform: SourceWaveform) -> String {
        var parts: [String] = []
        if let dc = waveform.dc { parts.append("DC \(number(dc))") }
        switch waveform.transient {
        case nil:
            break
        case let .pulse(v1, v2, delay, rise, fall, width, period)?:
            var values = [v1, v2]
            for optional in [delay, rise, fall, width, period] {
                guard let value = optional else { break }
                values.append(value)
            }
            parts.append("PULSE(" + values.map(number).joined(separator: " ") + ")")
        case let .pwl(points)?:
            parts.append("PWL(" + points.map { "\(number($0.time)) \(number($0.value))" }.joined(separator: " ") + ")")
        }
        return parts.joined(separator: " ")
    }

    /// `value` in Swift's shortest round-trip form, without a trailing `.0`.
    static func number(_ value: Double) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
