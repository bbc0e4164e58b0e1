/// Expands a `DeepResistiveNetworkDescription` into a flat `Netlist`, so that the circuit
/// builder, the SPICE writer and every command work on a DRN unchanged.
///
/// For `layers = n₀ n₁ … n_L` (Kendall et al. 2020; PHYSICS.md §2):
/// - **Inputs**: feature i is a pair of voltage sources `vx{i}p` (node `x{i}p`, at x) and
///   `vx{i}n` (node `x{i}n`, at −x), both `*@ input`.
/// - **Layers**: every node of layer k−1 (input nodes, or the amplified hidden nodes) connects to
///   every node of layer k through a trainable resistor `r{k}_{i}_{j}` (`*@ train`), with
///   conductances drawn uniformly from the initial range (seeded) and `*@ bounds`.
/// - **Hidden node** `h{k}_{j}`: capacitance `ch{k}_{j}` to ground and a bidirectional
///   rectifier: diode `dh{k}_{j}_high` from the node to the bias source `vbias_high`, and
///   `dh{k}_{j}_low` from the bias source `vbias_low` to the node, so the node is clamped
///   (softly, Shockley law) above `bias_high` and below `bias_low`.
/// - **Bidirectional amplifier** after each hidden node (unless `gain = none`): VCVS
///   `eh{k}_{j}` sets `dr{k}_{j}` to A·V(h); the 0 V source `vs{k}_{j}` from `dr{k}_{j}` to
///   `a{k}_{j}` senses the forward current i that the next layer's resistors draw; CCCS
///   `fh{k}_{j}` (gain 1/A) draws i/A out of the hidden node (`F h 0 vs 1/A`: current flows from
///   h through the source to ground). With A = 1 the amplifier is a wire, so the backward path
///   has the sign of a passive network; with A ≠ 1 the network is non-reciprocal.
///   (circuits/amplifier.cir injects i/A into the node instead — the opposite sign.)
/// - **Outputs**: class c is the pair `y{c}p`, `y{c}n` (or the single node `y{c}`), each with
///   capacitance `cy…` to ground, listed in `*@ output` in pair order.
/// - **Wires** (`wire_resistance = R`): every block is laid out as a crossbar. Row line i runs
///   from its driver through a segment R to crosspoint (i, 0), then R to (i, 1), …; column line
///   j runs from crosspoint (0, j) through R to (1, j), …, and from the last crosspoint through
///   R to its node. Device `r{k}_{i}_{j}` joins the crosspoint's row node `xr{k}_{i}_{j}` to its
///   column node `xc{k}_{i}_{j}`; the segments are resistors `wr{k}_{i}_{j}` and `wc{k}_{i}_{j}`
///   (not trainable). The IR drops along the lines then reach every device's measurement.
public enum DeepResistiveNetworkBuilder {
    /// The model name of the rectifier diodes.
    public static let diodeModel = "drn_diode"

    /// Reads a `.drn` file and expands it.
    public static func netlist(fileAt path: String) throws(NetlistError) -> Netlist {
        try netlist(DeepResistiveNetworkDescription.parse(fileAt: path))
    }

