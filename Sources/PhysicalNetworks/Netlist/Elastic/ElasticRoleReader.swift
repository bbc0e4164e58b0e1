/// Reads the `*@` learning roles of an elastic network file:
///
///     *@ input BOND ...            bonds whose rest length (m) the data drives: imposed strains
///     *@ output SENSOR|NODE.AXIS   distance sensors or free nodes' coordinates (axis x, y, z)
///     *@ train BOND.k BOND.l ...   trainable parameters; *.k and *.l name every non-input bond
///     *@ bounds k|l LOW HIGH       bounds of trainable stiffnesses (N/m) or rest lengths (m);
///                                  by default k ≥ 0 and ℓ ≥ 0
///
/// A name listed twice, a name of the wrong kind, and an input's rest length trained are errors.
enum ElasticRoleReader {
    static func roles(from cards: [NetlistCard], in netlist: ElasticNetlist) throws(NetlistError) -> ElasticNetlist.Roles {
        var roles = ElasticNetlist.Roles()
        let bonds = Set(netlist.elastic.bonds.map(\.name))
        let sensors = Set(netlist.sensors.map(\.name))
        var trainLocations: [String: SourceLocation] = [:]
        var boundsGiven: Set<String> = []
        // The input bonds, wherever their directive stands: a wildcard names every other bond.
        let inputBonds = Set(cards.filter { $0.tokens.first?.isWord("input") == true }
            .flatMap { $0.tokens.dropFirst().map(\.text) })
        for card in cards {
            guard let directive = card.tokens.first else {
                throw NetlistError("empty learning directive (expected input, output, train or bounds)", at: card.location)
            }
            let arguments = card.tokens.dropFirst()
            guard !arguments.isEmpty else {
                throw NetlistError("'*@ \(directive.text)' needs at least one name", at: directive.location)
            }
            switch directive.text {
            case "input":
                for token in arguments {
                    guard bonds.contains(token.text) else {
                        throw NetlistError("'*@ input' names '\(token.original)', which is not a bond "
                                           + "(an input is a bond whose rest length the data sets)", at: token.location)
                    }
                    try append(token, to: &roles.inputs)
                }
            case "output":
                for token in arguments {
                    try checkOutput(token, sensors: sensors, in: netlist)
                    try append(token, to: &roles.outputs)
                }
            case "train":
                for token in arguments {
                    let names = try trainableNames(token, bonds: bonds, inputs: inputBonds, in: netlist)
                    for name in names {
                        guard trainLocations[name] == nil else {
                            throw NetlistError("'\(name)' is already trainable", at: token.location)
                        }
                        trainLocations[name] = token.location
                        roles.trainable.append(name)
                    }
                }
            case "bounds":
                guard arguments.count == 3, let kind = arguments.first else {
                    throw NetlistError("'*@ bounds' takes k or l and two values LOW HIGH", at: directive.location)
                }
                guard kind.isWord("k") || kind.isWord("l") else {
                    throw NetlistError("'*@ bounds' applies to k or l, not '\(kind.original)'", at: kind.location)
                }
                guard boundsGiven.insert(kind.text).inserted else {
                    throw NetlistError("bounds of \(kind.text) given twice", at: kind.location)
                }
                let low = arguments[arguments.startIndex + 1], high = arguments[arguments.startIndex + 2]
                let lower = try ElasticNetlistParser.number(low, "a lower bound")
                let upper = high.isWord("inf") ? Double.infinity : try ElasticNetlistParser.number(high, "an upper bound")
                guard lower >= 0 else { throw NetlistError("the lower bound must not be negative, got \(low.original)", at: low.location) }
                guard upper > lower else { throw NetlistError("HIGH must exceed LOW, got \(high.original)", at: high.location) }
                if kind.isWord("k") { roles.stiffnessBounds = lower...upper } else { roles.restLengthBounds = lower...upper }
            default:
                throw NetlistError("unknown learning directive '\(directive.original)' (expected input, output, train or bounds)",
                                   at: directive.location)
            }
        }
        for input in roles.inputs {
            if roles.trainable.contains(input + ".l"), let location = trainLocations[input + ".l"] {
                throw NetlistError("'\(input).l' is an input (its rest length is set by the data); it cannot be trained",
                                   at: location)
            }
        }
        return roles
    }

    private static func append(_ token: NetlistToken, to list: inout [String]) throws(NetlistError) {
        guard !list.contains(token.text) else {
            throw NetlistError("'\(token.original)' listed twice", at: token.location)
        }
        list.append(token.text)
    }

    /// A sensor, or a free node's coordinate `NODE.x|y|z` within the dimension.
    private static func checkOutput(_ token: NetlistToken, sensors: Set<String>, in netlist: ElasticNetlist) throws(NetlistError) {
        if sensors.contains(token.text) { return }
        let parts = token.text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let node = netlist.elastic.nodes.first(where: { $0.name == parts[0] }) else {
            throw NetlistError("'*@ output' names '\(token.original)', which is neither a sensor nor a node coordinate "
                               + "(NODE.x, NODE.y\(netlist.elastic.dimension == 3 ? ", NODE.z" : ""))", at: token.location)
        }
        let axes = ["x", "y", "z"].prefix(netlist.elastic.dimension)
        guard axes.contains(String(parts[1])) else {
            throw NetlistError("'\(token.original)': the axis must be \(axes.joined(separator: ", "))", at: token.location)
        }
        guard !node.pinned else {
            throw NetlistError("'\(token.original)': node '\(node.name)' is pinned; its coordinate cannot be an output",
                               at: token.location)
        }
    }

    /// `BOND.k`, `BOND.l`, or the wildcards `*.k`, `*.l`: every bond that is not an input, in
    /// file order.
    private static func trainableNames(_ token: NetlistToken, bonds: Set<String>, inputs: Set<String>,
                                       in netlist: ElasticNetlist) throws(NetlistError) -> [String] {
        let parts = token.text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1] == "k" || parts[1] == "l" else {
            throw NetlistError("'*@ train' takes BOND.k or BOND.l (or *.k, *.l), found '\(token.original)'", at: token.location)
        }
        if parts[0] == "*" {
            return netlist.elastic.bonds.filter { !inputs.contains($0.name) }.map { "\($0.name).\(parts[1])" }
        }
        guard bonds.contains(String(parts[0])) else {
            throw NetlistError("unknown bond '\(parts[0])' in '*@ train'", at: token.location)
        }
        return [token.text]
    }
}
