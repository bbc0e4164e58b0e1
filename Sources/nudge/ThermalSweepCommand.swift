import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge thermal-sweep FILE --target NODE=VALUE ... --temperatures LIST --betas LIST
/// --samples LIST [--seeds K] [--noise boltzmann|johnson] [--nudge-element source|resistor]
/// [--out DIR]`: the thermal estimators' bias and variance over a grid of temperatures, nudges
/// and sample counts (`ThermalSweep`), written to DIR/sweep.csv and plotted in DIR/sweep.svg,
/// with a summary and the fitted log–log slopes on standard output.
struct ThermalSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thermal-sweep",
        abstract: "Sweep temperature, nudge and samples; measure the thermal estimators' bias and variance.",
        discussion: """
            For every temperature T, sample count M and seed, 'thermal-covariance' runs once and \
            'thermal-nudged' once per β; each grid point is repeated with --seeds K independent \
            seeds. The Langevin step, sampling interval and burn-in are chosen from the \
            network's relaxation rates, as for a single thermal gradient. The reference is \
            dL/dθ of the Gaussian (low-temperature) closed form at T, exact for a linear \
            network with a quadratic cost.

            DIR/sweep.csv: one row per (estimator, T, β, M, parameter), columns \
            estimator,temperature,beta,samples,parameter,reference,mean,bias,spread,\
            mean_stderr,effective_samples,expectation,reported_stderr,per_sample_spread,seeds: \
            mean and spread \
            (standard deviation) over the K seeds, bias = mean − reference, mean_stderr = \
            spread/√K, effective_samples the runs' mean, expectation what the estimator \
            estimates under the Gaussian law (the finite-β difference; −Cov(∂E/∂θ, C)/T), \
            reported_stderr the runs' own batch-means error, per_sample_spread the spread σ₁ \
            of the per-sample terms within a run. β is 0 for thermal-covariance.

            DIR/sweep.svg: the variance over seeds against β, T and M (the other two fixed at \
            the middle of their lists) on log–log axes, with the slopes theory expects: \
            thermal-nudged Var ∝ T/(Mβ²) (−2, +1, −1); thermal-covariance Var ∝ 1/M with a \
            per-sample spread O(1) in T (slope 0 in T) while the outputs miss their targets. \
            Slopes pooled over the whole grid are printed with their standard errors.
            """)

    @OptionGroup var circuit: CircuitOptions

    @Option(name: .customLong("target"), help: ArgumentHelp(
        "Target of an output, e.g. --target out=0.5 (SPICE suffixes allowed); once per '*@ output'.",
        valueName: "NODE=VALUE"))
    var targets: [TargetAssignment] = []

    @Option(help: ArgumentHelp("Temperatures T, comma-separated (W for a circuit under boltzmann noise, kT in J otherwise).",
                               valueName: "LIST"))
    var temperatures: NumberList

    @Option(help: ArgumentHelp("Nudges β, comma-separated (S, N/m or J; positive).", valueName: "LIST"))
    var betas: NumberList

    @Option(help: ArgumentHelp("Samples per phase M, comma-separated (each at least 40).", valueName: "LIST"))
    var samples: NumberList

    @Option(help: "Repetitions K of every grid point, each with its own noise (at least 2).")
    var seeds: Int = 8

    @Option(help: "Base of the runs' seeds.")
    var seed: UInt64 = 1

    @Option(help: "Noise model: boltzmann (stationary law ∝ exp(−E/T)) or johnson (4kTg per resistor).")
    var noise: NoiseModel = .boltzmann

    @Option(help: "The nudging element: source (noiseless, ±β) or resistor (conductance β with its own noise, one-sided).")
    var nudgeElement: EquilibriumPropagation.NudgeElement = .source

    @Option(help: "Oscillator networks: the torque cost, cosine or log.")
    var phaseCost: TrainingConfiguration.PhaseCostKind = .cosine

    @Option(help: "Folder for sweep.csv and sweep.svg (created if missing).")
    var out: String = "thermal-sweep"

    func validate() throws {
        for (flag, list) in [("--temperatures", temperatures), ("--betas", betas), ("--samples", samples)] {
            guard !list.values.isEmpty else { throw ValidationError("\(flag) needs at least one value") }
            if let bad = list.values.first(where: { !($0 > 0) }) {
                throw ValidationError("\(flag) values must be positive, got \(bad)")
            }
        }
        if let bad = samples.values.first(where: { $0 < 40 || $0 != $0.rounded() }) {
            throw ValidationError("--samples must be whole numbers of at least 40 (20 batches of 2), got \(bad)")
        }
        guard seeds >= 2 else { throw ValidationError("--seeds must be at least 2 (a spread needs two runs), got \(seeds)") }
        for (flag, list) in [("--temperatures", temperatures), ("--betas", betas), ("--samples", samples)] {
            guard Set(list.values).count == list.values.count else {
                throw ValidationError("\(flag) lists a value twice")
            }
        }
    }

    func run() throws {
        try reportingUserErrors {
            let problem = try circuit.loadLearningProblem()
            let file = problem.file
            let targetValues = try GradientCommand.orderedTargets(targets, for: problem)
            let ep: EquilibriumPropagation
            do throws(LearningError) {
                ep = try EquilibriumPropagation(network: problem.network,
                                                cost: problem.isOscillator ? phaseCost.costKind : .squaredError(correctWithin: 0.5))
                try ep.setInputs(problem.network.roles.inputParameters.map { problem.network.parameters[$0] })
                try ep.setTargets(targetValues)
                for estimator in EquilibriumPropagation.ThermalEstimator.allCases {
                    for temperature in temperatures.values {
                        try ep.check(ThermalSettings(estimator: estimator, temperature: temperature, noise: noise,
                                                     samples: Int(samples.values.min() ?? 40), nudge: nudgeElement))
                    }
                }
            } catch {
                throw UserFacingError("\(file): \(error.description)")
            }
            guard !ep.trainableNames.isEmpty else { throw UserFacingError("\(file): no trainable parameter to sweep") }
            let grid = ThermalSweep.Grid(
                temperatures: temperatures.values, betas: betas.values, samples: samples.values.map { Int($0) },
                seeds: seeds, seed: seed, noise: noise, nudge: nudgeElement)
            var bar = ProgressBar(total: grid.runCount, label: "thermal-sweep")
            let sweep: ThermalSweep
            do throws(ThermalSweep.Failure) {
                sweep = try ThermalSweep.run(ep, grid: grid) { done, _ in bar.update(completed: done) }
            } catch {
                throw UserFacingError("\(file): \(error.description)")
            }
            bar.finish()
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw UserFacingError("\(out): cannot create the output folder: \(error.localizedDescription)")
            }
            let name = URL(fileURLWithPath: file).lastPathComponent
            for (path, text) in [(out + "/sweep.csv", sweep.csv()), (out + "/sweep.svg", sweep.plot(name: name).svg())] {
                do throws(RunFileError) {
                    try AtomicFile.write(text, to: path)
                } catch {
                    throw UserFacingError("\(path): cannot write: \(error.description)")
                }
            }
            let notes = EquilibriumPropagation.ThermalEstimator.allCases.compactMap { estimator in
                EquilibriumPropagation.thermalCaveat(ThermalSettings(estimator: estimator, temperature: 1, noise: noise,
                                                                     nudge: nudgeElement)).map { "note: \(estimator.rawValue): \($0)" }
            }
            print(Self.summary(sweep, units: problem.units, folder: out, notes: notes))
        }
    }

    /// Parameters listed one by one in the summary; beyond, the table shows the first ones and
    /// the slopes are summarized (median and range over the parameters).
    static let listedParameters = 6

    /// The summary table and the fitted slopes.
    static func summary(_ sweep: ThermalSweep, units: LearningProblem.Units, folder: String, notes: [String] = []) -> String {
        let header = ["estimator", "T", "β", "M", "parameter", "reference", "mean", "bias", "spread", "σ₁", "M_eff"]
        var table = [header]
        let listed = Set(sweep.parameters.prefix(listedParameters))
        for row in sweep.rows where listed.contains(row.parameter) {
            table.append([row.estimator.rawValue, short(row.temperature), row.estimator == .covariance ? "-" : short(row.beta),
                          "\(row.samples)", row.parameter, short(row.reference), short(row.mean), short(row.bias),
                          short(row.spread), short(row.perSampleSpread), String(Int(row.effectiveSamples.rounded()))])
        }
        var lines = [
            "thermal-sweep: \(sweep.grid.runCount) runs, K = \(sweep.grid.seeds) seeds per point, noise \(sweep.grid.noise.rawValue); "
                + "β in \(units.beta); dL/dθ per parameter (\(units.gradientHeader))",
            "",
        ]
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for cells in table {
            lines.append(zip(cells, widths).map { cell, width in
                cell.padding(toLength: max(width, cell.count), withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        if sweep.parameters.count > listed.count {
            lines.append("… and \(sweep.parameters.count - listed.count) more parameters (all in \(folder)/sweep.csv)")
        }
        lines.append("")
        let slopes = sweep.slopes()
        if slopes.isEmpty {
            lines.append("slopes: none (every list has a single value)")
        } else {
            lines.append("log–log slopes of the variance over seeds (pooled over the grid; ± from K):")
            func name(_ axis: ThermalSweep.Axis) -> String {
                switch axis {
                case .beta: return "vs β"
                case .temperature: return "vs T"
                case .samples: return "vs M"
                }
            }
            if sweep.parameters.count > listedParameters {
                for estimator in EquilibriumPropagation.ThermalEstimator.allCases {
                    for axis in ThermalSweep.Axis.allCases {
                        let values = slopes.filter { $0.estimator == estimator && $0.axis == axis }.map(\.value).sorted()
                        guard let low = values.first, let high = values.last,
                              let expected = ThermalSweep.expectedSlope(estimator, axis) else { continue }
                        lines.append("  \(estimator.rawValue) \(name(axis)): median "
                                     + String(format: "%+.2f, range %+.2f to %+.2f over %d parameters (theory %+.0f)",
                                              values[(values.count - 1) / 2], low, high, values.count, expected))
                    }
                }
            }
            for slope in slopes where sweep.parameters.count <= listedParameters {
                let axis = name(slope.axis)
                let sigma = abs(slope.value - slope.expected) / slope.standardError
                lines.append("  \(slope.estimator.rawValue) \(slope.parameter) \(axis): "
                             + "\(String(format: "%+.2f ± %.2f", slope.value, slope.standardError)) "
                             + "(theory \(String(format: "%+.0f", slope.expected)), \(String(format: "%.1f", sigma))σ, "
                             + "\(slope.points) points)")
            }
        }
        if !notes.isEmpty { lines += [""] + notes }
        lines.append("")
        lines.append("wrote \(folder)/sweep.csv and \(folder)/sweep.svg")
        return lines.joined(separator: "\n")
    }

    /// A number in 4 significant digits.
    static func short(_ value: Double) -> String { String(format: "%.4g", value) }
}

/// A comma-separated list of numbers (SPICE suffixes allowed), e.g. `0.01,0.02,50m`.
struct NumberList: ExpressibleByArgument {
    var values: [Double]

    init?(argument: String) {
        let fields = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if fields.count == 1, fields[0].isEmpty {
            values = []
            return
        }
        var values: [Double] = []
        for field in fields {
            guard let value = SpiceNumber.parse(Substring(field)), value.isFinite else { return nil }
            values.append(value)
        }
        self.values = values
    }
}
