import ArgumentParser
import PhysicalNetworks

/// The options of `gradient` and `train` that only oscillator networks (`FILE.osc`) use.
struct OscillatorOptions: ParsableArguments {
    @Option(help: "Oscillator networks: the torque cost, cosine (1 − cos(φ − τ)) or log (−log((1 + ε + cos(φ − τ))/(2 + ε)), ε = 1e-5).")
    var phaseCost: TrainingConfiguration.PhaseCostKind = .cosine

    @Option(help: "Oscillator networks: relax from this many random starts (phases uniform in (−π, π), seeded by --seed) and average the gradient over them.")
    var starts: Int = 1

    func validate() throws {
        guard starts >= 1 else { throw ValidationError("--starts must be at least 1") }
    }

    /// The controller's cost for `problem`: the torque cost for an oscillator network, else the
    /// squared error.
    func costKind(for problem: LearningProblem) -> EquilibriumPropagation.CostKind {
        problem.isOscillator ? phaseCost.costKind : .squaredError(correctWithin: 0.5)
    }
}

extension TrainingConfiguration.PhaseCostKind: ExpressibleByArgument {}
