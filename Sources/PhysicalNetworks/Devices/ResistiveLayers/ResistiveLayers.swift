/// A deep resistive network (DRN) as a layered family of node voltages, for the fast
/// equilibrium of Scellier 2024 (S24f, "A fast algorithm to simulate nonlinear resistive
/// networks"): exact block coordinate descent over the layers, batched over samples with GEMMs
/// (`ResistiveLayersSolver`). It is the same circuit `DeepResistiveNetworkBuilder` expands into
/// a netlist (Kendall et al. 2020; docs/drn.md), described by its layers instead of its elements.
///
/// **Layers.** Layer 0 holds the clamped input nodes, interleaved `x₀, −x₀, x₁, −x₁, …`
/// (2 per feature); layers 1…L−1 the hidden nodes; layer L the outputs (2 per class,
/// `y_c⁺, y_c⁻`, with `differential` output; 1 per class otherwise). Conductance block `G_l`
/// (n_l × n_{l+1}, row-major) joins every node of layer l to every node of layer l+1.
///
/// **Amplifiers.** Layer l presents `a_l V` to the conductances of block l: `a_0 = 1` (input
/// sources), `a_l = A` for hidden layers with bidirectional amplifiers (VCVS gain A forward),
/// 1 without. The CCCS of gain 1/A returns 1/A of the current block l draws into the hidden
/// node. Kirchhoff's current law at node h of layer l (PHYSICS.md §2, with the amplifier):
///
///     Σ_i G_{l−1}[i,h] (V_h − a_{l−1} V_i) + (1/a_l) Σ_k G_l[h,k] (a_l V_h − V_k) + i_d(V_h) = 0
///     ⇔ D_h V_h + i_d(V_h) = c_h,
///     D_h = Σ_i G_{l−1}[i,h] + Σ_k G_l[h,k],   c_h = a_{l−1} (V_{l−1} G_{l−1})_h + (1/a_l) (V_{l+1} G_lᵀ)_h
///
/// with `i_d` the rectifier's current. Output nodes have no rectifier and no block above.
///
/// **Energy.** The equations are the stationarity conditions of the weighted energy
///
///     E_w = Σ_l w_l ½ Σ_ij G_l[i,j] (a_l V_i − V_j)² + Σ_{h ∈ layer l} w_{l−1} ∫ i_d,
///     w_0 = 1, w_l = w_{l−1} / a_l²                                                    [D]
///
/// (node equations of layer l scaled by w_{l−1}; with A = 1 it is the physical co-content,
/// half the dissipated power). E_w is convex and separable within a layer given its
/// neighbours, so minimizing it over one layer at a time, all nodes of the layer at once, is
/// exact block coordinate descent: hidden node `V_h ← clip(c_h / D_h, low, high)` with ideal
/// diodes (S24f's closed form with the diode projection), or the root of the monotone scalar
/// equation above with Shockley diodes.
///
/// **Local measurement and EP.** Each device measures `∂E_phys/∂G = ½ (a_l V_i − V_j)²`. With
/// the nudge current `β ∂C/∂V` at the outputs, EP's two-phase difference of block l estimates
/// the gradient of the cost times `w_{L−1}/w_l = Π_{m=l+1}^{L−1} 1/a_m²` [D]: exact for the last
/// block, 1/A² per amplifier stage above it (docs/drn.md measures this on the circuit).
/// `gainCompensation(block:)` is the inverse factor.
///
/// **Rectifier.** Every hidden node has the bidirectional rectifier: a diode from the node to
/// `biasHigh` and one from `biasLow` to the node. Ideal diodes clamp the node into
/// `[biasLow, biasHigh]`; Shockley diodes (ngspice's law, GMIN included) conduct
/// `i_d = j(V − biasHigh) − j(biasLow − V)`.
public struct ResistiveLayers: Sendable, Equatable {
    /// The diodes of the rectifiers.
    public enum Rectifier: Sendable, Equatable {
        /// Zero drop when on, no current when off: the node is clipped to [biasLow, biasHigh].
        case ideal
        /// The level-1 SPICE junction (series resistance zero).
        case shockley(ShockleyJunction)
    }

    /// Nodes per layer: 2·features, the hidden sizes, then 2·classes (or classes).
    public let nodeCounts: [Int]
    /// a_l, the gain layer l presents to block l (count L; a_0 = 1).
    public let gains: [Double]
    public let biasLow: Double
    public let biasHigh: Double
    public let rectifier: Rectifier
    /// Outputs as pairs `y_c⁺, y_c⁻` read as `V⁺ − V⁻` (else one node per class).
    public let differentialOutput: Bool
    /// Parameter index of G_l[0, 0] for each block l, plus one past the end.
    let blockOffsets: [Int]

