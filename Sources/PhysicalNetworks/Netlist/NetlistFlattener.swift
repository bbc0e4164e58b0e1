/// Expands element cards and subcircuit instances into a flat list of elements.
///
/// An instance `Xname nodes... subname [a=3 ...]` is replaced by the subcircuit's body with
/// hierarchical names (see `ExpansionScope`), recursively; a subcircuit that instantiates
/// itself, directly or not, is an error. Inside an instance the visible parameters are the
/// global ones, then the subcircuit's defaults overridden by the instance's values, then the
/// body's own `.param` cards (lexical scoping: the caller's local parameters are not visible).
struct NetlistFlattener {
    /// Subcircuit definitions by name.
    let subcircuits: [String: SubcircuitDefinition]
    /// Top-level parameters.
    let globalParameters: [String: Double]
    /// Elements read so far, in file order.
    private(set) var elements: [ElementCardReader.Result] = []

    init(subcircuits: [String: SubcircuitDefinition], globalParameters: [String: Double]) {
        self.subcircuits = subcircuits
        self.globalParameters = globalParameters
    }

    /// Dot-cards that only make sense at top level.
    static let topLevelCards: Set<String> = [
        ".model", ".op", ".tran", ".ic", ".options", ".option", ".opt", ".save", ".print", ".plot",
        ".probe", ".meas", ".measure", ".width", ".end",
    ]

    /// Reads the element or instance `card` in `scope`.
    mutating func expand(_ card: NetlistCard, in scope: ExpansionScope) throws(NetlistError) {
        let first = card.tokens[0]
        if first.kind == .word, first.text.first == "x" {
            try expandInstance(card, in: scope)
        } else if first.kind == .word, let letter = first.text.first, ElementCardReader.letters.contains(letter) {
            elements.append(try ElementCardReader.read(card, scope: scope))
        } else {
            throw NetlistError("unknown element '\(first.original)'", at: first.location)
        }
    }

    private mutating func expandInstance(_ card: NetlistCard, in scope: ExpansionScope) throws(NetlistError) {
        let tokens = card.tokens
        let nameToken = tokens[0]
        var parameterStart = tokens.count
        for i in 1..<max(tokens.count, 1) where tokens[i].isWord("params:")
            || (i + 1 < tokens.count && tokens[i + 1].kind == .equals) {
            parameterStart = i
            break
        }
        let subcircuitIndex = parameterStart - 1
        guard subcircuitIndex >= 1, tokens[subcircuitIndex].kind == .word else {
            throw NetlistError("missing subcircuit name for instance '\(nameToken.original)'", at: nameToken.location)
        }
        let subcircuitToken = tokens[subcircuitIndex]
        guard let definition = subcircuits[subcircuitToken.text] else {
            throw NetlistError("unknown subcircuit '\(subcircuitToken.original)'", at: subcircuitToken.location)
        }
        let nodeTokens = tokens[1..<subcircuitIndex]
        guard nodeTokens.count == definition.ports.count else {
            throw NetlistError("instance '\(nameToken.original)' has \(nodeTokens.count) node\(nodeTokens.count == 1 ? "" : "s"), subcircuit '\(definition.name)' has \(definition.ports.count) (\(definition.ports.joined(separator: " ")))", at: nameToken.location)
        }
        if scope.subcircuitPath.contains(definition.name) {
            let cycle = (scope.subcircuitPath + [definition.name]).joined(separator: " -> ")
            throw NetlistError("recursive subcircuit instantiation: \(cycle)", at: subcircuitToken.location)
        }

        var overrides: [String: Double] = [:]
        for (parameter, value) in try ParameterAssignments.read(tokens, from: parameterStart) {
            guard definition.parameters.contains(where: { $0.name == parameter.text }) else {
                throw NetlistError("subcircuit '\(definition.name)' has no parameter '\(parameter.text)'", at: parameter.location)
            }
            overrides[parameter.text] = try scope.parameterValue(value)
        }

        let instanceName = scope.elementName(nameToken.text)
        var inner = ExpansionScope(prefix: instanceName + ".", ports: [:], parameters: globalParameters,
                                   subcircuitPath: scope.subcircuitPath + [definition.name])
        for (port, token) in zip(definition.ports, nodeTokens) {
            inner.ports[port] = try scope.node(token)
        }
        do {
            for (parameter, defaultValue) in definition.parameters {
                if let value = overrides[parameter] {
                    inner.parameters[parameter] = value
                } else {
                    inner.parameters[parameter] = try inner.parameterValue(defaultValue)
                }
            }
            try expandBody(of: definition, in: inner)
        } catch {
            if error.message.contains("(in instance '") { throw error }
            throw NetlistError(error.message + " (in instance '\(instanceName)')", at: error.location)
        }
    }

    private mutating func expandBody(of definition: SubcircuitDefinition, in scope: ExpansionScope) throws(NetlistError) {
        var scope = scope
        for card in definition.body where !card.isDirective && card.keyword == ".param" {
            try DotCardReader.readParameters(card, into: &scope.parameters)
        }
        for card in definition.body {
            if card.isDirective {
                throw NetlistError("learning directives ('*@') are not allowed inside a subcircuit", at: card.location)
            }
            let keyword = card.keyword
            if keyword == ".param" { continue }
            if keyword == ".model" {
                throw NetlistError("'.model' inside a subcircuit is not supported; define the model at top level", at: card.location)
            }
            if NetlistFlattener.topLevelCards.contains(keyword) {
                throw NetlistError("'\(keyword)' is not allowed inside a subcircuit", at: card.location)
            }
            if keyword.hasPrefix(".") {
                throw NetlistError("unknown dot-card '\(card.tokens[0].original)'", at: card.location)
            }
            try expand(card, in: scope)
        }
    }
}
