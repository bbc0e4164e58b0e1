import XCTest
@testable import PhysicalNetworks

/// `OscillatorNetlistParser` on valid files: a file using every card parses to the netlist
/// written by hand; layers and lattices expand to their members; roles expand (layers,
/// lattices, element names, wildcards) in `parameterNames()` order; `text` reads back to an
/// equal netlist. Malformed files: OscillatorNetlistParserErrorTests.
final class OscillatorNetlistParserTests: XCTestCase {
    /// Every card and directive: mixed case, SPICE suffixes, inline comments, a continuation
    /// line, an element before the oscillators it names, and a card after `.end`.
    static let full = """
        Full oscillator test network
        * a comment line
        *@ INPUT X bias2
        *@ output OUT y s_1_2
        *@ train *.W F1 l1.k s.K_0_1
        *@ train c1.w ; already trainable through *.w: kept once
        *@ bounds -2 2.5
        couple c2 h_3
        +   x_2 -1m
        .DRAG 500m
        input bias 1.5707963267948966
        Input bias2 -1
        layer X 2 INPUT
        layer h 3
        osc out 0.1 ; initial phase
        layer y 1
        lattice s 2 3 open 1m 1.5
        layer g 6
        couple c1 bias OUT 0.2
        field f1 out 2 0.5
        lock l1 h_1 3k
        omega o1 s_2_3 10
        dense d1 x h uniform 0.5 7
        dense d2 h y 0.25
        pair p1 s g -0.3
        .end
        osc ignored

        """

    /// The netlist `full` describes, written out by hand.
    static var fullExpected: OscillatorNetlist {
        var roles = OscillatorNetlist.Roles()
        roles.inputs = ["x_1", "x_2", "bias2"]
        roles.outputs = ["out", "y_1", "s_1_2"]
        let denseOne = (1...2).flatMap { i in (1...3).map { "d1.w_\(i)_\($0)" } }
        roles.trainable = ["c2.w", "c1.w"] + denseOne + ["d2.w_1_1", "d2.w_2_1", "d2.w_3_1"]
            + (1...6).map { "p1.w_\($0)" } + ["f1.h", "f1.psi", "l1.k", "s.k_0_1"]
        roles.bounds = -2...2.5
        return OscillatorNetlist(
            file: "t.osc", title: "Full oscillator test network", drag: 0.5,
            oscillators: [.init(name: "bias", phase: 1.5707963267948966, isInput: true),
                          .init(name: "bias2", phase: -1, isInput: true),
                          .init(name: "out", phase: 0.1)],
            layers: [.init(name: "x", count: 2, isInput: true), .init(name: "h", count: 3), .init(name: "y", count: 1),
                     .init(name: "g", count: 6)],
            lattices: [.init(name: "s", rows: 2, columns: 3, boundary: .open, strength: 1e-3, radius: 1.5)],
            elements: [.couple(name: "c2", a: "h_3", b: "x_2", weight: -1e-3),
                       .couple(name: "c1", a: "bias", b: "out", weight: 0.2),
                       .field(name: "f1", oscillator: "out", strength: 2, phase: 0.5),
                       .lock(name: "l1", oscillator: "h_1", strength: 3000),
                       .omega(name: "o1", oscillator: "s_2_3", frequency: 10),
                       .dense(name: "d1", layerA: "x", layerB: "h", initialization: .uniform(scale: 0.5, seed: 7)),
                       .dense(name: "d2", layerA: "h", layerB: "y", initialization: .constant(0.25)),
                       .pair(name: "p1", layerA: "s", layerB: "g", weight: -0.3)],
            roles: roles)
    }

