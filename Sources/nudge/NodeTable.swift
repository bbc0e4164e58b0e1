/// Plain-text output shared by the commands: a header of `label value` lines, then one aligned
/// `node volts` row per node.
enum NodeTable {
    static func render(header: [(String, String)], nodes: [(name: String, volts: Double)]) -> String {
        let labelWidth = header.map(\.0.count).max() ?? 0
        let nodeWidth = max(4, nodes.map(\.name.count).max() ?? 0)
        var lines = header.map { pad($0.0, labelWidth) + "  " + $0.1 }
        lines.append("")
        lines.append(pad("node", nodeWidth) + "  volts")
        lines += nodes.map { pad($0.name, nodeWidth) + "  \($0.volts)" }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
    }
}