    /// - Precondition: at least two layers of nodes, gains positive (one per layer but the
    ///   last), `biasLow < biasHigh`.
    public init(nodeCounts: [Int], gains: [Double], biasLow: Double, biasHigh: Double,
                rectifier: Rectifier, differentialOutput: Bool) {
        precondition(nodeCounts.count >= 2 && nodeCounts.allSatisfy { $0 > 0 },
                     "a resistive network needs at least two non-empty layers, got \(nodeCounts)")
        precondition(gains.count == nodeCounts.count - 1 && gains.allSatisfy { $0 > 0 && $0.isFinite },
                     "one positive gain per layer below the outputs, got \(gains)")
        precondition(biasLow < biasHigh, "rectifier bias low \(biasLow) must be below high \(biasHigh)")
        precondition(!differentialOutput || nodeCounts[nodeCounts.count - 1] % 2 == 0,
                     "differential outputs come in pairs, got \(nodeCounts[nodeCounts.count - 1]) nodes")
        self.nodeCounts = nodeCounts
        self.gains = gains
        self.biasLow = biasLow
        self.biasHigh = biasHigh
        self.rectifier = rectifier
        self.differentialOutput = differentialOutput
        var offsets = [0]
        for l in 0..<(nodeCounts.count - 1) { offsets.append(offsets[l] + nodeCounts[l] * nodeCounts[l + 1]) }
        blockOffsets = offsets
    }

    /// The network of a `.drn` description: input pairs, hidden layers, output encoding, gain
    /// on every hidden layer, the rectifier's biases and diode (`diode = ideal` or Shockley).
    /// - Throws: `NetlistError` at the description when its diodes have a series resistance
    ///   (an internal node per diode, which the layered solver does not model).
    public init(_ description: DeepResistiveNetworkDescription) throws(NetlistError) {
        if let wire = description.wireResistance {
            throw NetlistError("the layered solver has ideal wires, but the network has wire_resistance = \(wire) Ω: "
                               + "expand the circuit ('nudge export-spice FILE.drn --output net.cir') and use the netlist",
                               at: description.location)
        }
        let sizes = description.layers
        var counts = [2 * sizes[0]] + sizes.dropFirst().dropLast()
        counts.append(description.output == .differential ? 2 * sizes[sizes.count - 1] : sizes[sizes.count - 1])
        let rectifier: Rectifier
        if description.idealDiodes {
            rectifier = .ideal
        } else {
            guard description.diodeSeriesResistance == 0 else {
                throw NetlistError("the layered solver models diodes without series resistance (RS = 0), got RS = \(description.diodeSeriesResistance)",
                                   at: description.location)
            }
            rectifier = .shockley(ShockleyJunction(saturationCurrent: description.diodeSaturationCurrent,
                                                   emissionCoefficient: description.diodeEmissionCoefficient))
        }
        let gains = [1.0] + [Double](repeating: description.gain ?? 1, count: sizes.count - 2)
        self.init(nodeCounts: counts, gains: gains, biasLow: description.biasLow, biasHigh: description.biasHigh,
                  rectifier: rectifier, differentialOutput: description.output == .differential)
    }

    /// L + 1, the number of layers (input and output included).
    public var layerCount: Int { nodeCounts.count }
    /// The number of conductance blocks, L.
    public var blockCount: Int { nodeCounts.count - 1 }
    /// Input features (pairs in layer 0).
    public var featureCount: Int { nodeCounts[0] / 2 }
    /// Classes read out.
    public var classCount: Int { differentialOutput ? nodeCounts[layerCount - 1] / 2 : nodeCounts[layerCount - 1] }
    /// Σ n_l n_{l+1}: one conductance per device.
    public var parameterCount: Int { blockOffsets[blockCount] }

    /// The parameter range of block l (row-major n_l × n_{l+1}).
    public func blockParameters(_ l: Int) -> Range<Int> { blockOffsets[l]..<blockOffsets[l + 1] }

    /// The energy weight w_l of block l (see the type).
    public func energyWeight(block l: Int) -> Double {
        gains[1..<(l + 1)].reduce(1.0) { w, a in w / (a * a) }
    }

    /// `w_l / w_{L−1}`: multiply EP's two-phase estimate for block l by this to get the
    /// gradient (1 without amplifiers and for the last block).
    public func gainCompensation(block l: Int) -> Double {
        energyWeight(block: l) / energyWeight(block: blockCount - 1)
    }

    /// The conductances a `.drn` description's circuit starts from: the same draw, in the same
    /// order, as `DeepResistiveNetworkBuilder` (block by block, row-major).
    public static func initialConductances(_ description: DeepResistiveNetworkDescription, count: Int) -> [Double] {
        var generator = Xoshiro256StarStar(seed: description.seed)
        let range = description.initialConductances
        return (0..<count).map { _ in
            range.lowerBound == range.upperBound
                ? range.lowerBound : generator.nextDouble(in: range.lowerBound..<range.upperBound)
        }
    }
}
