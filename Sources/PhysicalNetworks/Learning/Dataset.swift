/// A table of examples for supervised training: each row has `featureCount` input values and
/// `targetCount` target values (Double, in the units of the network's inputs and outputs, e.g.
/// volts).
///
/// Storage is row-major and contiguous, like the state batches the network relaxes: row r's
/// features are `features[r·featureCount ..< (r+1)·featureCount]`, and likewise for targets.
public struct Dataset: Equatable, Sendable {
    /// Names of the feature columns, in order.
    public let featureNames: [String]
    /// Names of the target columns, in order.
    public let targetNames: [String]
    /// Row-major `count × featureCount` feature values.
    public let features: [Double]
    /// Row-major `count × targetCount` target values.
    public let targets: [Double]

    /// - Precondition: the value arrays hold whole rows, the same number of rows each.
    public init(featureNames: [String], targetNames: [String], features: [Double], targets: [Double]) {
        precondition(!featureNames.isEmpty && !targetNames.isEmpty,
                     "a dataset needs at least one feature and one target column, got \(featureNames.count) and \(targetNames.count)")
        precondition(features.count % featureNames.count == 0 && targets.count % targetNames.count == 0
                     && features.count / featureNames.count == targets.count / targetNames.count,
                     "dataset shapes disagree: \(features.count) feature values for \(featureNames.count) columns, \(targets.count) target values for \(targetNames.count) columns")
        self.featureNames = featureNames
        self.targetNames = targetNames
        self.features = features
        self.targets = targets
    }

    /// Number of rows (examples).
    public var count: Int { features.count / featureCount }
    public var isEmpty: Bool { features.isEmpty }
    public var featureCount: Int { featureNames.count }
    public var targetCount: Int { targetNames.count }

    /// The feature values of one row.
    public func features(ofRow row: Int) -> ArraySlice<Double> {
        precondition(row >= 0 && row < count, "row \(row) outside 0..<\(count)")
        return features[(row * featureCount)..<((row + 1) * featureCount)]
    }

    /// The target values of one row.
    public func targets(ofRow row: Int) -> ArraySlice<Double> {
        precondition(row >= 0 && row < count, "row \(row) outside 0..<\(count)")
        return targets[(row * targetCount)..<((row + 1) * targetCount)]
    }

    /// The dataset made of `rows`, in that order (rows may repeat).
    public func subset(rows: some Collection<Int>) -> Dataset {
        var selectedFeatures: [Double] = []
        var selectedTargets: [Double] = []
        selectedFeatures.reserveCapacity(rows.count * featureCount)
        selectedTargets.reserveCapacity(rows.count * targetCount)
        for row in rows {
            selectedFeatures += features(ofRow: row)
            selectedTargets += targets(ofRow: row)
        }
        return Dataset(featureNames: featureNames, targetNames: targetNames,
                       features: selectedFeatures, targets: selectedTargets)
    }

    /// Copies the given rows into row-major batch buffers (`rows.count × featureCount` and
    /// `rows.count × targetCount`), e.g. a minibatch about to be clamped onto a network.
    /// - Complexity: O(rows · columns), no allocation when the buffers are large enough.
    public func gather(rows: some Collection<Int>, features batchFeatures: UnsafeMutableBufferPointer<Double>,
                       targets batchTargets: UnsafeMutableBufferPointer<Double>) {
        precondition(batchFeatures.count >= rows.count * featureCount && batchTargets.count >= rows.count * targetCount,
                     "gather: buffers of \(batchFeatures.count) and \(batchTargets.count) values are too small for \(rows.count) rows")
        var b = 0
        for row in rows {
            precondition(row >= 0 && row < count, "row \(row) outside 0..<\(count)")
            for j in 0..<featureCount { batchFeatures[b * featureCount + j] = features[row * featureCount + j] }
            for j in 0..<targetCount { batchTargets[b * targetCount + j] = targets[row * targetCount + j] }
            b += 1
        }
    }
}
