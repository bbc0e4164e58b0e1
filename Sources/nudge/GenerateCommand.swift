import ArgumentParser
import Foundation
import PhysicalNetworks

/// `nudge generate lattice|disordered … --output NET.data`: a seeded elastic network written as
/// a LAMMPS data file (which `nudge relax` and LAMMPS both read).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate an elastic network and write it as a LAMMPS data file.",
        discussion: """
            lattice: a ROWS × COLUMNS triangular lattice of spacing 1 m, bottom row pinned. \
            disordered: NODES random points in a square of side √NODES, Delaunay bonds pruned at \
            random to mean coordination Z (each node keeps ≥ 3 bonds), nodes within 0.5 m of the \
            bottom pinned. Bonds start unstressed; --perturb P multiplies every rest length by a \
            seeded factor in [1 − P, 1 + P] so that the network has something to relax.
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case lattice, disordered
    }

    @Argument(help: "lattice or disordered.")
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
    @Option(help: "The LAMMPS data file to write (written whole, or not at all).")
    var output: String

    func validate() throws {
        guard rows >= 2, columns >= 2 else { throw ValidationError("--rows and --columns must be at least 2") }
        guard nodes >= 4 else { throw ValidationError("--nodes must be at least 4") }
        guard coordination > 3, coordination.isFinite else { throw ValidationError("--coordination must be above 3") }
        guard (0..<1).contains(perturb) else { throw ValidationError("--perturb must be in [0, 1)") }
    }

    func run() throws {
        try reportingUserErrors {
            var network = kind == .lattice
                ? ElasticNetwork.triangularLattice(rows: rows, columns: columns)
                : ElasticNetwork.disordered(count: nodes, coordination: coordination, seed: seed)
            if perturb > 0 {
                var generator = Xoshiro256StarStar(seed: seed, stream: 1)
                for e in network.bonds.indices {
                    network.bonds[e].restLength *= generator.nextDouble(in: (1 - perturb)..<(1 + perturb))
                }
            }
            try OutputFile.write(LAMMPSData.write(network), to: output)
            print("\(output): \(network.nodes.count) nodes (\(network.nodes.filter(\.pinned).count) pinned), \(network.bonds.count) bonds, Z = \(String(format: "%.3f", network.meanCoordination))")
        }
    }
}
