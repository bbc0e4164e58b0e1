import Foundation

/// How closely nudge's DC node voltages agree with ngspice's: every node must satisfy
/// `|v_nudge − v_ngspice| ≤ 1e-6 · |v_ngspice| + 1e-9 V` (the acceptance criterion).
/// Collects the worst errors so that a failure message, or the log of a passing run, says how
/// close the two simulators are.
struct OperatingPointAgreement: CustomStringConvertible {
    static let relativeTolerance = 1e-6
    /// Volts.
    static let absoluteTolerance = 1e-9

    /// The largest `error / (relative · |reference| + absolute)`; the check passes when ≤ 1.
    private(set) var worstRatio = 0.0
    private(set) var worstNode = ""
    /// The largest |v_nudge − v_ngspice| (V) over all nodes.
    private(set) var worstAbsoluteError = 0.0
    /// The largest |v_nudge − v_ngspice| / |v_ngspice| over nodes with |v_ngspice| > 1 µV (the
    /// relative error of smaller voltages says nothing: the absolute tolerance governs them).
    private(set) var worstRelativeError = 0.0
    private(set) var comparedNodes = 0
    /// Nodes nudge reports that ngspice does not.
    private(set) var missingNodes: [String] = []

    var passes: Bool { worstRatio <= 1 && missingNodes.isEmpty && comparedNodes > 0 }

    mutating func compare(node: String, nudge: Double, ngspice: Double?) {
        guard let reference = ngspice else {
            missingNodes.append(node)
            return
        }
        comparedNodes += 1
        let error = abs(nudge - reference)
        let ratio = nudge.isFinite
            ? error / (Self.relativeTolerance * abs(reference) + Self.absoluteTolerance) : .infinity
        if ratio > worstRatio || ratio.isNaN {
            worstRatio = ratio.isNaN ? .infinity : ratio
            worstNode = "\(node) (nudge \(nudge) V, ngspice \(reference) V)"
        }
        worstAbsoluteError = max(worstAbsoluteError, error)
        if abs(reference) > 1e-6 { worstRelativeError = max(worstRelativeError, error / abs(reference)) }
    }

    /// Compares every named node of `nudge` against ngspice's vector of the same name.
    mutating func compare(_ nudge: [(name: String, volts: Double)], with ngspice: [String: Double]) {
        for node in nudge { compare(node: node.name, nudge: node.volts, ngspice: ngspice[node.name]) }
    }

    /// Accumulates another comparison's worst values (for a summary over several circuits).
    mutating func merge(_ other: OperatingPointAgreement) {
        if other.worstRatio > worstRatio {
            worstRatio = other.worstRatio
            worstNode = other.worstNode
        }
        worstAbsoluteError = max(worstAbsoluteError, other.worstAbsoluteError)
        worstRelativeError = max(worstRelativeError, other.worstRelativeError)
        comparedNodes += other.comparedNodes
        missingNodes += other.missingNodes
    }

    var description: String {
        let missing = missingNodes.isEmpty ? "" : "; nodes missing from ngspice: \(missingNodes)"
        return String(format: "%d nodes, worst abs error %.3g V, worst rel error %.3g, "
                      + "worst error/tolerance %.3g at ", comparedNodes, worstAbsoluteError,
                      worstRelativeError, worstRatio) + worstNode + missing
    }
}

/// How closely a nudge transient follows ngspice's on a common grid: at every grid time and
/// node, `|v_nudge − v_ngspice| ≤ 1e-3 · swing + 1e-9 V`, where `swing` is the range
/// (max − min) of that node's ngspice waveform over the grid. The 1e-9 V floor (the DC
/// tolerance) only matters for nodes that hardly move, such as ones tied to a DC source.
struct TransientAgreement: CustomStringConvertible {
    static let fractionOfSwing = 1e-3
    /// Volts.
    static let absoluteFloor = 1e-9

    /// The largest `error / (1e-3 · swing + floor)`; the check passes when ≤ 1.
    private(set) var worstRatio = 0.0
    /// The largest error divided by its node's swing (nodes with swing > 1 µV).
    private(set) var worstFractionOfSwing = 0.0
    /// The largest absolute error (V).
    private(set) var worstAbsoluteError = 0.0
    private(set) var worstPoint = ""
    private(set) var comparedNodes = 0
    private(set) var comparedPoints = 0
    private(set) var missingNodes: [String] = []

    var passes: Bool { worstRatio <= 1 && missingNodes.isEmpty && comparedNodes > 0 }

    /// Compares one node's waveform; both arrays are sampled at `times`.
    mutating func compare(node: String, times: [Double], nudge: [Double], ngspice: [Double]?) {
        guard let reference = ngspice else {
            missingNodes.append(node)
            return
        }
        precondition(nudge.count == times.count && reference.count == times.count,
                     "\(node): \(nudge.count) nudge and \(reference.count) ngspice values for \(times.count) times")
        comparedNodes += 1
        comparedPoints += times.count
        let swing = (reference.max() ?? 0) - (reference.min() ?? 0)
        let tolerance = Self.fractionOfSwing * swing + Self.absoluteFloor
        for k in times.indices {
            let error = abs(nudge[k] - reference[k])
            let ratio = nudge[k].isFinite ? error / tolerance : .infinity
            if ratio > worstRatio || ratio.isNaN {
                worstRatio = ratio.isNaN ? .infinity : ratio
                worstPoint = "\(node) at t = \(times[k]) s (nudge \(nudge[k]) V, ngspice \(reference[k]) V, "
                    + "swing \(swing) V)"
            }
            worstAbsoluteError = max(worstAbsoluteError, error)
            if swing > 1e-6 { worstFractionOfSwing = max(worstFractionOfSwing, error / swing) }
        }
    }

    mutating func merge(_ other: TransientAgreement) {
        if other.worstRatio > worstRatio {
            worstRatio = other.worstRatio
            worstPoint = other.worstPoint
        }
        worstFractionOfSwing = max(worstFractionOfSwing, other.worstFractionOfSwing)
        worstAbsoluteError = max(worstAbsoluteError, other.worstAbsoluteError)
        comparedNodes += other.comparedNodes
        comparedPoints += other.comparedPoints
        missingNodes += other.missingNodes
    }

    var description: String {
        let missing = missingNodes.isEmpty ? "" : "; nodes missing from ngspice: \(missingNodes)"
        return String(format: "%d nodes × grid (%d points), worst error %.3g of swing (%.3g V), "
                      + "worst error/tolerance %.3g at ", comparedNodes, comparedPoints,
                      worstFractionOfSwing, worstAbsoluteError, worstRatio) + worstPoint + missing
    }
}
