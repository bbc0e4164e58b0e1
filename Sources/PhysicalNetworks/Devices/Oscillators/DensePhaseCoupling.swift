import Foundation

/// A dense block of phase couplings between every oscillator of a layer A (m phases) and every
/// oscillator of a layer B (n phases) — the layered XY / Kuramoto network of Wang, Wanjura &
/// Marquardt 2024 (PHYSICS.md §4), with W the m × n weight matrix:
///
///     E = −Σ_ij W_ij cos(φ_Ai − φ_Bj)
///       = −Σ_i [c_Ai (W c_B)_i + s_Ai (W s_B)_i],              c = cos φ, s = sin φ
///     F_Ai = ∂E/∂φ_Ai =  Σ_j W_ij sin(φ_Ai − φ_Bj) = s_Ai (W c_B)_i − c_Ai (W s_B)_i
///     F_Bj = ∂E/∂φ_Bj = −Σ_i W_ij sin(φ_Ai − φ_Bj) = s_Bj (Wᵀ c_A)_j − c_Bj (Wᵀ s_A)_j
///     ∂E/∂W_ij = −cos(φ_Ai − φ_Bj) = −(c_Ai c_Bj + s_Ai s_Bj)  (the local EP measurement)
///
/// with φ in radians and W (and E) in joules. It is `PhaseCouplings` on the m·n edges
/// (A_i, B_j) in row-major order, evaluated with level-3 BLAS instead of an edge loop.
///
/// **Batches.** With C_A, S_A (B × m) and C_B, S_B (B × n) the cosines and sines of a batch
/// (rows = batch members), stacked as T_A = [C_A; S_A] (2B × m) and T_B = [C_B; S_B] (2B × n):
/// the residual is the two GEMMs T_B Wᵀ (for A) and T_A W (for B), the energy the first of
/// them, and the summed measurement the single GEMM −T_Aᵀ T_B (inner dimension 2B).
///
/// **Layout.** Layer A is the contiguous range of unknowns `a0 ..< a0 + m`, layer B
/// `b0 ..< b0 + n` (disjoint free unknowns). W_ij = θ[weightOffset + i·n + j], trainable.
///
/// **Clamped input layer.** With `clampsLayerA`, layer A is an input layer held at phases ψ
/// that the data sets: `layerA` is then the range of *parameters* holding ψ_1 … ψ_m, A has no
/// unknowns, no torque rows and no Jacobian entries, and every batch member sees the same ψ.
/// The block is then m·n fields on layer B, `−Σ_ij W_ij cos(ψ_i − φ_Bj)`, and the measurement
/// also gives `∂E/∂ψ_i = Σ_j W_ij sin(ψ_i − φ_Bj) = s_i (W c_B)_i − c_i (W s_B)_i`.
///
/// **Workspace.** cos and sin are not in the state, so the GEMMs need 2B(m + n + max(m, n))
/// doubles of scratch. The family keeps one buffer (`ScratchBuffer`), allocated at `init` for
/// `batchCapacity` members and regrown only when a larger batch arrives (once per problem in
/// practice); evaluations then allocate nothing. The family stays a `Sendable` value: copies
/// share the buffer, and a call that finds it in use by another thread falls back to a
/// temporary allocation instead of waiting.
///
/// - Complexity: residual 4·B·m·n multiply-adds in two GEMMs, energy 2·B·m·n in one, the
///   measurement 2·B·m·n in one; plus 2·B·(m + n) sines and cosines; m + n + 2·m·n Jacobian
///   entries.
public struct DensePhaseCoupling: Interaction {
    /// Unknown indices of layer A (m oscillators); with `clampsLayerA`, the parameter indices of
    /// its clamped phases.
    public let layerA: Range<Int>
    /// Whether layer A is a clamped input layer whose phases are parameters.
    public let clampsLayerA: Bool
    /// Unknown indices of layer B (n oscillators), disjoint from `layerA`.
    public let layerB: Range<Int>
    /// Index of W₀₀ in the parameter vector; W (m × n) is stored row-major from there.
    public let weightOffset: Int
    /// The scratch of the batched evaluations (shared by copies of the family).
    let workspace: ScratchBuffer

