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
        let mantissaEnd = i
        var exponent = 0
        if i < chars.count, chars[i] == "e" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            var exponentDigits = 0
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1; exponentDigits += 1 }
            if exponentDigits > 0 {
                guard let e = Int(String(chars[(i + 1)..<j])) else { return nil }
                exponent = e
                i = j
            }
        }
        let rest = String(chars[i...])
        var unit = Substring(rest)
        var multiplier = 1.0
        if rest.hasPrefix("meg") {
            exponent += 6; unit = unit.dropFirst(3)
        } else if rest.hasPrefix("mil") {
            multiplier = 25.4e-6; unit = unit.dropFirst(3)
        } else if let first = rest.first, let power = decimalScales[first] {
            exponent += power; unit = unit.dropFirst()
        }
        guard unit.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        // Decimal scale factors go into the exponent, so `100n` is the double nearest 1e-7.
        guard let scaled = Double(String(chars[0..<mantissaEnd]) + "e\(exponent)") else { return nil }
        let value = scaled * multiplier
        return value.isFinite ? value : nil
    }

    private static let decimalScales: [Character: Int] = [
        "t": 12, "g": 9, "k": 3, "m": -3, "u": -6, "n": -9, "p": -12, "f": -15,
    ]
}
