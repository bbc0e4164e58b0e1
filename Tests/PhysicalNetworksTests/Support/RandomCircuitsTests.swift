import XCTest

/// The random circuit generator: determinism, structural guarantees, and that ngspice solves
/// every kind of circuit it makes.
final class RandomCircuitsTests: XCTestCase {
    /// The configurations the parity tests are expected to use.
    private static var configurations: [(label: String, configuration: RandomCircuits.Configuration)] {
        var linear = RandomCircuits.Configuration()
        linear.analyses = [.operatingPoint, .transient]
        var diodes = linear
        diodes.includesDiodes = true
        var diodesWithSeriesResistance = diodes
        diodesWithSeriesResistance.diodeSeriesResistance = 10
        diodesWithSeriesResistance.stimulus = .piecewiseLinear
        var controlled = linear
        controlled.includesControlledSources = true
        controlled.stimulus = .mixed
        var everything = controlled
        everything.includesDiodes = true
        everything.nodeCount = 48
        var algebraic = everything
        algebraic.capacitance = .someNodes(fraction: 0.5)
        algebraic.nodeCount = 30
        var resistive = everything
        resistive.capacitance = .none
        resistive.nodeCount = 12
        var currentsOnly = linear
        currentsOnly.includesVoltageSources = false
        return [("linear", linear), ("diodes", diodes), ("diodes+RS", diodesWithSeriesResistance),
                ("controlled", controlled), ("everything", everything), ("DAE", algebraic),
                ("resistive", resistive), ("currents only", currentsOnly)]
    }

    func testSameSeedGivesIdenticalText() {
        for (label, configuration) in Self.configurations {
            let first = RandomCircuits.circuit(seed: 42, configuration: configuration)
            let second = RandomCircuits.circuit(seed: 42, configuration: configuration)
            let other = RandomCircuits.circuit(seed: 43, configuration: configuration)
            XCTAssertEqual(first.netlist, second.netlist, label)
            XCTAssertEqual(first.nodes, second.nodes, label)
            XCTAssertNotEqual(first.netlist, other.netlist, label)
        }
    }

    /// A fixed seed's text never changes: the generator uses its own generator and exact decimals.
    func testTextIsStableAcrossPlatforms() {
        var configuration = RandomCircuits.Configuration()
        configuration.nodeCount = 6
        configuration.includesDiodes = true
        configuration.diodeSeriesResistance = 10
        configuration.includesControlledSources = true
        configuration.capacitance = .someNodes(fraction: 0.5)
        configuration.stimulus = .mixed
        configuration.analyses = [.operatingPoint, .transient]
        let circuit = RandomCircuits.circuit(seed: 1, configuration: configuration)
        XCTAssertEqual(circuit.netlist, Self.seedOneSixNodes, "got:\n\(circuit.netlist)")
    }

    private static let seedOneSixNodes = """
        random circuit: seed 1, 6 nodes
        .model dmod D (IS=1e-14 N=1.5 RS=10.0)
        R1 n1 0 3e2
        R2 n2 s1 75e1
        R3 n3 0 82e1
        R4 n1 n2 22e2
        R5 n3 n1 3e2
        R6 n3 0 1e3
        R7 n6 0 43e2
        R8 n5 n6 3e3
        R9 n4 n5 15e1
        R10 n4 n6 68e1
        R11 n6 n4 22e2
        V1 n3 n2 PWL(0 -1 84e-8 12e-1 168e-8 -6e-1 392e-8 1 448e-8 3e-1)
        E1 n6 n4 n1 n2 -5e-1
        D1 n1 n2 dmod
        C1 n2 0 51e-10
        C2 n3 0 82e-11
        C3 n5 0 18e-11
        C4 n6 n5 22e-10
        I1 n4 0 PWL(0 -6.976744186046503e-05 168e-8 0.0002790697674418601 392e-8 -6.976744186046503e-05 42e-7 0.0003255813953488368 476e-8 6.976744186046503e-05)
        V2 s1 0 DC 0
        F1 n5 0 V2 -0.08440514469453365
        .op
        .tran 56e-10 56e-7 0 56e-10
        .end

        """

