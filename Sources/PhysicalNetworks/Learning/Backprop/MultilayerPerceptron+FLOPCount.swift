extension MultilayerPerceptron {
    /// The arithmetic of backpropagation through a perceptron of layer sizes n₀, n₁, …, n_L, as
    /// the GEMMs that `MultilayerPerceptron` actually runs (one multiply-add = 2 FLOPs).
    ///
    /// Per sample, with P = Σ_{l=1}^{L} n_{l−1}·n_l the number of weights:
    ///
    ///     forward  (Z_l = A_{l−1} W_lᵀ)                           P multiply-adds = 2P FLOPs
    ///     backward (∂W_l = δ_lᵀ A_{l−1}, every layer)            P multiply-adds
    ///              (δ_{l−1} = δ_l W_l, layers 2…L; the input's
    ///               error is never formed)                        P − n₀n₁ multiply-adds
    ///              together                                      2P − n₀n₁ = 2(2P − n₀n₁) FLOPs
    ///
    /// so the backward pass costs "about twice the forward" minus the first layer's product. One
    /// update on a batch of B samples costs B·(3P − n₀n₁) multiply-adds.
    ///
    /// Not counted (they are O(Σ n_l) per sample, not O(P)): bias additions and bias gradients
    /// (Σ n_l each), the nonlinearities and their derivatives, the loss, and the optimizer's
    /// O(P + Σ n_l) update per batch. For 784-500-10 that is 510 biases against P = 397,000.
    ///
    /// Example: 2-3-2 has P = 6 + 6 = 12; forward 12, backward 12 + 6 = 18 multiply-adds.
    public struct FLOPCount: Equatable, Codable, Sendable {
        /// n₀, …, n_L.
        public let layerSizes: [Int]

        /// - Precondition: at least two layers, every size ≥ 1.
        public init(layerSizes: [Int]) {
            precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 >= 1 },
                         "a perceptron needs at least two layers of positive size, got \(layerSizes)")
            self.layerSizes = layerSizes
        }

        /// P = Σ n_{l−1}·n_l, the number of weights (biases excluded).
        public var weightCount: Int {
            zip(layerSizes.dropLast(), layerSizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        }

        /// Multiply-adds of the forward pass per sample: P.
        public var forwardMultiplyAddsPerSample: Int { weightCount }

        /// Multiply-adds of the backward pass per sample: 2P − n₀n₁.
        public var backwardMultiplyAddsPerSample: Int { 2 * weightCount - layerSizes[0] * layerSizes[1] }

        /// Multiply-adds of forward plus backward per sample: 3P − n₀n₁.
        public var trainingMultiplyAddsPerSample: Int {
            forwardMultiplyAddsPerSample + backwardMultiplyAddsPerSample
        }

        /// FLOPs (2 per multiply-add) of the forward pass per sample: 2P.
        public var forwardFLOPsPerSample: Int { 2 * forwardMultiplyAddsPerSample }

        /// FLOPs of the backward pass per sample: 2(2P − n₀n₁).
        public var backwardFLOPsPerSample: Int { 2 * backwardMultiplyAddsPerSample }

        /// Multiply-adds of one training update on a batch of `batchSize` samples: B(3P − n₀n₁).
        public func multiplyAddsPerUpdate(batchSize: Int) -> Int {
            precondition(batchSize >= 0, "batch size must be non-negative, got \(batchSize)")
            return batchSize * trainingMultiplyAddsPerSample
        }

        /// FLOPs of one training update on a batch of `batchSize` samples: 2B(3P − n₀n₁).
        public func flopsPerUpdate(batchSize: Int) -> Int { 2 * multiplyAddsPerUpdate(batchSize: batchSize) }
    }
}
