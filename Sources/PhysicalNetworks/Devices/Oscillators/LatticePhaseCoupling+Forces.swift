import Foundation

extension LatticePhaseCoupling {
    /// Adds `F_i = s_i Re G_i − c_i Im G_i` (G = K̃ ⊛ z) for every batch member.
    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        checkFits(width: states.columns, parameters: parameters.count)
        withScratch { scratch in
            transformKernel(parameters, scratch)
            for b in 0..<states.rows {
                fillPhasors(states.base + b * states.columns, scratch)
                convolve(scratch)
                let out = residual.base + b * residual.columns + offset
                for k in 0..<siteCount {
                    let c = cell(k)
                    out[k] += scratch.z[2 * c + 1] * scratch.g[2 * c] - scratch.z[2 * c] * scratch.g[2 * c + 1]
                }
            }
        }
    }

    /// Adds `E = −½ Σ_i Re(z̄_i G_i)` of every batch member.
    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: parameters.count)
        withScratch { scratch in
            transformKernel(parameters, scratch)
            for b in 0..<states.rows {
                fillPhasors(states.base + b * states.columns, scratch)
                convolve(scratch)
                var sum = 0.0
                for k in 0..<gridCount {  // z = 0 off the lattice
                    sum += scratch.z[2 * k] * scratch.g[2 * k] + scratch.z[2 * k + 1] * scratch.g[2 * k + 1]
                }
                energies[b] -= 0.5 * sum
            }
        }
    }

    /// Adds `∂E/∂K(r) = −½ A(r)`, A = Re IFFT(|FFT z|²)/M the autocorrelation (zero-padded when
    /// open, so A(r) sums only the pairs inside the lattice), summed over the batch (0 for r = 0).
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: gradient.count)
        let m = gridCount
        withScratch { scratch in
            for b in 0..<states.rows {
                fillPhasors(states.base + b * states.columns, scratch)
                fourier(scratch.z, backward: false, scratch)
                for q in 0..<m {
                    let re = scratch.z[2 * q], im = scratch.z[2 * q + 1]
                    scratch.g[2 * q] = re * re + im * im
                    scratch.g[2 * q + 1] = 0
                }
                fourier(scratch.g, backward: true, scratch)
                let factor = -0.5 / Double(m)
                for r in 1..<m { gradient[kernelOffset + r] += factor * scratch.g[2 * r] }
            }
        }
    }

    /// Adds `λᵀ ∂F/∂K(r) = ½[P(r) + P(−r)]` (r ≠ 0), with
    /// `P(r) = Σ_k λ_k sin(φ_k − φ_{k+r}) = −Im Σ_k ū_k z_{k+r}`, u = λ z, by one cross-correlation.
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: state.count, parameters: gradient.count)
        let m = gridCount
        withScratch { scratch in
            fillPhasors(state.baseAddress!, scratch)
            if boundary == .open {
                for k in 0..<(2 * m) { scratch.g[k] = 0 }
            }
            for k in 0..<siteCount {
                let lambda = adjoint[offset + k], c = cell(k)
                scratch.g[2 * c] = lambda * scratch.z[2 * c]
                scratch.g[2 * c + 1] = lambda * scratch.z[2 * c + 1]
            }
            fourier(scratch.z, backward: false, scratch)
            fourier(scratch.g, backward: false, scratch)
            for q in 0..<m {  // conj(U) Z
                let ur = scratch.g[2 * q], ui = scratch.g[2 * q + 1]
                let zr = scratch.z[2 * q], zi = scratch.z[2 * q + 1]
                scratch.g[2 * q] = ur * zr + ui * zi
                scratch.g[2 * q + 1] = ur * zi - ui * zr
            }
            fourier(scratch.g, backward: true, scratch)
            let factor = -0.5 / Double(m)
            for r in 1..<m {
                gradient[kernelOffset + r] += factor * (scratch.g[2 * r + 1] + scratch.g[2 * opposite(r) + 1])
            }
        }
    }
}
