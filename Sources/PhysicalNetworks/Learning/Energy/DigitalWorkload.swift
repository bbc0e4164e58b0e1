/// The arithmetic and memory traffic of one training update done by a digital processor, in
/// fp32: multiplications, additions and bytes moved, and what they cost under a
/// `DigitalEnergyTable`.
///
/// Two workloads per network of layer sizes n₀ … n_L (P = Σ n_{l−1} n_l weights) and batch B:
///
/// - **Backpropagation through the MLP of the same sizes** (`MultilayerPerceptron.FLOPCount`):
///   B(3P − n₀n₁) multiply-adds; Adam's update, 12 operations per weight (6 multiplications,
///   6 additions, square root and division priced as one of each); memory: the weights read in
///   the forward and backward GEMMs (2P − n₀n₁ words), the gradient written (P), Adam reading
///   weight, gradient and both moments and writing three of them back (7P), and per sample the
///   input read and every unit's activation written, read back and its error written
///   (n₀ + 3 Σ_{l≥1} n_l words).
/// - **EP emulated digitally** (the block coordinate descent of `ResistiveLayersSolver`, as this
///   emulator runs it): the input drive V₀G₀ once per sample (n₀n₁ multiply-adds), then per sweep
///   and sample 2(P − n₀n₁) multiply-adds (every block read from below and from above) and
///   per node a division and a clip; each measured phase one GEMM of P multiply-adds per sample
///   plus the P additions of the row and column terms; Adam as above. Memory per sweep: every
///   weight twice (2(P − n₀n₁) words per batch) and each node's voltage and drive written and
///   read (4 Σ_{l≥1} n_l words per sample); per measurement P words read and written.
///
/// Every count is of fp32 words (4 bytes); a word read from cache once per batch GEMM is counted
/// once (the GEMM's blocking is assumed perfect), which favours the digital side.
public struct DigitalWorkload: Sendable, Equatable {
    public var name: String
    public var multiplications: Double
    public var additions: Double
    public var bytes: Double

    public init(name: String, multiplications: Double, additions: Double, bytes: Double) {
        self.name = name
        self.multiplications = multiplications
        self.additions = additions
        self.bytes = bytes
    }

    /// FLOPs: multiplications plus additions.
    public var flops: Double { multiplications + additions }

    /// The energy of this workload under `table`: arithmetic and memory parts.
    public func energy(_ table: DigitalEnergyTable) -> EnergyBreakdown {
        EnergyBreakdown([
            .init(name: "arithmetic", joules: multiplications * table.multiply + additions * table.add),
            .init(name: "memory", joules: bytes * table.memoryPerByte),
        ])
    }

    /// Adam's 12 operations per weight, as 6 multiplications and 6 additions, and its 7P words.
    static func adam(weights p: Double) -> (multiplications: Double, additions: Double, words: Double) {
        (6 * p, 6 * p, 7 * p)
    }

    /// The digital controller's share of one analog EP update of P devices: reading the 2P
    /// measurements (2P words), forming each contrast and its scale (P additions, P
    /// multiplications), the optimizer (Adam as in the baselines; SGD with momentum: 2P
    /// multiplications, 2P additions, 3P words) and each device's pulse count (one division,
    /// priced as a multiplication, and the write of the count: P words).
    public static func controller(devices p: Int, optimizer: TrainingConfiguration.OptimizerKind) -> DigitalWorkload {
        let weights = Double(p)
        let step = optimizer == .adam ? adam(weights: weights)
            : (multiplications: 2 * weights, additions: 2 * weights, words: 3 * weights)
        return DigitalWorkload(name: "EP controller (\(optimizer.rawValue))",
                               multiplications: 2 * weights + step.multiplications,
                               additions: weights + step.additions, bytes: 4 * (3 * weights + step.words))
    }

    /// One backpropagation update of the MLP of `layerSizes` on a batch of `batchSize`.
    public static func backpropagation(layerSizes: [Int], batchSize: Int) -> DigitalWorkload {
        let count = MultilayerPerceptron.FLOPCount(layerSizes: layerSizes)
        let p = Double(count.weightCount), b = Double(batchSize)
        let first = Double(layerSizes[0] * layerSizes[1])
        let macs = Double(count.multiplyAddsPerUpdate(batchSize: batchSize))
        let adam = adam(weights: p)
        let units = Double(layerSizes.dropFirst().reduce(0, +))
        let words = (2 * p - first) + p + adam.words + b * (Double(layerSizes[0]) + 3 * units)
        return DigitalWorkload(name: "backpropagation, MLP \(layerSizes.map(String.init).joined(separator: "-"))",
                               multiplications: macs + adam.multiplications, additions: macs + adam.additions,
                               bytes: 4 * words)
    }

    /// One EP update emulated digitally by block coordinate descent on a network with
    /// `nodeCounts` per layer: `freeSweeps` sweeps for the free phase and `nudgedSweeps` in all
    /// nudged phases together, `measuredPhases` measurements, per batch of `batchSize`.
    public static func emulatedEP(nodeCounts: [Int], batchSize: Int, freeSweeps: Double, nudgedSweeps: Double,
                                  measuredPhases: Int) -> DigitalWorkload {
        let p = Double(zip(nodeCounts.dropLast(), nodeCounts.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 })
        let b = Double(batchSize), first = Double(nodeCounts[0] * nodeCounts[1])
        let nodes = Double(nodeCounts.dropFirst().reduce(0, +))
        let sweeps = freeSweeps + nudgedSweeps, measured = Double(measuredPhases)
        let relaxMACs = b * (first + sweeps * 2 * (p - first))
        let measureMACs = b * measured * p
        let adam = adam(weights: p)
        let multiplications = relaxMACs + measureMACs + b * sweeps * nodes + adam.multiplications
        let additions = relaxMACs + measureMACs + measured * p + b * sweeps * nodes + adam.additions
        let words = first + sweeps * (2 * (p - first) + b * 4 * nodes) + measured * 2 * p + adam.words
        return DigitalWorkload(name: "EP emulated digitally, \(nodeCounts.map(String.init).joined(separator: "-")) nodes",
                               multiplications: multiplications, additions: additions, bytes: 4 * words)
    }
}
