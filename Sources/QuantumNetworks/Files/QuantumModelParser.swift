import PhysicalNetworks

/// Parses a quantum model file (docs/quantum.md) into a `QuantumModel`. Netlist conventions:
/// the first line is the title; `*` lines are comments and `*@` lines learning roles; `;`
/// starts an inline comment; `+` continues a card; numbers take SPICE scale factors; names are
/// case-insensitive; nothing after `.end` is read.
///
///     spin NAME                     a spin-½ (index in declaration order; bit i of a basis state)
///     zz NAME A B J                 −J Z_A Z_B
///     xx NAME A B J                 −J X_A X_B
///     yy NAME A B J                 −J Y_A Y_B
///     field NAME A H                −H Z_A
///     transverse NAME A G           −G X_A
///     mode NAME [MASS]              a harmonic mode (mass default 1; ħ = 1)
///     spring NAME A B|0 K           (K/2)(x_A − x_B)², or (K/2) x_A² to ground (0)
///     force NAME A F                −F x_A
///     *@ input TERM …               terms set by the data (e.g. input fields)
///     *@ output SITE …              output spins or modes
///     *@ train TERM …               trainable terms (default: every term not an input)
///     *@ state K                    the eigenstate trained (default 0, the ground state)
///     *@ cost squared|projector     spins: ½ Σ (Z_o − y_o)² (default) or 1 − Π (1 + y_o Z_o)/2
///
/// A file has spins or modes, not both; every name (sites and terms) is unique. Every error is
/// a `NetlistError` at the file, line and column of the offending token.
public enum QuantumModelParser {
    /// At most this many spins (2²⁴ amplitudes, 128 MB per state vector).
    public static let maximumSpins = 24

    public static func parse(fileAt path: String) throws(NetlistError) -> QuantumModel {
        try parse(contents: NetlistFileContents.read(path), file: path)
    }

    public static func parse(contents: String, file: String) throws(NetlistError) -> QuantumModel {
        let (title, cards) = try NetlistLexer.cards(in: contents, file: file)
        var model = QuantumModel(file: file, title: title, kind: .spins, sites: [], terms: [])
        var kind: QuantumModel.Kind?
        var names: [String: SourceLocation] = [:]
        func declare(_ token: NetlistToken) throws(NetlistError) -> String {
            if let earlier = names[token.text] {
                throw NetlistError("'\(token.original)' is already declared at \(earlier)", at: token.location)
            }
            names[token.text] = token.location
            return token.text
        }
        // Sites first (cards may name sites declared after them), then terms.
        for card in cards where !card.isDirective && (card.keyword == "spin" || card.keyword == "mode") {
            let isSpin = card.keyword == "spin"
            if let kind, kind != (isSpin ? .spins : .modes) {
                throw NetlistError("a model has spins or modes, not both ('\(card.tokens[0].original)' in a model of \(kind.rawValue))",
                                   at: card.location)
            }
            kind = isSpin ? .spins : .modes
            try expect(card, arguments: isSpin ? 1...1 : 1...2, usage: isSpin ? "spin NAME" : "mode NAME [MASS]")
            let name = try declare(card.tokens[1])
            var mass = 1.0
            if card.tokens.count > 2 {
                mass = try number(card.tokens[2], "a mass")
                guard mass > 0 else { throw NetlistError("a mass must be positive, got \(card.tokens[2].original)", at: card.tokens[2].location) }
            }
            model.sites.append(.init(name: name, mass: mass, location: card.location))
        }
        guard let kind else {
            throw NetlistError("no spins or modes: declare them with 'spin NAME' or 'mode NAME [MASS]'",
                               at: SourceLocation(file: file, line: 1, column: 1))
        }
        model.kind = kind
        if kind == .spins, model.sites.count > maximumSpins {
            throw NetlistError("\(model.sites.count) spins: at most \(maximumSpins) (2^n amplitudes per state)",
                               at: model.sites[maximumSpins].location)
        }
        for card in cards where !card.isDirective && card.keyword != "spin" && card.keyword != "mode" {
            try model.terms.append(term(card, kind: kind, model: model, declare: declare))
        }
        model.roles = try roles(cards.filter(\.isDirective), model: model)
        return model
    }

    /// The cards a model of `kind` takes, for messages.
    static func knownCards(_ kind: QuantumModel.Kind) -> String {
        kind == .spins ? "spin, zz, xx, yy, field, transverse or .end" : "mode, spring, force or .end"
    }

