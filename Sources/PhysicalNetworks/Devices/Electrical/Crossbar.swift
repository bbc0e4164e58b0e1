/// A resistive crossbar: a dense block of conductances G (m × k, S) joining every node of a
/// *row layer* (m nodes) to every node of a *column layer* (k nodes) — the weight matrix of a
/// layered analog network (Kendall et al. 2020; Scellier 2024, deep resistive networks).
///
/// With V (B × m) the row-layer voltages and W (B × k) the column-layer voltages of a batch:
///
///     E = ½ Σ_ij G_ij (V_i − W_j)²                              (co-content, W)
///     F_row i  = Σ_j G_ij (V_i − W_j) = r_i V_i − (W Gᵀ)_i      (current leaving row node i)
///     F_col j  = Σ_i G_ij (W_j − V_i) = c_j W_j − (V G)_j       (current leaving column node j)
///     ∂E/∂G_ij = ½ Σ_b (V_bi − W_bj)²
///              = ½ [Σ_b V_bi² + Σ_b W_bj²] − (Vᵀ W)_ij            (local EP measurement)
///
/// with row sums r = G·1 and column sums c = Gᵀ·1. The residual is two GEMMs over the whole
/// batch and the measurement one GEMM plus sums of squares; no loop runs over devices × batch.
///
/// **Layout.** Each layer is a *contiguous range* of non-ground unknowns, so a layer of the
/// B × n batch is a strided B × m (or B × k) matrix with leading dimension n, which BLAS reads
/// in place: nothing is gathered, the family holds no scratch, every evaluation allocates
/// nothing and is reentrant (batch members may be split across threads sharing one family).
/// The conductances are stored row-major at `parameterOffset` of the network's parameter
/// vector: G_ij = θ[parameterOffset + i·k + j].
///
/// **Bounds.** A programmable conductance lives in [g_min, g_max] (and is physical only when
/// ≥ 0); the family evaluates whatever G it is given — training keeps G in range
/// (`ParameterBounds`, a projection after every update; `Network.Roles.bounds` from a netlist).
///
/// **Accuracy.** The measurement's expanded form loses absolute accuracy ≈ ε Σ_b (V_bi² + W_bj²)
/// to cancellation (a few ε at most), i.e. relative accuracy ε V²/ΔV² on a device whose drop ΔV
/// is small next to its terminal voltages: 3e-9 with 1 V of common mode and 1 mV drops. `addParameterJacobianProduct` and the energy use the drops
/// directly and are exact to rounding.
///
/// - Complexity: residual and measurement O(B·m·k) in GEMMs plus O(m·k + B·(m + k));
///   energy and dissipated power O(B·m·k) in direct (non-BLAS) loops;
///   2·m·k + m + k Jacobian entries.
public struct Crossbar: Interaction {
    /// Unknown indices of the row layer (m nodes), a contiguous range of non-ground nodes.
    public let rowNodes: Range<Int>
    /// Unknown indices of the column layer (k nodes), a contiguous range disjoint from `rowNodes`.
    public let columnNodes: Range<Int>
    /// Index of G₀₀ in the network's parameter vector; G is stored row-major (m × k) from there.
    public let parameterOffset: Int

    /// - Parameters:
    ///   - rowNodes: the row layer, e.g. `0..<784` for the inputs of a 784 × 500 layer.
    ///   - columnNodes: the column layer, disjoint from `rowNodes`.
    ///   - parameterOffset: where G starts in the parameter vector (m·k entries, S).
    /// - Precondition: both layers are non-empty ranges of non-negative indices and disjoint.
    public init(rowNodes: Range<Int>, columnNodes: Range<Int>, parameterOffset: Int) {
        precondition(!rowNodes.isEmpty && !columnNodes.isEmpty && rowNodes.lowerBound >= 0
                     && columnNodes.lowerBound >= 0 && !rowNodes.overlaps(columnNodes),
                     "crossbar layers must be non-empty, non-ground and disjoint: rows \(rowNodes), columns \(columnNodes)")
        precondition(parameterOffset >= 0, "crossbar parameter offset \(parameterOffset) < 0")
        self.rowNodes = rowNodes
        self.columnNodes = columnNodes
        self.parameterOffset = parameterOffset
    }

    /// m, the number of row-layer nodes.
    public var rowCount: Int { rowNodes.count }
    /// k, the number of column-layer nodes.
    public var columnCount: Int { columnNodes.count }
    /// m·k, the number of conductances (parameters) of the block.
    public var conductanceCount: Int { rowNodes.count * columnNodes.count }

    /// The index in the parameter vector of G_ij, the conductance from row node i to column node j.
    @inlinable
    public func parameterIndex(row i: Int, column j: Int) -> Int {
        parameterOffset + i * columnNodes.count + j
    }

    public var familyName: String { "crossbar" }
    public var isReciprocal: Bool { true }
    public var isLinear: Bool { true }

    // MARK: Views

    /// G as an m × k view into the parameter vector.
    func conductances(_ parameters: UnsafeBufferPointer<Double>) -> MatrixView {
        precondition(parameters.count >= parameterOffset + conductanceCount,
                     "crossbar needs parameters \(parameterOffset)..<\(parameterOffset + conductanceCount), vector has \(parameters.count)")
        return MatrixView(base: parameters.baseAddress! + parameterOffset,
                          rows: rowNodes.count, columns: columnNodes.count)
    }

    /// One layer of the batch as a strided B × width view (leading dimension n).
    func layer(_ nodes: Range<Int>, of states: StateBatch) -> MatrixView {
        checkFits(states.columns)
        return MatrixView(base: states.base + nodes.lowerBound, rows: states.rows, columns: nodes.count,
                          leadingDimension: states.columns)
    }

    /// O(1) per evaluation, so always on: a layer past the state's end would read stray memory.
    func checkFits(_ width: Int) {
        precondition(rowNodes.upperBound <= width && columnNodes.upperBound <= width,
                     "crossbar layers \(rowNodes), \(columnNodes) exceed a state of \(width) unknowns")
    }
}
