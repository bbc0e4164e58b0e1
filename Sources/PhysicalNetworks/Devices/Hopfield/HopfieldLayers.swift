/// The layered Hopfield energy of Scellier & Bengio 2017 (SB17): the reference model of
/// Equilibrium Propagation, as one family over a stack of fully connected layers
/// (sizes e.g. [784, 500, 10]; layer 0 is the input and is clamped by the relaxation).
///
///     E(s) = ½ Σ_i s_i² − Σ_{i ∉ layer 0} b_i ρ(s_i) − Σ_l ρ(s_l)ᵀ W_l ρ(s_{l+1})
///     ρ(s) = clip(s, 0, 1)                                         (hard sigmoid)
///     F_i  = ∂E/∂s_i = s_i − ρ'(s_i) [b_i + (ρ(s_{l−1}) W_{l−1})_i + (ρ(s_{l+1}) W_lᵀ)_i]
///     ∂E/∂W_l = −Σ_b ρ(s_bl)ᵀ ρ(s_b,l+1),   ∂E/∂b_i = −Σ_b ρ(s_bi)    (local EP measurements)
///
/// with s_l the units of layer l and W_l (n_l × n_{l+1}) the weights between layers l and l+1.
///
/// **Units.** This is not an electrical network: states, weights, biases and the energy are
/// dimensionless, and so is the "time" of its relaxation (`ClippedGradientDescent`). The
/// family dissipates nothing (`addDissipatedPower` adds 0).
///
/// **Convention at the kinks.** ρ'(s) = 1 on the *closed* interval [0, 1] and 0 outside, as
/// Theano's `clip` gradient, which SB17's code differentiates, defines it. The open interval
/// would freeze every unit that sits on a bound: SB17 starts hidden units at 0, where
/// F = s − 0 = 0 would hold whatever the input. ρ'' = 0 almost everywhere (the Jacobian
/// ignores the kinks). E is continuous but not differentiable at s ∈ {0, 1}; finite-difference
/// checks stay inside (0, 1). SB17's code writes ½ Σ ρ(s)² where we write ½ Σ s²: the two
/// agree on [0, 1], where the clipped relaxation keeps every state.
///
/// **Layout.** Layer l is the contiguous range of unknowns `layerNodes(l)`, starting at
/// `firstNode`; the batch (B × n, row-major) is read in place as strided B × n_l matrices.
/// Parameters from `parameterOffset`: W_0, W_1, … each row-major (W_l[i, j] joins unit i of
/// layer l to unit j of layer l+1), then the biases of layers 1, 2, … (layer 0 is clamped,
/// so its bias term is a constant and is no parameter).
///
/// **Clamped input.** With `clampsInput`, the relaxation holds layer 0 fixed and reads no
/// residual there, so `addResidual` leaves the input rows untouched and skips the GEMM
/// ρ(S_1) W_0ᵀ — for 784-500-10, half of a step's multiply-adds. Energy, Jacobian and
/// measurements are unchanged; the residual is then ∂E/∂s on the free layers only.
///
/// **GEMMs without scratch.** ρ(S) W is computed as S W − (S − ρ(S)) W: one GEMM on the raw
/// states, then a correction for each entry outside [0, 1] (none on the clipped relaxation's
/// path), so evaluation allocates nothing, holds no buffer and is reentrant.
///
/// - Complexity: residual 2·B·Σ n_l n_{l+1} multiply-adds in GEMMs, the measurement
///   B·Σ n_l n_{l+1} in one GEMM per layer pair, plus O(B·n) and O(n_{l±1}) per state entry
///   outside [0, 1]; the energy B·Σ n_l n_{l+1} in direct loops.
public struct HopfieldLayers: Interaction {
    /// The number of units of each layer, input first.
    public let layerSizes: [Int]
    /// The unknown index of the first unit of layer 0.
    public let firstNode: Int
    /// Index of W_0[0, 0] in the network's parameter vector.
    public let parameterOffset: Int
    /// Whether `addResidual` skips the (clamped) input layer's rows; see the type's note.
    public let clampsInput: Bool
    /// Unknown index of the first unit of each layer, plus one past the last (count L + 1).
    let layerStarts: [Int]
    /// Parameter index of W_l[0, 0] for each layer pair l.
    let weightOffsets: [Int]
    /// Parameter index of the bias of unit 0 of layer l (layer 0: unused, −1).
    let biasOffsets: [Int]

