import XCTest
@testable import PhysicalNetworks

/// `ElasticNetlistParser`: valid 2-D and 3-D files parse to the network written by hand below
/// (rest lengths defaulting to the file distance, SPICE suffixes, case-insensitive names, the
/// `*.k` wildcard, bounds), and every malformed file is refused at the exact line and column of
/// the offending token.
final class ElasticNetlistParserTests: XCTestCase {
    /// A 2-D file using every card and directive: mixed case, SPICE suffixes, an inline comment,
    /// a continuation line, and a node after `.end` that must not be read.
    static let planar = """
        Planar test network
        * a comment line
        *@ INPUT In
        *@ output d TOP.Y
        *@ train *.K b1.l
        *@ bounds k 1m 100
        *@ bounds L 500m inf
        .drag 2.5
        .SENSOR 2meg
        node a 0 0 pinned
        NODE B 2 0 PINNED
        node top 1 1 ; the apex
        node c 1 -1
        bond b1 a top 1
        Bond B2 b TOP 2k 1.5
        bond b3 a c
        + 500m
        bond in top c 10 2.2
        sensor d a top
        .end
        node ignored 5 5

        """

    /// The network `planar` describes, written out by hand.
    static var planarExpected: ElasticNetlist {
        let nodes = [
            ElasticNetwork.Node(name: "a", position: SIMD3(0, 0, 0), pinned: true),
            ElasticNetwork.Node(name: "b", position: SIMD3(2, 0, 0), pinned: true),
            ElasticNetwork.Node(name: "top", position: SIMD3(1, 1, 0)),
            ElasticNetwork.Node(name: "c", position: SIMD3(1, -1, 0)),
        ]
        let bonds = [
            ElasticNetwork.Bond(name: "b1", a: 0, b: 2, stiffness: 1, restLength: 2.0.squareRoot()),
            ElasticNetwork.Bond(name: "b2", a: 1, b: 2, stiffness: 2000, restLength: 1.5),
            ElasticNetwork.Bond(name: "b3", a: 0, b: 3, stiffness: 0.5, restLength: 2.0.squareRoot()),
            ElasticNetwork.Bond(name: "in", a: 2, b: 3, stiffness: 10, restLength: 2.2),
        ]
        var roles = ElasticNetlist.Roles()
        roles.inputs = ["in"]
        roles.outputs = ["d", "top.y"]
        roles.trainable = ["b1.k", "b2.k", "b3.k", "b1.l"]
        roles.stiffnessBounds = 1e-3...100
        roles.restLengthBounds = 0.5...Double.infinity
        return ElasticNetlist(file: "t.elastic", title: "Planar test network",
                              elastic: ElasticNetwork(dimension: 2, nodes: nodes, bonds: bonds, drag: 2.5),
                              sensors: [ElasticNetlist.Sensor(name: "d", a: 0, b: 2)], sensorStiffness: 2e6, roles: roles)
    }

    func testPlanarFileParsesToTheNetworkWrittenByHand() throws {
        let netlist = try ElasticNetlistParser.parse(contents: Self.planar, file: "t.elastic")
        XCTAssertEqual(netlist.elastic.nodes, Self.planarExpected.elastic.nodes)
        XCTAssertEqual(netlist.elastic.bonds, Self.planarExpected.elastic.bonds)
        XCTAssertEqual(netlist.sensors, Self.planarExpected.sensors)
        XCTAssertEqual(netlist.roles, Self.planarExpected.roles)
        XCTAssertEqual(netlist, Self.planarExpected)
        XCTAssertFalse(netlist.roles.trainable.contains("in.k"), "*.k names every bond but the input")
    }

