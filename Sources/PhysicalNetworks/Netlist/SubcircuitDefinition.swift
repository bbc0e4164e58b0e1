/// A `.subckt name ports... [params: a=1 b=2]` … `.ends` definition, not yet expanded.
struct SubcircuitDefinition: Sendable {
    /// Lower-cased subcircuit name.
    var name: String
    /// Lower-cased port node names, in order.
    var ports: [String]
    /// Parameters with their default-value tokens, in declaration order.
    var parameters: [(name: String, defaultValue: NetlistToken)]
    /// The cards between `.subckt` and `.ends` (nested definitions removed).
    var body: [NetlistCard]
    /// Where the `.subckt` card is.
    var location: SourceLocation

    /// Reads the header card `.subckt name ports... [params:] [a=1 ...]`.
    init(header card: NetlistCard) throws(NetlistError) {
        let tokens = card.tokens
        guard tokens.count >= 2, tokens[1].kind == .word else {
            throw NetlistError("'.subckt' needs a name", at: card.location)
        }
        name = tokens[1].text
        location = card.location
        body = []
        ports = []
        parameters = []
        var i = 2
        while i < tokens.count {
            let token = tokens[i]
            if token.isWord("params:") { i += 1; continue }
            if i + 1 < tokens.count, tokens[i + 1].kind == .equals { break }
            let port = try ExpansionScope().node(token)
            guard port != "0" else {
                throw NetlistError("ground cannot be a subcircuit port", at: token.location)
            }
            guard !ports.contains(port) else {
                throw NetlistError("duplicate port '\(port)' in subcircuit '\(name)'", at: token.location)
            }
            ports.append(port)
            i += 1
        }
        for (parameter, value) in try ParameterAssignments.read(tokens, from: i) {
            guard !parameters.contains(where: { $0.name == parameter.text }) else {
                throw NetlistError("duplicate parameter '\(parameter.text)'", at: parameter.location)
            }
            parameters.append((parameter.text, value))
        }
    }
}

/// Reads `name=value` lists (`.param`, `.subckt ... params:`, instance parameters).
enum ParameterAssignments {
    /// The (name token, value token) pairs of `tokens[start...]`; a `params:` word is skipped.
    static func read(_ tokens: [NetlistToken], from start: Int) throws(NetlistError) -> [(name: NetlistToken, value: NetlistToken)] {
        var pairs: [(name: NetlistToken, value: NetlistToken)] = []
        var i = start
        while i < tokens.count {
            let name = tokens[i]
            if name.isWord("params:") { i += 1; continue }
            guard name.kind == .word, i + 1 < tokens.count, tokens[i + 1].kind == .equals else {
                throw NetlistError("expected name=value, found '\(name.original)'", at: name.location)
            }
            guard i + 2 < tokens.count else {
                throw NetlistError("missing value for parameter '\(name.text)'", at: tokens[i + 1].location)
            }
            let value = tokens[i + 2]
            guard value.kind == .word || value.kind == .expression else {
                throw NetlistError("missing value for parameter '\(name.text)'", at: value.location)
            }
            pairs.append((name, value))
            i += 3
        }
        return pairs
    }
}
