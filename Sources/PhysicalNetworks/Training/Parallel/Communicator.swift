/// The processes a training run is spread over (data parallelism: every process holds the whole
/// network and relaxes its share of each minibatch) and the collective operations they combine
/// their results with. `SingleProcess` is the one-process case; the `nudge` executable built
/// with MPI (`make mpi`) provides one over `MPI_COMM_WORLD`.
///
/// Every operation is collective: each process must call it, in the same order, with buffers
/// of the same length.
public protocol Communicator: AnyObject {
    /// This process's index, 0 ..< `size`.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Replaces `values` on every process by their element-wise sum over the processes, the same
    /// bits on every process (so that parameters updated from it stay bit-identical).
    func sum(_ values: UnsafeMutableBufferPointer<Double>)
    /// The largest of `value` over the processes (+∞ if any is +∞).
    func maximum(_ value: Double) -> Double
    /// Waits until every process has called it.
    func barrier()
}

extension Communicator {
    /// Whether this process writes the run's files (rank 0).
    public var isRoot: Bool { rank == 0 }

    /// This process's share of `count` items split into `size` contiguous shares as equal as
    /// possible (the first `count % size` processes take one more).
    public func share(of count: Int) -> Range<Int> {
        let base = count / size, extra = count % size
        let start = rank * base + min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }

    /// `sum` of an array.
    public func sum(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { sum($0) }
    }
}

/// One process: every collective operation leaves its data as it is.
public final class SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func sum(_ values: UnsafeMutableBufferPointer<Double>) {}
    public func maximum(_ value: Double) -> Double { value }
    public func barrier() {}
}
