extension RandomCircuits {
    /// A decimal number `mantissa`·10^`exponent`, written to netlists exactly as `"47e2"`.
    ///
    /// Generated component values are decimals so that the text is short and exact and the
    /// value a parser reads (`Double(text)`, correctly rounded) is the same everywhere.
    struct SpiceNumber: Sendable, CustomStringConvertible {
        let mantissa: Int
        let exponent: Int

        /// The E24 series of preferred values (IEC 60063), two significant digits per decade.
        static let e24 = [10, 11, 12, 13, 15, 16, 18, 20, 22, 24, 27, 30,
                          33, 36, 39, 43, 47, 51, 56, 62, 68, 75, 82, 91]

        /// The shortest exact text: trailing zeros of the mantissa move into the exponent
        /// (`1690e-10` is written `169e-9`), and zero is `0`.
        var description: String {
            guard mantissa != 0 else { return "0" }
            var (digits, power) = (mantissa, exponent)
            while digits % 10 == 0 {
                digits /= 10
                power += 1
            }
            return power == 0 ? "\(digits)" : "\(digits)e\(power)"
        }

        /// The nearest Double, as ngspice and any correct parser read the text.
        var value: Double { Double(description) ?? .nan }

        /// This number times `numerator`/10^`digits`, exactly.
        func scaled(by numerator: Int, digits: Int) -> SpiceNumber {
            SpiceNumber(mantissa: mantissa * numerator, exponent: exponent - digits)
        }

        /// A random E24 value in one of the decades 10^d...10^(d+1), d in `decades`:
        /// approximately log-uniform over those decades.
        static func randomPreferred(decades: ClosedRange<Int>, using random: inout SplitMix64) -> SpiceNumber {
            SpiceNumber(mantissa: random.element(of: e24), exponent: random.integer(in: decades) - 1)
        }

        /// The smallest two-significant-digit decimal at or above a positive `x`.
        static func roundedUp(_ x: Double) -> SpiceNumber {
            precondition(x > 0 && x.isFinite, "cannot round \(x)")
            var exponent = 0
            while SpiceNumber(mantissa: 10, exponent: exponent).value > x { exponent -= 1 }
            while SpiceNumber(mantissa: 100, exponent: exponent).value <= x { exponent += 1 }
            var mantissa = 10
            while SpiceNumber(mantissa: mantissa, exponent: exponent).value < x { mantissa += 1 }
            return SpiceNumber(mantissa: mantissa, exponent: exponent)
        }
    }
}
