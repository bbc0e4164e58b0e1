/// A network of quantum harmonic oscillators coupled by springs (issue 8; PHYSICS.md §6,
/// "Harmonic network"):
///
///     Ĥ = Σ_i p̂_i²/(2m_i) + ½ x̂ᵀK x̂ − bᵀx̂ + βĈ,
///     ½ xᵀK x = Σ_e (k_e/2)(x_i − x_j)²   (an anchor, a spring to ground, contributes (k_e/2) x_i²),
///
/// the elastic-network analogue of quantum EP (Scellier 2024, arXiv:2406.00879). The trainable
/// parameters θ are the stiffnesses k_e followed by the forces b_i; an optional quadratic cost
/// Ĉ = Σ_o ½(x̂_o − y_o)² on output nodes defines the loss L = ⟨Ĉ⟩ in the ground state, and
/// β ≠ 0 (`nudged(beta:)`) adds it to the energy as EP's nudge, keeping the parameter layout.
///
/// Units: any consistent system. ħ = 1 by default (dimensionless units: masses, stiffnesses and
/// forces in units where ħ = 1); for SI pass `hbar: 1.054571817e-34` (J·s) with masses in kg,
/// stiffnesses in N/m, forces in N, positions in m and energies in J.
public struct HarmonicNetwork: Sendable {
    /// m_i > 0, one per node.
    public var masses: [Double]
    /// The springs' topology, in parameter order.
    public var springs: [HarmonicSpring]
    /// k_e, one per spring (same order as `springs`).
    public var stiffnesses: [Double]
    /// b_i, the constant external force on each node (the linear term −bᵀx; inputs are forces).
    public var forces: [Double]
    /// The cost's output nodes and targets (empty: no cost, no loss).
    public var outputs: [HarmonicOutput]
    /// ħ (1 by default; see the type's note on units).
    public var hbar: Double
    /// β, the strength of the cost nudge βĈ (0 for the free network).
    public var beta: Double

    /// - Parameters:
    ///   - masses: m_i > 0 per node.
    ///   - springs: topology; `stiffnesses` must have one entry per spring.
    ///   - forces: b_i per node (default zeros).
    ///   - outputs: the cost's output nodes and targets (default none).
    ///   - hbar: ħ (default 1).
    ///   - beta: the nudge strength β (default 0).
    public init(masses: [Double], springs: [HarmonicSpring], stiffnesses: [Double], forces: [Double]? = nil,
                outputs: [HarmonicOutput] = [], hbar: Double = 1, beta: Double = 0) {
        let n = masses.count
        precondition(masses.allSatisfy { $0 > 0 }, "masses must be positive: \(masses)")
        precondition(springs.count == stiffnesses.count,
                     "\(springs.count) springs but \(stiffnesses.count) stiffnesses")
        for spring in springs {
            precondition(spring.first >= 0 && spring.first < n && (spring.second.map { $0 >= 0 && $0 < n && $0 != spring.first } ?? true),
                         "spring \(spring) out of range for \(n) nodes")
        }
        for output in outputs {
            precondition(output.node >= 0 && output.node < n, "output node \(output.node) out of range for \(n) nodes")
        }
        precondition(forces == nil || forces!.count == n, "\(forces?.count ?? 0) forces for \(n) nodes")
        precondition(hbar >= 0, "ħ must be non-negative: \(hbar)")
        self.masses = masses
        self.springs = springs
        self.stiffnesses = stiffnesses
        self.forces = forces ?? [Double](repeating: 0, count: n)
        self.outputs = outputs
        self.hbar = hbar
        self.beta = beta
    }

    /// The number of nodes (oscillator modes).
    public var nodeCount: Int { masses.count }

    /// θ = (k_1 … k_E, b_1 … b_n).
    public var parameters: [Double] {
        get { stiffnesses + forces }
        set {
            precondition(newValue.count == springs.count + nodeCount,
                         "\(newValue.count) parameters for \(springs.count) springs and \(nodeCount) nodes")
            stiffnesses = Array(newValue[0..<springs.count])
            forces = Array(newValue[springs.count...])
        }
    }

    /// "k0-1" for a spring between nodes 0 and 1, "k2-g" for an anchor of node 2, "b3" for the
    /// force on node 3; in parameter order.
    public var parameterNames: [String] {
        springs.map(\.name) + (0..<nodeCount).map { "b\($0)" }
    }

    /// K = Σ_e k_e u_e u_eᵀ + β Σ_o e_oe_oᵀ (u_e = e_i − e_j, or e_i for an anchor), row-major n × n.
    public func stiffnessMatrix() -> [Double] {
        let n = nodeCount
        var k = [Double](repeating: 0, count: n * n)
        for (e, spring) in springs.enumerated() {
            let i = spring.first, stiffness = stiffnesses[e]
            k[i * n + i] += stiffness
            if let j = spring.second {
                k[j * n + j] += stiffness
                k[i * n + j] -= stiffness
                k[j * n + i] -= stiffness
            }
        }
        for output in outputs { k[output.node * n + output.node] += beta }
        return k
    }

    /// b + β Σ_o y_o e_o: the linear coefficient of x̂ in Ĥ + βĈ.
    public var totalForces: [Double] {
        var b = forces
        for output in outputs { b[output.node] += beta * output.target }
        return b
    }

    /// β Σ_o y_o²/2: the constant of βĈ, so that ∂E₀/∂β = ⟨Ĉ⟩_β exactly.
    public var energyOffset: Double {
        outputs.reduce(0) { $0 + beta * $1.target * $1.target / 2 }
    }

    /// The network under the cost nudge, Ĥ + βĈ with Ĉ = Σ_o ½(x̂_o − y_o)²: K + β Σ_o e_oe_oᵀ,
    /// b + β Σ_o y_o e_o and the constant β Σ_o y_o²/2 (PHYSICS.md §6). The parameters θ and
    /// their operators ∂Ĥ/∂θ are those of the free network.
    public func nudged(beta: Double) -> HarmonicNetwork {
        var network = self
        network.beta = beta
        return network
    }
}

/// A spring (k/2)(x_i − x_j)² between two nodes, or an anchor (k/2)x_i² to ground (`second` nil).
public struct HarmonicSpring: Hashable, Sendable, CustomStringConvertible {
    public var first: Int
    /// The other node; nil for an anchor to ground.
    public var second: Int?

    /// A spring between `first` and `second`, or an anchor of `first` when `second` is nil.
    public init(_ first: Int, _ second: Int? = nil) {
        self.first = first
        self.second = second
    }

    /// "k0-1", or "k0-g" for an anchor.
    public var name: String { "k\(first)-" + (second.map(String.init) ?? "g") }
    public var description: String { name }
}

/// An output node of the cost Ĉ = Σ_o ½(x̂_o − y_o)² and its target y_o.
public struct HarmonicOutput: Hashable, Sendable {
    public var node: Int
    public var target: Double

    public init(node: Int, target: Double) {
        self.node = node
        self.target = target
    }
}
