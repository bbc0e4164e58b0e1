/// A flattened SPICE netlist: subcircuits expanded, parameters evaluated, values in SI units.
///
/// This is the parser's output and the circuit builder's input. Node names are lower-cased
/// (SPICE names are case-insensitive); ground is `"0"` (the alias `gnd` is mapped to it; as in
/// ngspice, `ground` is an ordinary node). Names inside an expanded subcircuit instance are hierarchical, as ngspice
/// prints nodes: internal node `a` of instance `x1` is `x1.a`, and element `r1` of that
/// instance is `x1.r1`.
public struct Netlist: Sendable {
    /// The first line of the file (SPICE's title line).
    public var title: String
    /// Every element, in file order, with subcircuit instances expanded in place.
    public var elements: [NetlistElement]
    /// Diode models by lower-cased name.
    public var diodeModels: [String: DiodeModelCard]
    /// `.options` as given (lower-cased keys), e.g. `reltol`, `abstol`, `vntol`, `gmin`, `temp`.
    public var options: [String: Double]
    /// `.ic v(node)=value` initial conditions (node name lower-cased).
    public var initialConditions: [String: Double]
    /// Analyses requested in the file.
    public var analyses: [Analysis]
    /// Learning roles read from `*@` directives.
    public var roles: LearningRoles
    /// The file the netlist came from.
    public var file: String

    public init(
        title: String, elements: [NetlistElement] = [], diodeModels: [String: DiodeModelCard] = [:],
        options: [String: Double] = [:], initialConditions: [String: Double] = [:],
        analyses: [Analysis] = [], roles: LearningRoles = LearningRoles(), file: String
    ) {
        self.title = title
        self.elements = elements
        self.diodeModels = diodeModels
        self.options = options
        self.initialConditions = initialConditions
        self.analyses = analyses
        self.roles = roles
        self.file = file
    }
}

/// One circuit element after flattening.
public struct NetlistElement: Sendable {
    /// Lower-cased full name, e.g. `r1` or `x1.r1` inside instance `x1`.
    public var name: String
    /// Lower-cased node names (hierarchical inside subcircuits; `"0"` is ground).
    public var nodes: [String]
    public var kind: Kind
    /// Where the element's card starts (for error messages at build time).
    public var location: SourceLocation

    public init(name: String, nodes: [String], kind: Kind, location: SourceLocation) {
        self.name = name
        self.nodes = nodes
        self.kind = kind
        self.location = location
    }

    public enum Kind: Sendable, Equatable {
        /// `Rxxx n+ n- value`: resistance in ohms.
        case resistor(ohms: Double)
        /// `Cxxx n+ n- value`: capacitance in farads.
        case capacitor(farads: Double)
        /// `Vxxx n+ n- [DC] value | PULSE(...) | PWL(...)`: volts.
        case voltageSource(SourceWaveform)
        /// `Ixxx n+ n- ...`: amperes flowing from n+ through the source to n-.
        case currentSource(SourceWaveform)
        /// `Dxxx anode cathode model [area=a]` (ngspice rejects a positional area).
        case diode(model: String, area: Double)
        /// `Exxx n+ n- nc+ nc- gain`: voltage-controlled voltage source (nodes has 4 entries).
        case vcvs(gain: Double)
        /// `Fxxx n+ n- vname gain`: current-controlled current source; `vname` is the
        /// (lower-cased, hierarchical) voltage source whose current controls it.
        case cccs(controllingSource: String, gain: Double)
    }
}

/// An independent source's value as a function of time, SPICE semantics.
public struct SourceWaveform: Sendable, Equatable {
    /// The DC value (`DC v`, or a bare value). When absent SPICE uses the waveform at t = 0.
    public var dc: Double?
    public var transient: Transient?

    public init(dc: Double?, transient: Transient? = nil) {
        self.dc = dc
        self.transient = transient
    }

    public enum Transient: Sendable, Equatable {
        /// `PULSE(v1 v2 td tr tf pw per)`. Missing trailing values are nil; SPICE fills
        /// tr, tf with TSTEP and pw, per with TSTOP of the analysis.
        case pulse(v1: Double, v2: Double, delay: Double?, rise: Double?, fall: Double?,
                   width: Double?, period: Double?)
        /// `PWL(t1 v1 t2 v2 ...)`: piecewise linear, constant after the last point.
        case pwl([(time: Double, value: Double)])

        public static func == (a: Transient, b: Transient) -> Bool {
            switch (a, b) {
            case let (.pulse(a1, a2, a3, a4, a5, a6, a7), .pulse(b1, b2, b3, b4, b5, b6, b7)):
                return a1 == b1 && a2 == b2 && a3 == b3 && a4 == b4 && a5 == b5 && a6 == b6
                    && a7 == b7
            case let (.pwl(p), .pwl(q)):
                return p.count == q.count
                    && zip(p, q).allSatisfy { $0.time == $1.time && $0.value == $1.value }
            default:
                return false
            }
        }
    }
}

/// `.model NAME D (IS=... N=... RS=...)`: SPICE diode parameters in SI units.
public struct DiodeModelCard: Sendable, Equatable {
    /// Saturation current IS (A). SPICE default 1e-14.
    public var saturationCurrent: Double = 1e-14
    /// Emission coefficient N. SPICE default 1.
    public var emissionCoefficient: Double = 1
    /// Ohmic series resistance RS (Ω). SPICE default 0.
    public var seriesResistance: Double = 0
    /// Where the card is (for errors about its values).
    public var location: SourceLocation

    public init(location: SourceLocation) { self.location = location }
}

/// An analysis card.
public enum Analysis: Sendable, Equatable {
    /// `.op`
    case operatingPoint
    /// `.tran tstep tstop [tstart [tmax]] [uic]`
    case transient(step: Double, stop: Double, start: Double, maxStep: Double?, useInitialConditions: Bool)
}

/// The learning roles a netlist declares in `*@` comment directives (ngspice ignores them).
public struct LearningRoles: Sendable, Equatable {
    /// `*@ input V1 V2`: independent sources the data drives (lower-cased names).
    public var inputs: [String] = []
    /// `*@ output y`: output nodes, voltages to ground (lower-cased names).
    public var outputs: [String] = []
    /// `*@ train R1 R2`: trainable resistors; parameter = conductance (S).
    public var trainable: [String] = []
    /// `*@ bounds gmin gmax`: conductance bounds (S) for trainable resistors, if given.
    public var conductanceBounds: ClosedRange<Double>? = nil

    public init() {}
}
