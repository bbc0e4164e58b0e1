extension OscillatorNetlist {
    /// The file text `OscillatorNetlistParser` reads back to this netlist (see `text(comments:)`).
    public var text: String { text(comments: []) }

    /// The file text `OscillatorNetlistParser` reads back to this netlist: title, `comments` as
    /// `*` lines, roles, `.drag` (when not 1), single oscillators, layers, lattices, elements.
    /// Numbers are written in full precision (shortest round-trip form); zero phases, a radius
    /// of 1 and the default drag are left out. Roles are shortened where that reads back the
    /// same: a whole layer or lattice in order by its name, a whole element's trainable
    /// parameters by the element's name, every parameter of a kind by `*.w`, `*.h`, `*.psi`, `*.k`.
    public func text(comments: [String]) -> String {
        var lines = [title.isEmpty ? "oscillator network" : title]
        lines += comments.map { $0.isEmpty ? "*" : "* " + $0 }
        var groups: [(name: String, members: [String])] = []
        for layer in layers { groups.append((layer.name, (0..<layer.count).map { Self.memberName(layer.name, $0 + 1) })) }
        for lattice in lattices {
            let sites = (0..<lattice.rows).flatMap { i in (0..<lattice.columns).map { Self.siteName(lattice.name, i + 1, $0 + 1) } }
            groups.append((lattice.name, sites))
        }
        lines += DirectiveLines.wrapped("*@ input", Self.shortened(roles.inputs, by: groups))
        lines += DirectiveLines.wrapped("*@ output", Self.shortened(roles.outputs, by: groups))
        if !roles.trainable.isEmpty { lines += DirectiveLines.wrapped("*@ train", shortenedTrainable()) }
        if let bounds = roles.bounds { lines.append("*@ bounds \(bounds.lowerBound) \(bounds.upperBound)") }
        if drag != 1 { lines.append(".drag \(drag)") }
        for oscillator in oscillators {
            lines.append("\(oscillator.isInput ? "input" : "osc") \(oscillator.name)" + (oscillator.phase != 0 ? " \(oscillator.phase)" : ""))
        }
        for layer in layers { lines.append("layer \(layer.name) \(layer.count)" + (layer.isInput ? " input" : "")) }
        for l in lattices {
            lines.append("lattice \(l.name) \(l.rows) \(l.columns) \(l.boundary.rawValue) \(l.strength)" + (l.radius != 1 ? " \(l.radius)" : ""))
        }
        for element in elements {
            switch element {
            case .couple(let name, let a, let b, let weight): lines.append("couple \(name) \(a) \(b) \(weight)")
            case .field(let name, let a, let strength, let phase): lines.append("field \(name) \(a) \(strength) \(phase)")
            case .lock(let name, let a, let strength): lines.append("lock \(name) \(a) \(strength)")
            case .omega(let name, let a, let frequency): lines.append("omega \(name) \(a) \(frequency)")
            case .dense(let name, let a, let b, .constant(let weight)): lines.append("dense \(name) \(a) \(b) \(weight)")
            case .dense(let name, let a, let b, .uniform(let scale, let seed)):
                lines.append("dense \(name) \(a) \(b) uniform \(scale) \(seed)")
            case .pair(let name, let a, let b, let weight): lines.append("pair \(name) \(a) \(b) \(weight)")
            }
        }
        lines.append(".end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The trainable names with a kind's wildcard, then an element's or lattice's name, standing
    /// for its parameters (when more than one) where they appear whole, contiguous and in order.
    private func shortenedTrainable() -> [String] {
        let parameters = OscillatorRoleReader.Parameters(parameterNames())
        var groups: [(name: String, members: [String])] = ["w", "h", "psi", "k"].compactMap { kind in
            let members = parameters.byKind[kind] ?? []
            return members.count > 1 ? ("*.\(kind)", members) : nil
        }
        for owner in parameters.owners {
            let trainable = (parameters.byOwner[owner] ?? []).filter {
                OscillatorRoleReader.trainableKinds.contains(OscillatorRoleReader.Parameters.split($0).kind)
            }
            if trainable.count > 1 { groups.append((owner, trainable)) }
        }
        return Self.shortened(roles.trainable, by: groups)
    }

    /// `names` with each group's members replaced by the group's name where they stand whole,
    /// contiguous and in order (so the parser, expanding the name, reads back the same list).
    private static func shortened(_ names: [String], by groups: [(name: String, members: [String])]) -> [String] {
        var names = names
        for group in groups where !group.members.isEmpty {
            guard let first = names.firstIndex(of: group.members[0]), first + group.members.count <= names.count,
                  names[first..<(first + group.members.count)].elementsEqual(group.members) else { continue }
            names.replaceSubrange(first..<(first + group.members.count), with: [group.name])
        }
        return names
    }
}
