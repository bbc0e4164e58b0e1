/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator, so that every benchmark
/// circuit is the same on every machine and in every language that reimplements it.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform integer in 0..<bound.
    mutating func index(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Log-uniform in [low, high]: every decade equally likely, as component values are.
    mutating func logUniform(_ low: Double, _ high: Double) -> Double {
        low * (high / low).raised(to: unit())
    }
}

extension Double {
    /// `self^exponent` for a positive base, without Foundation.
    fileprivate func raised(to exponent: Double) -> Double {
        exp2(exponent * log2(self))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
