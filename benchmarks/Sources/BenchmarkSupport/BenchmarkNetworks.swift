import Benchmark
import BenchmarkCircuits
import PhysicalNetworks

/// The benchmark circuits built by nudge's own netlist reader, exactly as `nudge relax` and
/// `nudge transient` build the files that compare_ngspice.py hands to both simulators.
public enum BenchmarkNetworks {
    /// Parses and builds `circuit` (PULSE defaults resolved for its transient window).
    public static func build(_ circuit: BenchmarkCircuit) throws -> Circuit {
        let netlist = try NetlistParser.parse(contents: circuit.netlist(), file: "\(circuit.name).cir")
        return try CircuitBuilder.build(
            netlist, transient: CircuitBuilder.TransientSettings(step: circuit.outputStep, stop: circuit.stopTime))
    }

    /// The metrics every benchmark of the suite records. `mallocCountTotal` counts every
    /// `malloc` inside the measured closure (package-benchmark's malloc interposer). CPU time
    /// and memory metrics are left out: measuring them allocates (16 mallocs per iteration for
    /// `cpuTotal`, a sampling thread for the memory metrics), and those mallocs would be counted.
    public static let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]

    /// Tags printed with every benchmark: the BLAS kernel OpenBLAS picked on this machine.
    public static var tags: [String: String] { ["blas": BLASInfo.coreName] }
}

/// Takes TR-BDF2 steps by hand (no step-size control, no steady-state test), to show that a
/// step — two Newton stages, the error estimate, and a refactorization whenever the step size
/// changes — allocates nothing once the cache exists.
public final class StepLoop {
    public let equations: NetworkEquations
    public let cache: TRBDF2Cache
    private let stepSize: Double
    private let tolerances = Tolerances()
    private var count = 0

    /// - Parameter stepSize: the base step (s); steps alternate between it and 1.25 times it,
    ///   so that every step refactors the iteration matrix.
    public init(circuit: Circuit, stepSize: Double) throws {
        equations = NetworkEquations(network: circuit.network)
        cache = TRBDF2().makeCache(for: equations)
        _ = cache.state.update(fromContentsOf: circuit.initialState)
        self.stepSize = stepSize
        if let failure = cache.start(time: 0, drive: .dc) { throw StepLoopFailure(status: failure) }
    }

    /// Takes `steps` steps; returns the status of the first one that failed, if any.
    public func run(steps: Int) -> SolverStatus? {
        for _ in 0..<steps {
            count += 1
            let h = count.isMultiple(of: 2) ? stepSize : 1.25 * stepSize
            if case .failed(let status) = cache.attempt(stepSize: h, drive: .dc, tolerances: tolerances) {
                return status
            }
            cache.accept()
        }
        return nil
    }
}

/// A step loop that could not start.
public struct StepLoopFailure: Error, CustomStringConvertible {
    public var status: SolverStatus
    public var description: String { "TR-BDF2 could not start: \(status.rawValue)" }
}
