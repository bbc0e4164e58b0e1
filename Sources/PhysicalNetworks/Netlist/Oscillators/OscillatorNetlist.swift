/// An oscillator network file (docs/oscillators.md), parsed: phase oscillators — free ones and
/// clamped inputs, singly or in layers and lattices — the element cards that couple them, and
/// the learning roles of its `*@` directives. `network()` builds the `Network`.
///
/// Every name is lower-case (the file is case-insensitive, like a SPICE netlist). Oscillators
/// of a layer `h` of n are named `h_1 … h_n`; sites of a lattice `s` of L1 × L2 are `s_I_J`
/// (1-based row I, column J), row-major.
public struct OscillatorNetlist: Sendable, Equatable {
    /// A single oscillator (`osc NAME [PHASE]` or `input NAME [PHASE]`).
    public struct Oscillator: Sendable, Equatable {
        public var name: String
        /// The initial phase of a free oscillator, the fixed phase of an input that no
        /// `*@ input` role drives (a bias), or a driven input's value before data arrives (rad).
        public var phase: Double
        /// A clamped oscillator (its phase is a parameter, never an unknown).
        public var isInput: Bool

        public init(name: String, phase: Double = 0, isInput: Bool = false) {
            self.name = name
            self.phase = phase
            self.isInput = isInput
        }
    }

    /// `layer NAME COUNT [input]`: COUNT oscillators `NAME_1 … NAME_COUNT` at phase 0.
    public struct Layer: Sendable, Equatable {
        public var name: String
        public var count: Int
        public var isInput: Bool

        public init(name: String, count: Int, isInput: Bool = false) {
            self.name = name
            self.count = count
            self.isInput = isInput
        }
    }

    /// `lattice NAME ROWS COLUMNS periodic|open K [RADIUS]`: free oscillators `NAME_I_J` on an
    /// L1 × L2 grid with the translation-invariant coupling K(r) = K for 0 < |r| ≤ RADIUS
    /// (Euclidean, in lattice spacings; default 1, nearest neighbours), 0 otherwise — every
    /// K(r) a parameter `NAME.k_D1_D2` (displacements, may be negative), trainable.
    public struct Lattice: Sendable, Equatable {
        public enum Boundary: String, Sendable, Equatable { case periodic, open }
        public var name: String
        public var rows: Int
        public var columns: Int
        public var boundary: Boundary
        public var strength: Double
        public var radius: Double

        public init(name: String, rows: Int, columns: Int, boundary: Boundary, strength: Double, radius: Double = 1) {
            self.name = name
            self.rows = rows
            self.columns = columns
            self.boundary = boundary
            self.strength = strength
            self.radius = radius
        }
    }

    /// How a dense block's weights start.
    public enum Initialization: Sendable, Equatable {
        /// Every weight equal (J).
        case constant(Double)
        /// Independent uniform draws in [−scale, scale] from a seeded generator.
        case uniform(scale: Double, seed: UInt64)
    }

    /// One element card. `a`, `b` name oscillators (single ones, layer members `h_3` or lattice
    /// sites `s_1_2`); `layerA`, `layerB` name layers or lattices.
    public enum Element: Sendable, Equatable {
        /// `couple NAME A B W`: −W cos(φ_A − φ_B) (J); at most one end an input. Parameter `NAME.w`.
        case couple(name: String, a: String, b: String, weight: Double)
        /// `field NAME A H PSI`: −H cos(φ_A − PSI) on a free A. Parameters `NAME.h` (J), `NAME.psi` (rad).
        case field(name: String, oscillator: String, strength: Double, phase: Double)
        /// `lock NAME A K`: second-harmonic injection −K cos 2φ_A on a free A. Parameter `NAME.k` (J).
        case lock(name: String, oscillator: String, strength: Double)
        /// `omega NAME A W`: natural frequency W (rad/s) of a free A, a non-gradient drift.
        /// Parameter `NAME.omega`.
        case omega(name: String, oscillator: String, frequency: Double)
        /// `dense NAME A B INIT`: every member of layer A coupled to every member of layer B
        /// (A may be an input layer, B not). Parameters `NAME.w_I_J` (1-based, row-major).
        case dense(name: String, layerA: String, layerB: String, initialization: Initialization)
        /// `pair NAME A B W`: member k of layer A coupled to member k of layer B (equal sizes,
        /// A may be an input layer), each with its own weight `NAME.w_K`, starting at W.
        case pair(name: String, layerA: String, layerB: String, weight: Double)
    }

    /// The `*@` roles, by name.
    public struct Roles: Sendable, Equatable {
        /// Input oscillators whose phases the data sets, in data-column order (layers expanded).
        public var inputs: [String] = []
        /// Output oscillators, in data-column order (layers expanded).
        public var outputs: [String] = []
        /// Trainable parameter names (patterns expanded), in file order.
        public var trainable: [String] = []
        /// Bounds of every trainable parameter, if given (`*@ bounds LOW HIGH`).
        public var bounds: ClosedRange<Double>?

        public init() {}
    }

    /// The file as named by the user (for messages).
    public var file: String
    public var title: String
    /// γ of every free oscillator (`.drag`, J·s/rad², default 1).
    public var drag: Double
    /// Single oscillators, in file order.
    public var oscillators: [Oscillator]
    public var layers: [Layer]
    public var lattices: [Lattice]
    public var elements: [Element]
    public var roles: Roles

    public init(file: String, title: String, drag: Double = 1, oscillators: [Oscillator] = [], layers: [Layer] = [],
                lattices: [Lattice] = [], elements: [Element] = [], roles: Roles = Roles()) {
        self.file = file
        self.title = title
        self.drag = drag
        self.oscillators = oscillators
        self.layers = layers
        self.lattices = lattices
        self.elements = elements
        self.roles = roles
    }
}
