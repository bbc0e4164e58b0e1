/// Independent current sources: current i(t) (A) flows from the positive node through the
/// source to the negative node (SPICE's convention), i.e. it is injected into the negative node.
///
/// Energy: `E = Σ i (V_p − V_n)`, so `∂E/∂V_p = i` is the current leaving p. A nudge current
/// `I_o = −β ∂C/∂V_o` at an output is exactly such a term.
public struct CurrentSources: Interaction {
    public struct Source: Sendable {
        public var name: String
        public var positive: Int
        public var negative: Int
        public var signal: SourceSignal
        /// Index of the parameter that holds the DC value, for sources the data drives (the
        /// inputs of a learning network); nil when the DC value is `signal.dc`.
        public var dcParameter: Int?

        public init(name: String, positive: Int, negative: Int, signal: SourceSignal, dcParameter: Int? = nil) {
            self.name = name
            self.positive = positive
            self.negative = negative
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

    public var familyName: String { "current sources" }
    public var isReciprocal: Bool { true }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for row in 0..<states.rows {
            for s in sources {
                let current = s.value(drive, parameters: parameters)
                residual.addCurrent(current, from: s.positive, to: s.negative, row: row)
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] { [] }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {}

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for s in sources {
                energies[row] += s.value(drive, parameters: parameters) * (states[row, s.positive] - states[row, s.negative])
            }
        }
    }

    public var energySourceNames: [String] { sources.map(\.name) }

    /// Power delivered, `p = i (V_n − V_p)` (W): the current i is pushed into n against the
    /// voltage V_n − V_p across the source.
    public func addDeliveredPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        for row in 0..<states.rows {
            for (k, s) in sources.enumerated() {
                power[row * sources.count + k] += s.value(drive, parameters: parameters)
                    * (states[row, s.negative] - states[row, s.positive])
            }
        }
    }

    public func nextBreakpoint(after time: Double) -> Double? {
        sources.earliestBreakpoint(after: time) { $0.signal }
    }
}
