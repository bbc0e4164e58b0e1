import Foundation

/// Seeded generators of elastic networks (issue 5): a triangular lattice, and the disordered
/// networks of the allostery literature — random points, their Delaunay triangulation, bonds
/// pruned at random down to a target mean coordination Z (above the isostatic 2d = 4 in 2-D),
/// every node keeping at least three bonds. Random pruning near Z ≈ 4–5 can leave floppy pockets
/// (zero modes, a singular Newton Jacobian); `rigidDisordered` prunes with a pebble game instead
/// and keeps the free nodes rigidly held. Bonds start unstressed
/// (ℓ = the initial distance), with stiffness k = k₀ ℓ̄/ℓ (softer for longer bonds, a common
/// choice) or uniform.
extension ElasticNetwork {
    /// A `rows × columns` triangular lattice of spacing `spacing` (m): bonds to the right
    /// neighbour and the two neighbours above, unstressed, stiffness `stiffness`; the bottom row
    /// pinned.
    public static func triangularLattice(rows: Int, columns: Int, spacing: Double = 1, stiffness: Double = 1) -> ElasticNetwork {
        precondition(rows >= 2 && columns >= 2 && spacing > 0 && stiffness > 0, "a lattice needs 2 × 2 nodes and positive spacing and stiffness")
        var nodes: [Node] = []
        for row in 0..<rows {
            for column in 0..<columns {
                let position = SIMD3(spacing * (Double(column) + 0.5 * Double(row % 2)), spacing * Double(row) * 0.75.squareRoot(), 0)
                nodes.append(Node(name: "n\(nodes.count)", position: position, pinned: row == 0))
            }
        }
        var bonds: [Bond] = []
        func bond(_ a: Int, _ b: Int) {
            bonds.append(Bond(name: "b\(bonds.count)", a: a, b: b, stiffness: stiffness, restLength: spacing))
        }
        for row in 0..<rows {
            for column in 0..<columns {
                let i = row * columns + column
                if column + 1 < columns { bond(i, i + 1) }
                guard row + 1 < rows else { continue }
                bond(i, i + columns)
                let diagonal = row % 2 == 0 ? column - 1 : column + 1
                if (0..<columns).contains(diagonal) { bond(i, (row + 1) * columns + diagonal) }
            }
        }
        return ElasticNetwork(dimension: 2, nodes: nodes, bonds: bonds)
    }

    /// A disordered 2-D network of `count` nodes: uniform random points in a square of side
    /// √count (mean spacing about 1 m), Delaunay bonds pruned at random to mean coordination
    /// `coordination` (each node keeps ≥ 3), unstressed, `k = stiffness · ℓ̄/ℓ`; nodes within
    /// `pinnedBand` of the bottom edge pinned.
    public static func disordered(count: Int, coordination: Double, seed: UInt64, stiffness: Double = 1,
                                  pinnedBand: Double = 0.5) -> ElasticNetwork {
        precondition(count >= 4 && coordination > 3 && stiffness > 0, "a disordered network needs ≥ 4 nodes and Z > 3")
        var generator = Xoshiro256StarStar(seed: seed)
        let points = randomPoints(count: count, generator: &generator)
        var edges = Delaunay.edges(of: Delaunay.triangulate(points))
        var degree = [Int](repeating: 0, count: count)
        for (a, b) in edges {
            degree[a] += 1
            degree[b] += 1
        }
        // Remove random bonds whose ends both keep ≥ 3 bonds, until the mean coordination is reached.
        var order = generator.permutation(count: edges.count)
        var removed = Set<Int>()
        var bondCount = edges.count
        var progress = true
        while Double(2 * bondCount) / Double(count) > coordination && progress {
            progress = false
            for e in order where !removed.contains(e) {
                let (a, b) = edges[e]
                guard degree[a] > 3 && degree[b] > 3 else { continue }
                removed.insert(e)
                degree[a] -= 1
                degree[b] -= 1
                bondCount -= 1
                progress = true
                if Double(2 * bondCount) / Double(count) <= coordination { break }
            }
            order = generator.permutation(count: edges.count)
        }
        edges = edges.indices.filter { !removed.contains($0) }.map { edges[$0] }
        return unstressed(points: points, edges: edges, stiffness: stiffness, pinnedBand: pinnedBand)
    }

