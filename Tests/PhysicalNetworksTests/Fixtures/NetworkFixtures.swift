import PhysicalNetworks

/// Small hand-built networks with known answers.
enum NetworkFixtures {
    /// PHYSICS.md case 1: V₀ = 1 V source at node `in`, g_a = 1 S from `in` to `out`,
    /// g_b = 2 S from `out` to ground, capacitance `c` (F) at `out`. V_out* = 1/3 V.
    static func divider(capacitance: Double = 1e-3) -> Network {
        // unknowns: 0 = in, 1 = out, 2 = branch of V0
        Network(
            unknowns: [Unknown(name: "in", kind: .nodeVoltage), Unknown(name: "out", kind: .nodeVoltage),
                       Unknown(name: "v0", kind: .branchCurrent)],
            interactions: [
                Resistors(terminals: [(0, 1), (1, Unknown.ground)], parameterOffset: 0),
                Capacitors(terminals: [(1, Unknown.ground)], parameterOffset: 2),
                VoltageSources(sources: [.init(name: "v0", positive: 0, negative: Unknown.ground, branch: 2,
                                               signal: SourceSignal(dc: 1))]),
            ],
            parameters: [1, 2, capacitance], parameterNames: ["ra", "rb", "c1"])
    }

    /// An RC ladder of `count` nodes driven by a current source into node 0: every node has a
    /// capacitance to ground (an ODE, so explicit methods apply).
    static func currentDrivenLadder(count: Int, current: Double = 1e-3) -> Network {
        var resistorTerminals: [(a: Int, b: Int)] = []
        var parameters: [Double] = []
        var names: [String] = []
        for i in 0..<count {
            resistorTerminals.append((i, i + 1 < count ? i + 1 : Unknown.ground))
            parameters.append(1e-3 * Double(i + 1))
            names.append("r\(i)")
        }
        for i in 0..<count {
            resistorTerminals.append((i, Unknown.ground))
            parameters.append(2e-4)
            names.append("rg\(i)")
        }
        let capacitorOffset = parameters.count
        for i in 0..<count {
            parameters.append(1e-6 * Double(1 + i % 3))
            names.append("c\(i)")
        }
        return Network(
            unknowns: (0..<count).map { Unknown(name: "n\($0)", kind: .nodeVoltage) },
            interactions: [
                Resistors(terminals: resistorTerminals, parameterOffset: 0),
                Capacitors(terminals: (0..<count).map { ($0, Unknown.ground) }, parameterOffset: capacitorOffset),
                CurrentSources(sources: [.init(name: "i1", positive: Unknown.ground, negative: 0,
                                               signal: SourceSignal(dc: current))]),
            ],
            parameters: parameters, parameterNames: names)
    }

    /// The DC operating point of `network` from the zero state, with the solver's report.
    static func operatingPoint(
        of network: Network, solver: OperatingPointSolver = OperatingPointSolver(), drive: Drive = .dc
    ) -> (state: [Double], report: OperatingPointSolver.Report) {
        let equations = NetworkEquations(network: network)
        var state = [Double](repeating: 0, count: network.dimension)
        let report = state.withUnsafeMutableBufferPointer { solver.solve(equations, drive: drive, state: $0) }
        return (state, report)
    }

    /// Unknowns named `n0, n1, …` (node voltages) followed by branch currents named `names`.
    static func unknowns(nodes: Int, branches names: [String] = []) -> [Unknown] {
        (0..<nodes).map { Unknown(name: "n\($0)", kind: .nodeVoltage) }
            + names.map { Unknown(name: $0, kind: .branchCurrent) }
    }
}
