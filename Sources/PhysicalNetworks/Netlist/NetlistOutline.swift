/// A netlist's cards sorted into the top level and subcircuit definitions.
///
/// Definitions may be nested in the file; they are all registered under their own name
/// (names must be unique). `.subckt`/`.ends` must balance, and `.ends name`, if named, must
/// close the subcircuit of that name.
struct NetlistOutline: Sendable {
    var title: String
    /// Top-level cards in file order.
    var cards: [NetlistCard]
    /// Definitions by lower-cased name.
    var subcircuits: [String: SubcircuitDefinition]

    init(title: String, cards allCards: [NetlistCard]) throws(NetlistError) {
        self.title = title
        cards = []
        subcircuits = [:]
        var open: [SubcircuitDefinition] = []
        for card in allCards {
            if !card.isDirective, card.keyword == ".subckt" {
                open.append(try SubcircuitDefinition(header: card))
            } else if !card.isDirective, card.keyword == ".ends" {
                guard let definition = open.popLast() else {
                    throw NetlistError("'.ends' without a matching '.subckt'", at: card.location)
                }
                if card.tokens.count > 1 {
                    let closing = card.tokens[1]
                    guard closing.text == definition.name else {
                        throw NetlistError("'.ends \(closing.text)' closes subcircuit '\(definition.name)' (opened at \(definition.location))", at: closing.location)
                    }
                }
                if let previous = subcircuits[definition.name] {
                    throw NetlistError("duplicate subcircuit '\(definition.name)' (first defined at \(previous.location))", at: definition.location)
                }
                subcircuits[definition.name] = definition
            } else if open.isEmpty {
                cards.append(card)
            } else {
                open[open.count - 1].body.append(card)
            }
        }
        if let unclosed = open.last {
            throw NetlistError("subcircuit '\(unclosed.name)' has no '.ends'", at: unclosed.location)
        }
    }
}
