/// Equilibrium propagation on a layered Hopfield network (Scellier & Bengio 2017, SB17),
/// batched:
///
/// 1. **Free phase**: the minibatch's states start at zero with the input layer clamped to the
///    features, and `freeSteps` clipped descent steps `s ← clip(s − ε ∂E/∂s, 0, 1)` relax them
///    (SB17's code starts from each example's previous fixed point instead; zero makes every
///    minibatch reproducible on its own).
/// 2. **Nudged phase**: from the free state, `nudgedSteps` steps on `E + β·½‖s_out − y‖²`, with
///    the sign of β drawn for each minibatch (seeded).
/// 3. **Update**: `θ ← θ − lr_l · (∂E/∂θ(s_β) − ∂E/∂θ(s_0)) / (β·B)`, per layer pair l (W_l and
///    the biases of layer l + 1), with ∂E/∂θ from `HopfieldLayers.addParameterGradient`.
///
/// Prediction is the arg-max of the output layer at the free phase. The relaxation is the step
/// of `ClippedGradientDescent` on the residual of `HopfieldLayers` (plus the nudge on the output
/// rows); every buffer is made once in `init`, so training allocates only the per-epoch
/// shuffle.
///
/// - Complexity: per minibatch, 2·B·Σ n_l n_{l+1} multiply-adds (GEMMs) per relaxation step and
///   two more GEMM passes for the measurements.
public final class HopfieldTrainer {
    public let configuration: HopfieldTrainingConfiguration
    /// The network's energy family (input clamped, layer 0 at unknown 0, parameters at 0).
    public let layers: HopfieldLayers
    /// Weights then biases, in `HopfieldLayers`' order.
    public var parameters: [Double] {
        didSet {
            precondition(parameters.count == layers.parameterCount,
                         "a \(layers.layerSizes) Hopfield network has \(layers.parameterCount) parameters, got \(parameters.count)")
        }
    }
    /// Seeds the signs of β (one stream per epoch) and, with the same seed, the shuffles.
    public let seed: UInt64

    /// Units per state row: every layer, input included.
    public var dimension: Int { layers.nodes.count }

    private let states: UnsafeMutablePointer<Double>
    private let residual: UnsafeMutablePointer<Double>
    private let targets: UnsafeMutablePointer<Double>
    private let freeGradient: UnsafeMutableBufferPointer<Double>
    private let nudgedGradient: UnsafeMutableBufferPointer<Double>
    /// The learning rate of each parameter, laid out like `parameters`.
    private let rates: [Double]

    /// Makes the network with SB17's initial parameters drawn from `Xoshiro256StarStar(seed:)`.
    public init(configuration: HopfieldTrainingConfiguration, seed: UInt64) {
        self.configuration = configuration
        self.seed = seed
        let layers = HopfieldLayers(layerSizes: configuration.layerSizes, clampsInput: true)
        self.layers = layers
        var generator = Xoshiro256StarStar(seed: seed)
        parameters = layers.initialParameters(using: &generator)
        var rates = [Double](repeating: 0, count: layers.parameterCount)
        for l in 0..<(layers.layerCount - 1) {
            let rate = configuration.learningRates[l]
            let first = layers.weightIndex(layer: l, row: 0, column: 0)
            for k in first..<(first + layers.layerSizes[l] * layers.layerSizes[l + 1]) { rates[k] = rate }
            let bias = layers.biasIndex(layer: l + 1, unit: 0)
            for k in bias..<(bias + layers.layerSizes[l + 1]) { rates[k] = rate }
        }
        self.rates = rates
        let n = layers.nodes.count, batch = configuration.batchSize
        states = .allocate(capacity: batch * n)
        states.initialize(repeating: 0, count: batch * n)
        residual = .allocate(capacity: batch * n)
        residual.initialize(repeating: 0, count: batch * n)
        let outputs = layers.layerSizes[layers.layerCount - 1]
        targets = .allocate(capacity: batch * outputs)
        targets.initialize(repeating: 0, count: batch * outputs)
        freeGradient = .allocate(capacity: layers.parameterCount)
        freeGradient.initialize(repeating: 0)
        nudgedGradient = .allocate(capacity: layers.parameterCount)
        nudgedGradient.initialize(repeating: 0)
    }

    deinit {
        states.deallocate()
        residual.deallocate()
        targets.deallocate()
        freeGradient.deallocate()
        nudgedGradient.deallocate()
    }

    // MARK: Training

