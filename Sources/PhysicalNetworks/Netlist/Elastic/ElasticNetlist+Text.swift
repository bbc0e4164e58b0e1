extension ElasticNetlist {
    /// The file text `ElasticNetlistParser` reads back to this netlist: title, settings, nodes,
    /// bonds (every rest length written), sensors, roles. Numbers are written in full precision
    /// (shortest round-trip form). `comments` become `*` lines after the title.
    public func text(comments: [String] = []) -> String {
        var lines = [title.isEmpty ? "elastic network" : title]
        lines += comments.map { $0.isEmpty ? "*" : "* " + $0 }
        if !roles.inputs.isEmpty { lines.append("*@ input " + roles.inputs.joined(separator: " ")) }
        if !roles.outputs.isEmpty { lines.append("*@ output " + roles.outputs.joined(separator: " ")) }
        lines += DirectiveLines.wrapped("*@ train", compactTrainable())
        if roles.stiffnessBounds != 0...Double.infinity { lines.append("*@ bounds k " + Self.bounds(roles.stiffnessBounds)) }
        if roles.restLengthBounds != 0...Double.infinity { lines.append("*@ bounds l " + Self.bounds(roles.restLengthBounds)) }
        lines.append(".dimension \(elastic.dimension)")
        if elastic.drag != 1 { lines.append(".drag \(elastic.drag)") }
        if sensorStiffness != Self.defaultSensorStiffness { lines.append(".sensor \(sensorStiffness)") }
        for node in elastic.nodes {
            let coordinates = (0..<elastic.dimension).map { "\(node.position[$0])" }.joined(separator: " ")
            lines.append("node \(node.name) \(coordinates)" + (node.pinned ? " pinned" : ""))
        }
        for bond in elastic.bonds {
            let a = elastic.nodes[bond.a].name, b = elastic.nodes[bond.b].name
            lines.append("bond \(bond.name) \(a) \(b) \(bond.stiffness) \(bond.restLength)")
        }
        for sensor in sensors {
            lines.append("sensor \(sensor.name) \(elastic.nodes[sensor.a].name) \(elastic.nodes[sensor.b].name)")
        }
        lines.append(".end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The trainable names, with `*.k` / `*.l` standing for every non-input bond when they all are.
    private func compactTrainable() -> [String] {
        let inputs = Set(roles.inputs)
        var names = roles.trainable
        for field in ["k", "l"] {
            let all = elastic.bonds.filter { !inputs.contains($0.name) }.map { "\($0.name).\(field)" }
            let trained = Set(names)
            let wildcard = Set(all)
            // In file order only when the bonds are listed contiguously and in order (so the
            // file reads back to the same trainable order).
            if !all.isEmpty, all.allSatisfy(trained.contains),
               let first = names.firstIndex(of: all[0]), Array(names[first..<min(first + all.count, names.count)]) == all {
                names.removeAll { wildcard.contains($0) }
                names.insert("*.\(field)", at: first)
            }
        }
        return names
    }

    private static func bounds(_ range: ClosedRange<Double>) -> String {
        "\(range.lowerBound) " + (range.upperBound.isInfinite ? "inf" : "\(range.upperBound)")
    }
}
