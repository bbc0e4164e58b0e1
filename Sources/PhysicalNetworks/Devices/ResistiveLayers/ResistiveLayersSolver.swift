/// The steady state of a batch of `ResistiveLayers` networks (one input each) by exact block
/// coordinate descent (S24f): each sweep sets every odd layer to its exact minimizer given its
/// neighbours, then every even layer — a layer's nodes do not touch each other, so the block
/// update is one closed-form (or scalar-root) update per node. The energy decreases at every
/// update and the sweeps converge to the equilibrium of the circuit; the ODE path (`relax` on
/// the netlist `DeepResistiveNetworkBuilder` expands, whose capacitors set the physical
/// settling time) reaches the same state (tests check both).
///
/// A layer update costs two GEMMs (one for the outputs) over the batch:
/// `c_l = a_{l−1} V_{l−1} G_{l−1} + (1/a_l) V_{l+1} G_lᵀ`, then O(B·n_l) node updates.
/// Every buffer is made in `init`; relaxing and measuring allocate nothing.
///
/// Usage: `load` the inputs and targets of up to `capacity` samples, `prepare(parameters:)`
/// after every change of the conductances, then `relax(parameters:beta:)` (from the current
/// state; `reset()` zeroes it), `saveState()`/`restoreState()` around nudged phases, and the
/// measurements of `+Measurement`.
public final class ResistiveLayersSolver {
    public let layers: ResistiveLayers
    /// The most samples a batch may hold.
    public let capacity: Int
    /// A sweep whose largest node change is at most this (V) ends the relaxation.
    public var tolerance: Double
    /// The most sweeps a relaxation may take before it reports that it has not settled.
    public var maxSweeps: Int
    /// Samples currently loaded.
    public private(set) var rows = 0

    /// Node voltages per layer (layer 0: the clamped inputs).
    let voltages: LayerBuffers
    /// The free state kept by `saveState`.
    let saved: LayerBuffers
    /// c_l of the layer being updated (and scratch of the measurements).
    let drives: LayerBuffers
    /// The adjoint ν of `exactGradient`.
    let adjoint: LayerBuffers
    /// D_l per layer: the conductance sum at each node (one row per layer).
    let diagonals: LayerBuffers
    /// Targets y (rows × classes).
    let targets: UnsafeMutableBufferPointer<Double>
    /// Two vectors of the largest layer's length, for the measurements' row and column terms.
    let sums: UnsafeMutableBufferPointer<Double>
    /// `V_0 G_0`, the clamped inputs' drive of layer 1: the same in every sweep and phase of a
    /// batch, so it is computed once after each `load` or `prepare` (for 784-pixel inputs it is
    /// most of a sweep's multiply-adds).
    let inputDrive: UnsafeMutableBufferPointer<Double>
    private var inputDriveIsCurrent = false

    /// - Parameters:
    ///   - capacity: the largest batch.
    ///   - tolerance: the sweep change (V) that counts as settled.
    ///   - maxSweeps: the sweep budget of one relaxation.
    public init(layers: ResistiveLayers, capacity: Int, tolerance: Double = 1e-10, maxSweeps: Int = 1000) {
        precondition(capacity >= 1, "batch capacity \(capacity) must be at least 1")
        precondition(tolerance > 0 && maxSweeps >= 1, "tolerance \(tolerance) and sweeps \(maxSweeps) must be positive")
        self.layers = layers
        self.capacity = capacity
        self.tolerance = tolerance
        self.maxSweeps = maxSweeps
        let counts = layers.nodeCounts
        voltages = LayerBuffers(columns: counts, rows: capacity)
        saved = LayerBuffers(columns: counts, rows: capacity, skipping: [0])
        drives = LayerBuffers(columns: counts, rows: capacity, skipping: [0])
        adjoint = LayerBuffers(columns: counts, rows: capacity, skipping: [0])
        diagonals = LayerBuffers(columns: counts, rows: 1, skipping: [0])
        targets = .allocate(capacity: capacity * layers.classCount)
        targets.initialize(repeating: 0)
        sums = .allocate(capacity: 2 * (counts.max() ?? 1))
        sums.initialize(repeating: 0)
        inputDrive = .allocate(capacity: capacity * counts[1])
        inputDrive.initialize(repeating: 0)
    }

