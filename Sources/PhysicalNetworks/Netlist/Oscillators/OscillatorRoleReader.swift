/// Reads the `*@` learning roles of an oscillator network file:
///
///     *@ input NAME ...       input oscillators or input layers (expanded), in data-column order
///     *@ output NAME ...      free oscillators, layers or lattices (expanded)
///     *@ train PATTERN ...    parameter names (`c1.w`, `d1.w_2_3`, `s.k_0_1`), element or lattice
///                             names (all their trainable parameters), or *.w, *.h, *.psi, *.k
///     *@ bounds LOW HIGH      bounds of every trainable parameter
///
/// Names expand through `OscillatorNetlist.members` and `parameterNames()`, so roles name
/// exactly what the built network holds. An input or output listed twice is an error; a
/// trainable parameter named again (say by `*.w` after `c1.w`) is kept once, at its first place.
/// Drags, natural frequencies and input phases are not trainable.
enum OscillatorRoleReader {
    static let directives = "input, output, train or bounds"
    /// The trainable kinds of parameter (the part of a parameter name after the dot, up to `_`).
    static let trainableKinds: Set<String> = ["w", "h", "psi", "k"]
    static let wildcards = "*.w, *.h, *.psi or *.k"

    static func roles(from cards: [NetlistCard], in netlist: OscillatorNetlist) throws(NetlistError) -> OscillatorNetlist.Roles {
        var roles = OscillatorNetlist.Roles()
        guard !cards.isEmpty else { return roles }
        let names = Names(netlist)
        var parameters: Parameters?
        var listedInputs: Set<String> = [], listedOutputs: Set<String> = [], trained: Set<String> = []
        for card in cards {
            guard let directive = card.tokens.first else {
                throw NetlistError("empty learning directive (expected \(directives))", at: card.location)
            }
            let arguments = Array(card.tokens.dropFirst())
            if directive.isWord("bounds") {
                roles.bounds = try bounds(directive, arguments, given: roles.bounds != nil)
                continue
            }
            guard !arguments.isEmpty || !["input", "output", "train"].contains(directive.text) else {
                throw NetlistError("'*@ \(directive.text)' needs at least one name", at: directive.location)
            }
            switch directive.text {
            case "input":
                for token in arguments {
                    try append(names.inputs(token), from: token, to: &roles.inputs, listed: &listedInputs)
                }
            case "output":
                for token in arguments {
                    try append(names.outputs(token), from: token, to: &roles.outputs, listed: &listedOutputs)
                }
            case "train":
                if parameters == nil { parameters = Parameters(netlist.parameterNames()) }
                for token in arguments {
                    for name in try parameters!.trainable(token, names: names) where trained.insert(name).inserted {
                        roles.trainable.append(name)
                    }
                }
            default:
                throw NetlistError("unknown learning directive '\(directive.original)' (expected \(directives))",
                                   at: directive.location)
            }
        }
        return roles
    }

    /// `*@ bounds LOW HIGH`: LOW < HIGH; LOW may be `-inf` and HIGH `inf`.
    private static func bounds(_ directive: NetlistToken, _ arguments: [NetlistToken],
                               given: Bool) throws(NetlistError) -> ClosedRange<Double> {
        guard arguments.count == 2 else {
            let at = arguments.count > 2 ? arguments[2].location : directive.location
            throw NetlistError("'*@ bounds' takes two values LOW HIGH, got \(arguments.count)", at: at)
        }
        guard !given else { throw NetlistError("'*@ bounds' given twice", at: directive.location) }
        let low = arguments[0], high = arguments[1]
        let lower = low.isWord("-inf") ? -Double.infinity : try OscillatorNetlistParser.number(low, "a lower bound LOW")
        let upper = high.isWord("inf") ? Double.infinity : try OscillatorNetlistParser.number(high, "an upper bound HIGH")
        guard upper > lower else {
            throw NetlistError("HIGH must exceed LOW, got \(low.original) and \(high.original)", at: high.location)
        }
        return lower...upper
    }

