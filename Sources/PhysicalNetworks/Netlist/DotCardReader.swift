/// Reads the dot-cards of the supported SPICE subset: `.param`, `.model … D`, `.tran`, `.ic`,
/// `.options`.
enum DotCardReader {
    /// `.param a=1 b={a*2} ...`: adds each parameter to `parameters`, in order, so later ones
    /// may use earlier ones.
    static func readParameters(_ card: NetlistCard, into parameters: inout [String: Double]) throws(NetlistError) {
        let assignments = try ParameterAssignments.read(card.tokens, from: 1)
        guard !assignments.isEmpty else {
            throw NetlistError("'.param' needs name=value", at: card.location)
        }
        for (name, value) in assignments {
            guard let first = name.text.first, first.isLetter || first == "_",
                  name.text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw NetlistError("invalid parameter name '\(name.original)'", at: name.location)
            }
            let scope = ExpansionScope(parameters: parameters)
            parameters[name.text] = try scope.parameterValue(value)
        }
    }

    /// `.model name D (IS=… N=… RS=…)`: the model's lower-cased name and card.
    ///
    /// Only IS, N and RS are accepted: the emulator's diode has no other parameter, and
    /// silently ignoring one would make it disagree with ngspice.
    static func diodeModel(_ card: NetlistCard, scope: ExpansionScope) throws(NetlistError) -> (String, DiodeModelCard) {
        let tokens = card.tokens
        guard tokens.count >= 3, tokens[1].kind == .word, tokens[2].kind == .word else {
            throw NetlistError("'.model' needs a name and a type", at: card.location)
        }
        guard tokens[2].text == "d" else {
            throw NetlistError("unsupported model type '\(tokens[2].original)' (only D)", at: tokens[2].location)
        }
        var model = DiodeModelCard(location: card.location)
        var rest = Array(tokens[3...])
        if let first = rest.first, first.kind == .openParenthesis {
            guard let last = rest.last, last.kind == .closeParenthesis else {
                throw NetlistError("missing ')' in '.model'", at: first.location)
            }
            rest = Array(rest.dropFirst().dropLast())
        }
        var seen: Set<String> = []
        for (parameter, valueToken) in try ParameterAssignments.read(rest, from: 0) {
            guard seen.insert(parameter.text).inserted else {
                throw NetlistError("duplicate diode parameter '\(parameter.original)'", at: parameter.location)
            }
            let value = try scope.value(valueToken)
            switch parameter.text {
            case "is":
                guard value > 0 else { throw NetlistError("IS must be positive, got \(value)", at: valueToken.location) }
                model.saturationCurrent = value
            case "n":
                guard value > 0 else { throw NetlistError("N must be positive, got \(value)", at: valueToken.location) }
                model.emissionCoefficient = value
            case "rs":
                guard value >= 0 else { throw NetlistError("RS must not be negative, got \(value)", at: valueToken.location) }
                model.seriesResistance = value
            default:
                throw NetlistError("unsupported diode model parameter '\(parameter.original)' (only IS, N and RS are emulated)", at: parameter.location)
            }
        }
        return (tokens[1].text, model)
    }

    /// `.tran tstep tstop [tstart [tmax]] [uic]`.
    static func transient(_ card: NetlistCard, scope: ExpansionScope) throws(NetlistError) -> Analysis {
        var tokens = Array(card.tokens.dropFirst())
        var useInitialConditions = false
        if let last = tokens.last, last.isWord("uic") {
            useInitialConditions = true
            tokens.removeLast()
        }
        guard tokens.count >= 2 else {
            throw NetlistError("'.tran' needs tstep and tstop", at: card.location)
        }
        guard tokens.count <= 4 else {
            throw NetlistError("unexpected '\(tokens[4].original)' (expected '.tran tstep tstop [tstart [tmax]] [uic]')", at: tokens[4].location)
        }
        var values: [Double] = []
        for token in tokens { values.append(try scope.value(token)) }
        guard values[0] > 0 else { throw NetlistError("tstep must be positive, got \(values[0])", at: tokens[0].location) }
        guard values[1] > 0 else { throw NetlistError("tstop must be positive, got \(values[1])", at: tokens[1].location) }
        let start = values.count > 2 ? values[2] : 0
        if values.count > 2, !(start >= 0 && start < values[1]) {
            throw NetlistError("tstart must be in [0, tstop), got \(start)", at: tokens[2].location)
        }
        let maxStep = values.count > 3 ? values[3] : nil
        if let maxStep, maxStep <= 0 {
            throw NetlistError("tmax must be positive, got \(maxStep)", at: tokens[3].location)
        }
        return .transient(step: values[0], stop: values[1], start: start, maxStep: maxStep,
                          useInitialConditions: useInitialConditions)
    }

    /// `.ic v(node)=value ...`: (node, value, location of the node token) triples.
    static func initialConditions(_ card: NetlistCard, scope: ExpansionScope) throws(NetlistError) -> [(node: String, value: Double, location: SourceLocation)] {
        let tokens = card.tokens
        var result: [(node: String, value: Double, location: SourceLocation)] = []
        var i = 1
        while i < tokens.count {
            guard i + 5 < tokens.count, tokens[i].isWord("v"), tokens[i + 1].kind == .openParenthesis,
                  tokens[i + 2].kind == .word, tokens[i + 3].kind == .closeParenthesis,
                  tokens[i + 4].kind == .equals else {
                throw NetlistError("expected v(node)=value, found '\(tokens[i].original)'", at: tokens[i].location)
            }
            let node = ExpansionScope.canonicalNode(tokens[i + 2].text)
            result.append((node, try scope.value(tokens[i + 5]), tokens[i + 2].location))
            i += 6
        }
        guard !result.isEmpty else {
            throw NetlistError("'.ic' needs v(node)=value", at: card.location)
        }
        return result
    }

    /// `.options key=value flag ...`: numeric options (a bare flag is 1).
    static func options(_ card: NetlistCard, scope: ExpansionScope) throws(NetlistError) -> [(String, Double)] {
        let tokens = card.tokens
        var result: [(String, Double)] = []
        var i = 1
        while i < tokens.count {
            let key = tokens[i]
            guard key.kind == .word else {
                throw NetlistError("expected an option name, found '\(key.original)'", at: key.location)
            }
            if i + 1 < tokens.count, tokens[i + 1].kind == .equals {
                guard i + 2 < tokens.count else {
                    throw NetlistError("missing value for option '\(key.text)'", at: tokens[i + 1].location)
                }
                let valueToken = tokens[i + 2]
                guard valueToken.kind == .expression || SpiceNumber.parse(valueToken.text) != nil else {
                    throw NetlistError("option '\(key.text)' must be a number, got '\(valueToken.original)'", at: valueToken.location)
                }
                result.append((key.text, try scope.value(valueToken)))
                i += 3
            } else {
                result.append((key.text, 1))
                i += 1
            }
        }
        return result
    }
}
