/// The energy of one update on the analog network beside what digital processors spend on the
/// same learning step: each `DigitalWorkload` priced by each `DigitalEnergyTable`, and the ratio
/// analog/digital per update, with every assumption kept beside the numbers.
public struct DigitalComparison: Sendable, Equatable {
    /// One priced workload.
    public struct Baseline: Sendable, Equatable {
        public var workload: DigitalWorkload
        public var table: DigitalEnergyTable
        public var energy: EnergyBreakdown

        public var name: String { "\(workload.name), \(table.name)" }
    }

    public var baselines: [Baseline]
    /// The analog network's energy per update (J).
    public var analogJoules: Double

    public init(analogJoules: Double, workloads: [DigitalWorkload], tables: [DigitalEnergyTable] = DigitalEnergyTable.defaults) {
        self.analogJoules = analogJoules
        baselines = workloads.flatMap { w in tables.map { Baseline(workload: w, table: $0, energy: w.energy($0)) } }
    }

    /// What the counts and tables assume.
    public var assumptions: [String] {
        var seen: [String] = []
        for baseline in baselines where !seen.contains(baseline.table.source) { seen.append(baseline.table.source) }
        return seen + [
            "operation counts: fp32, one multiply-add = one multiplication + one addition; Adam 12 operations and 7 words per weight",
            "memory: every word counted once per batch GEMM (perfect blocking, favours the digital side)",
        ]
    }

    /// `"digital"` and `"analog_digital_ratio"` of a run's summary.json.
    public var json: [(String, JSONValue)] {
        [
            ("digital", .object([
                ("baselines", .array(baselines.map { b in
                    .object([
                        ("name", .string(b.name)), ("joules", .number(b.energy.total)),
                        ("flops", .number(b.workload.flops)), ("bytes", .number(b.workload.bytes)),
                        ("parts", b.energy.json),
                    ])
                })),
                ("assumptions", .array(assumptions.map { .string($0) })),
            ])),
            ("analog_digital_ratio", .array(baselines.map {
                .object([("baseline", .string($0.name)), ("ratio", .number(analogJoules / $0.energy.total))])
            })),
        ]
    }
}
