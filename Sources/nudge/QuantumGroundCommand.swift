import ArgumentParser
import PhysicalNetworks
import QuantumNetworks

/// `nudge quantum ground FILE [--state k] [--json]`: the k-th eigenstate's energy, the gap to
/// the nearest other level, and the expectation of every term's operator ∂H/∂θ (what the
/// device measures); spins also print ⟨Z_i⟩, modes their means and covariance.
struct QuantumGroundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ground",
        abstract: "Solve an eigenstate (default: the ground state) and print its energy, gap and ⟨∂H/∂θ⟩ per term.",
        discussion: """
            Spins: dense LAPACK diagonalization up to 1,024 amplitudes (10 spins), Lanczos with \
            full reorthogonalization above; a degenerate state is refused (exit 1), since EP \
            needs a nondegenerate one. Modes: the Gaussian ground state in closed form (ħ = 1), \
            gap = the lowest normal-mode frequency. JSON: {"energy", "gap", "state", \
            "expectations": {"<term>": ⟨∂H/∂θ⟩, ...}, "magnetizations" | "means" and \
            "covariance", "method"}.
            """)

    @OptionGroup var model: QuantumModelOptions

    @Option(help: "The eigenstate: 0 the ground state, 1 the first excited one, … (default: the file's *@ state).")
    var state: Int?

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "Write the result to this file (written whole, or not at all).")
    var output: String?

    func validate() throws {
        if let state { guard state >= 0 else { throw ValidationError("--state must be non-negative") } }
    }

    func run() throws {
        try reportingUserErrors {
            let problem = try model.load()
            let names = problem.termNames
            var fields: [(String, JSONValue)] = []
            var lines: [String] = []
            switch problem.system {
            case .spins(let ising):
                let level = problem.level(state)
                let solver = EigenstateSolver()
                let eigenstate: Eigenstate
                do throws(EigenstateError) { eigenstate = try solver.eigenstate(level, of: ising) } catch {
                    throw UserFacingError("\(problem.file): \(error.description)")
                }
                let all = ising.derivativeExpectations(eigenstate.vector)
                let expectations = names.map { all[problem.parameterIndex[$0]!] }
                let magnetizations = SpinSquaredError(spins: ising.spinCount, outputs: Array(0..<ising.spinCount))
                    .magnetizations(eigenstate.vector)
                let method = solver.resolvedMethod(dimension: ising.dimension) == .lanczos ? "lanczos" : "dense"
                fields = [("state", .integer(level)), ("energy", .number(eigenstate.energy)), ("gap", .number(eigenstate.gap)),
                          ("expectations", .object(zip(names, expectations).map { ($0, .number($1)) })),
                          ("magnetizations", .object(zip(problem.model.sites.map(\.name), magnetizations).map { ($0, .number($1)) })),
                          ("method", .string(method)), ("residual", .number(eigenstate.residual))]
                lines = ["state     \(level) (\(method), \(ising.spinCount) spins, dimension \(ising.dimension))",
                         "energy    \(eigenstate.energy)", "gap       \(eigenstate.gap)", "",
                         "spin      ⟨Z⟩"]
                lines += zip(problem.model.sites.map(\.name), magnetizations).map { pad($0, 8) + "  \($1)" }
                lines += ["", "term      ⟨∂H/∂θ⟩"] + zip(names, expectations).map { pad($0, 8) + "  \($1)" }
            case .modes(let network):
                if let state, state != 0 { throw ValidationError("a harmonic model has only its Gaussian ground state: --state 0") }
                let ground: HarmonicGroundState
                do { ground = try network.groundState() } catch { throw UserFacingError("\(problem.file): \(error)") }
                let expectations = names.map { ground.parameterExpectations[problem.parameterIndex[$0]!] }
                let sites = problem.model.sites.map(\.name)
                let gap = ground.frequencies.min() ?? 0
                fields = [("state", .integer(0)), ("energy", .number(ground.energy)), ("gap", .number(gap)),
                          ("zeroPointEnergy", .number(ground.zeroPointEnergy)),
                          ("expectations", .object(zip(names, expectations).map { ($0, .number($1)) })),
                          ("means", .object(zip(sites, ground.mean).map { ($0, .number($1)) })),
                          ("covariance", .array(sites.indices.map { i in .array(sites.indices.map { .number(ground.covariance(i, $0)) }) })),
                          ("method", .string("gaussian"))]
                lines = ["state     0 (Gaussian, \(sites.count) modes, ħ = 1)", "energy    \(ground.energy)",
                         "zero-point energy \(ground.zeroPointEnergy)", "gap       \(gap) (lowest normal-mode frequency)", "",
                         "mode      ⟨x⟩  Var x"]
                lines += sites.indices.map { pad(sites[$0], 8) + "  \(ground.mean[$0])  \(ground.covariance($0, $0))" }
                lines += ["", "term      ⟨∂H/∂θ⟩"] + zip(names, expectations).map { pad($0, 8) + "  \($1)" }
            }
            try OutputFile.write(json ? JSONValue.object(fields).serialized() : lines.joined(separator: "\n"), to: output)
        }
    }
}

/// `text` padded with spaces to `width`.
func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
}