    /// The flat netlist of `description`, checked by `NetlistTopologyCheck`.
    public static func netlist(_ description: DeepResistiveNetworkDescription) throws(NetlistError) -> Netlist {
        let layers = description.layers
        let location = description.location
        guard !description.idealDiodes || layers.count == 2 else {
            throw NetlistError("ideal diodes ('diode = ideal') have no SPICE model; give the rectifiers a Shockley model (e.g. 'diode = IS=1e-14 N=1') to expand the circuit",
                               at: location)
        }
        let sizes = layers.map(String.init).joined(separator: "-")
        var netlist = Netlist(title: "Deep resistive network \(sizes) from \(description.file)", file: description.file)
        netlist.analyses = [.operatingPoint]
        var elements: [NetlistElement] = []
        func add(_ name: String, _ nodes: [String], _ kind: NetlistElement.Kind) {
            elements.append(NetlistElement(name: name, nodes: nodes, kind: kind, location: location))
        }

        var previous: [String] = []
        for (i, x) in description.inputs.enumerated() {
            add("vx\(i)p", ["x\(i)p", "0"], .voltageSource(SourceWaveform(dc: x)))
            add("vx\(i)n", ["x\(i)n", "0"], .voltageSource(SourceWaveform(dc: -x)))
            previous += ["x\(i)p", "x\(i)n"]
        }
        netlist.roles.inputs = elements.map(\.name)
        let hiddenLayers = layers.count - 2
        if hiddenLayers > 0 {
            add("vbias_high", ["bias_high", "0"], .voltageSource(SourceWaveform(dc: description.biasHigh)))
            add("vbias_low", ["bias_low", "0"], .voltageSource(SourceWaveform(dc: description.biasLow)))
            var model = DiodeModelCard(location: location)
            model.saturationCurrent = description.diodeSaturationCurrent
            model.emissionCoefficient = description.diodeEmissionCoefficient
            model.seriesResistance = description.diodeSeriesResistance
            netlist.diodeModels[diodeModel] = model
        }

        var generator = Xoshiro256StarStar(seed: description.seed)
        let range = description.initialConductances
        var trainable: [String] = []
        for k in 1..<layers.count {
            let isOutput = k == layers.count - 1
            let nodes: [String] = isOutput
                ? (0..<layers[k]).flatMap { c in description.output == .differential ? ["y\(c)p", "y\(c)n"] : ["y\(c)"] }
                : (0..<layers[k]).map { "h\(k)_\($0)" }
            for (i, from) in previous.enumerated() {
                for (j, to) in nodes.enumerated() {
                    let g = range.lowerBound == range.upperBound
                        ? range.lowerBound : generator.nextDouble(in: range.lowerBound..<range.upperBound)
                    let name = "r\(k)_\(i)_\(j)"
                    if let wire = description.wireResistance {
                        add(name, ["xr\(k)_\(i)_\(j)", "xc\(k)_\(i)_\(j)"], .resistor(ohms: 1 / g))
                        add("wr\(k)_\(i)_\(j)", [j == 0 ? from : "xr\(k)_\(i)_\(j - 1)", "xr\(k)_\(i)_\(j)"], .resistor(ohms: wire))
                        let down = i == previous.count - 1 ? to : "xc\(k)_\(i + 1)_\(j)"
                        add("wc\(k)_\(i)_\(j)", ["xc\(k)_\(i)_\(j)", down], .resistor(ohms: wire))
                    } else {
                        add(name, [from, to], .resistor(ohms: 1 / g))
                    }
                    trainable.append(name)
                }
            }
            var next: [String] = []
            for (j, node) in nodes.enumerated() {
                add("c\(node)", [node, "0"], .capacitor(farads: description.capacitance))
                guard !isOutput else { continue }
                add("d\(node)_high", [node, "bias_high"], .diode(model: diodeModel, area: 1))
                add("d\(node)_low", ["bias_low", node], .diode(model: diodeModel, area: 1))
                guard let gain = description.gain else {
                    next.append(node)
                    continue
                }
                let drive = "dr\(k)_\(j)", buffer = "a\(k)_\(j)", sense = "vs\(k)_\(j)"
                add("e\(node)", [drive, "0", node, "0"], .vcvs(gain: gain))
                add(sense, [drive, buffer], .voltageSource(SourceWaveform(dc: 0)))
                add("f\(node)", [node, "0"], .cccs(controllingSource: sense, gain: 1 / gain))
                next.append(buffer)
            }
            if isOutput { netlist.roles.outputs = nodes }
            previous = next
        }
        netlist.elements = elements
        netlist.roles.trainable = trainable
        netlist.roles.conductanceBounds = description.bounds
        try NetlistTopologyCheck.check(netlist)
        return netlist
    }
}