    /// The example of docs/oscillators.md, verbatim.
    static let documentedXOR = """
        XOR with phase oscillators
        * inputs are phases (0 for false, π for true); the output is read through cos φ_out
        *@ input x                        ; the data's two columns drive x_1 and x_2
        *@ output out
        *@ train *.w f1                   ; every weight, and the field's strength and phase
        *@ bounds -5 5
        .drag 1                           ; γ of every free oscillator, J·s/rad² (the default)
        layer x 2 input                   ; inputs x_1, x_2: their phases are the data
        input bias 1.5707963267948966     ; a clamped phase no data drives: a bias at π/2
        layer h 4                         ; hidden oscillators h_1 … h_4, starting at phase 0
        osc out                           ; the output, starting at phase 0
        dense d1 x h uniform 0.5 1        ; every x_i to every h_j, weights uniform in [−0.5, 0.5], seed 1
        couple c1 h_1 out 0.2             ; −W cos(φ_A − φ_B), W in J
        couple c2 h_2 out -0.2
        couple c3 h_3 out 0.2
        couple c4 h_4 out -0.2
        couple cb bias out 0.1
        field f1 out 0.1 0                ; −H cos(φ_out − PSI)
        .end

        """

    func testFullFileParsesToTheNetlistWrittenByHand() throws {
        let netlist = try OscillatorNetlistParser.parse(contents: Self.full, file: "t.osc")
        let expected = Self.fullExpected
        XCTAssertEqual(netlist.oscillators, expected.oscillators)
        XCTAssertEqual(netlist.layers, expected.layers)
        XCTAssertEqual(netlist.lattices, expected.lattices)
        XCTAssertEqual(netlist.elements, expected.elements)
        XCTAssertEqual(netlist.roles.inputs, expected.roles.inputs)
        XCTAssertEqual(netlist.roles.outputs, expected.roles.outputs)
        XCTAssertEqual(netlist.roles.trainable, expected.roles.trainable)
        XCTAssertEqual(netlist.roles.bounds, expected.roles.bounds)
        XCTAssertEqual(netlist, expected)
    }

    func testLayersAndLatticesExpandToNamedMembersInOrder() throws {
        let netlist = try OscillatorNetlistParser.parse(contents: Self.full, file: "t.osc")
        let members = netlist.members
        XCTAssertEqual(members.map(\.name), ["bias", "bias2", "out", "x_1", "x_2", "h_1", "h_2", "h_3", "y_1",
                                             "g_1", "g_2", "g_3", "g_4", "g_5", "g_6",
                                             "s_1_1", "s_1_2", "s_1_3", "s_2_1", "s_2_2", "s_2_3"])
        XCTAssertEqual(members.filter(\.isInput).map(\.name), ["bias", "bias2", "x_1", "x_2"])
        XCTAssertEqual(members[0].phase, 1.5707963267948966)
        XCTAssertEqual(members[2].phase, 0.1)
        let parameters = netlist.parameterNames()
        XCTAssertEqual(Array(parameters.prefix(4)), ["bias.phase", "bias2.phase", "x_1.phase", "x_2.phase"])
        XCTAssertEqual(parameters.filter { $0.hasPrefix("s.k_") }.count, 3 * 5, "open 2 × 3: a 3 × 5 kernel grid")
        XCTAssertTrue(parameters.contains("s.k_-1_-2"))
        XCTAssertTrue(parameters.contains("o1.omega"))
    }

    /// Card order does not matter; defaults: drag 1, phase 0, radius 1, no roles.
    func testDefaultsAndCardOrder() throws {
        let text = "t\ncouple c a b 2\nfield f b 1 0\nosc b\ninput a\nlattice r 1 4 periodic 0.5\n"
        let netlist = try OscillatorNetlistParser.parse(contents: text, file: "t.osc")
        XCTAssertEqual(netlist.drag, 1)
        XCTAssertEqual(netlist.oscillators, [.init(name: "b"), .init(name: "a", isInput: true)])
        XCTAssertEqual(netlist.lattices, [.init(name: "r", rows: 1, columns: 4, boundary: .periodic, strength: 0.5)])
        XCTAssertEqual(netlist.lattices[0].radius, 1)
        XCTAssertEqual(netlist.elements, [.couple(name: "c", a: "a", b: "b", weight: 2),
                                          .field(name: "f", oscillator: "b", strength: 1, phase: 0)])
        XCTAssertEqual(netlist.roles, OscillatorNetlist.Roles())
        XCTAssertEqual(netlist.title, "t")
        XCTAssertEqual(netlist.file, "t.osc")
    }

