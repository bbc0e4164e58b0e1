import Foundation

/// The EP controller: it runs the physical protocol on a network as the hardware would —
/// clamp the inputs and relax (free phase); add β·C and relax again from the free state
/// (nudged phases, for a circuit a current injected at each output); sample each trainable
/// element's local quantity ∂E/∂θ at the end of every phase (½ΔV² for a resistor, as a
/// sample-and-hold would); combine the samples into a gradient estimate.
///
/// It knows only the `Network`/`Interaction` contract: the cost is one more family of the
/// network (`Cost`), inputs, targets and β are parameters of it, and relaxation is
/// `relax(_:state:...)` on equations assembled once.
public final class EquilibriumPropagation {
    /// The cost to train against.
    public enum CostKind: Sendable, Equatable {
        /// `½ Σ (V_o − y_o)²`; a prediction is correct within `correctWithin` volts.
        case squaredError(correctWithin: Double)
        /// Softmax cross-entropy on output pairs, `scale` volts per logit.
        case crossEntropy(scale: Double)
        /// `Σ (1 − cos(φ_o − τ_o))` on output phases (`PhaseCost`).
        case phaseCosine
        /// `−Σ log[(1 + ε + cos(φ_o − τ_o))/(2 + ε)]` on output phases (`PhaseCost`).
        case phaseLogarithmic(epsilon: Double)
    }

    /// The network with the cost family appended.
    public let network: Network
    /// Its equations, assembled once.
    public let equations: NetworkEquations
    public let cost: any Cost
    /// Parameter indices of the trainable elements, in `network.roles.trainable` order.
    public let trainable: [Int]
    /// Parameter indices of the inputs' values.
    public let inputs: [Int]
    /// Integrator of every phase: TR-BDF2, or Dormand–Prince when a family declares only part of
    /// its Jacobian (`hasCompleteJacobian`, large FFT lattices), which also turns polishing off.
    public var integrator: any Integrator = TRBDF2()
    /// Step control of every phase.
    public var control = StepControl(tolerances: .relaxation)
    /// The steady-state test of a free phase; nudged phases tighten it to follow β.
    public var steadyState = SteadyStateTest()
    /// Physical-time limit of one phase (s).
    public var maxPhaseTime = Double.infinity
    /// Seeded multi-start against multistability (W24's `M_init`; PHYSICS.md §4): with
    /// `count` > 1, every free phase is relaxed from `count` starts whose `.phase` unknowns are
    /// drawn uniformly in (−π, π) from a generator seeded with `seed` (the same sequence of
    /// draws on every run), other unknowns at the network's starting state. `gradient` averages
    /// its estimate over the starts (each start nudged from its own free state); a lone free
    /// phase (`freePhase()`, evaluation) keeps the start of lowest energy, the network's most
    /// stable state, and reports the time and heat of all of them. nil or 1: a single start.
    public var multiStart: MultiStart? {
        didSet { startGenerator = Xoshiro256StarStar(seed: multiStart?.seed ?? 0) }
    }

    /// `count` starts drawn from `seed`.
    public struct MultiStart: Sendable, Equatable {
        public var count: Int
        public var seed: UInt64
        public init(count: Int, seed: UInt64) {
            precondition(count >= 1, "a multi-start needs at least one start, got \(count)")
            self.count = count
            self.seed = seed
        }
    }

    var startGenerator = Xoshiro256StarStar(seed: 0)
    /// The start the next free phase relaxes from, while `gradient` walks the starts.
    var currentStart: [Double]?

    /// Whether every relaxed phase — free, held free, nudged, the clamped phase of coupled
    /// learning, the free phase of holomorphic EP — is finished by Newton's method
    /// (`OperatingPointSolver`) from where the relaxation stopped: the limit t → ∞ of the same
    /// gradient flow `M ẋ = −F(x)`, the equilibrium `F(x*) = 0` it was heading for.
    ///
    /// The per-row steady-state test (`SteadyStateTest`: `|F_i|/|J_ii| ≤ rel·|x_i| + abs`) bounds
    /// each row's own remaining motion, not that of slow collective modes: for a spring network
    /// near isostaticity, where `λ_min(J) ≪ min_i J_ii`, the accepted state can lie about
    /// `‖F‖/λ_min` from equilibrium. EP differences phases, so an error δx in a phase costs
    /// about δx/β in the gradient: a floor under the estimate that a smaller β does not lower.
    /// Polishing removes it, leaving the estimator's own O(β) or O(β²) bias. On by default for
    /// mechanical and oscillator networks (coordinate and phase unknowns), whose soft collective
    /// modes are the rule, unless a family declares only part of its Jacobian; off for circuits,
    /// whose phases the steady-state test settles well (the hardware stops where its test says so).
    ///
    /// Each phase keeps the relaxation's report (steps, physical time, dissipated energy — the
    /// hardware's cost), with the residual of the polished state. That cost is a lower bound
    /// when the relaxation stopped early: a nudge on a distance sensor acts through a stiff
    /// massless coupling the per-row test barely sees (docs/elastic.md, "Not yet"). A polish that fails (a floppy
    /// mode makes the Jacobian singular; Newton does not converge) sets the phase's status to
    /// its failure status and leaves the relaxed state.
    public var polishesPhases: Bool

