extension OscillatorNetlistParser {
    /// Reads the declarations (`osc`, `input`, `layer`, `lattice`) and element cards, keeping
    /// one namespace for every name of the file.
    struct ElementReader {
        /// The most members a layer or sites a lattice may have (2²², a 2048 × 2048 lattice).
        static let maximumSize = 1 << 22

        /// What a declared name is.
        enum Kind {
            case oscillator(isInput: Bool)
            case member(layer: String, index: Int, isInput: Bool)
            case site(lattice: String)
            case layer(count: Int, isInput: Bool)
            case lattice(sites: Int)
            case element(keyword: String)
        }

        struct Declaration {
            var kind: Kind
            var line: Int

            /// `oscillator 'x' (line 3)`, `member 2 of layer 'h' (line 5)`, …
            func describe(_ name: String) -> String {
                let what: String
                switch kind {
                case .oscillator(let isInput): what = "\(isInput ? "input" : "oscillator") '\(name)'"
                case .member(let layer, let index, _): what = "member \(index) of layer '\(layer)'"
                case .site(let lattice): what = "a site of lattice '\(lattice)'"
                case .layer: what = "layer '\(name)'"
                case .lattice: what = "lattice '\(name)'"
                case .element(let keyword): what = "\(keyword) '\(name)'"
                }
                return "\(what) (line \(line))"
            }
        }

        var oscillators: [OscillatorNetlist.Oscillator] = []
        var layers: [OscillatorNetlist.Layer] = []
        var lattices: [OscillatorNetlist.Lattice] = []
        var elements: [OscillatorNetlist.Element] = []
        var declared: [String: Declaration] = [:]
        /// The first declaration card and whether any oscillator is free.
        var firstDeclaration: SourceLocation?
        var hasFreeOscillator = false

        /// The arguments of each element card, for messages.
        static let elementSyntax: [String: String] = [
            "couple": "NAME A B W", "field": "NAME A H PSI", "lock": "NAME A K", "omega": "NAME A W",
            "dense": "NAME A B INIT (a weight W, or uniform SCALE SEED)", "pair": "NAME A B W",
        ]

        /// Reads a declaration card whole; for an element card, checks its arity and claims
        /// its name, returning true (its references are read by `readElement` once every
        /// oscillator is declared).
        mutating func declare(_ card: NetlistCard) throws(NetlistError) -> Bool {
            switch card.keyword {
            case "osc", "input": try readOscillator(card)
            case "layer": try readLayer(card)
            case "lattice": try readLattice(card)
            case "couple", "field", "lock", "omega", "pair", "dense":
                let tokens = card.tokens
                let arity: Int
                switch card.keyword {
                case "lock", "omega": arity = 4
                case "dense": arity = tokens.count > 4 && tokens[4].isWord("uniform") ? 7 : 5
                default: arity = 5
                }
                try checkArity(card, arity...arity, Self.elementSyntax[card.keyword] ?? "")
                let name = try OscillatorNetlistParser.name(tokens[1], "an element name")
                try claim(name, as: .element(keyword: card.keyword), at: tokens[1])
                return true
            default:
                throw NetlistError("unknown card '\(card.tokens[0].original)' (expected \(OscillatorNetlistParser.knownCards))",
                                   at: card.location)
            }
            if firstDeclaration == nil { firstDeclaration = card.location }
            return false
        }

        /// A network with no free oscillator has nothing to relax.
        func checkSomethingMoves(file: String) throws(NetlistError) {
            guard let first = firstDeclaration else {
                throw NetlistError("no oscillators (a network needs 'osc NAME', 'layer NAME COUNT' or 'lattice' cards)",
                                   at: SourceLocation(file: file, line: 1, column: 1))
            }
            guard hasFreeOscillator else {
                throw NetlistError("every oscillator is an input (nothing can move: declare a free one with 'osc NAME', "
                                   + "a layer without 'input', or a lattice)", at: first)
            }
        }

