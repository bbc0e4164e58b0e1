import PhysicalNetworks

/// A quantum model file made trainable on a dataset: the Hamiltonian (an `IsingModel` with its
/// spin cost, `SpinSquaredError` or `SpinProjectorCost`, or a `HarmonicNetwork`), which of its parameters the data sets (the
/// `*@ input` terms, one feature column each, in order), which it trains (`*@ train`, default
/// every term that is not an input) and the outputs whose targets are the data's target
/// columns (one per `*@ output` site, in order).
///
/// Units are the model file's: fields and couplings in energy units of the Hamiltonian, forces
/// and stiffnesses with ħ = 1.
public struct QuantumTrainingProblem {
    /// The physics of the model.
    public enum Physics {
        /// Spins in eigenstate `level` of an Ising/XXZ model, the file's cost (`*@ cost`).
        case spins(IsingModel, any QuantumCost, level: Int)
        /// Harmonic modes in their Gaussian ground state, cost ½Σ_o(x_o − y_o)².
        case modes(HarmonicNetwork)
    }

    public var physics: Physics
    /// The `*@ input` terms' names (file names), and their positions in the Hamiltonian's θ.
    public let inputNames: [String]
    public let inputIndices: [Int]
    /// The trainable terms' names (file names), and their positions in the Hamiltonian's θ.
    public let trainableNames: [String]
    public let trainableIndices: [Int]
    /// The `*@ output` sites' names.
    public let outputNames: [String]

    /// The problem a parsed model file describes.
    /// - Throws: `NetlistError` at the file's line and column when the model cannot be trained:
    ///   no outputs, no trainable terms, repeated operators (from the builders).
    public init(model: QuantumModel) throws(NetlistError) {
        let start = SourceLocation(file: model.file, line: 1, column: 1)
        guard !model.roles.outputs.isEmpty else {
            throw NetlistError("nothing to train on: name the output \(model.kind == .spins ? "spins" : "modes") with '*@ output SITE …'",
                               at: start)
        }
        let index: [String: Int]
        switch model.kind {
        case .spins:
            let (hamiltonian, parameterIndex) = try model.isingModel()
            physics = .spins(Self.ising(like: hamiltonian, parameters: hamiltonian.parameters),
                             model.spinCost(), level: model.roles.state)
            index = parameterIndex
        case .modes:
            let (network, parameterIndex) = try model.harmonicNetwork()
            physics = .modes(network)
            index = parameterIndex
        }
        inputNames = model.roles.inputs
        inputIndices = model.roles.inputs.compactMap { index[$0] }
        trainableNames = model.trainableNames
        trainableIndices = model.trainableNames.compactMap { index[$0] }
        outputNames = model.roles.outputs
        guard !trainableIndices.isEmpty else {
            throw NetlistError("no trainable terms: every term is an input ('*@ train TERM …' names them)", at: start)
        }
    }

    /// Whether the model is made of spins (else harmonic modes).
    public var isSpins: Bool {
        if case .spins = physics { return true }
        return false
    }

    /// The number of outputs (target columns).
    public var outputCount: Int { outputNames.count }

    /// The Hamiltonian's full parameter vector θ.
    public var allParameters: [Double] {
        switch physics {
        case .spins(let hamiltonian, _, _): return hamiltonian.parameters
        case .modes(let network): return network.parameters
        }
    }

    /// The trainable parameters' values, in the order of `trainableNames`.
    public var trainableValues: [Double] {
        get {
            let all = allParameters
            return trainableIndices.map { all[$0] }
        }
        set {
            precondition(newValue.count == trainableIndices.count,
                         "\(newValue.count) values for \(trainableIndices.count) trainable terms")
            setParameters(trainableIndices, to: newValue)
        }
    }

    /// Loads one sample: the input terms take the feature values, the outputs the targets.
    /// - Precondition: one feature per input and one target per output.
    public mutating func load(features: ArraySlice<Double>, targets: ArraySlice<Double>) {
        precondition(features.count == inputIndices.count && targets.count == outputCount,
                     "a sample of \(features.count) features and \(targets.count) targets for \(inputIndices.count) inputs and \(outputCount) outputs")
        setParameters(inputIndices, to: Array(features))
        switch physics {
        case .spins(let hamiltonian, var cost, let level):
            cost.targets = Array(targets)
            physics = .spins(hamiltonian, cost, level: level)
        case .modes(var network):
            for (k, y) in targets.enumerated() { network.outputs[k].target = y }
            physics = .modes(network)
        }
    }

    private mutating func setParameters(_ indices: [Int], to values: [Double]) {
        switch physics {
        case .spins(let hamiltonian, let cost, let level):
            var theta = hamiltonian.parameters
            for (k, value) in zip(indices, values) { theta[k] = value }
            physics = .spins(Self.ising(like: hamiltonian, parameters: theta), cost, level: level)
        case .modes(var network):
            var theta = network.parameters
            for (k, value) in zip(indices, values) { theta[k] = value }
            network.parameters = theta
            physics = .modes(network)
        }
    }

    /// The model of `model`'s graph with parameters θ, its diagonal built from scratch: a
    /// function of θ alone (incremental updates would carry the rounding of the samples seen
    /// before), so a resumed run repeats the uninterrupted one bit for bit.
    static func ising(like model: IsingModel, parameters theta: [Double]) -> IsingModel {
        let n = model.spinCount, e = model.exchangeBonds.count
        return IsingModel(spinCount: n, bonds: model.bonds, couplings: model.bonds.indices.map { theta[model.couplingIndex($0)] },
                          fields: (0..<n).map { theta[model.fieldIndex($0)] },
                          transverseFields: (0..<n).map { theta[model.transverseFieldIndex($0)] },
                          exchangeBonds: model.exchangeBonds, xCouplings: (0..<e).map { theta[model.xCouplingIndex($0)] },
                          yCouplings: (0..<e).map { theta[model.yCouplingIndex($0)] })
    }
}
