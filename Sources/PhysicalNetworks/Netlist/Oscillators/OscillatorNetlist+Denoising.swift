import Foundation

extension OscillatorNetlist {
    /// A denoising task for a convolutional oscillator lattice (issue 6's lattice task): smooth
    /// phase patterns on a periodic L1 × L2 torus, seen through Gaussian phase noise, to be
    /// restored by a lattice whose translation-invariant kernel K(r) is learned.
    ///
    /// **Network.** An input layer `x` of L1·L2 clamped oscillators holds the noisy pattern ψ;
    /// `pair f x s FIELD` ties each lattice site to its input, the field `−h cos(φ_i − ψ_i)`
    /// (h = `field`); the periodic lattice `s` (L1 × L2) couples the sites through K(r), every
    /// entry within `radius` (Euclidean, lattice spacings) trainable and all starting at 0 (the
    /// output is then the noisy input itself); the rest stay 0, but the torques and the
    /// measurements are FFT convolutions over the whole lattice all the same. Its
    /// equilibrium is a nonlinear smoothing filter, `h sin(φ_i − ψ_i) + Σ_r K̃(r) sin(φ_i − φ_{i+r}) = 0`;
    /// the targets are the clean phases, the cost `Σ (1 − cos(φ − τ))`.
    ///
    /// **Patterns.** θ(r) = Σ_{m=1}^{3} a_m sin(2π (k_m · r / L) + χ_m) with integer wave
    /// vectors |k_m|∞ ≤ 3 (not 0; periodic on the torus), amplitudes a_m ∈ [0.3, 0.6) and phases χ_m
    /// uniform; the noisy input is θ + σ n with n standard normal (Box–Muller), per site and
    /// sample. Everything is drawn from `Xoshiro256StarStar(seed:)`.
    ///
    /// - Returns: the netlist (file name `file`) and the dataset: features `x_k` (noisy, rad),
    ///   targets `s_I_J` (clean, rad), `samples` rows.
    public static func denoisingTask(rows: Int, columns: Int, samples: Int, noise: Double, field: Double = 1,
                                     radius: Double = 2, seed: UInt64, file: String)
        -> (netlist: OscillatorNetlist, dataset: Dataset) {
        precondition(rows >= 2 && columns >= 2 && samples >= 1 && noise >= 0 && field > 0 && radius >= 1,
                     "a denoising task needs sides ≥ 2, samples ≥ 1, noise ≥ 0, a positive field and a radius ≥ 1")
        let count = rows * columns
        var netlist = OscillatorNetlist(
            file: file,
            title: "denoising: \(rows) × \(columns) periodic phase lattice, learned kernel, noise \(noise) rad, seed \(seed)",
            layers: [Layer(name: "x", count: count, isInput: true)],
            lattices: [Lattice(name: "s", rows: rows, columns: columns, boundary: .periodic, strength: 0, radius: 1)],
            elements: [.pair(name: "f", layerA: "x", layerB: "s", weight: field)])
        netlist.roles.inputs = (1...count).map { memberName("x", $0) }
        netlist.roles.outputs = (1...rows).flatMap { i in (1...columns).map { siteName("s", i, $0) } }
        let lattice = netlist.lattices[0]
        let grid = kernelGrid(lattice)
        netlist.roles.trainable = (0..<(grid.rows * grid.columns)).compactMap { index in
            let (d1, d2) = kernelDisplacement(index, kernelRows: grid.rows, kernelColumns: grid.columns)
            let distance = Double(d1 * d1 + d2 * d2).squareRoot()
            return distance > 0 && distance <= radius * (1 + 1e-12) ? "s.k_\(d1)_\(d2)" : nil
        }

        var generator = Xoshiro256StarStar(seed: seed)
        var features: [Double] = [], targets: [Double] = []
        features.reserveCapacity(samples * count)
        targets.reserveCapacity(samples * count)
        for _ in 0..<samples {
            let clean = smoothPattern(rows: rows, columns: columns, using: &generator)
            targets += clean
            features += clean.map { $0 + noise * generator.nextStandardNormal() }
        }
        let dataset = Dataset(featureNames: netlist.roles.inputs, targetNames: netlist.roles.outputs,
                              features: features, targets: targets)
        return (netlist, dataset)
    }

    /// One pattern θ(r) of three random plane waves (see `denoisingTask`), row-major.
    static func smoothPattern(rows: Int, columns: Int, using generator: inout Xoshiro256StarStar) -> [Double] {
        var pattern = [Double](repeating: 0, count: rows * columns)
        for _ in 0..<3 {
            var k1 = 0, k2 = 0
            while k1 == 0 && k2 == 0 {
                k1 = Int(generator.next() % 7) - 3
                k2 = Int(generator.next() % 7) - 3
            }
            let amplitude = generator.nextDouble(in: 0.3..<0.6)
            let shift = generator.nextDouble(in: 0..<(2 * Double.pi))
            for i in 0..<rows {
                for j in 0..<columns {
                    let argument = 2 * Double.pi * (Double(k1 * i) / Double(rows) + Double(k2 * j) / Double(columns)) + shift
                    pattern[i * columns + j] += amplitude * sin(argument)
                }
            }
        }
        return pattern
    }
}
