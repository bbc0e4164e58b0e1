/// Reads the value part of an independent source card (`V` or `I`).
///
/// Accepted forms, in any combination of one DC part and one transient part:
/// `DC v`, a bare value `v`, `PULSE(v1 v2 [td [tr [tf [pw [per]]]]])`, `PWL(t1 v1 t2 v2 ...)`;
/// the parentheses and commas are optional (`PULSE 0 1 1n`).
enum SourceWaveformReader {
    /// The waveform described by `tokens[start...]` of source `name` (for messages).
    static func read(_ tokens: [NetlistToken], from start: Int, name: String, at location: SourceLocation,
                     scope: ExpansionScope) throws(NetlistError) -> SourceWaveform {
        var waveform = SourceWaveform(dc: nil)
        var i = start
        func setDC(_ token: NetlistToken) throws(NetlistError) {
            guard waveform.dc == nil else {
                throw NetlistError("source '\(name)' has two DC values", at: token.location)
            }
            waveform.dc = try scope.value(token)
        }
        while i < tokens.count {
            let token = tokens[i]
            if token.isWord("dc") {
                guard i + 1 < tokens.count, isValue(tokens[i + 1]) else {
                    throw NetlistError("missing value after 'DC'", at: token.location)
                }
                try setDC(tokens[i + 1])
                i += 2
            } else if token.isWord("pulse") || token.isWord("pwl") {
                guard waveform.transient == nil else {
                    throw NetlistError("source '\(name)' has two transient specifications", at: token.location)
                }
                let (values, next) = try arguments(tokens, after: i, scope: scope)
                waveform.transient = token.text == "pulse"
                    ? try pulse(values, at: token.location)
                    : try pwl(values, at: token.location)
                i = next
            } else if isValue(token) {
                try setDC(token)
                i += 1
            } else if token.kind == .word, ["ac", "sin", "exp", "sffm", "am", "trnoise", "trrandom", "distof1", "distof2"].contains(token.text) {
                throw NetlistError("unsupported source specification '\(token.original)' (use DC, PULSE or PWL)", at: token.location)
            } else {
                throw NetlistError("unexpected '\(token.original)' in source '\(name)'", at: token.location)
            }
        }
        guard waveform.dc != nil || waveform.transient != nil else {
            throw NetlistError("missing value for source '\(name)'", at: location)
        }
        return waveform
    }

    /// Whether `token` looks like a value (an expression, or a word starting like a number).
    static func isValue(_ token: NetlistToken) -> Bool {
        if token.kind == .expression { return true }
        guard token.kind == .word, let first = token.text.first else { return false }
        return first.isNumber || first == "." || first == "-" || first == "+"
    }

    /// The values after the keyword at `keyword`, with or without parentheses, and the index
    /// of the token after them.
    private static func arguments(_ tokens: [NetlistToken], after keyword: Int,
                                  scope: ExpansionScope) throws(NetlistError) -> ([(Double, SourceLocation)], Int) {
        var values: [(Double, SourceLocation)] = []
        var i = keyword + 1
        if i < tokens.count, tokens[i].kind == .openParenthesis {
            i += 1
            while i < tokens.count, tokens[i].kind != .closeParenthesis {
                values.append((try scope.value(tokens[i]), tokens[i].location))
                i += 1
            }
            guard i < tokens.count else {
                throw NetlistError("missing ')' after '\(tokens[keyword].original)'", at: tokens[keyword].location)
            }
            return (values, i + 1)
        }
        while i < tokens.count, isValue(tokens[i]) {
            values.append((try scope.value(tokens[i]), tokens[i].location))
            i += 1
        }
        return (values, i)
    }

    private static func pulse(_ values: [(Double, SourceLocation)], at location: SourceLocation) throws(NetlistError) -> SourceWaveform.Transient {
        guard (2...7).contains(values.count) else {
            throw NetlistError("PULSE takes 2 to 7 values (v1 v2 td tr tf pw per), got \(values.count)", at: location)
        }
        for (value, valueLocation) in values.dropFirst(2) where value < 0 {
            throw NetlistError("PULSE times must not be negative, got \(value)", at: valueLocation)
        }
        func at(_ i: Int) -> Double? { i < values.count ? values[i].0 : nil }
        return .pulse(v1: values[0].0, v2: values[1].0, delay: at(2), rise: at(3), fall: at(4),
                      width: at(5), period: at(6))
    }

    private static func pwl(_ values: [(Double, SourceLocation)], at location: SourceLocation) throws(NetlistError) -> SourceWaveform.Transient {
        guard values.count >= 2, values.count.isMultiple(of: 2) else {
            throw NetlistError("PWL takes pairs of time and value, got \(values.count) number\(values.count == 1 ? "" : "s")", at: location)
        }
        var points: [(time: Double, value: Double)] = []
        for k in stride(from: 0, to: values.count, by: 2) {
            let (time, timeLocation) = values[k]
            if let previous = points.last, time < previous.time {
                throw NetlistError("PWL times must not decrease (\(time) after \(previous.time))", at: timeLocation)
            }
            if time < 0 {
                throw NetlistError("PWL times must not be negative, got \(time)", at: timeLocation)
            }
            points.append((time, values[k + 1].0))
        }
        return .pwl(points)
    }
}
