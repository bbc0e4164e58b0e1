/// Reads SPICE numbers: a decimal number followed by an optional scale factor and unit letters.
///
/// Scale factors (case-insensitive): `T`=1e12, `G`=1e9, `MEG`=1e6, `K`=1e3, `M`=1e-3,
/// `MIL`=25.4e-6, `U`=1e-6, `N`=1e-9, `P`=1e-12, `F`=1e-15. Letters after the number (and after
/// the scale factor) are ignored as SPICE does, so `10kohm` = 1e4, `1uF` = 1e-6, `5V` = 5 and
/// `1A` = 1 (no atto). Anything else after the number makes it malformed.
public enum SpiceNumber {
    /// The value of `text`, or nil if it is not a SPICE number.
    public static func parse<S: StringProtocol>(_ text: S) -> Double? {
        let chars = Array(text.lowercased())
        var i = 0
        if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
        var digits = 0
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1; digits += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < chars.count, chars[i] == "e" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            var exponentDigits = 0
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1; exponentDigits += 1 }
            if exponentDigits > 0 { i = j }
        }
        guard let mantissa = Double(String(chars[0..<i])) else { return nil }
        let rest = String(chars[i...])
        var scale = 1.0
        var unit = Substring(rest)
        if rest.hasPrefix("meg") {
            scale = 1e6; unit = unit.dropFirst(3)
        } else if rest.hasPrefix("mil") {
            scale = 25.4e-6; unit = unit.dropFirst(3)
        } else if let first = rest.first, let factor = scaleFactors[first] {
            scale = factor; unit = unit.dropFirst()
        }
        guard unit.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        let value = mantissa * scale
        return value.isFinite ? value : nil
    }

    private static let scaleFactors: [Character: Double] = [
        "t": 1e12, "g": 1e9, "k": 1e3, "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15,
    ]
}
