import PhysicalNetworks

/// The Hamiltonians a model file describes, with each file term's position in the
/// Hamiltonian's parameter vector (a file names its terms; the Hamiltonian numbers them).
extension QuantumModel {
    /// The spin model as an `IsingModel`; parameters the file does not name stay 0 and are not
    /// trainable.
    /// - Throws: a `NetlistError` when two terms act with the same operator on the same spins.
    public func isingModel() throws(NetlistError) -> (hamiltonian: IsingModel, parameterIndex: [String: Int]) {
        precondition(kind == .spins, "isingModel() of a model of \(kind.rawValue)")
        var zz: [IsingModel.Bond] = [], exchange: [IsingModel.Bond] = []
        for term in terms {
            switch term.kind {
            case .zz(let a, let b): if !zz.contains(.init(a, b)) { zz.append(.init(a, b)) }
            case .xx(let a, let b), .yy(let a, let b):
                if !exchange.contains(.init(a, b)) { exchange.append(.init(a, b)) }
            default: break
            }
        }
        var model = IsingModel(spinCount: sites.count, bonds: zz, couplings: zz.map { _ in 0 },
                               exchangeBonds: exchange, xCouplings: exchange.map { _ in 0 },
                               yCouplings: exchange.map { _ in 0 })
        var index: [String: Int] = [:]
        var owner: [Int: Term] = [:]
        for term in terms {
            let k: Int
            switch term.kind {
            case .zz(let a, let b): k = model.couplingIndex(zz.firstIndex(of: .init(a, b))!)
            case .xx(let a, let b): k = model.xCouplingIndex(exchange.firstIndex(of: .init(a, b))!)
            case .yy(let a, let b): k = model.yCouplingIndex(exchange.firstIndex(of: .init(a, b))!)
            case .field(let a): k = model.fieldIndex(a)
            case .transverse(let a): k = model.transverseFieldIndex(a)
            case .spring, .force: preconditionFailure("a mode term in a spin model")
            }
            if let earlier = owner[k] {
                throw NetlistError("'\(term.name)' repeats the operator of '\(earlier.name)' (\(earlier.location)); "
                                   + "give each operator one term", at: term.location)
            }
            owner[k] = term
            index[term.name] = k
            model.setParameter(k, to: term.value)
        }
        return (model, index)
    }

    /// The mode model as a `HarmonicNetwork` (ħ = 1), the outputs' targets 0 until set.
    /// - Throws: a `NetlistError` when two forces act on the same mode.
    public func harmonicNetwork() throws(NetlistError) -> (network: HarmonicNetwork, parameterIndex: [String: Int]) {
        precondition(kind == .modes, "harmonicNetwork() of a model of \(kind.rawValue)")
        var springs: [HarmonicSpring] = [], stiffnesses: [Double] = []
        var forces = [Double](repeating: 0, count: sites.count)
        var index: [String: Int] = [:]
        var forceOwner: [Int: Term] = [:]
        for term in terms {
            if case .spring(let a, let b) = term.kind {
                index[term.name] = springs.count
                springs.append(HarmonicSpring(a, b < 0 ? nil : b))
                stiffnesses.append(term.value)
            }
        }
        for term in terms {
            guard case .force(let a) = term.kind else { continue }
            if let earlier = forceOwner[a] {
                throw NetlistError("'\(term.name)' is a second force on mode '\(sites[a].name)' (first: '\(earlier.name)' at "
                                   + "\(earlier.location)); give each mode one force", at: term.location)
            }
            forceOwner[a] = term
            forces[a] = term.value
            index[term.name] = springs.count + a
        }
        let outputs = roles.outputs.compactMap { siteIndex($0) }.map { HarmonicOutput(node: $0, target: 0) }
        let network = HarmonicNetwork(masses: sites.map(\.mass), springs: springs, stiffnesses: stiffnesses,
                                      forces: forces, outputs: outputs)
        return (network, index)
    }
}