    /// A base for the role tests: every element kind, one lattice, one input layer.
    private static let roleBase = """
        roles
        input b
        layer x 2 input
        layer h 2
        osc o
        lattice s 1 3 periodic 1
        couple c1 b o 1
        field f1 o 1 0
        lock l1 h_2 1
        omega w1 o 3
        dense d1 x h 0.1
        pair p1 x h 0.2
        couple c2 h_1 s_1_2 1

        """

    private func trainable(_ directives: String) throws -> [String] {
        try OscillatorNetlistParser.parse(contents: Self.roleBase + directives, file: "r.osc").roles.trainable
    }

    func testTrainPatternsExpandInParameterOrder() throws {
        let denseOne = ["d1.w_1_1", "d1.w_1_2", "d1.w_2_1", "d1.w_2_2"]
        let kernel = ["s.k_0_0", "s.k_0_1", "s.k_0_-1"]
        XCTAssertEqual(try trainable("*@ train *.w\n"), ["c1.w"] + denseOne + ["p1.w_1", "p1.w_2", "c2.w"],
                       "*.w: couple, dense and pair weights, in file order")
        XCTAssertEqual(try trainable("*@ train *.k\n"), kernel + ["l1.k"], "*.k: lattice kernels, then locks")
        XCTAssertEqual(try trainable("*@ train *.psi *.h\n"), ["f1.psi", "f1.h"])
        XCTAssertEqual(try trainable("*@ train d1\n"), denseOne)
        XCTAssertEqual(try trainable("*@ train s\n"), kernel)
        XCTAssertEqual(try trainable("*@ train f1 c1 l1 p1\n"), ["f1.h", "f1.psi", "c1.w", "l1.k", "p1.w_1", "p1.w_2"])
        XCTAssertEqual(try trainable("*@ train D1.W_2_1 s.k_0_-1\n"), ["d1.w_2_1", "s.k_0_-1"])
        XCTAssertEqual(try trainable("*@ train d1.w_2_1 d1\n*@ train *.w\n"),
                       ["d1.w_2_1", "d1.w_1_1", "d1.w_1_2", "d1.w_2_2", "c1.w", "p1.w_1", "p1.w_2", "c2.w"],
                       "a parameter named again is kept once, at its first place")
        XCTAssertEqual(try trainable("*@ train c2.w c2.w\n"), ["c2.w"])
    }

    func testInputsAndOutputsExpandLayersAndLattices() throws {
        let netlist = try OscillatorNetlistParser.parse(contents: Self.roleBase + "*@ input b x\n*@ output s o\n*@ output h\n",
                                                        file: "r.osc")
        XCTAssertEqual(netlist.roles.inputs, ["b", "x_1", "x_2"])
        XCTAssertEqual(netlist.roles.outputs, ["s_1_1", "s_1_2", "s_1_3", "o", "h_1", "h_2"])
        let members = try OscillatorNetlistParser.parse(contents: Self.roleBase + "*@ input x_2 b\n*@ output h_2 s_1_3\n",
                                                        file: "r.osc")
        XCTAssertEqual(members.roles.inputs, ["x_2", "b"])
        XCTAssertEqual(members.roles.outputs, ["h_2", "s_1_3"])
    }

    func testBoundsMayBeInfinite() throws {
        let netlist = try OscillatorNetlistParser.parse(contents: Self.roleBase + "*@ bounds -inf 3\n", file: "r.osc")
        XCTAssertEqual(netlist.roles.bounds, -Double.infinity...3)
        let upper = try OscillatorNetlistParser.parse(contents: Self.roleBase + "*@ bounds 0 INF\n", file: "r.osc")
        XCTAssertEqual(upper.roles.bounds, 0...Double.infinity)
    }

    func testSeedsAreReadExactly() throws {
        let text = "t\nlayer a 2\nlayer b 2\ndense d a b uniform 1 18446744073709551615\ndense e b a uniform 0 1k\n"
        let netlist = try OscillatorNetlistParser.parse(contents: text, file: "t.osc")
        XCTAssertEqual(netlist.elements, [
            .dense(name: "d", layerA: "a", layerB: "b", initialization: .uniform(scale: 1, seed: UInt64.max)),
            .dense(name: "e", layerA: "b", layerB: "a", initialization: .uniform(scale: 0, seed: 1000)),
        ])
    }