        /// `osc NAME [PHASE]`, `input NAME [PHASE]`.
        private mutating func readOscillator(_ card: NetlistCard) throws(NetlistError) {
            let tokens = card.tokens
            try checkArity(card, 2...3, "NAME [PHASE]")
            let isInput = card.keyword == "input"
            let name = try OscillatorNetlistParser.name(tokens[1], isInput ? "an input name" : "an oscillator name")
            let phase = tokens.count == 3 ? try OscillatorNetlistParser.number(tokens[2], "a phase (rad)") : 0
            try claim(name, as: .oscillator(isInput: isInput), at: tokens[1])
            oscillators.append(OscillatorNetlist.Oscillator(name: name, phase: phase, isInput: isInput))
            if !isInput { hasFreeOscillator = true }
        }

        /// `layer NAME COUNT [input]`.
        private mutating func readLayer(_ card: NetlistCard) throws(NetlistError) {
            let tokens = card.tokens
            try checkArity(card, 3...4, "NAME COUNT [input]")
            let name = try OscillatorNetlistParser.name(tokens[1], "a layer name")
            let count = try OscillatorNetlistParser.count(tokens[2], "a layer's size COUNT", limit: Self.maximumSize)
            if tokens.count == 4, !tokens[3].isWord("input") {
                throw NetlistError("expected 'input' or nothing after the layer's size, found '\(tokens[3].original)'",
                                   at: tokens[3].location)
            }
            let isInput = tokens.count == 4
            try claim(name, as: .layer(count: count, isInput: isInput), at: tokens[1])
            for k in 1...count {
                try claim(OscillatorNetlist.memberName(name, k), as: .member(layer: name, index: k, isInput: isInput),
                          at: tokens[1], expanding: "layer '\(tokens[1].original)'")
            }
            layers.append(OscillatorNetlist.Layer(name: name, count: count, isInput: isInput))
            if !isInput { hasFreeOscillator = true }
        }

        /// `lattice NAME ROWS COLS periodic|open K [RADIUS]`.
        private mutating func readLattice(_ card: NetlistCard) throws(NetlistError) {
            let tokens = card.tokens
            try checkArity(card, 6...7, "NAME ROWS COLS periodic|open K [RADIUS]")
            let name = try OscillatorNetlistParser.name(tokens[1], "a lattice name")
            let rows = try OscillatorNetlistParser.count(tokens[2], "the number of rows ROWS", limit: Self.maximumSize)
            let columns = try OscillatorNetlistParser.count(tokens[3], "the number of columns COLS", limit: Self.maximumSize)
            guard rows * columns >= 2 else {
                throw NetlistError("a lattice needs at least 2 sites, got \(rows) × \(columns)", at: tokens[3].location)
            }
            guard rows * columns <= Self.maximumSize else {
                throw NetlistError("a lattice may have at most \(Self.maximumSize) sites, got \(rows) × \(columns)",
                                   at: tokens[3].location)
            }
            guard let boundary = OscillatorNetlist.Lattice.Boundary(rawValue: tokens[4].text), tokens[4].kind == .word else {
                throw NetlistError("expected the boundary, periodic or open, found '\(tokens[4].original)'", at: tokens[4].location)
            }
            let strength = try OscillatorNetlistParser.number(tokens[5], "a coupling strength K (J)")
            var radius = 1.0
            if tokens.count == 7 {
                radius = try OscillatorNetlistParser.number(tokens[6], "a radius RADIUS (lattice spacings)")
                guard radius > 0 else {
                    throw NetlistError("the radius must be positive, got \(tokens[6].original)", at: tokens[6].location)
                }
            }
            try claim(name, as: .lattice(sites: rows * columns), at: tokens[1])
            for i in 1...rows {
                for j in 1...columns {
                    try claim(OscillatorNetlist.siteName(name, i, j), as: .site(lattice: name), at: tokens[1],
                              expanding: "lattice '\(tokens[1].original)'")
                }
            }
            lattices.append(OscillatorNetlist.Lattice(name: name, rows: rows, columns: columns, boundary: boundary,
                                                      strength: strength, radius: radius))
            hasFreeOscillator = true
        }

