/// Where a card is being expanded: at top level, or inside a subcircuit instance.
///
/// It maps the card's local names to flat ones (internal node `a` of instance `x1` → `x1.a`,
/// element `r1` → `x1.r1`, port nodes → the instance's nodes, ground `0` stays global) and
/// holds the parameter values visible to the card.
struct ExpansionScope: Sendable {
    /// `""` at top level, else the instance path with a trailing dot, e.g. `x1.x2.`.
    var prefix: String = ""
    /// Subcircuit port name → node name in the enclosing scope.
    var ports: [String: String] = [:]
    /// Parameter values visible here (global, subcircuit defaults, instance overrides, locals).
    var parameters: [String: Double] = [:]
    /// Names of the subcircuits being expanded, outermost first (to detect recursion).
    var subcircuitPath: [String] = []

    /// The flat node name of a node token.
    func node(_ token: NetlistToken) throws(NetlistError) -> String {
        guard token.kind == .word else {
            throw NetlistError("expected a node name, found '\(token.original)'", at: token.location)
        }
        let name = ExpansionScope.canonicalNode(token.text)
        if name == "0" { return "0" }
        if let outer = ports[name] { return outer }
        return prefix + name
    }

    /// The flat name of an element declared as `localName` in this scope.
    func elementName(_ localName: String) -> String {
        prefix + SpiceElementName.netlistName(fromSpice: localName)
    }

    /// The value of a number or `{expression}` token.
    func value(_ token: NetlistToken) throws(NetlistError) -> Double {
        switch token.kind {
        case .expression:
            let origin = SourceLocation(file: token.location.file, line: token.location.line,
                                        column: token.location.column + 1)
            return try ParameterExpression.evaluate(token.text, scope: parameters, origin: origin)
        case .word:
            guard let value = SpiceNumber.parse(token.text) else {
                throw NetlistError("malformed number '\(token.original)'", at: token.location)
            }
            return value
        default:
            throw NetlistError("expected a value, found '\(token.original)'", at: token.location)
        }
    }

    /// The value of a `.param` or instance-parameter right-hand side: a number, a `{...}`
    /// expression, or a bare expression such as `2*rload` (no spaces).
    func parameterValue(_ token: NetlistToken) throws(NetlistError) -> Double {
        if token.kind == .word, SpiceNumber.parse(token.text) == nil {
            return try ParameterExpression.evaluate(token.text, scope: parameters, origin: token.location)
        }
        return try value(token)
    }

    /// Node `name` with the ground alias `gnd` mapped to `0` (ngspice treats `ground` as an
    /// ordinary node, and so do we, so that results agree).
    static func canonicalNode(_ name: String) -> String {
        name == "gnd" ? "0" : name
    }
}
