/// The Delaunay triangulation of points in the plane (Bowyer–Watson: insert the points one at a
/// time into a triangulation that starts as one huge triangle around them; every triangle whose
/// circumcircle contains the new point is removed, and the cavity's boundary edges are joined
/// to the point). O(n²) in the worst case, fine for the few thousand nodes of a spring network.
///
/// Triangles are returned counter-clockwise, as index triples into `points`; no triangle's
/// circumcircle holds another point (up to rounding for co-circular points).
public enum Delaunay {
    public static func triangulate(_ points: [SIMD2<Double>]) -> [(Int, Int, Int)] {
        guard points.count >= 3 else { return [] }
        let low = points.reduce(points[0]) { SIMD2(min($0.x, $1.x), min($0.y, $1.y)) }
        let high = points.reduce(points[0]) { SIMD2(max($0.x, $1.x), max($0.y, $1.y)) }
        let center = 0.5 * (low + high), size = max(high.x - low.x, high.y - low.y, 1)
        // The super-triangle's corners are points n, n+1, n+2.
        var vertices = points + [center + SIMD2(-20 * size, -10 * size), center + SIMD2(20 * size, -10 * size),
                                 center + SIMD2(0, 20 * size)]
        let n = points.count
        var triangles: [(Int, Int, Int)] = [(n, n + 1, n + 2)]
        for p in 0..<n {
            let point = vertices[p]
            var edges: [(Int, Int)] = []
            var kept: [(Int, Int, Int)] = []
            kept.reserveCapacity(triangles.count + 2)
            for t in triangles {
                if inCircumcircle(point, vertices[t.0], vertices[t.1], vertices[t.2]) {
                    edges.append((t.0, t.1))
                    edges.append((t.1, t.2))
                    edges.append((t.2, t.0))
                } else {
                    kept.append(t)
                }
            }
            // The cavity's boundary: edges that belong to exactly one removed triangle.
            for (i, e) in edges.enumerated() {
                let shared = edges.indices.contains { j in j != i && edges[j].0 == e.1 && edges[j].1 == e.0 }
                if !shared { kept.append((e.0, e.1, p)) }
            }
            triangles = kept
        }
        vertices.removeLast(3)
        return triangles.filter { $0.0 < n && $0.1 < n && $0.2 < n }
    }

    /// Whether p lies strictly inside the circumcircle of the counter-clockwise triangle abc.
    static func inCircumcircle(_ p: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>) -> Bool {
        let (ax, ay) = (a.x - p.x, a.y - p.y), (bx, by) = (b.x - p.x, b.y - p.y), (cx, cy) = (c.x - p.x, c.y - p.y)
        let determinant = (ax * ax + ay * ay) * (bx * cy - cx * by) - (bx * bx + by * by) * (ax * cy - cx * ay)
            + (cx * cx + cy * cy) * (ax * by - bx * ay)
        return determinant > 0
    }

    /// The distinct edges of a triangulation, each as (smaller index, larger index), sorted.
    public static func edges(of triangles: [(Int, Int, Int)]) -> [(Int, Int)] {
        var set = Set<SIMD2<Int>>()
        for t in triangles {
            for (a, b) in [(t.0, t.1), (t.1, t.2), (t.2, t.0)] { set.insert(SIMD2(min(a, b), max(a, b))) }
        }
        return set.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }.map { ($0.x, $0.y) }
    }
}
