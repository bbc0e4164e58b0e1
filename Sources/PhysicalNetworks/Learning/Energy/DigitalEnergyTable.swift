/// What a digital processor spends per operation, to turn counted operations into joules.
/// Every figure carries its source, printed beside the energies it produces.
public struct DigitalEnergyTable: Sendable, Equatable, Codable {
    /// A short name ("45 nm (Horowitz 2014)").
    public var name: String
    /// Energy of one fp32 multiplication (J).
    public var multiply: Double
    /// Energy of one fp32 addition (J).
    public var add: Double
    /// Energy of moving one byte between memory and the arithmetic (J); zero when `multiply`
    /// and `add` already include it (board power over peak throughput).
    public var memoryPerByte: Double
    /// Where the figures come from, and what they assume.
    public var source: String

    public init(name: String, multiply: Double, add: Double, memoryPerByte: Double, source: String) {
        self.name = name
        self.multiply = multiply
        self.add = add
        self.memoryPerByte = memoryPerByte
        self.source = source
    }

    /// 45 nm, 0.9 V (M. Horowitz, "Computing's energy problem (and what we can do about it)",
    /// ISSCC 2014; PHYSICS.md §7): fp32 multiply 3.7 pJ, add 0.9 pJ, a 32-bit load from an
    /// 8 kB cache about 5 pJ (1.25 pJ per byte). Every access is priced as a cache hit: DRAM
    /// (≈ 640 pJ per 32-bit word in the same table) would make the digital side far costlier.
    public static let horowitz45nm = DigitalEnergyTable(
        name: "45 nm (Horowitz 2014)", multiply: 3.7e-12, add: 0.9e-12, memoryPerByte: 5e-12 / 4,
        source: "Horowitz, ISSCC 2014, 45 nm: fp32 mult 3.7 pJ, fp32 add 0.9 pJ, 32-bit cache load 5 pJ; "
            + "every memory access priced as a cache hit (no DRAM)")

    /// NVIDIA H100 SXM at peak: 700 W board power over 67 TFLOP/s of fp32 (NVIDIA H100 Tensor
    /// Core GPU datasheet) → 10.4 pJ per FLOP, memory and everything else on the board included.
    /// A lower bound for these networks: small GEMMs run far below peak throughput, at nearly
    /// the same power.
    public static let h100 = DigitalEnergyTable(
        name: "H100 SXM at fp32 peak", multiply: 700 / 67e12, add: 700 / 67e12, memoryPerByte: 0,
        source: "NVIDIA H100 SXM datasheet: 700 W at 67 TFLOP/s fp32 → 10.4 pJ/FLOP, board power covers memory; "
            + "assumes peak utilization (a lower bound)")

    /// The tables a run compares with unless told otherwise.
    public static let defaults = [horowitz45nm, h100]
}