    public init(network base: Network, cost kind: CostKind = .squaredError(correctWithin: 0.5)) throws(LearningError) {
        guard !base.roles.outputs.isEmpty else { throw .noOutputs }
        guard !base.roles.trainable.isEmpty else { throw .noTrainableParameters }
        var network = base
        let betaParameter = network.parameters.count
        let targetOffset = betaParameter + 1
        let outputs = base.roles.outputs
        let cost: any Cost
        switch kind {
        case .squaredError(let within):
            // On a network whose energy is a potential the nudge is one too (a spring to the
            // target); in a circuit it is an injected current (a source in the energy ledger).
            cost = SquaredError(outputs: outputs, betaParameter: betaParameter, targetOffset: targetOffset,
                                correctWithin: within, nudgeIsPotential: base.interactions.contains { $0.storesEnergy })
        case .crossEntropy(let scale):
            guard outputs.count % 2 == 0 else { throw .oddDifferentialOutputs(count: outputs.count) }
            let pairs = stride(from: 0, to: outputs.count, by: 2).map { (positive: outputs[$0], negative: outputs[$0 + 1]) }
            cost = DifferentialCrossEntropy(pairs: pairs, betaParameter: betaParameter, targetOffset: targetOffset,
                                            scale: scale)
        case .phaseCosine:
            cost = PhaseCost(outputs: outputs, betaParameter: betaParameter, targetOffset: targetOffset, form: .cosine)
        case .phaseLogarithmic(let epsilon):
            cost = PhaseCost(outputs: outputs, betaParameter: betaParameter, targetOffset: targetOffset,
                             form: .logarithmic(epsilon: epsilon))
        }
        network.parameters.append(0)
        network.parameterNames.append("beta")
        for k in 0..<cost.targetCount {
            network.parameters.append(0)
            network.parameterNames.append("target\(k)")
        }
        network.interactions.append(cost)
        self.network = network
        self.cost = cost
        self.trainable = base.roles.trainable
        self.inputs = base.roles.inputParameters
        self.equations = NetworkEquations(network: network)
        self.polishesPhases = base.unknowns.contains { $0.kind == .coordinate || $0.kind == .phase }
        if !hasCompleteJacobian {
            // Newton (TR-BDF2's stages, the polish) needs the whole Jacobian; relax explicitly.
            integrator = DormandPrince()
            polishesPhases = false
        }
    }

    /// Whether every family declares its whole Jacobian (see `Interaction.hasCompleteJacobian`).
    public var hasCompleteJacobian: Bool { network.interactions.allSatisfy(\.hasCompleteJacobian) }

    /// Number of targets a sample carries.
    public var targetCount: Int { cost.targetCount }

    /// Sets the inputs' values (V or A) for the next phases.
    public func setInputs(_ values: [Double]) throws(LearningError) {
        guard values.count == inputs.count else {
            throw .sampleSize(what: "input values", expected: inputs.count, got: values.count)
        }
        for (index, value) in zip(inputs, values) { equations.setParameter(index, to: value) }
    }

    /// Sets the targets y for the next phases.
    public func setTargets(_ values: [Double]) throws(LearningError) {
        guard values.count == cost.targetCount else {
            throw .sampleSize(what: "target values", expected: cost.targetCount, got: values.count)
        }
        for (k, value) in values.enumerated() { equations.setParameter(cost.targetOffset + k, to: value) }
    }

    /// The trainable parameters' values (conductances, S).
    public var trainableValues: [Double] {
        get { trainable.map { equations.parameter($0) } }
        set {
            precondition(newValue.count == trainable.count, "\(newValue.count) values for \(trainable.count) parameters")
            for (index, value) in zip(trainable, newValue) { equations.setParameter(index, to: value) }
        }
    }

