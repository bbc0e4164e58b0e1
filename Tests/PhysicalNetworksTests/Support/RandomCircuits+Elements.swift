extension RandomCircuits.Builder {
    typealias SpiceNumber = RandomCircuits.SpiceNumber

    private mutating func randomResistance() -> SpiceNumber {
        .randomPreferred(decades: configuration.resistanceDecades, using: &random)
    }

    /// In each layer, a random spanning tree of resistors over ground and the layer's nodes,
    /// then more resistors until every node has two resistor terminals, then a third as many
    /// random chords.
    mutating func addResistiveTree() {
        var neighbors = [Set<Int>](repeating: [], count: nodeCount + 1)
        func connect(_ a: Int, _ b: Int, _ builder: inout Self) {
            builder.add("R", [a, b], .number(builder.randomResistance()))
            neighbors[a].insert(b)
            neighbors[b].insert(a)
        }
        for layer in layers {
            let order = random.shuffled(layer)
            for (k, node) in order.enumerated() {
                let parent = random.element(of: [0] + order[..<k])
                connect(node, parent, &self)
            }
            for node in layer where neighbors[node].count < 2 {
                let candidates = ([0] + layer).filter { $0 != node && !neighbors[node].contains($0) }
                let other = random.element(of: candidates)
                connect(node, other, &self)
            }
            for _ in 0..<(layer.count / 3) {
                let a = random.element(of: layer), b = groundOrNode(besides: a, percent: 20)
                if a != b { connect(a, b, &self) }
            }
        }
    }

    /// About nodeCount/8 independent voltage sources, three quarters of them to ground.
    mutating func addVoltageSources() {
        guard configuration.includesVoltageSources else { return }
        repeatDrawing(max(1, nodeCount / 8)) { builder in
            let a = builder.randomNode(), b = builder.groundOrNode(besides: a, percent: 75)
            guard a != b, builder.voltageForest.join(a, b) else { return false }
            let waveform = RandomCircuits.Waveform.random(builder.configuration.stimulus, using: &builder.random)
            builder.add("V", [a, b], .source(waveform, unit: 1))
            return true
        }
    }

    /// A random layer after the first, to be driven by a controlled source; nil with one layer.
    private mutating func randomDrivenLayer() -> Int? {
        layers.count > 1 ? random.integer(in: 1...(layers.count - 1)) : nil
    }

    /// About nodeCount/10 VCVSs `E a b c d gain`, 0.2 ≤ |gain| ≤ 0.9, output in a later layer
    /// than the sensed nodes.
    mutating func addVoltageControlledVoltageSources() {
        guard configuration.includesControlledSources else { return }
        repeatDrawing(max(1, nodeCount / 10)) { builder in
            guard let driven = builder.randomDrivenLayer() else { return false }
            let a = builder.randomNode(inLayer: driven), b = builder.groundOrNode(besides: a, percent: 70)
            let c = builder.randomNode(inLayer: builder.random.integer(in: 0...(driven - 1)))
            let d = builder.groundOrNode(besides: c, percent: 50)
            guard a != b, c != d, builder.voltageForest.join(a, b) else { return false }
            let gain = builder.random.integer(in: 2...9) * (builder.random.chance(percent: 50) ? 1 : -1)
            builder.add("E", [a, b, c, d], .number(SpiceNumber(mantissa: gain, exponent: -1)))
            return true
        }
    }

    /// About nodeCount/4 diodes inside layers, between nodes whose voltage difference no
    /// source fixes.
    mutating func addDiodes() {
        guard configuration.includesDiodes else { return }
        repeatDrawing(max(1, nodeCount / 4)) { builder in
            let a = builder.randomNode(), b = builder.groundOrNode(besides: a, percent: 30)
            guard a != b, !builder.voltageForest.connects(a, b) else { return false }
            builder.add("D", builder.random.chance(percent: 50) ? [a, b] : [b, a], .diodeModel)
            return true
        }
    }

    /// Capacitors as `configuration.capacitance` asks: in each layer, a forest rooted at ground
    /// over the capacitive nodes (each joins ground or an earlier capacitive node), then a
    /// quarter as many extra capacitors between capacitive nodes.
    mutating func addCapacitors() {
        let fraction: Double
        switch configuration.capacitance {
        case .none: return
        case .everyNode: fraction = 1
        case .someNodes(let value):
            precondition((0...1).contains(value), "capacitive fraction \(value) outside 0...1")
            fraction = value
        }
        func capacitor(_ a: Int, _ b: Int, _ builder: inout Self) {
            let value = SpiceNumber.randomPreferred(
                decades: builder.configuration.capacitanceDecades, using: &builder.random)
            builder.add("C", [a, b], .number(value))
        }
        for layer in layers {
            let count = Int((fraction * Double(layer.count)).rounded())
            let capacitive = Array(random.shuffled(layer).prefix(count))
            for (k, node) in capacitive.enumerated() {
                let toGround = k == 0 || random.chance(percent: 60)
                let other = toGround ? 0 : random.element(of: Array(capacitive[..<k]))
                capacitor(node, other, &self)
            }
            guard capacitive.count >= 2 else { continue }
            for _ in 0..<(capacitive.count / 4) {
                let a = random.element(of: capacitive), b = random.element(of: capacitive)
                if a != b { capacitor(a, b, &self) }
            }
        }
    }

    /// The linear RC part, for time constants and transfer resistances.
    func linearNetwork() -> RandomCircuits.LinearNetwork {
        var network = RandomCircuits.LinearNetwork(nodeCount: nodeCount, shorted: voltageForest)
        for element in elements {
            guard case .number(let value) = element.value else { continue }
            switch element.name.first {
            case "R": network.addConductance(1 / value.value, between: element.nodes[0], element.nodes[1])
            case "C": network.addCapacitance(value.value, between: element.nodes[0], element.nodes[1])
            default: continue
            }
        }
        network.factor()
        return network
    }

    /// About nodeCount/8 independent current sources; levels are ±0.1...1.5 V divided by the
    /// transfer resistance between the source's nodes.
    mutating func addCurrentSources(_ linear: RandomCircuits.LinearNetwork) {
        guard configuration.includesCurrentSources else { return }
        repeatDrawing(max(1, nodeCount / 8)) { builder in
            let a = builder.randomNode(), b = builder.groundOrNode(besides: a, percent: 70)
            guard a != b else { return false }
            let resistance = linear.transferResistance(between: a, and: b)
            guard resistance > 0 else { return false }
            let waveform = RandomCircuits.Waveform.random(builder.configuration.stimulus, using: &builder.random)
            builder.add("I", [a, b], .source(waveform, unit: 1 / resistance))
            return true
        }
    }

    /// About nodeCount/10 CCCSs, each sensing the current of a resistor in an earlier layer
    /// through a 0 V ammeter put in series with it (at a new sense node `s<k>`). The gain,
    /// 0.1...0.5 divided by the CCCS count and by max(1, G_sensed · R_driven), keeps the
    /// driven voltages within about the sensed resistor's voltage.
    mutating func addCurrentControlledCurrentSources(_ linear: RandomCircuits.LinearNetwork) {
        guard configuration.includesControlledSources else { return }
        let count = max(1, nodeCount / 10)
        var unsensed = elements.indices.filter { elements[$0].name.first == "R" }
        repeatDrawing(count) { builder in
            guard let driven = builder.randomDrivenLayer() else { return false }
            let c = builder.randomNode(inLayer: driven), d = builder.groundOrNode(besides: c, percent: 70)
            let candidates = unsensed.filter { builder.elements[$0].nodes.map { builder.layerOfNode[$0] }.max() ?? 0 < driven }
            guard c != d, !candidates.isEmpty else { return false }
            let drivenResistance = linear.transferResistance(between: c, and: d)
            let index = builder.random.element(of: candidates)
            guard drivenResistance > 0, case .number(let sensed) = builder.elements[index].value else { return false }
            unsensed.removeAll { $0 == index }

            let sense = builder.nodeNames.count
            builder.nodeNames.append("s\(sense - builder.nodeCount)")
            let far = builder.elements[index].nodes[1]
            builder.elements[index].nodes[1] = sense
            let ammeter = builder.add("V", [sense, far], .source(.constant(level: 0), unit: 1))
            let magnitude = Double(builder.random.integer(in: 1...5)) / 10
                / Double(count) / max(1, drivenResistance / sensed.value)
            let gain = builder.random.chance(percent: 50) ? magnitude : -magnitude
            builder.add("F", [c, d], .sensing(source: ammeter, gain: gain))
            return true
        }
    }
}
