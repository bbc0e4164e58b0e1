extension ElasticNetlist {
    /// An allostery task on a 2-D network (Rocks et al. 2017; Stern et al. 2021): strains
    /// imposed on `inputs` node pairs near the left edge must produce target strains on
    /// `outputs` node pairs near the right edge.
    ///
    /// Each pair is a free node nearest to a point on the edge (heights spread evenly) and its
    /// bonded free neighbour nearest to that point. An input is a new bond of stiffness
    /// `inputStiffness` across the pair (named `in1`, `in2`, …) whose rest length the data sets;
    /// an output is a distance sensor (`out1`, …). Every original bond's stiffness is trainable,
    /// within `stiffnessBounds`.
    ///
    /// - Returns: nil when the network has too few free, bonded nodes near the edges.
    public static func allostery(
        _ network: ElasticNetwork, title: String, file: String = "", inputs: Int = 1, outputs: Int = 1,
        inputStiffness: Double = 100, stiffnessBounds: ClosedRange<Double> = 1e-3...1e3
    ) -> ElasticNetlist? {
        precondition(network.dimension == 2, "the allostery task places pairs on the edges of a 2-D network")
        precondition(inputs >= 1 && outputs >= 1, "an allostery task needs an input and an output")
        let xs = network.nodes.map(\.position.x), ys = network.nodes.map(\.position.y)
        guard let left = xs.min(), let right = xs.max(), let bottom = ys.min(), let top = ys.max() else { return nil }
        var neighbours = [[Int]](repeating: [], count: network.nodes.count)
        for bond in network.bonds {
            neighbours[bond.a].append(bond.b)
            neighbours[bond.b].append(bond.a)
        }
        var used = Set<Int>()
        /// The free node nearest to `point` and its free neighbour nearest to it, both unused.
        func pair(near point: SIMD2<Double>) -> (Int, Int)? {
            func distance(_ i: Int) -> Double {
                let d = SIMD2(network.nodes[i].position.x, network.nodes[i].position.y) - point
                return (d * d).sum()
            }
            let candidates = network.nodes.indices.filter { !network.nodes[$0].pinned && !used.contains($0) }
            for a in candidates.sorted(by: { distance($0) < distance($1) }) {
                let partners = neighbours[a].filter { !network.nodes[$0].pinned && !used.contains($0) }
                if let b = partners.min(by: { distance($0) < distance($1) }) {
                    used.formUnion([a, b])
                    return (a, b)
                }
            }
            return nil
        }
        // Heights in the upper part of the span (the bottom is pinned).
        func height(_ k: Int, of count: Int) -> Double {
            bottom + (top - bottom) * (0.3 + 0.6 * (Double(k) + 0.5) / Double(count))
        }
        var elastic = network
        var netlist = ElasticNetlist(file: file, title: title, elastic: network)
        for k in 0..<inputs {
            guard let (a, b) = pair(near: SIMD2(left, height(k, of: inputs))) else { return nil }
            let name = "in\(k + 1)"
            elastic.bonds.append(ElasticNetwork.Bond(name: name, a: a, b: b, stiffness: inputStiffness,
                                                     restLength: netlist.distance(a, b)))
            netlist.roles.inputs.append(name)
        }
        for k in 0..<outputs {
            guard let (a, b) = pair(near: SIMD2(right, height(k, of: outputs))) else { return nil }
            netlist.sensors.append(Sensor(name: "out\(k + 1)", a: a, b: b))
            netlist.roles.outputs.append("out\(k + 1)")
        }
        netlist.elastic = elastic
        netlist.roles.trainable = network.bonds.map { "\($0.name).k" }
        netlist.roles.stiffnessBounds = stiffnessBounds
        return netlist
    }

    /// Samples of an allostery task: input strains ε (one per input) and output targets
    /// `d_j (1 + response · ε_{j mod inputs})` — each output follows one input, scaled by
    /// `response` (−1: the output pair contracts as much as the input pair is stretched).
    /// With one sample the strain is `strain` itself; with more they are drawn uniformly in
    /// [−strain, strain] (seeded). Features are the inputs' rest lengths (m), targets the
    /// outputs' distances (m), both from the file positions.
    public func allosterySamples(count: Int, strain: Double, response: Double, seed: UInt64) -> Dataset {
        var generator = Xoshiro256StarStar(seed: seed, stream: 7)
        let inputBonds = roles.inputs.map { name in elastic.bonds.first { $0.name == name }! }
        let outputSensors = roles.outputs.map { name in sensors.first { $0.name == name }! }
        var features: [Double] = [], targets: [Double] = []
        for _ in 0..<count {
            let strains = inputBonds.map { _ in count == 1 ? strain : generator.nextDouble(in: -strain..<strain) }
            features += zip(inputBonds, strains).map { bond, e in distance(bond.a, bond.b) * (1 + e) }
            targets += outputSensors.enumerated().map { j, sensor in
                distance(sensor.a, sensor.b) * (1 + response * strains[j % strains.count])
            }
        }
        return Dataset(featureNames: roles.inputs, targetNames: roles.outputs, features: features, targets: targets)
    }
}
