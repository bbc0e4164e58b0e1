/// A cost C(x, y) on a network's outputs, as a family of elements: the nudged network's energy
/// is E + β C, so nudging is physical — for a circuit, the current `I_o = −β ∂C/∂V_o` injected at
/// each output node — and never a special case inside an integrator (Scellier & Bengio 2017).
///
/// β and the targets y live in the network's parameter vector (at `betaParameter` and
/// `targetOffset ..< targetOffset + targetCount`), so a controller sets them phase by phase and
/// sample by sample without rebuilding anything. The family's residual is `β ∂C/∂x`, its energy
/// `β C`, and its parameter gradient the exact `∂(βC)/∂β = C`, `∂(βC)/∂y`; those are no device
/// measurement, and the controller reads only the trainable elements'.
public protocol Cost: Interaction {
    /// The parameter holding β (S for circuits: the nudge current is β times a voltage).
    var betaParameter: Int { get }
    /// The first target parameter.
    var targetOffset: Int { get }
    /// Number of targets.
    var targetCount: Int { get }
    /// C(x, y) at `state` (without β).
    func cost(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Double
    /// Adds ∂C/∂x (without β) into `gradient`.
    func addCostGradient(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                         into gradient: UnsafeMutableBufferPointer<Double>)
    /// Whether predictions are right: for classification, the arg-max class matches.
    func isCorrect(_ state: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Bool
}
