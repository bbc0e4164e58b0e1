/// Checks the names a flat netlist refers to: unique element names, existing diode models,
/// F elements controlled by voltage sources, `.ic` on existing non-ground nodes.
enum NetlistReferenceCheck {
    static func check(_ netlist: Netlist, elements: [ElementCardReader.Result],
                      initialConditionNodes: [(node: String, location: SourceLocation)]) throws(NetlistError) {
        var byName: [String: NetlistElement] = [:]
        var nodes: Set<String> = []
        for result in elements {
            let element = result.element
            if let previous = byName[element.name] {
                throw NetlistError("duplicate element name '\(element.name)' (first defined at \(previous.location))", at: element.location)
            }
            byName[element.name] = element
            nodes.formUnion(element.nodes)
        }
        for result in elements {
            guard let location = result.referenceLocation else { continue }
            switch result.element.kind {
            case let .diode(model, _):
                guard netlist.diodeModels[model] != nil else {
                    throw NetlistError("unknown diode model '\(model)'", at: location)
                }
            case let .cccs(source, _):
                guard let controlling = byName[source] else {
                    throw NetlistError("unknown controlling source '\(source)' for '\(result.element.name)'", at: location)
                }
                guard case .voltageSource = controlling.kind else {
                    throw NetlistError("controlling source '\(source)' of '\(result.element.name)' is not a voltage source", at: location)
                }
            default:
                continue
            }
        }
        for (node, location) in initialConditionNodes {
            guard node != "0" else {
                throw NetlistError("'.ic' cannot set ground", at: location)
            }
            guard nodes.contains(node) else {
                throw NetlistError("unknown node '\(node)' in '.ic'", at: location)
            }
        }
    }
}
