import Foundation
import PhysicalNetworks

/// `nudge gradient FILE … --estimator thermal-nudged|thermal-covariance --temperature T
/// [--noise boltzmann|johnson] [--samples M] [--json]`: the gradient of the thermal loss
/// L = ⟨C⟩ at temperature T from Langevin samples, with batch-means standard errors
/// (docs/thermal.md).
extension GradientCommand {
    func runThermal(_ problem: LearningProblem, targets targetValues: [Double], settings: ThermalSettings) throws {
        let file = problem.file
        let ep: EquilibriumPropagation
        let sampling: EquilibriumPropagation.ThermalSampling
        do throws(LearningError) {
            ep = try EquilibriumPropagation(network: problem.network, cost: oscillators.costKind(for: problem))
            try ep.setInputs(problem.network.roles.inputParameters.map { problem.network.parameters[$0] })
            try ep.setTargets(targetValues)
            try ep.check(settings)
        } catch {
            throw UserFacingError("\(file): \(error.description)")
        }
        do throws(EquilibriumPropagation.ThermalSetupError) {
            sampling = try ep.thermalSampling(settings, seed: seed)
        } catch {
            throw UserFacingError("\(file): \(error.description)")
        }
        let beta = self.beta?.value ?? (settings.estimator == .nudged ? ep.thermalDefaultBeta() : nil) ?? betaValue
        var result = ThermalResult(settings: settings, sampling: sampling, beta: beta, names: ep.trainableNames,
                                   units: problem.units, caveat: EquilibriumPropagation.thermalCaveat(settings))
        do throws(LangevinDynamics.Failure) {
            result.estimate = try ep.thermalGradient(settings.estimator, beta: beta, sampling: sampling)
        } catch {
            result.failure = error
        }
        if gaussianReference, result.failure == nil {
            do throws(EquilibriumPropagation.GaussianFailure) {
                result.reference = try ep.gaussianReference(temperature: settings.temperature, noise: settings.noise)
            } catch {
                result.referenceFailure = error.description
            }
        }
        try OutputFile.write(json ? result.json() : result.table(), to: output)
        if let failure = result.failure {
            printError("\(file): \(ThermalResult.describe(failure))")
            throw numericalFailureExitCode
        }
    }

    /// What a thermal gradient prints.
    struct ThermalResult {
        var settings: ThermalSettings
        var sampling: EquilibriumPropagation.ThermalSampling
        var beta: Double
        var names: [String]
        var units: LearningProblem.Units
        var caveat: String?
        var estimate: EquilibriumPropagation.ThermalGradientEstimate?
        var failure: LangevinDynamics.Failure?
        var reference: EquilibriumPropagation.GaussianReference?
        var referenceFailure: String?

        var status: String {
            switch failure {
            case nil: return "converged"
            case .singularMass: return "singularMatrix"
            case .nonFinite: return "nonFinite"
            }
        }

        static func describe(_ failure: LangevinDynamics.Failure) -> String {
            switch failure {
            case .singularMass: return "singularMatrix: the mass matrix is singular (an unknown without capacitance or drag)"
            case .nonFinite(let step):
                return "nonFinite: the Langevin state blew up at step \(step) (the step is too large for the stiffest mode; lower --step)"
            }
        }

        func named(_ values: [Double]) -> JSONValue {
            .object(zip(names, values).map { ($0, .number($1)) })
        }

        func json() -> String {
            var fields: [(String, JSONValue)] = [
                ("estimator", .string(settings.estimator.rawValue)),
                ("status", .string(status)),
                ("temperature", .number(settings.temperature)),
                ("noise", .string(settings.noise.rawValue)),
                ("beta", .number(settings.estimator == .nudged ? beta : 0)),
                ("nudgeElement", .string(settings.nudge.rawValue)),
                ("samples", .integer(sampling.samples)),
                ("step", .number(sampling.dynamics.stepSize)),
                ("interval", .integer(sampling.interval)),
                ("burnIn", .integer(sampling.burnIn)),
                ("scheme", .string(sampling.dynamics.scheme.rawValue)),
                ("seed", .integer(Int(truncatingIfNeeded: sampling.dynamics.seed))),
            ]
            if let estimate {
                fields += [
                    ("loss", .number(estimate.loss)),
                    ("lossStderr", .number(estimate.lossError)),
                    ("gradient", named(estimate.gradient)),
                    ("stderr", named(estimate.standardError)),
                    ("effectiveSamples", named(estimate.effectiveSamples)),
                    ("steps", .integer(estimate.steps)),
                    ("time", .number(Double(estimate.steps) * sampling.dynamics.stepSize)),
                ]
            }
            if let reference {
                fields.append(("reference", .object([
                    ("loss", .number(reference.loss)),
                    ("noiselessLoss", .number(reference.deterministicLoss)),
                    ("gradient", named(reference.gradient)),
                    ("covarianceExpectation", named(reference.covarianceExpectation)),
                ])))
            }
            if let referenceFailure { fields.append(("referenceError", .string(referenceFailure))) }
            if let caveat { fields.append(("caveat", .string(caveat))) }
            return JSONValue.object(fields).serialized()
        }

        func table() -> String {
            var method = settings.estimator.rawValue
            if settings.estimator == .nudged { method += ", β = \(beta) \(units.beta), \(settings.nudge.rawValue) nudge" }
            var lines = [
                "estimator  \(method)",
                "noise      \(settings.noise.rawValue), T = \(settings.temperature)",
                "sampling   \(sampling.samples) samples every \(sampling.interval) steps of \(sampling.dynamics.stepSize) s "
                    + "after \(sampling.burnIn) (\(sampling.dynamics.scheme.rawValue), seed \(sampling.dynamics.seed))",
                "status     \(status)",
            ]
            if let caveat { lines.append("note       \(caveat)") }
            guard let estimate else { return lines.joined(separator: "\n") }
            lines.append("loss       \(estimate.loss) ± \(estimate.lossError) \(units.loss)")
            lines.append("time       \(Double(estimate.steps) * sampling.dynamics.stepSize) s sampled (\(estimate.steps) steps)")
            if let reference { lines.append("reference  Gaussian closed form: loss \(reference.loss)") }
            if let referenceFailure { lines.append("reference  none: \(referenceFailure)") }
            lines.append("")
            let width = max(9, names.map(\.count).max() ?? 0)
            var header = "parameter".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  \(units.gradientHeader)  ± stderr  (effective samples)"
            if reference != nil { header += "  closed form" }
            lines.append(header)
            for k in names.indices {
                var line = names[k].padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  \(estimate.gradient[k]) ± \(estimate.standardError[k])  (\(Int(estimate.effectiveSamples[k].rounded())))"
                if let reference { line += "  \(reference.gradient[k])" }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }
    }
}
