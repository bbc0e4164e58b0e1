import Foundation
import XCTest
@testable import PhysicalNetworks

/// The generators: the Delaunay triangulation's defining property and Euler counts, the pruned
/// disordered network's coordination and rigidity floor, and — once its rest lengths are
/// perturbed — its relaxed positions against LAMMPS; the rigid disordered network's bond count,
/// rigidity and Newton operating point.
final class ElasticGeneratorsTests: XCTestCase {
    func testDelaunayHasEmptyCircumcirclesAndEulerCounts() {
        var generator = Xoshiro256StarStar(seed: 4)
        let points = (0..<200).map { _ in SIMD2(generator.nextDouble(in: 0..<10), generator.nextDouble(in: 0..<10)) }
        let triangles = Delaunay.triangulate(points)
        for t in triangles {
            let (a, b, c) = (points[t.0], points[t.1], points[t.2])
            let area = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)
            XCTAssertGreaterThan(area, 0, "counter-clockwise")
            for (i, p) in points.enumerated() where i != t.0 && i != t.1 && i != t.2 {
                XCTAssertFalse(Delaunay.inCircumcircle(p, a, b, c), "point \(i) inside the circumcircle of \(t)")
            }
        }
        // Hull edges belong to one triangle: T = 2n − 2 − h, E = 3n − 3 − h.
        var uses: [SIMD2<Int>: Int] = [:]
        for t in triangles {
            for (a, b) in [(t.0, t.1), (t.1, t.2), (t.2, t.0)] { uses[SIMD2(min(a, b), max(a, b)), default: 0] += 1 }
        }
        let hull = uses.values.filter { $0 == 1 }.count
        XCTAssertEqual(triangles.count, 2 * points.count - 2 - hull)
        XCTAssertEqual(Delaunay.edges(of: triangles).count, 3 * points.count - 3 - hull)
    }

    func testDisorderedNetworkIsPrunedToItsCoordinationAndStartsUnstressed() {
        let network = ElasticNetwork.disordered(count: 300, coordination: 4.5, seed: 7)
        XCTAssertLessThanOrEqual(network.meanCoordination, 4.5)
        XCTAssertGreaterThan(network.meanCoordination, 4.5 - 2.0 / 300)
        var degree = [Int](repeating: 0, count: network.nodes.count)
        for bond in network.bonds {
            degree[bond.a] += 1
            degree[bond.b] += 1
        }
        XCTAssertGreaterThanOrEqual(degree.min()!, 3)
        XCTAssertGreaterThan(network.nodes.filter(\.pinned).count, 0)
        let equations = NetworkEquations(network: network.network())
        var residual = [Double](repeating: 0, count: equations.dimension)
        network.initialState.withUnsafeBufferPointer { x in
            residual.withUnsafeMutableBufferPointer { equations.evaluateResidual(x, drive: .dc, into: $0) }
        }
        XCTAssertLessThan(residual.map(abs).max()!, 1e-12, "bonds start at their rest lengths")
        // The same seed gives the same network.
        XCTAssertEqual(ElasticNetwork.disordered(count: 300, coordination: 4.5, seed: 7), network)
    }

    func testStressedDisorderedNetworkRelaxesAsInLAMMPS() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/lmp") else {
            return XCTFail("LAMMPS (lmp) is not installed: `make test` installs Debian's lammps package")
        }
        var network = ElasticNetwork.disordered(count: 200, coordination: 5.2, seed: 3)
        var generator = Xoshiro256StarStar(seed: 8)
        for e in network.bonds.indices { network.bonds[e].restLength *= generator.nextDouble(in: 0.9..<1.1) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nudge-lammps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ours = LAMMPSDataTests.relaxed(network)
        let theirs = try LAMMPSDataTests.lammpsRelaxed(network, in: folder)
        var worst = 0.0
        for i in ours.indices {
            let d = ours[i] - theirs[i]
            worst = max(worst, (d * d).sum().squareRoot() / max((ours[i] * ours[i]).sum().squareRoot(), 1))
        }
        print("disordered network (200 nodes, \(network.bonds.count) bonds, Z = \(network.meanCoordination)) vs LAMMPS: largest relative position difference \(worst)")
        XCTAssertLessThan(worst, 1e-6)
    }

    func testRigidDisorderedNetworkHasTheRequestedBondsNoFloppyModeAndANewtonOperatingPoint() throws {
        let network = try ElasticNetwork.rigidDisordered(count: 400, coordination: 4.4, seed: 5)
        XCTAssertEqual(network.bonds.count, 880)
        XCTAssertEqual(network.meanCoordination, 4.4, accuracy: 1e-12)
        XCTAssertGreaterThanOrEqual(network.nodes.filter(\.pinned).count, 2)
        let counts = network.rigidityCount()
        XCTAssertEqual(counts.floppyModes, 0)
        XCTAssertTrue(counts.isRigid)
        var degree = [Int](repeating: 0, count: network.nodes.count)
        for bond in network.bonds {
            degree[bond.a] += 1
            degree[bond.b] += 1
        }
        XCTAssertGreaterThanOrEqual(zip(network.nodes, degree).filter { !$0.0.pinned }.map(\.1).min()!, 3,
                                    "redundant bonds go first to nodes held by two")
        XCTAssertEqual(try ElasticNetwork.rigidDisordered(count: 400, coordination: 4.4, seed: 5), network, "seeded")
        XCTAssertEqual(network.nodes, ElasticNetwork.disordered(count: 400, coordination: 4.4, seed: 5).nodes,
                       "the same points as the randomly pruned network")

        var stressed = network
        var generator = Xoshiro256StarStar(seed: 6)
        for e in stressed.bonds.indices { stressed.bonds[e].restLength *= generator.nextDouble(in: 0.999..<1.001) }
        var state = stressed.initialState
        let report = state.withUnsafeMutableBufferPointer {
            OperatingPointSolver().solve(NetworkEquations(network: stressed.network()), state: $0)
        }
        XCTAssertEqual(report.status, .converged)
        XCTAssertEqual(report.strategy, "newton")
        XCTAssertLessThan(report.residual, 1e-9)
    }

    func testRigidDisorderedNetworkKeepsEveryBondAboveTheTriangulationsCoordination() throws {
        let network = try ElasticNetwork.rigidDisordered(count: 60, coordination: 7, seed: 2)
        let triangulation = Delaunay.edges(of: Delaunay.triangulate(network.nodes.map { SIMD2($0.position.x, $0.position.y) }))
        XCTAssertEqual(network.bonds.count, triangulation.count)
        XCTAssertEqual(network.rigidityCount().selfStresses, network.bonds.count - 2 * network.nodes.filter { !$0.pinned }.count)
    }

    func testRigidDisorderedNetworkRejectsACoordinationBelowRigidity() {
        XCTAssertThrowsError(try ElasticNetwork.rigidDisordered(count: 100, coordination: 3.5, seed: 1)) { error in
            guard case let .belowRigidity(coordination, minimum, nodes, pinned)? = error as? ElasticGeneratorError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(coordination, 3.5)
            XCTAssertEqual(nodes, 100)
            XCTAssertEqual(minimum, 4 * Double(nodes - pinned) / Double(nodes), accuracy: 1e-12)
            XCTAssertTrue("\(error)".contains("mean coordination of at least"))
        }
    }
}
