import Foundation
import XCTest
@testable import PhysicalNetworks

/// LAMMPS data files: round trip, the reader's errors (file:line:col), and parity with LAMMPS
/// itself — the equilibrium of a perturbed triangular lattice (2-D) and of a braced cubic grid
/// (3-D), relaxed by nudge (gradient flow, then Newton) and by `lmp` (`minimize`, conjugate
/// gradients) from the same data file.
final class LAMMPSDataTests: XCTestCase {
    struct LAMMPSFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// `ElasticNetwork.triangularLattice` of `side × side` nodes (spacing 1, bottom row pinned),
    /// positions perturbed by ±0.15, rest lengths 0.8–1.2, stiffness 0.5–2 (seeded).
    static func lattice(side: Int, seed: UInt64) -> ElasticNetwork {
        var generator = Xoshiro256StarStar(seed: seed)
        var network = ElasticNetwork.triangularLattice(rows: side, columns: side)
        for i in network.nodes.indices {
            network.nodes[i].position.x += generator.nextDouble(in: -0.15..<0.15)
            network.nodes[i].position.y += generator.nextDouble(in: -0.15..<0.15)
        }
        for e in network.bonds.indices {
            network.bonds[e].stiffness = generator.nextDouble(in: 0.5..<2)
            network.bonds[e].restLength = generator.nextDouble(in: 0.8..<1.2)
        }
        return network
    }

