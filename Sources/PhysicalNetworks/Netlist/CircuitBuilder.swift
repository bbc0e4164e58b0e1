/// Builds a `Circuit` from a flattened netlist by modified nodal analysis: one unknown per
/// node, one internal node per diode with series resistance, one branch current per voltage
/// source and VCVS; one family per element kind.
///
/// SPICE semantics carried over: GMIN (`.options gmin`, default 1e-12 S) across every junction;
/// the diode thermal voltage at 27 °C; PULSE rise/fall default to TSTEP and width/period to
/// TSTOP; a source without a DC value applies its waveform's value at t = 0 in DC analyses.
public enum CircuitBuilder {
    /// Time settings that resolve PULSE defaults (from `.tran` or the command line).
    public struct TransientSettings: Sendable, Equatable {
        public var step: Double
        public var stop: Double

        public init(step: Double, stop: Double) {
            self.step = step
            self.stop = stop
        }
    }

    /// Builds the circuit. `transient` resolves PULSE defaults; when nil, the netlist's `.tran`
    /// is used, and without one, defaults that leave DC analyses unaffected.
    public static func build(_ netlist: Netlist, transient: TransientSettings? = nil) throws(NetlistError) -> Circuit {
        let settings = transient ?? netlist.analyses.lazy.compactMap { analysis -> TransientSettings? in
            if case let .transient(step, stop, _, _, _) = analysis { return TransientSettings(step: step, stop: stop) }
            return nil
        }.first ?? TransientSettings(step: 1, stop: 1)
        let fileStart = SourceLocation(file: netlist.file, line: 1, column: 1)
        if let celsius = netlist.options["temp"], celsius != 27 {
            throw NetlistError("'.options temp=\(celsius)': only the nominal 27 °C is supported", at: fileStart)
        }
        let gmin = netlist.options["gmin"] ?? 1e-12

        var layout = UnknownLayout()
        for element in netlist.elements {
            for node in element.nodes where node != "0" { layout.node(node) }
        }
        let nodeNames = layout.unknowns.map(\.name)

        var parameters: [Double] = []
        var parameterNames: [String] = []
        var resistorTerminals: [(a: Int, b: Int)] = []
        var resistorNames: [String] = []
        var capacitorTerminals: [(a: Int, b: Int)] = []
        var capacitances: [Double] = []
        var capacitorNames: [String] = []
        var voltageSources: [VoltageSources.Source] = []
        var currentSources: [CurrentSources.Source] = []
        var diodes: [Diodes.Diode] = []
        var vcvs: [VoltageControlledVoltageSources.Source] = []
        var cccsElements: [NetlistElement] = []

        for element in netlist.elements {
            let nodes = element.nodes.map { layout.index(of: $0) }
            switch element.kind {
            case .resistor(let ohms):
                guard ohms > 0, ohms.isFinite else {
                    throw NetlistError("resistance of '\(element.name)' must be positive, got \(ohms)", at: element.location)
                }
                resistorTerminals.append((nodes[0], nodes[1]))
                resistorNames.append(element.name)
                parameters.append(1 / ohms)
            case .capacitor(let farads):
                capacitorTerminals.append((nodes[0], nodes[1]))
                capacitances.append(farads)
                capacitorNames.append(element.name)
            case .voltageSource(let waveform):
                let branch = layout.branch(element.name)
                voltageSources.append(.init(name: element.name, positive: nodes[0], negative: nodes[1],
                                            branch: branch, signal: signal(waveform, settings)))
            case .currentSource(let waveform):
                currentSources.append(.init(name: element.name, positive: nodes[0], negative: nodes[1],
                                            signal: signal(waveform, settings)))
            case .diode(let modelName, let area):
                guard let model = netlist.diodeModels[modelName] else {
                    throw NetlistError("unknown diode model '\(modelName)'", at: element.location)
                }
                let law = ShockleyJunction(saturationCurrent: model.saturationCurrent * area,
                                           emissionCoefficient: model.emissionCoefficient,
                                           parallelConductance: gmin)
                let seriesConductance = model.seriesResistance > 0 ? area / model.seriesResistance : 0
                let junction = seriesConductance > 0
                    ? layout.internalNode("\(element.name)#junction") : nodes[0]
                diodes.append(.init(name: element.name, anode: nodes[0], cathode: nodes[1], junction: junction,
                                    law: law, seriesConductance: seriesConductance))
            case .vcvs(let gain):
                vcvs.append(.init(name: element.name, positive: nodes[0], negative: nodes[1],
                                  controlPositive: nodes[2], controlNegative: nodes[3],
                                  branch: layout.branch(element.name), gain: gain))
            case .cccs:
                cccsElements.append(element)
            }
        }
        var cccs: [CurrentControlledCurrentSources.Source] = []
        for element in cccsElements {
            guard case let .cccs(control, gain) = element.kind else { continue }
            guard let branch = voltageSources.first(where: { $0.name == control })?.branch else {
                throw NetlistError("'\(element.name)' is controlled by '\(control)', which is not a voltage source",
                                   at: element.location)
            }
            cccs.append(.init(name: element.name, positive: layout.index(of: element.nodes[0]),
                              negative: layout.index(of: element.nodes[1]), controlBranch: branch, gain: gain))
        }

        var interactions: [any Interaction] = []
        parameterNames = resistorNames
        if !resistorTerminals.isEmpty {
            interactions.append(Resistors(terminals: resistorTerminals, parameterOffset: 0))
        }
        if !capacitorTerminals.isEmpty {
            interactions.append(Capacitors(terminals: capacitorTerminals, parameterOffset: parameters.count))
            parameters += capacitances
            parameterNames += capacitorNames
        }
        // Inputs (`*@ input`): their DC values move into the parameter vector, where a learning
        // controller sets them sample by sample.
        var inputParameters: [Int] = []
        for name in netlist.roles.inputs {
            if let k = voltageSources.firstIndex(where: { $0.name == name }) {
                voltageSources[k].dcParameter = parameters.count
                parameters.append(voltageSources[k].signal.dc)
            } else if let k = currentSources.firstIndex(where: { $0.name == name }) {
                currentSources[k].dcParameter = parameters.count
                parameters.append(currentSources[k].signal.dc)
            } else {
                throw NetlistError("input '\(name)' is not an independent source",
                                   at: SourceLocation(file: netlist.file, line: 1, column: 1))
            }
            inputParameters.append(parameters.count - 1)
            parameterNames.append(name)
        }
        if !voltageSources.isEmpty { interactions.append(VoltageSources(sources: voltageSources)) }
        if !currentSources.isEmpty { interactions.append(CurrentSources(sources: currentSources)) }
        if !diodes.isEmpty { interactions.append(Diodes(diodes: diodes)) }
        if !vcvs.isEmpty { interactions.append(VoltageControlledVoltageSources(sources: vcvs)) }
        if !cccs.isEmpty { interactions.append(CurrentControlledCurrentSources(sources: cccs)) }

        let network = Network(unknowns: layout.unknowns, interactions: interactions, parameters: parameters,
                              parameterNames: parameterNames,
                              roles: try roles(netlist, layout: layout, resistorNames: resistorNames,
                                               inputParameters: inputParameters))
        return Circuit(netlist: netlist, network: network, nodeNames: nodeNames)
    }

