import Foundation

extension DeepResistiveNetworkDescription {
    /// Reads a `.drn` file. - Throws: `NetlistError` at `path:1:1` if it cannot be read.
    public static func parse(fileAt path: String) throws(NetlistError) -> DeepResistiveNetworkDescription {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NetlistError(FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file", at: start)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw NetlistError("file is not valid UTF-8", at: start) }
        return try parse(contents: text, file: path)
    }

    /// Reads `.drn` text: `key = value` lines, `#` starts a comment. Keys (each at most once):
    /// `layers` (required), `gain` (a number or `none`), `bias_high`, `bias_low`, `diode`
    /// (`IS=… N=… RS=…`, or `ideal`), `conductance` (g: initial draw in [g/2, 3g/2]) or
    /// `init = uniform lo hi`, `seed`, `bounds = lo hi`, `capacitance`,
    /// `output = differential|single`, `inputs` (one value per feature), `wire_resistance` (Ω per
    /// crossbar wire segment, ≥ 0). Numbers take SPICE
    /// suffixes (`10u`, `1m`, `1n`).
    /// - Throws: `NetlistError` at the file, line and column of the offending token.
    public static func parse(contents: String, file: String) throws(NetlistError) -> DeepResistiveNetworkDescription {
        let lines = try KeyValueLine.read(contents, file: file, keys: Self.keys)
        let seen = Dictionary(uniqueKeysWithValues: lines.map { ($0.key.text, $0.key.location) })
        guard let layersLine = lines.first(where: { $0.key.text == "layers" }) else {
            throw NetlistError("missing 'layers = inputs hidden... classes'", at: SourceLocation(file: file, line: 1, column: 1))
        }
        var layers: [Int] = []
        for token in layersLine.values {
            guard let size = Int(token.text), size > 0 else {
                throw NetlistError("layer size must be a positive integer, got '\(token.text)'", at: token.location)
            }
            layers.append(size)
        }
        guard layers.count >= 2 else {
            throw NetlistError("'layers' needs at least 2 sizes (input features and output classes), got \(layers.count)",
                               at: layersLine.values[0].location)
        }
        var description = DeepResistiveNetworkDescription(layers: layers, file: file)
        description.location = layersLine.key.location
        for line in lines {
            try description.apply(key: line.key, values: line.values)
        }
        try description.validate(seen: seen)
        return description
    }

    static let keys = ["layers", "gain", "bias_high", "bias_low", "diode", "conductance", "init", "seed", "bounds",
                       "capacitance", "output", "inputs", "wire_resistance"]

    private mutating func apply(key: DescriptionToken, values: [DescriptionToken]) throws(NetlistError) {
        switch key.text {
        case "layers":
            return
        case "gain":
            let token = try Self.single(values, key)
            if token.text.lowercased() == "none" {
                gain = nil
            } else {
                gain = try Self.number(token, key, positive: true)
            }
        case "bias_high":
            biasHigh = try Self.number(Self.single(values, key), key)
        case "bias_low":
            biasLow = try Self.number(Self.single(values, key), key)
        case "diode":
            try applyDiode(values)
        case "conductance":
            let g = try Self.number(Self.single(values, key), key, positive: true)
            initialConductances = (0.5 * g)...(1.5 * g)
        case "init":
            guard values[0].text.lowercased() == "uniform" else {
                throw NetlistError("unknown initialization '\(values[0].text)' (expected 'uniform lo hi')", at: values[0].location)
            }
            let range = try Self.range(Array(values.dropFirst()), key, after: values[0])
            initialConductances = range
        case "seed":
            let token = try Self.single(values, key)
            guard let value = UInt64(token.text) else {
                throw NetlistError("seed must be a non-negative integer, got '\(token.text)'", at: token.location)
            }
            seed = value
        case "bounds":
            bounds = try Self.range(values, key, after: key)
        case "capacitance":
            capacitance = try Self.number(Self.single(values, key), key, positive: true)
        case "wire_resistance":
            let token = try Self.single(values, key)
            let ohms = try Self.number(token, key)
            guard ohms >= 0 else { throw NetlistError("wire_resistance must be ≥ 0 Ω, got \(token.text)", at: token.location) }
            wireResistance = ohms > 0 ? ohms : nil
        case "output":
            let token = try Self.single(values, key)
            guard let encoding = OutputEncoding(rawValue: token.text.lowercased()) else {
                throw NetlistError("output must be 'differential' or 'single', got '\(token.text)'", at: token.location)
            }
            output = encoding
        case "inputs":
            guard values.count == layers[0] else {
                let at = values.count > layers[0] ? values[layers[0]].location : values[values.count - 1].location
                throw NetlistError("'inputs' needs \(layers[0]) values (one per input feature), got \(values.count)", at: at)
            }
            var parsed: [Double] = []
            for token in values { parsed.append(try Self.number(token, key)) }
            inputs = parsed
        default:
            preconditionFailure("key '\(key.text)' is in `keys` but has no reader")
        }
    }

    private mutating func applyDiode(_ values: [DescriptionToken]) throws(NetlistError) {
        if values[0].text.lowercased() == "ideal" {
            guard values.count == 1 else {
                throw NetlistError("'diode = ideal' takes no parameters", at: values[1].location)
            }
            idealDiodes = true
            return
        }
        for token in values {
            let parts = token.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw NetlistError("expected diode parameter 'NAME=value' (IS, N, RS), got '\(token.text)'", at: token.location)
            }
            let valueColumn = token.location.column + parts[0].count + 1
            let valueToken = DescriptionToken(text: String(parts[1]),
                                              location: SourceLocation(file: token.location.file, line: token.location.line,
                                                                       column: valueColumn))
            let parameter = DescriptionToken(text: parts[0].lowercased(), location: token.location)
            switch parameter.text {
            case "is": diodeSaturationCurrent = try Self.number(valueToken, parameter, positive: true)
            case "n": diodeEmissionCoefficient = try Self.number(valueToken, parameter, positive: true)
            case "rs":
                let value = try Self.number(valueToken, parameter)
                guard value >= 0 else { throw NetlistError("RS must be ≥ 0, got \(value)", at: valueToken.location) }
                diodeSeriesResistance = value
            default:
                throw NetlistError("unknown diode parameter '\(parts[0])' (expected IS, N or RS)", at: token.location)
            }
        }
    }