    /// Names of the trainable parameters.
    public var trainableNames: [String] { trainable.map { network.parameterNames[$0] } }

    /// One relaxed phase and what was measured at its end.
    public struct Phase: Sendable {
        /// The nudge (S for circuits).
        public var beta: Double
        public var state: [Double]
        public var report: RelaxationReport
        /// ∂E/∂θ of the trainable elements at the end of the phase (sample-and-hold).
        public var measurement: [Double]
    }

    /// The free phase: inputs clamped, β = 0, relaxed from `initial` (by default the network's
    /// `startingState`, else zero).
    public func freePhase(from initial: [Double]? = nil) -> Phase {
        if let start = initial ?? currentStart { return relaxPhase(beta: 0, from: start, steadyState: steadyState) }
        guard let multi = multiStart, multi.count > 1 else {
            return relaxPhase(beta: 0, from: defaultStart, steadyState: steadyState)
        }
        let phases = drawStarts(multi.count).map { relaxPhase(beta: 0, from: $0, steadyState: steadyState) }
        var best = phases[lowestEnergy(phases.map(\.state))]
        best.report.steps = phases.reduce(0) { $0 + $1.report.steps }
        best.report.rejectedSteps = phases.reduce(0) { $0 + $1.report.rejectedSteps }
        best.report.time = phases.reduce(0) { $0 + $1.report.time }
        best.report.dissipatedEnergy = phases.reduce(0) { $0 + $1.report.dissipatedEnergy }
        best.report.status = phases.first { !$0.report.status.isSuccess }?.report.status ?? best.report.status
        return best
    }

    /// The network's starting state, else zero.
    var defaultStart: [Double] {
        equations.network.startingState ?? [Double](repeating: 0, count: equations.dimension)
    }

    /// The index of the state of lowest energy E (β = 0) among `states`: the most stable of a
    /// multi-start's equilibria.
    func lowestEnergy(_ states: [[Double]]) -> Int {
        let energies = states.map { state in state.withUnsafeBufferPointer { equations.energy($0, drive: .dc) } }
        return energies.indices.min { energies[$0] < energies[$1] }!
    }

    /// The next `count` random starts of the multi-start sequence.
    func drawStarts(_ count: Int) -> [[Double]] {
        let phases = network.unknowns.indices.filter { network.unknowns[$0].kind == .phase }
        return (0..<count).map { _ in
            var start = defaultStart
            for i in phases { start[i] = Double.random(in: -Double.pi..<Double.pi, using: &startGenerator) }
            return start
        }
    }

    /// A nudged phase: β·C added, relaxed from the free state with a steady-state test that
    /// follows β (see `nudgedSteadyState`).
    public func nudgedPhase(beta: Double, from free: Phase) -> Phase {
        let test = nudgedSteadyState(beta: beta, free: free.state, response: outputResponse(at: free.state))
        return relaxPhase(beta: beta, from: free.state, steadyState: test)
    }

    /// The loss C at `state` (the current targets).
    public func loss(_ state: [Double]) -> Double {
        state.withUnsafeBufferPointer { cost.cost($0, parameters: UnsafeBufferPointer(equations.parameters)) }
    }

    /// Whether `state`'s prediction is right for the current targets.
    public func isCorrect(_ state: [Double]) -> Bool {
        state.withUnsafeBufferPointer { cost.isCorrect($0, parameters: UnsafeBufferPointer(equations.parameters)) }
    }

