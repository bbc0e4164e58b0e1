import Foundation

/// Parses the SPICE subset nudge understands into a flat, validated `Netlist`.
///
/// The subset is plain SPICE that ngspice runs unchanged: title line, `*` comments, inline
/// `;` and `$ ` comments, `+` continuations, case-insensitive names, numbers with scale
/// factors, `.param` with `{expressions}`, `.subckt`/`.ends` with `params:` and `X` instances
/// (expanded with hierarchical names), `.model NAME D (IS N RS)`, `.op`, `.tran`, `.ic`,
/// `.options`, `.end`, skipped `.control` blocks; elements R C V I D E F. Learning roles come
/// from `*@ input|output|train|bounds` comment directives. Output-only cards (`.save`,
/// `.print`, `.plot`, `.probe`, `.meas`, `.width`) are accepted and ignored.
///
/// Every error is a `NetlistError` at the file, line and column of the offending token.
/// After reading, names and references are checked (duplicates after flattening, diode models,
/// F controlling sources, `.ic` nodes, learning roles) and then the topology
/// (`NetlistTopologyCheck`).
public enum NetlistParser {
    /// Parses the netlist in the file at `path`.
    /// - Throws: `NetlistError` at `path:1:1` if the file cannot be read, else any parse error.
    public static func parse(fileAt path: String) throws(NetlistError) -> Netlist {
        try parse(contents: NetlistFileContents.read(path), file: path)
    }

    /// Parses netlist text; `file` names it in locations and errors.
    public static func parse(contents: String, file: String) throws(NetlistError) -> Netlist {
        let (title, cards) = try NetlistLexer.cards(in: contents, file: file)
        let outline = try NetlistOutline(title: title, cards: cards)

        var globals = ExpansionScope()
        for card in outline.cards where !card.isDirective && card.keyword == ".param" {
            try DotCardReader.readParameters(card, into: &globals.parameters)
        }

        var netlist = Netlist(title: outline.title, file: file)
        var flattener = NetlistFlattener(subcircuits: outline.subcircuits, globalParameters: globals.parameters)
        var directives: [NetlistCard] = []
        var initialConditionNodes: [(node: String, location: SourceLocation)] = []
        for card in outline.cards {
            if card.isDirective { directives.append(card); continue }
            switch card.keyword {
            case ".param", ".save", ".print", ".plot", ".probe", ".meas", ".measure", ".width":
                continue
            case ".model":
                let (name, model) = try DotCardReader.diodeModel(card, scope: globals)
                if let previous = netlist.diodeModels[name] {
                    throw NetlistError("duplicate model '\(name)' (first defined at \(previous.location))", at: card.location)
                }
                netlist.diodeModels[name] = model
            case ".op":
                netlist.analyses.append(.operatingPoint)
            case ".tran":
                netlist.analyses.append(try DotCardReader.transient(card, scope: globals))
            case ".ic":
                for (node, value, location) in try DotCardReader.initialConditions(card, scope: globals) {
                    netlist.initialConditions[node] = value
                    initialConditionNodes.append((node, location))
                }
            case ".options", ".option", ".opt":
                for (key, value) in try DotCardReader.options(card, scope: globals) {
                    netlist.options[key] = value
                }
            case let keyword where keyword.hasPrefix("."):
                throw NetlistError("unknown dot-card '\(card.tokens[0].original)'", at: card.location)
            default:
                try flattener.expand(card, in: globals)
            }
        }
        netlist.elements = flattener.elements.map(\.element)

        try NetlistReferenceCheck.check(netlist, elements: flattener.elements, initialConditionNodes: initialConditionNodes)
        netlist.roles = try LearningDirectiveReader.roles(from: directives, in: netlist, parameters: globals.parameters)
        try NetlistTopologyCheck.check(netlist)
        return netlist
    }
}