    func testTheDocumentedXORExampleParses() throws {
        let netlist = try OscillatorNetlistParser.parse(contents: Self.documentedXOR, file: "xor.osc")
        XCTAssertEqual(netlist.roles.inputs, ["x_1", "x_2"])
        XCTAssertEqual(netlist.roles.outputs, ["out"])
        XCTAssertEqual(netlist.roles.bounds, -5...5)
        XCTAssertEqual(netlist.members.filter { !$0.isInput }.map(\.name), ["out", "h_1", "h_2", "h_3", "h_4"])
        XCTAssertEqual(netlist.roles.trainable.count, 8 + 4 + 1 + 2, "x×h dense, h–out couples, the bias couple, the field")
        XCTAssertEqual(netlist.roles.trainable.suffix(2), ["f1.h", "f1.psi"])
        _ = try roundTrip(netlist)
    }

    // MARK: - Round trip through `text`

    @discardableResult
    private func roundTrip(_ netlist: OscillatorNetlist, comments: [String] = [],
                           file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let text = netlist.text(comments: comments)
        let parsed = try OscillatorNetlistParser.parse(contents: text, file: netlist.file)
        XCTAssertEqual(parsed, netlist, "parse(text(x)) != x for\n\(text)", file: file, line: line)
        XCTAssertEqual(parsed.text(comments: comments), text, "the text is a fixed point", file: file, line: line)
        return text
    }

