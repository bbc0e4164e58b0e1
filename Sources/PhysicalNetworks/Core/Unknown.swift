/// One entry of a network's state vector.
///
/// Circuits are built by modified nodal analysis (MNA): the state holds the voltage of every
/// non-ground node (V) and the current through every voltage-defined branch (A) — voltage
/// sources and VCVS outputs — exactly as SPICE orders them. Ground is not an unknown: it is the
/// fixed, clamped reference node, written as index `Unknown.ground` (-1) in element lists.
public struct Unknown: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A node voltage to ground, in volts.
        case nodeVoltage
        /// A node created inside a device model (e.g. behind a diode's series resistance).
        case internalNode
        /// The current through a voltage-defined branch, in amperes, flowing from the
        /// branch's positive node through the element to its negative node.
        case branchCurrent
        /// One Cartesian coordinate of a node of a mechanical network, in metres.
        case coordinate
        /// The phase of an oscillator, in radians: defined modulo 2π (states are reported
        /// wrapped into (−π, π], see `Network.wrapPhases`).
        case phase
    }

    /// The index used for the ground node in element lists.
    public static let ground = -1

    /// Lower-cased name: the node name, or the element name for a branch current.
    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}
