// tfim-ground-timer: the ground state of an n-spin transverse-field Ising ring, timed outside
// package-benchmark so that peers/compare_eigsh.sh can run it beside scipy's eigsh on the same
// Hamiltonian (issue 8, "Tests and benchmarks"). One solve per process, so that the peak RSS it
// prints (getrusage ru_maxrss) belongs to that solve alone. Prints one JSON object.
//
//     tfim-ground-timer --spins N [--solver lanczos|eigenstate]
//
// The Hamiltonian (PHYSICS.md §6's signs; peers/compare_eigsh.py builds the same matrix):
//
//     H = −Σ_b J_b Z_iZ_j − Σ_i h_i Z_i − Σ_i Γ_i X_i
//
// on the ring bonds b = (0,1), (1,2), …, (n−2,n−1), (n−1,0) in that order, with
//
//     J_b = 0.5 + 0.2·(b mod 5),  h_i = 0.1·((i mod 3) − 1),  Γ_i = 0.7 + 0.05·(i mod 4),
//
// so the couplings and fields are inhomogeneous (no translation or spin-flip symmetry to make the
// ground state degenerate) and Γ ~ J, near the chain's critical range, where the gap is small
// and Lanczos needs more iterations than deep in either phase.
//
// Solvers:
// - `lanczos`: `Lanczos(tolerance: 1e-10, checksMultiplicity: false).lowest(1, of:)`, the bare
//   ground state at scipy's tolerance (eigsh(k=1, which='SA', tol=1e-10)).
// - `eigenstate`: `EigenstateSolver()` with its defaults, as QuantumEquilibriumPropagation uses
//   it: Lanczos (tolerance 1e-9) for the lowest two levels, then its multiplicity check (a
//   deflated rerun), and the gap test. More work than eigsh does; it is what EP pays.
// The model's construction (its diagonal of 2ⁿ doubles) is timed separately as "build".
// The thread count is OpenBLAS's (OPENBLAS_NUM_THREADS), read back from the library; the
// matrix-free H x runs on one thread, the reorthogonalization's GEMVs on OpenBLAS's.
import Foundation
import PhysicalNetworks
import QuantumNetworks

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tfim-ground-timer: \(message)\n".utf8))
    exit(2)
}

var spins: Int?
var solver = "lanczos"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    guard let value = arguments.next() else { fail("\(argument) needs a value") }
    switch argument {
    case "--spins":
        guard let n = Int(value), (2...IsingModel.maximumSpinCount).contains(n) else { fail("--spins \(value): not 2...\(IsingModel.maximumSpinCount)") }
        spins = n
    case "--solver":
        guard ["lanczos", "eigenstate"].contains(value) else { fail("--solver \(value): use lanczos or eigenstate") }
        solver = value
    default: fail("unknown argument \(argument) (use --spins N, --solver lanczos|eigenstate)")
    }
}
guard let n = spins else { fail("--spins N is required") }

func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The process's peak resident set so far, in MiB (Linux reports ru_maxrss in KiB).
func peakRSS() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// OpenBLAS's thread count (`openblas_get_num_threads`, looked up at run time), or nil.
func blasThreads() -> Int? {
    guard let symbol = dlsym(nil, "openblas_get_num_threads") else { return nil }
    typealias Getter = @convention(c) () -> Int32
    return Int(unsafeBitCast(symbol, to: Getter.self)())
}

/// Counts the applications of H that `EigenstateSolver` (which does not report them) makes.
final class Counter { var count = 0 }
struct CountingOperator: QuantumOperator {
    let model: IsingModel
    let counter: Counter
    var dimension: Int { model.dimension }
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        counter.count += 1
        model.apply(x, into: y)
    }
}

let startRSS = peakRSS()
var clock = seconds()
let bonds = IsingModel.chainBonds(n, periodic: true)
let model = IsingModel.transverseField(
    spinCount: n, bonds: bonds,
    couplings: bonds.indices.map { 0.5 + 0.2 * Double($0 % 5) },
    fields: (0..<n).map { 0.1 * Double($0 % 3 - 1) },
    transverseFields: (0..<n).map { 0.7 + 0.05 * Double($0 % 4) })
let buildSeconds = seconds() - clock
let buildRSS = peakRSS()

let energy: Double, residual: Double, applications: Int, gap: Double?, converged: Bool
let cpuStart = cpuSeconds()
clock = seconds()
switch solver {
case "lanczos":
    let result = Lanczos(tolerance: 1e-10, checksMultiplicity: false).lowest(1, of: model)
    energy = result.eigenvalues[0]
    residual = result.residuals[0]
    applications = result.applications
    converged = result.converged
    gap = nil
default:
    let counter = Counter()
    do {
        let state = try EigenstateSolver().eigenstate(0, of: CountingOperator(model: model, counter: counter))
        energy = state.energy
        residual = state.residual
        gap = state.gap
        converged = true
    } catch {
        fail("EigenstateSolver: \(error)")
    }
    applications = counter.count
}
let solveSeconds = seconds() - clock
let solveCPU = cpuSeconds() - cpuStart

func number(_ value: Double?) -> String {
    guard let value else { return "null" }
    return String(format: "%.17g", value)
}
let fields: [(String, String)] = [
    ("spins", String(n)),
    ("dimension", String(model.dimension)),
    ("solver", "\"\(solver)\""),
    ("energy", number(energy)),
    ("residual", number(residual)),
    ("gap", number(gap)),
    ("converged", converged ? "true" : "false"),
    ("applications", String(applications)),
    ("solve_seconds", number(solveSeconds)),
    ("solve_cpu_seconds", number(solveCPU)),
    ("build_seconds", number(buildSeconds)),
    ("start_rss_mib", number(startRSS)),
    ("build_rss_mib", number(buildRSS)),
    ("peak_rss_mib", number(peakRSS())),
    ("openblas_core", "\"\(BLASInfo.coreName)\""),
    ("threads", blasThreads().map(String.init) ?? "null"),
]
print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
