/// Sensors that read the distance between two nodes of a mechanical network into an unknown of
/// their own, so that a pair distance can be an output (the controller's costs act on unknowns):
///
///     E = Σ_s (K/2)(d_s − r_s)²,   r_s = |x_a − x_b|,   u = (x_a − x_b)/r_s
///     F_{d_s} = K(d_s − r_s),   F_a = −K(d_s − r_s) u = −F_b
///
/// Without a nudge the sensor carries no force (d_s = r_s exactly at equilibrium), so the free
/// state, the loss and the exact gradient are untouched. A nudge `β(d_s − y)` on the sensor
/// reaches the nodes through the coupling K: minimizing over d gives the pair the force of
/// `(Kβ/(K + β)) ½ (r − y)²`, i.e. EP on the distance with β replaced by `β/(1 + β/K)` — a
/// relative difference of β/K, 1e-9 for K = 1e6 N/m and β = 1e-3 N/m [D].
///
/// The sensor unknown has no mass (an algebraic row, like a voltage-source branch), and K is
/// the parameter at `couplingOffset + s`.
public struct DistanceSensors: Interaction {
    public struct Sensor: Sendable, Equatable {
        /// Endpoint unknown indices (−1: pinned at the anchor) and the sensor's own unknown.
        public var a: Int
        public var b: Int
        public var reading: Int
        public var anchorA: SIMD3<Double>
        public var anchorB: SIMD3<Double>

        public init(a: Int, b: Int, reading: Int, anchorA: SIMD3<Double> = .zero, anchorB: SIMD3<Double> = .zero) {
            self.a = a
            self.b = b
            self.reading = reading
            self.anchorA = anchorA
            self.anchorB = anchorB
        }
    }

    public let dimension: Int
    public let sensors: [Sensor]
    public let couplingOffset: Int

    public init(dimension: Int, sensors: [Sensor], couplingOffset: Int) {
        precondition(dimension == 2 || dimension == 3, "sensors live in 2 or 3 dimensions, got \(dimension)")
        precondition(sensors.allSatisfy { $0.reading >= 0 && $0.a >= -1 && $0.b >= -1 }, "every sensor needs its own unknown")
        self.dimension = dimension
        self.sensors = sensors
        self.couplingOffset = couplingOffset
    }

    public var familyName: String { "distance sensors" }
    public var isReciprocal: Bool { true }
    /// Potential energy: what the relaxation takes from it is heat in the drags (energy ledger).
    public var storesEnergy: Bool { true }
    public var isLinear: Bool { false }

    /// (r, u, d − r, K) of sensor s; u = 0 when the endpoints coincide.
    @inline(__always)
    func geometry(_ s: Int, _ row: UnsafePointer<Double>, _ parameters: UnsafeBufferPointer<Double>)
        -> (r: Double, u: SIMD3<Double>, mismatch: Double, k: Double) {
        let sensor = sensors[s]
        let (r, u) = Endpoint.separation(sensor.a, sensor.anchorA, sensor.b, sensor.anchorB, dimension: dimension, in: row)
        return (r, u, row[sensor.reading] - r, parameters[couplingOffset + s])
    }

    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns, out = residual.base + b * residual.columns
            for (s, sensor) in sensors.enumerated() {
                let g = geometry(s, row, parameters)
                let tension = g.k * g.mismatch
                out[sensor.reading] += tension
                for c in 0..<dimension {
                    if sensor.a >= 0 { out[sensor.a + c] -= tension * g.u[c] }
                    if sensor.b >= 0 { out[sensor.b + c] += tension * g.u[c] }
                }
            }
        }
    }

    /// Per sensor: (d, d); (d, a), (d, b) rows; (a, d), (b, d); then the d×d blocks (a,a),
    /// (a,b), (b,a), (b,b); pinned endpoints skipped.
    public func jacobianEntries() -> [MatrixEntry] {
        var entries: [MatrixEntry] = []
        for sensor in sensors {
            entries.append(MatrixEntry(row: sensor.reading, column: sensor.reading))
            for p in [sensor.a, sensor.b] where p >= 0 {
                for c in 0..<dimension {
                    entries.append(MatrixEntry(row: sensor.reading, column: p + c))
                    entries.append(MatrixEntry(row: p + c, column: sensor.reading))
                }
            }
            Endpoint.declarePairBlocks(sensor.a, sensor.b, dimension: dimension, into: &entries)
        }
        return entries
    }

    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        var cursor = 0
        for (s, sensor) in sensors.enumerated() {
            let g = geometry(s, state.baseAddress!, parameters)
            values[slots[cursor]] += g.k
            cursor += 1
            // ∂F_d/∂x_a = −K uᵀ (and +K uᵀ for b); ∂F_a/∂d = −K u (b: +K u).
            func coupling(_ p: Int, _ sign: Double) {
                guard p >= 0 else { return }
                for c in 0..<dimension {
                    values[slots[cursor]] += sign * g.k * g.u[c]
                    values[slots[cursor + 1]] += sign * g.k * g.u[c]
                    cursor += 2
                }
            }
            coupling(sensor.a, -1)
            coupling(sensor.b, 1)
            // ∂F_a/∂x_a = K [u uᵀ − ((d − r)/r)(I − u uᵀ)] = K (1 + (d − r)/r) u uᵀ − K ((d − r)/r) I;
            // zero-length pairs contribute nothing.
            let curvature = g.r > 0 ? g.mismatch / g.r : 0
            Endpoint.addPairBlocks(sensor.a, sensor.b, along: g.u, alpha: g.k * (1 + curvature), gamma: -g.k * curvature,
                                   dimension: dimension, values: values, slots: slots, cursor: &cursor)
        }
    }

    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for s in sensors.indices {
                let g = geometry(s, row, parameters)
                energies[b] += 0.5 * g.k * g.mismatch * g.mismatch
            }
        }
    }

    /// Adds `∂E/∂K_s = ½(d − r)²`, summed over the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for b in 0..<states.rows {
            let row = states.base + b * states.columns
            for s in sensors.indices {
                let g = geometry(s, row, parameters)
                gradient[couplingOffset + s] += 0.5 * g.mismatch * g.mismatch
            }
        }
    }

    /// Adds `λᵀ ∂F/∂K_s = (d − r)(λ_d − uᵀ(λ_a − λ_b))`.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        for (s, sensor) in sensors.enumerated() {
            let g = geometry(s, state.baseAddress!, parameters)
            let lambda = Endpoint.position(sensor.a, anchor: .zero, dimension: dimension, in: adjoint.baseAddress!)
                - Endpoint.position(sensor.b, anchor: .zero, dimension: dimension, in: adjoint.baseAddress!)
            gradient[couplingOffset + s] += g.mismatch * (adjoint[sensor.reading] - (g.u * lambda).sum())
        }
    }
}
