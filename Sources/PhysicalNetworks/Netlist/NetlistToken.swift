/// One token of a netlist card, with the position where it starts (public: every family's file
/// format, QuantumNetworks' model files included, reads the same cards).
///
/// Words are lower-cased (SPICE names are case-insensitive); `original` keeps the text as
/// written, for error messages. An `expression` token is the body of a `{...}` or `'...'`
/// parameter expression, lower-cased, without its delimiters.
public struct NetlistToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case word
        case equals
        case openParenthesis
        case closeParenthesis
        case expression
    }

    public var kind: Kind
    /// Lower-cased text (for an expression: its body, without braces).
    public var text: String
    /// The text exactly as written.
    public var original: String
    /// Where the token starts (for an expression: its opening delimiter).
    public var location: SourceLocation

    /// Whether this is the word `word` (already lower-case).
    public func isWord(_ word: String) -> Bool { kind == .word && text == word }
}

/// One logical card: a physical line plus its `+` continuation lines, or one `*@` directive.
public struct NetlistCard: Sendable, Equatable {
    /// The card's tokens; for a directive, the tokens after `*@`.
    public var tokens: [NetlistToken]
    /// True for a `*@` learning directive (a comment to SPICE).
    public var isDirective: Bool
    /// Where the card starts (its first token, or the `*@` of a directive).
    public var location: SourceLocation

    /// The card's first token lower-cased, e.g. `.tran` or `r1`.
    public var keyword: String { tokens.first?.text ?? "" }
}