    deinit {
        voltages.deallocate()
        saved.deallocate()
        drives.deallocate()
        adjoint.deallocate()
        diagonals.deallocate()
        targets.deallocate()
        sums.deallocate()
        inputDrive.deallocate()
    }

    var lastLayer: Int { layers.layerCount - 1 }

    // MARK: Loading

    /// Loads the given rows of `dataset`: layer 0 becomes `x₀, −x₀, x₁, −x₁, …`, the targets y.
    /// The other layers keep their voltages (call `reset()` for a cold start).
    /// - Precondition: 1 ≤ rows ≤ capacity; the dataset's features and targets match the network.
    @_specialize(where Rows == [Int])
    @_specialize(where Rows == ArraySlice<Int>)
    @_specialize(where Rows == Range<Int>)
    public func load<Rows: Collection<Int>>(_ dataset: Dataset, rows selection: Rows) {
        precondition(dataset.featureCount == layers.featureCount && dataset.targetCount == layers.classCount,
                     "a dataset of \(dataset.featureCount) features and \(dataset.targetCount) targets for a network of \(layers.featureCount) features and \(layers.classCount) classes")
        precondition(!selection.isEmpty && selection.count <= capacity,
                     "\(selection.count) rows for a batch capacity of \(capacity)")
        rows = selection.count
        inputDriveIsCurrent = false
        let features = layers.featureCount, classes = layers.classCount, inputs = voltages[0]
        dataset.features.withUnsafeBufferPointer { x in
            dataset.targets.withUnsafeBufferPointer { y in
                var b = 0
                for row in selection {
                    defer { b += 1 }
                    for i in 0..<features {
                        let value = x[row * features + i]
                        inputs[b * 2 * features + 2 * i] = value
                        inputs[b * 2 * features + 2 * i + 1] = -value
                    }
                    for c in 0..<classes { targets[b * classes + c] = y[row * classes + c] }
                }
            }
        }
    }

    /// Zeroes every free node of the loaded rows.
    public func reset() {
        for l in 1...lastLayer { voltages[l].update(repeating: 0, count: rows * layers.nodeCounts[l]) }
    }

    /// Copies the free nodes' voltages aside (the free state, before the nudged phases).
    public func saveState() {
        for l in 1...lastLayer { saved[l].update(from: voltages[l], count: rows * layers.nodeCounts[l]) }
    }

    /// Puts back the voltages `saveState` kept.
    public func restoreState() {
        for l in 1...lastLayer { voltages[l].update(from: saved[l], count: rows * layers.nodeCounts[l]) }
    }

    /// Sets `D_l` from the conductances: column sums of G_{l−1} plus row sums of G_l.
    /// - Complexity: O(Σ n_l n_{l+1}).
    public func prepare(parameters: UnsafeBufferPointer<Double>) {
        precondition(parameters.count >= layers.parameterCount,
                     "\(parameters.count) conductances for \(layers.parameterCount) devices")
        inputDriveIsCurrent = false
        let counts = layers.nodeCounts
        for l in 1...lastLayer { diagonals[l].update(repeating: 0, count: counts[l]) }
        for l in 0..<layers.blockCount {
            let g = parameters.baseAddress! + layers.blockParameters(l).lowerBound
            let m = counts[l], n = counts[l + 1]
            for i in 0..<m {
                var rowSum = 0.0
                for j in 0..<n {
                    let conductance = g[i * n + j]
                    rowSum += conductance
                    diagonals[l + 1][j] += conductance
                }
                if l > 0 { diagonals[l][i] += rowSum }
            }
        }
    }

    // MARK: Relaxation

