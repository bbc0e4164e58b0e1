/// A random RC network: `nodes` nodes joined by a random spanning tree plus as many random
/// extra resistors (1–10 kΩ, log-uniform), a leak of 100 kΩ–1 MΩ from every node to ground,
/// a capacitor of 1–10 nF on every node, three voltage sources (each through 100 Ω) and three
/// current sources (100 µA) on random nodes. Time constants span about 1 µs (one resistor, one capacitor) to
/// about 1 ms (a capacitor through its leak): a stiff network. It settles (to 10⁻⁹) in about
/// 12 ms; the transient runs to 20 ms.
public enum RandomRCNetwork {
    public static func make(nodes: Int = 1_000, seed: UInt64 = 2_024) -> BenchmarkCircuit {
        precondition(nodes >= 2, "a random RC network needs at least 2 nodes, got \(nodes)")
        var random = SplitMix64(seed: seed)
        func node(_ i: Int) -> String { "n\(i)" }
        var elements: [String] = []
        var resistorCount = 0
        func resistor(_ a: String, _ b: String, _ ohms: Double) {
            resistorCount += 1
            elements.append("R\(resistorCount) \(a) \(b) \(spice(ohms))")
        }
        for i in 1..<nodes {
            resistor(node(random.index(below: i)), node(i), random.logUniform(1e3, 1e4))
        }
        for _ in 0..<nodes {
            let a = random.index(below: nodes)
            var b = random.index(below: nodes - 1)
            if b >= a { b += 1 }
            resistor(node(a), node(b), random.logUniform(1e3, 1e4))
        }
        for i in 0..<nodes { resistor(node(i), "0", random.logUniform(1e5, 1e6)) }
        for i in 0..<nodes { elements.append("C\(i + 1) \(node(i)) 0 \(spice(random.logUniform(1e-9, 1e-8)))") }
        for k in 1...3 {
            // Each voltage source drives its node through a 100 Ω output resistance.
            let volts = 2 * random.unit() - 1
            elements.append(BenchmarkCircuit.stepSource("V\(k)", "s\(k)", "0", volts))
            resistor("s\(k)", node(random.index(below: nodes)), 100)
        }
        for k in 1...3 {
            // Current flows from n+ (ground) through the source into the node.
            elements.append(BenchmarkCircuit.stepSource("I\(k)", "0", node(random.index(below: nodes)), 1e-4))
        }
        return BenchmarkCircuit(name: "rc\(nodes)", nodeCount: nodes, stopTime: 2e-2, outputStep: 2e-4,
                                elements: elements)
    }
}
