/// How a gradient is estimated from nudged equilibria. With `g(β) = ∂E/∂θ` measured at the
/// equilibrium of E + βC, EP's identity `dL/dθ = dg/dβ |_{β=0}` (Scellier & Bengio 2017) is
/// estimated by finite differences in β — or by none, for the exact baseline:
///
/// | case | nudges | formula | bias |
/// | --- | --- | --- | --- |
/// | `positive` | 0, β | `[g(β) − g(0)]/β` | O(β) |
/// | `negative` | −β, 0 | `[g(0) − g(−β)]/β` | O(β) |
/// | `centered` | −β, β | `[g(β) − g(−β)]/(2β)` | O(β²) |
/// | `randomSign` | 0, ±β | `positive` with a random sign per minibatch (SB17) | O(β), O(β²) on average |
/// | `richardson` | ±β, ±2β | `[8(g(β) − g(−β)) − (g(2β) − g(−2β))]/(12β)` | O(β⁴) |
/// | `holomorphic(points: N)` | β e^{2πik/N} | `Re (1/N) Σ_k g(β_k)/β_k` (Laborieux & Zenke 2022) | O(β^N) |
/// | `exact` | — | implicit differentiation: `−λᵀ ∂F/∂θ`, `Jᵀλ = ∂C/∂x` | none |
/// | `coupledLearning(eta: η)` | outputs clamped to `x₀ + η(y − x₀)` (Stern et al. 2021) | `[g(clamped) − g(0)]/η` | O(η) to the gradient of `½(x−y)ᵀR⁻¹(x−y)` |
///
/// Coupled learning is not an estimate of dL/dθ itself: as η → 0 it tends to the gradient of
/// the loss weighted by `R⁻¹`, the inverse of the outputs' response block `R_OO` of `J⁻¹` [D]
/// (the clamp is the equilibrium under the output forces `f = R⁻¹ η(y − x₀)`, and the measurement
/// answers a force f with `−(∂x_o/∂θ)ᵀ f`). With one output it is `dL/dθ / R_oo`.
public enum Estimator: Sendable, Equatable, Hashable {
    case exact
    case positive
    case negative
    case centered
    case randomSign
    case richardson
    case holomorphic(points: Int)
    /// Coupled learning with clamping factor η ∈ (0, 1].
    case coupledLearning(eta: Double)

    /// The order p of the bias O(β^p) (0 for the exact gradient).
    public var biasOrder: Int {
        switch self {
        case .exact: return 0
        case .positive, .negative, .randomSign: return 1
        case .centered: return 2
        case .richardson: return 4
        case .holomorphic(let n): return n
        case .coupledLearning: return 1
        }
    }

    /// The real nudges c_k (in units of β) and weights w_k of `ĝ = Σ w_k g(c_k β) / β`; nil for
    /// `exact` and `holomorphic`. `randomSign` is `positive` here; a trainer draws the sign.
    public var realNudges: [(factor: Double, weight: Double)]? {
        switch self {
        case .positive, .randomSign: return [(0, -1), (1, 1)]
        case .negative: return [(-1, -1), (0, 1)]
        case .centered: return [(-1, -0.5), (1, 0.5)]
        case .richardson: return [(-2, 1.0 / 12), (-1, -8.0 / 12), (1, 8.0 / 12), (2, -1.0 / 12)]
        case .exact, .holomorphic, .coupledLearning: return nil
        }
    }

    /// The name the CLI and reports use.
    public var name: String {
        switch self {
        case .exact: return "exact"
        case .positive: return "positive"
        case .negative: return "negative"
        case .centered: return "centered"
        case .randomSign: return "random-sign"
        case .richardson: return "richardson"
        case .holomorphic: return "holomorphic"
        case .coupledLearning: return "coupled-learning"
        }
    }
}
