/// The (2,3) pebble game of Jacobs & Hendrickson (J. Comput. Phys. 137, 346 (1997)): generic
/// rigidity of bar frameworks in the plane, by counting.
///
/// Laman's theorem: a set of bars on n ≥ 2 nodes is independent (its rigidity matrix has full
/// row rank at generic positions) iff every subset of n′ ≥ 2 of its nodes spans at most
/// 2n′ − 3 of its bars; the graph is rigid iff it holds 2n − 3 independent bars. The game checks
/// this incrementally. Every node starts with two pebbles (its two degrees of freedom). A new bar
/// (a, b) is independent iff four pebbles can be gathered on a and b together — two on each —
/// by moving pebbles along the directed, already covered bars (a pebble found at the end of a
/// directed path from a is brought to a by reversing the path). An independent bar is then
/// covered with one of a's pebbles and directed a → b; a bar for which four pebbles cannot be
/// gathered is redundant (it closes a state of self-stress) and is left out. Throughout,
/// pebbles(v) + out-degree(v) = 2 for every node, so the free pebbles count the degrees of
/// freedom: 2n − independentCount, of which 3 are the rigid-body motions.
///
/// The count is generic: it is the rank of the rigidity matrix for points in general position
/// (random points, with probability 1). Special geometry — collinear chains, parallel bars of
/// a perfect lattice — can lower the rank and add zero modes that the count does not see.
///
/// - Complexity: one insertion explores at most the nodes reachable along directed bars, O(n);
///   a network of m bars costs O(n m) at worst.
public struct RigidityPebbleGame: Sendable {
    /// Number of nodes.
    public let nodeCount: Int
    /// Independent bars inserted so far: the generic rank of the rigidity matrix.
    public private(set) var independentCount = 0
    /// Redundant bars inserted so far: the generic number of states of self-stress.
    public private(set) var redundantCount = 0
    /// Free pebbles of each node (0, 1 or 2).
    private var pebbles: [Int8]
    /// The heads of each node's directed bars, two slots per node (−1: empty slot).
    private var heads: [Int32]
    /// Search bookkeeping: the search stamp a node was last visited with, and the node it was
    /// reached from.
    private var visited: [UInt32]
    private var parent: [Int32]
    private var stamp: UInt32 = 0
    private var stack: [Int32] = []

    public init(nodeCount: Int) {
        precondition(nodeCount >= 0, "a pebble game needs a non-negative node count, got \(nodeCount)")
        precondition(nodeCount < Int(Int32.max), "a pebble game handles fewer than 2³¹ nodes")
        self.nodeCount = nodeCount
        pebbles = [Int8](repeating: 2, count: nodeCount)
        heads = [Int32](repeating: -1, count: 2 * nodeCount)
        visited = [UInt32](repeating: 0, count: nodeCount)
        parent = [Int32](repeating: -1, count: nodeCount)
    }

    /// Degrees of freedom left, 2n − independentCount, including the 3 rigid-body motions of
    /// the plane (2 for a single node, 0 for none).
    public var degreesOfFreedom: Int { 2 * nodeCount - independentCount }

    /// Internal floppy modes: degrees of freedom beyond the rigid-body motions.
    public var floppyModeCount: Int { degreesOfFreedom - min(2 * nodeCount, 3) }

    /// Whether the bars inserted so far make the nodes one rigid body (2n − 3 independent bars;
    /// zero or one node is trivially rigid).
    public var isRigid: Bool { floppyModeCount == 0 }

    /// Inserts the bar (a, b); returns whether it is independent (then kept, covered by a
    /// pebble) or redundant (left out).
    @discardableResult
    public mutating func insert(_ a: Int, _ b: Int) -> Bool {
        precondition((0..<nodeCount).contains(a) && (0..<nodeCount).contains(b) && a != b,
                     "a bar joins two distinct nodes of 0..<\(nodeCount), got (\(a), \(b))")
        guard gather(a, keeping: b) && gather(b, keeping: a) else {
            redundantCount += 1
            return false
        }
        pebbles[a] -= 1
        let slot = heads[2 * a] < 0 ? 2 * a : 2 * a + 1
        heads[slot] = Int32(b)
        independentCount += 1
        return true
    }

    /// Braces `nodes` into one rigid body with virtual bars: the second joined to the first,
    /// every later one to the two before it (a strip of triangles, minimally rigid:
    /// 2k − 3 independent bars for k ≥ 2 nodes). This is how pinned nodes enter the count: the
    /// free nodes are held (no zero mode of their stiffness matrix) iff the network is rigid
    /// once the pinned nodes are one body. Call it before inserting real bars, so every real
    /// bar that is redundant only with respect to the pinned body counts as redundant.
    public mutating func brace(_ nodes: [Int]) {
        for (i, node) in nodes.enumerated() {
            for earlier in nodes[max(0, i - 2)..<i] { insert(earlier, node) }
        }
    }

