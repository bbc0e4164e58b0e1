import PhysicalNetworks

/// Imaginary-time evolution as a network family, so that the project's relaxation — the same
/// `relax(_:state:…)` and integrators that settle circuits, springs and oscillators — relaxes a
/// quantum state to its ground state (PHYSICS.md §6: "imaginary time, the quantum analogue of
/// relaxation"). The unknowns are the 2ⁿ real amplitudes ψ, each with unit mass, and the
/// residual is
///
///     F(ψ) = (H − ⟨H⟩_ψ) ψ,   ⟨H⟩_ψ = ψᵀHψ / ψᵀψ,   so  dψ/dτ = −F(ψ)
///
/// — the normalized flow ψ(τ) ∝ e^{−τH}ψ₀ (the shift keeps ‖ψ‖ constant along the exact flow),
/// whose steady states are the eigenvectors and whose only stable one is the ground state;
/// ‖F‖² is the energy variance. The Jacobian, dense, is declared by its diagonal only, set to 1
/// (`hasCompleteJacobian` false, so EP-style relaxation uses an explicit integrator): the
/// steady-state test then asks |F_i| ≤ rel·|ψ_i| + abs of every amplitude.
///
/// `@unchecked Sendable`: the operator and the scratch vector are read and written by one
/// relaxation at a time (a `NetworkEquations` is not thread-safe either).
public struct ImaginaryTimeFlow: Interaction, @unchecked Sendable {
    public let hamiltonian: any QuantumOperator
    private let scratch: Scratch

    final class Scratch {
        let values: UnsafeMutableBufferPointer<Double>
        init(_ count: Int) {
            values = .allocate(capacity: count)
            values.initialize(repeating: 0)
        }
        deinit { values.deallocate() }
    }

    public init(hamiltonian: any QuantumOperator) {
        self.hamiltonian = hamiltonian
        scratch = Scratch(hamiltonian.dimension)
    }

    public var familyName: String { "imaginary-time flow" }
    public var isReciprocal: Bool { false }
    public var isLinear: Bool { false }
    public var hasCompleteJacobian: Bool { false }

    public func addResidual(_ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                            into residual: MutableStateBatch) {
        let n = hamiltonian.dimension
        let image = scratch.values
        for row in 0..<states.rows {
            let psi = states.row(row)
            hamiltonian.apply(psi, into: image)
            var energy = 0.0, norm = 0.0
            for i in 0..<n {
                energy += psi[i] * image[i]
                norm += psi[i] * psi[i]
            }
            let shift = norm > 0 ? energy / norm : 0
            for i in 0..<n { residual.add(image[i] - shift * psi[i], row: row, column: i) }
        }
    }

    public func jacobianEntries() -> [MatrixEntry] { (0..<hamiltonian.dimension).map { MatrixEntry(row: $0, column: $0) } }

    public func addJacobian(_ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
                            into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>) {
        for slot in slots { values[slot] += 1 }
    }

    public func massEntries() -> [MatrixEntry] { (0..<hamiltonian.dimension).map { MatrixEntry(row: $0, column: $0) } }

    public func addMass(parameters: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>,
                        slots: UnsafeBufferPointer<Int>) {
        for slot in slots { values[slot] += 1 }
    }
}

/// The ground state by relaxing the imaginary-time flow with one of the project's integrators
/// (Dormand–Prince 5(4) by default, adaptive steps): the network of `ImaginaryTimeFlow` started
/// from `start`, settled when every |F_i| ≤ tolerance, then normalized.
public enum ImaginaryTimeRelaxation {
    public struct Result: Sendable {
        public var state: [Double]
        public var energy: Double
        /// ⟨H²⟩ − ⟨H⟩² of the normalized state.
        public var variance: Double
        public var report: RelaxationReport
    }

    public static func groundState(of hamiltonian: any QuantumOperator, from start: [Double], tolerance: Double = 1e-10,
                                   maxTime: Double = 1e6, using integrator: some Integrator = DormandPrince()) -> Result {
        let n = hamiltonian.dimension
        precondition(start.count == n, "a start of \(start.count) amplitudes for dimension \(n)")
        let network = Network(unknowns: (0..<n).map { Unknown(name: "psi\($0)", kind: .coordinate) },
                              interactions: [ImaginaryTimeFlow(hamiltonian: hamiltonian)],
                              parameters: [], parameterNames: [])
        let equations = NetworkEquations(network: network)
        let norm = start.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var state = start.map { $0 / norm }
        let report = relax(equations, state: &state, steadyState: SteadyStateTest(relative: 0, absolute: tolerance),
                           maxTime: maxTime, using: integrator)
        let length = state.reduce(0) { $0 + $1 * $1 }.squareRoot()
        state = state.map { $0 / length }
        var image = [Double](repeating: 0, count: n)
        state.withUnsafeBufferPointer { x in image.withUnsafeMutableBufferPointer { hamiltonian.apply(x, into: $0) } }
        let energy = zip(state, image).reduce(0) { $0 + $1.0 * $1.1 }
        let variance = zip(state, image).reduce(0) { $0 + ($1.1 - energy * $1.0) * ($1.1 - energy * $1.0) }
        return Result(state: state, energy: energy, variance: variance, report: report)
    }
}
