import Foundation

/// Pairwise couplings of phase oscillators on a sparse edge list — the XY / Kuramoto energy
/// (PHYSICS.md §4; Wang, Wanjura & Marquardt 2024):
///
///     E = −Σ_e W_e cos(φ_a − φ_b),   δ_e = φ_a − φ_b
///     F_a = ∂E/∂φ_a = W_e sin δ_e = −F_b
///     ∂F_a/∂φ_a = ∂F_b/∂φ_b = W_e cos δ_e = −∂F_a/∂φ_b = −∂F_b/∂φ_a
///     ∂E/∂W_e = −cos δ_e                                   (the local EP measurement)
///
/// with φ in radians and W (and E) in joules. Each edge appears once, so PHYSICS.md's
/// `−½ Σ_ij W_ij cos(φ_i − φ_j)` over a symmetric W is this sum with W_e = W_ij. W_e > 0
/// pulls the two phases together (ferromagnetic), W_e < 0 pushes them to antiphase. F is the
/// torque against the phases' motion: with a `PhaseDrag` γ the network relaxes by overdamped
/// gradient flow `γ dφ/dt = −∂E/∂φ`.
///
/// **Endpoints.** A free endpoint is the unknown index of its phase; a pinned (input,
/// clamped) oscillator is index −1 and sits at its fixed `anchor` phase, which contributes no
/// unknown — the convention of `Springs`' pinned nodes and of ground in a circuit.
///
/// **Parameters.** Coupling strengths W_e at `weightOffset + e`, trainable.
///
/// - Complexity: O(B·E) for the residual, energy and measurement; O(E) Jacobian entries.
public struct PhaseCouplings: Interaction {
    /// One coupling: endpoint unknown indices (−1: pinned at the anchor phase) and anchors.
    public struct Coupling: Sendable, Equatable {
        public var a: Int
        public var b: Int
        /// Phases (rad) of pinned endpoints; ignored for free ones.
        public var anchorA: Double
        public var anchorB: Double

        public init(a: Int, b: Int, anchorA: Double = 0, anchorB: Double = 0) {
            self.a = a
            self.b = b
            self.anchorA = anchorA
            self.anchorB = anchorB
        }
    }

    public let couplings: [Coupling]
    /// Index of W of the first coupling in the parameter vector.
    public let weightOffset: Int

    public init(couplings: [Coupling], weightOffset: Int) {
        precondition(couplings.allSatisfy { $0.a >= -1 && $0.b >= -1 },
                     "coupling endpoints are unknown indices or −1 (pinned)")
        precondition(couplings.allSatisfy { $0.a < 0 || $0.a != $0.b },
                     "a coupling joins two different oscillators")
        precondition(weightOffset >= 0, "weight offset \(weightOffset) is negative")
        self.couplings = couplings
        self.weightOffset = weightOffset
    }

    public var familyName: String { "phase couplings" }
    public var isReciprocal: Bool { true }
    /// Potential energy: what the relaxation takes from it is heat in the drags (energy ledger).
    public var storesEnergy: Bool { true }
    public var isLinear: Bool { false }

    /// δ_e = φ_a − φ_b in a state row (anchors for pinned endpoints).
    @inline(__always)
    func difference(_ e: Int, _ row: UnsafePointer<Double>) -> Double {
        let c = couplings[e]
        return (c.a >= 0 ? row[c.a] : c.anchorA) - (c.b >= 0 ? row[c.b] : c.anchorB)
    }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for (e, c) in couplings.enumerated() {
                let torque = parameters[weightOffset + e] * sin(difference(e, row))
                residual.add(torque, row: b, column: c.a)
                residual.add(-torque, row: b, column: c.b)
            }
        }
    }

    /// Per coupling, the entries (a,a), (a,b), (b,a), (b,b) among its free endpoints.
    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for c in couplings {
            for row in [c.a, c.b] where row >= 0 {
                for column in [c.a, c.b] where column >= 0 { entries.append(MatrixEntry(row: row, column: column)) }
            }
        }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for (e, c) in couplings.enumerated() {
            let stiffness = parameters[weightOffset + e] * cos(difference(e, state.baseAddress!))
            for row in [c.a, c.b] where row >= 0 {
                for column in [c.a, c.b] where column >= 0 {
                    values[slots[cursor]] += row == column ? stiffness : -stiffness
                    cursor += 1
                }
            }
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for e in couplings.indices {
                energies[b] -= parameters[weightOffset + e] * cos(difference(e, row))
            }
        }
    }

    /// Adds `∂E/∂W_e = −cos(φ_a − φ_b)`, summed over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for e in couplings.indices { gradient[weightOffset + e] -= cos(difference(e, row)) }
        }
    }

    /// Adds `λᵀ ∂F/∂W_e = sin(φ_a − φ_b) (λ_a − λ_b)` (λ of a pinned endpoint is 0).
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (e, c) in couplings.enumerated() {
            let lambda = (c.a >= 0 ? adjoint[c.a] : 0) - (c.b >= 0 ? adjoint[c.b] : 0)
            gradient[weightOffset + e] += sin(difference(e, state.baseAddress!)) * lambda
        }
    }
}
