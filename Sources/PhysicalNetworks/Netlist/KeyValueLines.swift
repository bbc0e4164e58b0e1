/// One `key = value…` line of a small configuration file: the key and its whitespace-separated
/// values, each with its location.
struct KeyValueLine: Sendable {
    var key: DescriptionToken
    var values: [DescriptionToken]

    /// The `key = value…` lines of `contents` (`#` starts a comment; blank lines are skipped).
    /// Keys are lowercased and must be in `keys`, at most once each, with at least one value.
    /// - Throws: `NetlistError` at the file, line and column of the offending token.
    static func read(_ contents: String, file: String, keys: [String]) throws(NetlistError) -> [KeyValueLine] {
        var lines: [KeyValueLine] = []
        var seen: [String: SourceLocation] = [:]
        for (offset, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let text = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let first = DescriptionToken.split(text, file: file, line: line).first else { continue }
            guard let equalsIndex = text.firstIndex(of: "=") else {
                throw NetlistError("expected 'key = value', found '\(first.text)'", at: first.location)
            }
            let equalsColumn = text.distance(from: text.startIndex, to: equalsIndex) + 1
            let equals = SourceLocation(file: file, line: line, column: equalsColumn)
            let keyTokens = DescriptionToken.split(text[..<equalsIndex], file: file, line: line)
            let values = DescriptionToken.split(text[text.index(after: equalsIndex)...], file: file, line: line,
                                                columnOffset: equalsColumn)
            guard let key = keyTokens.first else { throw NetlistError("missing key before '='", at: equals) }
            if keyTokens.count > 1 {
                throw NetlistError("unexpected '\(keyTokens[1].text)' in key", at: keyTokens[1].location)
            }
            let name = key.text.lowercased()
            guard keys.contains(name) else {
                let expected = keys.joined(separator: ", ")
                throw NetlistError("unknown key '\(key.text)' (expected one of \(expected))", at: key.location)
            }
            if let previous = seen[name] {
                throw NetlistError("duplicate key '\(name)' (first given at \(previous))", at: key.location)
            }
            seen[name] = key.location
            guard !values.isEmpty else {
                let afterEquals = SourceLocation(file: file, line: line, column: equalsColumn + 1)
                throw NetlistError("missing value for '\(name)'", at: afterEquals)
            }
            lines.append(KeyValueLine(key: DescriptionToken(text: name, location: key.location), values: values))
        }
        return lines
    }
}
