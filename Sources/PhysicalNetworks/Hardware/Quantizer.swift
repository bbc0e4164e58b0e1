/// A uniform b-bit converter (ADC for measurements, DAC for inputs) over a full-scale range
/// [lo, hi]: 2ᵇ levels lo + k q, k = 0…2ᵇ − 1, q = (hi − lo)/(2ᵇ − 1), both ends exact.
///
/// Q(x) = lo + q · clamp(round((x − lo)/q), 0, 2ᵇ − 1): rounding to the nearest level
/// (a mid-tread transfer: each level sits at the centre of its tread, so an input on a level,
/// zero included when it is one, is reproduced exactly); inputs outside the range clip to its
/// ends. `bipolar(bits:fullScale:)` gives the two's-complement range [−R, R − 2R/2ᵇ], in which
/// zero is a level.
public struct Quantizer: Sendable, Hashable, Codable {
    /// The resolution b (1…52).
    public var bits: Int
    /// The full-scale range [lo, hi].
    public var range: ClosedRange<Double>

    public init(bits: Int, range: ClosedRange<Double>) {
        precondition((1...52).contains(bits), "Quantizer needs 1…52 bits, got \(bits)")
        precondition(range.lowerBound < range.upperBound && range.lowerBound.isFinite && range.upperBound.isFinite,
                     "Quantizer needs a finite range lo < hi, got \(range)")
        self.bits = bits
        self.range = range
    }

    /// The two's-complement range of full scale R: levels k · 2R/2ᵇ, k = −2ᵇ⁻¹…2ᵇ⁻¹ − 1.
    public static func bipolar(bits: Int, fullScale: Double) -> Quantizer {
        precondition(fullScale > 0, "bipolar quantizer needs a positive full scale, got \(fullScale)")
        let step = 2 * fullScale / Double(1 << bits)
        return Quantizer(bits: bits, range: -fullScale...(fullScale - step))
    }

    /// The number of levels 2ᵇ.
    public var levels: Int { 1 << bits }

    /// q = (hi − lo)/(2ᵇ − 1), the spacing of the levels (one LSB).
    public var step: Double { (range.upperBound - range.lowerBound) / Double(levels - 1) }

    /// The output code k of `value`: clamp(round((x − lo)/q), 0, 2ᵇ − 1).
    @inlinable
    public func code(_ value: Double) -> Int {
        let k = ((value - range.lowerBound) / step).rounded()
        return Int(min(max(k, 0), Double(levels - 1)))
    }

    /// Q(x), the level nearest `value` (clipped to the range).
    @inlinable
    public func quantize(_ value: Double) -> Double {
        range.lowerBound + Double(code(value)) * step
    }

    /// Quantizes `values` in place.
    /// - Complexity: O(N), no allocation.
    public func quantize(_ values: inout [Double]) {
        for i in values.indices { values[i] = quantize(values[i]) }
    }
}
