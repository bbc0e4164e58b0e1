/// Projected (clipped) gradient descent on the total energy, the relaxation of Scellier &
/// Bengio 2017 (SB17) for Hopfield-energy networks:
///
///     s ← clip(s − ε ∂F/∂s, lower, upper)        on the free unknowns; the others stay clamped
///
/// i.e. forward Euler of the gradient flow ds/dt = −∂F/∂s with step ε, projected on the box
/// [lower, upper]ⁿ. SB17's code runs 20 free iterations (4 nudged) with ε = 0.5 and clips
/// states to [0, 1]. F is the sum of every family's residual, so the nudge β C is one more
/// family of the network, never a special case here; the method knows no device type.
///
/// **Convergence.** At a fixed point of the projected step, the *projected-gradient residual*
/// `r = (s − clip(s − ε F)) / ε` vanishes (the box's KKT conditions). Each step measures
/// max |r| over the batch and the free unknowns for free. With `tolerance` set, the descent
/// stops as soon as max |r| ≤ tolerance (`converged`), else after `steps` steps (`maxSteps`);
/// without it, it runs exactly `steps` steps (`completed`, SB17's protocol) and reports the
/// residual of the last step. A NaN or infinite s − ε F ends it with `nonFinite`.
///
/// Time and energy are in the network's units (dimensionless for `HopfieldLayers`): the
/// reported time is steps · ε of the gradient flow.
///
/// - Complexity: per step one residual evaluation of the network (for `HopfieldLayers`,
///   2·B·Σ n_l n_{l+1} multiply-adds in GEMMs) plus O(B·n); allocates nothing after the
///   workspace is made.
public struct ClippedGradientDescent: Sendable, Equatable {
    /// The step ε (SB17: 0.5).
    public var stepSize: Double
    /// The number of steps, or the step limit when `tolerance` is set (SB17: 20 free, 4 nudged).
    public var steps: Int
    /// The box each free unknown is clipped to (SB17: [0, 1]).
    public var bounds: ClosedRange<Double>
    /// Stop when the projected-gradient residual max |r| falls to this; nil runs every step.
    public var tolerance: Double?

    /// - Precondition: `stepSize > 0` and `steps ≥ 0`; `tolerance`, if any, ≥ 0.
    public init(stepSize: Double = 0.5, steps: Int = 20, bounds: ClosedRange<Double> = 0...1,
                tolerance: Double? = nil) {
        precondition(stepSize > 0 && stepSize.isFinite, "clipped descent step \(stepSize) must be positive and finite")
        precondition(steps >= 0, "clipped descent steps \(steps) < 0")
        precondition(tolerance.map { $0 >= 0 } ?? true, "clipped descent tolerance \(String(describing: tolerance)) < 0")
        self.stepSize = stepSize
        self.steps = steps
        self.bounds = bounds
        self.tolerance = tolerance
    }

    /// What one clipped descent did (for the whole batch).
    public struct Report: Sendable, Equatable {
        public var status: SolverStatus
        /// Steps taken.
        public var steps: Int
        /// max over the batch and the free unknowns of |s − clip(s − ε F)| / ε at the last step
        /// (0 after zero steps): the distance from a fixed point, in units of the residual.
        public var residual: Double
        /// steps · ε, the gradient-flow time covered (the network's time unit).
        public var time: Double
    }

    /// The buffers a descent needs, made once per network and batch size and reused.
    public final class Workspace {
        public let batchSize: Int
        public let dimension: Int
        /// B × n residuals of the last step.
        let residual: UnsafeMutableBufferPointer<Double>

        public init(batchSize: Int, dimension: Int) {
            precondition(batchSize >= 0 && dimension >= 0,
                         "clipped descent workspace \(batchSize) × \(dimension)")
            self.batchSize = batchSize
            self.dimension = dimension
            residual = .allocate(capacity: max(batchSize * dimension, 1))
            residual.initialize(repeating: 0)
        }

        deinit { residual.deallocate() }
    }

