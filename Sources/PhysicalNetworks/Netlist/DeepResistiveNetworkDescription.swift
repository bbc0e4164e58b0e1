/// A deep resistive network (DRN) described compactly: layer sizes, amplifier gain, rectifier
/// biases, diode model, conductance initialization and bounds. `DeepResistiveNetworkBuilder`
/// expands it into a flat `Netlist`; `DeepResistiveNetworkDescription.parse` reads it from a
/// `.drn` file (see docs/drn.md).
///
/// The circuit follows Kendall et al. 2020 (PHYSICS.md §2): differential inputs (x, −x),
/// trainable resistors between consecutive layers, a bidirectional rectifier (two diodes to
/// bias sources) on every hidden node, bidirectional amplifiers (VCVS gain A forward, CCCS 1/A
/// backward) after every hidden layer, outputs read as pair differences.
public struct DeepResistiveNetworkDescription: Sendable, Equatable {
    /// How the classes are read out.
    public enum OutputEncoding: String, Sendable, Equatable {
        /// Two nodes per class, read as `V(y_k⁺) − V(y_k⁻)` (`*@ output` lists the pairs).
        case differential
        /// One node per class, its voltage to ground.
        case single
    }

    /// Input features, hidden units of each hidden layer, output classes (at least 2 entries).
    public var layers: [Int]
    /// Forward voltage gain A of the bidirectional amplifiers; nil: no amplifiers (each hidden
    /// node drives the next layer's resistors directly, and the network is reciprocal).
    public var gain: Double? = 4
    /// Bias of the upper rectifier diode's cathode (V).
    public var biasHigh = 0.3
    /// Bias of the lower rectifier diode's anode (V).
    public var biasLow = -0.7
    /// Saturation current IS (A) of the rectifier diodes.
    public var diodeSaturationCurrent = 1e-14
    /// Emission coefficient N of the rectifier diodes.
    public var diodeEmissionCoefficient = 1.0
    /// Ohmic series resistance RS (Ω) of the rectifier diodes.
    public var diodeSeriesResistance = 0.0
    /// Ideal rectifier diodes (`diode = ideal`): zero drop on, no current off, so each hidden
    /// node is clipped to [biasLow, biasHigh] (S24f). Only the layered solver
    /// (`ResistiveLayers`) models them; they have no SPICE expansion.
    public var idealDiodes = false
    /// Initial conductances (S) are drawn uniformly from this range.
    public var initialConductances: ClosedRange<Double> = 10e-6...100e-6
    /// Seed of the conductance draw.
    public var seed: UInt64 = 1
    /// Conductance bounds (S) of every trainable resistor (`*@ bounds`).
    public var bounds: ClosedRange<Double> = 1e-6...1e-3
    /// Capacitance (F) from every hidden and output node to ground.
    public var capacitance = 1e-9
    /// Resistance (Ω) of each wire segment of the crossbars (nil: ideal wires). The expanded
    /// circuit then lays every block out as a crossbar of row and column lines
    /// (`DeepResistiveNetworkBuilder`); the layered solver has no wires and refuses it.
    public var wireResistance: Double?
    public var output = OutputEncoding.differential
    /// DC values x of the input features (source pairs at x and −x); zeros when not given.
    public var inputs: [Double]
    /// The file it came from, and where each key was given (for the expanded elements).
    public var file: String
    public var location: SourceLocation

    public init(layers: [Int], file: String = "drn") {
        precondition(layers.count >= 2 && layers.allSatisfy { $0 > 0 }, "layers must be ≥ 2 positive sizes, got \(layers)")
        self.layers = layers
        self.inputs = [Double](repeating: 0, count: layers[0])
        self.file = file
        self.location = SourceLocation(file: file, line: 1, column: 1)
    }
}