    /// Appends the names `token` expands to, each once.
    private static func append(_ expanded: [String], from token: NetlistToken, to list: inout [String],
                               listed: inout Set<String>) throws(NetlistError) {
        for name in expanded {
            guard listed.insert(name).inserted else {
                let what = expanded.count == 1 && name == token.text ? "'\(token.original)'"
                    : "'\(token.original)' includes '\(name)', which is"
                throw NetlistError("\(what) listed twice", at: token.location)
            }
            list.append(name)
        }
    }

    /// What every name of the file is, for expanding inputs and outputs and for messages.
    struct Names {
        /// Every oscillator (single, layer member, lattice site): whether it is an input.
        var isInput: [String: Bool] = [:]
        /// Layers and lattices: their members in order, and whether they are input layers.
        var groups: [String: (kind: String, members: [String], isInput: Bool)] = [:]
        /// Elements: their card keyword.
        var elements: [String: String] = [:]

        init(_ netlist: OscillatorNetlist) {
            for member in netlist.members { isInput[member.name] = member.isInput }
            for layer in netlist.layers {
                groups[layer.name] = ("layer", (0..<layer.count).map { OscillatorNetlist.memberName(layer.name, $0 + 1) },
                                      layer.isInput)
            }
            for lattice in netlist.lattices {
                var sites: [String] = []
                for i in 0..<lattice.rows {
                    for j in 0..<lattice.columns { sites.append(OscillatorNetlist.siteName(lattice.name, i + 1, j + 1)) }
                }
                groups[lattice.name] = ("lattice", sites, false)
            }
            for element in netlist.elements {
                switch element {
                case .couple(let name, _, _, _): elements[name] = "couple"
                case .field(let name, _, _, _): elements[name] = "field"
                case .lock(let name, _, _): elements[name] = "lock"
                case .omega(let name, _, _): elements[name] = "omega"
                case .dense(let name, _, _, _): elements[name] = "dense"
                case .pair(let name, _, _, _): elements[name] = "pair"
                }
            }
        }

        /// `a free oscillator`, `an input layer`, `a couple element`, …, or nil for an unknown name.
        func describe(_ name: String) -> String? {
            if let input = isInput[name] { return input ? "an input oscillator" : "a free oscillator" }
            if let group = groups[name] {
                return group.kind == "lattice" ? "a lattice" : group.isInput ? "an input layer" : "a layer of free oscillators"
            }
            if let keyword = elements[name] { return "a\(keyword == "omega" ? "n" : "") \(keyword) element" }
            return nil
        }

        /// An input oscillator, or an input layer's members.
        func inputs(_ token: NetlistToken) throws(NetlistError) -> [String] {
            let name = token.text
            if isInput[name] == true { return [name] }
            if let group = groups[name], group.isInput { return group.members }
            let found = describe(name).map { "'\(token.original)' is \($0), not an input" } ?? "unknown input '\(token.original)'"
            throw NetlistError("\(found) ('*@ input' names inputs, 'input NAME', or input layers, 'layer NAME COUNT input')",
                               at: token.location)
        }

        /// A free oscillator, or a free layer's members, or a lattice's sites.
        func outputs(_ token: NetlistToken) throws(NetlistError) -> [String] {
            let name = token.text
            if isInput[name] == false { return [name] }
            if let group = groups[name], !group.isInput { return group.members }
            guard let what = describe(name) else {
                throw NetlistError("unknown output '\(token.original)' (expected a free oscillator, a layer or a lattice)",
                                   at: token.location)
            }
            let reason = what == "an input oscillator" ? " (its phase is set by the data)"
                : what == "an input layer" ? " (its phases are set by the data)" : ""
            throw NetlistError("'\(token.original)' is \(what)\(reason): an output must be a free oscillator, a layer or a lattice",
                               at: token.location)
        }
    }

    /// The file's parameter names, indexed by owner (the name before the dot) and by kind.
    struct Parameters {
        var all: Set<String> = []
        var byOwner: [String: [String]] = [:]
        var byKind: [String: [String]] = [:]
        /// The owners in order of their first parameter.
        var owners: [String] = []

        init(_ names: [String]) {
            for name in names {
                all.insert(name)
                let (owner, kind) = Self.split(name)
                if byOwner[owner] == nil { owners.append(owner) }
                byOwner[owner, default: []].append(name)
                byKind[kind, default: []].append(name)
            }
        }

