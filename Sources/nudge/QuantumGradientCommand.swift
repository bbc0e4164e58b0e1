import ArgumentParser
import PhysicalNetworks
import QuantumNetworks

/// `nudge quantum gradient FILE --target SITE=VALUE … [--estimator E] [--beta B] [--shots M]
/// [--json]`: dL/dθ of L = ⟨Ĉ⟩ in the trained eigenstate for every trainable term, by quantum
/// EP run as a device would (free and nudged eigenstates, ⟨∂H/∂θ⟩ measured in each, optionally
/// from M projective shots per measurement setting) or exactly (first-order perturbation
/// theory; the Gaussian closed form for modes).
struct QuantumGradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient",
        abstract: "Estimate dL/dθ of L = ⟨Ĉ⟩ — ½ Σ (Z_o − y_o)² or the file's projector cost for spins, ½ Σ (x_o − y_o)² for modes — for every trainable term.",
        discussion: """
            Estimators (g(β) = ⟨∂H/∂θ⟩ in the eigenstate of H + βĈ, warm-started from the free \
            one): exact (perturbation theory: one linear solve), positive [g(β) − g(0)]/β, \
            negative, centered [g(β) − g(−β)]/(2β), richardson. With --shots M every ⟨∂H/∂θ⟩ is \
            the mean of M projective measurements per setting (terms read in the same product \
            basis share shots: one Z setting and one X setting for a TFIM): "stderr" per term is \
            then the shot noise (0 without --shots: exact expectations), and the JSON adds \
            "experiments" (measured phases × settings × M) and "settings". For modes \
            the JSON adds "classicalGradient" (classical EP on the same network: μ only) and \
            "classicalLoss". JSON: {"loss", "gradient": {"<term>": …}, "estimator", "beta", \
            "phases", "energy", "state", …}.
            """)

    @OptionGroup var model: QuantumModelOptions

    @Option(name: .customLong("target"), help: ArgumentHelp("Target of an output site, e.g. --target a=-1 (⟨Z⟩ for a spin, position for a mode); once per '*@ output'.",
                                                            valueName: "SITE=VALUE"))
    var targets: [TargetAssignment] = []

    @Option(help: "exact, positive, negative, centered or richardson.")
    var estimator: QuantumEstimatorChoice = .centered

    @Option(help: "The nudge β (energy units per unit cost).")
    var beta: Double = 0.01

    @Option(help: "Spins: projective measurements per setting and phase (none: exact expectations).")
    var shots: Int?

    @Option(help: "Seed of the shots.")
    var seed: UInt64 = 1

    @Option(help: "The eigenstate (default: the file's *@ state).")
    var state: Int?

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "Write the result to this file (written whole, or not at all).")
    var output: String?

    func validate() throws {
        guard beta > 0, beta.isFinite else { throw ValidationError("--beta must be positive") }
        if let shots { guard shots >= 2 else { throw ValidationError("--shots must be at least 2") } }
        if shots != nil, estimator == .exact { throw ValidationError("--shots needs a nudged estimator (exact measures nothing)") }
        if let state { guard state >= 0 else { throw ValidationError("--state must be non-negative") } }
    }

    func run() throws {
        try reportingUserErrors {
            let problem = try model.load()
            let targetValues = try orderedTargets(problem)
            let names = problem.model.trainableNames
            var fields: [(String, JSONValue)] = []
            var table: [String] = []
            switch problem.system {
            case .spins(let ising):
                var cost = problem.model.spinCost()
                cost.targets = targetValues
                let ep = QuantumEquilibriumPropagation(hamiltonian: ising, cost: cost, trainable: problem.trainable,
                                                       level: problem.level(state))
                let estimate: QuantumGradientEstimate
                do {
                    if let shots {
                        estimate = try ep.gradient(estimator.estimator, beta: beta, shots: .init(count: shots, seed: seed))
                    } else {
                        estimate = try ep.gradient(estimator.estimator, beta: beta)
                    }
                } catch {
                    throw UserFacingError("\(problem.file): \(error)")
                }
                fields = [("loss", .number(estimate.loss)),
                          ("gradient", .object(zip(names, estimate.gradient).map { ($0, .number($1)) }))]
                // Without shots the expectations are exact: a standard error of 0.
                let errors = estimate.standardError ?? names.map { _ in 0 }
                fields.append(("stderr", .object(zip(names, errors).map { ($0, .number($1)) })))
                if estimate.standardError != nil {
                    fields += [("experiments", .integer(estimate.experiments)), ("settings", .integer(estimate.settings)),
                               ("shots", .integer(shots ?? 0)), ("seed", .integer(Int(truncatingIfNeeded: seed)))]
                }
                fields += [("estimator", .string(estimator.rawValue)), ("beta", .number(estimate.beta)),
                           ("phases", .integer(estimate.phases)), ("energy", .number(estimate.energy)),
                           ("state", .integer(problem.level(state)))]
                table = ["loss       \(estimate.loss)",
                         "estimator  \(estimator.rawValue)" + (estimator == .exact ? "" : ", β = \(beta)")
                            + ", \(estimate.phases) eigenstate\(estimate.phases == 1 ? "" : "s")",
                         "energy     \(estimate.energy) (state \(problem.level(state)))"]
                if let shots {
                    table.append("shots      \(shots) per setting × \(estimate.settings) setting\(estimate.settings == 1 ? "" : "s") per measured phase: \(estimate.experiments) experiments")
                }
                table += ["", "term      dL/dθ" + (estimate.standardError == nil ? "" : "  ± stderr")]
                table += names.indices.map { k in
                    pad(names[k], 8) + "  \(estimate.gradient[k])" + (estimate.standardError.map { "  ± \($0[k])" } ?? "")
                }
            case .modes(var network):
                if let shots { _ = shots; throw UserFacingError("\(problem.file): --shots is for spin models") }
                for (k, value) in targetValues.enumerated() { network.outputs[k].target = value }
                let ep = HarmonicEquilibriumPropagation(network: network, trainable: problem.trainable)
                let estimate: HarmonicEquilibriumPropagation.Estimate
                do { estimate = try ep.gradient(estimator.estimator, beta: beta) } catch {
                    throw UserFacingError("\(problem.file): \(error)")
                }
                fields = [("loss", .number(estimate.loss)),
                          ("gradient", .object(zip(names, estimate.gradient).map { ($0, .number($1)) })),
                          ("stderr", .object(names.map { ($0, .number(0)) })),
                          ("classicalLoss", .number(estimate.classicalLoss)),
                          ("classicalGradient", .object(zip(names, estimate.classicalGradient).map { ($0, .number($1)) })),
                          ("estimator", .string(estimator.rawValue)), ("beta", .number(estimate.beta)),
                          ("phases", .integer(estimate.phases)), ("energy", .number(estimate.energy)), ("state", .integer(0))]
                table = ["loss       \(estimate.loss) (classical ½(μ − y)²: \(estimate.classicalLoss))",
                         "estimator  \(estimator.rawValue)" + (estimator == .exact ? "" : ", β = \(beta)"),
                         "energy     \(estimate.energy)", "", "term      dL/dθ  (classical EP)"]
                table += names.indices.map { pad(names[$0], 8) + "  \(estimate.gradient[$0])  (\(estimate.classicalGradient[$0]))" }
            }
            try OutputFile.write(json ? JSONValue.object(fields).serialized() : table.joined(separator: "\n"), to: output)
        }
    }

    /// The targets in `*@ output` order; each output needs exactly one.
    func orderedTargets(_ problem: QuantumProblem) throws -> [Double] {
        let outputs = problem.model.roles.outputs
        var values: [String: Double] = [:]
        for target in targets {
            guard outputs.contains(target.node) else {
                throw UserFacingError("\(problem.file): --target: '\(target.node)' is not an output (outputs: \(outputs.joined(separator: ", ")))")
            }
            guard values[target.node] == nil else { throw UserFacingError("\(problem.file): --target: '\(target.node)' is given twice") }
            values[target.node] = target.value
        }
        let missing = outputs.filter { values[$0] == nil }
        guard missing.isEmpty else {
            throw UserFacingError("\(problem.file): no --target for \(missing.map { "'\($0)'" }.joined(separator: ", ")) (one --target SITE=VALUE per output)")
        }
        return outputs.map { values[$0]! }
    }
}

/// The estimators of quantum EP.
enum QuantumEstimatorChoice: String, ExpressibleByArgument, CaseIterable {
    case exact, positive, negative, centered, richardson

    var estimator: Estimator {
        switch self {
        case .exact: return .exact
        case .positive: return .positive
        case .negative: return .negative
        case .centered: return .centered
        case .richardson: return .richardson
        }
    }
}
