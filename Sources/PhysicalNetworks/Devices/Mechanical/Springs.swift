import Foundation

/// Harmonic springs between the nodes of a 2-D or 3-D mechanical network (PHYSICS.md §3):
///
///     E = Σ_e (k_e/2)(r_e − ℓ_e)²,   r_e = |x_a − x_b|,   u_e = (x_a − x_b)/r_e
///     F_a = ∂E/∂x_a = k_e (r_e − ℓ_e) u_e = −F_b
///     ∂F_a/∂x_a = k_e [u uᵀ + (1 − ℓ_e/r_e)(I − u uᵀ)]  (= −∂F_a/∂x_b)
///     ∂E/∂k_e = ½(r_e − ℓ_e)²,   ∂E/∂ℓ_e = −k_e (r_e − ℓ_e)      (the local EP measurements)
///
/// with x in metres, k in N/m, ℓ in metres, E in joules; LAMMPS's `bond_style harmonic` writes
/// `K(r − r0)²`, so K = k/2. F is the force the springs exert *against* the node's motion: with
/// a drag `γ dx/dt` (`NodeDrag`) the network relaxes by overdamped gradient flow
/// `γ dx/dt = −∂E/∂x`, as a circuit does with its capacitors.
///
/// **Endpoints.** A free endpoint is the unknown index of its x coordinate (y and, in 3-D, z
/// follow it); a pinned endpoint (index −1, like ground in a circuit) sits at its fixed
/// `anchor`, which contributes no unknowns. A spring between two pinned nodes only adds its
/// (constant) energy and measurement.
///
/// **Parameters.** Stiffnesses k_e at `stiffnessOffset + e`, rest lengths ℓ_e at
/// `restLengthOffset + e`; both are trainable.
///
/// **Coincident endpoints** (r = 0) have no direction: such a spring contributes nothing
/// (no relaxation reaches it from a non-degenerate start with ℓ > 0).
public struct Springs: Interaction {
    /// One spring: endpoint unknown indices (−1: pinned at the anchor) and anchors.
    public struct Spring: Sendable, Equatable {
        public var a: Int
        public var b: Int
        /// Positions of pinned endpoints (z = 0 in 2-D); ignored for free ones.
        public var anchorA: SIMD3<Double>
        public var anchorB: SIMD3<Double>

        public init(a: Int, b: Int, anchorA: SIMD3<Double> = .zero, anchorB: SIMD3<Double> = .zero) {
            self.a = a
            self.b = b
            self.anchorA = anchorA
            self.anchorB = anchorB
        }
    }

    /// 2 or 3.
    public let dimension: Int
    public let springs: [Spring]
    public let stiffnessOffset: Int
    public let restLengthOffset: Int

    public init(dimension: Int, springs: [Spring], stiffnessOffset: Int, restLengthOffset: Int) {
        precondition(dimension == 2 || dimension == 3, "springs live in 2 or 3 dimensions, got \(dimension)")
        precondition(springs.allSatisfy { $0.a >= -1 && $0.b >= -1 },
                     "spring endpoints are unknown indices or −1 (pinned)")
        self.dimension = dimension
        self.springs = springs
        self.stiffnessOffset = stiffnessOffset
        self.restLengthOffset = restLengthOffset
    }

    public var familyName: String { "springs" }
    public var isReciprocal: Bool { true }
    /// Potential energy: what the relaxation takes from it is heat in the drags (energy ledger).
    public var storesEnergy: Bool { true }
    public var isLinear: Bool { false }

    /// (r, u, r − ℓ, k) of spring e in a state row; nil when the endpoints coincide.
    @inline(__always)
    func geometry(_ e: Int, _ row: UnsafePointer<Double>, _ parameters: UnsafeBufferPointer<Double>)
        -> (r: Double, u: SIMD3<Double>, stretch: Double, k: Double)? {
        let s = springs[e]
        let (r, u) = Endpoint.separation(s.a, s.anchorA, s.b, s.anchorB, dimension: dimension, in: row)
        guard r > 0 else { return nil }
        return (r, u, r - parameters[restLengthOffset + e], parameters[stiffnessOffset + e])
    }

    /// Adds `sign · v` to the coordinates of endpoint `index` (nothing when pinned).
    @inline(__always)
    func add(_ v: SIMD3<Double>, sign: Double, at index: Int, into row: UnsafeMutablePointer<Double>) {
        guard index >= 0 else { return }
        for c in 0..<dimension { row[index + c] += sign * v[c] }
    }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns, out = residual.base + b * residual.columns
            for e in springs.indices {
                guard let g = geometry(e, row, parameters) else { continue }
                let force = g.k * g.stretch * g.u
                add(force, sign: 1, at: springs[e].a, into: out)
                add(force, sign: -1, at: springs[e].b, into: out)
            }
        }
    }

    /// Per spring, the d×d blocks (a,a), (a,b), (b,a), (b,b) (`Endpoint.declarePairBlocks`).
    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for s in springs { Endpoint.declarePairBlocks(s.a, s.b, dimension: dimension, into: &entries) }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for (e, s) in springs.enumerated() {
            // k [u uᵀ + (1 − ℓ/r)(I − u uᵀ)] = k [(ℓ/r) u uᵀ + (1 − ℓ/r) I]; zero when r = 0.
            var alpha = 0.0, gamma = 0.0, u = SIMD3<Double>.zero
            if let g = geometry(e, state.baseAddress!, parameters) {
                let lengthRatio = (g.r - g.stretch) / g.r
                (alpha, gamma, u) = (g.k * lengthRatio, g.k * (1 - lengthRatio), g.u)
            }
            Endpoint.addPairBlocks(s.a, s.b, along: u, alpha: alpha, gamma: gamma, dimension: dimension,
                                   values: values, slots: slots, cursor: &cursor)
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for e in springs.indices {
                guard let g = geometry(e, row, parameters) else {
                    let l = parameters[restLengthOffset + e]
                    energies[b] += 0.5 * parameters[stiffnessOffset + e] * l * l
                    continue
                }
                energies[b] += 0.5 * g.k * g.stretch * g.stretch
            }
        }
    }

    /// Adds `∂E/∂k_e = ½(r − ℓ)²` and `∂E/∂ℓ_e = −k(r − ℓ)`, summed over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for e in springs.indices {
                let stretch = geometry(e, row, parameters)?.stretch ?? -parameters[restLengthOffset + e]
                let k = parameters[stiffnessOffset + e]
                gradient[stiffnessOffset + e] += 0.5 * stretch * stretch
                gradient[restLengthOffset + e] -= k * stretch
            }
        }
    }

    /// Adds `λᵀ ∂F/∂k_e = (r − ℓ) uᵀ(λ_a − λ_b)` and `λᵀ ∂F/∂ℓ_e = −k uᵀ(λ_a − λ_b)`.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (e, s) in springs.enumerated() {
            guard let g = geometry(e, state.baseAddress!, parameters) else { continue }
            let lambda = Endpoint.position(s.a, anchor: .zero, dimension: dimension, in: adjoint.baseAddress!)
                - Endpoint.position(s.b, anchor: .zero, dimension: dimension, in: adjoint.baseAddress!)
            let projection = (g.u * lambda).sum()
            gradient[stiffnessOffset + e] += g.stretch * projection
            gradient[restLengthOffset + e] -= g.k * projection
        }
    }
}