    /// One pass over `dataset` in the minibatches of `Dataset.minibatches(size:epoch:seed:)`,
    /// updating `parameters` after each.
    /// - Precondition: the dataset's features and targets match the input and output layers.
    @discardableResult
    public func trainEpoch(on dataset: Dataset, epoch: Int) -> HopfieldEpochReport {
        checkShape(dataset)
        var signs = Xoshiro256StarStar(seed: seed ^ 0x5EED_B5A7_0000_0017, stream: UInt64(epoch))
        var correct = 0, cost = 0.0
        for batch in dataset.minibatches(size: configuration.batchSize, epoch: epoch, seed: seed) {
            var beta = configuration.beta
            if configuration.randomSign && signs.next() & 1 == 1 { beta = -beta }
            let measured = step(dataset, rows: batch, beta: beta)
            correct += measured.correct
            cost += measured.cost
        }
        let count = Double(max(dataset.count, 1))
        return HopfieldEpochReport(epoch: epoch, examples: dataset.count,
                                   trainAccuracy: Double(correct) / count, trainCost: cost / count)
    }

    /// Fraction of `dataset` whose free-phase output arg-max equals its target arg-max.
    public func accuracy(on dataset: Dataset) -> Double {
        checkShape(dataset)
        guard dataset.count > 0 else { return 0 }
        var correct = 0
        forEachFreeBatch(dataset) { rows in correct += countCorrect(rows: rows) }
        return Double(correct) / Double(dataset.count)
    }

    /// Mean ½‖s_out − y‖² over `dataset` at the free phase (`freeSteps` steps, or `steps`).
    public func cost(on dataset: Dataset, steps: Int? = nil) -> Double {
        checkShape(dataset)
        guard dataset.count > 0 else { return 0 }
        var total = 0.0
        forEachFreeBatch(dataset, steps: steps) { rows in total += sumCost(rows: rows) }
        return total / Double(dataset.count)
    }

    /// The EP estimate of d(mean cost)/dθ on the given rows, without updating:
    /// `(∂E/∂θ(s_β) − ∂E/∂θ(s_0)) / (β·B)`, with `freeSteps`/`nudgedSteps` from the arguments
    /// (the configuration's when nil).
    /// - Precondition: 1 ≤ rows.count ≤ the batch size; β ≠ 0.
    public func gradientEstimate(on dataset: Dataset, rows: [Int], beta: Double,
                                 freeSteps: Int? = nil, nudgedSteps: Int? = nil) -> [Double] {
        checkShape(dataset)
        precondition(beta != 0 && beta.isFinite, "β \(beta) must be finite and non-zero")
        precondition(!rows.isEmpty && rows.count <= configuration.batchSize,
                     "\(rows.count) rows for a batch of \(configuration.batchSize)")
        let b = rows.count
        parameters.withUnsafeBufferPointer { p in
            measure(dataset, rows: rows, beta: beta, parameters: p,
                    freeSteps: freeSteps ?? configuration.freeSteps,
                    nudgedSteps: nudgedSteps ?? configuration.nudgedSteps)
        }
        let scale = 1 / (beta * Double(b))
        return (0..<layers.parameterCount).map { (nudgedGradient[$0] - freeGradient[$0]) * scale }
    }

    // MARK: Phases

    /// Free phase, nudged phase, update, for one minibatch; returns the free phase's count of
    /// right answers and summed cost.
    private func step(_ dataset: Dataset, rows: ArraySlice<Int>, beta: Double) -> (correct: Int, cost: Double) {
        let b = rows.count
        var measured = (correct: 0, cost: 0.0)
        parameters.withUnsafeMutableBufferPointer { p in
            measured = measure(dataset, rows: rows, beta: beta, parameters: UnsafeBufferPointer(p),
                               freeSteps: configuration.freeSteps, nudgedSteps: configuration.nudgedSteps)
            let scale = 1 / (beta * Double(b))
            rates.withUnsafeBufferPointer { rate in
                for k in 0..<p.count { p[k] -= rate[k] * (nudgedGradient[k] - freeGradient[k]) * scale }
            }
        }
        return measured
    }

