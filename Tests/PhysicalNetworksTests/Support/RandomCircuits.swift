/// Seeded random circuits written as SPICE netlists, for checking the library against ngspice.
///
/// Every circuit is valid and well posed by construction:
/// - a random spanning tree of resistors gives every node a DC path to ground, and further
///   resistors give every node at least two resistor terminals (no dangling nodes);
/// - voltage-defined branches (voltage sources, VCVS outputs, the 0 V ammeters that CCCSs sense)
///   form a forest together with ground, so they make no loop;
/// - the resistor tree crosses every cut, so current sources (independent or CCCS) form no cut set;
/// - diodes never join two nodes whose voltage difference a source fixes, so a resistor always
///   limits their current, and source levels of at most 1.5 V keep nodes within a few volts;
/// - with controlled sources the nodes are split into 2 or 3 layers (nodeCount ≥ 6; fewer nodes
///   get no controlled sources): passive elements and independent sources stay inside a layer,
///   and VCVSs/CCCSs sense one layer and drive a later one. Each layer is then a passive network
///   driven by the layers before it, so the DC solution is unique and the transient is stable
///   (feedback through controlled sources can make an RC circuit's dynamics grow without bound);
/// - with `.everyNode` capacitance the capacitors form a spanning forest rooted at ground, so the
///   capacitance matrix is nonsingular and the circuit is an ODE apart from source-fixed nodes.
///   With `.someNodes` some nodes touch no capacitor at all and the circuit is a DAE.
///   Capacitors may sit across voltage sources (capacitor–source loops, as on any driven input).
///
/// Node names are `n1`...`nN`, plus `s1`, `s2`, ... between a CCCS's sensed resistor and its
/// ammeter. Values are decimals written exactly (E24 preferred values for R and C), and every
/// draw uses `SplitMix64` and IEEE arithmetic only, so a seed gives the same text everywhere.
enum RandomCircuits {
    /// Which analysis cards a netlist ends with.
    struct Analyses: OptionSet, Sendable {
        let rawValue: Int
        /// `.op`
        static let operatingPoint = Analyses(rawValue: 1)
        /// `.tran step stop 0 maxStep` with the circuit's suggested stop time and maximum step.
        static let transient = Analyses(rawValue: 2)
    }

    /// Which nodes get capacitors.
    enum Capacitance: Sendable, Equatable {
        /// No capacitors: a purely algebraic circuit.
        case none
        /// Every node has capacitance to ground through a forest of capacitors: an ODE.
        case everyNode
        /// Only this fraction (0...1) of the nodes touches a capacitor: a DAE.
        case someNodes(fraction: Double)
    }

    /// The waveforms of independent sources (the `.op` analysis uses their value at t = 0).
    enum Stimulus: Sendable {
        /// DC levels; a transient then stays at the operating point.
        case constant
        /// Single trapezoidal pulses, rise and fall 1% of the stop time.
        case pulse
        /// Piecewise-linear ramps through 3 to 5 random points.
        case piecewiseLinear
        /// Each source picks one of the above at random.
        case mixed
    }

    /// The knobs of the generator; the defaults give a linear RC network with sources.
    struct Configuration: Sendable {
        /// Number of named nodes `n1`...`nN` besides ground (at least 2).
        var nodeCount = 24
        /// Resistances are E24 values in the decades 10^d...10^(d+1) Ω, d in this range.
        var resistanceDecades = 2...4
        /// Capacitances are E24 values in the decades 10^d...10^(d+1) F, d in this range.
        var capacitanceDecades = -10 ... -9
        var capacitance = Capacitance.everyNode
        /// About nodeCount/8 independent voltage sources, most to ground, levels within ±1.5 V.
        var includesVoltageSources = true
        /// About nodeCount/8 independent current sources, each driving about 1 V or less.
        var includesCurrentSources = true
        /// About nodeCount/4 diodes with the model card
        /// `.model dmod D (IS=1e-14 N=1.5 [RS=...])`.
        var includesDiodes = false
        /// The diodes' series resistance RS (Ω), or nil for an ideal Shockley diode.
        var diodeSeriesResistance: Double? = nil
        /// About nodeCount/10 VCVSs (`E`) and as many CCCSs (`F`), feeding forward between layers.
        var includesControlledSources = false
        var stimulus = Stimulus.pulse
        var analyses: Analyses = .operatingPoint

        init() {}
    }

    /// One generated circuit.
    struct Circuit: Sendable {
        let seed: UInt64
        /// The complete netlist: title line, model card, elements, analysis cards, `.end`.
        let netlist: String
        /// The non-ground node names, lower-case as ngspice reports them.
        let nodes: [String]
        /// The slowest time constant (s) of the linear RC part with voltage-defined branches
        /// shorted: the largest λ with G x = λ C x; 0 without capacitance.
        let slowestTimeConstant: Double
        /// A stop time (s) of at least five slowest time constants (1 µs without capacitance),
        /// rounded up to two significant digits; the source waveforms are timed within it.
        let suggestedStopTime: Double
        /// A maximum time step (s) of a thousandth of the stop time: dense enough output to
        /// interpolate onto a grid (see `Ngspice.resample(_:onto:)`).
        let suggestedMaximumStep: Double
    }

    /// The circuit for a seed; the same seed and configuration always give the same text.
    static func circuit(seed: UInt64, configuration: Configuration = Configuration()) -> Circuit {
        var builder = Builder(seed: seed, configuration: configuration)
        builder.addResistiveTree()
        builder.addVoltageSources()
        builder.addVoltageControlledVoltageSources()
        builder.addDiodes()
        builder.addCapacitors()
        let linear = builder.linearNetwork()
        builder.addCurrentSources(linear)
        builder.addCurrentControlledCurrentSources(linear)
        let tau = linear.slowestTimeConstant()
        let stopTime = tau > 0 ? SpiceNumber.roundedUp(5 * tau) : SpiceNumber(mantissa: 1, exponent: -6)
        return builder.circuit(seed: seed, slowestTimeConstant: tau, stopTime: stopTime)
    }
}
