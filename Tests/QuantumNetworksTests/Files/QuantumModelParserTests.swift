import XCTest
import PhysicalNetworks
@testable import QuantumNetworks

/// Quantum model files: what a valid file gives, and every malformed file refused at its line
/// and column.
final class QuantumModelParserTests: XCTestCase {
    static let spins = """
        Two spins (PHYSICS.md case 4)
        * −J Z0 Z1 − h0 Z0 − h1 Z1 − G (X0 + X1)
        spin a
        spin b
        zz J a b 0.5
        field h0 a -0.2
        field h1 b 300m
        transverse G0 a 0.7
        transverse G1 b 0.7 ; inline comment
        xx K a b 0.1
        *@ input h1
        *@ output a
        *@ state 1
        .end
        """

    func testSpinModel() throws {
        let model = try QuantumModelParser.parse(contents: Self.spins, file: "m.quantum")
        XCTAssertEqual(model.kind, .spins)
        XCTAssertEqual(model.sites.map(\.name), ["a", "b"])
        XCTAssertEqual(model.terms.map(\.name), ["j", "h0", "h1", "g0", "g1", "k"])
        XCTAssertEqual(model.terms[0].kind, .zz(0, 1))
        XCTAssertEqual(model.terms[2].value, 0.3, accuracy: 1e-15)
        XCTAssertEqual(model.terms[5].kind, .xx(0, 1))
        XCTAssertEqual(model.roles.inputs, ["h1"])
        XCTAssertEqual(model.roles.outputs, ["a"])
        XCTAssertEqual(model.roles.state, 1)
        XCTAssertEqual(model.trainableNames, ["j", "h0", "g0", "g1", "k"])
    }

    func testModeModel() throws {
        let model = try QuantumModelParser.parse(contents: """
            Two modes (PHYSICS.md case 3)
            mode x1
            mode x2 2
            spring k1 x1 0 1
            spring k12 x1 x2 1
            spring k2 x2 0 1
            force f1 x1 0.5
            *@ output x2
            *@ train k12
            """, file: "h.quantum")
        XCTAssertEqual(model.kind, .modes)
        XCTAssertEqual(model.sites.map(\.mass), [1, 2])
        XCTAssertEqual(model.terms.map(\.kind), [.spring(0, -1), .spring(0, 1), .spring(1, -1), .force(0)])
        XCTAssertEqual(model.trainableNames, ["k12"])
    }

    func testMalformedFilesAreRefusedAtTheirLineAndColumn() {
        let cases: [(String, String, String)] = [
            ("t\n", "m:1:1", "no spins or modes"),
            ("t\nspin a\nzz j a c 1\n", "m:3:8", "unknown spin 'c'"),
            ("t\nspin a\nspin a\n", "m:3:6", "already declared at m:2:6"),
            ("t\nspin a\nspin b\nzz j a b\n", "m:4:1", "expected 'zz NAME A B J'"),
            ("t\nspin a\nfield h a 1 2\n", "m:3:13", "expected 'field NAME A VALUE'"),
            ("t\nspin a\nfield h a x\n", "m:3:11", "expected a coefficient, found 'x'"),
            ("t\nspin a\nspin b\nzz j a a 1\n", "m:4:8", "two different spins"),
            ("t\nspin a\nmode b\n", "m:3:1", "spins or modes, not both"),
            ("t\nspin a\nspring k a 0 1\n", "m:3:1", "a card of mode models"),
            ("t\nspin a\nbogus x\n", "m:3:1", "unknown card 'bogus'"),
            ("t\nspin a\nfield h a 1\nfield h a 2\n", "m:4:7", "already declared"),
            ("t\nspin a\n*@ output z\n", "m:3:11", "unknown spin 'z'"),
            ("t\nspin a\n*@ train q\n", "m:3:10", "unknown term 'q'"),
            ("t\nspin a\nfield h a 1\n*@ input h\n*@ train h\n", "m:5:1", "both an input and trainable"),
            ("t\nspin a\n*@ state -1\n", "m:3:10", "non-negative integer"),
            ("t\nspin a\n*@ state 2\n", "m:3:10", "below the dimension"),
            ("t\nmode a\n*@ state 1\n", "m:3:10", "ground state"),
            ("t\nmode a -1\n", "m:2:8", "mass must be positive"),
            ("t\nspin a\n*@ foo\n", "m:3:4", "unknown role 'foo'"),
            ("t\n" + (0..<25).map { "spin s\($0)" }.joined(separator: "\n"), "m:26:1", "at most 24"),
        ]
        for (text, location, message) in cases {
            XCTAssertThrowsError(try QuantumModelParser.parse(contents: text, file: "m")) { error in
                let description = "\(error)"
                XCTAssertTrue(description.hasPrefix(location + ": "), "\(text.debugDescription): \(description)")
                XCTAssertTrue(description.contains(message), "\(text.debugDescription): \(description)")
            }
        }
    }
}
