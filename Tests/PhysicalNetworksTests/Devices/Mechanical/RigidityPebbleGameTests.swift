import XCTest
@testable import PhysicalNetworks

/// The (2,3) pebble game: Laman counts on small graphs whose rigidity is known by hand, the
/// rank's independence of insertion order, and — on random pruned networks with zero, one or
/// several pinned nodes — its floppy-mode count against the numerical nullity of the free
/// nodes' stiffness matrix.
final class RigidityPebbleGameTests: XCTestCase {
    private func game(_ nodes: Int, _ edges: [(Int, Int)]) -> RigidityPebbleGame {
        var game = RigidityPebbleGame(nodeCount: nodes)
        for (a, b) in edges { game.insert(a, b) }
        return game
    }

    func testTriangleIsRigid() {
        let triangle = game(3, [(0, 1), (1, 2), (2, 0)])
        XCTAssertEqual(triangle.independentCount, 3)
        XCTAssertEqual(triangle.floppyModeCount, 0)
        XCTAssertTrue(triangle.isRigid)
    }

    func testSquareHasOneFloppyModeAndItsDiagonalRemovesIt() {
        var square = game(4, [(0, 1), (1, 2), (2, 3), (3, 0)])
        XCTAssertEqual(square.independentCount, 4)
        XCTAssertEqual(square.degreesOfFreedom, 4)
        XCTAssertEqual(square.floppyModeCount, 1)
        XCTAssertFalse(square.isRigid)
        XCTAssertTrue(square.insert(0, 2), "the diagonal is independent")
        XCTAssertTrue(square.isRigid)
        XCTAssertFalse(square.insert(1, 3), "the second diagonal (K4's sixth bar) is redundant")
        XCTAssertEqual(square.redundantCount, 1)
    }

