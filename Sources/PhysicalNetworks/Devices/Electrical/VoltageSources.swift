/// Independent voltage sources, each with a branch-current unknown (modified nodal analysis).
///
/// Branch equation: `V_p − V_n − v(t) = 0` (V). KCL: the branch current i (A) leaves p and
/// enters n, i.e. it flows from p through the source to n (SPICE's sign: a source delivering
/// power has i < 0). A voltage source is a constraint, not an energy term; inputs of a learning
/// network are clamped through it. Its `energy` is the constraint's Lagrangian
/// `i (V_p − V_n − v(t))`, zero on every state that satisfies the constraint, whose gradient is
/// exactly the residual above (so the family is reciprocal, as `Interaction` defines it).
public struct VoltageSources: Interaction {
    public struct Source: Sendable {
        public var name: String
        public var positive: Int
        public var negative: Int
        /// Index of the branch-current unknown.
        public var branch: Int
        public var signal: SourceSignal
        /// Index of the parameter that holds the DC value, for sources the data drives (the
        /// inputs of a learning network); nil when the DC value is `signal.dc`.
        public var dcParameter: Int?

        public init(name: String, positive: Int, negative: Int, branch: Int, signal: SourceSignal, dcParameter: Int? = nil) {
            self.name = name
            self.positive = positive
            self.negative = negative
            self.branch = branch
            self.signal = signal
            self.dcParameter = dcParameter
        }

        /// The source's value under `drive`.
        @inlinable
        func value(_ drive: Drive, parameters: UnsafeBufferPointer<Double>) -> Double {
            signal.value(drive, dc: dcParameter.map { parameters[$0] } ?? signal.dc)
        }
    }

    public var sources: [Source]

    public init(sources: [Source]) { self.sources = sources }

    public var familyName: String { "voltage sources" }
    public var isReciprocal: Bool { true }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for row in 0..<states.rows {
            for s in sources {
                let current = states[row, s.branch]
                residual.addCurrent(current, from: s.positive, to: s.negative, row: row)
                residual.add(states[row, s.positive] - states[row, s.negative] - s.value(drive, parameters: parameters),
                             row: row, column: s.branch)
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for s in sources { Stamp.declareBranch(s.positive, s.negative, branch: s.branch, into: &entries) }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for s in sources {
            Stamp.addBranch(s.positive, s.negative, branch: s.branch, values: values, slots: slots, cursor: &cursor)
        }
    }

    /// Adds the Lagrangian `i (V_p − V_n − v)` of each source: ∂/∂V_p = i, ∂/∂V_n = −i and
    /// ∂/∂i = V_p − V_n − v, the KCL and branch rows of `addResidual`.
    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for s in sources {
                let violation = states[row, s.positive] - states[row, s.negative] - s.value(drive, parameters: parameters)
                energies[row] += states[row, s.branch] * violation
            }
        }
    }

    public var energySourceNames: [String] { sources.map(\.name) }

    /// Power delivered, `p = −i (V_p − V_n)` (W): the branch current i flows from p through the
    /// source to n, so a source driving current out of its positive terminal (i < 0) delivers.
    /// On a state that satisfies the branch equation, `V_p − V_n = v(t)`.
    public func addDeliveredPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for (k, s) in sources.enumerated() {
                power[row * sources.count + k] -= states[row, s.branch] * (states[row, s.positive] - states[row, s.negative])
            }
        }
    }

    public func nextBreakpoint(after time: Double) -> Double? {
        sources.earliestBreakpoint(after: time) { $0.signal }
    }
}
