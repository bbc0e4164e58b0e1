extension RandomCircuits {
    /// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
    /// OOPSLA 2014): a 64-bit generator whose output, and every draw derived from it here, is
    /// the same on every platform and Swift version (the standard library's `random(in:)`
    /// algorithms are not promised to be).
    struct SplitMix64: Sendable {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        /// The next 64 random bits.
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A uniform integer in `range`, by rejection (no modulo bias).
        mutating func integer(in range: ClosedRange<Int>) -> Int {
            let span = UInt64(range.upperBound - range.lowerBound) + 1
            let limit = UInt64.max - UInt64.max % span
            while true {
                let bits = next()
                if bits < limit { return range.lowerBound + Int(bits % span) }
            }
        }

        /// True with probability `percent`/100.
        mutating func chance(percent: Int) -> Bool { integer(in: 1...100) <= percent }

        /// A uniformly chosen element of a non-empty array.
        mutating func element<T>(of array: [T]) -> T {
            precondition(!array.isEmpty, "cannot choose from an empty array")
            return array[integer(in: 0...(array.count - 1))]
        }

        /// The array in uniformly random order (Fisher–Yates).
        mutating func shuffled<T>(_ array: [T]) -> [T] {
            var result = array
            for i in stride(from: result.count - 1, to: 0, by: -1) {
                result.swapAt(i, integer(in: 0...i))
            }
            return result
        }
    }
}
