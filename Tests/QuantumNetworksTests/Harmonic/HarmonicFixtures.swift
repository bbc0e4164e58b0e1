@testable import QuantumNetworks

/// Networks and helpers shared by the harmonic-network tests.
enum HarmonicFixtures {
    /// PHYSICS.md case 3: two unit masses, each anchored with k = 1 and coupled with k = 1, so
    /// K = [[2, −1], [−1, 2]] (ħ = m = 1).
    static func case3(masses: [Double] = [1, 1], forces: [Double]? = nil, outputs: [HarmonicOutput] = [],
                      hbar: Double = 1) -> HarmonicNetwork {
        HarmonicNetwork(masses: masses, springs: [HarmonicSpring(0), HarmonicSpring(0, 1), HarmonicSpring(1)],
                        stiffnesses: [1, 1, 1], forces: forces, outputs: outputs, hbar: hbar)
    }

    /// Three unequal masses, a triangle of springs plus two anchors, nonzero forces, and a cost on
    /// two outputs: every term of the gradient formulas is exercised.
    static func triangle(hbar: Double = 1) -> HarmonicNetwork {
        HarmonicNetwork(masses: [1, 2, 0.5],
                        springs: [HarmonicSpring(0), HarmonicSpring(0, 1), HarmonicSpring(1, 2), HarmonicSpring(2),
                                  HarmonicSpring(0, 2)],
                        stiffnesses: [1.3, 0.7, 1.1, 0.9, 0.4], forces: [0.3, -0.2, 0.5],
                        outputs: [HarmonicOutput(node: 2, target: 0.4), HarmonicOutput(node: 1, target: -0.1)],
                        hbar: hbar)
    }

    /// The lowest eigenpair and the gap of `h` by dense LAPACK diagonalization.
    static func denseGroundState<H: QuantumOperator>(_ h: H) -> (energy: Double, state: [Double], gap: Double) {
        guard let spectrum = HarmonicSpectrum(symmetric: h.denseMatrix(), dimension: h.dimension) else {
            preconditionFailure("dsyevd failed on a \(h.dimension)-dimensional Hamiltonian")
        }
        return (spectrum.eigenvalues[0], spectrum.eigenvector(0), spectrum.eigenvalues[1] - spectrum.eigenvalues[0])
    }

    /// Central difference of f at θ_k.
    static func centralDifference(_ theta: [Double], _ k: Int, step h: Double, _ f: ([Double]) -> Double) -> Double {
        var plus = theta, minus = theta
        plus[k] += h
        minus[k] -= h
        return (f(plus) - f(minus)) / (2 * h)
    }
}