    /// Sweeps from the current state until a sweep changes no node by more than `tolerance`,
    /// with the nudge `β ∂C/∂V` on the outputs (β in S; 0 for the free phase).
    ///
    /// With `inertia` = C/h > 0 (S) it solves instead one backward-Euler step of the circuit's
    /// dynamics `C dV/dt = −i(V)` from the saved state V⁻ (`saveState`): every node equation
    /// gains `(C/h)(V − V⁻)`, which keeps each block update exact — the step minimizes
    /// `E_w + Σ w (C/2h)(V − V⁻)²` over the diodes' constraints (`ResistiveLayersSettling`).
    /// - Precondition: `load` and `prepare` were called.
    ///
    /// With `agree`, every sweep's largest change is replaced by `agree(change)` before the test:
    /// processes relaxing shares of one minibatch pass the maximum over all of them, so that they
    /// all sweep as often as the whole minibatch would (an unstable nudge or a non-finite change
    /// counts as +∞ there, so that every process stops at the same sweep).
    @discardableResult
    public func relax(parameters: UnsafeBufferPointer<Double>, beta: Double = 0, inertia: Double = 0,
                      agree: ((Double) -> Double)? = nil) -> SweepReport {
        precondition(rows > 0, "load a batch before relaxing")
        let g = parameters.baseAddress!
        for sweep in 1...maxSweeps {
            var change = 0.0, unstable = false
            for first in 1...2 where !unstable {
                for l in stride(from: first, through: lastLayer, by: 2) {
                    guard let layerChange = update(layer: l, conductances: g, beta: beta, inertia: inertia) else {
                        unstable = true
                        break
                    }
                    change = Self.larger(change, layerChange)
                }
            }
            let failedHere = unstable || !change.isFinite
            if let agree {
                change = agree(failedHere ? .infinity : change)
                if !failedHere && !change.isFinite {
                    return SweepReport(sweeps: sweep, lastChange: change, status: .failedElsewhere)
                }
            }
            if unstable { return SweepReport(sweeps: sweep, lastChange: .infinity, status: .unstableNudge) }
            if !change.isFinite { return SweepReport(sweeps: sweep, lastChange: change, status: .diverged) }
            if change <= tolerance { return SweepReport(sweeps: sweep, lastChange: change, status: .settled) }
            if sweep == maxSweeps { return SweepReport(sweeps: sweep, lastChange: change, status: .sweepLimit) }
        }
        return SweepReport(sweeps: maxSweeps, lastChange: .infinity, status: .sweepLimit)
    }

    /// `c_l = a_{l−1} V_{l−1} G_{l−1} + (1/a_l) V_{l+1} G_lᵀ` into `drives[l]`, from `source`
    /// (the voltages, or the adjoint with a zero input layer). `g` must be the conductances of
    /// the last `prepare` (the input drive is cached from them).
    func computeDrive(layer l: Int, from source: LayerBuffers, includeInput: Bool = true,
                      conductances g: UnsafePointer<Double>) {
        let counts = layers.nodeCounts, c = drives[l]
        if l == 1 && includeInput {
            if !inputDriveIsCurrent {
                BLAS.gemm(m: rows, n: counts[1], k: counts[0], alpha: layers.gains[0], source[0],
                          g + layers.blockParameters(0).lowerBound, beta: 0, inputDrive.baseAddress!)
                inputDriveIsCurrent = true
            }
            c.update(from: inputDrive.baseAddress!, count: rows * counts[1])
        } else if l > 1 {
            BLAS.gemm(m: rows, n: counts[l], k: counts[l - 1], alpha: layers.gains[l - 1],
                      source[l - 1], g + layers.blockParameters(l - 1).lowerBound, beta: 0, c)
        } else {
            c.update(repeating: 0, count: rows * counts[l])
        }
        if l < lastLayer {
            BLAS.gemm(transposeB: true, m: rows, n: counts[l], k: counts[l + 1], alpha: 1 / layers.gains[l],
                      source[l + 1], g + layers.blockParameters(l).lowerBound, beta: 1, c)
        }
    }

