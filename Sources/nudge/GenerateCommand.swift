import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge generate lattice|disordered|allostery … --output FILE`: a seeded elastic network written
/// as a LAMMPS data file (which `nudge relax` and LAMMPS both read) or, for `FILE.elastic`, as an
/// elastic network file; `allostery` writes a learning task (an `.elastic` file with roles, and
/// its samples as CSV).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate an elastic network (LAMMPS data file or FILE.elastic), an allostery task, or an oscillator denoising task.",
        discussion: """
            lattice: a ROWS × COLUMNS triangular lattice of spacing 1 m, bottom row pinned. \
            disordered: NODES random points in a square of side √NODES, Delaunay bonds pruned at \
            random to mean coordination Z (each node keeps ≥ 3 bonds), or with --rigid by a \
            pebble game that keeps the free nodes rigidly held (no floppy mode); nodes within \
            0.5 m of the bottom pinned. Bonds start unstressed; --perturb P multiplies every rest \
            length by a seeded factor in [1 − P, 1 + P] so that the network has something to relax. \
            The output is a LAMMPS data file, or an elastic network file when it ends in .elastic.

            allostery: a rigid disordered network (as above, always --rigid) with --inputs stiff \
            input bonds (in1, …; stiffness --input-stiffness) across node pairs near the left \
            edge and --outputs distance sensors (out1, …) across pairs near the right edge, every \
            other bond's stiffness trainable in [1e-3, 1e3] N/m; written to OUTPUT (.elastic) with \
            its samples in --data (default: OUTPUT with .csv): input strains ε (--strain itself for \
            one sample, else uniform in ±STRAIN), output targets d(1 + RESPONSE·ε) — output j \
            follows input j mod inputs.

            denoising: an oscillator network file (OUTPUT must end in .osc) — a periodic ROWS × \
            COLUMNS phase lattice whose translation-invariant kernel (entries within --radius \
            trainable, all from 0) \
            learns to restore smooth phase patterns (three random plane waves) from inputs with \
            Gaussian phase noise of --noise rad, each site held by a field of strength 1 J to its \
            noisy input — with --samples patterns in --data (default: OUTPUT with .csv).
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case lattice, disordered, allostery, denoising
    }

    @Argument(help: "lattice, disordered, allostery or denoising.")
    var kind: Kind

    @Option(help: "Lattice rows.")
    var rows: Int = 10
    @Option(help: "Lattice columns.")
    var columns: Int = 10
    @Option(help: "Disordered: number of nodes.")
    var nodes: Int = 500
    @Option(help: "Disordered: target mean coordination Z (> 3; about 5 is safely rigid).")
    var coordination: Double = 5.2
    @Option(help: "Seed of the points, the pruning and the perturbation.")
    var seed: UInt64 = 1
    @Option(help: "Relative perturbation of the rest lengths (0 = unstressed).")
    var perturb: Double = 0
    @Flag(help: "Disordered: prune keeping the free nodes rigidly held (pebble game).")
    var rigid = false
    @Option(help: "Allostery: input pairs (strained).")
    var inputs: Int = 1
    @Option(help: "Allostery: output pairs (sensed).")
    var outputs: Int = 1
    @Option(help: "Allostery: stiffness of the input bonds (N/m).")
    var inputStiffness: Double = 100
    @Option(parsing: .unconditional, help: "Allostery: the input strain (one sample) or its range ±STRAIN.")
    var strain: Double = 0.1
    @Option(parsing: .unconditional, help: "Allostery: target output strain per unit input strain (negative: the output pair contracts).")
    var response: Double = -1
    @Option(help: "Allostery, denoising: number of samples.")
    var samples: Int = 1
    @Option(help: "Denoising: standard deviation of the phase noise (rad).")
    var noise: Double = 0.5
    @Option(help: "Denoising: kernel entries within this distance (lattice spacings) are trainable.")
    var radius: Double = 2
    @Option(help: "Allostery, denoising: the samples' CSV (default: OUTPUT with extension .csv).")
    var data: String?
    @Option(help: "The file to write: a LAMMPS data file, or FILE.elastic (written whole, or not at all).")
    var output: String

    func validate() throws {
        guard rows >= 2, columns >= 2 else { throw ValidationError("--rows and --columns must be at least 2") }
        guard nodes >= 4 else { throw ValidationError("--nodes must be at least 4") }
        guard coordination > 3, coordination.isFinite else { throw ValidationError("--coordination must be above 3") }
        guard (0..<1).contains(perturb) else { throw ValidationError("--perturb must be in [0, 1)") }
        guard kind != .allostery || LearningProblem.isElastic(output) else {
            throw ValidationError("an allostery task is written as an elastic network file: --output must end in .elastic")
        }
        guard inputs >= 1, outputs >= 1 else { throw ValidationError("--inputs and --outputs must be at least 1") }
        guard inputStiffness > 0, inputStiffness.isFinite else { throw ValidationError("--input-stiffness must be positive") }
        guard strain > -1, strain < 1, strain != 0 else { throw ValidationError("--strain must be in (−1, 1), not 0") }
        guard response.isFinite else { throw ValidationError("--response must be a number") }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard kind != .denoising || LearningProblem.isOscillator(output) else {
            throw ValidationError("a denoising task is written as an oscillator network file: --output must end in .osc")
        }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be a non-negative number of radians") }
        guard radius >= 1, radius.isFinite else { throw ValidationError("--radius must be at least 1") }
    }

    func run() throws {
        try reportingUserErrors {
            if kind == .denoising { return try writeDenoising() }
            var network: ElasticNetwork
            do {
                switch kind {
                case .lattice: network = .triangularLattice(rows: rows, columns: columns)
                case .disordered where !rigid: network = .disordered(count: nodes, coordination: coordination, seed: seed)
                case .disordered, .allostery, .denoising:
                    network = try .rigidDisordered(count: nodes, coordination: coordination, seed: seed)
                }
            } catch {
                throw UserFacingError("generate: \(error)")
            }
            if perturb > 0 {
                var generator = Xoshiro256StarStar(seed: seed, stream: 1)
                for e in network.bonds.indices {
                    network.bonds[e].restLength *= generator.nextDouble(in: (1 - perturb)..<(1 + perturb))
                }
            }
            if kind == .allostery { return try writeAllostery(network) }
            let text = LearningProblem.isElastic(output)
                ? ElasticNetlist(file: output, title: "\(kind.rawValue) elastic network, \(network.nodes.count) nodes, seed \(seed)",
                                 elastic: network).text(comments: [commandLine])
                : LAMMPSData.write(network)
            try OutputFile.write(text, to: output)
            print("\(output): \(network.nodes.count) nodes (\(network.nodes.filter(\.pinned).count) pinned), \(network.bonds.count) bonds, Z = \(String(format: "%.3f", network.meanCoordination))")
        }
    }

    /// The command that made a file, recorded in it.
    private var commandLine: String {
        "made by: nudge " + CommandLine.arguments.dropFirst().joined(separator: " ")
    }

    /// Where a task's samples go.
    private var dataPath: String { data ?? (output as NSString).deletingPathExtension + ".csv" }

    /// Writes the samples first, then the task; neither if either cannot be written.
    private func writeTask(_ text: String, samples dataset: Dataset) throws {
        try OutputFile.write(DatasetCSV.text(dataset), to: dataPath)
        do {
            try OutputFile.write(text, to: output)
        } catch {
            try? FileManager.default.removeItem(atPath: dataPath)
            throw error
        }
    }

    private func writeDenoising() throws {
        let task = OscillatorNetlist.denoisingTask(rows: rows, columns: columns, samples: samples, noise: noise,
                                                  radius: radius, seed: seed, file: output)
        try writeTask(task.netlist.text(comments: [commandLine, "samples: \(dataPath)"]), samples: task.dataset)
        print("\(output): \(rows) × \(columns) lattice, \(task.netlist.roles.trainable.count) trainable kernel entries; "
              + "\(dataPath): \(task.dataset.count) sample\(task.dataset.count == 1 ? "" : "s")")
    }

    private func writeAllostery(_ network: ElasticNetwork) throws {
        let title = "allostery: \(inputs) input strain\(inputs == 1 ? "" : "s") → \(outputs) output distance\(outputs == 1 ? "" : "s"), "
            + "\(network.nodes.count) nodes, Z = \(String(format: "%.3f", network.meanCoordination)), seed \(seed)"
        guard let task = ElasticNetlist.allostery(network, title: title, file: output, inputs: inputs, outputs: outputs,
                                                  inputStiffness: inputStiffness) else {
            throw UserFacingError("generate: the network has too few free bonded nodes near its edges for \(inputs) inputs and \(outputs) outputs")
        }
        let dataset = task.allosterySamples(count: samples, strain: strain, response: response, seed: seed)
        try writeTask(task.text(comments: [commandLine, "samples: \(dataPath)"]), samples: dataset)
        print("\(output): \(network.nodes.count) nodes (\(network.nodes.filter(\.pinned).count) pinned), "
              + "\(network.bonds.count) trainable bonds, Z = \(String(format: "%.3f", network.meanCoordination)); "
              + "\(dataPath): \(dataset.count) sample\(dataset.count == 1 ? "" : "s")")
    }
}