    /// - Parameters:
    ///   - layerSizes: at least two layers, each non-empty, e.g. `[784, 500, 10]`.
    ///   - firstNode: where layer 0 starts in the state row (the layers follow contiguously).
    ///   - parameterOffset: where W_0 starts in the parameter vector (`parameterCount` values).
    ///   - clampsInput: leave the input layer's residual rows unwritten (the relaxation holds
    ///     the input; this saves the GEMM into those rows).
    public init(layerSizes: [Int], firstNode: Int = 0, parameterOffset: Int = 0, clampsInput: Bool = false) {
        precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 },
                     "a Hopfield network needs at least two non-empty layers, got \(layerSizes)")
        precondition(firstNode >= 0 && parameterOffset >= 0,
                     "Hopfield first node \(firstNode) and parameter offset \(parameterOffset) must be ≥ 0")
        self.layerSizes = layerSizes
        self.firstNode = firstNode
        self.parameterOffset = parameterOffset
        self.clampsInput = clampsInput
        var starts = [firstNode]
        for size in layerSizes { starts.append(starts[starts.count - 1] + size) }
        layerStarts = starts
        var offset = parameterOffset
        var weights: [Int] = []
        for l in 0..<(layerSizes.count - 1) {
            weights.append(offset)
            offset += layerSizes[l] * layerSizes[l + 1]
        }
        weightOffsets = weights
        var biases = [-1]
        for l in 1..<layerSizes.count {
            biases.append(offset)
            offset += layerSizes[l]
        }
        biasOffsets = biases
    }

    /// L, the number of layers (input included).
    public var layerCount: Int { layerSizes.count }
    /// The unknowns of layer l.
    public func layerNodes(_ l: Int) -> Range<Int> { layerStarts[l]..<layerStarts[l + 1] }
    /// All unknowns the family touches.
    public var nodes: Range<Int> { layerStarts[0]..<layerStarts[layerCount] }
    /// The unknowns the relaxation moves: every layer but the input.
    public var freeNodes: Range<Int> { layerStarts[1]..<layerStarts[layerCount] }
    /// The unknowns of the last layer (the outputs).
    public var outputNodes: Range<Int> { layerNodes(layerCount - 1) }
    /// Weights plus biases: Σ n_l n_{l+1} + Σ_{l ≥ 1} n_l.
    public var parameterCount: Int {
        biasOffsets[layerCount - 1] + layerSizes[layerCount - 1] - parameterOffset
    }

    /// The parameter index of W_l[i, j].
    public func weightIndex(layer l: Int, row i: Int, column j: Int) -> Int {
        weightOffsets[l] + i * layerSizes[l + 1] + j
    }

    /// The parameter index of the bias of unit i of layer l (l ≥ 1).
    public func biasIndex(layer l: Int, unit i: Int) -> Int {
        precondition(l >= 1 && l < layerCount, "layer \(l) has no bias (layers 1..<\(layerCount) do)")
        return biasOffsets[l] + i
    }

    public var familyName: String { "hopfield" }
    public var isReciprocal: Bool { true }
    public var isLinear: Bool { false }

    // MARK: Hard sigmoid

    /// ρ(s) = clip(s, 0, 1).
    @inlinable
    public static func rho(_ s: Double) -> Double { min(max(s, 0), 1) }

    /// ρ'(s): 1 on the closed interval [0, 1], 0 outside (see the type's note on kinks).
    @inlinable
    public static func rhoDerivative(_ s: Double) -> Double { s >= 0 && s <= 1 ? 1 : 0 }

    /// Whether every x[0..<count] lies in [0, 1] (false for NaN): a branch-free SIMD scan, so
    /// the corrections for entries outside the box cost nothing when there are none.
    @inline(__always)
    static func allInsideBox(_ x: UnsafePointer<Double>, count: Int) -> Bool {
        var inside = SIMDMask<SIMD8<Int64>>(repeating: true)
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Double>.self)
            inside .&= (v .>= 0) .& (v .<= 1)
            i += 8
        }
        var tail = true
        while i < count {
            tail = tail && x[i] >= 0 && x[i] <= 1
            i += 1
        }
        return all(inside) && tail
    }

    // MARK: Views

    /// W_l as an n_l × n_{l+1} view into `buffer` (parameters or gradient).
    func weights(_ l: Int, in buffer: UnsafePointer<Double>) -> MatrixView {
        MatrixView(base: buffer + weightOffsets[l], rows: layerSizes[l], columns: layerSizes[l + 1])
    }

    /// Layer l of the batch as a strided B × n_l view (leading dimension n).
    func layer(_ l: Int, of states: StateBatch) -> MatrixView {
        MatrixView(base: states.base + layerStarts[l], rows: states.rows, columns: layerSizes[l],
                   leadingDimension: states.columns)
    }

    /// O(1) per evaluation, so always on: a layer or parameter past the end would read stray memory.
    func checkFits(width: Int, parameters: Int) {
        precondition(nodes.upperBound <= width,
                     "Hopfield layers \(nodes) exceed a state of \(width) unknowns")
        precondition(parameters >= parameterOffset + parameterCount,
                     "Hopfield needs parameters \(parameterOffset)..<\(parameterOffset + parameterCount), vector has \(parameters)")
    }
}
