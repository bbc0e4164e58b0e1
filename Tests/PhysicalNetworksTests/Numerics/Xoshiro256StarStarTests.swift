import Foundation
import XCTest
@testable import PhysicalNetworks

/// Reference values come from an independent Python reimplementation, run once (Python 3.12):
///
///     M, G = 2**64 - 1, 0x9E3779B97F4A7C15
///     def mix(z):
///         z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
///         z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
///         return z ^ (z >> 31)
///     def seeded(seed):                       # SplitMix64 → four state words
///         return [mix((seed + k * G) & M) for k in (1, 2, 3, 4)]
///     def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M
///     def nxt(s):                             # xoshiro256**, https://prng.di.unimi.it
///         r = (rotl((s[1] * 5) & M, 7) * 9) & M
///         t = (s[1] << 17) & M
///         s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
///         return r
///     def below(s, n):                        # rejection of the last incomplete block
///         while (b := nxt(s)) >= M - M % n: pass
///         return b % n
///     def perm(s, n):                         # Fisher–Yates from the top
///         a = list(range(n))
///         for i in range(n - 1, 0, -1):
///             j = below(s, i + 1); a[i], a[j] = a[j], a[i]
///         return a
///     # unit doubles: (nxt(s) >> 11) * 2.0**-53; stream k of seed: seeded(seed ^ mix((k + G) & M))
///
/// Two values are also published vectors: SplitMix64 from 0 starts 0xe220a8397b1dcdaf, and
/// xoshiro256** from the state (1, 2, 3, 4) gives 11520, 0, 1509978240, 1215971899390074240 (the
/// test vector of Rust's rand_xoshiro).
final class Xoshiro256StarStarTests: XCTestCase {
    func testSeedingThroughSplitMix64() {
        XCTAssertEqual(Xoshiro256StarStar(seed: 0).state,
                       [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
        var generator = Xoshiro256StarStar(seed: 0)
        XCTAssertEqual((0..<3).map { _ in generator.next() },
                       [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
    }

    func testPublishedXoshiroVector() throws {
        var generator = try XCTUnwrap(Xoshiro256StarStar(state: [1, 2, 3, 4]))
        XCTAssertEqual((0..<4).map { _ in generator.next() }, [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    func testFixedSeedGivesFixedWords() {
        var generator = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual((0..<5).map { _ in generator.next() },
                       [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
                        0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64])
    }

    func testUnitDoubles() {
        var generator = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual((0..<3).map { _ in generator.nextUnitDouble() },
                       [0.08386297105988216, 0.3789802506626686, 0.6800434110281394])
        var many = Xoshiro256StarStar(seed: 9)
        for _ in 0..<10_000 {
            let u = many.nextUnitDouble()
            XCTAssert(u >= 0 && u < 1, "\(u) outside [0, 1)")
        }
        var scaled = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual(scaled.nextDouble(in: 2..<4), 2 + 2 * 0.08386297105988216)
    }

    func testBoundedIntegersAndPermutation() {
        var generator = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual((0..<10).map { _ in generator.nextInt(below: 10) }, [2, 2, 9, 3, 6, 4, 4, 7, 8, 5])
        var shuffler = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual(shuffler.permutation(count: 10), [7, 3, 8, 9, 5, 6, 4, 1, 0, 2])
        var empty = Xoshiro256StarStar(seed: 1)
        XCTAssertEqual(empty.permutation(count: 0), [])
        XCTAssertEqual(empty.permutation(count: 1), [0])
        XCTAssertEqual(empty.nextInt(below: 1), 0)
    }

    func testShuffleIsAPermutationAndUniformish() {
        var generator = Xoshiro256StarStar(seed: 3)
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<8_000 {
            let order = generator.permutation(count: 4)
            XCTAssertEqual(order.sorted(), [0, 1, 2, 3])
            counts[order[0]] += 1
        }
        for count in counts { XCTAssertEqual(Double(count), 2_000, accuracy: 200) }  // ≈ 4.5 σ
        var words = ["a", "b", "c", "d", "e"]
        var again = words
        var first = Xoshiro256StarStar(seed: 5)
        var second = Xoshiro256StarStar(seed: 5)
        first.shuffle(&words)
        second.shuffle(&again)
        XCTAssertEqual(words, again)
    }

    func testStreamsAreDistinctAndReproducible() {
        var stream = Xoshiro256StarStar(seed: 7, stream: 3)
        XCTAssertEqual([stream.next(), stream.next()], [0x7957_C3B7_4B90_459E, 0x32F5_B5FE_F980_B055])
        var a = Xoshiro256StarStar(seed: 7, stream: 0)
        var b = Xoshiro256StarStar(seed: 7, stream: 1)
        var plain = Xoshiro256StarStar(seed: 7)
        let first = a.next()
        XCTAssertNotEqual(first, b.next())
        XCTAssertNotEqual(first, plain.next())
    }

    func testStateRoundTripsThroughCodable() throws {
        var generator = Xoshiro256StarStar(seed: 11)
        _ = generator.next()
        let data = try JSONEncoder().encode(generator)
        var restored = try JSONDecoder().decode(Xoshiro256StarStar.self, from: data)
        XCTAssertEqual(restored, generator)
        XCTAssertEqual(restored.next(), generator.next())
    }

    func testInvalidStatesAreRejected() {
        XCTAssertNil(Xoshiro256StarStar(state: [0, 0, 0, 0]))
        XCTAssertNil(Xoshiro256StarStar(state: [1, 2, 3]))
        XCTAssertThrowsError(try JSONDecoder().decode(Xoshiro256StarStar.self, from: Data(#"{"state": [0, 0, 0, 0]}"#.utf8)))
    }
}
