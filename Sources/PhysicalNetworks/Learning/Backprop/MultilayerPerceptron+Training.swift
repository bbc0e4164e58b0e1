extension MultilayerPerceptron {
    /// Loss L = (1/B) Σ ℓ of a batch, and ∂L/∂θ into `gradient` (forward and backward pass).
    /// - Parameters:
    ///   - features: B × n₀, row-major.
    ///   - targets: B × n_L, row-major (one-hot or class probabilities for cross-entropy).
    /// - Complexity: B(3P − n₀n₁) multiply-adds; no allocation once a batch this large was seen.
    @discardableResult
    public mutating func computeGradient(features: UnsafeBufferPointer<Double>,
                                         targets: UnsafeBufferPointer<Double>) -> Double {
        let rows = rows(features: features, targets: targets)
        let workspace = reserveWorkspace(rows: rows)
        return pass(rows: rows, features: features.baseAddress.unsafelyUnwrapped,
                    targets: targets.baseAddress.unsafelyUnwrapped, workspace: workspace, backward: true).loss
            / Double(rows)
    }

    /// `computeGradient` on arrays.
    @discardableResult
    public mutating func computeGradient(features: [Double], targets: [Double]) -> Double {
        features.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in computeGradient(features: x, targets: t) }
        }
    }

    /// One training step on a batch: the gradient, then `optimizer.step`.
    /// - Returns: the batch's mean loss before the step.
    @discardableResult
    public mutating func train<O: Optimizer>(features: UnsafeBufferPointer<Double>, targets: UnsafeBufferPointer<Double>,
                                             optimizer: inout O) -> Double {
        let loss = computeGradient(features: features, targets: targets)
        optimizer.step(parameters: &parameters, gradient: gradient)
        return loss
    }

    /// One training step on a batch given as arrays (B × n₀ features, B × n_L targets).
    @discardableResult
    public mutating func train<O: Optimizer>(features: [Double], targets: [Double], optimizer: inout O) -> Double {
        features.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in train(features: x, targets: t, optimizer: &optimizer) }
        }
    }

    /// One epoch: a training step on each minibatch of `dataset.minibatches(size:epoch:seed:)`
    /// (gathered into the workspace, so no allocation per step).
    /// - Returns: the mean per-sample loss over the epoch (each batch's loss before its step).
    @discardableResult
    public mutating func trainEpoch<O: Optimizer>(on dataset: Dataset, batchSize: Int, epoch: Int, seed: UInt64,
                                                  optimizer: inout O) -> Double {
        checkShape(of: dataset)
        let workspace = reserveWorkspace(rows: batchSize)
        var total = 0.0
        for batch in dataset.minibatches(size: batchSize, epoch: epoch, seed: seed) {
            dataset.gather(rows: batch, features: workspace.batchFeatures, targets: workspace.batchTargets)
            let rows = batch.count
            total += pass(rows: rows, features: workspace.batchFeatures.baseAddress.unsafelyUnwrapped,
                          targets: workspace.batchTargets.baseAddress.unsafelyUnwrapped,
                          workspace: workspace, backward: true).loss
            optimizer.step(parameters: &parameters, gradient: gradient)
        }
        return total / Double(dataset.count)
    }

    /// Mean loss of a batch, forward pass only (`gradient` is left alone).
    public mutating func loss(features: [Double], targets: [Double]) -> Double {
        features.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                let rows = rows(features: x, targets: t)
                let workspace = reserveWorkspace(rows: rows)
                return pass(rows: rows, features: x.baseAddress.unsafelyUnwrapped, targets: t.baseAddress.unsafelyUnwrapped,
                            workspace: workspace, backward: false).loss / Double(rows)
            }
        }
    }

    /// Mean loss and accuracy over a dataset, forward passes over consecutive chunks of
    /// `batchSize` rows read in place. Accuracy: the arg-max output is the arg-max target (with
    /// one output, |y − t| < ½).
    /// - Precondition: the dataset is not empty and has n₀ features and n_L targets.
    public mutating func evaluate(_ dataset: Dataset, batchSize: Int = 256) -> (loss: Double, accuracy: Double) {
        checkShape(of: dataset)
        precondition(!dataset.isEmpty, "cannot evaluate on an empty dataset")
        precondition(batchSize >= 1, "batch size must be at least 1, got \(batchSize)")
        let chunk = Swift.min(batchSize, dataset.count)
        let workspace = reserveWorkspace(rows: chunk)
        let n0 = architecture.inputCount
        let nL = architecture.outputCount
        var totalLoss = 0.0
        var correct = 0
        dataset.features.withUnsafeBufferPointer { x in
            dataset.targets.withUnsafeBufferPointer { t in
                for start in stride(from: 0, to: dataset.count, by: chunk) {
                    let rows = Swift.min(chunk, dataset.count - start)
                    let result = pass(rows: rows, features: x.baseAddress.unsafelyUnwrapped + start * n0,
                                      targets: t.baseAddress.unsafelyUnwrapped + start * nL,
                                      workspace: workspace, backward: false)
                    totalLoss += result.loss
                    correct += result.correct
                }
            }
        }
        return (totalLoss / Double(dataset.count), Double(correct) / Double(dataset.count))
    }

    /// The outputs A_L (B × n_L, row-major) for B × n₀ features.
    public mutating func predict(features: [Double]) -> [Double] {
        let n0 = architecture.inputCount
        let nL = architecture.outputCount
        precondition(!features.isEmpty && features.count % n0 == 0,
                     "\(features.count) feature values do not make whole rows of \(n0)")
        let rows = features.count / n0
        let workspace = reserveWorkspace(rows: rows)
        let multiplyAdds = features.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                architecture.forward(rows: rows, features: x.baseAddress.unsafelyUnwrapped,
                                     parameters: p.baseAddress.unsafelyUnwrapped, workspace: workspace)
            }
        }
        multiplyAddsPerformed += multiplyAdds
        return Array(UnsafeBufferPointer(start: workspace.activations[architecture.depth - 1], count: rows * nL))
    }

    /// Forward (and, with `backward`, reverse mode into `gradient`) on `rows` rows.
    /// - Returns: Σ_rows ℓ and the number of correct predictions.
    mutating func pass(rows: Int, features x: UnsafePointer<Double>, targets t: UnsafePointer<Double>,
                       workspace: Workspace, backward: Bool) -> (loss: Double, correct: Int) {
        precondition(rows >= 1 && rows <= workspace.capacity, "\(rows) rows for a workspace of \(workspace.capacity)")
        let architecture = architecture
        var multiplyAdds = 0
        var lossSum = 0.0
        var correct = 0
        parameters.withUnsafeBufferPointer { p in
            let p = p.baseAddress.unsafelyUnwrapped
            multiplyAdds += architecture.forward(rows: rows, features: x, parameters: p, workspace: workspace)
            lossSum = architecture.lossSum(rows: rows, targets: t, workspace: workspace, outputError: backward)
            correct = architecture.correctCount(rows: rows, targets: t, workspace: workspace)
            if backward {
                gradient.withUnsafeMutableBufferPointer { g in
                    multiplyAdds += architecture.backward(rows: rows, features: x, parameters: p,
                                                          gradient: g.baseAddress.unsafelyUnwrapped, workspace: workspace)
                }
            }
        }
        multiplyAddsPerformed += multiplyAdds
        return (lossSum, correct)
    }

    private func checkShape(of dataset: Dataset) {
        precondition(dataset.featureCount == architecture.inputCount && dataset.targetCount == architecture.outputCount,
                     "dataset with \(dataset.featureCount) features and \(dataset.targetCount) targets for layers \(architecture.layerSizes)")
    }
}