    func testSpatialFileParsesWithRestLengthsFromThe3DDistance() throws {
        let text = """
            tetrahedron
            .dimension 3
            node p0 0 0 0 pinned
            node p1 1 0 0 pinned
            node p2 0 1 0 pinned
            node apex 0.2 0.3 0.9
            bond s0 p0 apex 1
            bond s1 p1 apex 1u
            bond s2 p2 apex 1 0.5
            sensor h p0 apex
            *@ output apex.z h
            *@ train s0.l *.k
            """
        let netlist = try ElasticNetlistParser.parse(contents: text, file: "tet.elastic")
        XCTAssertEqual(netlist.elastic.dimension, 3)
        XCTAssertEqual(netlist.elastic.drag, 1, "default drag 1 N·s/m")
        XCTAssertEqual(netlist.sensorStiffness, ElasticNetlist.defaultSensorStiffness)
        XCTAssertEqual(netlist.elastic.nodes.map(\.name), ["p0", "p1", "p2", "apex"])
        XCTAssertEqual(netlist.elastic.nodes.map(\.pinned), [true, true, true, false])
        XCTAssertEqual(netlist.elastic.nodes[3].position, SIMD3(0.2, 0.3, 0.9))
        let bonds = netlist.elastic.bonds
        XCTAssertEqual(bonds.map(\.name), ["s0", "s1", "s2"])
        XCTAssertEqual(bonds.map(\.a), [0, 1, 2])
        XCTAssertEqual(bonds.map(\.b), [3, 3, 3])
        XCTAssertEqual(bonds.map(\.stiffness), [1, 1e-6, 1])
        XCTAssertEqual(bonds[0].restLength, (0.04 + 0.09 + 0.81).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(bonds[1].restLength, (0.64 + 0.09 + 0.81).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(bonds[2].restLength, 0.5)
        XCTAssertEqual(netlist.sensors, [ElasticNetlist.Sensor(name: "h", a: 0, b: 3)])
        XCTAssertEqual(netlist.roles.inputs, [])
        XCTAssertEqual(netlist.roles.outputs, ["apex.z", "h"])
        XCTAssertEqual(netlist.roles.trainable, ["s0.l", "s0.k", "s1.k", "s2.k"], "directive order, then file order")
        XCTAssertEqual(netlist.roles.stiffnessBounds, 0...Double.infinity, "default bounds k ≥ 0")
        XCTAssertEqual(netlist.roles.restLengthBounds, 0...Double.infinity)
        XCTAssertEqual(netlist.title, "tetrahedron")
        XCTAssertEqual(netlist.file, "tet.elastic")
    }

    /// Bonds may name nodes declared after them, and settings may follow the nodes.
    func testCardOrderDoesNotMatter() throws {
        let text = "t\nbond b1 a top 1\nsensor d top a\nnode a 0 0 0 pinned\nnode top 0 0 1\n.dimension 3\n"
        let netlist = try ElasticNetlistParser.parse(contents: text, file: "t.elastic")
        XCTAssertEqual(netlist.elastic.dimension, 3)
        XCTAssertEqual(netlist.elastic.bonds, [ElasticNetwork.Bond(name: "b1", a: 0, b: 1, stiffness: 1, restLength: 1)])
        XCTAssertEqual(netlist.sensors, [ElasticNetlist.Sensor(name: "d", a: 1, b: 0)])
    }

    /// `*.k` and `*.l` name every bond that is not an input, whether the input is declared
    /// before or after; an input's stiffness may still be trained by name.
    func testWildcardsSkipTheInputsWhereverTheyAreDeclared() throws {
        let body = "t\nnode a 0 0 pinned\nnode b 2 0 pinned\nnode top 1 1\nbond b1 a top 1\nbond b2 b top 2\n"
        func trainable(_ directives: String) throws -> [String] {
            try ElasticNetlistParser.parse(contents: body + directives, file: "t.elastic").roles.trainable
        }
        XCTAssertEqual(try trainable("*@ input b1\n*@ train *.k *.l\n"), ["b2.k", "b2.l"])
        XCTAssertEqual(try trainable("*@ train *.k *.l\n*@ input b1\n"), ["b2.k", "b2.l"])
        XCTAssertEqual(try trainable("*@ input b1\n*@ train b1.k *.k\n"), ["b1.k", "b2.k"])
        XCTAssertEqual(try trainable("*@ input b1\n*@ train *.k\n*@ train b1.k\n"), ["b2.k", "b1.k"])
        XCTAssertEqual(try trainable("*@ train *.l b1.k\n"), ["b1.l", "b2.l", "b1.k"])
    }

    func testFileAtPathNamesThePathInErrors() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("elastic-parser-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.elastic").path
        try Self.planar.write(toFile: good, atomically: true, encoding: .utf8)
        var expected = Self.planarExpected
        expected.file = good
        XCTAssertEqual(try ElasticNetlistParser.parse(fileAt: good), expected)

        let missing = directory.appendingPathComponent("missing.elastic").path
        XCTAssertThrowsError(try ElasticNetlistParser.parse(fileAt: missing)) { error in
            XCTAssertEqual((error as? NetlistError)?.location, SourceLocation(file: missing, line: 1, column: 1))
            XCTAssertEqual((error as? NetlistError)?.message, "no such file")
        }
    }

    // MARK: - Malformed files

    /// A valid network; the cases append a bad line 8 (or replace it wholesale).
    private static let base = """
        t
        node a 0 0 pinned
        node b 2 0 pinned
        node top 1 1
        bond b1 a top 1
        bond b2 b top 2
        sensor d a top

        """

    /// One mistake per file: where it is (line, column) and what the message says.
    private static let malformed: [(name: String, text: String, line: Int, column: Int, message: String)] = [
        ("unknown card", base + "frob a b\n", 8, 1, "unknown card 'frob'"),
        ("unknown card, indented", base + "   R1 a b 1k\n", 8, 4, "unknown card 'R1'"),
        ("unknown dot card", base + ".foo 3\n", 8, 1, "unknown card '.foo'"),
        ("missing coordinate", base + "node c 1\n", 8, 6, "node 'c' takes X Y, got 1 value"),
        ("no coordinates", base + "node c\n", 8, 6, "node 'c' takes X Y, got 0 values"),
        ("no node name", base + "node\n", 8, 1, "'node' needs a name and 2 coordinates"),
        ("3 coordinates in 2-D", base + "node c 1 2 3\n", 8, 12, "(a 3-D network needs '.dimension 3'), got 3 values"),
        ("4 coordinates in 2-D", base + "node c 1 2 3 4\n", 8, 12, "node 'c' takes X Y, got 4 values"),
        ("pinned twice", base + "node c 1 2 pinned pinned\n", 8, 12, "node 'c' takes X Y, got 3 values"),
        ("2 coordinates in 3-D", "t\n.dimension 3\nnode a 0 0 0 pinned\nnode b 1 1\n", 4, 6, "node 'b' takes X Y Z, got 2 values"),
        ("bad coordinate", base + "node c 1 x2\n", 8, 10, "expected a coordinate (m), found 'x2'"),
        ("infinite coordinate", base + "node c 1 1e999\n", 8, 10, "expected a coordinate (m), found '1e999'"),
        ("dotted node name", base + "node c.x 1 2\n", 8, 6, "expected a node name (a name without '.'), found 'c.x'"),
        ("duplicate node", base + "node TOP 3 3\n", 8, 6, "node 'TOP' declared twice"),
        ("duplicate bond", base + "bond b1 a b 1\n", 8, 6, "'b1' declared twice"),
        ("sensor named like a bond", base + "sensor B1 a b\n", 8, 8, "'B1' declared twice"),
        ("bond named like a sensor", base + "bond d b a 1\n", 8, 6, "'d' declared twice"),
        ("bond with too few values", base + "bond b3 a top\n", 8, 1, "'bond' takes NAME A B K [L], got 3 values"),
        ("bond with too many values", base + "bond b3 a top 1 1 1\n", 8, 1, "'bond' takes NAME A B K [L], got 6 values"),
        ("sensor with too few values", base + "sensor s a\n", 8, 1, "'sensor' takes NAME A B, got 2 values"),
        ("unknown node in bond", base + "bond b3 a zz 1\n", 8, 11, "unknown node 'zz'"),
        ("unknown first node in bond", base + "bond b3 zz a 1\n", 8, 9, "unknown node 'zz'"),
        ("unknown node in sensor", base + "sensor s2 top Zz\n", 8, 15, "unknown node 'Zz'"),
        ("bond to itself", base + "bond b3 top top 1\n", 8, 13, "'b3' joins node 'top' to itself"),
        ("sensor to itself", base + "sensor s2 a a\n", 8, 13, "'s2' joins node 'a' to itself"),
        ("coincident nodes", base + "node c 1 1\nbond b3 top c 1\n", 9, 6, "joins two nodes at the same position"),
        ("bad stiffness", base + "bond b3 a top stiff\n", 8, 15, "expected a stiffness K (N/m), found 'stiff'"),
        ("negative stiffness", base + "bond b3 a top -1\n", 8, 15, "stiffness must not be negative, got -1"),
        ("negative rest length", base + "bond b3 a top 1 -2m\n", 8, 17, "rest length must not be negative, got -2m"),
        ("negative rest length on a continuation", base + "bond b3 a\n+ top 1\n+    -3\n", 10, 6,
         "rest length must not be negative, got -3"),
        ("free node with no bond", base + "node c 5 5\n", 8, 1, "node 'c' is free but no bond holds it"),
        ("free node held only by a sensor", base + "node c 5 5\nsensor s2 a c\n", 8, 1, "node 'c' is free but no bond holds it"),
        ("all nodes pinned", "t\nnode a 0 0 pinned\nnode b 1 0 pinned\nbond b1 a b 1\n", 2, 1, "every node is pinned"),
        ("dimension 4", "t\n.dimension 4\n" + base.dropFirst(2), 2, 12, "the dimension must be 2 or 3, got 4"),
        ("dimension 2.5", "t\n.dimension 2.5\n" + base.dropFirst(2), 2, 12, "the dimension must be 2 or 3, got 2.5"),
        ("dimension twice", base + ".dimension 2\n.dimension 2\n", 9, 1, "'.dimension' given twice"),
        ("dimension without value", base + ".dimension\n", 8, 1, "'.dimension' takes one value"),
        ("zero drag", base + ".drag 0\n", 8, 7, "the drag must be positive, got 0"),
        ("negative sensor coupling", base + ".sensor -1meg\n", 8, 9, "the sensor coupling must be positive, got -1meg"),
        ("empty file", "", 1, 1, "empty"),
        ("title only", "t\n", 1, 1, "no nodes"),
        ("comments only", "t\n* nothing here\n\n", 1, 1, "no nodes"),
        // Learning directives.
        ("unknown directive", base + "*@ frob b1\n", 8, 4, "unknown learning directive 'frob'"),
        ("empty directive", base + "  *@\n", 8, 3, "empty learning directive"),
        ("directive without names", base + "*@ train\n", 8, 4, "'*@ train' needs at least one name"),
        ("input that is a sensor", base + "*@ input d\n", 8, 10, "'*@ input' names 'd', which is not a bond"),
        ("input that is a node", base + "*@ input b1 top\n", 8, 13, "'*@ input' names 'top', which is not a bond"),
        ("input twice", base + "*@ input b1\n*@ input B1\n", 9, 10, "'B1' listed twice"),
        ("output that is a bond", base + "*@ output b1\n", 8, 11, "which is neither a sensor nor a node coordinate"),
        ("output of an unknown node", base + "*@ output zz.x\n", 8, 11, "which is neither a sensor nor a node coordinate"),
        ("output with two dots", base + "*@ output d top.x.y\n", 8, 13, "'*@ output' names 'top.x.y'"),
        ("output of a pinned node", base + "*@ output a.x\n", 8, 11, "'a.x': node 'a' is pinned"),
        ("axis z in 2-D", base + "*@ output top.z\n", 8, 11, "'top.z': the axis must be x, y"),
        ("axis q", base + "*@ output top.q\n", 8, 11, "'top.q': the axis must be x, y"),
        ("output twice", base + "*@ output d D\n", 8, 13, "'D' listed twice"),
        ("train of an unknown bond", base + "*@ train b1.k zz.k\n", 8, 15, "unknown bond 'zz' in '*@ train'"),
        ("train without a field", base + "*@ train b1\n", 8, 10, "'*@ train' takes BOND.k or BOND.l"),
        ("train of a bad field", base + "*@ train b1.x\n", 8, 10, "'*@ train' takes BOND.k or BOND.l"),
        ("train twice", base + "*@ train b1.k\n*@ train *.k\n", 9, 10, "'b1.k' is already trainable"),
        ("train of an input's rest length", base + "*@ input b1\n*@ train b2.k b1.l\n", 9, 15,
         "'b1.l' is an input (its rest length is set by the data); it cannot be trained"),
        ("train of an input's rest length after *.l", base + "*@ train *.l\n*@ train B1.L\n*@ input b1\n", 9, 10,
         "'b1.l' is an input"),
        ("bounds twice", base + "*@ bounds k 0 1\n*@ bounds K 0 2\n", 9, 11, "bounds of k given twice"),
        ("bounds LOW = HIGH", base + "*@ bounds k 1 1\n", 8, 15, "HIGH must exceed LOW, got 1"),
        ("bounds LOW > HIGH", base + "*@ bounds l 2 1\n", 8, 15, "HIGH must exceed LOW, got 1"),
        ("bounds negative LOW", base + "*@ bounds k -1 1\n", 8, 13, "the lower bound must not be negative, got -1"),
        ("bounds bad HIGH", base + "*@ bounds k 1 x\n", 8, 15, "expected an upper bound, found 'x'"),
        ("bounds of an unknown kind", base + "*@ bounds m 0 1\n", 8, 11, "'*@ bounds' applies to k or l, not 'm'"),
        ("bounds with one value", base + "*@ bounds k 1\n", 8, 4, "'*@ bounds' takes k or l and two values LOW HIGH"),
    ]

    func testMalformedFilesAreRefusedAtTheirLineAndColumn() {
        for bad in Self.malformed {
            do {
                let netlist = try ElasticNetlistParser.parse(contents: bad.text, file: "bad.elastic")
                XCTFail("\(bad.name): parsed \(netlist.elastic.nodes.count) nodes, expected an error")
            } catch {
                XCTAssertEqual(error.location, SourceLocation(file: "bad.elastic", line: bad.line, column: bad.column),
                               "\(bad.name): \(error)")
                XCTAssertTrue(error.message.contains(bad.message), "\(bad.name): '\(error.message)' lacks '\(bad.message)'")
                XCTAssertEqual(error.description, "bad.elastic:\(bad.line):\(bad.column): \(error.message)")
            }
        }
    }

    /// The base of the table is itself valid, so each case fails for its own line only.
    func testTheMalformedCasesStartFromAValidFile() throws {
        let netlist = try ElasticNetlistParser.parse(contents: Self.base, file: "t.elastic")
        XCTAssertEqual(netlist.elastic.nodes.count, 3)
        XCTAssertEqual(netlist.elastic.bonds.count, 2)
    }

    /// Every prefix of a valid file and every file with one character dropped parses or
    /// throws a `NetlistError` inside the file; none crashes.
    func testEveryPrefixAndEveryDroppedCharacterGivesAResultOrAnErrorNeverACrash() {
        let text = Array(Self.planar)
        let lineCount = Self.planar.split(separator: "\n", omittingEmptySubsequences: false).count
        var variants: [String] = (0...text.count).map { String(text[..<$0]) }
        variants += text.indices.map { String(text[..<$0] + text[($0 + 1)...]) }
        var errors = 0
        for variant in variants {
            do {
                _ = try ElasticNetlistParser.parse(contents: variant, file: "v.elastic")
            } catch {
                errors += 1
                XCTAssertEqual(error.location.file, "v.elastic")
                XCTAssertTrue((1...lineCount).contains(error.location.line), "\(error) in\n\(variant)")
                XCTAssertGreaterThanOrEqual(error.location.column, 1, "\(error)")
            }
        }
        XCTAssertGreaterThan(errors, 0, "some variants must be refused")
        XCTAssertLessThan(errors, variants.count, "some variants must parse")
    }
}