    /// - Parameters:
    ///   - layerA: the m unknowns of layer A, e.g. `0..<784`.
    ///   - layerB: the n unknowns of layer B, disjoint from `layerA`.
    ///   - weightOffset: where W starts in the parameter vector (m·n entries, J).
    ///   - batchCapacity: the batch size the workspace is allocated for up front.
    ///   - clampsLayerA: layer A is a clamped input layer; `layerA` indexes parameters (ψ, rad).
    /// - Precondition: both layers non-empty, non-negative and (as unknowns) disjoint; offset ≥ 0.
    public init(layerA: Range<Int>, layerB: Range<Int>, weightOffset: Int, batchCapacity: Int = 1,
                clampsLayerA: Bool = false) {
        precondition(!layerA.isEmpty && !layerB.isEmpty && layerA.lowerBound >= 0 && layerB.lowerBound >= 0
                     && (clampsLayerA || !layerA.overlaps(layerB)),
                     "dense phase coupling layers must be non-empty, non-negative and disjoint: A \(layerA), B \(layerB)")
        precondition(weightOffset >= 0, "dense phase coupling weight offset \(weightOffset) < 0")
        precondition(batchCapacity >= 1, "batch capacity \(batchCapacity) < 1")
        self.layerA = layerA
        self.clampsLayerA = clampsLayerA
        self.layerB = layerB
        self.weightOffset = weightOffset
        let m = layerA.count, n = layerB.count
        workspace = ScratchBuffer(capacity: max(Self.scratchCount(batch: batchCapacity, m: m, n: n), 4 * (m + n)))
    }

    /// m, the size of layer A.
    public var countA: Int { layerA.count }
    /// n, the size of layer B.
    public var countB: Int { layerB.count }
    /// m·n weights.
    public var parameterCount: Int { countA * countB }

    /// The parameter index of W_ij.
    public func weightIndex(_ i: Int, _ j: Int) -> Int { weightOffset + i * countB + j }

    public var familyName: String { "dense phase coupling" }
    public var isReciprocal: Bool { true }
    /// Potential energy: what the relaxation takes from it is heat in the drags (energy ledger).
    public var storesEnergy: Bool { true }
    public var isLinear: Bool { false }

    // MARK: Helpers

    /// Doubles of scratch for a batch of B: T_A, T_B and one 2B × max(m, n) product.
    static func scratchCount(batch: Int, m: Int, n: Int) -> Int { 2 * batch * (m + n + max(m, n)) }

    /// O(1) per evaluation, so always on: a layer or weight past the end would read stray memory.
    func checkFits(width: Int, parameters: Int) {
        precondition(max(clampsLayerA ? 0 : layerA.upperBound, layerB.upperBound) <= width,
                     "dense phase coupling layers \(layerA), \(layerB) exceed a state of \(width) unknowns")
        precondition(parameters >= max(weightOffset + parameterCount, clampsLayerA ? layerA.upperBound : 0),
                     "dense phase coupling needs parameters \(weightOffset)..<\(weightOffset + parameterCount), vector has \(parameters)")
    }

    /// W as an m × n view into `buffer` (parameters or gradient).
    func weights(in buffer: UnsafePointer<Double>) -> MatrixView {
        MatrixView(base: buffer + weightOffset, rows: countA, columns: countB)
    }

    /// Writes layer A's stacked trigonometric matrix (2B × m) into `out`: from the states, or
    /// for a clamped layer from its phase parameters, the same for every batch member.
    func fillTrigonometricA(_ states: StateBatch, parameters: UnsafePointer<Double>,
                            into out: UnsafeMutablePointer<Double>) {
        guard clampsLayerA else {
            return Self.fillTrigonometric(states, start: layerA.lowerBound, size: countA, into: out)
        }
        let batch = states.rows, m = countA
        for b in 0..<batch {
            let cosines = out + b * m, sines = out + (batch + b) * m
            for i in 0..<m {
                cosines[i] = cos(parameters[layerA.lowerBound + i])
                sines[i] = sin(parameters[layerA.lowerBound + i])
            }
        }
    }

    /// Writes the stacked trigonometric matrix [cos φ; sin φ] (2B × size) of the layer starting
    /// at unknown `start` into `out`: row b holds cos φ_b, row B + b holds sin φ_b.
    static func fillTrigonometric(_ states: StateBatch, start: Int, size: Int, into out: UnsafeMutablePointer<Double>) {
        let batch = states.rows
        for b in 0..<batch {
            let phases = states.base + b * states.columns + start
            let cosines = out + b * size, sines = out + (batch + b) * size
            for i in 0..<size {
                cosines[i] = cos(phases[i])
                sines[i] = sin(phases[i])
            }
        }
    }
}