    func testFullFileRoundTrips() throws {
        let netlist = try OscillatorNetlistParser.parse(contents: Self.full, file: "t.osc")
        let text = try roundTrip(netlist, comments: ["written by a test", ""])
        XCTAssertEqual(netlist.text, netlist.text(comments: []))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(lines[0...2]), ["Full oscillator test network", "* written by a test", "*"])
        XCTAssertTrue(lines.contains("*@ input x bias2"), "a whole input layer by its name: \(text)")
        XCTAssertTrue(lines.contains("*@ output out y s_1_2"), text)
        XCTAssertTrue(lines.contains("*@ train *.w f1 l1.k s.k_0_1"), "shortened as written: \(text)")
        XCTAssertTrue(lines.contains("*@ bounds -2.0 2.5"), text)
        XCTAssertTrue(lines.contains(".drag 0.5"), text)
        XCTAssertTrue(lines.contains("input bias 1.5707963267948966"), "full precision: \(text)")
        XCTAssertTrue(lines.contains("osc out 0.1"), text)
        XCTAssertTrue(lines.contains("layer x 2 input"), text)
        XCTAssertTrue(lines.contains("lattice s 2 3 open 0.001 1.5"), text)
        XCTAssertTrue(lines.contains("dense d1 x h uniform 0.5 7"), text)
        XCTAssertTrue(lines.contains("dense d2 h y 0.25"), text)
        XCTAssertTrue(lines.contains("omega o1 s_2_3 10.0"), text)
        XCTAssertEqual(lines.suffix(2), [".end", ""])
    }

    func testDefaultsAreLeftOutAndAnEmptyTitleGetsOne() throws {
        let netlist = OscillatorNetlist(file: "d.osc", title: "oscillator network",
                                        oscillators: [.init(name: "a"), .init(name: "b", phase: 0.1 + 0.2)],
                                        lattices: [.init(name: "l", rows: 3, columns: 3, boundary: .periodic, strength: -2)],
                                        elements: [.couple(name: "c", a: "a", b: "b", weight: .pi)])
        let text = try roundTrip(netlist)
        XCTAssertEqual(text, """
            oscillator network
            osc a
            osc b 0.30000000000000004
            lattice l 3 3 periodic -2.0
            couple c a b 3.141592653589793
            .end

            """)
        var untitled = netlist
        untitled.title = ""
        XCTAssertEqual(try OscillatorNetlistParser.parse(contents: untitled.text, file: "d.osc"), netlist)
    }

    /// Trainable and role lists that no shorthand covers keep their order; bounds at infinity.
    func testRoleListsRoundTripInAnyOrder() throws {
        var netlist = try OscillatorNetlistParser.parse(contents: Self.roleBase, file: "r.osc")
        let orders: [[String]] = [
            ["d1.w_2_2", "d1.w_1_1", "d1.w_1_2", "d1.w_2_1"],     // a whole element out of order: by name
            ["c1.w", "d1.w_1_1", "d1.w_1_2", "d1.w_2_1", "d1.w_2_2", "p1.w_1", "p1.w_2", "c2.w", "f1.h"], // *.w f1.h
            ["f1.psi", "l1.k", "s.k_0_0", "s.k_0_1", "s.k_0_-1"],  // f1.psi l1.k s
            ["s.k_0_1", "c2.w", "p1.w_2", "p1.w_1"],
            [],
        ]
        for order in orders {
            netlist.roles.trainable = order
            _ = try roundTrip(netlist)
        }
        netlist.roles.inputs = ["x_2", "b", "x_1"]
        netlist.roles.outputs = ["h_1", "h_2", "s_1_3", "s_1_1", "s_1_2", "o"]
        netlist.roles.bounds = -Double.infinity...Double.infinity
        let text = try roundTrip(netlist)
        XCTAssertTrue(text.contains("*@ output h s_1_3 s_1_1 s_1_2 o\n"), text)
        XCTAssertTrue(text.contains("*@ bounds -inf inf\n"), text)
    }

    /// A large generated network: long role lines wrap, dense blocks and a lattice kernel.
    func testGeneratedNetworkRoundTrips() throws {
        var netlist = OscillatorNetlist(file: "gen.osc", title: "generated", drag: 1e-7,
                                        oscillators: (0..<40).map { .init(name: "o\($0)", phase: Double($0) * 0.173, isInput: $0 % 3 == 0) },
                                        layers: [.init(name: "in", count: 16, isInput: true), .init(name: "hid", count: 12)],
                                        lattices: [.init(name: "grid", rows: 4, columns: 5, boundary: .open, strength: 0.25, radius: 2.5)])
        netlist.elements = [.dense(name: "w1", layerA: "in", layerB: "hid", initialization: .uniform(scale: 0.3, seed: 42))]
            + (1..<40).map { .couple(name: "c\($0)", a: "o\($0 - 1)", b: "o\($0)", weight: 1 / Double($0)) }
            + [.field(name: "f", oscillator: "o1", strength: 1e-12, phase: -3), .lock(name: "lk", oscillator: "hid_3", strength: 2)]
        netlist.roles.inputs = netlist.members.filter(\.isInput).map(\.name).reversed()
        netlist.roles.outputs = ["hid_12"] + (1...4).flatMap { i in (1...5).map { "grid_\(i)_\($0)" } }
        let names = netlist.parameterNames().filter { !$0.hasSuffix(".drag") && !$0.hasSuffix(".phase") }
        netlist.roles.trainable = Array(names.reversed())
        let text = try roundTrip(netlist, comments: ["generated by a test"])
        let trainLines = text.split(separator: "\n").filter { $0.hasPrefix("*@ train") }
        XCTAssertGreaterThan(trainLines.count, 5, "long lists wrap")
        XCTAssertTrue(trainLines.allSatisfy { $0.count <= 115 }, "wrapped at about 100 characters")
        XCTAssertTrue(text.contains("*@ output hid_12 grid\n"), text)
        netlist.roles.trainable = names
        let shortened = try roundTrip(netlist)
        XCTAssertTrue(shortened.contains("*@ train grid *.w f lk.k\n"), shortened)
    }

    func testFileAtPathNamesThePathInErrors() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("osc-parser-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.osc").path
        try Self.full.write(toFile: good, atomically: true, encoding: .utf8)
        var expected = Self.fullExpected
        expected.file = good
        XCTAssertEqual(try OscillatorNetlistParser.parse(fileAt: good), expected)

        let missing = directory.appendingPathComponent("missing.osc").path
        XCTAssertThrowsError(try OscillatorNetlistParser.parse(fileAt: missing)) { error in
            XCTAssertEqual((error as? NetlistError)?.location, SourceLocation(file: missing, line: 1, column: 1))
            XCTAssertEqual((error as? NetlistError)?.message, "no such file")
        }
    }
}
