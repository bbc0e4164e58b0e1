/// Parses an elastic network file (docs/elastic.md) into an `ElasticNetlist`.
///
/// The file reads like a netlist: the first line is the title; `*` lines are comments and `*@`
/// lines learning roles; `;` starts an inline comment; `+` continues a card; numbers take SPICE
/// scale factors (so `1m` is 10⁻³); names are case-insensitive; nothing after `.end` is read.
///
///     .dimension 2|3          (default 2)
///     .drag GAMMA             drag of every free node, N·s/m (default 1)
///     .sensor K               coupling of every distance sensor, N/m (default 1e6)
///     node NAME X Y [Z] [pinned]
///     bond NAME A B K [L]     (k/2)(|x_A − x_B| − L)², L defaulting to the file distance
///     sensor NAME A B         reads |x_A − x_B| (an output)
///
/// Every error is a `NetlistError` at the file, line and column of the offending token.
public enum ElasticNetlistParser {
    /// Parses the file at `path`.
    public static func parse(fileAt path: String) throws(NetlistError) -> ElasticNetlist {
        try parse(contents: NetlistFileContents.read(path), file: path)
    }

    /// Parses elastic network text; `file` names it in errors.
    public static func parse(contents: String, file: String) throws(NetlistError) -> ElasticNetlist {
        let (title, cards) = try NetlistLexer.cards(in: contents, file: file)
        var settings = Settings()
        for card in cards where !card.isDirective && card.keyword.hasPrefix(".") {
            try settings.read(card)
        }
        var reader = ElementReader(dimension: settings.dimension)
        for card in cards where !card.isDirective && card.keyword == "node" { try reader.readNode(card) }
        for card in cards where !card.isDirective && !card.keyword.hasPrefix(".") && card.keyword != "node" {
            switch card.keyword {
            case "bond": try reader.readBond(card)
            case "sensor": try reader.readSensor(card)
            default:
                throw NetlistError("unknown card '\(card.tokens[0].original)' (expected node, bond, sensor, "
                                   + ".dimension, .drag, .sensor or .end)", at: card.location)
            }
        }
        guard !reader.nodes.isEmpty else {
            throw NetlistError("no nodes (a network needs 'node NAME X Y' cards)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        try reader.checkEveryFreeNodeIsHeld(file: file)
        let elastic = ElasticNetwork(dimension: settings.dimension, nodes: reader.nodes, bonds: reader.bonds,
                                     drag: settings.drag)
        var netlist = ElasticNetlist(file: file, title: title, elastic: elastic, sensors: reader.sensors,
                                     sensorStiffness: settings.sensorStiffness)
        netlist.roles = try ElasticRoleReader.roles(from: cards.filter(\.isDirective), in: netlist)
        return netlist
    }

    /// A number token, with an error that names what it should have been.
    static func number(_ token: NetlistToken, _ what: String) throws(NetlistError) -> Double {
        guard token.kind == .word, let value = SpiceNumber.parse(token.text), value.isFinite else {
            throw NetlistError("expected \(what), found '\(token.original)'", at: token.location)
        }
        return value
    }

    /// A name token: a word without dots (dots separate a name from its parameter, `b1.k`).
    static func name(_ token: NetlistToken, _ what: String) throws(NetlistError) -> String {
        guard token.kind == .word, !token.text.contains(".") else {
            throw NetlistError("expected \(what) (a name without '.'), found '\(token.original)'", at: token.location)
        }
        return token.text
    }

    /// The `.dimension`, `.drag` and `.sensor` cards.
    struct Settings {
        var dimension = 2
        var drag = 1.0
        var sensorStiffness = ElasticNetlist.defaultSensorStiffness
        var seen: Set<String> = []

        mutating func read(_ card: NetlistCard) throws(NetlistError) {
            let keyword = card.tokens[0]
            guard [".dimension", ".drag", ".sensor"].contains(keyword.text) else {
                throw NetlistError("unknown card '\(keyword.original)' (expected .dimension, .drag, .sensor or .end)",
                                   at: keyword.location)
            }
            guard card.tokens.count == 2 else {
                throw NetlistError("'\(keyword.text)' takes one value", at: keyword.location)
            }
            guard seen.insert(keyword.text).inserted else {
                throw NetlistError("'\(keyword.text)' given twice", at: keyword.location)
            }
            let token = card.tokens[1]
            switch keyword.text {
            case ".dimension":
                let value = try ElasticNetlistParser.number(token, "a dimension, 2 or 3")
                guard value == 2 || value == 3 else {
                    throw NetlistError("the dimension must be 2 or 3, got \(token.original)", at: token.location)
                }
                dimension = Int(value)
            case ".drag":
                drag = try ElasticNetlistParser.number(token, "a drag (N·s/m)")
                guard drag > 0 else { throw NetlistError("the drag must be positive, got \(token.original)", at: token.location) }
            default:
                sensorStiffness = try ElasticNetlistParser.number(token, "a sensor coupling (N/m)")
                guard sensorStiffness > 0 else {
                    throw NetlistError("the sensor coupling must be positive, got \(token.original)", at: token.location)
                }
            }
        }
    }
}
