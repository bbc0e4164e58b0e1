extension RandomCircuits {
    /// Assembles one random circuit element by element, keeping the guarantees listed on
    /// `RandomCircuits`. Node 0 is ground; nodes 1...nodeCount are `n1`...; sense nodes follow.
    struct Builder {
        /// One element; `nodes` are node indices in SPICE terminal order.
        struct Element {
            enum Value {
                case number(SpiceNumber)
                case diodeModel
                case source(Waveform, unit: Double)
                case sensing(source: String, gain: Double)
            }
            let name: String
            var nodes: [Int]
            let value: Value
        }

        let configuration: Configuration
        var random: SplitMix64
        var nodeNames: [String]
        var elements: [Element] = []
        /// Nodes joined by voltage-defined branches; a new one may not close a loop.
        var voltageForest: DisjointSets
        /// The named nodes split into consecutive layers. Passive elements and independent
        /// sources stay inside one layer (or go to ground); controlled sources sense an earlier
        /// layer and drive a later one. One layer unless controlled sources are included.
        let layers: [[Int]]
        /// Each node's index in `layers`; -1 for ground.
        let layerOfNode: [Int]
        private var countsByPrefix: [String: Int] = [:]

        var nodeCount: Int { configuration.nodeCount }

        init(seed: UInt64, configuration: Configuration) {
            let nodeCount = configuration.nodeCount
            precondition(nodeCount >= 2, "need at least 2 nodes, got \(nodeCount)")
            self.configuration = configuration
            random = SplitMix64(seed: seed)
            nodeNames = ["0"] + (1...nodeCount).map { "n\($0)" }
            voltageForest = DisjointSets(count: nodeCount + 1)
            let layerCount = configuration.includesControlledSources ? min(3, max(1, nodeCount / 3)) : 1
            layers = (0..<layerCount).map { layer in
                Array((1 + layer * nodeCount / layerCount)...((layer + 1) * nodeCount / layerCount))
            }
            var layerOfNode = [-1] + [Int](repeating: 0, count: nodeCount)
            for (index, layer) in layers.enumerated() {
                for node in layer { layerOfNode[node] = index }
            }
            self.layerOfNode = layerOfNode
        }

        /// Appends an element named with `prefix` and the next number for it; returns the name.
        @discardableResult
        mutating func add(_ prefix: String, _ nodes: [Int], _ value: Element.Value) -> String {
            let number = countsByPrefix[prefix, default: 0] + 1
            countsByPrefix[prefix] = number
            let name = "\(prefix)\(number)"
            elements.append(Element(name: name, nodes: nodes, value: value))
            return name
        }

        /// A random non-ground node, of any layer or of the given one.
        mutating func randomNode(inLayer layer: Int? = nil) -> Int {
            layer.map { random.element(of: layers[$0]) } ?? random.integer(in: 1...nodeCount)
        }

        /// Ground with probability `percent`/100, otherwise a random node of `node`'s layer
        /// (possibly `node` itself, which callers reject).
        mutating func groundOrNode(besides node: Int, percent: Int) -> Int {
            random.chance(percent: percent) ? 0 : randomNode(inLayer: layerOfNode[node])
        }

        /// About `count` draws of a random valid choice: `draw` returns false to reject, and a
        /// proposal is retried at most 50 times before it is given up.
        mutating func repeatDrawing(_ count: Int, _ draw: (inout Builder) -> Bool) {
            for _ in 0..<count {
                for _ in 0..<50 {
                    if draw(&self) { break }
                }
            }
        }

        /// The finished netlist and its metadata.
        func circuit(seed: UInt64, slowestTimeConstant: Double, stopTime: SpiceNumber) -> Circuit {
            let maximumStep = stopTime.scaled(by: 1, digits: 3)
            var lines = ["random circuit: seed \(seed), \(nodeCount) nodes"]
            if elements.contains(where: { if case .diodeModel = $0.value { true } else { false } }) {
                let seriesResistance = configuration.diodeSeriesResistance.map { " RS=\($0)" } ?? ""
                lines.append(".model dmod D (IS=1e-14 N=1.5\(seriesResistance))")
            }
            for element in elements {
                let nodes = element.nodes.map { nodeNames[$0] }.joined(separator: " ")
                lines.append("\(element.name) \(nodes) \(text(of: element.value, stopTime: stopTime))")
            }
            if configuration.analyses.contains(.operatingPoint) { lines.append(".op") }
            if configuration.analyses.contains(.transient) {
                lines.append(".tran \(maximumStep) \(stopTime) 0 \(maximumStep)")
            }
            lines.append(".end")
            return Circuit(
                seed: seed, netlist: lines.joined(separator: "\n") + "\n",
                nodes: Array(nodeNames.dropFirst()), slowestTimeConstant: slowestTimeConstant,
                suggestedStopTime: stopTime.value, suggestedMaximumStep: maximumStep.value)
        }

        private func text(of value: Element.Value, stopTime: SpiceNumber) -> String {
            switch value {
            case .number(let number): return "\(number)"
            case .diodeModel: return "dmod"
            case .source(let waveform, let unit): return waveform.text(stopTime: stopTime, unit: unit)
            case .sensing(let source, let gain): return "\(source) \(gain)"
            }
        }
    }
}
