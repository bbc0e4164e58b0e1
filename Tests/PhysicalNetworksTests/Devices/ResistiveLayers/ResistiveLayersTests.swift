import Foundation
import XCTest
@testable import PhysicalNetworks

/// `ResistiveLayers` against what it stands for: its layout and initial conductances against
/// the netlist `DeepResistiveNetworkBuilder` expands from the same `.drn` description, its gain
/// compensation against its definition and against EP on the trainer, the `diode = ideal`
/// syntax and its refusals, and the closed-form node updates against independent solves
/// (bisection of the scalar node equation, Gaussian elimination of the output pair).
final class ResistiveLayersTests: XCTestCase {
    private static func parse(_ text: String) throws -> DeepResistiveNetworkDescription {
        try DeepResistiveNetworkDescription.parse(contents: text, file: "t.drn")
    }

    /// A layered network with one Shockley-rectified hidden layer (ngspice's default diode) at
    /// the `.drn` default biases, −0.7 V and 0.3 V.
    private static let shockley = ResistiveLayers(
        nodeCounts: [2, 1, 2], gains: [1, 1], biasLow: -0.7, biasHigh: 0.3,
        rectifier: .shockley(ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1)),
        differentialOutput: true)

    // MARK: Layout

    func testNodeCountsAndLayoutOfADifferentialNetwork() throws {
        let description = try Self.parse("layers = 3 5 4 2\ngain = 2")
        let layers = try ResistiveLayers(description)
        XCTAssertEqual(layers.nodeCounts, [6, 5, 4, 4], "x/−x input pairs, hidden sizes, output pairs")
        XCTAssertEqual(layers.gains, [1, 2, 2])
        XCTAssertEqual(layers.layerCount, 4)
        XCTAssertEqual(layers.blockCount, 3)
        XCTAssertEqual(layers.featureCount, 3)
        XCTAssertEqual(layers.classCount, 2)
        XCTAssertTrue(layers.differentialOutput)
        XCTAssertEqual(layers.blockParameters(0), 0..<30)
        XCTAssertEqual(layers.blockParameters(1), 30..<50)
        XCTAssertEqual(layers.blockParameters(2), 50..<66)
        XCTAssertEqual(layers.parameterCount, 66)
        XCTAssertEqual(layers.biasLow, -0.7)
        XCTAssertEqual(layers.biasHigh, 0.3)
        XCTAssertEqual(layers.rectifier, .shockley(ShockleyJunction(saturationCurrent: 1e-14, emissionCoefficient: 1)))
        // The circuit has one trainable resistor per parameter.
        let netlist = try DeepResistiveNetworkBuilder.netlist(description)
        XCTAssertEqual(netlist.roles.trainable.count, layers.parameterCount)
        XCTAssertEqual(netlist.roles.outputs.count, layers.nodeCounts[3])
        XCTAssertEqual(netlist.roles.inputs.count, layers.nodeCounts[0])
    }

    func testSingleOutputsWithoutAmplifiers() throws {
        let description = try Self.parse("layers = 3 5 4 2\ngain = none\noutput = single")
        let layers = try ResistiveLayers(description)
        XCTAssertEqual(layers.nodeCounts, [6, 5, 4, 2], "one node per class")
        XCTAssertEqual(layers.gains, [1, 1, 1], "gain = none: every layer presents its own voltage")
        XCTAssertEqual(layers.classCount, 2)
        XCTAssertFalse(layers.differentialOutput)
        XCTAssertEqual(layers.parameterCount, 6 * 5 + 5 * 4 + 4 * 2)
        for l in 0..<layers.blockCount {
            XCTAssertEqual(layers.gainCompensation(block: l), 1, "block \(l): a reciprocal network needs no compensation")
            XCTAssertEqual(layers.energyWeight(block: l), 1)
        }
        let netlist = try DeepResistiveNetworkBuilder.netlist(description)
        XCTAssertEqual(netlist.roles.trainable.count, layers.parameterCount)
        XCTAssertEqual(netlist.roles.outputs, ["y0", "y1"])
    }

    /// Parameter k of block l, row i, column j is the conductance of the circuit's resistor
    /// `r{l+1}_{i}_{j}` (1/ohms), for every resistor of the expanded netlist.
    func testInitialConductancesAreTheExpandedCircuitsResistors() throws {
        for text in ["layers = 3 5 4 2\ngain = 4\nseed = 7",
                     "layers = 2 6 3\ngain = none\noutput = single\ninit = uniform 1u 1m\nseed = 11",
                     "layers = 2 3 2\nconductance = 40u"] {
            let description = try Self.parse(text)
            let layers = try ResistiveLayers(description)
            let parameters = ResistiveLayers.initialConductances(description, count: layers.parameterCount)
            XCTAssertEqual(parameters.count, layers.parameterCount)
            let netlist = try DeepResistiveNetworkBuilder.netlist(description)
            var matched = Set<Int>()
            for element in netlist.elements {
                guard case .resistor(let ohms) = element.kind else { continue }
                let parts = element.name.dropFirst().split(separator: "_").compactMap { Int($0) }
                XCTAssertEqual(parts.count, 3, element.name)
                let (l, i, j) = (parts[0] - 1, parts[1], parts[2])
                let index = layers.blockParameters(l).lowerBound + i * layers.nodeCounts[l + 1] + j
                XCTAssertEqual(parameters[index], 1 / ohms, accuracy: 1e-15 * parameters[index],
                               "\(element.name) in \(text)")
                XCTAssertTrue(description.initialConductances.contains(parameters[index]))
                matched.insert(index)
            }
            XCTAssertEqual(matched.count, layers.parameterCount, "every parameter is one resistor (\(text))")
        }
    }

    // MARK: Gain compensation

    /// Π_{m=l+1}^{L−1} a_m² on layers = 2 3 3 3 2 (three amplifier stages): A⁶, A⁴, A², 1.
    func testGainCompensationByItsDefinition() throws {
        let layers = try ResistiveLayers(Self.parse("layers = 2 3 3 3 2\ngain = 3"))
        XCTAssertEqual(layers.gains, [1, 3, 3, 3])
        XCTAssertEqual(layers.blockCount, 4)
        for l in 0..<layers.blockCount {
            var product = 1.0
            for m in (l + 1)..<layers.blockCount { product *= layers.gains[m] * layers.gains[m] }
            XCTAssertEqual(layers.gainCompensation(block: l), product, accuracy: 1e-12 * product, "block \(l)")
        }
        XCTAssertEqual(layers.gainCompensation(block: 3), 1, "the last block is measured exactly")
        XCTAssertEqual(layers.gainCompensation(block: 2), 9, accuracy: 1e-12)
        XCTAssertEqual(layers.gainCompensation(block: 1), 81, accuracy: 1e-10)
        XCTAssertEqual(layers.gainCompensation(block: 0), 729, accuracy: 1e-9)
        XCTAssertEqual(layers.energyWeight(block: 0), 1)
        XCTAssertEqual(layers.energyWeight(block: 3), 1.0 / 729, accuracy: 1e-15)
    }

    /// A 3-4-4-4-2 network with Shockley rectifiers and A = 2, on three samples.
    private static func amplifiedNetwork(compensates: Bool) throws -> (DeepResistiveTrainer, Dataset) {
        let description = try parse("""
            layers = 3 4 4 4 2
            gain = 2
            init = uniform 50u 1m
            seed = 5
            """)
        let layers = try ResistiveLayers(description)
        let configuration = DeepResistiveTrainingConfiguration(batchSize: 3, beta: 1e-7, nudging: .centered,
                                                               compensatesGain: compensates, tolerance: 1e-14,
                                                               maxSweeps: 20_000)
        let trainer = DeepResistiveTrainer(layers: layers,
                                           parameters: ResistiveLayers.initialConductances(description, count: layers.parameterCount),
                                           bounds: description.bounds, configuration: configuration, seed: 1)
        let data = Dataset(featureNames: ["x0", "x1", "x2"], targetNames: ["y0", "y1"],
                           features: [8, -6, 5, -3, 4, 7, 1, 1, -2], targets: [0.3, -0.2, -0.1, 0.4, 0.2, 0.2])
        return (trainer, data)
    }

    private static func norm(_ x: ArraySlice<Double>) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Without compensation EP measures block l's gradient times 1/gainCompensation(l) (the
    /// same direction); with it, the exact gradient itself.
    func testUncompensatedEPIsTheExactGradientScaledPerBlock() throws {
        let (raw, data) = try Self.amplifiedNetwork(compensates: false)
        let rows = [0, 1, 2]
        let exact = try raw.exactGradient(on: data, rows: rows)
        let estimate = try raw.gradientEstimate(on: data, rows: rows)
        var ratios: [Double] = []
        for l in 0..<raw.layers.blockCount {
            let range = raw.layers.blockParameters(l)
            let ratio = Self.norm(estimate[range]) / Self.norm(exact[range])
            let cosine = LayeredTrainingRun.cosine(estimate[range], exact[range])
            ratios.append(ratio)
            XCTAssertGreaterThan(Self.norm(exact[range]), 0, "block \(l) must have a gradient")
            XCTAssertEqual(ratio * raw.layers.gainCompensation(block: l), 1, accuracy: 1e-5, "block \(l)")
            XCTAssertGreaterThan(cosine, 1 - 1e-9, "block \(l)")
        }
        print("drn uncompensated EP / exact norm ratio per block (A = 2): \(ratios)")

        let (compensated, _) = try Self.amplifiedNetwork(compensates: true)
        let corrected = try compensated.gradientEstimate(on: data, rows: rows)
        let error = DeepResistiveNetworkLearningTests.relativeError(corrected, exact)
        print("drn compensated EP vs exact (A = 2, 3 hidden layers): relative error \(error)")
        XCTAssertLessThan(error, 1e-5)
    }

    // MARK: Ideal diodes and refusals

    func testIdealDiodesParse() throws {
        for spelling in ["ideal", "IDEAL", "Ideal"] {
            let description = try Self.parse("layers = 2 3 2\nbias_low = 0\nbias_high = 1\ndiode = \(spelling)")
            XCTAssertTrue(description.idealDiodes, spelling)
            let layers = try ResistiveLayers(description)
            XCTAssertEqual(layers.rectifier, .ideal)
            XCTAssertEqual(layers.hiddenVoltage(d: 1e-3, c: 5e-3, start: 0), 1, "clipped to bias_high")
            XCTAssertEqual(layers.hiddenVoltage(d: 1e-3, c: -5e-3, start: 0), 0, "clipped to bias_low")
            XCTAssertEqual(layers.hiddenVoltage(d: 1e-3, c: 0.4e-3, start: 0), 0.4, accuracy: 1e-15)
        }
        XCTAssertFalse(try Self.parse("layers = 2 3 2").idealDiodes, "Shockley by default")
    }

    func testIdealDiodesTakeNoParameters() {
        XCTAssertThrowsError(try Self.parse("layers = 2 3 2\ndiode = ideal extra")) { error in
            guard let error = error as? NetlistError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.location, SourceLocation(file: "t.drn", line: 2, column: 15), "at 'extra'")
            XCTAssertEqual(error.description, "t.drn:2:15: 'diode = ideal' takes no parameters")
        }
    }

    func testBuilderRefusesIdealDiodesInHiddenLayers() throws {
        let description = try Self.parse("# a comment\nlayers = 2 3 2\ndiode = ideal")
        XCTAssertThrowsError(try DeepResistiveNetworkBuilder.netlist(description)) { error in
            guard let error = error as? NetlistError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.location, SourceLocation(file: "t.drn", line: 2, column: 1))
            XCTAssertTrue(error.message.contains("ideal diodes"), error.message)
            XCTAssertTrue(error.message.contains("Shockley"), error.message)
        }
        // The layered solver takes the same description.
        XCTAssertEqual(try ResistiveLayers(description).rectifier, .ideal)
        // Without hidden layers there is no diode, and the circuit expands.
        let flat = try DeepResistiveNetworkBuilder.netlist(Self.parse("layers = 2 2\ndiode = ideal"))
        XCTAssertEqual(flat.roles.trainable.count, 16)
    }

    func testDiodeSeriesResistanceIsRefused() throws {
        let description = try Self.parse("layers = 2 3 2\ndiode = IS=1e-14 N=1 RS=10")
        XCTAssertThrowsError(try ResistiveLayers(description)) { error in
            guard let error = error as? NetlistError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.location, SourceLocation(file: "t.drn", line: 1, column: 1))
            XCTAssertTrue(error.message.contains("RS = 10"), error.message)
        }
        XCTAssertNoThrow(try ResistiveLayers(Self.parse("layers = 2 3 2\ndiode = IS=1e-14 N=1 RS=0")))
    }

    // MARK: Node updates

    /// The root of `f(V) = D V − c + j(V − high) − j(low − V)` by plain bisection to adjacent
    /// doubles (f is increasing).
    private static func bisectedRoot(d: Double, c: Double, junction: ShockleyJunction, low: Double, high: Double) -> Double {
        func f(_ v: Double) -> Double {
            d * v - c + junction.currentAndConductance(v - high).current - junction.currentAndConductance(low - v).current
        }
        var lower = -1e4, upper = 1e4
        precondition(f(lower) < 0 && f(upper) > 0)
        while true {
            let middle = 0.5 * (lower + upper)
            if middle <= lower || middle >= upper { return abs(f(lower)) < abs(f(upper)) ? lower : upper }
            if f(middle) > 0 { upper = middle } else { lower = middle }
        }
    }

    func testShockleyNodeVoltageAgreesWithBisection() {
        let layers = Self.shockley
        guard case .shockley(let junction) = layers.rectifier else { return XCTFail() }
        var worst = 0.0, cases = 0, forward = 0, reverse = 0
        for d in [1e-6, 1e-4, 1e-2] {
            for ratio in [-50.0, -3, -0.9, -0.7, -0.2, 0, 0.25, 0.3, 0.5, 2, 50] {
                let c = ratio * d
                let reference = Self.bisectedRoot(d: d, c: c, junction: junction, low: layers.biasLow, high: layers.biasHigh)
                if reference > layers.biasHigh + 0.5 { forward += 1 }
                if reference < layers.biasLow - 0.5 { reverse += 1 }
                for start in [0, ratio, 100, -100, 1e6, .nan, reference + 1e-3, reference - 1e-3] {
                    let v = layers.hiddenVoltage(d: d, c: c, start: start)
                    let error = abs(v - reference)
                    worst = max(worst, error / max(abs(reference), 1))
                    XCTAssertLessThanOrEqual(error, 1e-13 * max(abs(reference), 1),
                                             "d \(d) c \(c) start \(start): \(v) vs bisection \(reference)")
                    cases += 1
                }
            }
        }
        print("drn Shockley node update vs bisection: \(cases) cases (\(forward) roots > bias_high + 0.5 V: high diode far forward, low far reverse; \(reverse) roots < bias_low − 0.5 V), worst relative error \(worst)")
        XCTAssertGreaterThan(forward, 0, "cases with the high diode far forward must be present")
        XCTAssertGreaterThan(reverse, 0, "cases with the low diode far forward must be present")
    }

    /// Gaussian elimination with partial pivoting of the 2×2 output equations.
    private static func eliminate(_ a: [[Double]], _ b: [Double]) -> (Double, Double) {
        var (a, b) = (a, b)
        if abs(a[1][0]) > abs(a[0][0]) { a.swapAt(0, 1); b.swapAt(0, 1) }
        let factor = a[1][0] / a[0][0]
        let a11 = a[1][1] - factor * a[0][1], b1 = b[1] - factor * b[0]
        let x1 = b1 / a11
        return ((b[0] - a[0][1] * x1) / a[0][0], x1)
    }

    func testOutputPairSolvesTheNudgedEquations() throws {
        var generator = Xoshiro256StarStar(seed: 3)
        var worst = 0.0
        for trial in 0..<200 {
            let dPlus = generator.nextDouble(in: 1e-5..<1e-2), dMinus = generator.nextDouble(in: 1e-5..<1e-2)
            let cPlus = generator.nextDouble(in: -1e-2..<1e-2), cMinus = generator.nextDouble(in: -1e-2..<1e-2)
            let target = generator.nextDouble(in: -1..<1)
            // β from the free phase up to strong nudges, and negative ones the energy still bounds.
            let limit = dPlus * dMinus / (dPlus + dMinus)
            let beta = trial % 4 == 0 ? 0 : trial % 4 == 1 ? -0.9 * limit * generator.nextDouble(in: 0..<1)
                : generator.nextDouble(in: 0..<1e-1) * (trial % 4 == 2 ? 1e-3 : 1)
            let pair = try XCTUnwrap(ResistiveLayers.outputPair(dPlus: dPlus, dMinus: dMinus, cPlus: cPlus,
                                                                cMinus: cMinus, target: target, beta: beta),
                                     "trial \(trial): β \(beta) above −\(limit)")
            let reference = Self.eliminate([[dPlus + beta, -beta], [-beta, dMinus + beta]],
                                           [cPlus + beta * target, cMinus - beta * target])
            let scale = max(abs(reference.0), abs(reference.1), 1e-300)
            let error = max(abs(pair.plus - reference.0), abs(pair.minus - reference.1)) / scale
            worst = max(worst, error)
            XCTAssertLessThan(error, 1e-9, "trial \(trial): \(pair) vs \(reference)")
        }
        print("drn output pair vs Gaussian elimination: worst relative difference \(worst)")

        // det = D⁺D⁻ + β(D⁺ + D⁻) ≤ 0 for β ≤ −D⁺D⁻/(D⁺ + D⁻) = −5e-4 S here: no minimum.
        XCTAssertNil(ResistiveLayers.outputPair(dPlus: 1e-3, dMinus: 1e-3, cPlus: 1e-4, cMinus: 0, target: 1, beta: -6e-4))
        XCTAssertNil(ResistiveLayers.outputPair(dPlus: 1e-3, dMinus: 1e-3, cPlus: 1e-4, cMinus: 0, target: 1, beta: -5e-4))
        XCTAssertNotNil(ResistiveLayers.outputPair(dPlus: 1e-3, dMinus: 1e-3, cPlus: 1e-4, cMinus: 0, target: 1, beta: -4e-4))
        XCTAssertNil(ResistiveLayers.outputNode(d: 1e-3, c: 1e-4, target: 1, beta: -1e-3))
        XCTAssertEqual(try XCTUnwrap(ResistiveLayers.outputNode(d: 1e-3, c: 1e-4, target: 1, beta: 1e-3)),
                       (1e-4 + 1e-3) / 2e-3, accuracy: 1e-15)
    }
}
