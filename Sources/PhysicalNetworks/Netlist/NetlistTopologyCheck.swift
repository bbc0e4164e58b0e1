/// Checks that a flat netlist is solvable as a circuit: no dangling nodes, no floating nodes.
///
/// - A *dangling* node is a non-ground node touched by exactly one element terminal; it is
///   reported at that element.
/// - A *floating* node has no DC path to ground. DC paths go through resistors, voltage
///   sources, diodes and the output pair of a VCVS (E); not through capacitors, current
///   sources, CCCS outputs (F) or the E control pair, which carry no DC conductance. It is
///   reported at the first element (in file order) touching a floating node.
/// SPICE would fail on both (singular matrix) or silently return a meaningless voltage.
///
/// - Complexity: O(terminals · α(nodes)) with union-find.
public enum NetlistTopologyCheck {
    public static func check(_ netlist: Netlist) throws(NetlistError) {
        var terminalCount: [String: Int] = [:]
        for element in netlist.elements {
            for node in element.nodes where node != "0" { terminalCount[node, default: 0] += 1 }
        }
        for element in netlist.elements {
            for node in element.nodes where terminalCount[node] == 1 {
                throw NetlistError("node '\(node)' is dangling: only '\(element.name)' connects to it", at: element.location)
            }
        }

        var components = NodeSets()
        for element in netlist.elements {
            for node in element.nodes { components.add(node) }
            guard element.nodes.count >= 2 else { continue }
            switch element.kind {
            case .resistor, .voltageSource, .diode, .vcvs:
                components.union(element.nodes[0], element.nodes[1])
            case .capacitor, .currentSource, .cccs:
                continue
            }
        }
        components.add("0")
        let ground = components.root("0")
        for element in netlist.elements {
            if let node = element.nodes.first(where: { components.root($0) != ground }) {
                throw NetlistError("node '\(node)' has no DC path to ground (through R, V, D or E outputs)", at: element.location)
            }
        }
    }
}
