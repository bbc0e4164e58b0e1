/// Johnson–Nyquist noise of a crossbar: every crosspoint is a resistor, so each G_ij carries
/// its own source `√(2kT G_ij) ξ_ij` from row node i to column node j (two-sided density
/// 2kT·G_ij, one-sided 4kT·G_ij) — m·k independent sources whose summed covariance is 2kT times
/// the block's conductance Laplacian, the fluctuation–dissipation theorem (`NoiseModel`).
extension Crossbar {
    public func noiseSourceCount(_ model: NoiseModel) -> Int { model == .johnson ? conductanceCount : 0 }

    public func addNoise(_ model: NoiseModel, temperature: Double, normals: UnsafeBufferPointer<Double>,
                         parameters: UnsafeBufferPointer<Double>, into force: UnsafeMutableBufferPointer<Double>) {
        guard model == .johnson else { return }
        let k = columnNodes.count
        for (i, row) in rowNodes.enumerated() {
            for (j, column) in columnNodes.enumerated() {
                let conductance = max(parameters[parameterIndex(row: i, column: j)], 0)
                addAcross((2 * temperature * conductance).squareRoot() * normals[i * k + j], row, column, into: force)
            }
        }
    }
}
