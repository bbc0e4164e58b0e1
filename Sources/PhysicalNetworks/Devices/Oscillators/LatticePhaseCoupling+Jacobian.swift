import Foundation

extension LatticePhaseCoupling {
    /// `.dense`: all (i, j) among the lattice's unknowns, row-major; `.diagonal`: (i, i).
    public func jacobianEntries() -> [MatrixEntry] {
        let n = siteCount
        switch jacobian {
        case .dense:
            var entries: [MatrixEntry] = []
            entries.reserveCapacity(n * n)
            for i in 0..<n {
                for j in 0..<n { entries.append(MatrixEntry(row: offset + i, column: offset + j)) }
            }
            return entries
        case .diagonal:
            return (0..<n).map { MatrixEntry(row: offset + $0, column: offset + $0) }
        }
    }

    /// Off-diagonal `−K̃(r_j − r_i) cos(φ_i − φ_j)` (`.dense` only, O(N²)); diagonal
    /// `Re(z̄_i G_i) = Σ_{j≠i} K̃ cos(φ_i − φ_j)`, by FFT.
    public func addJacobian(
        _ state: UnsafeBufferPointer<Double>, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>, slots: UnsafeBufferPointer<Int>
    ) {
        checkFits(width: state.count, parameters: parameters.count)
        let n = siteCount
        withScratch { scratch in
            prepareKernel(parameters, scratch)
            fillPhasors(state.baseAddress!, into: scratch.z)
            convolve(scratch)
            let z = scratch.z, g = scratch.g
            switch jacobian {
            case .diagonal:
                for i in 0..<n {
                    let c = cell(i)
                    values[slots[i]] += z[2 * c] * g[2 * c] + z[2 * c + 1] * g[2 * c + 1]
                }
            case .dense:
                let kernel = parameters.baseAddress! + kernelOffset
                for i in 0..<n {
                    let ci = cell(i)
                    for j in 0..<n {
                        let value: Double
                        let cj = cell(j)
                        if i == j {
                            value = z[2 * ci] * g[2 * ci] + z[2 * ci + 1] * g[2 * ci + 1]
                        } else {
                            let r = displacement(from: i, to: j)
                            let even = 0.5 * (kernel[r] + kernel[opposite(r)])
                            value = -even * (z[2 * ci] * z[2 * cj] + z[2 * ci + 1] * z[2 * cj + 1])
                        }
                        values[slots[i * n + j]] += value
                    }
                }
            }
        }
    }
}
