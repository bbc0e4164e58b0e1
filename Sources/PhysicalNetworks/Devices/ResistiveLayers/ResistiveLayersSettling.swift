import Foundation

/// How long the physical network takes to settle: the block coordinate descent finds the
/// equilibrium without time, so this integrates the circuit's dynamics once, for one sample.
///
/// Every hidden and output node has the capacitance C to ground; the inputs switch on at
/// t = 0 with every capacitor uncharged (V = 0), and the nodes follow `C dV/dt = −i(V)`, with
/// i the current the node's resistors, amplifier and rectifier draw. Backward Euler with the
/// fixed step `h = τ_fast / stepsPerTimeConstant`, `τ_fast = C / max_h D_h` the fastest node's
/// time constant, solves each step exactly with the solver's block updates (for ideal diodes
/// the step is the projection the diodes impose: a node stays on its bias while the current
/// pushes it outward). The settling time is the first time at which every node is within
/// `relativeTolerance · max|V_eq|` of the equilibrium V_eq, with the crossing placed inside the
/// last step by assuming an exponential decay of the distance across it (as `relax` does).
///
/// Backward Euler damps every mode a little faster than the circuit does (by the factor
/// 1/(1 + h/τ) per step against e^{−h/τ}), so a slow mode's time constant comes out about
/// `h/2` short; at 20 steps per fastest time constant this is well under a percent of the
/// slow modes that set the settling time (the tests compare with the circuit's TR-BDF2 path).
///
/// Along the same steps it integrates the heat of the resistors and rectifiers (trapezoidal
/// rule in the power of each step's state), which gives the heat the switch-on costs above the
/// equilibrium's steady power: `switchingFactor` relates it to the ½C‖V‖² that a linear
/// reciprocal network would spend (`ResistiveLayersEnergyMeter`).
public struct ResistiveLayersSettling: Sendable {
    public let layers: ResistiveLayers
    /// C (F) from every hidden and output node to ground.
    public let capacitance: Double
    /// Settled: every node within this fraction of the largest equilibrium voltage.
    public var relativeTolerance = 1e-3
    public var stepsPerTimeConstant = 20.0
    /// Give up (status `not settled`) after this many steps.
    public var maxSteps = 2_000_000

    /// What one measurement found.
    public struct Result: Sendable, Equatable {
        /// Time (s) from switching the inputs on to within tolerance of the equilibrium; NaN if
        /// the step budget ran out first.
        public var settlingTime: Double
        /// τ_fast = C / max D (s), and the step h (s).
        public var fastestTimeConstant: Double
        public var step: Double
        public var steps: Int
        /// The tolerance (V) the crossing used.
        public var tolerance: Double
        public var settled: Bool
        /// Heat (J) of resistors and rectifiers from switch-on to `settlingTime`.
        public var transientHeat: Double
        /// Heat per second (W) at the equilibrium.
        public var equilibriumPower: Double
        /// ½C‖V_eq‖² (J): what the node capacitors hold at the equilibrium.
        public var storedEnergy: Double

        /// The switch-on's heat above the steady one, `transientHeat − P_eq·t_settle`, over
        /// ½C‖V_eq‖²: 1 for a linear reciprocal network (`ResistiveLayersEnergyMeter`), less with
        /// amplifiers that charge the nodes from their supplies. NaN if not settled; 1 (the
        /// linear network's) when the equilibrium holds no charge, so that there is nothing to
        /// measure it on (and nothing for it to multiply).
        public var switchingFactor: Double {
            guard settled else { return .nan }
            guard storedEnergy > 0 else { return 1 }
            return (transientHeat - equilibriumPower * settlingTime) / storedEnergy
        }

