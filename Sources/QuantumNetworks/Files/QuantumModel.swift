import PhysicalNetworks

/// A quantum network as a model file describes it (docs/quantum.md): either spins with Ising,
/// XX, YY, field and transverse-field terms, or harmonic modes with springs and forces — every
/// term a named parameter — and the learning roles. `QuantumModelParser` reads it; the
/// builders turn it into a Hamiltonian.
public struct QuantumModel: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case spins, modes
    }

    /// What a term is, on which degrees of freedom (indices into `sites`; −1 is ground for a
    /// spring).
    public enum Operator: Sendable, Equatable {
        /// −J Z_a Z_b, −J X_a X_b, −J Y_a Y_b.
        case zz(Int, Int), xx(Int, Int), yy(Int, Int)
        /// −h Z_a, −Γ X_a.
        case field(Int), transverse(Int)
        /// (k/2)(x_a − x_b)², b = −1 for a spring to its rest position at 0.
        case spring(Int, Int)
        /// −f x_a.
        case force(Int)
    }

    public struct Term: Sendable, Equatable {
        public var name: String
        public var kind: Operator
        public var value: Double
        public var location: SourceLocation
    }

    public struct Site: Sendable, Equatable {
        public var name: String
        /// A mode's mass (1 for spins, where it means nothing).
        public var mass: Double
        public var location: SourceLocation
    }

    public struct Roles: Sendable, Equatable {
        /// Terms whose values are the data's inputs, in order.
        public var inputs: [String] = []
        /// Output sites, in order (cost ½ Σ (Z_o − y_o)² or ½ Σ (x_o − y_o)²).
        public var outputs: [String] = []
        /// Trainable terms; nil: every term that is not an input.
        public var trainable: [String]?
        /// The eigenstate trained (0: ground state).
        public var state = 0
        /// The spins' cost operator.
        public var cost = CostKind.squaredError
    }

    /// `*@ cost squared` (½ Σ (Z_o − y_o)², `SpinSquaredError`) or `*@ cost projector`
    /// (1 − Π (1 + y_o Z_o)/2, `SpinProjectorCost`).
    public enum CostKind: String, Sendable, Equatable {
        case squaredError = "squared"
        case projector
    }

    public var file: String
    public var title: String
    public var kind: Kind
    public var sites: [Site]
    public var terms: [Term]
    public var roles = Roles()

    /// The trainable terms' names (explicit, or every non-input term).
    public var trainableNames: [String] {
        roles.trainable ?? terms.map(\.name).filter { !roles.inputs.contains($0) }
    }

    /// Index of the site named `name`.
    public func siteIndex(_ name: String) -> Int? { sites.firstIndex { $0.name == name } }
}
