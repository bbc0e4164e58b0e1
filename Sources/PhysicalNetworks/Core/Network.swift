/// A physical network as a value: its unknowns, its element families, one flat parameter
/// vector (each family holds offsets into it) and the roles the learning layer needs.
///
/// Dynamics: `M dx/dt + F(x, t) = 0` with `F = Σ_families residual` and `M = Σ mass`.
/// Ground is not an unknown; it is the clamped reference (`Unknown.ground`).
public struct Network: Sendable {
    /// The state layout: node voltages, then internal nodes and branch currents.
    public var unknowns: [Unknown]
    /// The element families.
    public var interactions: [any Interaction]
    /// Every element value that a family reads from the flat vector (conductances in S,
    /// capacitances in F), in the order `parameterNames` gives.
    public var parameters: [Double]
    /// What each parameter is, e.g. `"r1"` (conductance of R1) or `"c3"`.
    public var parameterNames: [String]
    /// Learning roles.
    public var roles: Roles

    public init(
        unknowns: [Unknown], interactions: [any Interaction], parameters: [Double],
        parameterNames: [String], roles: Roles = Roles()
    ) {
        precondition(parameters.count == parameterNames.count,
                     "\(parameters.count) parameters but \(parameterNames.count) names")
        self.unknowns = unknowns
        self.interactions = interactions
        self.parameters = parameters
        self.parameterNames = parameterNames
        self.roles = roles
    }

    /// Number of unknowns n (the width of a state row).
    public var dimension: Int { unknowns.count }

    /// Where relaxations start when not told otherwise: the rest geometry of a mechanical
    /// network (nil: the zero state, a circuit's uncharged capacitors).
    public var startingState: [Double]? {
        didSet {
            precondition(startingState.map { $0.count == dimension } ?? true,
                         "a starting state needs \(dimension) entries, got \(startingState?.count ?? 0)")
        }
    }

    /// True when every family derives from an energy, so relaxation is gradient flow and EP
    /// estimates true gradients. EP on a non-gradient network is allowed and reported as such.
    public var isGradientSystem: Bool { interactions.allSatisfy(\.isReciprocal) }

    /// The index of unknown `name` (lower-cased), if any.
    public func unknownIndex(named name: String) -> Int? {
        unknowns.firstIndex { $0.name == name }
    }

    /// The learning roles of a network.
    public struct Roles: Sendable, Equatable {
        /// Names of the independent sources that data drives.
        public var inputs: [String]
        /// For each input, the parameter holding its DC value (V or A).
        public var inputParameters: [Int]
        /// Unknown indices of output nodes (voltages to ground).
        public var outputs: [Int]
        /// Indices into `parameters` of the trainable ones.
        public var trainable: [Int]
        /// Bounds on trainable parameters, if any.
        public var bounds: ClosedRange<Double>?
        /// Bounds per trainable parameter, in `trainable` order, when they differ by kind (a
        /// spring's stiffness and rest length); empty: `bounds` for all.
        public var trainableBounds: [ClosedRange<Double>]

        public init(inputs: [String] = [], inputParameters: [Int] = [], outputs: [Int] = [],
                    trainable: [Int] = [], bounds: ClosedRange<Double>? = nil,
                    trainableBounds: [ClosedRange<Double>] = []) {
            self.inputs = inputs
            self.inputParameters = inputParameters
            self.outputs = outputs
            self.trainable = trainable
            self.bounds = bounds
            self.trainableBounds = trainableBounds
        }
    }
}