    private static func roles(
        _ netlist: Netlist, layout: UnknownLayout, resistorNames: [String], inputParameters: [Int]
    ) throws(NetlistError) -> Network.Roles {
        let fileStart = SourceLocation(file: netlist.file, line: 1, column: 1)
        var roles = Network.Roles(inputs: netlist.roles.inputs, inputParameters: inputParameters,
                                  bounds: netlist.roles.conductanceBounds)
        for output in netlist.roles.outputs {
            let index = layout.index(of: output)
            guard index >= 0 else { throw NetlistError("output '\(output)' is ground", at: fileStart) }
            roles.outputs.append(index)
        }
        for name in netlist.roles.trainable {
            guard let index = resistorNames.firstIndex(of: name) else {
                throw NetlistError("trainable element '\(name)' is not a resistor", at: fileStart)
            }
            roles.trainable.append(index)
        }
        return roles
    }

    /// Resolves SPICE's waveform defaults.
    static func signal(_ waveform: SourceWaveform, _ settings: TransientSettings) -> SourceSignal {
        var resolved: SourceSignal.Waveform?
        switch waveform.transient {
        case .none:
            resolved = nil
        case let .pulse(v1, v2, delay, rise, fall, width, period)?:
            resolved = .pulse(SourceSignal.Pulse(
                initial: v1, pulsed: v2, delay: delay ?? 0, rise: rise ?? settings.step, fall: fall ?? settings.step,
                width: width ?? settings.stop, period: period ?? settings.stop))
        case .pwl(let points)?:
            resolved = .piecewiseLinear(times: points.map(\.time), values: points.map(\.value))
        }
        let dc = waveform.dc ?? resolved?.value(at: 0) ?? 0
        return SourceSignal(dc: dc, waveform: resolved)
    }
}

/// Hands out unknown indices: nodes first (in order of appearance), then internal nodes and
/// branch currents as elements ask for them.
struct UnknownLayout {
    private(set) var unknowns: [Unknown] = []
    private var indices: [String: Int] = [:]

    mutating func node(_ name: String) {
        guard indices[name] == nil else { return }
        indices[name] = unknowns.count
        unknowns.append(Unknown(name: name, kind: .nodeVoltage))
    }

    mutating func internalNode(_ name: String) -> Int {
        unknowns.append(Unknown(name: name, kind: .internalNode))
        return unknowns.count - 1
    }

    mutating func branch(_ name: String) -> Int {
        unknowns.append(Unknown(name: name, kind: .branchCurrent))
        return unknowns.count - 1
    }

    /// The unknown of node `name`; ground is `Unknown.ground`.
    func index(of name: String) -> Int {
        name == "0" ? Unknown.ground : indices[name] ?? Unknown.ground
    }
}
