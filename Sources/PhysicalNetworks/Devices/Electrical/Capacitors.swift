/// Linear capacitors between any two nodes; they contribute only mass.
///
/// Charge `q = C (V_a − V_b)`; the current leaving a is `C d(V_a − V_b)/dt`, so each capacitor
/// adds `[[C, −C], [−C, C]]` to the mass matrix M of `M dx/dt + F(x) = 0`. Energy stored
/// `½ C ΔV²` is not part of the co-content E (it does not shape the equilibrium).
public struct Capacitors: MassOnlyInteraction {
    /// Terminal nodes of each capacitor.
    public let terminals: [(a: Int, b: Int)]
    /// Index of the first capacitance (F) in the parameter vector.
    public let parameterOffset: Int

    public init(terminals: [(a: Int, b: Int)], parameterOffset: Int) {
        self.terminals = terminals
        self.parameterOffset = parameterOffset
    }

    public var familyName: String { "capacitors" }
    public func massEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for t in terminals { Stamp.declareConductance(t.a, t.b, into: &entries) }
        return entries
    }

    public func addMass(
        parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for (e, t) in terminals.enumerated() {
            Stamp.addConductance(parameters[parameterOffset + e], t.a, t.b,
                                 values: values, slots: slots, cursor: &cursor)
        }
    }

    /// Boltzmann noise: one source per capacitor, `√(2T C)` across it.
    public func noiseSourceCount(_ model: NoiseModel) -> Int { model == .boltzmann ? terminals.count : 0 }

    public func addNoise(_ model: NoiseModel, temperature: Double, normals: UnsafeBufferPointer<Double>,
                         parameters: UnsafeBufferPointer<Double>, into force: UnsafeMutableBufferPointer<Double>) {
        guard model == .boltzmann else { return }
        for (e, t) in terminals.enumerated() {
            addAcross((2 * temperature * parameters[parameterOffset + e]).squareRoot() * normals[e], t.a, t.b, into: force)
        }
    }
}
