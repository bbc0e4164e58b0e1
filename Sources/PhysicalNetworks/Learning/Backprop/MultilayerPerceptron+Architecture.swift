extension MultilayerPerceptron {
    /// The fixed shape of a perceptron and its passes over raw buffers: the parameter layout
    /// (per layer l = 1…L, the weights W_l as n_l × n_{l−1} row-major, then the biases b_l),
    /// the nonlinearities and the loss. Everything here allocates nothing.
    struct Architecture: Equatable, Sendable {
        let layerSizes: [Int]
        let activation: Activation
        let outputActivation: Activation
        let loss: Loss
        /// Offset of W_l in the flat parameter vector, at index l − 1.
        let weightOffsets: [Int]
        /// Offset of b_l in the flat parameter vector, at index l − 1.
        let biasOffsets: [Int]
        let parameterCount: Int

        init(layerSizes: [Int], activation: Activation, outputActivation: Activation, loss: Loss) {
            precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 >= 1 },
                         "a perceptron needs at least two layers of positive size, got \(layerSizes)")
            precondition(loss != .softmaxCrossEntropy || layerSizes[layerSizes.count - 1] >= 2,
                         "softmax cross-entropy needs at least two outputs, got \(layerSizes[layerSizes.count - 1])")
            self.layerSizes = layerSizes
            self.activation = activation
            self.outputActivation = outputActivation
            self.loss = loss
            var weightOffsets: [Int] = []
            var biasOffsets: [Int] = []
            var offset = 0
            for l in 1..<layerSizes.count {
                weightOffsets.append(offset)
                offset += layerSizes[l] * layerSizes[l - 1]
                biasOffsets.append(offset)
                offset += layerSizes[l]
            }
            self.weightOffsets = weightOffsets
            self.biasOffsets = biasOffsets
            parameterCount = offset
        }

        /// Number of weight layers L.
        var depth: Int { layerSizes.count - 1 }
        var inputCount: Int { layerSizes[0] }
        var outputCount: Int { layerSizes[depth] }

        /// Z_l = A_{l−1} W_lᵀ + 1 b_lᵀ, A_l = f(Z_l) for l = 1…L, with A₀ = X (rows × n₀).
        /// - Returns: the multiply-adds of the GEMMs, rows·P.
        func forward(rows: Int, features x: UnsafePointer<Double>, parameters p: UnsafePointer<Double>,
                     workspace w: Workspace) -> Int {
            var multiplyAdds = 0
            var input = x
            for l in 1...depth {
                let inWidth = layerSizes[l - 1]
                let outWidth = layerSizes[l]
                let z = w.preActivations[l - 1]
                BLAS.gemm(transposeB: true, m: rows, n: outWidth, k: inWidth,
                                  input, p + weightOffsets[l - 1], beta: 0, z)
                multiplyAdds += rows * outWidth * inWidth
                let bias = p + biasOffsets[l - 1]
                for r in 0..<rows {
                    let row = z + r * outWidth
                    for j in 0..<outWidth { row[j] += bias[j] }
                }
                let f = l == depth ? outputActivation : activation
                f.apply(z, into: w.activations[l - 1], count: rows * outWidth)
                input = UnsafePointer(w.activations[l - 1])
            }
            return multiplyAdds
        }

        /// Σ_rows ℓ(y, t) after `forward`; with `outputError`, also δ_L = (1/rows)·∂ℓ/∂y ⊙ f_out′(Z_L)
        /// into the workspace.
        func lossSum(rows: Int, targets t: UnsafePointer<Double>, workspace w: Workspace, outputError: Bool) -> Double {
            let width = outputCount
            let y = w.activations[depth - 1]
            var total = 0.0
            if outputError {
                let delta = w.errors[depth - 1]
                let scale = 1 / Double(rows)
                for r in 0..<rows {
                    total += loss.evaluate(outputs: y + r * width, targets: t + r * width, count: width,
                                           scale: scale, outputGradient: delta + r * width)
                }
                outputActivation.multiplyByDerivative(delta, preActivation: w.preActivations[depth - 1],
                                                      value: y, count: rows * width)
            } else {
                for r in 0..<rows { total += loss.value(outputs: y + r * width, targets: t + r * width, count: width) }
            }
            return total
        }

        /// Reverse mode from δ_L, for l = L…1:
        ///
        ///     ∂L/∂W_l = δ_lᵀ A_{l−1}     ∂L/∂b_l = δ_lᵀ 1     δ_{l−1} = (δ_l W_l) ⊙ f′(Z_{l−1})  (l ≥ 2)
        ///
        /// written over `g` (the flat gradient, same layout as the parameters).
        /// - Returns: the multiply-adds of the GEMMs, rows·(2P − n₀n₁).
        func backward(rows: Int, features x: UnsafePointer<Double>, parameters p: UnsafePointer<Double>,
                      gradient g: UnsafeMutablePointer<Double>, workspace w: Workspace) -> Int {
            var multiplyAdds = 0
            for l in stride(from: depth, through: 1, by: -1) {
                let inWidth = layerSizes[l - 1]
                let outWidth = layerSizes[l]
                let delta = w.errors[l - 1]
                let input = l == 1 ? x : UnsafePointer(w.activations[l - 2])
                BLAS.gemm(transposeA: true, m: outWidth, n: inWidth, k: rows,
                                  delta, input, beta: 0, g + weightOffsets[l - 1])
                multiplyAdds += outWidth * inWidth * rows
                let biasGradient = g + biasOffsets[l - 1]
                for j in 0..<outWidth { biasGradient[j] = 0 }
                for r in 0..<rows {
                    let row = delta + r * outWidth
                    for j in 0..<outWidth { biasGradient[j] += row[j] }
                }
                if l > 1 {
                    let below = w.errors[l - 2]
                    BLAS.gemm(m: rows, n: inWidth, k: outWidth, delta, p + weightOffsets[l - 1], beta: 0, below)
                    multiplyAdds += rows * inWidth * outWidth
                    activation.multiplyByDerivative(below, preActivation: w.preActivations[l - 2],
                                                    value: w.activations[l - 2], count: rows * inWidth)
                }
            }
            return multiplyAdds
        }

        /// Number of rows whose prediction is right after `forward`: the arg-max output is the
        /// arg-max target (first index on ties); with a single output, |y − t| < ½.
        func correctCount(rows: Int, targets t: UnsafePointer<Double>, workspace w: Workspace) -> Int {
            let width = outputCount
            let y = w.activations[depth - 1]
            var correct = 0
            for r in 0..<rows {
                let outputs = y + r * width
                let expected = t + r * width
                if width == 1 {
                    if abs(outputs[0] - expected[0]) < 0.5 { correct += 1 }
                    continue
                }
                var predicted = 0
                var target = 0
                for k in 1..<width {
                    if outputs[k] > outputs[predicted] { predicted = k }
                    if expected[k] > expected[target] { target = k }
                }
                if predicted == target { correct += 1 }
            }
            return correct
        }
    }
}
