extension Dataset {
    /// A seeded random split into a training and a test set.
    ///
    /// The test set has `min(round(testFraction · count), count − 1)` rows (so the training set is
    /// never empty), chosen as the first rows of `Xoshiro256StarStar(seed: seed).permutation(count:)`.
    /// Both parts keep the file's row order; training shuffles per epoch anyway
    /// (`minibatches(size:epoch:seed:)`).
    /// - Parameters:
    ///   - testFraction: in [0, 1).
    ///   - seed: the same seed gives the same split on every platform.
    /// - Precondition: the dataset is not empty.
    public func split(testFraction: Double, seed: UInt64) -> (train: Dataset, test: Dataset) {
        precondition(testFraction >= 0 && testFraction < 1, "testFraction must be in [0, 1), got \(testFraction)")
        precondition(count > 0, "cannot split an empty dataset")
        let testCount = Swift.min(Int((testFraction * Double(count)).rounded()), count - 1)
        var generator = Xoshiro256StarStar(seed: seed)
        let order = generator.permutation(count: count)
        var isTest = [Bool](repeating: false, count: count)
        for row in order.prefix(testCount) { isTest[row] = true }
        let testRows = (0..<count).filter { isTest[$0] }
        let trainRows = (0..<count).filter { !isTest[$0] }
        return (subset(rows: trainRows), subset(rows: testRows))
    }

    /// The minibatches of one epoch: the rows in the order of
    /// `Xoshiro256StarStar(seed: seed, stream: epoch).permutation(count:)`, cut into consecutive
    /// batches of `size` rows; the last batch holds the remainder (it is kept, so every row is
    /// seen once per epoch).
    ///
    /// Each epoch's order depends only on `(seed, epoch)`, not on anything drawn before, so a run
    /// resumed at epoch k shuffles exactly as the uninterrupted run did.
    /// - Parameters:
    ///   - size: rows per batch, ≥ 1.
    ///   - epoch: epoch number (any value ≥ 0; 0 is the first epoch).
    public func minibatches(size: Int, epoch: Int, seed: UInt64) -> [ArraySlice<Int>] {
        precondition(size >= 1, "minibatch size must be at least 1, got \(size)")
        precondition(epoch >= 0, "epoch must be non-negative, got \(epoch)")
        var generator = Xoshiro256StarStar(seed: seed, stream: UInt64(epoch))
        let order = generator.permutation(count: count)
        return stride(from: 0, to: count, by: size).map { order[$0..<Swift.min($0 + size, count)] }
    }
}