    /// A rigid 3-D network: a `side³` cubic grid, spacing 1, with the bonds along the axes and
    /// both diagonals of every face, the bottom layer (z = 0) pinned, positions perturbed by
    /// ±0.1, rest lengths 0.9–1.1 of each bond's initial length, stiffness 0.5–2 (seeded).
    static func cubic(side: Int, seed: UInt64) -> ElasticNetwork {
        var generator = Xoshiro256StarStar(seed: seed)
        var nodes: [ElasticNetwork.Node] = []
        func index(_ x: Int, _ y: Int, _ z: Int) -> Int { (z * side + y) * side + x }
        for z in 0..<side {
            for y in 0..<side {
                for x in 0..<side {
                    let jitter = SIMD3((0..<3).map { _ in generator.nextDouble(in: -0.1..<0.1) })
                    nodes.append(ElasticNetwork.Node(name: "\(nodes.count + 1)",
                                                     position: SIMD3(Double(x), Double(y), Double(z)) + jitter,
                                                     pinned: z == 0))
                }
            }
        }
        var bonds: [ElasticNetwork.Bond] = []
        let steps = [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1), SIMD3(1, 1, 0), SIMD3(1, -1, 0),
                     SIMD3(1, 0, 1), SIMD3(1, 0, -1), SIMD3(0, 1, 1), SIMD3(0, 1, -1)]
        for z in 0..<side {
            for y in 0..<side {
                for x in 0..<side {
                    for step in steps {
                        let (u, v, w) = (x + step.x, y + step.y, z + step.z)
                        guard (0..<side).contains(u), (0..<side).contains(v), (0..<side).contains(w) else { continue }
                        let a = index(x, y, z), b = index(u, v, w)
                        let d = nodes[a].position - nodes[b].position
                        bonds.append(ElasticNetwork.Bond(name: "b\(bonds.count + 1)", a: a, b: b,
                                                         stiffness: generator.nextDouble(in: 0.5..<2),
                                                         restLength: (d * d).sum().squareRoot() * generator.nextDouble(in: 0.9..<1.1)))
                    }
                }
            }
        }
        return ElasticNetwork(dimension: 3, nodes: nodes, bonds: bonds)
    }

    func testRoundTrip() throws {
        for dimension in [2, 3] {
            let network = dimension == 2 ? Self.lattice(side: 4, seed: 5) : Self.cubic(side: 3, seed: 5)
            let back = try LAMMPSData.parse(LAMMPSData.write(network), path: "t.data")
            XCTAssertEqual(back.dimension, dimension)
            XCTAssertEqual(back.nodes.map(\.pinned), network.nodes.map(\.pinned))
            XCTAssertEqual(back.nodes.map(\.position), network.nodes.map(\.position))
            XCTAssertEqual(back.bonds.map { [$0.a, $0.b] }, network.bonds.map { [$0.a, $0.b] })
            for (x, y) in zip(back.bonds, network.bonds) {
                XCTAssertEqual(x.stiffness, y.stiffness, accuracy: 1e-15 * y.stiffness)
                XCTAssertEqual(x.restLength, y.restLength)
            }
        }
    }

    func testReaderErrorsNameLineAndColumn() {
        let good = LAMMPSData.write(Self.lattice(side: 2, seed: 1))
        let cases: [(String, String)] = [
            (good.replacingOccurrences(of: "4 atoms", with: "4 atoms\n3 angles"), "t.data:4:3: 'angles' is not supported"),
            (good.replacingOccurrences(of: "Atoms # bond", with: "Atoms # atomic"), "atom style 'atomic' is not supported"),
            (good.replacingOccurrences(of: "Atoms # bond\n\n1 1 2 ", with: "Atoms # bond\n\n1 1 2 nope"),
             "t.data:19:7: expected x, got 'nope"),
            (good.replacingOccurrences(of: "\n1 1 1 2\n", with: "\n1 7 1 2\n"), "bond type 7 has no 'Bond Coeffs' line"),
            (good.replacingOccurrences(of: "\n1 1 1 2\n", with: "\n1 1 1 9\n"), "no atom 9"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try LAMMPSData.parse(text, path: "t.data")) { error in
                XCTAssertTrue("\(error)".contains(expected), "'\(expected)' not in '\(error)'")
                XCTAssertTrue("\(error)".hasPrefix("t.data:"), "\(error)")
            }
        }
        XCTAssertThrowsError(try LAMMPSData.read(path: "/nonexistent/net.data")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/net.data:1:1: no such file")
        }
    }

    /// nudge's equilibrium: overdamped gradient flow from the file's positions (TR-BDF2, the
    /// drag of every node 1), polished by Newton.
    static func relaxed(_ network: ElasticNetwork) -> [SIMD3<Double>] {
        let flow = relax(RelaxationProblem(network: network.network(), initialStates: network.initialState), using: TRBDF2())
        precondition(flow.reports[0].status == .converged, "nudge did not relax the lattice: \(flow.reports[0].message)")
        var state = Array(flow.state(0))
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: network.network()), state: $0)
        }
        precondition(report.status.isSuccess, "Newton did not polish the relaxed lattice: \(report.status)")
        return network.positions(state)
    }

    /// LAMMPS's equilibrium of the same data file (`lmp` on the PATH; the Makefile installs it).
    static func lammpsRelaxed(_ network: ElasticNetwork, in folder: URL) throws -> [SIMD3<Double>] {
        try LAMMPSData.write(network).write(to: folder.appendingPathComponent("net.data"), atomically: true, encoding: .utf8)
        let script = """
            units lj
            dimension \(network.dimension)
            boundary s s \(network.dimension == 2 ? "p" : "s")
            atom_style bond
            bond_style harmonic
            read_data net.data
            comm_modify cutoff 4.0
            group pinned type 2
            fix pin pinned setforce 0.0 0.0 0.0
            \(network.dimension == 2 ? "fix flat all enforce2d" : "")
            min_style cg
            min_modify line quadratic
            thermo_modify norm no
            minimize 0.0 1.0e-13 100000 1000000
            write_dump all custom out.dump id x y z modify sort id format float %.17g
            """
        try script.write(to: folder.appendingPathComponent("in.relax"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lmp", "-in", "in.relax", "-log", "log.lammps", "-screen", "none"]
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let log = (try? String(contentsOf: folder.appendingPathComponent("log.lammps"), encoding: .utf8)) ?? ""
            let errors = log.split(separator: "\n").filter { $0.contains("ERROR") }.joined(separator: "; ")
            throw LAMMPSFailure(message: "lmp failed (status \(process.terminationStatus)): \(errors.isEmpty ? String(log.suffix(400)) : errors)")
        }
        let dump = try String(contentsOf: folder.appendingPathComponent("out.dump"), encoding: .utf8)
        let rows = dump.split(separator: "\n").drop { !$0.hasPrefix("ITEM: ATOMS") }.dropFirst()
        return rows.map { line in
            let v = line.split(separator: " ").map { Double($0)! }
            return SIMD3(v[1], v[2], network.dimension == 3 ? v[3] : 0)
        }
    }

    func testRelaxedPositionsMatchLAMMPS() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/lmp") else {
            return XCTFail("LAMMPS (lmp) is not installed: `make test` installs Debian's lammps package")
        }
        for dimension in [2, 3] {
            let network = dimension == 2 ? Self.lattice(side: 6, seed: 11) : Self.cubic(side: 4, seed: 11)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-lammps-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let ours = Self.relaxed(network)
            let theirs = try Self.lammpsRelaxed(network, in: folder)
            XCTAssertEqual(theirs.count, ours.count)
            var worst = 0.0, moved = 0.0
            for i in ours.indices {
                let d = ours[i] - theirs[i]
                worst = max(worst, (d * d).sum().squareRoot() / max((ours[i] * ours[i]).sum().squareRoot(), 1))
                let m = ours[i] - network.nodes[i].position
                moved = max(moved, (m * m).sum().squareRoot())
            }
            print("springs vs LAMMPS (\(dimension)-D, \(network.nodes.count) nodes, \(network.bonds.count) bonds): largest relative position difference \(worst); nodes moved up to \(moved)")
            XCTAssertGreaterThan(moved, 0.05, "the case must move the nodes")
            XCTAssertLessThan(worst, 1e-6)
        }
    }
}
