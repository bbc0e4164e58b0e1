import XCTest
@testable import PhysicalNetworks

/// `ElasticNetlist.text(comments:)`: the parser reads the written text back to the same netlist
/// — nodes, bonds (full-precision rest lengths), sensors, roles in order, bounds, non-default
/// drag and sensor coupling — for a hand-written file and a generated disordered network.
final class ElasticNetlistTextTests: XCTestCase {
    private func roundTrip(_ netlist: ElasticNetlist, comments: [String] = [],
                           file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let text = netlist.text(comments: comments)
        let parsed = try ElasticNetlistParser.parse(contents: text, file: netlist.file)
        XCTAssertEqual(parsed, netlist, "parse(text(x)) != x for\n\(text)", file: file, line: line)
        XCTAssertEqual(parsed.text(comments: comments), text, "the text is a fixed point", file: file, line: line)
        return text
    }

    func testHandWrittenFileRoundTrips() throws {
        let netlist = try ElasticNetlistParser.parse(contents: ElasticNetlistParserTests.planar, file: "t.elastic")
        let text = try roundTrip(netlist, comments: ["written by a test", ""])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "Planar test network")
        XCTAssertEqual(Array(lines[1...2]), ["* written by a test", "*"])
        XCTAssertTrue(lines.contains(".drag 2.5"), text)
        XCTAssertTrue(lines.contains(".sensor 2000000.0"), text)
        XCTAssertTrue(lines.contains("*@ bounds k 0.001 100.0"), text)
        XCTAssertTrue(lines.contains("*@ bounds l 0.5 inf"), text)
        XCTAssertTrue(lines.contains("*@ train *.k b1.l"), "every non-input stiffness, in file order: \(text)")
        XCTAssertTrue(lines.contains("sensor d a top"), text)
        XCTAssertTrue(lines.contains("bond b1 a top 1.0 \(2.0.squareRoot())"), "the default rest length is written: \(text)")
        XCTAssertEqual(lines.suffix(2), [".end", ""])
    }

    func testDefaultsAreLeftOutAndAnEmptyTitleGetsOne() throws {
        let elastic = ElasticNetwork(dimension: 3, nodes: [
            .init(name: "p", position: SIMD3(0, 0, 0), pinned: true),
            .init(name: "q", position: SIMD3(0.1, -0.2, 1e-7)),
        ], bonds: [.init(name: "s", a: 0, b: 1, stiffness: 1e-3, restLength: 0.75)])
        let netlist = ElasticNetlist(file: "x.elastic", title: "elastic network", elastic: elastic)
        let text = try roundTrip(netlist)
        XCTAssertFalse(text.contains(".drag"), text)
        XCTAssertFalse(text.contains(".sensor"), text)
        XCTAssertFalse(text.contains("*@"), "no roles, no directives: \(text)")
        XCTAssertTrue(text.contains(".dimension 3\n"), text)
        XCTAssertTrue(text.contains("node q 0.1 -0.2 1e-07\n"), text)

        var untitled = netlist
        untitled.title = ""
        let parsed = try ElasticNetlistParser.parse(contents: untitled.text(), file: "x.elastic")
        XCTAssertEqual(parsed.title, "elastic network", "a title line is always written")
        XCTAssertEqual(parsed.elastic, elastic)
    }

    /// Trainable lists that the `*.k` shorthand cannot express keep their order.
    func testTrainableOrderSurvivesWithAndWithoutTheWildcard() throws {
        var netlist = try ElasticNetlistParser.parse(contents: ElasticNetlistParserTests.planar, file: "t.elastic")
        let orders: [[String]] = [
            ["b2.k", "b1.k", "b3.k"],             // all stiffnesses, not in file order: written by name
            ["b1.l", "b1.k", "b2.k", "b3.k"],     // the wildcard in the middle
            ["b1.k", "b2.k", "b3.k", "in.k"],     // the input's stiffness after every other one
            ["in.k", "b1.l", "b2.l", "b3.l"],     // *.l: the input's rest length is not trainable
            ["b3.l"],
        ]
        for order in orders {
            netlist.roles.trainable = order
            _ = try roundTrip(netlist)
        }
    }

    /// A generated network (60 nodes, hundreds of bonds: long `*@ train` lines wrap) with
    /// random coordinates, every rest length and stiffness distinct, round-trips bit for bit.
    func testGeneratedDisorderedNetworkRoundTrips() throws {
        var elastic = ElasticNetwork.disordered(count: 60, coordination: 5, seed: 3)
        elastic.drag = 0.3
        let free = elastic.nodes.indices.filter { !elastic.nodes[$0].pinned }
        let pinned = elastic.nodes.indices.filter { elastic.nodes[$0].pinned }
        XCTAssertFalse(pinned.isEmpty)
        let sensors = [ElasticNetlist.Sensor(name: "gap", a: free[0], b: free[1]),
                       ElasticNetlist.Sensor(name: "reach", a: pinned[0], b: free[2])]
        var roles = ElasticNetlist.Roles()
        roles.inputs = [elastic.bonds[0].name, elastic.bonds[7].name]
        roles.outputs = ["reach", "\(elastic.nodes[free[3]].name).y", "gap", "\(elastic.nodes[free[4]].name).x"]
        let inputs = Set(roles.inputs)
        let others = elastic.bonds.map(\.name).filter { !inputs.contains($0) }
        roles.trainable = others.map { "\($0).k" } + others.filter { $0.hasSuffix("3") || $0.hasSuffix("7") }.map { "\($0).l" }
        roles.stiffnessBounds = 0.01...50
        roles.restLengthBounds = 0.2...Double.infinity
        let netlist = ElasticNetlist(file: "gen.elastic", title: "disordered, 60 nodes, Z = 5, seed 3", elastic: elastic,
                                     sensors: sensors, sensorStiffness: 1e5, roles: roles)
        let text = try roundTrip(netlist, comments: ["generated"])
        let trainLines = text.split(separator: "\n").filter { $0.hasPrefix("*@ train") }
        XCTAssertGreaterThan(trainLines.count, 1, "the explicit .l names wrap")
        XCTAssertTrue(trainLines[0].hasPrefix("*@ train *.k "), String(trainLines[0]))
        XCTAssertTrue(trainLines.allSatisfy { $0.count <= 110 }, "wrapped at about 100 characters")
    }
}