    /// Both phases and both measurements (into `freeGradient` and `nudgedGradient`).
    @discardableResult
    private func measure(_ dataset: Dataset, rows: some Collection<Int>, beta: Double,
                         parameters p: UnsafeBufferPointer<Double>, freeSteps: Int,
                         nudgedSteps: Int) -> (correct: Int, cost: Double) {
        let b = rows.count
        load(dataset, rows: rows)
        relax(rows: b, steps: freeSteps, beta: 0, parameters: p)
        let measured = (correct: countCorrect(rows: b), cost: sumCost(rows: b))
        let view = StateBatch(base: states, rows: b, columns: dimension)
        freeGradient.update(repeating: 0)
        layers.addParameterGradient(view, drive: .dc, parameters: p, into: freeGradient)
        relax(rows: b, steps: nudgedSteps, beta: beta, parameters: p)
        nudgedGradient.update(repeating: 0)
        layers.addParameterGradient(view, drive: .dc, parameters: p, into: nudgedGradient)
        return measured
    }

    /// Zero states with layer 0 set to the rows' features; the rows' targets into `targets`.
    private func load(_ dataset: Dataset, rows: some Collection<Int>) {
        let n = dimension, inputs = dataset.featureCount, outputs = dataset.targetCount
        states.update(repeating: 0, count: rows.count * n)
        var b = 0
        dataset.features.withUnsafeBufferPointer { x in
            dataset.targets.withUnsafeBufferPointer { y in
                for row in rows {
                    for j in 0..<inputs { states[b * n + j] = x[row * inputs + j] }
                    for j in 0..<outputs { targets[b * outputs + j] = y[row * outputs + j] }
                    b += 1
                }
            }
        }
    }

    /// `steps` clipped descent steps of ε on the free layers of the first `rows` states, with
    /// the force β (s_o − y_o) added on the outputs when β ≠ 0.
    private func relax(rows: Int, steps: Int, beta: Double, parameters p: UnsafeBufferPointer<Double>) {
        let n = dimension, free = layers.freeNodes, output = layers.outputNodes.lowerBound
        let outputs = layers.outputNodes.count, epsilon = configuration.stepSize
        let view = StateBatch(base: states, rows: rows, columns: n)
        let out = MutableStateBatch(base: residual, rows: rows, columns: n)
        for _ in 0..<steps {
            residual.update(repeating: 0, count: rows * n)
            layers.addResidual(view, drive: .dc, parameters: p, into: out)
            if beta != 0 {
                for b in 0..<rows {
                    for k in 0..<outputs {
                        residual[b * n + output + k] += beta * (states[b * n + output + k] - targets[b * outputs + k])
                    }
                }
            }
            for b in 0..<rows {
                _ = ClippedGradientDescent.step(states + b * n + free.lowerBound,
                                                force: residual + b * n + free.lowerBound,
                                                count: free.count, stepSize: epsilon, lower: 0, upper: 1)
            }
        }
    }

    /// Runs the free phase over `dataset` in batches of at most the batch size.
    private func forEachFreeBatch(_ dataset: Dataset, steps: Int? = nil, _ body: (Int) -> Void) {
        let size = configuration.batchSize
        parameters.withUnsafeBufferPointer { p in
            for start in stride(from: 0, to: dataset.count, by: size) {
                let rows = start..<min(start + size, dataset.count)
                load(dataset, rows: rows)
                relax(rows: rows.count, steps: steps ?? configuration.freeSteps, beta: 0, parameters: p)
                body(rows.count)
            }
        }
    }

    /// How many of the first `rows` states have their output arg-max at the target's arg-max.
    private func countCorrect(rows: Int) -> Int {
        let n = dimension, output = layers.outputNodes.lowerBound, outputs = layers.outputNodes.count
        var correct = 0
        for b in 0..<rows {
            var predicted = 0, label = 0
            for k in 1..<max(outputs, 1) {
                if states[b * n + output + k] > states[b * n + output + predicted] { predicted = k }
                if targets[b * outputs + k] > targets[b * outputs + label] { label = k }
            }
            if predicted == label { correct += 1 }
        }
        return correct
    }

    /// Σ over the first `rows` states of ½‖s_out − y‖².
    private func sumCost(rows: Int) -> Double {
        let n = dimension, output = layers.outputNodes.lowerBound, outputs = layers.outputNodes.count
        var total = 0.0
        for b in 0..<rows {
            for k in 0..<outputs {
                let error = states[b * n + output + k] - targets[b * outputs + k]
                total += 0.5 * error * error
            }
        }
        return total
    }

    private func checkShape(_ dataset: Dataset) {
        precondition(dataset.featureCount == layers.layerSizes[0]
                     && dataset.targetCount == layers.layerSizes[layers.layerCount - 1],
                     "a dataset of \(dataset.featureCount) features and \(dataset.targetCount) targets for Hopfield layers \(layers.layerSizes)")
    }
}
