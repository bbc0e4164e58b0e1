import Foundation
import PhysicalNetworks

/// Projective measurements of Pauli strings with shot noise (issue 8; PHYSICS.md §6). Terms
/// that agree on every shared spin are read from the same shots: they are grouped greedily into
/// *settings*, each a product basis (X, Y or Z per spin; unmeasured spins read in Z). For the
/// TFIM that is one Z setting (all Z_i, Z_iZ_j) and one X setting (all X_i, X_iX_j), plus one
/// for Y_iY_j couplings. Each setting costs M shots per phase: a gradient by an estimator with
/// P phases takes `P × settings × M` experiments.
public struct MeasurementSettings: Sendable {
    /// Per setting, the basis letter of every spin, and the indices of the terms it measures.
    public var bases: [[PauliString.Letter]]
    public var members: [[Int]]

    /// Groups `terms` greedily, in order (a term joins the first setting it shares a basis with).
    public init(terms: [PauliString], spins: Int) {
        var settings: [(letters: [Int: PauliString.Letter], members: [Int])] = []
        for (k, term) in terms.enumerated() {
            if let s = settings.firstIndex(where: { setting in
                term.letters.allSatisfy { spin, letter in setting.letters[spin].map { $0 == letter } ?? true }
            }) {
                settings[s].letters.merge(term.letters) { old, _ in old }
                settings[s].members.append(k)
            } else {
                settings.append((term.letters, [k]))
            }
        }
        bases = settings.map { setting in (0..<spins).map { setting.letters[$0] ?? .z } }
        members = settings.map(\.members)
    }

    public var count: Int { bases.count }

    /// The outcome distribution of measuring real state ψ (normalized) in product basis
    /// `letters`: |⟨b|U|ψ⟩|² with U rotating each spin's letter eigenbasis onto Z (Hadamard for
    /// X; for Y, ⟨±y| = (⟨0| ∓ i⟨1|)/√2, so complex amplitudes).
    public static func probabilities(_ psi: [Double], basis letters: [PauliString.Letter]) -> [Double] {
        var re = psi, im = [Double](repeating: 0, count: psi.count)
        let r = 1 / 2.0.squareRoot()
        for (spin, letter) in letters.enumerated() where letter != .z {
            let bit = 1 << spin
            for index in 0..<psi.count where index & bit == 0 {
                let j = index | bit
                let (a0, b0, a1, b1) = (re[index], im[index], re[j], im[j])
                if letter == .x {
                    // ⟨+| = (⟨0| + ⟨1|)/√2, ⟨−| = (⟨0| − ⟨1|)/√2.
                    re[index] = r * (a0 + a1); im[index] = r * (b0 + b1)
                    re[j] = r * (a0 - a1); im[j] = r * (b0 - b1)
                } else {
                    // ⟨+y| = (⟨0| − i⟨1|)/√2, ⟨−y| = (⟨0| + i⟨1|)/√2; −i(a + ib) = b − ia.
                    re[index] = r * (a0 + b1); im[index] = r * (b0 - a1)
                    re[j] = r * (a0 - b1); im[j] = r * (b0 + a1)
                }
            }
        }
        return zip(re, im).map { $0 * $0 + $1 * $1 }
    }

    /// M outcomes drawn from `probabilities` (inverse-CDF sampling, binary search).
    public static func sample(_ probabilities: [Double], shots: Int, using generator: inout Xoshiro256StarStar) -> [Int] {
        var cumulative = [Double](repeating: 0, count: probabilities.count)
        var total = 0.0
        for (i, p) in probabilities.enumerated() { total += p; cumulative[i] = total }
        return (0..<shots).map { _ in
            let u = Double.random(in: 0..<total, using: &generator)
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > u { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }

    /// Each term's shot estimate of ⟨term⟩ and its standard error (sample standard deviation
    /// over √M) from M shots per setting in state ψ.
    public func measure(_ terms: [PauliString], in psi: [Double], shots: Int,
                        using generator: inout Xoshiro256StarStar) -> (means: [Double], errors: [Double]) {
        var means = [Double](repeating: 0, count: terms.count), errors = means
        let norm = dot(psi, psi).squareRoot()
        let normalized = psi.map { $0 / norm }
        for (basis, group) in zip(bases, members) {
            let outcomes = Self.sample(Self.probabilities(normalized, basis: basis), shots: shots, using: &generator)
            for k in group {
                let values = outcomes.map { terms[k].sign(of: $0) }
                let mean = values.reduce(0, +) / Double(shots)
                let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(shots - 1, 1))
                means[k] = terms[k].coefficient * mean
                errors[k] = abs(terms[k].coefficient) * (variance / Double(shots)).squareRoot()
            }
        }
        return (means, errors)
    }
}