        /// `d1.w_2_3` → (`d1`, `w`).
        static func split(_ name: String) -> (owner: String, kind: String) {
            guard let dot = name.firstIndex(of: ".") else { return (name, "") }
            let suffix = name[name.index(after: dot)...]
            return (String(name[..<dot]), String(suffix.prefix { $0 != "_" }))
        }

        /// Why a kind of parameter cannot be trained.
        static func whyNotTrainable(_ kind: String) -> String {
            switch kind {
            case "phase": "an input's phase is set by the data (or fixed, as a bias's is); it is not a weight"
            case "drag": "a drag sets how fast a phase relaxes, not where it settles, and EP has no local measurement for it"
            default: "a natural frequency is a non-gradient drift with no energy term, so EP has no local measurement for it"
            }
        }

        /// The trainable parameters `token` names, in `parameterNames()` order for a pattern.
        func trainable(_ token: NetlistToken, names: Names) throws(NetlistError) -> [String] {
            let text = token.text
            let syntax = "(expected a parameter such as c1.w or d1.w_2_3, an element or lattice name, or \(wildcards))"
            guard token.kind == .word else {
                throw NetlistError("expected a trainable parameter, found '\(token.original)' \(syntax)", at: token.location)
            }
            let (owner, kind) = Self.split(text)
            if owner == "*" {
                guard text.hasPrefix("*."), !kind.isEmpty, text.dropFirst(2) == kind else {
                    throw NetlistError("'\(token.original)' is not a wildcard (the wildcards are \(wildcards))", at: token.location)
                }
                guard trainableKinds.contains(kind) else {
                    if ["phase", "drag", "omega"].contains(kind) {
                        throw NetlistError("'\(token.original)' is not trainable: \(Self.whyNotTrainable(kind))", at: token.location)
                    }
                    throw NetlistError("unknown wildcard '\(token.original)' (the wildcards are \(wildcards))", at: token.location)
                }
                guard let matched = byKind[kind], !matched.isEmpty else {
                    let holders = ["w": "couple, dense or pair element", "h": "field element", "psi": "field element",
                                   "k": "lock element or lattice"]
                    throw NetlistError("'\(token.original)' matches no parameter (the file has no \(holders[kind] ?? ""))",
                                       at: token.location)
                }
                return matched
            }
            if text.contains(".") {
                if all.contains(text) {
                    guard trainableKinds.contains(kind) else {
                        throw NetlistError("'\(token.original)' is not trainable: \(Self.whyNotTrainable(kind))", at: token.location)
                    }
                    return [text]
                }
                guard let what = names.describe(owner) else {
                    throw NetlistError("unknown name '\(owner)' in '\(token.original)' \(syntax)", at: token.location)
                }
                throw NetlistError("'\(token.original)' is not a parameter of '\(owner)', \(what) (\(listing(byOwner[owner] ?? [])))",
                                   at: token.location)
            }
            guard let what = names.describe(text) else {
                throw NetlistError("unknown name '\(token.original)' in '*@ train' \(syntax)", at: token.location)
            }
            if names.groups[text]?.kind == "layer" {
                throw NetlistError("'\(token.original)' is a layer: it has no parameters of its own "
                                   + "(train the dense or pair elements that join it)", at: token.location)
            }
            let own = byOwner[text] ?? []
            let trainable = own.filter { trainableKinds.contains(Self.split($0).kind) }
            guard !trainable.isEmpty else {
                let kind = own.first.map { Self.split($0).kind } ?? "drag"
                throw NetlistError("'\(token.original)', \(what), has nothing trainable (\(listing(own)); "
                                   + "\(Self.whyNotTrainable(kind)))",
                                   at: token.location)
            }
            return trainable
        }

        /// `its parameters: a, b` or `its parameters: d1.w_1_1 … d1.w_4_2`.
        private func listing(_ names: [String]) -> String {
            if names.isEmpty { return "it has no parameters" }
            if names.count <= 4 { return "its parameters: " + names.joined(separator: ", ") }
            return "its parameters: \(names[0]) … \(names[names.count - 1])"
        }
    }
}