        /// Reads the references and values of an element card `declare` accepted.
        mutating func readElement(_ card: NetlistCard) throws(NetlistError) {
            let tokens = card.tokens
            let name = tokens[1].text
            switch card.keyword {
            case "couple":
                let a = try oscillator(tokens[2]), b = try oscillator(tokens[3])
                guard a.name != b.name else {
                    throw NetlistError("'\(tokens[1].original)' couples '\(tokens[2].original)' to itself", at: tokens[3].location)
                }
                guard !(a.isInput && b.isInput) else {
                    throw NetlistError("'\(tokens[1].original)' couples two inputs (their phases are fixed): "
                                       + "at least one end must be a free oscillator", at: tokens[3].location)
                }
                let weight = try OscillatorNetlistParser.number(tokens[4], "a coupling weight W (J)")
                elements.append(.couple(name: name, a: a.name, b: b.name, weight: weight))
            case "field":
                let a = try freeOscillator(tokens[2], of: card)
                let strength = try OscillatorNetlistParser.number(tokens[3], "a field strength H (J)")
                let phase = try OscillatorNetlistParser.number(tokens[4], "a field phase PSI (rad)")
                elements.append(.field(name: name, oscillator: a, strength: strength, phase: phase))
            case "lock":
                let a = try freeOscillator(tokens[2], of: card)
                let strength = try OscillatorNetlistParser.number(tokens[3], "a locking strength K (J)")
                elements.append(.lock(name: name, oscillator: a, strength: strength))
            case "omega":
                let a = try freeOscillator(tokens[2], of: card)
                let frequency = try OscillatorNetlistParser.number(tokens[3], "a natural frequency W (rad/s)")
                elements.append(.omega(name: name, oscillator: a, frequency: frequency))
            case "dense":
                let (a, b) = try groups(tokens[2], tokens[3], of: card)
                let initialization: OscillatorNetlist.Initialization
                if tokens.count == 7 {
                    let scale = try OscillatorNetlistParser.number(tokens[5], "a scale SCALE (J)")
                    guard scale >= 0 else {
                        throw NetlistError("the scale must not be negative, got \(tokens[5].original)", at: tokens[5].location)
                    }
                    initialization = .uniform(scale: scale, seed: try OscillatorNetlistParser.seed(tokens[6]))
                } else {
                    initialization = .constant(try OscillatorNetlistParser.number(
                        tokens[4], "an initial weight W (J) or 'uniform SCALE SEED'"))
                }
                elements.append(.dense(name: name, layerA: a.name, layerB: b.name, initialization: initialization))
            default: // pair
                let (a, b) = try groups(tokens[2], tokens[3], of: card)
                guard a.size == b.size else {
                    throw NetlistError("'\(tokens[1].original)' pairs '\(tokens[2].original)' (\(a.size) oscillators) with "
                                       + "'\(tokens[3].original)' (\(b.size)): the sizes must be equal", at: tokens[3].location)
                }
                let weight = try OscillatorNetlistParser.number(tokens[4], "an initial weight W (J)")
                elements.append(.pair(name: name, layerA: a.name, layerB: b.name, weight: weight))
            }
        }

        /// Too few values: at the keyword; too many: at the first extra one.
        private func checkArity(_ card: NetlistCard, _ counts: ClosedRange<Int>, _ syntax: String) throws(NetlistError) {
            let tokens = card.tokens
            guard !counts.contains(tokens.count) else { return }
            let at = tokens.count > counts.upperBound ? tokens[counts.upperBound].location : card.location
            let values = tokens.count - 1
            throw NetlistError("'\(tokens[0].text)' takes \(syntax), got \(values) value\(values == 1 ? "" : "s")", at: at)
        }

