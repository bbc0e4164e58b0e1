import Foundation

extension LatticePhaseCoupling {
    /// Adds `F_i = s_i Re G_i − c_i Im G_i` (G = K̃ ⊛ z) for every batch member.
    public func addResidual(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into residual: MutableStateBatch
    ) {
        checkFits(width: states.columns, parameters: parameters.count)
        withScratch { scratch in
            prepareKernel(parameters, scratch)
            for b in 0..<states.rows {
                fillPhasors(states.base + b * states.columns, into: scratch.z)
                convolve(scratch)
                let out = residual.base + b * residual.columns + offset
                for k in 0..<siteCount {
                    let c = cell(k)
                    out[k] += scratch.z[2 * c + 1] * scratch.g[2 * c] - scratch.z[2 * c] * scratch.g[2 * c + 1]
                }
            }
        }
    }

    /// Adds `E = −½ Σ_i Re(z̄_i G_i) = −½ Σ_q K̂_q |Z_q|² / M` (Parseval: one forward transform
    /// per state, none back) of every batch member, two states per batched transform.
    public func addEnergy(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into energies: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: parameters.count)
        let m = gridCount, factor = -0.5 / Double(m)
        withScratch { scratch in
            prepareKernel(parameters, scratch)
            let z = scratch.z, g = scratch.g, kernelHat = scratch.kernelHat
            var b = 0
            while b < states.rows {
                fillPhasors(states.base + b * states.columns, into: z)
                if b + 1 < states.rows {
                    fillPhasors(states.base + (b + 1) * states.columns, into: g)
                    transform.forwardPair(z, block: scratch.block)  // Z into z, and the next state's into g
                    var first = 0.0, second = 0.0
                    for q in 0..<m {
                        first += kernelHat[q] * (z[2 * q] * z[2 * q] + z[2 * q + 1] * z[2 * q + 1])
                        second += kernelHat[q] * (g[2 * q] * g[2 * q] + g[2 * q + 1] * g[2 * q + 1])
                    }
                    energies[b] += factor * first
                    energies[b + 1] += factor * second
                    b += 2
                } else {
                    transform.forward(z, into: g, block: scratch.block)
                    var sum = 0.0
                    for q in 0..<m { sum += kernelHat[q] * (g[2 * q] * g[2 * q] + g[2 * q + 1] * g[2 * q + 1]) }
                    energies[b] += factor * sum
                    b += 1
                }
            }
        }
    }

    /// Adds `∂E/∂K(r) = −½ A(r)` summed over the batch, A = Re IFFT(Σ_b |FFT z_b|²)/M the
    /// autocorrelation (zero-padded when open, so A(r) sums only the pairs inside the lattice;
    /// 0 for r = 0): two states per batched forward transform, one backward for the batch.
    public func addParameterGradient(
        _ states: StateBatch, drive: Drive, parameters: UnsafeBufferPointer<Double>,
        into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: states.columns, parameters: gradient.count)
        guard states.rows > 0 else { return }
        let m = gridCount
        withScratch { scratch in
            let z = scratch.z, g = scratch.g, power = scratch.sum
            for k in 0..<(2 * m) { power[k] = 0 }
            var b = 0
            while b < states.rows {
                fillPhasors(states.base + b * states.columns, into: z)
                if b + 1 < states.rows {
                    fillPhasors(states.base + (b + 1) * states.columns, into: g)
                    transform.forwardPair(z, block: scratch.block)
                    for q in 0..<m {
                        power[2 * q] += z[2 * q] * z[2 * q] + z[2 * q + 1] * z[2 * q + 1]
                            + g[2 * q] * g[2 * q] + g[2 * q + 1] * g[2 * q + 1]
                    }
                    b += 2
                } else {
                    transform.forward(z, into: g, block: scratch.block)
                    for q in 0..<m { power[2 * q] += g[2 * q] * g[2 * q] + g[2 * q + 1] * g[2 * q + 1] }
                    b += 1
                }
            }
            transform.backward(power, block: scratch.block)
            let factor = -0.5 / Double(m)
            forEachKernelEntry { r, p in gradient[kernelOffset + r] += factor * power[2 * p] }
        }
    }

    /// Adds `λᵀ ∂F/∂K(r) = ½[P(r) + P(−r)]` (r ≠ 0), with
    /// `P(r) = Σ_k λ_k sin(φ_k − φ_{k+r}) = −Im Σ_k ū_k z_{k+r}`, u = λ z, by one cross-correlation
    /// (z and u transformed together by the batched plan).
    public func addParameterJacobianProduct(
        _ state: UnsafeBufferPointer<Double>, adjoint: UnsafeBufferPointer<Double>, drive: Drive,
        parameters: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        checkFits(width: state.count, parameters: gradient.count)
        let m = gridCount
        withScratch { scratch in
            fillPhasors(state.baseAddress!, into: scratch.z)
            if boundary == .open {
                for k in 0..<(2 * m) { scratch.g[k] = 0 }
            }
            for k in 0..<siteCount {
                let lambda = adjoint[offset + k], c = cell(k)
                scratch.g[2 * c] = lambda * scratch.z[2 * c]
                scratch.g[2 * c + 1] = lambda * scratch.z[2 * c + 1]
            }
            transform.forwardPair(scratch.z, block: scratch.block)  // Z and U
            for q in 0..<m {  // conj(U) Z
                let ur = scratch.g[2 * q], ui = scratch.g[2 * q + 1]
                let zr = scratch.z[2 * q], zi = scratch.z[2 * q + 1]
                scratch.g[2 * q] = ur * zr + ui * zi
                scratch.g[2 * q + 1] = ur * zi - ui * zr
            }
            transform.backward(scratch.g, block: scratch.block)
            let factor = -0.5 / Double(m)
            forEachKernelEntry { r, p in
                gradient[kernelOffset + r] += factor * (scratch.g[2 * p + 1] + scratch.g[2 * oppositeCell(p) + 1])
            }
        }
    }
}