    func testCompleteGraphOnFourNodesHasOneRedundantBar() {
        let k4 = game(4, [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)])
        XCTAssertEqual(k4.independentCount, 5)
        XCTAssertEqual(k4.redundantCount, 1)
        XCTAssertTrue(k4.isRigid)
    }

    func testTwoTrianglesSharingAVertexHingeFreely() {
        let bowtie = game(5, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 2)])
        XCTAssertEqual(bowtie.independentCount, 6)
        XCTAssertEqual(bowtie.floppyModeCount, 1)
        XCTAssertFalse(bowtie.isRigid)
    }

    func testRepeatedBarIsRedundantAndLoneNodesAreTrivial() {
        let doubled = game(2, [(0, 1), (1, 0)])
        XCTAssertEqual(doubled.independentCount, 1)
        XCTAssertTrue(doubled.isRigid)
        XCTAssertTrue(RigidityPebbleGame(nodeCount: 1).isRigid)
        XCTAssertEqual(RigidityPebbleGame(nodeCount: 3).floppyModeCount, 3, "three loose points: 6 − 3 rigid-body motions")
    }

    func testBracingMakesOneMinimallyRigidBody() {
        var braced = RigidityPebbleGame(nodeCount: 9)
        braced.brace([8, 1, 5, 3, 0, 7])
        XCTAssertEqual(braced.independentCount, 2 * 6 - 3)
        XCTAssertEqual(braced.redundantCount, 0)
        XCTAssertFalse(braced.insert(0, 8), "any further bar inside the body is redundant")
    }

    /// The rank of a matroid does not depend on the order its elements are offered.
    func testRankIsIndependentOfInsertionOrder() {
        var generator = Xoshiro256StarStar(seed: 11)
        for _ in 0..<20 {
            let n = 12
            var edges: [(Int, Int)] = []
            for _ in 0..<22 {
                let a = generator.nextInt(below: n)
                var b = generator.nextInt(below: n - 1)
                if b >= a { b += 1 }
                edges.append((a, b))
            }
            let first = game(n, edges)
            generator.shuffle(&edges)
            let second = game(n, edges)
            XCTAssertEqual(first.independentCount, second.independentCount)
        }
    }

    /// Random Delaunay networks pruned (at random) to low Z, with no, few and many pinned
    /// nodes: the pebble game's floppy modes are the zero eigenvalues of K_ff, and
    /// Maxwell–Calladine holds.
    func testFloppyModesMatchTheStiffnessMatrixNullity() {
        var floppyTotal = 0
        for (seed, count) in zip(UInt64(1)...9, [20, 24, 28, 32, 36, 40, 25, 33, 38]) {
            for band in [0.0, 0.5, 1.5] {
                let coordination = 3.3 + 0.15 * Double(seed % 7)
                let network = ElasticNetwork.disordered(count: count, coordination: coordination, seed: seed, pinnedBand: band)
                let counts = network.rigidityCount()
                let (nullity, gap) = Self.nullity(network)
                XCTAssertEqual(counts.floppyModes, nullity,
                               "seed \(seed), \(count) nodes, Z = \(network.meanCoordination), band \(band) (gap \(gap))")
                let free = network.nodes.filter { !$0.pinned }.count
                XCTAssertEqual(counts.floppyModes - counts.selfStresses, 2 * free - network.bonds.count)
                // A rigid body keeps the motions its pins allow: none for ≥ 2, a rotation for 1.
                let pinned = network.nodes.count - free
                XCTAssertEqual(counts.isRigid, nullity == (pinned >= 2 ? 0 : pinned == 1 ? 1 : 3))
                floppyTotal += counts.floppyModes
            }
        }
        XCTAssertGreaterThan(floppyTotal, 0, "the sample must include floppy networks")
    }

    /// Rigid generated networks have no zero mode, numerically.
    func testRigidGeneratedNetworksHaveNoNumericalZeroMode() throws {
        for seed in UInt64(1)...4 {
            let network = try ElasticNetwork.rigidDisordered(count: 36, coordination: 4.2, seed: seed, pinnedBand: 1)
            XCTAssertGreaterThanOrEqual(network.nodes.filter(\.pinned).count, 2)
            XCTAssertEqual(network.floppyModeCount, 0)
            XCTAssertEqual(Self.nullity(network).count, 0, "seed \(seed)")
        }
    }

    /// The number of zero eigenvalues of the free nodes' stiffness matrix K_ff = Σ k u uᵀ at
    /// the unstressed state (relative tolerance 1e-9), and the ratio of the smallest nonzero
    /// eigenvalue to the largest zero one (a clean split has a large gap).
    static func nullity(_ network: ElasticNetwork) -> (count: Int, gap: Double) {
        let index = network.coordinateIndex
        let n = network.nodes.filter { !$0.pinned }.count * 2
        guard n > 0 else { return (0, .infinity) }
        var k = [Double](repeating: 0, count: n * n)
        for bond in network.bonds {
            let d = network.nodes[bond.b].position - network.nodes[bond.a].position
            let u = SIMD2(d.x, d.y) / (d.x * d.x + d.y * d.y).squareRoot()
            let ends = [(index[bond.a], -1.0), (index[bond.b], 1.0)].filter { $0.0 >= 0 }
            for (i, si) in ends {
                for (j, sj) in ends {
                    for r in 0..<2 {
                        for c in 0..<2 { k[(i + r) * n + j + c] += si * sj * bond.stiffness * u[r] * u[c] }
                    }
                }
            }
        }
        let eigenvalues = symmetricEigenvalues(&k, dimension: n)
        let scale = eigenvalues.max() ?? 1
        let zero = eigenvalues.filter { abs($0) <= 1e-9 * scale }
        let positive = eigenvalues.filter { abs($0) > 1e-9 * scale }
        let gap = (positive.min() ?? scale) / max(zero.map(abs).max() ?? 0, 1e-300)
        return (zero.count, gap)
    }

    /// Eigenvalues of a symmetric row-major matrix by cyclic Jacobi rotations (each rotation
    /// zeroes one off-diagonal pair; sweeps until the off-diagonal mass is negligible).
    static func symmetricEigenvalues(_ matrix: inout [Double], dimension n: Int) -> [Double] {
        matrix.withUnsafeMutableBufferPointer { a in
            let norm = (0..<n * n).reduce(0.0) { $0 + a[$1] * a[$1] }
            for _ in 0..<100 {
                var off = 0.0
                for p in 0..<n { for q in p + 1..<n { off += a[p * n + q] * a[p * n + q] } }
                if off <= 1e-30 * norm { break }
                for p in 0..<n {
                    for q in p + 1..<n where a[p * n + q] != 0 {
                        let apq = a[p * n + q]
                        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                        let c = 1 / (t * t + 1).squareRoot(), s = t * c
                        for k in 0..<n {
                            let akp = a[k * n + p], akq = a[k * n + q]
                            a[k * n + p] = c * akp - s * akq
                            a[k * n + q] = s * akp + c * akq
                        }
                        for k in 0..<n {
                            let apk = a[p * n + k], aqk = a[q * n + k]
                            a[p * n + k] = c * apk - s * aqk
                            a[q * n + k] = s * apk + c * aqk
                        }
                    }
                }
            }
            return (0..<n).map { a[$0 * n + $0] }
        }
    }
}
