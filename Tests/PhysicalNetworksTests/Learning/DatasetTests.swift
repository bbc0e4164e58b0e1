import XCTest
@testable import PhysicalNetworks

final class DatasetTests: XCTestCase {
    /// Row r has features (r, 10 r) and target −r, so every row is recognizable.
    private func numbered(_ count: Int) -> Dataset {
        Dataset(featureNames: ["a", "b"], targetNames: ["y"],
                features: (0..<count).flatMap { [Double($0), Double(10 * $0)] },
                targets: (0..<count).map { -Double($0) })
    }

    func testSubsetAndGather() {
        let data = numbered(5)
        let picked = data.subset(rows: [4, 1, 1])
        XCTAssertEqual(picked.features, [4, 40, 1, 10, 1, 10])
        XCTAssertEqual(picked.targets, [-4, -1, -1])
        var features = [Double](repeating: .nan, count: 6)
        var targets = [Double](repeating: .nan, count: 3)
        features.withUnsafeMutableBufferPointer { f in
            targets.withUnsafeMutableBufferPointer { t in data.gather(rows: [3, 0], features: f, targets: t) }
        }
        XCTAssertEqual(Array(features[..<4]), [3, 30, 0, 0])
        XCTAssertEqual(Array(targets[..<2]), [-3, 0])
        XCTAssertTrue(features[4].isNaN)
    }

    func testSplitIsSeededDisjointAndComplete() {
        let data = numbered(10)
        let (train, test) = data.split(testFraction: 0.3, seed: 42)
        XCTAssertEqual(test.count, 3)
        XCTAssertEqual(train.count, 7)
        // Xoshiro256StarStar(seed: 42).permutation(count: 10) starts 7, 3, 8 (see its tests);
        // both parts keep file order.
        XCTAssertEqual(test.targets, [-3, -7, -8])
        XCTAssertEqual(Set(train.targets + test.targets), Set((0..<10).map { -Double($0) }))
        XCTAssertEqual(data.split(testFraction: 0.3, seed: 42).test, test)
        XCTAssertNotEqual(data.split(testFraction: 0.3, seed: 43).test, test)
    }

    func testSplitEdgeCases() {
        XCTAssertEqual(numbered(10).split(testFraction: 0, seed: 1).test.count, 0)
        XCTAssertEqual(numbered(10).split(testFraction: 0, seed: 1).train, numbered(10))
        XCTAssertEqual(numbered(10).split(testFraction: 0.25, seed: 1).test.count, 3)  // round(2.5) = 3
        let tiny = numbered(2).split(testFraction: 0.9, seed: 1)
        XCTAssertEqual(tiny.train.count, 1)  // the training set is never empty
        XCTAssertEqual(tiny.test.count, 1)
    }

    func testMinibatchesCoverEveryRowOncePerEpoch() {
        let data = numbered(10)
        let batches = data.minibatches(size: 4, epoch: 0, seed: 9)
        XCTAssertEqual(batches.map(\.count), [4, 4, 2])
        XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<10))
        XCTAssertEqual(data.minibatches(size: 4, epoch: 0, seed: 9).map(Array.init), batches.map(Array.init))
        XCTAssertNotEqual(data.minibatches(size: 10, epoch: 1, seed: 9)[0], batches.flatMap { $0 }[...])
        // Epoch k's order is stream k of the seed, so a resumed run reproduces it.
        var stream = Xoshiro256StarStar(seed: 9, stream: 5)
        XCTAssertEqual(Array(data.minibatches(size: 3, epoch: 5, seed: 9).joined()), stream.permutation(count: 10))
        XCTAssertEqual(data.minibatches(size: 20, epoch: 0, seed: 9).count, 1)
    }
}
