import Foundation
@testable import PhysicalNetworks

/// Processes emulated by threads, for testing data parallelism without MPI: `sum` waits for
/// every member, adds their buffers in rank order (the same bits for all) and hands the result
/// to each.
final class ThreadGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var deposits: [[Double]?]
    private var result: [Double] = []
    private var generation = 0
    private var arrived = 0

    init(size: Int) {
        self.size = size
        deposits = Array(repeating: nil, count: size)
    }

    func communicator(rank: Int) -> Member { Member(group: self, rank: rank) }

    fileprivate func sum(_ values: UnsafeMutableBufferPointer<Double>, rank: Int) {
        condition.lock()
        defer { condition.unlock() }
        let myGeneration = generation
        deposits[rank] = Array(values)
        arrived += 1
        if arrived == size {
            var total = deposits[0]!
            for r in 1..<size { for k in total.indices { total[k] += deposits[r]![k] } }
            result = total
            arrived = 0
            deposits = Array(repeating: nil, count: size)
            generation += 1
            condition.broadcast()
        } else {
            while generation == myGeneration { condition.wait() }
        }
        for k in values.indices { values[k] = result[k] }
    }

    final class Member: Communicator {
        let group: ThreadGroup
        let rank: Int
        init(group: ThreadGroup, rank: Int) {
            self.group = group
            self.rank = rank
        }
        var size: Int { group.size }
        func sum(_ values: UnsafeMutableBufferPointer<Double>) { group.sum(values, rank: rank) }
        func maximum(_ value: Double) -> Double {
            // Every member's value in its own slot; the sum of the slots lists them all.
            var slots = [Double](repeating: 0, count: group.size)
            slots[rank] = value
            slots.withUnsafeMutableBufferPointer { group.sum($0, rank: rank) }
            return slots.max()!
        }
        func barrier() {
            var nothing = [0.0]
            nothing.withUnsafeMutableBufferPointer { group.sum($0, rank: rank) }
        }
    }

    /// Runs `body(rank)` on `size` threads and returns their results in rank order.
    /// - Throws: `Hang` when they have not all finished after `timeout` seconds.
    func run<T>(timeout: Double = 300, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = ThreadResults<T>(size)
        let done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            Thread.detachNewThread {
                let result = Result { try body(rank) }
                results.lock.lock()
                results.values[rank] = result
                results.lock.unlock()
                done.leave()
            }
        }
        guard done.wait(timeout: .now() + timeout) == .success else { throw Hang() }
        return try results.values.map { try $0!.get() }
    }
}

/// The threads' results, each written once under the lock.
final class ThreadResults<T>: @unchecked Sendable {
    let lock = NSLock()
    var values: [Result<T, Error>?]
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
}

/// Threads of a `ThreadGroup` that did not finish: some wait in a collective operation for
/// another that never comes.
struct Hang: Error {}