        public var json: JSONValue {
            .object([
                ("settled", .bool(settled)),
                ("settling_time_seconds", .number(settlingTime)),
                ("tolerance_volts", .number(tolerance)),
                ("fastest_time_constant_seconds", .number(fastestTimeConstant)),
                ("step_seconds", .number(step)),
                ("steps", .integer(steps)),
                ("transient_heat_joules", .number(transientHeat)),
                ("equilibrium_power_watts", .number(equilibriumPower)),
                ("stored_energy_joules", .number(storedEnergy)),
                ("switching_factor", .number(switchingFactor)),
                ("method", .string("backward Euler, each step by block coordinate descent")),
            ])
        }
    }

    public init(layers: ResistiveLayers, capacitance: Double) {
        precondition(capacitance > 0 && capacitance.isFinite, "capacitance \(capacitance) F must be positive")
        self.layers = layers
        self.capacitance = capacitance
    }

    /// Settles sample `row` of `dataset` under the conductances `parameters`.
    public func measure(_ dataset: Dataset, row: Int, parameters: [Double]) -> Result {
        let solver = ResistiveLayersSolver(layers: layers, capacity: 1, tolerance: 1e-13, maxSweeps: 100_000)
        return parameters.withUnsafeBufferPointer { p in
            solver.prepare(parameters: p)
            solver.load(dataset, rows: [row])
            solver.reset()
            guard solver.relax(parameters: p).isSettled else {
                return Result(settlingTime: .nan, fastestTimeConstant: .nan, step: .nan, steps: 0, tolerance: .nan,
                              settled: false, transientHeat: .nan, equilibriumPower: .nan, storedEnergy: .nan)
            }
            let equilibrium = (1..<layers.layerCount).map { l in
                (0..<layers.nodeCounts[l]).map { solver.voltage(sample: 0, layer: l, node: $0) }
            }
            let equilibriumPower = solver.power(parameters: p, beta: 0).heat
            let storedEnergy = 0.5 * capacitance * solver.freeNodeSquareSum()
            let largest = equilibrium.joined().map(abs).max() ?? 0
            let tolerance = relativeTolerance * max(largest, 1e-12)
            let fastest = capacitance / ((1..<layers.layerCount).flatMap { l in
                (0..<layers.nodeCounts[l]).map { solver.diagonals[l][$0] }
            }.max() ?? 1)
            let h = fastest / stepsPerTimeConstant
            func distance() -> Double {
                var worst = 0.0
                for l in 1..<layers.layerCount {
                    for j in 0..<layers.nodeCounts[l] {
                        worst = max(worst, abs(solver.voltage(sample: 0, layer: l, node: j) - equilibrium[l - 1][j]))
                    }
                }
                return worst
            }
            solver.reset()
            var previousDistance = distance()
            var previousPower = solver.power(parameters: p, beta: 0).heat, heat = 0.0
            for step in 1...maxSteps {
                solver.saveState()
                solver.relax(parameters: p, inertia: capacitance / h)
                let now = distance()
                let power = solver.power(parameters: p, beta: 0).heat
                if now <= tolerance {
                    // d(t) = d₀ e^{−(t − t₀)/τ} across the step: the crossing of the tolerance.
                    let fraction = min(max(previousDistance > now && now > 0
                        ? log(previousDistance / tolerance) / log(previousDistance / now) : 1, 0), 1)
                    heat += fraction * h * (previousPower + power) / 2
                    return Result(settlingTime: (Double(step - 1) + fraction) * h, fastestTimeConstant: fastest,
                                  step: h, steps: step, tolerance: tolerance, settled: true, transientHeat: heat,
                                  equilibriumPower: equilibriumPower, storedEnergy: storedEnergy)
                }
                heat += h * (previousPower + power) / 2
                previousDistance = now
                previousPower = power
            }
            return Result(settlingTime: .nan, fastestTimeConstant: fastest, step: h, steps: maxSteps,
                          tolerance: tolerance, settled: false, transientHeat: heat,
                          equilibriumPower: equilibriumPower, storedEnergy: storedEnergy)
        }
    }
}
