/// A netlist built into a network: the `Network` the solvers run, plus the names that map its
/// unknowns back to the file.
public struct Circuit: Sendable {
    /// The parsed, flattened netlist the circuit was built from.
    public var netlist: Netlist
    public var network: Network
    /// Node names as they appear in the file (ground excluded), in order of first appearance;
    /// node `nodeNames[k]` is unknown `k`.
    public var nodeNames: [String]

    /// The state at t = 0 of a transient: `.ic` node voltages, zero elsewhere.
    public var initialState: [Double] {
        var state = [Double](repeating: 0, count: network.dimension)
        for (node, volts) in netlist.initialConditions {
            if let index = nodeNames.firstIndex(of: node) { state[index] = volts }
        }
        return state
    }

    /// Node voltages of `state` by node name.
    public func nodeVoltages<C: Collection>(_ state: C) -> [(name: String, volts: Double)]
    where C.Element == Double, C.Index == Int {
        nodeNames.enumerated().map { (name: $0.element, volts: state[state.startIndex + $0.offset]) }
    }
}
