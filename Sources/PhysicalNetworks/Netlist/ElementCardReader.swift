/// Reads one element card (R, C, V, I, D, E, F) in a scope.
///
/// Card forms (values are numbers with SPICE suffixes or `{expressions}`):
/// `Rname n+ n- ohms`, `Cname n+ n- farads`, `Vname n+ n- source`, `Iname n+ n- source`,
/// `Dname anode cathode model [area=a]`, `Ename n+ n- nc+ nc- gain`, `Fname n+ n- vname gain`.
enum ElementCardReader {
    /// An element read from a card, and the token location of the name it refers to
    /// (diode model or controlling source), checked once the whole netlist is known.
    struct Result {
        var element: NetlistElement
        var referenceLocation: SourceLocation?
    }

    /// The element letters this reader understands (`x` is expanded by the flattener).
    static let letters: Set<Character> = ["r", "c", "v", "i", "d", "e", "f"]

    static func read(_ card: NetlistCard, scope: ExpansionScope) throws(NetlistError) -> Result {
        let tokens = card.tokens
        let nameToken = tokens[0]
        let name = scope.elementName(nameToken.text)
        let letter = nameToken.text.first ?? " "

        func nodes(_ count: Int, _ description: String) throws(NetlistError) -> [String] {
            guard tokens.count > count else {
                throw NetlistError("element '\(nameToken.original)' needs \(count) nodes (\(description))", at: nameToken.location)
            }
            var result: [String] = []
            for token in tokens[1...count] { result.append(try scope.node(token)) }
            return result
        }
        func value(at index: Int, _ what: String) throws(NetlistError) -> (Double, SourceLocation) {
            guard index < tokens.count else {
                throw NetlistError("missing \(what) for '\(nameToken.original)'", at: nameToken.location)
            }
            return (try scope.value(tokens[index]), tokens[index].location)
        }
        func noMoreTokens(after index: Int, _ form: String) throws(NetlistError) {
            guard index + 1 < tokens.count else { return }
            let extra = tokens[index + 1]
            throw NetlistError("unexpected '\(extra.original)' (expected '\(form)')", at: extra.location)
        }
        func element(_ nodes: [String], _ kind: NetlistElement.Kind) -> NetlistElement {
            NetlistElement(name: name, nodes: nodes, kind: kind, location: nameToken.location)
        }

        switch letter {
        case "r":
            let n = try nodes(2, "n+ n-")
            let (ohms, location) = try value(at: 3, "resistance")
            guard ohms > 0 else {
                throw NetlistError("resistance of '\(nameToken.original)' must be positive, got \(ohms)", at: location)
            }
            try noMoreTokens(after: 3, "R n+ n- ohms")
            return Result(element: element(n, .resistor(ohms: ohms)))
        case "c":
            let n = try nodes(2, "n+ n-")
            let (farads, location) = try value(at: 3, "capacitance")
            guard farads >= 0 else {
                throw NetlistError("capacitance of '\(nameToken.original)' must not be negative, got \(farads)", at: location)
            }
            try noMoreTokens(after: 3, "C n+ n- farads")
            return Result(element: element(n, .capacitor(farads: farads)))
        case "v", "i":
            let n = try nodes(2, "n+ n-")
            let waveform = try SourceWaveformReader.read(tokens, from: 3, name: nameToken.original,
                                                         at: nameToken.location, scope: scope)
            return Result(element: element(n, letter == "v" ? .voltageSource(waveform) : .currentSource(waveform)))
        case "d":
            let n = try nodes(2, "anode cathode")
            guard tokens.count > 3, tokens[3].kind == .word else {
                throw NetlistError("missing model name for diode '\(nameToken.original)'", at: nameToken.location)
            }
            var area = 1.0
            var last = 3
            if tokens.count > 4 {
                // ngspice 39 rejects a positional area ("could not find a valid modelname").
                guard tokens[4].isWord("area"), tokens.count > 5, tokens[5].kind == .equals else {
                    throw NetlistError("unexpected '\(tokens[4].original)' (write the diode area as 'area=value')", at: tokens[4].location)
                }
                let (value, location) = try value(at: 6, "area")
                guard value > 0 else {
                    throw NetlistError("diode area must be positive, got \(value)", at: location)
                }
                area = value
                last = 6
            }
            try noMoreTokens(after: last, "D anode cathode model [area=a]")
            return Result(element: element(n, .diode(model: tokens[3].text, area: area)),
                          referenceLocation: tokens[3].location)
        case "e":
            let n = try nodes(4, "n+ n- nc+ nc-")
            let (gain, _) = try value(at: 5, "gain")
            try noMoreTokens(after: 5, "E n+ n- nc+ nc- gain")
            return Result(element: element(n, .vcvs(gain: gain)))
        case "f":
            let n = try nodes(2, "n+ n-")
            guard tokens.count > 3, tokens[3].kind == .word else {
                throw NetlistError("missing controlling source for '\(nameToken.original)'", at: nameToken.location)
            }
            let controlling = scope.elementName(tokens[3].text)
            let (gain, _) = try value(at: 4, "gain")
            try noMoreTokens(after: 4, "F n+ n- vname gain")
            return Result(element: element(n, .cccs(controllingSource: controlling, gain: gain)),
                          referenceLocation: tokens[3].location)
        default:
            throw NetlistError("unknown element '\(nameToken.original)'", at: nameToken.location)
        }
    }
}