    /// A disordered 2-D network like `disordered(count:coordination:seed:stiffness:pinnedBand:)`
    /// (the same points for the same seed), whose free nodes are held rigidly: no floppy mode,
    /// so Newton's method meets a nonsingular Jacobian at the unstressed state.
    ///
    /// Construction: the Delaunay bonds are shuffled; a (2,3) pebble game
    /// (`RigidityPebbleGame`), its pinned nodes braced into one body first, keeps those that
    /// are independent — a minimally rigid spanning set, 2n − 3 bars with the virtual ones, so
    /// 2·free bonds when ≥ 2 nodes are pinned (2n − 3 when fewer: then the network is one rigid
    /// body, and the pins leave it its rigid-body motions). Redundant bonds are then added up to
    /// the target count, the largest B with 2B/n ≤ Z (all bonds when Z exceeds the
    /// triangulation's): in the shuffled order, first those with an end that has fewer than
    /// three bonds, then the others. A minimally rigid set may hold a node by two bonds (a
    /// hinge, soft when they are nearly collinear); the preference gives such nodes a third
    /// bond when the target allows, as `disordered` keeps every node at ≥ 3 bonds.
    /// Unstressed, `k = stiffness · ℓ̄/ℓ` as in `disordered`.
    ///
    /// - Throws: `ElasticGeneratorError.belowRigidity` when Z is below the rigidity minimum
    ///   2·(2·free)/n (Maxwell's count with the pinned body; 4 − 6/n with fewer than two pins).
    public static func rigidDisordered(count: Int, coordination: Double, seed: UInt64, stiffness: Double = 1,
                                       pinnedBand: Double = 0.5) throws -> ElasticNetwork {
        precondition(count >= 4 && !coordination.isNaN && stiffness > 0,
                     "a disordered network needs ≥ 4 nodes, a coordination and positive stiffness")
        var generator = Xoshiro256StarStar(seed: seed)
        let points = randomPoints(count: count, generator: &generator)
        let edges = Delaunay.edges(of: Delaunay.triangulate(points))
        let order = generator.permutation(count: edges.count)

        var game = RigidityPebbleGame(nodeCount: count)
        // At least the two lowest nodes pinned: with fewer the pinned body leaves the network
        // rigid-body motions (zero modes) however it is braced.
        let heights = points.map(\.y).sorted()
        let band = heights.count >= 2 ? max(pinnedBand, heights[1].nextUp) : pinnedBand
        let pinned = points.indices.filter { points[$0].y < band }
        game.brace(pinned)
        let virtual = game.independentCount
        var kept: [Int] = []
        var redundant: [Int] = []
        for e in order {
            if game.insert(edges[e].0, edges[e].1) { kept.append(e) } else { redundant.append(e) }
        }
        precondition(game.isRigid, "a Delaunay triangulation is rigid; the points must be degenerate")
        let needed = game.independentCount - virtual
        var target = edges.count
        while target > 0 && Double(2 * target) / Double(count) > coordination { target -= 1 }
        guard target >= needed else {
            throw ElasticGeneratorError.belowRigidity(coordination: coordination, minimum: Double(2 * needed) / Double(count),
                                                      nodes: count, pinned: pinned.count)
        }
        // Redundant bonds in the shuffled order, first those that lift an end below three bonds.
        var degree = [Int](repeating: 0, count: count)
        for e in kept {
            degree[edges[e].0] += 1
            degree[edges[e].1] += 1
        }
        var later: [Int] = []
        for e in redundant where kept.count < target {
            let (a, b) = edges[e]
            guard degree[a] < 3 || degree[b] < 3 else {
                later.append(e)
                continue
            }
            kept.append(e)
            degree[a] += 1
            degree[b] += 1
        }
        kept += later.prefix(target - kept.count)
        let chosen = kept.sorted().map { edges[$0] }
        return unstressed(points: points, edges: chosen, stiffness: stiffness, pinnedBand: band)
    }

    /// `count` uniform random points in a square of side √count.
    private static func randomPoints(count: Int, generator: inout Xoshiro256StarStar) -> [SIMD2<Double>] {
        let side = Double(count).squareRoot()
        return (0..<count).map { _ in SIMD2(generator.nextDouble(in: 0..<side), generator.nextDouble(in: 0..<side)) }
    }

    /// The network of `points` joined by `edges`, unstressed (ℓ = initial distance), with
    /// `k = stiffness · ℓ̄/ℓ`, nodes below `pinnedBand` pinned.
    private static func unstressed(points: [SIMD2<Double>], edges: [(Int, Int)], stiffness: Double,
                                   pinnedBand: Double) -> ElasticNetwork {
        let nodes = points.enumerated().map { i, p in
            Node(name: "n\(i)", position: SIMD3(p.x, p.y, 0), pinned: p.y < pinnedBand)
        }
        let lengths = edges.map { a, b -> Double in
            let d = points[a] - points[b]
            return (d * d).sum().squareRoot()
        }
        let mean = lengths.reduce(0, +) / Double(max(lengths.count, 1))
        let bonds = edges.enumerated().map { e, pair in
            Bond(name: "b\(e)", a: pair.0, b: pair.1, stiffness: stiffness * mean / lengths[e], restLength: lengths[e])
        }
        return ElasticNetwork(dimension: 2, nodes: nodes, bonds: bonds)
    }

    /// Mean coordination Z = 2·bonds/nodes.
    public var meanCoordination: Double { Double(2 * bonds.count) / Double(max(nodes.count, 1)) }
}

/// Why a generator cannot build the network asked for; descriptions are for users.
public enum ElasticGeneratorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The requested mean coordination Z is below the `minimum` a rigid network needs.
    case belowRigidity(coordination: Double, minimum: Double, nodes: Int, pinned: Int)

    public var description: String {
        switch self {
        case let .belowRigidity(coordination, minimum, nodes, pinned):
            return "a rigid network of \(nodes) nodes (\(pinned) pinned) needs a mean coordination of at least \(minimum), "
                + "got Z = \(coordination)"
        }
    }
}
