/// Dense copies of a network's matrices, for small networks and closed-form references (the
/// Gaussian expansion of thermal EP, `EquilibriumPropagation+Gaussian.swift`).
extension NetworkEquations {
    /// J = ∂F/∂x at `state`, row-major n × n.
    public func denseJacobian(at state: [Double], drive: Drive = .dc) -> [Double] {
        state.withUnsafeBufferPointer { evaluateJacobian($0, drive: drive) }
        return dense(Array(jacobianValues))
    }

    /// M, row-major n × n.
    public var denseMass: [Double] { dense(massValues) }

    /// `B Bᵀ`, row-major n × n, with B the noise forces of every family under `model` at
    /// temperature T (columns: one per source, `addNoise` with a unit normal) and the
    /// `extra` grounded sources: `2T D`, the covariance rate of the noise force.
    public func noiseForceCovariance(_ model: NoiseModel, temperature: Double,
                                     extra: [LangevinDynamics.GroundedSource] = []) -> [Double] {
        let n = dimension
        var covariance = [Double](repeating: 0, count: n * n)
        func accumulate(_ column: [Double]) {
            for i in 0..<n where column[i] != 0 {
                for j in 0..<n { covariance[i * n + j] += column[i] * column[j] }
            }
        }
        for family in network.interactions {
            let count = family.noiseSourceCount(model)
            for k in 0..<count {
                var unit = [Double](repeating: 0, count: count)
                unit[k] = 1
                var column = [Double](repeating: 0, count: n)
                unit.withUnsafeBufferPointer { xi in
                    column.withUnsafeMutableBufferPointer {
                        family.addNoise(model, temperature: temperature, normals: xi,
                                        parameters: UnsafeBufferPointer(parameters), into: $0)
                    }
                }
                accumulate(column)
            }
        }
        for source in extra {
            var column = [Double](repeating: 0, count: n)
            column[source.unknown] = (2 * temperature * source.dissipation).squareRoot()
            accumulate(column)
        }
        return covariance
    }

    /// Values in `pattern` order as a row-major dense matrix.
    func dense(_ values: [Double]) -> [Double] {
        let n = dimension
        var matrix = [Double](repeating: 0, count: n * n)
        for column in 0..<n {
            for slot in Int(pattern.columnStarts[column])..<Int(pattern.columnStarts[column + 1]) {
                matrix[Int(pattern.rowIndices[slot]) * n + column] = values[slot]
            }
        }
        return matrix
    }
}
