/// Parses an oscillator network file (docs/oscillators.md) into an `OscillatorNetlist`.
///
/// The file reads like a netlist: the first line is the title; `*` lines are comments and `*@`
/// lines learning roles; `;` starts an inline comment; `+` continues a card; numbers take SPICE
/// scale factors (so `1m` is 10⁻³); names are case-insensitive; nothing after `.end` is read.
///
///     .drag GAMMA                   γ of every free oscillator, J·s/rad² (default 1)
///     osc NAME [PHASE]              a free oscillator, initial phase in rad (default 0)
///     input NAME [PHASE]            a clamped oscillator (data, or a fixed bias phase)
///     layer NAME COUNT [input]      NAME_1 … NAME_COUNT
///     lattice NAME ROWS COLS periodic|open K [RADIUS]   sites NAME_I_J, kernel K within RADIUS
///     couple NAME A B W             −W cos(φ_A − φ_B)
///     field NAME A H PSI            −H cos(φ_A − PSI)
///     lock NAME A K                 −K cos 2φ_A
///     omega NAME A W                natural frequency W (rad/s), a non-gradient drift
///     dense NAME A B W | dense NAME A B uniform SCALE SEED    layer A × layer B
///     pair NAME A B W               member k of A to member k of B
///
/// Every name — oscillators, layer members, lattice sites, layers, lattices, elements — is
/// unique in the file; cards may name oscillators declared after them. Every error is a
/// `NetlistError` at the file, line and column of the offending token.
public enum OscillatorNetlistParser {
    /// Parses the file at `path`.
    public static func parse(fileAt path: String) throws(NetlistError) -> OscillatorNetlist {
        try parse(contents: NetlistFileContents.read(path), file: path)
    }

    /// Parses oscillator network text; `file` names it in errors.
    public static func parse(contents: String, file: String) throws(NetlistError) -> OscillatorNetlist {
        let (title, cards) = try NetlistLexer.cards(in: contents, file: file)
        var settings = Settings()
        var reader = ElementReader()
        var elementCards: [NetlistCard] = []
        // Declarations and element names in file order (so a clash is reported at the later
        // card), then the element cards, which may name oscillators declared after them.
        for card in cards where !card.isDirective {
            if card.keyword.hasPrefix(".") {
                try settings.read(card)
            } else if try reader.declare(card) {
                elementCards.append(card)
            }
        }
        try reader.checkSomethingMoves(file: file)
        for card in elementCards { try reader.readElement(card) }
        var netlist = OscillatorNetlist(file: file, title: title, drag: settings.drag, oscillators: reader.oscillators,
                                        layers: reader.layers, lattices: reader.lattices, elements: reader.elements)
        netlist.roles = try OscillatorRoleReader.roles(from: cards.filter(\.isDirective), in: netlist)
        return netlist
    }

    /// The cards of the file, for messages.
    static let knownCards = "osc, input, layer, lattice, couple, field, lock, omega, dense, pair, .drag or .end"

    /// A finite number token, with an error that names what it should have been.
    static func number(_ token: NetlistToken, _ what: String) throws(NetlistError) -> Double {
        guard token.kind == .word, let value = SpiceNumber.parse(token.text), value.isFinite else {
            throw NetlistError("expected \(what), found '\(token.original)'", at: token.location)
        }
        return value
    }

    /// A positive integer token (SPICE scale factors allowed, so `1k` is 1000), at most `limit`.
    static func count(_ token: NetlistToken, _ what: String, limit: Int) throws(NetlistError) -> Int {
        let value = try number(token, "\(what) (a positive integer)")
        guard value >= 1, value.rounded() == value else {
            throw NetlistError("\(what) must be a positive integer, got \(token.original)", at: token.location)
        }
        guard value <= Double(limit) else {
            throw NetlistError("\(what) must be at most \(limit), got \(token.original)", at: token.location)
        }
        return Int(value)
    }

    /// A generator seed: a non-negative integer below 2⁶⁴ (digits are read exactly).
    static func seed(_ token: NetlistToken) throws(NetlistError) -> UInt64 {
        if token.kind == .word, !token.text.isEmpty, token.text.allSatisfy({ $0.isASCII && $0.isNumber }),
           let seed = UInt64(token.text) {
            return seed
        }
        let value = try number(token, "a seed (a non-negative integer)")
        guard value >= 0, value.rounded() == value, value < 0x1p64 else {
            throw NetlistError("the seed must be a non-negative integer below 2^64, got \(token.original)", at: token.location)
        }
        return UInt64(value)
    }

    /// A name token: a word without `.` (a dot separates a name from its parameter, `c1.w`)
    /// and without `*` (which stands for every name in `*@ train *.w`).
    static func name(_ token: NetlistToken, _ what: String) throws(NetlistError) -> String {
        guard token.kind == .word, !token.text.contains("."), !token.text.contains("*") else {
            throw NetlistError("expected \(what) (a name without '.' or '*'), found '\(token.original)'", at: token.location)
        }
        return token.text
    }

    /// The `.drag` card.
    struct Settings {
        var drag = 1.0
        var seen: Set<String> = []

        mutating func read(_ card: NetlistCard) throws(NetlistError) {
            let keyword = card.tokens[0]
            guard keyword.text == ".drag" else {
                throw NetlistError("unknown card '\(keyword.original)' (expected \(OscillatorNetlistParser.knownCards))",
                                   at: keyword.location)
            }
            guard card.tokens.count == 2 else {
                let at = card.tokens.count > 2 ? card.tokens[2].location : keyword.location
                throw NetlistError("'.drag' takes one value GAMMA (J·s/rad²), got \(card.tokens.count - 1)", at: at)
            }
            guard seen.insert(keyword.text).inserted else {
                throw NetlistError("'.drag' given twice", at: keyword.location)
            }
            let token = card.tokens[1]
            drag = try OscillatorNetlistParser.number(token, "a drag GAMMA (J·s/rad²)")
            guard drag > 0 else { throw NetlistError("the drag must be positive, got \(token.original)", at: token.location) }
        }
    }
}
