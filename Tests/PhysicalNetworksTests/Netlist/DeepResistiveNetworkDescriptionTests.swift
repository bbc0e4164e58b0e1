import XCTest
@testable import PhysicalNetworks

/// `.drn` parsing: every key, the defaults, and every error at its file:line:col.
final class DeepResistiveNetworkDescriptionTests: XCTestCase {
    func testParsesEveryKey() throws {
        let text = """
        # comment line
        layers = 4 6 3 2   # trailing comment
        gain = 2.5
        bias_high = 0.4
        bias_low = -0.6
        diode = IS=2e-14 n=1.5 RS=10
        init = uniform 20u 80u
        seed = 7
        bounds = 2u 2m
        capacitance = 10n
        output = single
        inputs = 1 -0.5 0.25 2m
        """
        let d = try DeepResistiveNetworkDescription.parse(contents: text, file: "a.drn")
        XCTAssertEqual(d.layers, [4, 6, 3, 2])
        XCTAssertEqual(d.gain, 2.5)
        XCTAssertEqual(d.biasHigh, 0.4)
        XCTAssertEqual(d.biasLow, -0.6)
        XCTAssertEqual(d.diodeSaturationCurrent, 2e-14)
        XCTAssertEqual(d.diodeEmissionCoefficient, 1.5)
        XCTAssertEqual(d.diodeSeriesResistance, 10)
        XCTAssertEqual(d.initialConductances, 20e-6...80e-6)
        XCTAssertEqual(d.seed, 7)
        XCTAssertEqual(d.bounds, 2e-6...2e-3)
        XCTAssertEqual(d.capacitance, 10e-9)
        XCTAssertEqual(d.output, .single)
        XCTAssertEqual(d.inputs, [1, -0.5, 0.25, 2e-3])
        XCTAssertEqual(d.location, SourceLocation(file: "a.drn", line: 2, column: 1))
    }

    func testDefaultsAndShorthands() throws {
        let d = try DeepResistiveNetworkDescription.parse(contents: "layers=2 2\n", file: "b.drn")
        XCTAssertEqual(d.gain, 4)
        XCTAssertEqual(d.biasHigh, 0.3)
        XCTAssertEqual(d.biasLow, -0.7)
        XCTAssertEqual(d.diodeSaturationCurrent, 1e-14)
        XCTAssertEqual(d.diodeEmissionCoefficient, 1)
        XCTAssertEqual(d.initialConductances, 10e-6...100e-6)
        XCTAssertEqual(d.bounds, 1e-6...1e-3)
        XCTAssertEqual(d.capacitance, 1e-9)
        XCTAssertEqual(d.output, .differential)
        XCTAssertEqual(d.inputs, [0, 0])
        let e = try DeepResistiveNetworkDescription.parse(contents: "layers = 2 3 2\ngain = NONE\nconductance = 100u", file: "c.drn")
        XCTAssertNil(e.gain)
        XCTAssertEqual(e.initialConductances.lowerBound, 50e-6, accuracy: 1e-18)
        XCTAssertEqual(e.initialConductances.upperBound, 150e-6, accuracy: 1e-18)
    }

    func testShippedExampleParses() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("circuits/drn_small.drn").path
        let d = try DeepResistiveNetworkDescription.parse(fileAt: path)
        XCTAssertEqual(d.layers, [4, 6, 2])
        XCTAssertEqual(d.gain, 4)
    }

    /// (text, expected "line:col: message" prefix)
    static let errors: [(String, String)] = [
        ("gain = 4", "1:1: missing 'layers"),
        ("layers = 2 2\n  oops", "2:3: expected 'key = value', found 'oops'"),
        ("layers = 2 2\n = 3", "2:2: missing key before '='"),
        ("layers = 2 2\nmy key = 3", "2:4: unexpected 'key' in key"),
        ("layers = 2 2\ngian = 3", "2:1: unknown key 'gian'"),
        ("layers = 2 2\nseed = 1\n seed = 2", "3:2: duplicate key 'seed' (first given at e.drn:2:1)"),
        ("layers = 2 2\ngain =   # nothing", "2:7: missing value for 'gain'"),
        ("layers = 2 0", "1:12: layer size must be a positive integer, got '0'"),
        ("layers = 2 x", "1:12: layer size must be a positive integer, got 'x'"),
        ("layers = 3", "1:10: 'layers' needs at least 2 sizes"),
        ("layers = 2 2\ngain = 4 5", "2:10: 'gain' takes one value, got 2"),
        ("layers = 2 2\ngain = -1", "2:8: 'gain' must be positive, got -1"),
        ("layers = 2 2\ngain = x4", "2:8: malformed number 'x4' for 'gain'"),
        ("layers = 2 2\nbias_high = -1", "2:1: bias_high (-1.0 V) must be above bias_low (-0.7 V)"),
        ("layers = 2 2\ndiode = IS", "2:9: expected diode parameter 'NAME=value'"),
        ("layers = 2 2\ndiode = BV=3", "2:9: unknown diode parameter 'BV'"),
        ("layers = 2 2\ndiode = IS=-1", "2:12: 'is' must be positive, got -1"),
        ("layers = 2 2\ndiode = N=1 RS=-2", "2:16: RS must be ≥ 0, got -2.0"),
        ("layers = 2 2\ninit = normal 1u 2u", "2:8: unknown initialization 'normal'"),
        ("layers = 2 2\ninit = uniform 1u", "2:16: 'init' takes two values 'lo hi' (S), got 1"),
        ("layers = 2 2\ninit = uniform 2u 1u", "2:16: 'init': lower value 2u must be below upper value 1u"),
        ("layers = 2 2\ninit = uniform 1u 2u\nconductance = 1u", "2:1: 'init' and 'conductance' both set"),
        ("layers = 2 2\ninit = uniform 100n 2u", "2:1: initial conductances"),
        ("layers = 2 2\nseed = -3", "2:8: seed must be a non-negative integer, got '-3'"),
        ("layers = 2 2\nbounds = 1m 1m", "2:10: 'bounds': lower value 1m must be below upper value 1m"),
        ("layers = 2 2\nbounds = 1u 1m 3", "2:16: 'bounds' takes two values 'lo hi' (S), got 3"),
        ("layers = 2 2\ncapacitance = 0", "2:15: 'capacitance' must be positive, got 0"),
        ("layers = 2 2\noutput = both", "2:10: output must be 'differential' or 'single', got 'both'"),
        ("layers = 2 2\ninputs = 1", "2:10: 'inputs' needs 2 values (one per input feature), got 1"),
        ("layers = 2 2\ninputs = 1 2 3", "2:14: 'inputs' needs 2 values (one per input feature), got 3"),
    ]

    func testEveryErrorHasItsLineAndColumn() {
        for (text, expected) in Self.errors {
            do {
                let d = try DeepResistiveNetworkDescription.parse(contents: text, file: "e.drn")
                XCTFail("\(text.debugDescription) parsed: \(d)")
            } catch {
                XCTAssertTrue(error.description.hasPrefix("e.drn:" + expected),
                              "\(text.debugDescription): got '\(error.description)', expected 'e.drn:\(expected)…'")
            }
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try DeepResistiveNetworkDescription.parse(fileAt: "/nonexistent/x.drn")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/x.drn:1:1: no such file")
        }
    }
}
