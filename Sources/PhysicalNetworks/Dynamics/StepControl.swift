/// Options of adaptive time stepping, shared by every integrator.
public struct StepControl: Sendable, Equatable {
    public var tolerances: Tolerances
    /// First step (s); nil picks 10⁻³ of the fastest node time constant C_ii/G_ii.
    public var initialStep: Double?
    /// Largest step (s).
    public var maxStep: Double
    /// Step budget of one integration.
    public var maxSteps: Int
    /// When set, every step has this size and no error control is done (used to measure an
    /// integrator's convergence order).
    public var fixedStep: Double?

    public init(tolerances: Tolerances = Tolerances(), initialStep: Double? = nil,
                maxStep: Double = .infinity, maxSteps: Int = 1_000_000, fixedStep: Double? = nil) {
        self.tolerances = tolerances
        self.initialStep = initialStep
        self.maxStep = maxStep
        self.maxSteps = maxSteps
        self.fixedStep = fixedStep
    }
}
