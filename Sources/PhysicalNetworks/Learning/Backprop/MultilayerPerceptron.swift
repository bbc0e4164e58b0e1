/// A feedforward multilayer perceptron trained with backpropagation: the digital baseline that
/// Equilibrium Propagation is compared with (same layer sizes, same data).
///
/// For a batch X (B × n₀, row-major) and layers l = 1…L:
///
///     Z_l = A_{l−1} W_lᵀ + 1 b_lᵀ,   A_l = f(Z_l)  (f_out on the last layer),   A₀ = X
///     L = (1/B) Σ_rows ℓ(A_L, T)
///
/// and reverse mode, written by hand over GEMMs on the whole minibatch (no framework):
///
///     δ_L = (1/B) ∂ℓ/∂A_L ⊙ f_out′(Z_L)
///     ∂L/∂W_l = δ_lᵀ A_{l−1},   ∂L/∂b_l = δ_lᵀ 1,   δ_{l−1} = (δ_l W_l) ⊙ f′(Z_{l−1})
///
/// (Rumelhart, Hinton & Williams, "Learning representations by back-propagating errors",
/// Nature 323, 1986.) The parameters are one flat vector — per layer, W_l (n_l × n_{l−1},
/// row-major) then b_l — so any `Optimizer` (SGD, Adam) updates them; weights start
/// Glorot-uniform, W ~ U(−a, a) with a = √(6 / (n_{l−1} + n_l)) (Glorot & Bengio, AISTATS 2010),
/// drawn in parameter order from `Xoshiro256StarStar(seed:)`, and biases at 0.
///
/// The buffers of a pass are allocated once for the largest batch seen and reused: after the
/// first step of a given batch size, a training step allocates nothing. Every method that runs a
/// pass is `mutating` because it writes that workspace.
///
/// - Complexity: one training step on B samples runs `flopCount.multiplyAddsPerUpdate(batchSize: B)`
///   = B(3P − n₀n₁) multiply-adds in GEMMs, P = Σ n_{l−1}n_l; see `FLOPCount`.
public struct MultilayerPerceptron {
    let architecture: Architecture
    /// The flat parameter vector: per layer l = 1…L, W_l (n_l × n_{l−1}, row-major) then b_l.
    /// Its length never changes (`parameterCount`).
    public var parameters: [Double]
    /// ∂L/∂θ of the last `computeGradient`/`train` call, same layout as `parameters`
    /// (zero before the first).
    public internal(set) var gradient: [Double]
    /// Multiply-adds of all the GEMMs this network has run (forward and backward), counted as
    /// they are issued — the instrumented check of `flopCount`.
    public internal(set) var multiplyAddsPerformed: Int = 0
    var workspace: Workspace?

    /// - Parameters:
    ///   - layerSizes: n₀ (inputs), hidden widths…, n_L (outputs); at least two entries, all ≥ 1.
    ///   - activation: f of the hidden layers.
    ///   - outputActivation: f_out of the output layer (default identity: logits for softmax,
    ///     linear outputs for squared error; SB17's setting is hard sigmoid with squared error).
    ///   - loss: ℓ per sample.
    ///   - seed: seed of the Glorot-uniform initialization.
    /// - Precondition: softmax cross-entropy needs at least two outputs.
    public init(layerSizes: [Int], activation: Activation, outputActivation: Activation = .identity,
                loss: Loss, seed: UInt64) {
        architecture = Architecture(layerSizes: layerSizes, activation: activation,
                                    outputActivation: outputActivation, loss: loss)
        parameters = [Double](repeating: 0, count: architecture.parameterCount)
        gradient = parameters
        var generator = Xoshiro256StarStar(seed: seed)
        for l in 1..<layerSizes.count {
            let limit = (6 / Double(layerSizes[l - 1] + layerSizes[l])).squareRoot()
            let offset = architecture.weightOffsets[l - 1]
            for i in 0..<(layerSizes[l] * layerSizes[l - 1]) {
                parameters[offset + i] = generator.nextDouble(in: -limit..<limit)
            }
        }
    }

    /// n₀, …, n_L.
    public var layerSizes: [Int] { architecture.layerSizes }
    /// f of the hidden layers.
    public var activation: Activation { architecture.activation }
    /// f_out of the output layer.
    public var outputActivation: Activation { architecture.outputActivation }
    /// ℓ per sample.
    public var loss: Loss { architecture.loss }
    /// Σ_l (n_{l−1} + 1)·n_l.
    public var parameterCount: Int { architecture.parameterCount }
    /// The GEMM arithmetic of a forward and a backward pass (per sample and per update).
    public var flopCount: FLOPCount { FLOPCount(layerSizes: architecture.layerSizes) }

    /// Index of W_l (l = 1…L) in `parameters`; entry (i, j), i < n_l, j < n_{l−1}, is at
    /// `weightOffset(layer: l) + i·n_{l−1} + j`.
    public func weightOffset(layer l: Int) -> Int {
        precondition(l >= 1 && l <= architecture.depth, "layer \(l) outside 1...\(architecture.depth)")
        return architecture.weightOffsets[l - 1]
    }

    /// Index of b_l (l = 1…L) in `parameters`.
    public func biasOffset(layer l: Int) -> Int {
        precondition(l >= 1 && l <= architecture.depth, "layer \(l) outside 1...\(architecture.depth)")
        return architecture.biasOffsets[l - 1]
    }

    /// The batch size of row-major `features` and `targets`, checked against the layer sizes.
    func rows(features: UnsafeBufferPointer<Double>, targets: UnsafeBufferPointer<Double>) -> Int {
        let n0 = architecture.inputCount
        let nL = architecture.outputCount
        precondition(features.count % n0 == 0 && targets.count % nL == 0 && features.count / n0 == targets.count / nL,
                     "batch of \(features.count) feature and \(targets.count) target values does not fit layers \(n0) in, \(nL) out")
        precondition(!features.isEmpty, "empty batch")
        return features.count / n0
    }
}
