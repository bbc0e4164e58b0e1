/// The circuits of the benchmark suite.
public enum BenchmarkCircuits {
    /// Every benchmark circuit: the 1,000-node random RC network and the 100 × 100 grid.
    public static let all: [BenchmarkCircuit] = [RandomRCNetwork.make(), ResistorGrid.make()]

    /// The relative tolerance nudge runs the benchmark transients with (`nudge transient
    /// --reltol`): chosen so that nudge's error against the exact solution is no larger than
    /// ngspice's at its defaults (see compare_ngspice.py and README.md).
    public static let transientRelativeTolerance = 1e-3
}
