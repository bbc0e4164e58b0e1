/// Viscous drag on the nodes of a mechanical network: a force `−γ_i dx_i/dt` on every
/// coordinate of node i (γ in N·s/m), so that with `Springs` the network relaxes by overdamped
/// gradient flow `γ dx/dt = −∂E/∂x` — the mechanical counterpart of a capacitor to ground. It
/// contributes only to the mass matrix M of `M dx/dt + F(x) = 0` (γ on the node's diagonal),
/// and sets the physical time scale of the settling (τ ≈ γ/k).
public struct NodeDrag: MassOnlyInteraction {
    /// Unknown index of each node's x coordinate (y, z follow).
    public let nodes: [Int]
    /// 2 or 3.
    public let dimension: Int
    /// Index of γ of the first node in the parameter vector.
    public let parameterOffset: Int

    public init(nodes: [Int], dimension: Int, parameterOffset: Int) {
        precondition(dimension == 2 || dimension == 3, "nodes move in 2 or 3 dimensions, got \(dimension)")
        precondition(nodes.allSatisfy { $0 >= 0 }, "drag acts on free nodes only")
        self.nodes = nodes
        self.dimension = dimension
        self.parameterOffset = parameterOffset
    }

    public var familyName: String { "drag" }
    /// Drag turns the springs' energy into heat: power `γ|v|² = |F|²/γ` per node.
    public var massDissipates: Bool { true }
    public func massEntries() -> [MatrixEntry] {
        nodes.flatMap { node in (0..<dimension).map { MatrixEntry(row: node + $0, column: node + $0) } }
    }

    public func addMass(
        parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for i in nodes.indices {
            for _ in 0..<dimension {
                values[slots[cursor]] += parameters[parameterOffset + i]
                cursor += 1
            }
        }
    }

    /// Boltzmann noise: one source per coordinate, `√(2T γ)` (the heat bath of the drag).
    public func noiseSourceCount(_ model: NoiseModel) -> Int { model == .boltzmann ? nodes.count * dimension : 0 }

    public func addNoise(_ model: NoiseModel, temperature: Double, normals: UnsafeBufferPointer<Double>,
                         parameters: UnsafeBufferPointer<Double>, into force: UnsafeMutableBufferPointer<Double>) {
        guard model == .boltzmann else { return }
        for (i, node) in nodes.enumerated() {
            let amplitude = (2 * temperature * parameters[parameterOffset + i]).squareRoot()
            for axis in 0..<dimension { force[node + axis] += amplitude * normals[i * dimension + axis] }
        }
    }
}
