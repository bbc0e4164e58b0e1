import Foundation

/// Splits netlist text into a title and logical cards.
///
/// SPICE rules: the first line is the title; `*` lines are comments (except `*@` learning
/// directives, which become directive cards); `;` and whitespace-preceded `$` start inline
/// comments; a line starting with `+` continues the previous card (its tokens keep their own
/// line and column); `.control` … `.endc` blocks are skipped; nothing after `.end` is read.
/// Tokens are separated by whitespace and commas; `=`, `(` and `)` are tokens of their own;
/// `{...}` and `'...'` are parameter expressions.
public enum NetlistLexer {
    /// The title line and the cards of `contents`.
    public static func cards(in contents: String, file: String) throws(NetlistError) -> (title: String, cards: [NetlistCard]) {
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        guard let titleLine = lines.first,
              !(lines.count == 1 && titleLine.allSatisfy(\.isWhitespace)) else {
            throw NetlistError("empty netlist (the first line must be a title)",
                               at: SourceLocation(file: file, line: 1, column: 1))
        }
        let title = titleLine.trimmingCharacters(in: .whitespaces)
        var cards: [NetlistCard] = []
        var lastCircuitCard: Int?
        var inControlBlock = false

        for (index, rawLine) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            let chars = Array(rawLine)
            guard let first = chars.firstIndex(where: { !$0.isWhitespace }) else { continue }
            let firstWord = String(chars[first...].prefix { !$0.isWhitespace }).lowercased()
            if inControlBlock {
                if firstWord == ".endc" { inControlBlock = false }
                continue
            }
            if firstWord == ".control" { inControlBlock = true; continue }

            let code = stripInlineComment(chars)
            let location = SourceLocation(file: file, line: lineNumber, column: first + 1)
            switch chars[first] {
            case "*":
                let next = first + 1
                guard next < chars.count, chars[next] == "@" else { continue }
                let tokens = try tokenize(code, from: next + 1, line: lineNumber, file: file)
                cards.append(NetlistCard(tokens: tokens, isDirective: true, location: location))
            case "+":
                guard let target = lastCircuitCard else {
                    throw NetlistError("continuation line '+' with no card to continue", at: location)
                }
                cards[target].tokens += try tokenize(code, from: first + 1, line: lineNumber, file: file)
            default:
                let tokens = try tokenize(code, from: first, line: lineNumber, file: file)
                guard !tokens.isEmpty else { continue }
                if tokens[0].isWord(".end") { return (title, cards) }
                cards.append(NetlistCard(tokens: tokens, isDirective: false, location: location))
                lastCircuitCard = cards.count - 1
            }
        }
        return (title, cards)
    }

    /// `chars` cut at the first `;`, or at a `$` that starts the line or follows whitespace.
    private static func stripInlineComment(_ chars: [Character]) -> [Character] {
        var depth = 0
        for (i, c) in chars.enumerated() {
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth > 0 { continue }
            if c == ";" { return Array(chars[..<i]) }
            if c == "$", i == 0 || chars[i - 1].isWhitespace { return Array(chars[..<i]) }
        }
        return chars
    }

    /// The tokens of `chars[start...]`, located on line `line`.
    private static func tokenize(_ chars: [Character], from start: Int, line: Int, file: String) throws(NetlistError) -> [NetlistToken] {
        var tokens: [NetlistToken] = []
        var i = start
        func location(_ index: Int) -> SourceLocation {
            SourceLocation(file: file, line: line, column: index + 1)
        }
        func token(_ kind: NetlistToken.Kind, _ text: String, _ original: String, at index: Int) -> NetlistToken {
            NetlistToken(kind: kind, text: text, original: original, location: location(index))
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case _ where c.isWhitespace || c == ",":
                i += 1
            case "=":
                tokens.append(token(.equals, "=", "=", at: i)); i += 1
            case "(":
                tokens.append(token(.openParenthesis, "(", "(", at: i)); i += 1
            case ")":
                tokens.append(token(.closeParenthesis, ")", ")", at: i)); i += 1
            case "{", "'":
                let close: Character = c == "{" ? "}" : "'"
                var depth = 1
                var j = i + 1
                while j < chars.count {
                    if c == "{" && chars[j] == "{" { depth += 1 }
                    if chars[j] == close { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                guard j < chars.count else {
                    throw NetlistError("unterminated expression: missing '\(close)'", at: location(i))
                }
                let body = String(chars[(i + 1)..<j])
                tokens.append(token(.expression, body.lowercased(), String(chars[i...j]), at: i))
                i = j + 1
            case "}":
                throw NetlistError("unexpected '}'", at: location(i))
            default:
                var j = i
                while j < chars.count, !isDelimiter(chars[j]) { j += 1 }
                let word = String(chars[i..<j])
                tokens.append(token(.word, word.lowercased(), word, at: i))
                i = j
            }
        }
        return tokens
    }

    private static func isDelimiter(_ c: Character) -> Bool {
        c.isWhitespace || c == "," || c == "=" || c == "(" || c == ")" || c == "{" || c == "}" || c == "'"
    }
}
