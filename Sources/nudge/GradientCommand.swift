import ArgumentParser
import PhysicalNetworks

/// `nudge gradient FILE --target NODE=VALUE ... [--estimator E] [--beta B] [--points N] [--json]`:
/// the gradient of `L = ½ Σ_o (V_o − y_o)²` with respect to every trainable conductance, by
/// Equilibrium Propagation run as the hardware would (free phase, nudged phases, local
/// measurements) or exactly (implicit differentiation at the free equilibrium).
///
/// The inputs are the `*@ input` sources' DC values (after `--set`); the targets y_o are given
/// per `*@ output` node. Element and node names are the netlist's, lower-cased.
struct GradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient",
        abstract: "Estimate dL/dg of L = ½ Σ (V_o − y_o)² for every trainable conductance.",
        discussion: """
            The inputs are the DC values of the '*@ input' sources (after --set); every \
            '*@ output' node needs exactly one --target. Gradients are dL/dg (V²/S) per \
            trainable resistor, g its conductance (S), named as in the netlist, lower-cased \
            (R1 is 'r1').

            Estimators; g(β) is ∂E/∂g (½ΔV² per resistor) at the equilibrium nudged by β, \
            the nudge injecting β·(y − V_o) amperes into each output (β in S):
              exact        implicit differentiation (one adjoint solve)
              positive     [g(β) − g(0)]/β                          bias O(β)
              negative     [g(0) − g(−β)]/β                         bias O(β)
              centered     [g(β) − g(−β)]/(2β)                      bias O(β²)
              richardson   [8(g(β)−g(−β)) − (g(2β)−g(−2β))]/(12β)   bias O(β⁴)
              holomorphic  Re (1/N) Σ_k g(β e^{2πik/N})/(β e^{2πik/N}), bias O(β^N),
                           linear networks only
            The bias is small when β R ≪ 1, R the outputs' driving-point resistance (Ω). \
            A negative nudge is a negative conductance: with β R ≥ 1 it makes the \
            network unstable (the run then fails with exit status 2).

            An elastic network file (FILE.elastic, docs/elastic.md) works the same way: the \
            inputs are the '*@ input' bonds' rest lengths (m, after --set), one --target per \
            '*@ output' sensor or coordinate (m), the nudge a force β(y − d) on each output (β in \
            N/m, default 1e-3), and the gradients dL/dk and dL/dl are named <bond>.k and <bond>.l.

            At finite temperature (--estimator thermal-nudged or thermal-covariance with \
            --temperature T, docs/thermal.md) the loss is L = ⟨C⟩ over the Langevin dynamics \
            of --noise boltzmann or johnson, thermal-nudged averages the local measurements \
            over runs at ±β (one-sided with --nudge-element resistor) and thermal-covariance \
            uses the free run only, −Cov(∂E/∂θ, C)/T: no output is clamped or nudged. Each \
            gradient comes with its standard error (batch means) and effective sample size; \
            the JSON adds "stderr": {"r1": ...}, "lossStderr", "effectiveSamples", \
            "temperature", "noise", "samples", "step", "interval", "burnIn", and with \
            --gaussian-reference the closed form ("reference").

            JSON: {"loss": L, "gradient": {"r1": dL/dg1, ...}, "estimator": "...", \
            "beta": B, "phases": n, "status": "...", "time": s, "dissipatedEnergy": J, \
            "outputs": {...}, "gradientSystem": true|false}. "beta" is 0 for exact; \
            "time" and "dissipatedEnergy" add up every relaxed phase; "outputs" are the \
            free-phase output voltages.
            """)

    @OptionGroup var circuit: CircuitOptions

    @Option(name: .customLong("target"), help: ArgumentHelp(
        "Target voltage of an output node, e.g. --target out=0.5 (V, SPICE suffixes allowed); once per '*@ output' node.",
        valueName: "NODE=VALUE"))
    var targets: [TargetAssignment] = []

    @Option(help: "How to estimate the gradient (see above).")
    var estimator: EstimatorChoice = .centered

    @Option(help: "Nudge β (S, or N/m for an elastic network, J for an oscillator network; for holomorphic, the circle's radius; SPICE suffixes allowed). Ignored by exact. (default: 1e-6 S, 1e-3 N/m, 0.1 J; for thermal-nudged a fifth of the outputs' Thévenin conductance)")
    var beta: SpiceQuantity?

    var betaValue: Double { beta?.value ?? LearningProblem.defaultBeta(for: circuit.file) }

    @Option(help: "Points N on the circle of the holomorphic estimator (at least 2). Ignored by the others.")
    var points: Int = 4

    @Option(help: "The clamping factor η in (0, 1] of --estimator coupled-learning.")
    var eta: Double = 0.1

    @Flag(help: "Print one JSON object: loss, gradient, estimator, beta, phases, status, ...")
    var json = false

    @Option(help: "Write the result to this file (written whole, or not at all).")
    var output: String?

    @OptionGroup var oscillators: OscillatorOptions

    @Option(help: "Seed of the random starts of --starts (oscillator networks) and of the thermal estimators' noise.")
    var seed: UInt64 = 1

    @OptionGroup var thermal: ThermalOptions

    @Flag(help: "Thermal estimators: also print the Gaussian closed form of L and dL/dθ at T (networks of at most 64 unknowns; exact for linear ones).")
    var gaussianReference = false

    func validate() throws {
        guard betaValue > 0 else {
            throw ValidationError("--beta must be a positive conductance (S), got \(betaValue)")
        }
        guard points >= 2 else { throw ValidationError("--points must be at least 2, got \(points)") }
        guard eta > 0, eta <= 1 else { throw ValidationError("--eta must be in (0, 1], got \(eta)") }
        try thermal.validate(for: estimator)
        if thermal.nudgeElement == .resistor, estimator != .thermalNudged {
            throw ValidationError("--nudge-element resistor is for --estimator thermal-nudged")
        }
    }

    func run() throws {
        try reportingUserErrors {
            let problem = try circuit.loadLearningProblem()
            let file = problem.file
            let targetValues = try Self.orderedTargets(targets, for: problem)
            if let settings = thermal.settings(estimator) {
                return try runThermal(problem, targets: targetValues, settings: settings)
            }
            let estimate: GradientEstimate
            let ep: EquilibriumPropagation
            do throws(LearningError) {
                ep = try EquilibriumPropagation(network: problem.network, cost: oscillators.costKind(for: problem))
                if problem.isOscillator, oscillators.starts > 1 { ep.multiStart = .init(count: oscillators.starts, seed: seed) }
                try ep.setInputs(problem.network.roles.inputParameters.map { problem.network.parameters[$0] })
                try ep.setTargets(targetValues)
                try ep.check(estimator.estimator(points: points, eta: eta))
                estimate = try ep.gradient(estimator.estimator(points: points, eta: eta), beta: betaValue)
            } catch {
                throw UserFacingError("\(file): \(error.description)")
            }
            let outputs = zip(problem.outputNames, problem.network.roles.outputs).map {
                (name: $0.0, value: estimate.freeState[$0.1])
            }
            let result = Result(estimate: estimate, names: ep.trainableNames, outputs: outputs,
                                gradientSystem: problem.network.isGradientSystem, units: problem.units,
                                caveat: problem.caveat)
            try OutputFile.write(json ? result.json() : result.table(), to: output)
            if !estimate.status.isSuccess {
                let failed = estimate.reports.first { !$0.status.isSuccess }
                var message = "\(file): \(estimate.status.rawValue): \(failed?.message ?? "a phase failed")"
                if estimate.estimator.realNudges?.contains(where: { $0.factor < 0 }) == true {
                    message += " (a negative nudge −β makes the network unstable when β exceeds the outputs' "
                        + "Thévenin conductance; try a smaller --beta)"
                }
                printError(message)
                throw numericalFailureExitCode
            }
        }
    }

    /// The target values in `*@ output` order; each output needs exactly one.
    static func orderedTargets(_ targets: [TargetAssignment], for problem: LearningProblem) throws -> [Double] {
        let outputs = problem.outputNames
        let file = problem.file
        let declared = outputs.isEmpty ? "none declared" : outputs.joined(separator: ", ")
        var values: [String: Double] = [:]
        for target in targets {
            guard outputs.contains(target.node) else {
                let what = problem.knownNames.contains(target.node) ? "node '\(target.node)' is not an output"
                    : "unknown node '\(target.node)'"
                throw UserFacingError("\(file): --target: \(what) (outputs: \(declared))")
            }
            guard values[target.node] == nil else {
                throw UserFacingError("\(file): --target: output '\(target.node)' is given twice")
            }
            values[target.node] = target.value
        }
        let missing = outputs.filter { values[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            throw UserFacingError("\(file): no --target for output\(missing.count > 1 ? "s" : "") \(list) (one --target NODE=VALUE per output)")
        }
        return outputs.compactMap { values[$0] }
    }

    /// What the command prints.
    struct Result {
        var estimate: GradientEstimate
        /// Trainable element names, in the order of `estimate.gradient`.
        var names: [String]
        /// Free-phase output values (V or m).
        var outputs: [(name: String, value: Double)]
        var gradientSystem: Bool
        var units: LearningProblem.Units
        var caveat: String?

        func json() -> String {
            JSONValue.object([
                ("loss", .number(estimate.loss)),
                ("gradient", .object(zip(names, estimate.gradient).map { ($0, .number($1)) })),
                ("estimator", .string(estimate.estimator.name)),
                ("beta", .number(estimate.beta)),
                ("phases", .integer(estimate.phases)),
                ("status", .string(estimate.status.rawValue)),
                ("time", .number(estimate.physicalTime)),
                ("dissipatedEnergy", .number(estimate.dissipatedEnergy)),
                ("outputs", .object(outputs.map { ($0.name, .number($0.value)) })),
                ("gradientSystem", .bool(gradientSystem)),
            ]).serialized()
        }

        func table() -> String {
            var method = estimate.estimator.name
            if case .holomorphic(let n) = estimate.estimator { method += " (N = \(n))" }
            if estimate.estimator != .exact { method += ", β = \(estimate.beta) \(units.beta)" }
            var header = [
                ("loss", "\(estimate.loss) \(units.loss)"),
                ("estimator", "\(method), \(estimate.phases) phase\(estimate.phases == 1 ? "" : "s")"),
                ("status", estimate.status.rawValue),
                ("time", "\(estimate.physicalTime) s (settling, all phases)"),
                ("energy", "\(estimate.dissipatedEnergy) J dissipated"),
            ]
            if !gradientSystem {
                header.append(("note", "non-reciprocal elements: EP's estimate is biased even as β → 0"))
            }
            if let caveat, estimate.estimator != .exact { header.append(("note", caveat)) }
            let labelWidth = header.map(\.0.count).max() ?? 0
            var lines = header.map { pad($0.0, labelWidth) + "  " + $0.1 }
            lines.append("")
            let outputWidth = max(6, outputs.map(\.name.count).max() ?? 0)
            lines.append(pad("output", outputWidth) + (units.output == "V" ? "  volts" : "  value (\(units.output))"))
            lines += outputs.map { pad($0.name, outputWidth) + "  \($0.value)" }
            lines.append("")
            let nameWidth = max(9, names.map(\.count).max() ?? 0)
            lines.append(pad("parameter", nameWidth) + "  " + units.gradientHeader)
            lines += zip(names, estimate.gradient).map { pad($0, nameWidth) + "  \(signed($1))" }
            return lines.joined(separator: "\n")
        }

        private func pad(_ text: String, _ width: Int) -> String {
            text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
        }

        /// A number with a leading space when non-negative, so that a column of signs lines up.
        private func signed(_ x: Double) -> String { x.sign == .minus ? "\(x)" : " \(x)" }
    }
}

/// The estimators a user can pick with `--estimator` (random-sign nudging belongs to training).
/// `NODE=VALUE` from `--target`; the node name is lower-cased, as the netlist's are.
struct TargetAssignment: ExpressibleByArgument {
    var node: String
    var value: Double

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, let value = SpiceNumber.parse(parts[1]), value.isFinite else {
            return nil
        }
        node = String(parts[0]).lowercased()
        self.value = value
    }
}