    /// Relaxes every member of `states` (B × n, row-major, updated in place), moving only the
    /// unknowns in `free`.
    ///
    /// - Parameters:
    ///   - states: B × n states; clamped entries (outside `free`) are read, never written.
    ///   - network: its interactions' residuals sum to ∂F/∂s; its parameter vector is read.
    ///   - free: the unknowns that move (for `HopfieldLayers`, `freeNodes`).
    ///   - workspace: made for this batch size and the network's dimension.
    /// - Precondition: the shapes agree.
    public func relax(
        _ states: UnsafeMutableBufferPointer<Double>, network: Network, free: Range<Int>,
        drive: Drive = .dc, workspace: Workspace
    ) -> Report {
        let n = network.dimension, batch = workspace.batchSize
        precondition(workspace.dimension == n && states.count == batch * n,
                     "clipped descent: \(states.count) states for a workspace of \(batch) × \(workspace.dimension), network of \(n) unknowns")
        precondition(free.lowerBound >= 0 && free.upperBound <= n,
                     "clipped descent: free unknowns \(free) outside 0..<\(n)")
        guard batch > 0, !free.isEmpty, let base = states.baseAddress,
              let scratch = workspace.residual.baseAddress else {
            return Report(status: steps == 0 || tolerance == nil ? .completed : .converged,
                          steps: 0, residual: 0, time: 0)
        }
        let lower = bounds.lowerBound, upper = bounds.upperBound, epsilon = stepSize
        let view = StateBatch(base: UnsafePointer(base), rows: batch, columns: n)
        let out = MutableStateBatch(base: scratch, rows: batch, columns: n)
        var largest = 0.0
        return network.parameters.withUnsafeBufferPointer { parameters in
            for step in 0..<steps {
                workspace.residual.update(repeating: 0)
                for family in network.interactions {
                    family.addResidual(view, drive: drive, parameters: parameters, into: out)
                }
                largest = 0
                var finite = true
                for b in 0..<batch {
                    let (moved, rowFinite) = Self.step(base + b * n + free.lowerBound,
                                                       force: scratch + b * n + free.lowerBound,
                                                       count: free.count, stepSize: epsilon,
                                                       lower: lower, upper: upper)
                    largest = max(largest, moved)
                    finite = finite && rowFinite
                }
                let residual = largest / epsilon
                let report = Report(status: .completed, steps: step + 1, residual: residual,
                                    time: Double(step + 1) * epsilon)
                if !finite || !residual.isFinite { return with(report, .nonFinite) }
                if let tolerance, residual <= tolerance { return with(report, .converged) }
            }
            return Report(status: tolerance == nil ? .completed : .maxSteps, steps: steps,
                          residual: largest / epsilon, time: Double(steps) * epsilon)
        }
    }

    /// Relaxes `states` (a B × n array, updated in place); see the pointer form.
    public func relax(
        _ states: inout [Double], network: Network, free: Range<Int>, drive: Drive = .dc,
        workspace: Workspace
    ) -> Report {
        states.withUnsafeMutableBufferPointer {
            relax($0, network: network, free: free, drive: drive, workspace: workspace)
        }
    }

    /// s ← clip(s − ε f, lower, upper) on `count` entries; returns the largest |Δs| and whether
    /// every s − ε f was finite. Written with selects and integer reductions (|Δs| ≥ 0 orders
    /// like its bit pattern) so that the loop vectorizes; a NaN stays NaN through the clip.
    @inline(__always)
    static func step(
        _ s: UnsafeMutablePointer<Double>, force f: UnsafePointer<Double>, count: Int,
        stepSize epsilon: Double, lower: Double, upper: Double
    ) -> (largest: Double, finite: Bool) {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        var largestBits: UInt64 = 0, nonFinite: UInt64 = 0
        for i in 0..<count {
            let old = s[i], raw = old - epsilon * f[i]
            let new = raw < lower ? lower : (raw > upper ? upper : raw)
            s[i] = new
            largestBits = max(largestBits, (new - old).magnitude.bitPattern)
            nonFinite |= raw.bitPattern & exponent == exponent ? 1 : 0
        }
        return (Double(bitPattern: largestBits), nonFinite == 0)
    }

    private func with(_ report: Report, _ status: SolverStatus) -> Report {
        var report = report
        report.status = status
        return report
    }
}
