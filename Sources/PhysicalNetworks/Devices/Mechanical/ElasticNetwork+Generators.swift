import Foundation

/// Seeded generators of elastic networks (issue 5): a triangular lattice, and the disordered
/// networks of the allostery literature — random points, their Delaunay triangulation, bonds
/// pruned at random down to a target mean coordination Z (above the isostatic 2d = 4 in 2-D,
/// so the network stays rigid), every node keeping at least three bonds. Bonds start unstressed
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
        let side = Double(count).squareRoot()
        let points = (0..<count).map { _ in SIMD2(generator.nextDouble(in: 0..<side), generator.nextDouble(in: 0..<side)) }
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