    static func term(_ card: NetlistCard, kind: QuantumModel.Kind, model: QuantumModel,
                     declare: (NetlistToken) throws(NetlistError) -> String) throws(NetlistError) -> QuantumModel.Term {
        let keyword = card.tokens[0]
        func site(_ token: NetlistToken, groundAllowed: Bool = false) throws(NetlistError) -> Int {
            if groundAllowed, token.text == "0" { return -1 }
            guard let index = model.siteIndex(token.text) else {
                throw NetlistError("unknown \(kind == .spins ? "spin" : "mode") '\(token.original)'", at: token.location)
            }
            return index
        }
        let pairs: [String: (Int, Int) -> QuantumModel.Operator] = ["zz": { .zz($0, $1) }, "xx": { .xx($0, $1) },
                                                                     "yy": { .yy($0, $1) }]
        let singles: [String: (Int) -> QuantumModel.Operator] = ["field": { .field($0) }, "transverse": { .transverse($0) }]
        let spinCards = Set(pairs.keys).union(singles.keys), modeCards: Set = ["spring", "force"]
        guard (kind == .spins ? spinCards : modeCards).contains(keyword.text) else {
            let other = kind == .spins ? modeCards.contains(keyword.text) : spinCards.contains(keyword.text)
            throw NetlistError(other ? "'\(keyword.original)' is a card of \(kind == .spins ? "mode" : "spin") models; this one has \(kind.rawValue)"
                               : "unknown card '\(keyword.original)' (expected \(knownCards(kind)))", at: keyword.location)
        }
        let operatorKind: QuantumModel.Operator
        if let make = pairs[keyword.text] {
            try expect(card, arguments: 4...4, usage: "\(keyword.text) NAME A B J")
            let a = try site(card.tokens[2]), b = try site(card.tokens[3])
            guard a != b else { throw NetlistError("a coupling joins two different spins", at: card.tokens[3].location) }
            operatorKind = make(a, b)
        } else if let make = singles[keyword.text] {
            try expect(card, arguments: 3...3, usage: "\(keyword.text) NAME A VALUE")
            operatorKind = make(try site(card.tokens[2]))
        } else if keyword.text == "spring" {
            try expect(card, arguments: 4...4, usage: "spring NAME A B|0 K")
            let a = try site(card.tokens[2]), b = try site(card.tokens[3], groundAllowed: true)
            guard a != b else { throw NetlistError("a spring joins two different modes (or a mode and 0)", at: card.tokens[3].location) }
            operatorKind = .spring(a, b)
        } else {
            try expect(card, arguments: 3...3, usage: "force NAME A F")
            operatorKind = .force(try site(card.tokens[2]))
        }
        let valueToken = card.tokens[card.tokens.count - 1]
        let value = try number(valueToken, "a coefficient")
        let name = try declare(card.tokens[1])
        return QuantumModel.Term(name: name, kind: operatorKind, value: value, location: card.location)
    }

    static func roles(_ directives: [NetlistCard], model: QuantumModel) throws(NetlistError) -> QuantumModel.Roles {
        var roles = QuantumModel.Roles()
        let termNames = Set(model.terms.map(\.name))
        func terms(_ card: NetlistCard) throws(NetlistError) -> [String] {
            var list: [String] = []
            for token in card.tokens.dropFirst() {
                guard termNames.contains(token.text) else {
                    throw NetlistError("unknown term '\(token.original)'", at: token.location)
                }
                list.append(token.text)
            }
            return list
        }
        var trainable: [String] = []
        var sawTrain = false
        for card in directives {
            switch card.keyword {
            case "input": roles.inputs += try terms(card)
            case "train":
                sawTrain = true
                trainable += try terms(card)
            case "output":
                for token in card.tokens.dropFirst() {
                    guard model.siteIndex(token.text) != nil else {
                        throw NetlistError("unknown \(model.kind == .spins ? "spin" : "mode") '\(token.original)'", at: token.location)
                    }
                    roles.outputs.append(token.text)
                }
            case "state":
                try expect(card, arguments: 1...1, usage: "*@ state K")
                let value = try number(card.tokens[1], "an eigenstate index")
                guard value >= 0, value.rounded() == value, value < Double(1 << min(model.sites.count, 24)) else {
                    throw NetlistError("the eigenstate index must be a non-negative integer below the dimension, got \(card.tokens[1].original)",
                                       at: card.tokens[1].location)
                }
                guard model.kind == .spins || value == 0 else {
                    throw NetlistError("a harmonic model trains its ground state (the Gaussian one): *@ state 0",
                                       at: card.tokens[1].location)
                }
                roles.state = Int(value)
            case "cost":
                try expect(card, arguments: 1...1, usage: "*@ cost squared|projector")
                guard let kind = QuantumModel.CostKind(rawValue: card.tokens[1].text) else {
                    throw NetlistError("unknown cost '\(card.tokens[1].original)' (expected squared or projector)", at: card.tokens[1].location)
                }
                guard model.kind == .spins || kind == .squaredError else {
                    throw NetlistError("a harmonic model's cost is the squared error", at: card.tokens[1].location)
                }
                roles.cost = kind
            default:
                throw NetlistError("unknown role '\(card.tokens.first?.original ?? "")' (expected input, output, train, state or cost)",
                                   at: card.tokens.first?.location ?? card.location)
            }
        }
        if sawTrain { roles.trainable = trainable }
        if let clash = roles.inputs.first(where: { roles.trainable?.contains($0) == true }),
           let card = directives.first(where: { $0.keyword == "train" }) {
            throw NetlistError("'\(clash)' is both an input and trainable", at: card.location)
        }
        return roles
    }

    static func expect(_ card: NetlistCard, arguments: ClosedRange<Int>, usage: String) throws(NetlistError) {
        let count = card.tokens.count - 1
        guard arguments.contains(count) else {
            let at = count > arguments.upperBound ? card.tokens[arguments.upperBound + 1].location : card.location
            throw NetlistError("expected '\(usage)'", at: at)
        }
    }

    static func number(_ token: NetlistToken, _ what: String) throws(NetlistError) -> Double {
        guard token.kind == .word, let value = SpiceNumber.parse(token.text), value.isFinite else {
            throw NetlistError("expected \(what), found '\(token.original)'", at: token.location)
        }
        return value
    }
}
