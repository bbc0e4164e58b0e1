/// A mechanical network described by its parts — node positions (pinned or free), harmonic
/// bonds with stiffness and rest length, a drag per free node — and built into a `Network` of
/// `Springs` and `NodeDrag`. File readers (LAMMPS data files, `LAMMPSData`) produce it.
///
/// Unknowns: the coordinates of the free nodes, in node order (`<node>.x`, `<node>.y`, and
/// `<node>.z` in 3-D). Parameters: `<bond>.k` (N/m) for every bond, then `<bond>.l` (m), then
/// `<node>.drag` (N·s/m) for every free node.
public struct ElasticNetwork: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var name: String
        /// Position (m); z = 0 in 2-D.
        public var position: SIMD3<Double>
        public var pinned: Bool

        public init(name: String, position: SIMD3<Double>, pinned: Bool = false) {
            self.name = name
            self.position = position
            self.pinned = pinned
        }
    }

    public struct Bond: Sendable, Equatable {
        public var name: String
        /// Node indices.
        public var a: Int
        public var b: Int
        /// Stiffness k (N/m) and rest length ℓ (m): energy (k/2)(r − ℓ)².
        public var stiffness: Double
        public var restLength: Double

        public init(name: String, a: Int, b: Int, stiffness: Double, restLength: Double) {
            self.name = name
            self.a = a
            self.b = b
            self.stiffness = stiffness
            self.restLength = restLength
        }
    }

    /// 2 or 3.
    public var dimension: Int
    public var nodes: [Node]
    public var bonds: [Bond]
    /// γ of every free node (N·s/m).
    public var drag: Double

    public init(dimension: Int, nodes: [Node], bonds: [Bond], drag: Double = 1) {
        precondition(dimension == 2 || dimension == 3, "an elastic network lives in 2 or 3 dimensions, got \(dimension)")
        precondition(bonds.allSatisfy { nodes.indices.contains($0.a) && nodes.indices.contains($0.b) && $0.a != $0.b },
                     "every bond joins two distinct existing nodes")
        self.dimension = dimension
        self.nodes = nodes
        self.bonds = bonds
        self.drag = drag
    }

    /// The unknown index of each node's first coordinate (−1 for pinned nodes).
    public var coordinateIndex: [Int] {
        var next = 0
        return nodes.map { node in
            guard !node.pinned else { return -1 }
            defer { next += dimension }
            return next
        }
    }

    /// The network: unknowns, springs, drag and named parameters.
    public func network() -> Network {
        let index = coordinateIndex
        let axes = ["x", "y", "z"].prefix(dimension)
        var unknowns: [Unknown] = []
        for (node, i) in zip(nodes, index) where i >= 0 {
            for axis in axes { unknowns.append(Unknown(name: "\(node.name).\(axis)", kind: .coordinate)) }
        }
        let springs = Springs(dimension: dimension, springs: bonds.map { bond in
            Springs.Spring(a: index[bond.a], b: index[bond.b],
                           anchorA: nodes[bond.a].position, anchorB: nodes[bond.b].position)
        }, stiffnessOffset: 0, restLengthOffset: bonds.count)
        let free = index.filter { $0 >= 0 }
        let drag = NodeDrag(nodes: free, dimension: dimension, parameterOffset: 2 * bonds.count)
        let parameters = bonds.map(\.stiffness) + bonds.map(\.restLength) + free.map { _ in self.drag }
        let names = bonds.map { "\($0.name).k" } + bonds.map { "\($0.name).l" }
            + zip(nodes, index).filter { $0.1 >= 0 }.map { "\($0.0.name).drag" }
        var network = Network(unknowns: unknowns, interactions: [springs, drag], parameters: parameters, parameterNames: names)
        network.startingState = initialState
        return network
    }

    /// A FIRE step for unit masses: a tenth of the fastest bond's period scale `√(m/k_max)`.
    public var fireStep: Double { 0.1 / (bonds.map(\.stiffness).max() ?? 1).squareRoot() }

    /// The state of the nodes' current positions (the free nodes' coordinates, in order).
    public var initialState: [Double] {
        zip(nodes, coordinateIndex).filter { $0.1 >= 0 }.flatMap { node, _ in (0..<dimension).map { node.position[$0] } }
    }

    /// Node positions from a state (pinned nodes where they are).
    public func positions(_ state: some Collection<Double>) -> [SIMD3<Double>] {
        let values = Array(state)
        return zip(nodes, coordinateIndex).map { node, i in
            guard i >= 0 else { return node.position }
            return SIMD3(values[i], values[i + 1], dimension == 3 ? values[i + 2] : 0)
        }
    }
}

extension ElasticNetwork {
    /// The springs' energy E (J) at a state of the free coordinates.
    public func energy(_ state: [Double]) -> Double {
        let network = network()
        var total = [0.0]
        state.withUnsafeBufferPointer { x in
            network.parameters.withUnsafeBufferPointer { p in
                total.withUnsafeMutableBufferPointer { e in
                    for family in network.interactions {
                        family.addEnergy(StateBatch(base: x.baseAddress ?? UnsafePointer(bitPattern: 8)!, rows: 1,
                                                    columns: state.count),
                                         drive: .dc, parameters: p, into: e)
                    }
                }
            }
        }
        return total[0]
    }
}