    /// A steady-state test tight enough to resolve a nudge: the outputs move by about
    /// `δ = |β| max_o |∂C/∂x_o| R_oo`, with `R_oo = (J⁻¹)_oo` the output's driving-point
    /// resistance at the free state (the injected current times the resistance it sees), and EP
    /// differences the phases, so every voltage must be settled to 10⁻⁶ δ. With
    /// `polishesPhases` the ordinary test: Newton finishes every phase at its equilibrium, and
    /// a test that follows a vanishing δ (the outputs on target) would ask the integration for
    /// less than rounding.
    public func nudgedSteadyState(beta: Double, free: [Double], response: OutputResponse) -> SteadyStateTest {
        if polishesPhases { return steadyState }
        var gradient = [Double](repeating: 0, count: equations.dimension)
        free.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer {
                cost.addCostGradient(x, parameters: UnsafeBufferPointer(equations.parameters), into: $0)
            }
        }
        var displacement = 0.0
        for (k, o) in response.outputs.enumerated() {
            displacement = max(displacement, abs(beta) * abs(gradient[o]) * response.matrix[k][k])
        }
        let largest = free.reduce(0) { max($0, abs($1)) }
        guard displacement > 0, displacement.isFinite else { return steadyState }
        let absolute = max(min(steadyState.absolute, 1e-6 * displacement), 1e-18)
        let relative = max(min(steadyState.relative, 1e-6 * displacement / max(largest, 1e-300)), 1e-15)
        return SteadyStateTest(relative: relative, absolute: absolute)
    }

    /// `R_OO`, the block of `J⁻¹` on the output unknowns at `state` (β = 0): how the outputs
    /// answer currents injected at them. Its largest eigenvalue bounds the negative nudges a
    /// squared-error cost can take: `J − |β| P` stays positive definite while `|β| λ_max < 1`.
    public func outputResponse(at state: [Double]) -> OutputResponse {
        let outputs = (cost as? SquaredError)?.outputs
            ?? (cost as? DifferentialCrossEntropy)?.pairs.flatMap { [$0.positive, $0.negative] } ?? []
        guard !outputs.isEmpty else { return ([], []) }  // other costs use no response: no factorization
        setBeta(0)
        state.withUnsafeBufferPointer { equations.evaluateJacobian($0, drive: .dc) }
        guard case .success = equations.factorIterationMatrix(alpha: 0) else {
            return (outputs, outputs.map { _ in outputs.map { _ in .infinity } })
        }
        var column = [Double](repeating: 0, count: equations.dimension)
        var matrix: [[Double]] = []
        for o in outputs {
            for i in column.indices { column[i] = 0 }
            if o >= 0 { column[o] = 1 }
            column.withUnsafeMutableBufferPointer { equations.solve($0) }
            matrix.append(outputs.map { $0 >= 0 ? column[$0] : 0 })
        }
        return (outputs, matrix)
    }

    /// The output unknowns and the block `R_OO` of `J⁻¹` on them.
    public typealias OutputResponse = (outputs: [Int], matrix: [[Double]])

    /// The largest negative nudge (S) the squared-error cost can take before the nudged network
    /// is unstable, `1/λ_max(R_OO)`; infinite for other costs.
    public func negativeNudgeLimit(response: OutputResponse) -> Double {
        guard cost is SquaredError else { return .infinity }
        let matrix = response.matrix
        guard !matrix.isEmpty else { return .infinity }
        // Power iteration on the small symmetric positive block.
        var v = [Double](repeating: 1, count: matrix.count)
        var eigenvalue = 0.0
        for _ in 0..<100 {
            let w = matrix.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { return norm == 0 ? .infinity : 0 }
            eigenvalue = norm / v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = w.map { $0 / norm }
        }
        return 1 / eigenvalue
    }

    func setBeta(_ beta: Double) {
        equations.setParameter(cost.betaParameter, to: beta)
    }

    /// ∂E/∂θ of the trainable elements at `state`.
    func measure(_ state: [Double]) -> [Double] {
        var all = [Double](repeating: 0, count: network.parameters.count)
        state.withUnsafeBufferPointer { x in
            all.withUnsafeMutableBufferPointer { equations.parameterGradient(x, drive: .dc, into: $0) }
        }
        return trainable.map { all[$0] }
    }

    func relaxPhase(beta: Double, from initial: [Double], steadyState test: SteadyStateTest) -> Phase {
        setBeta(beta)
        var state = initial
        var report = relax(equations, state: &state, drive: .dc, control: control, steadyState: test,
                           maxTime: maxPhaseTime, using: integrator)
        if polishesPhases { polish(&state, report: &report) }
        network.wrapPhases(&state)
        setBeta(0)
        return Phase(beta: beta, state: state, report: report, measurement: measure(state))
    }

    /// Finishes a relaxed `state` by Newton's method on `F(x) = 0` at the current β (see
    /// `polishesPhases`). The report keeps its first failure: the relaxation's, else the
    /// polish's; on success its residual becomes the polished state's. A failed polish leaves
    /// the relaxed state.
    func polish(_ state: inout [Double], report: inout RelaxationReport) {
        let relaxed = state
        let polish = state.withUnsafeMutableBufferPointer { OperatingPointSolver().solve(equations, state: $0) }
        if polish.status.isSuccess {
            report.residual = polish.residual
        } else {
            state = relaxed
            if report.status.isSuccess { report.status = polish.status }
        }
    }
}
