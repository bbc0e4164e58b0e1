import Foundation

extension MultilayerPerceptron {
    /// The elementwise nonlinearity a = f(z) of a layer, with its derivative f′(z) for the
    /// backward pass.
    ///
    /// - `relu`: f(z) = max(0, z), f′(z) = 1 for z > 0, else 0.
    /// - `sigmoid`: f(z) = 1 / (1 + e⁻ᶻ), f′(z) = f(z)(1 − f(z)).
    /// - `hardSigmoid`: f(z) = clip(z, 0, 1), f′(z) = 1 for 0 < z < 1, else 0 — the ρ of
    ///   Scellier & Bengio, "Equilibrium Propagation", Front. Comput. Neurosci. 11:24 (2017).
    /// - `identity`: f(z) = z, f′(z) = 1 (linear outputs, e.g. the logits of a softmax).
    ///
    /// At the kinks of `relu` and `hardSigmoid` the derivative takes the value 0 (a subgradient).
    public enum Activation: String, CaseIterable, Codable, Sendable {
        case relu
        case sigmoid
        case hardSigmoid
        case identity

        /// f(z).
        @inline(__always)
        public func value(_ z: Double) -> Double {
            switch self {
            case .relu: z > 0 ? z : 0
            case .sigmoid: 1 / (1 + exp(-z))
            case .hardSigmoid: min(max(z, 0), 1)
            case .identity: z
            }
        }

        /// f′(z), given z and a = f(z) (the sigmoid's derivative is computed from a).
        @inline(__always)
        public func derivative(_ z: Double, value a: Double) -> Double {
            switch self {
            case .relu: z > 0 ? 1 : 0
            case .sigmoid: a * (1 - a)
            case .hardSigmoid: z > 0 && z < 1 ? 1 : 0
            case .identity: 1
            }
        }

        /// a[i] = f(z[i]) for i in 0..<count.
        /// - Complexity: O(count), no allocation.
        func apply(_ z: UnsafePointer<Double>, into a: UnsafeMutablePointer<Double>, count: Int) {
            switch self {
            case .relu: for i in 0..<count { a[i] = z[i] > 0 ? z[i] : 0 }
            case .sigmoid: for i in 0..<count { a[i] = 1 / (1 + exp(-z[i])) }
            case .hardSigmoid: for i in 0..<count { a[i] = min(max(z[i], 0), 1) }
            case .identity: a.update(from: z, count: count)
            }
        }

        /// d[i] ← d[i]·f′(z[i]) for i in 0..<count, with a = f(z): turns ∂L/∂a into ∂L/∂z.
        /// - Complexity: O(count), no allocation.
        func multiplyByDerivative(_ d: UnsafeMutablePointer<Double>, preActivation z: UnsafePointer<Double>,
                                  value a: UnsafePointer<Double>, count: Int) {
            switch self {
            case .relu: for i in 0..<count where !(z[i] > 0) { d[i] = 0 }
            case .sigmoid: for i in 0..<count { d[i] *= a[i] * (1 - a[i]) }
            case .hardSigmoid: for i in 0..<count where !(z[i] > 0 && z[i] < 1) { d[i] = 0 }
            case .identity: break
            }
        }
    }
}