    /// Every node has at least two element terminals and a resistor; voltage-defined branches
    /// make no loop; every element's nodes are named.
    func testStructuralGuarantees() throws {
        for (label, configuration) in Self.configurations {
            for seed: UInt64 in 0..<20 {
                let circuit = RandomCircuits.circuit(seed: seed, configuration: configuration)
                let elements = circuit.netlist.split(separator: "\n").dropFirst()
                    .map { $0.split(separator: " ").map(String.init) }
                    .filter { !$0[0].hasPrefix(".") }
                var terminals: [String: Int] = [:]
                var resistorNodes: Set<String> = []
                var voltageForest = RandomCircuits.DisjointSets(count: circuit.nodes.count + 1)
                let index = Dictionary(uniqueKeysWithValues: (["0"] + circuit.nodes).enumerated().map { ($1, $0) })
                for fields in elements {
                    let kind = fields[0].first
                    for node in fields[1...2] { terminals[node, default: 0] += 1 }
                    if kind == "R" { resistorNodes.formUnion(fields[1...2]) }
                    if kind == "V" || kind == "E" {
                        let a = try XCTUnwrap(index[fields[1]]), b = try XCTUnwrap(index[fields[2]])
                        XCTAssertTrue(voltageForest.join(a, b), "\(label) seed \(seed): loop at \(fields[0])")
                    }
                }
                for node in circuit.nodes {
                    XCTAssertGreaterThanOrEqual(terminals[node, default: 0], 2, "\(label) seed \(seed): \(node)")
                    XCTAssertTrue(resistorNodes.contains(node), "\(label) seed \(seed): \(node)")
                }
                XCTAssertEqual(Set(terminals.keys), Set(circuit.nodes + ["0"]), "\(label) seed \(seed)")
            }
        }
    }

    func testSlowestTimeConstantOfAKnownNetwork() {
        // n1 —1 kΩ— ground, n1 —1 kΩ— n2, C = 1 µF from each node to ground:
        // G = [[2, −1], [−1, 1]] mS, C = I µF, so τ = C/λ_min(G) = 1 µF / (0.382 mS).
        var network = RandomCircuits.LinearNetwork(nodeCount: 2, shorted: RandomCircuits.DisjointSets(count: 3))
        network.addConductance(1e-3, between: 1, 0)
        network.addConductance(1e-3, between: 1, 2)
        network.addCapacitance(1e-6, between: 1, 0)
        network.addCapacitance(1e-6, between: 2, 0)
        network.factor()
        let smallestEigenvalue = (3 - 5.0.squareRoot()) / 2 * 1e-3
        XCTAssertEqual(network.slowestTimeConstant(), 1e-6 / smallestEigenvalue, accuracy: 1e-15)
        XCTAssertEqual(network.transferResistance(between: 2, and: 0), 2000, accuracy: 1e-9)
        XCTAssertEqual(network.transferResistance(between: 1, and: 2), 1000, accuracy: 1e-9)
    }

    /// Every configuration runs in ngspice for several seeds, with `.op` and `.tran`; every node
    /// is reported, stays within a few volts, and the stop time covers five time constants.
    func testCircuitsRunInNgspice() throws {
        try XCTSkipUnless(Ngspice.isAvailable, "ngspice is not installed")
        for (label, configuration) in Self.configurations {
            for seed: UInt64 in 1...4 {
                let circuit = RandomCircuits.circuit(seed: seed, configuration: configuration)
                let context = "\(label) seed \(seed)"
                XCTAssertGreaterThanOrEqual(circuit.suggestedStopTime, 5 * circuit.slowestTimeConstant, context)
                let plots = try Ngspice.run(netlist: circuit.netlist)
                let operatingPoint = try plots.plot(named: "Operating Point").vectors
                let transient = try plots.plot(named: "Transient Analysis").vectors
                XCTAssertEqual(try XCTUnwrap(transient["time"]?.last), circuit.suggestedStopTime,
                               accuracy: 1e-9 * circuit.suggestedStopTime, context)
                for node in circuit.nodes {
                    let v = try XCTUnwrap(operatingPoint[node]?.first, "\(context): \(node)")
                    let waveform = try XCTUnwrap(transient[node], "\(context): \(node)")
                    XCTAssertLessThan(abs(v), 10, "\(context): \(node)")
                    XCTAssertLessThan(waveform.map(abs).max() ?? .infinity, 10, "\(context): \(node)")
                }
            }
        }
    }
}