    /// Brings pebbles to `node` until it holds two, without taking any from `kept` (its
    /// search never enters `kept`). False if no more pebble is reachable.
    private mutating func gather(_ node: Int, keeping kept: Int) -> Bool {
        while pebbles[node] < 2 {
            guard findPebble(from: node, avoiding: kept) else { return false }
        }
        return true
    }

    /// Depth-first search along directed bars from `root` for a node with a free pebble; when
    /// found, the path is reversed, which moves that pebble to `root`.
    private mutating func findPebble(from root: Int, avoiding kept: Int) -> Bool {
        stamp &+= 1
        if stamp == 0 {
            for i in visited.indices { visited[i] = 0 }
            stamp = 1
        }
        visited[root] = stamp
        visited[kept] = stamp
        stack.removeAll(keepingCapacity: true)
        stack.append(Int32(root))
        while let top = stack.popLast() {
            let u = Int(top)
            for slot in 2 * u...2 * u + 1 {
                let w = Int(heads[slot])
                guard w >= 0 && visited[w] != stamp else { continue }
                visited[w] = stamp
                parent[w] = Int32(u)
                if pebbles[w] > 0 {
                    reversePath(to: w, from: root)
                    return true
                }
                stack.append(Int32(w))
            }
        }
        return false
    }

    /// Reverses the search path root → … → end: `end` spends a pebble on the reversed last
    /// bar, every inner node swaps one out-bar for another, and `root` gets a pebble back.
    private mutating func reversePath(to end: Int, from root: Int) {
        pebbles[end] -= 1
        var v = end
        while v != root {
            let u = Int(parent[v])
            // u → v becomes v → u: v has an empty slot (a spent pebble or a bar reversed away).
            let from = heads[2 * u] == Int32(v) ? 2 * u : 2 * u + 1
            heads[from] = -1
            let to = heads[2 * v] < 0 ? 2 * v : 2 * v + 1
            heads[to] = Int32(u)
            v = u
        }
        pebbles[root] += 1
    }
}

extension ElasticNetwork {
    /// Generic rigidity counts of a 2-D elastic network, from the pebble game.
    public struct RigidityCount: Sendable, Equatable {
        /// Zero modes of the free nodes' stiffness matrix at the unstressed state,
        /// K_ff = Σ_bonds k u uᵀ (u the unit bond vector): directions in which the free nodes
        /// move without stretching any bond. With no pinned node these include the 3
        /// rigid-body motions, with one pinned node the rotation about it.
        public var floppyModes: Int
        /// Generic states of self-stress: bonds redundant for rigidity. Maxwell–Calladine:
        /// floppyModes − selfStresses = 2·free − bonds.
        public var selfStresses: Int
        /// Whether the network, its pinned nodes one body, is rigid. With two or more pinned
        /// nodes this is `floppyModes == 0`: the Jacobian Newton's method meets at the
        /// unstressed state is nonsingular.
        public var isRigid: Bool
    }

    /// The generic rigidity counts (`RigidityCount`), from a pebble game over the nodes: the
    /// pinned nodes are braced into one body first (`RigidityPebbleGame.brace`), then every
    /// bond is inserted. With p pinned nodes and I independent bars (virtual ones included)
    /// the floppy modes number 2n − I − 3 for p ≥ 2 (the braced body's 3 rigid-body motions
    /// are the pinned ones), 2n − I − 2 for p = 1 (its 2 translations), 2n − I for p = 0.
    /// 2-D only; exact for points in general position.
    public func rigidityCount() -> RigidityCount {
        precondition(dimension == 2, "the (2,3) pebble game counts rigidity in 2-D; this network is \(dimension)-D")
        var game = RigidityPebbleGame(nodeCount: nodes.count)
        let pinned = nodes.indices.filter { nodes[$0].pinned }
        game.brace(pinned)
        let virtual = game.independentCount
        for bond in bonds { game.insert(bond.a, bond.b) }
        let heldByPins = pinned.count >= 2 ? 3 : 2 * pinned.count
        return RigidityCount(floppyModes: game.degreesOfFreedom - heldByPins,
                             selfStresses: bonds.count - (game.independentCount - virtual),
                             isRigid: game.isRigid)
    }

    /// Generic zero modes of the free nodes' stiffness matrix (`rigidityCount().floppyModes`).
    public var floppyModeCount: Int { rigidityCount().floppyModes }

    /// Whether the network, its pinned nodes one body, is rigid (`rigidityCount().isRigid`).
    public var isRigid: Bool { rigidityCount().isRigid }
}
