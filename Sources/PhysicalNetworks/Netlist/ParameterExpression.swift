import Foundation

/// Evaluates a SPICE parameter expression, the body of `{...}`.
///
/// Grammar (lowest precedence first): `+ -`, `* /`, unary `- +`, `^` or `**` (right
/// associative, so `-2^2 = -4`), then numbers with SPICE scale factors (`2k`), parameter
/// names, parenthesised expressions and the functions `sqrt exp log abs min max pow sin cos`
/// (`log` is the natural logarithm, as in ngspice).
struct ParameterExpression {
    private let chars: [Character]
    private let scope: [String: Double]
    /// Location of `chars[0]`; errors point at the offending character.
    private let origin: SourceLocation
    private var position = 0

    /// Evaluates `text` (lower-case) with parameter values `scope`.
    /// - Parameter origin: where `text` starts in the file.
    /// - Throws: `NetlistError` at the bad token for syntax errors, undefined parameters and
    ///   non-finite results.
    static func evaluate(_ text: String, scope: [String: Double], origin: SourceLocation) throws(NetlistError) -> Double {
        var parser = ParameterExpression(chars: Array(text), scope: scope, origin: origin)
        parser.skipSpaces()
        guard parser.position < parser.chars.count else {
            throw NetlistError("empty expression", at: origin)
        }
        let value = try parser.sum()
        parser.skipSpaces()
        if parser.position < parser.chars.count {
            throw parser.error("malformed expression: unexpected '\(parser.chars[parser.position])'")
        }
        guard value.isFinite else {
            throw NetlistError("expression '\(text)' is not finite", at: origin)
        }
        return value
    }

    private init(chars: [Character], scope: [String: Double], origin: SourceLocation) {
        self.chars = chars
        self.scope = scope
        self.origin = origin
    }

    private func location(_ index: Int) -> SourceLocation {
        SourceLocation(file: origin.file, line: origin.line, column: origin.column + index)
    }

    private func error(_ message: String, at index: Int? = nil) -> NetlistError {
        NetlistError(message, at: location(index ?? position))
    }

    private mutating func skipSpaces() {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
    }

    /// Consumes `symbol` (after spaces) if it is next.
    private mutating func accept(_ symbol: String) -> Bool {
        skipSpaces()
        let s = Array(symbol)
        guard position + s.count <= chars.count, Array(chars[position..<(position + s.count)]) == s else {
            return false
        }
        position += s.count
        return true
    }

    private mutating func sum() throws(NetlistError) -> Double {
        var value = try product()
        while true {
            if accept("+") { value += try product() }
            else if accept("-") { value -= try product() }
            else { return value }
        }
    }

    private mutating func product() throws(NetlistError) -> Double {
        var value = try unary()
        while true {
            skipSpaces()
            if position + 1 < chars.count, chars[position] == "*", chars[position + 1] == "*" { return value }
            if accept("*") { value *= try unary() }
            else if accept("/") { value /= try unary() }
            else { return value }
        }
    }

    private mutating func unary() throws(NetlistError) -> Double {
        if accept("-") { return -(try unary()) }
        if accept("+") { return try unary() }
        return try power()
    }

    private mutating func power() throws(NetlistError) -> Double {
        let base = try primary()
        if accept("**") || accept("^") { return Foundation.pow(base, try unary()) }
        return base
    }

    private mutating func primary() throws(NetlistError) -> Double {
        skipSpaces()
        guard position < chars.count else { throw error("malformed expression: unexpected end") }
        let start = position
        let c = chars[position]
        if c == "(" {
            position += 1
            let value = try sum()
            guard accept(")") else { throw error("malformed expression: expected ')'") }
            return value
        }
        if c.isNumber || c == "." {
            while position < chars.count, chars[position].isNumber || chars[position] == "." { position += 1 }
            if position < chars.count, chars[position] == "e" {
                var j = position + 1
                if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                if j < chars.count, chars[j].isNumber {
                    position = j
                    while position < chars.count, chars[position].isNumber { position += 1 }
                }
            }
            while position < chars.count, chars[position].isLetter { position += 1 }
            let text = String(chars[start..<position])
            guard let value = SpiceNumber.parse(text) else {
                throw error("malformed number '\(text)'", at: start)
            }
            return value
        }
        if c.isLetter || c == "_" {
            while position < chars.count, chars[position].isLetter || chars[position].isNumber || chars[position] == "_" {
                position += 1
            }
            let name = String(chars[start..<position])
            if accept("(") { return try call(name, at: start) }
            guard let value = scope[name] else { throw error("undefined parameter '\(name)'", at: start) }
            return value
        }
        throw error("malformed expression: unexpected '\(c)'")
    }

    private mutating func call(_ name: String, at start: Int) throws(NetlistError) -> Double {
        var arguments: [Double] = []
        if !accept(")") {
            repeat { arguments.append(try sum()) } while accept(",")
            guard accept(")") else { throw error("malformed expression: expected ')'") }
        }
        func require(_ count: Int) throws(NetlistError) {
            guard arguments.count == count else {
                throw error("function '\(name)' takes \(count) argument\(count == 1 ? "" : "s"), got \(arguments.count)", at: start)
            }
        }
        switch name {
        case "sqrt": try require(1); return arguments[0].squareRoot()
        case "exp": try require(1); return Foundation.exp(arguments[0])
        case "log": try require(1); return Foundation.log(arguments[0])
        case "abs": try require(1); return Swift.abs(arguments[0])
        case "sin": try require(1); return Foundation.sin(arguments[0])
        case "cos": try require(1); return Foundation.cos(arguments[0])
        case "min": try require(2); return Swift.min(arguments[0], arguments[1])
        case "max": try require(2); return Swift.max(arguments[0], arguments[1])
        case "pow": try require(2); return Foundation.pow(arguments[0], arguments[1])
        default: throw error("unknown function '\(name)'", at: start)
        }
    }
}
