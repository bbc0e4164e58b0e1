/// A benchmark circuit: a SPICE netlist that nudge and ngspice both run unchanged, plus the
/// transient window that covers its settling.
///
/// Every source is `DC v PULSE(0 v 0 1n 1n 1 2)`: `relax` and `op` see the DC value, while a
/// transient from the zero state (`.tran … uic`, nudge's default) sees the source switch on in
/// 1 ns at t = 0 — the step response whose end point the relaxation computes.
public struct BenchmarkCircuit: Sendable {
    /// A short name, also the file stem (`rc1000` → `rc1000.cir`).
    public var name: String
    /// Node voltages the circuit has (ground excluded).
    public var nodeCount: Int
    /// Transient stop time (s): a few times the slowest time constant.
    public var stopTime: Double
    /// Output grid spacing (s).
    public var outputStep: Double
    /// Element cards (no title, analysis or `.end`).
    var elements: [String]

    /// The netlist text: title, elements, `.options`, `.tran tstep tstop uic`, `.end`.
    /// - Parameter options: `.options` assignments (ngspice reads them; nudge reads `gmin` and
    ///   ignores the rest), e.g. `["reltol=1e-3"]`.
    public func netlist(options: [String] = []) -> String {
        var lines = ["\(name): benchmark circuit of nudge (benchmarks/README.md)"]
        lines += elements
        if !options.isEmpty { lines.append(".options " + options.joined(separator: " ")) }
        lines.append(".tran \(spice(outputStep)) \(spice(stopTime)) uic")
        lines.append(".end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The source cards of a step switched on at t = 0 (see the type's documentation).
    static func stepSource(_ name: String, _ positive: String, _ negative: String, _ value: Double) -> String {
        let v = spice(value)
        return "\(name) \(positive) \(negative) DC \(v) PULSE(0 \(v) 0 1n 1n 1 2)"
    }
}

/// A value in SPICE's plain exponent notation with 6 significant digits (`4.73215e+03`), which
/// both simulators read identically.
func spice(_ value: Double) -> String {
    guard value != 0 else { return "0" }
    var exponent = Int((log10(abs(value))).rounded(.down))
    var mantissa = value / pow(10, Double(exponent))
    mantissa = (mantissa * 1e5).rounded() / 1e5
    if abs(mantissa) >= 10 {
        mantissa /= 10
        exponent += 1
    }
    var digits = "\(mantissa)"
    if digits.hasSuffix(".0") { digits.removeLast(2) }
    return exponent == 0 ? digits : "\(digits)e\(exponent)"
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
