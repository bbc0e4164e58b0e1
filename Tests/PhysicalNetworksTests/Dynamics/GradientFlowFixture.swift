import PhysicalNetworks

extension NetworkFixtures {
    /// A reciprocal network whose relaxation is gradient flow `C dv/dt = −∂E/∂v`: three nodes,
    /// each with a capacitance to ground, four resistors, two diodes (one to ground, one
    /// between nodes) and two current sources. E = Σ ½gΔV² + Σ diode co-contents + Σ I ΔV.
    static func gradientFlowNetwork() -> Network {
        let law = ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1)
        return Network(
            unknowns: unknowns(nodes: 3),
            interactions: [
                Resistors(terminals: [(0, 1), (1, 2), (2, Unknown.ground), (0, Unknown.ground)], parameterOffset: 0),
                Diodes(diodes: [
                    .init(name: "d1", anode: 1, cathode: Unknown.ground, junction: 1, law: law, seriesConductance: 0),
                    .init(name: "d2", anode: 2, cathode: 0, junction: 2, law: law, seriesConductance: 0),
                ]),
                CurrentSources(sources: [
                    .init(name: "i1", positive: Unknown.ground, negative: 0, signal: SourceSignal(dc: 2e-3)),
                    .init(name: "i2", positive: 2, negative: Unknown.ground, signal: SourceSignal(dc: 0.5e-3)),
                ]),
                Capacitors(terminals: [(0, Unknown.ground), (1, Unknown.ground), (2, Unknown.ground)],
                           parameterOffset: 4),
            ],
            parameters: [1e-3, 2e-3, 5e-4, 1e-4, 1e-6, 2.2e-6, 0.47e-6],
            parameterNames: ["r1", "r2", "r3", "r4", "c1", "c2", "c3"])
    }
}