    private func validate(seen: [String: SourceLocation]) throws(NetlistError) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if let initLocation = seen["init"], let conductance = seen["conductance"] {
            throw NetlistError("'init' and 'conductance' both set the initial conductances (conductance at \(conductance))",
                               at: initLocation)
        }
        if biasHigh <= biasLow {
            throw NetlistError("bias_high (\(biasHigh) V) must be above bias_low (\(biasLow) V)",
                               at: seen["bias_high"] ?? seen["bias_low"] ?? start)
        }
        if !bounds.contains(initialConductances.lowerBound) || !bounds.contains(initialConductances.upperBound) {
            throw NetlistError("initial conductances \(initialConductances.lowerBound)…\(initialConductances.upperBound) S "
                               + "are not within bounds \(bounds.lowerBound)…\(bounds.upperBound) S",
                               at: seen["init"] ?? seen["conductance"] ?? seen["bounds"] ?? start)
        }
    }

    private static func single(_ values: [DescriptionToken], _ key: DescriptionToken) throws(NetlistError) -> DescriptionToken {
        guard values.count == 1 else {
            throw NetlistError("'\(key.text)' takes one value, got \(values.count)", at: values[1].location)
        }
        return values[0]
    }

    private static func number(_ token: DescriptionToken, _ key: DescriptionToken,
                               positive: Bool = false) throws(NetlistError) -> Double {
        guard let value = SpiceNumber.parse(token.text), value.isFinite else {
            throw NetlistError("malformed number '\(token.text)' for '\(key.text)'", at: token.location)
        }
        if positive, value <= 0 {
            throw NetlistError("'\(key.text)' must be positive, got \(token.text)", at: token.location)
        }
        return value
    }

    /// Two positive numbers `lo hi` with lo ≤ hi (lo < hi for bounds).
    private static func range(_ values: [DescriptionToken], _ key: DescriptionToken,
                              after previous: DescriptionToken) throws(NetlistError) -> ClosedRange<Double> {
        guard values.count == 2 else {
            let at = values.count > 2 ? values[2].location : (values.last ?? previous).location
            throw NetlistError("'\(key.text)' takes two values 'lo hi' (S), got \(values.count)", at: at)
        }
        let low = try number(values[0], key, positive: true)
        let high = try number(values[1], key, positive: true)
        guard low < high || (low == high && key.text != "bounds") else {
            throw NetlistError("'\(key.text)': lower value \(values[0].text) must be below upper value \(values[1].text)",
                               at: values[0].location)
        }
        return low...high
    }
}

/// A whitespace-separated word of a `.drn` line and where it starts.
struct DescriptionToken: Sendable {
    var text: String
    var location: SourceLocation

    /// The words of `text`; `columnOffset` is the column just before `text`'s first character.
    static func split(_ text: Substring, file: String, line: Int, columnOffset: Int = 0) -> [DescriptionToken] {
        var tokens: [DescriptionToken] = []
        var current = ""
        var startColumn = 0
        var column = columnOffset
        for character in text {
            column += 1
            if character == " " || character == "\t" || character == "\r" {
                if !current.isEmpty {
                    tokens.append(DescriptionToken(text: current, location: SourceLocation(file: file, line: line, column: startColumn)))
                    current = ""
                }
            } else {
                if current.isEmpty { startColumn = column }
                current.append(character)
            }
        }
        if !current.isEmpty {
            tokens.append(DescriptionToken(text: current, location: SourceLocation(file: file, line: line, column: startColumn)))
        }
        return tokens
    }
}
