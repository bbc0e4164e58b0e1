import Foundation

/// Second-harmonic injection locking of phase oscillators — the pump of an oscillator Ising
/// machine, which makes every phase bistable at 0 and π (Wang & Roychowdhury 2019, "OIM:
/// Oscillator-based Ising machines"; PHYSICS.md §4 and issue 6):
///
///     E = −Σ_i K_i cos 2φ_i
///     F_i = ∂E/∂φ_i = 2 K_i sin 2φ_i,   ∂F_i/∂φ_i = 4 K_i cos 2φ_i
///     ∂E/∂K_i = −cos 2φ_i                                       (the local EP measurement)
///
/// with φ in radians and K (and E) in joules.
///
/// **Parameters.** With `.shared`, one strength K_s at `strengthOffset` pumps every
/// oscillator (a single injected signal, the usual machine); with `.perOscillator`, K_i sits
/// at `strengthOffset + i`. Trainable either way.
///
/// - Complexity: O(B·N) for N oscillators.
public struct InjectionLocking: Interaction {
    /// How the oscillators share the locking strength.
    public enum Strength: Sendable, Equatable {
        /// One K_s for every oscillator.
        case shared
        /// One K_i per oscillator.
        case perOscillator
    }

    /// Unknown index of each oscillator's phase (free oscillators only).
    public let oscillators: [Int]
    public let strength: Strength
    /// Index of K (of the first oscillator with `.perOscillator`) in the parameter vector.
    public let strengthOffset: Int

    public init(oscillators: [Int], strength: Strength = .shared, strengthOffset: Int) {
        precondition(oscillators.allSatisfy { $0 >= 0 }, "injection locks free oscillators only")
        precondition(strengthOffset >= 0, "strength offset \(strengthOffset) is negative")
        self.oscillators = oscillators
        self.strength = strength
        self.strengthOffset = strengthOffset
    }

    public var familyName: String { "injection locking" }
    public var isReciprocal: Bool { true }
    /// Potential energy: what the relaxation takes from it is heat in the drags (energy ledger).
    public var storesEnergy: Bool { true }
    public var isLinear: Bool { false }

    /// Parameter index of oscillator i's strength.
    @inline(__always)
    func strengthIndex(_ i: Int) -> Int { strength == .shared ? strengthOffset : strengthOffset + i }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns, out = residual.base + b * residual.columns
            for (i, node) in oscillators.enumerated() {
                out[node] += 2 * parameters[strengthIndex(i)] * sin(2 * row[node])
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        oscillators.map { MatrixEntry(row: $0, column: $0) }
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        for (i, node) in oscillators.enumerated() {
            values[slots[i]] += 4 * parameters[strengthIndex(i)] * cos(2 * state[node])
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for (i, node) in oscillators.enumerated() {
                energies[b] -= parameters[strengthIndex(i)] * cos(2 * row[node])
            }
        }
    }

    /// Adds `∂E/∂K = −cos 2φ_i` (summed over the oscillators when K is shared) over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for (i, node) in oscillators.enumerated() { gradient[strengthIndex(i)] -= cos(2 * row[node]) }
        }
    }

    /// Adds `λᵀ ∂F/∂K = Σ_i 2 λ_i sin 2φ_i` (one term per oscillator the strength pumps).
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (i, node) in oscillators.enumerated() {
            gradient[strengthIndex(i)] += 2 * adjoint[node] * sin(2 * state[node])
        }
    }
}
