import Foundation

extension MultilayerPerceptron {
    /// The loss of one sample with outputs y = f_out(z_L) and targets t, averaged over the batch.
    ///
    /// - `squaredError`: ℓ = ½ Σₖ (yₖ − tₖ)²,  ∂ℓ/∂yₖ = yₖ − tₖ.
    /// - `softmaxCrossEntropy`: with pₖ = e^{yₖ} / Σⱼ e^{yⱼ} and T = Σₖ tₖ,
    ///   ℓ = −Σₖ tₖ log pₖ = T·logΣⱼe^{yⱼ} − Σₖ tₖ yₖ,  ∂ℓ/∂yₖ = T·pₖ − tₖ
    ///   (= pₖ − tₖ for a one-hot or probability target). The log-sum-exp is shifted by maxⱼ yⱼ.
    public enum Loss: String, CaseIterable, Codable, Sendable {
        case squaredError
        case softmaxCrossEntropy

        /// Loss of one sample, and ∂ℓ/∂y scaled by `scale` written into `outputGradient`.
        /// - Complexity: O(count), no allocation.
        func evaluate(outputs y: UnsafePointer<Double>, targets t: UnsafePointer<Double>, count: Int,
                      scale: Double, outputGradient g: UnsafeMutablePointer<Double>) -> Double {
            switch self {
            case .squaredError:
                var sum = 0.0
                for k in 0..<count {
                    let r = y[k] - t[k]
                    sum += r * r
                    g[k] = scale * r
                }
                return 0.5 * sum
            case .softmaxCrossEntropy:
                var largest = -Double.infinity
                for k in 0..<count { largest = max(largest, y[k]) }
                var partition = 0.0
                var targetMass = 0.0
                var targetDotOutputs = 0.0
                for k in 0..<count {
                    let e = exp(y[k] - largest)
                    g[k] = e
                    partition += e
                    targetMass += t[k]
                    targetDotOutputs += t[k] * y[k]
                }
                for k in 0..<count { g[k] = scale * (targetMass * g[k] / partition - t[k]) }
                return targetMass * (largest + log(partition)) - targetDotOutputs
            }
        }

        /// Loss of one sample, without the gradient.
        func value(outputs y: UnsafePointer<Double>, targets t: UnsafePointer<Double>, count: Int) -> Double {
            switch self {
            case .squaredError:
                var sum = 0.0
                for k in 0..<count { sum += (y[k] - t[k]) * (y[k] - t[k]) }
                return 0.5 * sum
            case .softmaxCrossEntropy:
                var largest = -Double.infinity
                for k in 0..<count { largest = max(largest, y[k]) }
                var partition = 0.0
                var targetMass = 0.0
                var targetDotOutputs = 0.0
                for k in 0..<count {
                    partition += exp(y[k] - largest)
                    targetMass += t[k]
                    targetDotOutputs += t[k] * y[k]
                }
                return targetMass * (largest + log(partition)) - targetDotOutputs
            }
        }
    }
}
