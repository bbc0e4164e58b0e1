/// Reads the `*@` learning directives (comments to SPICE) against a flattened netlist.
///
/// - `*@ input V1 V2`: independent sources (V or I) the data drives.
/// - `*@ output y`: non-ground nodes whose voltages are the outputs.
/// - `*@ train R1 R2`: trainable resistors.
/// - `*@ bounds GMIN GMAX`: conductance bounds in siemens, `0 <= GMIN < GMAX`.
/// Names may be hierarchical (`x1.r1`). A name listed twice is an error.
enum LearningDirectiveReader {
    static func roles(from cards: [NetlistCard], in netlist: Netlist,
                      parameters: [String: Double]) throws(NetlistError) -> LearningRoles {
        var roles = LearningRoles()
        var kinds: [String: NetlistElement.Kind] = [:]
        var nodes: Set<String> = []
        for element in netlist.elements {
            kinds[element.name] = element.kind
            nodes.formUnion(element.nodes)
        }
        for card in cards {
            guard let directive = card.tokens.first else {
                throw NetlistError("empty learning directive (expected input, output, train or bounds)", at: card.location)
            }
            let arguments = card.tokens.dropFirst()
            guard directive.text == "bounds" || !arguments.isEmpty else {
                throw NetlistError("'*@ \(directive.text)' needs at least one name", at: directive.location)
            }
            switch directive.text {
            case "input":
                for token in arguments {
                    let name = try elementName(token)
                    switch kinds[name] {
                    case .voltageSource?, .currentSource?: break
                    case nil: throw NetlistError("unknown source '\(token.original)' in '*@ input'", at: token.location)
                    default: throw NetlistError("'*@ input' names '\(token.original)', which is not an independent source (V or I)", at: token.location)
                    }
                    try append(name, to: &roles.inputs, token: token)
                }
            case "output":
                for token in arguments {
                    let node = try ExpansionScope().node(token)
                    guard node != "0", nodes.contains(node) else {
                        throw NetlistError("unknown node '\(token.original)' in '*@ output'", at: token.location)
                    }
                    try append(node, to: &roles.outputs, token: token)
                }
            case "train":
                for token in arguments {
                    let name = try elementName(token)
                    switch kinds[name] {
                    case .resistor?: break
                    case nil: throw NetlistError("unknown resistor '\(token.original)' in '*@ train'", at: token.location)
                    default: throw NetlistError("'*@ train' names '\(token.original)', which is not a resistor", at: token.location)
                    }
                    try append(name, to: &roles.trainable, token: token)
                }
            case "bounds":
                guard roles.conductanceBounds == nil else {
                    throw NetlistError("conductance bounds given twice", at: directive.location)
                }
                guard arguments.count == 2, let low = arguments.first, let high = arguments.last else {
                    throw NetlistError("'*@ bounds' takes two conductances GMIN GMAX (S)", at: directive.location)
                }
                let scope = ExpansionScope(parameters: parameters)
                let gmin = try scope.value(low), gmax = try scope.value(high)
                guard gmin >= 0 else { throw NetlistError("GMIN must not be negative, got \(gmin)", at: low.location) }
                guard gmax > gmin else { throw NetlistError("GMAX must exceed GMIN, got \(gmax) <= \(gmin)", at: high.location) }
                roles.conductanceBounds = gmin...gmax
            default:
                throw NetlistError("unknown learning directive '\(directive.original)' (expected input, output, train or bounds)", at: directive.location)
            }
        }
        return roles
    }

    private static func elementName(_ token: NetlistToken) throws(NetlistError) -> String {
        guard token.kind == .word else {
            throw NetlistError("expected a name, found '\(token.original)'", at: token.location)
        }
        return SpiceElementName.netlistName(fromSpice: token.text)
    }

    private static func append(_ name: String, to list: inout [String], token: NetlistToken) throws(NetlistError) {
        guard !list.contains(name) else {
            throw NetlistError("'\(token.original)' is listed twice", at: token.location)
        }
        list.append(name)
    }
}
