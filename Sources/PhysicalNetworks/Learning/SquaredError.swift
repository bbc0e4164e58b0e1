/// Squared error on output voltages, `C = ½ Σ_o (V_o − y_o)²` (V²).
///
/// Nudged, it injects `I_o = −β (V_o − y_o)` into each output: a conductance β to a source at
/// y_o (Scellier 2024, where the same term enters the coordinate step). Linear, reciprocal.
///
/// Energy ledger: in a circuit the nudge is a source, delivering `Σ_o I_o V_o` (W); on a network
/// whose energy is a potential (springs, distance sensors: `nudgeIsPotential`) it is the
/// potential `βC` of a spring to the target, whose change a ledger counts as stored.
public struct SquaredError: Cost {
    /// Output unknowns (node voltages).
    public let outputs: [Int]
    public let betaParameter: Int
    public let targetOffset: Int
    public var targetCount: Int { outputs.count }

    /// A prediction counts as correct when every output is within this distance of its target
    /// (V); for two target levels, half their separation makes it "closer to the right level".
    public var correctWithin: Double
    /// Whether βC is a stored potential (mechanical outputs) rather than the work of an injected
    /// current (circuits).
    public var nudgeIsPotential: Bool

    public init(outputs: [Int], betaParameter: Int, targetOffset: Int, correctWithin: Double = 0.5,
                nudgeIsPotential: Bool = false) {
        self.outputs = outputs
        self.betaParameter = betaParameter
        self.targetOffset = targetOffset
        self.correctWithin = correctWithin
        self.nudgeIsPotential = nudgeIsPotential
    }

    public var storesEnergy: Bool { nudgeIsPotential }
    public var energySourceNames: [String] { nudgeIsPotential ? [] : ["nudge"] }

    /// `Σ_o I_o V_o = −β Σ_o (V_o − y_o) V_o`, the power the nudge currents deliver.
    public func addDeliveredPower(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into power: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        guard beta != 0, !nudgeIsPotential else { return }
        for row in 0..<states.rows {
            for (k, o) in outputs.enumerated() {
                power[row] -= beta * (states[row, o] - parameters[targetOffset + k]) * states[row, o]
            }
        }
    }

    public var familyName: String { "squared-error cost" }
    public var isReciprocal: Bool { true }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        let beta = parameters[betaParameter]
        guard beta != 0 else { return }
        for row in 0..<states.rows {
            for (k, o) in outputs.enumerated() {
                residual.add(beta * (states[row, o] - parameters[targetOffset + k]), row: row, column: o)
            }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for o in outputs { Stamp.declare(row: o, column: o, into: &entries) }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        let beta = parameters[betaParameter]
        for o in outputs { Stamp.add(beta, row: o, column: o, values: values, slots: slots, cursor: &cursor) }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        guard beta != 0 else { return }
        for row in 0..<states.rows {
            for (k, o) in outputs.enumerated() {
                let error = states[row, o] - parameters[targetOffset + k]
                energies[row] += 0.5 * beta * error * error
            }
        }
    }

    /// `∂(βC)/∂β = C` and `∂(βC)/∂y_o = −β (V_o − y_o)`, summed over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        let beta = parameters[betaParameter]
        for row in 0..<states.rows {
            for (k, o) in outputs.enumerated() {
                let error = states[row, o] - parameters[targetOffset + k]
                gradient[betaParameter] += 0.5 * error * error
                gradient[targetOffset + k] -= beta * error
            }
        }
    }

    public func cost(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for (k, o) in outputs.enumerated() {
            let error = state[o] - parameters[targetOffset + k]
            sum += 0.5 * error * error
        }
        return sum
    }

    public func addCostGradient(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                into gradient: UnsafeMutableBufferPointer<Double>) {
        for (k, o) in outputs.enumerated() { gradient[o] += state[o] - parameters[targetOffset + k] }
    }

    /// Correct when every output is within `correctWithin` of its target.
    public func isCorrect(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Bool {
        for (k, o) in outputs.enumerated() where abs(state[o] - parameters[targetOffset + k]) >= correctWithin {
            return false
        }
        return true
    }
}
