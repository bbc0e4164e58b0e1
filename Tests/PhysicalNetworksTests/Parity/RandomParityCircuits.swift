import Foundation

/// The kinds of random network the parity tests generate (see `RandomCircuits`), each with
/// dozens of nodes, and the seeds they use. Fixed seeds keep failures reproducible: a failing
/// message names the kind and seed, and `RandomCircuits.circuit(seed:configuration:)` gives
/// back the netlist.
enum RandomParityCircuits {
    struct Kind: Sendable {
        let label: String
        let configuration: RandomCircuits.Configuration
    }

    /// A linear RC network, capacitance at every node (an ODE between the sources).
    static var linearRC: Kind {
        var configuration = RandomCircuits.Configuration()
        configuration.nodeCount = 30
        configuration.stimulus = .pulse
        return Kind(label: "linear RC", configuration: configuration)
    }

    /// Diodes without series resistance (IS = 1e-14 A, N = 1.5).
    static var diodes: Kind {
        var configuration = linearRC.configuration
        configuration.nodeCount = 24
        configuration.includesDiodes = true
        configuration.stimulus = .piecewiseLinear
        return Kind(label: "diodes", configuration: configuration)
    }

    /// Diodes with RS = 10 Ω (an internal node per diode).
    static var diodesWithSeriesResistance: Kind {
        var configuration = diodes.configuration
        configuration.nodeCount = 28
        configuration.diodeSeriesResistance = 10
        configuration.stimulus = .mixed
        return Kind(label: "diodes+RS", configuration: configuration)
    }

    /// Layers joined by VCVSs (E) and CCCSs (F), capacitance at every node.
    static var controlledSources: Kind {
        var configuration = linearRC.configuration
        configuration.nodeCount = 36
        configuration.includesControlledSources = true
        configuration.stimulus = .mixed
        return Kind(label: "E/F sources", configuration: configuration)
    }

    /// Half of the nodes without capacitance (a DAE), with diodes and controlled sources.
    static var differentialAlgebraic: Kind {
        var configuration = controlledSources.configuration
        configuration.nodeCount = 32
        configuration.includesDiodes = true
        configuration.capacitance = .someNodes(fraction: 0.5)
        return Kind(label: "DAE (half the nodes without C)", configuration: configuration)
    }

    /// No capacitor at all, with diodes (RS = 5 Ω) and controlled sources: purely algebraic.
    static var resistive: Kind {
        var configuration = differentialAlgebraic.configuration
        configuration.nodeCount = 40
        configuration.diodeSeriesResistance = 5
        configuration.capacitance = .none
        return Kind(label: "resistive (no C)", configuration: configuration)
    }

    /// Every kind, for DC checks.
    static var all: [Kind] {
        [linearRC, diodes, diodesWithSeriesResistance, controlledSources, differentialAlgebraic, resistive]
    }

    /// The kinds with dynamics, for transient checks.
    static var dynamic: [Kind] {
        [linearRC, diodes, diodesWithSeriesResistance, controlledSources, differentialAlgebraic]
    }

    /// The seeds of each kind.
    static let seeds: [UInt64] = [1, 2, 3, 4]

    /// The circuit of `kind` for `seed`, with `analyses` cards (which `ParityRun` replaces).
    static func circuit(_ kind: Kind, seed: UInt64) -> RandomCircuits.Circuit {
        RandomCircuits.circuit(seed: seed, configuration: kind.configuration)
    }
}