    /// Sets layer l to its exact minimizer; returns the largest change, or nil when the nudge
    /// makes an output's equations singular.
    private func update(layer l: Int, conductances g: UnsafePointer<Double>, beta: Double, inertia: Double) -> Double? {
        computeDrive(layer: l, from: voltages, conductances: g)
        let n = layers.nodeCounts[l], v = voltages[l], c = drives[l]
        var d = UnsafePointer(diagonals[l])
        if inertia > 0 {
            // The backward-Euler step's capacitor: D + C/h on the diagonal, (C/h) V⁻ in the drive.
            let previous = saved[l], shifted = sums.baseAddress!
            for k in 0..<(rows * n) { c[k] += inertia * previous[k] }
            for j in 0..<n { shifted[j] = diagonals[l][j] + inertia }
            d = UnsafePointer(shifted)
        }
        var change = 0.0
        if l < lastLayer, case .ideal = layers.rectifier {
            // The closed form with the diodes' projection, in a loop the compiler vectorizes.
            let low = layers.biasLow, high = layers.biasHigh
            for b in 0..<rows {
                let row = b * n
                for h in 0..<n {
                    let next = min(max(c[row + h] / d[h], low), high)
                    change = Self.larger(change, abs(next - v[row + h]))
                    v[row + h] = next
                }
            }
            return change
        }
        if l < lastLayer {
            for b in 0..<rows {
                for h in 0..<n {
                    let k = b * n + h
                    let next = layers.hiddenVoltage(d: d[h], c: c[k], start: v[k])
                    change = Self.larger(change, abs(next - v[k]))
                    v[k] = next
                }
            }
            return change
        }
        let classes = layers.classCount
        for b in 0..<rows {
            for k in 0..<classes {
                let y = targets[b * classes + k]
                if layers.differentialOutput {
                    let p = b * n + 2 * k, m = p + 1
                    guard let pair = ResistiveLayers.outputPair(dPlus: d[2 * k], dMinus: d[2 * k + 1], cPlus: c[p],
                                                                cMinus: c[m], target: y, beta: beta) else { return nil }
                    change = Self.larger(Self.larger(change, abs(pair.plus - v[p])), abs(pair.minus - v[m]))
                    v[p] = pair.plus
                    v[m] = pair.minus
                } else {
                    let p = b * n + k
                    guard let next = ResistiveLayers.outputNode(d: d[k], c: c[p], target: y, beta: beta) else { return nil }
                    change = Self.larger(change, abs(next - v[p]))
                    v[p] = next
                }
            }
        }
        return change
    }

    /// The larger of two changes, NaN if either is (`Swift.max` would drop a NaN, hiding a
    /// diverged node).
    @inline(__always)
    static func larger(_ a: Double, _ b: Double) -> Double { b <= a || a.isNaN ? a : b }

    // MARK: Reading

    /// The class read-outs of sample b: `V⁺ − V⁻` per pair (or the node voltages).
    public func output(sample b: Int, class k: Int) -> Double {
        let n = layers.nodeCounts[lastLayer], v = voltages[lastLayer]
        return layers.differentialOutput ? v[b * n + 2 * k] - v[b * n + 2 * k + 1] : v[b * n + k]
    }

    /// The voltage of node j of layer l for sample b.
    public func voltage(sample b: Int, layer l: Int, node j: Int) -> Double {
        voltages[l][b * layers.nodeCounts[l] + j]
    }

    /// The target of sample b for class k.
    public func target(sample b: Int, class k: Int) -> Double { targets[b * layers.classCount + k] }

    /// Σ over the loaded samples of the cost `C = ½ Σ_k (out_k − y_k)²`.
    public func summedCost() -> Double {
        var total = 0.0
        for b in 0..<rows {
            for k in 0..<layers.classCount {
                let error = output(sample: b, class: k) - target(sample: b, class: k)
                total += 0.5 * error * error
            }
        }
        return total
    }

    /// How many loaded samples have their largest read-out at their target's largest entry.
    public func correctCount() -> Int {
        var correct = 0
        for b in 0..<rows {
            var predicted = 0, label = 0
            for k in 1..<max(layers.classCount, 1) {
                if output(sample: b, class: k) > output(sample: b, class: predicted) { predicted = k }
                if target(sample: b, class: k) > target(sample: b, class: label) { label = k }
            }
            if predicted == label { correct += 1 }
        }
        return correct
    }
}

/// How a block-coordinate-descent relaxation ended.
public struct SweepReport: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        /// The last sweep changed no node by more than the tolerance.
        case settled
        /// The sweep budget ran out first.
        case sweepLimit = "sweep-limit"
        /// A voltage became infinite or NaN.
        case diverged
        /// A negative nudge stronger than an output's conductances: no minimum exists.
        case unstableNudge = "unstable-nudge"
        /// Another process relaxing a share of the same minibatch failed (`relax(agree:)`).
        case failedElsewhere = "failed-elsewhere"
    }

    /// Sweeps performed.
    public var sweeps: Int
    /// The largest node change (V) of the last sweep.
    public var lastChange: Double
    public var status: Status

    public var isSettled: Bool { status == .settled }
}