        /// Claims `name` in the file's single namespace; `expanding` names the layer or lattice
        /// whose member it is.
        private mutating func claim(_ name: String, as kind: Kind, at token: NetlistToken,
                                    expanding: String? = nil) throws(NetlistError) {
            if let previous = declared[name] {
                if let expanding {
                    throw NetlistError("\(expanding) expands to '\(name)', already declared: \(previous.describe(name))",
                                       at: token.location)
                }
                throw NetlistError("'\(token.original)' is already declared: \(previous.describe(name))", at: token.location)
            }
            declared[name] = Declaration(kind: kind, line: token.location.line)
        }

        /// A declared oscillator: a single one, a layer member or a lattice site.
        private func oscillator(_ token: NetlistToken) throws(NetlistError) -> (name: String, isInput: Bool) {
            guard token.kind == .word, let declaration = declared[token.text] else {
                throw NetlistError("unknown oscillator '\(token.original)'", at: token.location)
            }
            switch declaration.kind {
            case .oscillator(let isInput), .member(_, _, let isInput): return (token.text, isInput)
            case .site: return (token.text, false)
            case .layer:
                throw NetlistError("'\(token.original)' is a layer, not an oscillator (name a member such as "
                                   + "'\(OscillatorNetlist.memberName(token.text, 1))', or couple layers with dense or pair)",
                                   at: token.location)
            case .lattice:
                throw NetlistError("'\(token.original)' is a lattice, not an oscillator (name a site such as "
                                   + "'\(OscillatorNetlist.siteName(token.text, 1, 1))')", at: token.location)
            case .element(let keyword):
                throw NetlistError("'\(token.original)' is a \(keyword) element, not an oscillator", at: token.location)
            }
        }

        /// A declared oscillator that is not an input (fields, locks and frequencies act on
        /// phases that move).
        private func freeOscillator(_ token: NetlistToken, of card: NetlistCard) throws(NetlistError) -> String {
            let a = try oscillator(token)
            guard !a.isInput else {
                throw NetlistError("'\(token.original)' is an input (its phase is fixed by the data): "
                                   + "'\(card.keyword)' acts on a free oscillator", at: token.location)
            }
            return a.name
        }

        /// Two distinct declared layers or lattices, the second not an input layer.
        private func groups(_ first: NetlistToken, _ second: NetlistToken,
                            of card: NetlistCard) throws(NetlistError) -> ((name: String, size: Int), (name: String, size: Int)) {
            func group(_ token: NetlistToken) throws(NetlistError) -> (name: String, size: Int, isInput: Bool) {
                guard token.kind == .word, let declaration = declared[token.text] else {
                    throw NetlistError("unknown layer or lattice '\(token.original)'", at: token.location)
                }
                switch declaration.kind {
                case .layer(let count, let isInput): return (token.text, count, isInput)
                case .lattice(let sites): return (token.text, sites, false)
                case .element(let keyword):
                    throw NetlistError("'\(token.original)' is a \(keyword) element, not a layer or lattice", at: token.location)
                default:
                    throw NetlistError("'\(token.original)' is an oscillator, not a layer or lattice "
                                       + "('\(card.keyword)' joins whole layers; 'couple' joins two oscillators)",
                                       at: token.location)
                }
            }
            let a = try group(first), b = try group(second)
            guard a.name != b.name else {
                throw NetlistError("'\(card.tokens[1].original)' joins '\(first.original)' to itself "
                                   + "(A and B must be different layers)", at: second.location)
            }
            guard !b.isInput else {
                throw NetlistError("'\(second.original)' is an input layer: it may be A but not B "
                                   + "(B's oscillators must be free)", at: second.location)
            }
            return ((a.name, a.size), (b.name, b.size))
        }
    }
}
