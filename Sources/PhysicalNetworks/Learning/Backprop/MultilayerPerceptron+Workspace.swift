extension MultilayerPerceptron {
    /// The buffers of one forward/backward pass over up to `capacity` rows, allocated once and
    /// reused: per layer l = 1…L the pre-activations Z_l, activations A_l and errors δ_l
    /// (each capacity × n_l, row-major), and a gathered minibatch (features and targets).
    final class Workspace {
        let capacity: Int
        let preActivations: [UnsafeMutablePointer<Double>]
        let activations: [UnsafeMutablePointer<Double>]
        let errors: [UnsafeMutablePointer<Double>]
        let batchFeatures: UnsafeMutableBufferPointer<Double>
        let batchTargets: UnsafeMutableBufferPointer<Double>

        init(layerSizes: [Int], capacity: Int) {
            precondition(capacity >= 1, "workspace capacity must be at least 1 row, got \(capacity)")
            self.capacity = capacity
            let widths = layerSizes.dropFirst()
            preActivations = widths.map { UnsafeMutablePointer<Double>.allocate(capacity: capacity * $0) }
            activations = widths.map { UnsafeMutablePointer<Double>.allocate(capacity: capacity * $0) }
            errors = widths.map { UnsafeMutablePointer<Double>.allocate(capacity: capacity * $0) }
            batchFeatures = .allocate(capacity: capacity * layerSizes[0])
            batchTargets = .allocate(capacity: capacity * layerSizes[layerSizes.count - 1])
            for (index, width) in widths.enumerated() {
                preActivations[index].initialize(repeating: 0, count: capacity * width)
                activations[index].initialize(repeating: 0, count: capacity * width)
                errors[index].initialize(repeating: 0, count: capacity * width)
            }
            batchFeatures.initialize(repeating: 0)
            batchTargets.initialize(repeating: 0)
        }

        deinit {
            for buffer in preActivations + activations + errors { buffer.deallocate() }
            batchFeatures.deallocate()
            batchTargets.deallocate()
        }
    }

    /// A workspace of this network alone (copy-on-write: a copy of the network gets its own on
    /// first use) with room for `rows` rows; replaced only when `rows` exceeds its capacity.
    mutating func reserveWorkspace(rows: Int) -> Workspace {
        if isKnownUniquelyReferenced(&workspace), let current = workspace, current.capacity >= rows {
            return current
        }
        let capacity = Swift.max(rows, workspace?.capacity ?? 0)
        let fresh = Workspace(layerSizes: layerSizes, capacity: capacity)
        workspace = fresh
        return fresh
    }
}
