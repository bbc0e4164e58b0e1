/// The seeded generator of training: xoshiro256** started through SplitMix64, deterministic on
/// every platform.
///
/// The state is four 64-bit words `s₀…s₃`; each draw returns `rotl(s₁·5, 7)·9` and advances the
/// state by the xor-shift-rotate linear map (Blackman & Vigna, "Scrambled linear pseudorandom
/// number generators", ACM TOMS 47(4), 2021; reference code at https://prng.di.unimi.it).
/// The four words come from SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014) started at the seed, as the xoshiro authors recommend.
///
/// Everything here — the raw words, `nextUnitDouble()`, `nextInt(below:)`, `shuffle(_:)` — uses
/// only integer arithmetic and exact conversions, so the same seed gives the same sequence on
/// every platform and Swift version. (The standard library's `shuffle`, `random(in:)` and
/// `next(upperBound:)` algorithms are not promised to stay the same; training does not use them.)
///
/// The generator is `Codable`, so a checkpoint can store its state and a resumed run continues the
/// same sequence.
public struct Xoshiro256StarStar: RandomNumberGenerator, Hashable, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose state is four successive SplitMix64 outputs started at `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        s0 = Self.splitMix64(&splitMix)
        s1 = Self.splitMix64(&splitMix)
        s2 = Self.splitMix64(&splitMix)
        s3 = Self.splitMix64(&splitMix)
    }

    /// A generator for one numbered stream of a seed (e.g. the minibatch order of one epoch), so
    /// that each stream is reproducible on its own, whatever was drawn from the others.
    ///
    /// The SplitMix64 start is `seed ⊕ mix(stream + γ)`, where `mix` is SplitMix64's bijective
    /// finalizer and γ its increment; streams are therefore distinct for distinct stream numbers
    /// and unrelated to `init(seed:)`.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: seed ^ Self.mix(stream &+ Self.golden))
    }

    /// A generator with the given state words, e.g. restored from a checkpoint.
    /// - Returns: nil for the all-zero state, which xoshiro256** cannot leave.
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        s0 = state[0]
        s1 = state[1]
        s2 = state[2]
        s3 = state[3]
    }

    /// The four state words, in the order `init(state:)` takes them.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits of a draw times 2⁻⁵³ (every value a multiple
    /// of 2⁻⁵³, each equally likely).
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in `[lower, upper)`: `lower + (upper − lower)·u` with u from
    /// `nextUnitDouble()` (rounding may return `upper` itself when the interval is tiny).
    public mutating func nextDouble(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnitDouble()
    }

    /// A uniform integer in `0..<bound`, by rejection of the draws in the last incomplete block
    /// of `bound` values (no modulo bias): accept `x < 2⁶⁴ − 1 − (2⁶⁴ − 1) mod bound`, return
    /// `x mod bound`.
    /// - Precondition: `bound > 0`.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let span = UInt64(bound)
        let limit = UInt64.max - UInt64.max % span
        while true {
            let bits = next()
            if bits < limit { return Int(bits % span) }
        }
    }

    /// Shuffles `elements` in place, uniformly (Fisher–Yates: for i = n−1 down to 1, swap
    /// element i with element `nextInt(below: i + 1)`).
    /// - Complexity: O(n) time, no allocation.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        var i = elements.count - 1
        while i > 0 {
            elements.swapAt(i, nextInt(below: i + 1))
            i -= 1
        }
    }

    /// The indices `0..<count` in uniformly random order (`shuffle(_:)` of the identity).
    public mutating func permutation(count: Int) -> [Int] {
        precondition(count >= 0, "permutation(count:) needs a non-negative count, got \(count)")
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }

    private static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64: advance the state by γ and return its mixed value.
    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= golden
        return mix(state)
    }

    /// SplitMix64's finalizer (a bijection of UInt64).
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
