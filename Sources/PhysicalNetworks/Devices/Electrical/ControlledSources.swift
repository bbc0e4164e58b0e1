/// Voltage-controlled voltage sources (SPICE `E`): `V_p − V_n = A (V_cp − V_cn)`, with a
/// branch-current unknown flowing from p through the element to n.
///
/// Non-reciprocal: the forward gain of a bidirectional amplifier has no energy, so a network
/// containing one is not a gradient system.
public struct VoltageControlledVoltageSources: Interaction {
    public struct Source: Sendable {
        public var name: String
        public var positive, negative, controlPositive, controlNegative, branch: Int
        /// Voltage gain A (dimensionless).
        public var gain: Double

        public init(name: String, positive: Int, negative: Int, controlPositive: Int,
                    controlNegative: Int, branch: Int, gain: Double) {
            self.name = name
            self.positive = positive
            self.negative = negative
            self.controlPositive = controlPositive
            self.controlNegative = controlNegative
            self.branch = branch
            self.gain = gain
        }
    }

    public var sources: [Source]

    public init(sources: [Source]) { self.sources = sources }

    public var familyName: String { "voltage-controlled voltage sources" }
    public var isReciprocal: Bool { false }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for row in 0..<states.rows {
            for s in sources {
                let current = states[row, s.branch]
                residual.addCurrent(current, from: s.positive, to: s.negative, row: row)
                let control = states[row, s.controlPositive] - states[row, s.controlNegative]
                residual.add(states[row, s.positive] - states[row, s.negative] - s.gain * control,
                             row: row, column: s.branch)
            }
        }
    }

    public var energySourceNames: [String] { sources.map(\.name) }

    /// Power delivered from the amplifier's supply, `p = −i (V_p − V_n)` (W), i the branch
    /// current from p through the element to n.
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

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for s in sources {
            Stamp.declareBranch(s.positive, s.negative, branch: s.branch, into: &entries)
            Stamp.declare(row: s.branch, column: s.controlPositive, into: &entries)
            Stamp.declare(row: s.branch, column: s.controlNegative, into: &entries)
        }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for s in sources {
            Stamp.addBranch(s.positive, s.negative, branch: s.branch, values: values, slots: slots, cursor: &cursor)
            Stamp.add(-s.gain, row: s.branch, column: s.controlPositive, values: values, slots: slots, cursor: &cursor)
            Stamp.add(s.gain, row: s.branch, column: s.controlNegative, values: values, slots: slots, cursor: &cursor)
        }
    }
}

/// Current-controlled current sources (SPICE `F`): a current `k · i_c` flows from p through the
/// element to n, where `i_c` is the branch current of a voltage source. Non-reciprocal (the
/// backward path of a bidirectional amplifier).
public struct CurrentControlledCurrentSources: Interaction {
    public struct Source: Sendable {
        public var name: String
        public var positive, negative: Int
        /// Branch-current unknown of the controlling voltage source.
        public var controlBranch: Int
        /// Current gain k (dimensionless).
        public var gain: Double

        public init(name: String, positive: Int, negative: Int, controlBranch: Int, gain: Double) {
            self.name = name
            self.positive = positive
            self.negative = negative
            self.controlBranch = controlBranch
            self.gain = gain
        }
    }

    public var sources: [Source]

    public init(sources: [Source]) { self.sources = sources }

    public var familyName: String { "current-controlled current sources" }
    public var isReciprocal: Bool { false }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for row in 0..<states.rows {
            for s in sources {
                let current = s.gain * states[row, s.controlBranch]
                residual.addCurrent(current, from: s.positive, to: s.negative, row: row)
            }
        }
    }

    public var energySourceNames: [String] { sources.map(\.name) }

    /// Power delivered from the amplifier's supply, `p = k i_c (V_n − V_p)` (W): the current
    /// k i_c is pushed into n against the voltage across the element.
    public func addDeliveredPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for (k, s) in sources.enumerated() {
                power[row * sources.count + k] += s.gain * states[row, s.controlBranch]
                    * (states[row, s.negative] - states[row, s.positive])
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for s in sources {
            Stamp.declare(row: s.positive, column: s.controlBranch, into: &entries)
            Stamp.declare(row: s.negative, column: s.controlBranch, into: &entries)
        }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for s in sources {
            Stamp.add(s.gain, row: s.positive, column: s.controlBranch, values: values, slots: slots, cursor: &cursor)
            Stamp.add(-s.gain, row: s.negative, column: s.controlBranch, values: values, slots: slots, cursor: &cursor)
        }
    }
}
