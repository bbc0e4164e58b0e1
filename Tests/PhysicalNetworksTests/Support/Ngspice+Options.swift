import Foundation

extension Ngspice {
    /// ngspice's transient integration methods (`.options method=...`).
    enum IntegrationMethod: String, Sendable {
        /// The trapezoidal rule (ngspice's default).
        case trapezoidal
        /// Variable-order backward differentiation (BDF), order limited by `maxord`.
        case gear
    }

    /// Tolerances tight enough that ngspice's own error is well below a parity tolerance of
    /// about 1e-6 relative: RELTOL 1e-6, ABSTOL 1e-15 A, VNTOL 1e-9 V, and TRTOL 1 (ngspice's
    /// default of 7 overestimates its truncation error allowance).
    static let parityOptions: [String: Double] = [
        "reltol": 1e-6, "abstol": 1e-15, "vntol": 1e-9, "trtol": 1,
    ]

    /// The netlist with an `.options` line inserted right after its title line (a SPICE
    /// netlist's first line is always its title).
    ///
    /// - Parameters:
    ///   - options: Numeric options such as `["reltol": 1e-6]`, written in key order so the
    ///     text is deterministic.
    ///   - method: The transient integration method, or nil for ngspice's default.
    ///   - maximumOrder: `maxord`, the highest order `gear` may use (1...6), or nil.
    ///   - netlist: A complete netlist.
    static func addingOptions(
        _ options: [String: Double], method: IntegrationMethod? = nil, maximumOrder: Int? = nil,
        to netlist: String
    ) -> String {
        var settings = options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if let method { settings.append("method=\(method.rawValue)") }
        if let maximumOrder { settings.append("maxord=\(maximumOrder)") }
        guard !settings.isEmpty else { return netlist }
        let card = ".options " + settings.joined(separator: " ")
        guard let endOfTitle = netlist.firstIndex(of: "\n") else { return netlist + "\n" + card }
        return netlist[...endOfTitle] + card + "\n" + netlist[netlist.index(after: endOfTitle)...]
    }
}
