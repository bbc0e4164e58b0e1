import Foundation

/// One growable scratch buffer of doubles behind a lock, shared by the copies of a family
/// (a `Sendable` value type whose evaluations need work arrays: `DensePhaseCoupling`,
/// `LatticePhaseCoupling`).
///
/// `withScratch` lends the buffer when it is free and holds enough (growing it otherwise,
/// which allocates); a caller that finds it lent to another thread gets a temporary
/// allocation instead, so concurrent evaluations never wait and never share scratch.
final class ScratchBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer: UnsafeMutablePointer<Double>
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        buffer = .allocate(capacity: self.capacity)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` with at least `count` doubles of scratch (contents unspecified).
    func withScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        guard lock.try() else {
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(count, 1)) { body($0.baseAddress!) }
        }
        defer { lock.unlock() }
        if count > capacity {
            buffer.deallocate()
            capacity = count
            buffer = .allocate(capacity: capacity)
        }
        return body(buffer)
    }

    /// The doubles held now (for tests of the no-regrowth promise).
    var heldCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return capacity
    }
}
